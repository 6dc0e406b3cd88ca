"""Per-type precompiled reading checks: :meth:`DeviceType.checked` without its per-value overhead.

A :class:`TypeCheck` is built once per device type (the pipeline caches them). It resolves each field name
through one dict lookup to a row (spec, kind code, bounds, choices) and settles the common values inline: a
plain number in range, a boolean, a string among the allowed ones. Anything else (a value with a
``unitCode``, an integer field given a float, a bad or out-of-range value, an unknown field) goes to the
type's own checks, so the results and every rejection reason and detail are exactly theirs.

Vectorising the checks (numpy) does not pay here: values arrive as per-reading dicts, and gathering them into
columns costs more than the comparisons it would replace.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from citytwin.core.devices import HEALTH_FIELDS, DeviceType, FieldSpec

__all__ = ["TypeCheck"]

_NUMBER, _INTEGER, _BOOLEAN, _STRING = 0, 1, 2, 3
_KIND = {"number": _NUMBER, "integer": _INTEGER, "boolean": _BOOLEAN, "string": _STRING}
_isfinite = math.isfinite

Row = tuple[FieldSpec, int, float | None, float | None, frozenset[str]]


class TypeCheck:
    """The values of one device type's readings, checked and normalised (see the module docstring)."""

    __slots__ = ("rows", "type")

    def __init__(self, dtype: DeviceType) -> None:
        self.type = dtype
        specs: dict[str, FieldSpec] = dict(dtype.fields)
        if specs:  # a type with telemetry takes the health fields too (DeviceType.checked)
            for name, spec in HEALTH_FIELDS.items():
                specs.setdefault(name, spec)
        self.rows: dict[str, Row] = {
            name: (spec, _KIND[spec.kind], spec.minimum, spec.maximum, spec.choices)
            for name, spec in specs.items()
        }

    def checked(self, values: Mapping[str, Any]) -> list[tuple[FieldSpec, Any]]:
        """(spec, value in the canonical unit) of every value; ReadingProblem for the first that fails."""
        if not values:
            return self.type.checked(values)
        out: list[tuple[FieldSpec, Any]] = []
        rows = self.rows
        for name, raw in values.items():
            row = rows.get(name)
            if row is None:
                return self.type.checked(values)  # raises the type's own problem for this field
            spec, kind, lo, hi, choices = row
            kind_of = type(raw)
            if kind == _NUMBER:
                ok = (
                    (kind_of is float or kind_of is int)
                    and _isfinite(raw)
                    and (lo is None or raw >= lo)
                    and (hi is None or raw <= hi)
                )
            elif kind == _INTEGER:
                ok = kind_of is int and (lo is None or raw >= lo) and (hi is None or raw <= hi)
            elif kind == _BOOLEAN:
                ok = kind_of is bool
            else:
                ok = kind_of is str and (not choices or raw in choices)
            out.append((spec, raw if ok else spec.normalise(raw)))
        return out
