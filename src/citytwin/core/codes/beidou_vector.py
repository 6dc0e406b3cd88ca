"""Vectorised BeiDou grid encoding over numpy arrays, and the order-preserving integer form of the code.

Integer form: the level-10 code read as a mixed-radix number, most significant digit first, with radices
(hemisphere 2, level-1 column 60, level-1 row 22, then one digit per level 2..10 with 96, 6, 150, 225, 4, 64,
64, 64, 64 values; a level's column and row make one digit col*rows + row). Every code character sorts in
the same order as its digit, so integers sort like codes, an ancestor is one contiguous range, and the largest
value is below 2**62 (fits a signed 64-bit column in SQLite and PostgreSQL).
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from citytwin.core.codes.beidou import (
    _HALF_TURN,
    _SPECS,
    MAX_LEVEL,
    MIN_LEVEL,
    POLAR_LIMIT_DEG,
    _check_level,
    _code_from_digits,
    _parse,
)
from citytwin.errors import InvalidCode, InvalidCoordinates

__all__ = [
    "INT_LIMIT",
    "code_to_int",
    "encode_many",
    "encode_many_int",
    "int_range",
    "int_to_code",
]

# Radices of the integer form's digits: hemisphere, L1 column, L1 row, then levels 2..10.
_RADICES: Final = (2, 60, 22, *(spec.cols * spec.rows for spec in _SPECS[2:]))
INT_LIMIT: Final = math.prod(_RADICES)
# Size of the integer range of one cell at each level (index = level).
_SPAN: Final = (INT_LIMIT, *(math.prod(_RADICES[level + 2 :]) for level in range(MIN_LEVEL, MAX_LEVEL + 1)))
_CHUNK: Final = 1 << 16  # keeps the temporaries of one pass in cache
_HEX_BYTES: Final = np.frombuffer(b"0123456789ABCDEF", dtype=np.uint8)

Int64s = NDArray[np.int64]


def _units(deg: NDArray[np.float64]) -> Int64s:
    """floor(|deg| * 7372800) computed exactly from the float's mantissa and exponent (as the scalar path)."""
    mant, exp = np.frexp(np.abs(deg))  # |deg| = mant * 2**exp, mant in [0.5, 1)
    m53 = (mant * 2.0**53).astype(np.int64)  # exact 53-bit integer
    # |deg| * 7372800 = m53 * 225 * 2**15 * 2**(exp - 53); m53 * 225 < 2**61, |deg| <= 180 so exp <= 8.
    shift = np.minimum(38 - exp.astype(np.int64), 63)
    return (m53 * 225) >> shift


def _digits(
    north: NDArray[np.bool_], east: NDArray[np.bool_], x: Int64s, y: Int64s, level: int
) -> list[Int64s]:
    """Digit arrays [hemisphere, column-1, row, d2..d_level], as ``beidou._digits_from_units`` per point."""
    spec = _SPECS[1]
    col, x = np.divmod(x, spec.lng_size)
    row, y = np.divmod(y, spec.lat_size)
    digits = [(~north).astype(np.int64), np.where(east, 30 + col, 29 - col), row]
    for lv in range(2, min(level, 6) + 1):
        spec = _SPECS[lv]
        col, x = np.divmod(x, spec.lng_size)
        row, y = np.divmod(y, spec.lat_size)
        digits.append(row * 2 + col if spec.zorder else col * spec.rows + row)
    # Levels 7..10 are 8 x 8 splits of power-of-two sizes: 3 bits of x and y each.
    for lv in range(7, level + 1):
        shift = 3 * (MAX_LEVEL - lv)
        digits.append((((x >> shift) & 7) << 3) | ((y >> shift) & 7))
    return digits


def _pack(digits: list[Int64s]) -> Int64s:
    """Mixed-radix integer of the digits, padded with zeros to level 10."""
    value = digits[0]
    for digit, radix in zip(digits[1:], _RADICES[1:], strict=False):
        value = value * radix + digit
    return value * _SPAN[len(digits) - 2]


def _chars(digits: list[Int64s], level: int) -> NDArray[np.uint8]:
    """(n, code length) matrix of ASCII codes."""
    out = np.empty((digits[0].shape[0], _SPECS[level].length), dtype=np.uint8)
    column = digits[1] + 1
    out[:, 0] = np.where(digits[0] == 0, ord("N"), ord("S"))
    out[:, 1] = column // 10 + ord("0")
    out[:, 2] = column % 10 + ord("0")
    out[:, 3] = digits[2] + ord("A")
    for lv in range(2, level + 1):
        spec, pos, digit = _SPECS[lv], _SPECS[lv - 1].length, digits[lv + 1]
        if spec.zorder:
            out[:, pos] = _HEX_BYTES[digit]
        else:
            out[:, pos] = _HEX_BYTES[digit // spec.rows]
            out[:, pos + 1] = _HEX_BYTES[digit % spec.rows]
    return out


def _as_str(chars: NDArray[np.uint8]) -> NDArray[np.str_]:
    width = chars.shape[1]
    return chars.astype("<u4").view(f"<U{width}").reshape(chars.shape[0])


def _check_arrays(lngs: ArrayLike, lats: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    lng = np.asarray(lngs, dtype=np.float64)
    lat = np.asarray(lats, dtype=np.float64)
    if lng.shape != lat.shape:
        raise InvalidCoordinates(f"lngs and lats must have the same shape, got {lng.shape} and {lat.shape}")
    bad = ~(np.abs(lng) <= 180) | ~(np.abs(lat) < POLAR_LIMIT_DEG)  # NaN fails both comparisons
    if bad.any():
        flat = np.flatnonzero(bad.ravel())
        k = int(flat[0])
        x, y = float(lng.ravel()[k]), float(lat.ravel()[k])
        if math.isnan(x) or math.isnan(y):
            why = "NaN coordinates"
        elif not abs(y) <= 90 or not abs(x) <= 180:
            why = "longitude outside [-180, 180] or latitude outside [-90, 90]"
        else:
            why = f"a polar cap (|lat| >= {POLAR_LIMIT_DEG}): polar cells are not supported by this platform"
        raise InvalidCoordinates(
            f"{flat.size} point(s) invalid; the first, index {k} ({x!r}, {y!r}), has {why}"
        )
    return lng.ravel(), lat.ravel()


def _point_digits(lng: NDArray[np.float64], lat: NDArray[np.float64], level: int) -> list[Int64s]:
    x = np.minimum(_units(lng), _HALF_TURN - 1)  # lng = +-180 joins the outermost column, as in encode()
    return _digits(lat >= 0, lng >= 0, x, _units(lat), level)


def encode_many(lngs: ArrayLike, lats: ArrayLike, level: int = MAX_LEVEL) -> NDArray[np.str_]:
    """Grid codes at ``level`` of many points (as encode), a '<U{length}' array of the input's shape."""
    level = _check_level(level)
    lng, lat = _check_arrays(lngs, lats)
    shape = np.shape(lngs)
    out = np.empty(lng.size, dtype=f"<U{_SPECS[level].length}")
    for start in range(0, lng.size, _CHUNK):
        part = slice(start, start + _CHUNK)
        out[part] = _as_str(_chars(_point_digits(lng[part], lat[part], level), level))
    return out.reshape(shape)


def encode_many_int(lngs: ArrayLike, lats: ArrayLike) -> NDArray[np.uint64]:
    """Integer form of the level-10 codes of many points (uint64, the input's shape)."""
    lng, lat = _check_arrays(lngs, lats)
    shape = np.shape(lngs)
    out = np.empty(lng.size, dtype=np.uint64)
    for start in range(0, lng.size, _CHUNK):
        part = slice(start, start + _CHUNK)
        out[part] = _pack(_point_digits(lng[part], lat[part], MAX_LEVEL))
    return out.reshape(shape)


def _codes_from_units(
    north: NDArray[np.bool_], east: NDArray[np.bool_], x: Int64s, y: Int64s, level: int
) -> tuple[NDArray[np.str_], Int64s]:
    """Codes at ``level`` and the integer of their first level-10 descendant, for mirrored cell corners."""
    codes = np.empty(x.size, dtype=f"<U{_SPECS[level].length}")
    ints = np.empty(x.size, dtype=np.int64)
    for start in range(0, x.size, _CHUNK):
        part = slice(start, start + _CHUNK)
        digits = _digits(north[part], east[part], x[part], y[part], level)
        codes[part] = _as_str(_chars(digits, level))
        ints[part] = _pack(digits)
    return codes, ints


def _pack_scalar(digits: list[int]) -> int:
    value = 0
    for digit, radix in zip(digits, _RADICES, strict=False):
        value = value * radix + digit
    return value * _SPAN[len(digits) - 2]


def code_to_int(code: str) -> int:
    """Integer form of a level-10 code (use int_range for a coarser cell)."""
    digits = _parse(code)
    if len(digits) - 2 != MAX_LEVEL:
        raise InvalidCode(f"code_to_int needs a level-10 code, got level {len(digits) - 2}: use int_range")
    return _pack_scalar(digits)


def int_range(code: str) -> tuple[int, int]:
    """Half-open range [lo, hi) of the integer forms of every level-10 code inside the cell ``code``."""
    digits = _parse(code)
    lo = _pack_scalar(digits)
    return lo, lo + _SPAN[len(digits) - 2]


def int_digits(value: int) -> list[int]:
    """The level-10 digits (hemispheres first) of the integer form ``value``, unchecked: callers that hold
    integers the store wrote skip the code string (a few µs instead of tens)."""
    rest = int(value)
    digits = []
    for radix in reversed(_RADICES):
        rest, digit = divmod(rest, radix)
        digits.append(digit)
    digits.reverse()
    return digits


def int_to_code(value: int, level: int = MAX_LEVEL) -> str:
    """The code at ``level`` of the cell holding the integer form ``value`` (default: its level-10 code)."""
    level = _check_level(level)
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or not 0 <= int(value) < INT_LIMIT:
        raise InvalidCode(f"an integer grid code must be an integer in [0, {INT_LIMIT}), got {value!r}")
    return _code_from_digits(int_digits(value)[: level + 2])
