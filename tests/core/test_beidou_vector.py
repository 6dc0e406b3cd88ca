"""Vectorised BeiDou encoding and the integer form: same codes as the scalar path, order and prefix ranges."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citytwin.core.codes.beidou import children, code_length, encode
from citytwin.core.codes.beidou_vector import (
    INT_LIMIT,
    code_to_int,
    encode_many,
    encode_many_int,
    int_range,
    int_to_code,
)
from citytwin.errors import InvalidCode, InvalidCoordinates


def near(value: float, limit: float) -> st.SearchStrategy[float]:
    """The float itself and its neighbours on either side, kept within +-limit."""
    return st.sampled_from(
        [
            v
            for v in (value, math.nextafter(value, -math.inf), math.nextafter(value, math.inf))
            if abs(v) <= limit
        ]
    )


def coordinate(limit: float, exclusive: bool) -> st.SearchStrategy[float]:
    bound = math.nextafter(limit, 0.0) if exclusive else limit
    dyadic = st.integers(-int(bound * 2**15), int(bound * 2**15)).map(lambda m: m / 2**15)
    return st.one_of(
        st.floats(-bound, bound, allow_nan=False),
        dyadic,  # m / 2**15 degrees is exactly 225 * m units: on a level-10 boundary, often a coarser one too
        dyadic.flatmap(lambda v: near(v, bound)),
        st.sampled_from([0.0, -0.0, bound, -bound, 1e-300, -1e-300]),
    )


LNG = coordinate(180.0, exclusive=False)
LAT = coordinate(88.0, exclusive=True)
POINTS = st.lists(st.tuples(LNG, LAT), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(points=POINTS, level=st.integers(1, 10))
def test_encode_many_matches_scalar(points: list[tuple[float, float]], level: int) -> None:
    lngs = np.array([p[0] for p in points])
    lats = np.array([p[1] for p in points])
    got = encode_many(lngs, lats, level)
    assert got.dtype == np.dtype(f"<U{code_length(level)}")
    assert got.tolist() == [encode(x, y, level) for x, y in points]


@settings(max_examples=150, deadline=None)
@given(points=POINTS)
def test_integer_form_matches_and_sorts_like_codes(points: list[tuple[float, float]]) -> None:
    lngs = np.array([p[0] for p in points])
    lats = np.array([p[1] for p in points])
    codes = [encode(x, y) for x, y in points]
    ints = encode_many_int(lngs, lats)
    assert ints.dtype == np.uint64
    assert [int(v) for v in ints] == [code_to_int(c) for c in codes]
    assert [int_to_code(int(v)) for v in ints] == codes
    assert sorted(codes) == [int_to_code(v) for v in sorted(int(v) for v in ints)]


@settings(max_examples=150, deadline=None)
@given(a=st.tuples(LNG, LAT), b=st.tuples(LNG, LAT), level=st.integers(1, 10))
def test_int_range_is_exactly_the_cell(a: tuple[float, float], b: tuple[float, float], level: int) -> None:
    cell = encode(*a, level)
    lo, hi = int_range(cell)
    for point in (a, b):
        code = encode(*point)
        assert (lo <= code_to_int(code) < hi) == code.startswith(cell)
    assert int_to_code(lo, level) == cell == int_to_code(hi - 1, level)


@pytest.mark.parametrize("level", range(1, 10))
def test_int_range_ends_are_the_first_and_last_descendants(level: int) -> None:
    cell = encode(-70.25, -33.45, level)
    first = last = cell
    while len(first) < 20:
        first, last = children(first)[0], children(last)[-1]
    assert int_range(cell) == (code_to_int(first), code_to_int(last) + 1)


def test_integer_form_fits_a_signed_64_bit_column() -> None:
    assert INT_LIMIT < 2**62
    assert int_to_code(0) == "N01A" + "0" * 16
    assert int_to_code(INT_LIMIT - 1) == "S60VB75E9EE377777777"


def test_shapes_are_kept() -> None:
    lngs = np.array([[114.05, -70.25], [151.2, 0.0]])
    lats = np.array([[22.55, -33.45], [-33.87, 0.0]])
    codes = encode_many(lngs, lats, 7)
    assert codes.shape == (2, 2) and codes.dtype == np.dtype("<U14")
    assert codes[1, 0] == encode(151.2, -33.87, 7)
    assert encode_many_int(lngs, lats).shape == (2, 2)
    assert encode_many(np.array([]), np.array([])).shape == (0,)


def test_large_batch_crosses_chunks() -> None:
    rng = np.random.default_rng(7)
    lngs = rng.uniform(-180, 180, 200_000)
    lats = rng.uniform(-87.9, 87.9, 200_000)
    codes = encode_many(lngs, lats)
    ints = encode_many_int(lngs, lats)
    for k in rng.integers(0, 200_000, 300):
        assert codes[k] == encode(lngs[k], lats[k])
        assert int(ints[k]) == code_to_int(str(codes[k]))


@pytest.mark.parametrize(
    ("lngs", "lats", "message"),
    [
        ([114.0, math.nan], [22.5, 22.5], "index 1 .*NaN"),
        ([114.0, 114.0, 181.0], [22.5, 22.5, 22.5], "index 2 .*longitude outside"),
        ([114.0], [-91.0], "latitude outside"),
        ([114.0, 114.0], [88.0, 89.0], "2 point.*index 0 .*polar cells are not supported"),
        ([114.0, 114.0], [22.5], "same shape"),
    ],
)
def test_bad_points(lngs: list[float], lats: list[float], message: str) -> None:
    with pytest.raises(InvalidCoordinates, match=message):
        encode_many(np.array(lngs), np.array(lats))
    with pytest.raises(InvalidCoordinates, match=message):
        encode_many_int(np.array(lngs), np.array(lats))


def test_bad_integer_forms() -> None:
    with pytest.raises(InvalidCode, match="level-10 code"):
        code_to_int("N50J47539B8")
    for value in (-1, INT_LIMIT, True, 1.5):
        with pytest.raises(InvalidCode, match="integer in"):
            int_to_code(value)  # type: ignore[arg-type]
    with pytest.raises(InvalidCode, match="level must be"):
        encode_many(np.array([1.0]), np.array([1.0]), 0)
