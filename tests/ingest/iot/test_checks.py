"""Precompiled per-type checks give exactly what DeviceType.checked gives: values, reasons and details."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from citytwin.core.devices import DeviceType, ReadingProblem
from citytwin.ingest.iot.catalog import shipped_types
from citytwin.ingest.iot.checks import TypeCheck

SAMPLES: list[Any] = [
    0,
    1,
    -3,
    7.5,
    1e9,
    -1e9,
    0.31,
    True,
    False,
    "free",
    "occupied",
    "nonsense",
    None,
    [1],
    float("nan"),
    float("inf"),
    2.0,
    {"value": 0.3205, "unitCode": "MPA"},
    {"value": 68, "unitCode": "FAH"},
    {"value": 5, "unitCode": "XXX"},
    {"unitCode": "KPA"},
    {"value": True},
]


def _outcome(check: Callable[[dict[str, Any]], list[tuple[Any, Any]]], values: dict[str, Any]) -> Any:
    try:
        return [(spec.name, type(value).__name__, value) for spec, value in check(values)]
    except ReadingProblem as problem:
        return (problem.reason, problem.detail)


@pytest.mark.parametrize("dtype", list(shipped_types().values()), ids=lambda t: t.id)
def test_precompiled_checks_match_the_type(dtype: DeviceType) -> None:
    check = TypeCheck(dtype)
    names = [*dtype.fields, "batteryLevel", "rssi", "unknownField"]
    compared = 0
    for name in names:
        for sample in SAMPLES:
            values = {name: sample}
            assert _outcome(check.checked, values) == _outcome(dtype.checked, values), (name, sample)
            compared += 1
    # Several values at once: the first failure wins, as in the type's own checks.
    fields = list(dtype.fields)
    if len(fields) >= 2:
        first, second = fields[:2]
        for a in SAMPLES[:8]:
            for b in SAMPLES[8:]:
                values = {first: a, second: b}
                assert _outcome(check.checked, values) == _outcome(dtype.checked, values), values
    assert compared
    assert _outcome(check.checked, {}) == _outcome(dtype.checked, {})
