"""Values and names from source files made fit for twin attributes.

Text columns (CSV, Excel cells typed as text) are typed per column, not per cell, so one column never mixes
numbers and strings: a column becomes integer, number or boolean only when every non-empty value fits.
Code-like text (leading zeros, long digit strings such as USCCs or phone numbers, column names that say
"code" or "id") stays text, because ``440305`` as a number is no longer an admin code.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import numpy as np

from citytwin.core.entities import ADMIN_CODE, ENTITY_KEYS, LEVEL, LOCATION

RESERVED = frozenset(
    {*ENTITY_KEYS, LOCATION, LEVEL, ADMIN_CODE, "gridCode", "locatedIn", "observationSpace", "operationSpace"}
)
"""Names the importer sets itself; a source column of that name is kept as ``src_<name>``."""

_BAD_CHARS = re.compile(r"\W+")  # letters (any script), digits and _ survive the q language's paths
_DIGITS = re.compile(r"^[+-]?[0-9]+$")
_INT = re.compile(r"^[+-]?(0|[1-9][0-9]{0,14})$")
_FLOAT = re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_TRUE = frozenset({"true", "yes", "y", "是", "t"})
_FALSE = frozenset({"false", "no", "n", "否", "f"})
_CODE_HINTS = ("code", "id", "编码", "代码", "编号", "号码", "电话", "phone", "tel", "zip", "邮编", "uscc")


def attribute_name(column: str) -> str:
    """A valid NGSI-LD attribute name for a source column (reserved names get a ``src_`` prefix)."""
    name = _BAD_CHARS.sub("_", str(column).strip()).strip("_") or "column"
    if name[0].isdigit():
        name = f"c_{name}"
    return f"src_{name}" if name in RESERVED else name


def attribute_names(columns: Sequence[str]) -> list[str]:
    """Names for all columns, made unique by suffixing ``_2``, ``_3`` ..."""
    out: list[str] = []
    seen: set[str] = set()
    for column in columns:
        base = name = attribute_name(column)
        n = 1
        while name in seen:
            n += 1
            name = f"{base}_{n}"
        seen.add(name)
        out.append(name)
    return out


def plain(value: Any) -> Any:
    """A JSON-able value from a driver value (numpy scalars, dates, Decimal); None for missing/NaN."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, np.ndarray):
        value = value.tolist()  # list fields (GeoJSON arrays) come from pyogrio as arrays
    if isinstance(value, float):
        return None if math.isnan(value) else (value if math.isfinite(value) else None)
    if isinstance(value, bool | int | str):
        return value.strip() or None if isinstance(value, str) else value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bytes):
        return None  # binary blobs do not belong in attributes
    if isinstance(value, list | tuple):
        items = [plain(v) for v in value]
        return [v for v in items if v is not None] or None
    if isinstance(value, Mapping):
        return {str(k): v for k, v in ((k, plain(v)) for k, v in value.items()) if v is not None} or None
    return str(value)


def _looks_like_code(column: str) -> bool:
    lowered = column.lower()
    return any(hint in lowered for hint in _CODE_HINTS)


class TextKind:
    """The type of a text column, inferred one value at a time (``infer_text_column`` over a stream)."""

    __slots__ = ("done", "kind")

    def __init__(self, column: str) -> None:
        self.kind: str | None = "str" if _looks_like_code(column) else None
        self.done = self.kind == "str"
        """True once the column is known to be text (later values cannot change that)."""

    def feed(self, raw: str | None) -> None:
        """Take the next value of the column into account."""
        if self.done or raw is None:
            return
        text = raw.strip()
        if not text:
            return
        if _DIGITS.match(text):
            if not _INT.match(text):
                self._text()  # leading zeros or 16+ digits: an identifier, not a number
                return
            current = "int"
        elif _FLOAT.match(text):
            current = "float"
        elif text.lower() in _TRUE or text.lower() in _FALSE:
            current = "bool"
        else:
            self._text()
            return
        kind = self.kind
        if kind is None or kind == current:
            self.kind = current
        elif {kind, current} == {"int", "float"}:
            self.kind = "float"
        else:
            self._text()

    def _text(self) -> None:
        self.kind, self.done = "str", True

    @property
    def result(self) -> str:
        """``int``, ``float``, ``bool`` or ``str``."""
        return self.kind or "str"


def infer_text_column(column: str, values: Iterable[str | None]) -> str:
    """The type a text column holds: ``int``, ``float``, ``bool`` or ``str``."""
    kind = TextKind(column)
    for raw in values:
        kind.feed(raw)
        if kind.done:
            break
    return kind.result


def convert_text(value: str | None, kind: str) -> Any:
    """A text cell as its column's type (None for empty cells)."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if kind == "int":
        return int(text)
    if kind == "float":
        number = float(text)
        return number if math.isfinite(number) else None
    if kind == "bool":
        return text.lower() in _TRUE
    return text


def number(value: Any) -> float | None:
    """A finite float from a value or text such as ``"12.5 m"`` (None when there is none)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        match = re.match(r"^\s*([+-]?\d+(?:\.\d+)?)", value.replace(",", "."))
        if match:
            return float(match.group(1))
    return None
