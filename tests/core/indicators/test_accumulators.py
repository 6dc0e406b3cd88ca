"""The running aggregates against plain recomputation: exact sums, extrema with ties, windows by eviction."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from citytwin.core.indicators.accumulators import (
    MISSING,
    ExactSum,
    Extremum,
    ExtremumWindow,
    SumWindow,
    ValueWindow,
    Window,
    percentile,
    sum_of,
)

FINITE = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300),
    st.sampled_from([0.1, 0.2, 0.3, -0.0, 5e-324, 2.2250738585072014e-308, 1e-310, 1e16, 1.0 + 2**-52]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.booleans(), FINITE), max_size=80))
def test_exact_sum_is_fsum_of_what_is_left_after_any_insertions_and_removals(
    ops: list[tuple[bool, float]],
) -> None:
    acc = ExactSum()
    held: list[float] = []
    for remove, value in ops:
        if remove and held:
            acc.replace(held.pop(int(abs(value)) % len(held)), MISSING)
        else:
            acc.replace(MISSING, value)
            held.append(value)
        assert acc.total() == math.fsum(held) and acc.count == len(held)
        assert sum_of(acc, avg=True) == (math.fsum(held) / len(held) if held else None)
        assert sum_of(acc, avg=False) == (math.fsum(held) if held else 0.0)


def test_exact_sum_survives_a_long_stream_that_float_arithmetic_would_drift_on() -> None:
    acc = ExactSum()
    drifting = 0.0
    for i in range(100_000):  # add 0.1, 1e16 and take them back: floats lose the 0.1s on the way
        acc.replace(MISSING, 0.1)
        acc.replace(MISSING, 1e16)
        acc.replace(1e16, MISSING)
        drifting += 0.1 + 1e16 - 1e16
        if i % 2:
            acc.replace(0.1, MISSING)
            drifting -= 0.1
    assert acc.total() == math.fsum([0.1] * 50_000)
    assert drifting != acc.total()  # what a running float sum would have reported


@settings(max_examples=300, deadline=None)
@given(
    st.booleans(),
    st.lists(
        st.tuples(
            st.integers(0, 9), st.one_of(st.none(), st.sampled_from([1.0, 2.0, 3.0, 3.0, -1.0]), FINITE)
        )
    ),
)
def test_extremum_follows_members_through_ties_and_departures(
    highest: bool, ops: list[tuple[int, Any]]
) -> None:
    acc = Extremum(highest)
    members: dict[int, Any] = {}
    for key, value in ops:
        old = members.get(key, MISSING)
        if value is not None and isinstance(value, float) and value == 3.0 and old is not MISSING:
            del members[key]  # leave
            acc.replace(old, MISSING)
        else:
            members[key] = value
            acc.replace(old, value)
        values = [v for v in members.values() if v is not None]
        best = acc.result(lambda: [v for v in members.values() if v is not None])
        assert best == ((max(values) if highest else min(values)) if values else None)


WINDOWS: list[Any] = [
    Window,
    SumWindow,
    lambda: ExtremumWindow(True),
    lambda: ExtremumWindow(False),
    ValueWindow,
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("add"), st.integers(0, 20), st.one_of(st.none(), FINITE)),
            st.tuples(st.just("evict"), st.integers(0, 25), st.none()),
        ),
        max_size=60,
    )
)
def test_windows_hold_what_front_eviction_leaves(ops: list[tuple[str, int, Any]]) -> None:
    windows = [make() for make in WINDOWS]
    samples: list[tuple[float, Any]] = []
    for op, epoch, value in ops:
        if op == "add":
            samples.append((float(epoch), value))
            for w in windows:
                w.add(float(epoch), value)
        else:
            evicted = bool(samples) and samples[0][0] < epoch
            while samples and samples[0][0] < epoch:
                samples.pop(0)
            assert all(w.evict(float(epoch)) == evicted for w in windows)
        values = [v for _, v in samples if v is not None]
        count, summed, high, low, kept = windows
        assert all(w.count == len(samples) for w in windows)
        assert sum_of(summed.acc, avg=False) == (math.fsum(values) if values else 0.0)
        assert high.result() == (max(values) if values else None)
        assert low.result() == (min(values) if values else None)
        assert kept.values() == values
        assert count.count == len(samples)


def test_percentile_interpolates_between_ranks_like_numpy() -> None:
    assert percentile([], 50) is None
    assert percentile([3.0, 1.0, 2.0, 4.0], 50) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 95) == 4.8
