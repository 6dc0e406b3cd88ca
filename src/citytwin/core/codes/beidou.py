"""BeiDou grid location code (GB/T 39409-2020): 2D and 3D encode/decode, hierarchy and neighbours.

All cell arithmetic is exact integer arithmetic in units of 1/2048 arc-second ("units", 7,372,800 per
degree). A float coordinate is converted with its exact binary value, so a point exactly on a cell boundary
belongs to the cell on the side away from the origin (north-east in the north-east hemisphere, mirrored
elsewhere), as the standard's mirroring from level 2 on implies. See docs/grid-code.md.

The vectorised encoder and the integer form live in ``beidou_vector``; polygon covers in ``beidou_cover``.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from typing import Final, SupportsIndex

from citytwin.errors import InvalidCode, InvalidCoordinates

__all__ = [
    "EARTH_RADIUS_M",
    "MAX_LEVEL",
    "MIN_LEVEL",
    "POLAR_LIMIT_DEG",
    "UNITS_PER_DEGREE",
    "GridCell",
    "GridCell3D",
    "children",
    "code_length",
    "decode",
    "decode3d",
    "encode",
    "encode3d",
    "height_index",
    "level_of",
    "neighbours",
    "parent",
    "validate",
]

UNITS_PER_DEGREE: Final = 3600 * 2048
POLAR_LIMIT_DEG: Final = 88
MIN_LEVEL: Final = 1
MAX_LEVEL: Final = 10
EARTH_RADIUS_M: Final = 6378137.0

_HALF_TURN: Final = 180 * UNITS_PER_DEGREE
_POLAR: Final = POLAR_LIMIT_DEG * UNITS_PER_DEGREE
_HEX: Final = "0123456789ABCDEF"
_ROW_LETTERS: Final = "ABCDEFGHIJKLMNOPQRSTUV"  # 22 rows of 4 degrees reach the 88-degree polar limit


@dataclass(frozen=True, slots=True)
class _Spec:
    """One level: cell size in units, how it splits its parent, and the cumulative code length."""

    lng_size: int
    lat_size: int
    cols: int
    rows: int
    zorder: bool  # one digit row*2+col instead of a column digit and a row digit
    length: int


def _arcsec(seconds: float) -> int:
    return round(seconds * 2048)


# Index = level. Level 0 is one mirrored hemisphere quadrant; level 1 counts columns per hemisphere (30)
# because the map-sheet column number is derived from the mirrored column and the east/west side.
_SPECS: Final = (
    _Spec(_HALF_TURN, _POLAR, 1, 1, False, 1),
    _Spec(6 * UNITS_PER_DEGREE, 4 * UNITS_PER_DEGREE, 30, 22, False, 4),
    _Spec(_arcsec(1800), _arcsec(1800), 12, 8, False, 6),
    _Spec(_arcsec(900), _arcsec(600), 2, 3, True, 7),
    _Spec(_arcsec(60), _arcsec(60), 15, 10, False, 9),
    _Spec(_arcsec(4), _arcsec(4), 15, 15, False, 11),
    _Spec(_arcsec(2), _arcsec(2), 2, 2, True, 12),
    _Spec(_arcsec(1 / 4), _arcsec(1 / 4), 8, 8, False, 14),
    _Spec(_arcsec(1 / 32), _arcsec(1 / 32), 8, 8, False, 16),
    _Spec(_arcsec(1 / 256), _arcsec(1 / 256), 8, 8, False, 18),
    _Spec(1, 1, 8, 8, False, 20),
)
_LEVEL_BY_LENGTH: Final = {spec.length: level for level, spec in enumerate(_SPECS) if level >= MIN_LEVEL}

# Height digits (3D code): pure binary split of the 31-bit height magnitude, bits per level (index = level).
_HEIGHT_BITS: Final = (0, 6, 3, 1, 4, 4, 1, 3, 3, 3, 3)
_HEIGHT_SHIFT: Final = tuple(31 - sum(_HEIGHT_BITS[: level + 1]) for level in range(MAX_LEVEL + 1))
_LN_STEP: Final = math.log1p(math.pi / 180)
_LEVEL_BY_3D_LENGTH: Final = {
    _SPECS[level].length + 1 + sum(2 if k == 1 else 1 for k in range(1, level + 1)): level
    for level in range(MIN_LEVEL, MAX_LEVEL + 1)
}


@dataclass(frozen=True, slots=True)
class GridCell:
    """A 2D grid cell: its code, level and bounds in degrees and in 1/2048 arc-second units."""

    code: str
    level: int
    west: float
    south: float
    east: float
    north: float
    west_u: int
    south_u: int
    east_u: int
    north_u: int

    @property
    def centre(self) -> tuple[float, float]:
        """The (lng, lat) of the cell centre in degrees."""
        scale = 2 * UNITS_PER_DEGREE
        return (self.west_u + self.east_u) / scale, (self.south_u + self.north_u) / scale


@dataclass(frozen=True, slots=True)
class GridCell3D:
    """A 3D grid cell: the 2D cell plus its height range [h_min, h_max) in metres.

    ``n_min``/``n_max`` are the same range as height indices (half-open), the integers the code is built from.
    """

    code: str
    level: int
    cell: GridCell
    h_min: float
    h_max: float
    n_min: int
    n_max: int


def code_length(level: int) -> int:
    """Number of characters of a 2D code at ``level``."""
    return _SPECS[_check_level(level)].length


def _check_level(level: object) -> int:
    # Any integer type (numpy's too), but not bool, which is an int by accident.
    if isinstance(level, SupportsIndex) and not isinstance(level, bool):
        value = operator.index(level)
        if MIN_LEVEL <= value <= MAX_LEVEL:
            return value
    raise InvalidCode(f"grid level must be an integer in {MIN_LEVEL}..{MAX_LEVEL}, got {level!r}")


def _to_units(deg: float) -> int:
    # Exact: the float's binary value as a fraction, floored in integers (no rounding of deg * 7372800).
    num, den = abs(deg).as_integer_ratio()
    return num * UNITS_PER_DEGREE // den


def _check_point(lng: float, lat: float) -> tuple[bool, bool, int, int]:
    """Validate a point and return (north, east, x, y) with x, y mirrored into the north-east quadrant."""
    try:
        lng, lat = float(lng), float(lat)
    except (TypeError, ValueError) as err:
        raise InvalidCoordinates(f"coordinates must be numbers, got lng={lng!r}, lat={lat!r}") from err
    if math.isnan(lng) or math.isnan(lat):
        raise InvalidCoordinates(f"coordinates must not be NaN, got lng={lng!r}, lat={lat!r}")
    if not -90 <= lat <= 90:
        raise InvalidCoordinates(f"latitude {lat!r} is outside [-90, 90]")
    if not -180 <= lng <= 180:
        raise InvalidCoordinates(f"longitude {lng!r} is outside [-180, 180]")
    if abs(lat) >= POLAR_LIMIT_DEG:
        raise InvalidCoordinates(
            f"latitude {lat!r} is in a polar cap (|lat| >= {POLAR_LIMIT_DEG}): "
            "polar cells are not supported by this platform"
        )
    # lng = +-180 has no cell further out: it joins the outermost column of its side.
    x = min(_to_units(lng), _HALF_TURN - 1)
    return lat >= 0, lng >= 0, x, _to_units(lat)


def _digits_from_units(north: bool, east: bool, x: int, y: int, level: int) -> list[int]:
    """Digits [hemisphere, column-1, row, d2..d_level] of mirrored (x, y); d_k = row*2+col or col*rows+row."""
    spec = _SPECS[1]
    col, x = divmod(x, spec.lng_size)
    row, y = divmod(y, spec.lat_size)
    digits = [0 if north else 1, 30 + col if east else 29 - col, row]
    for spec in _SPECS[2 : level + 1]:
        col, x = divmod(x, spec.lng_size)
        row, y = divmod(y, spec.lat_size)
        digits.append(row * 2 + col if spec.zorder else col * spec.rows + row)
    return digits


def _units_from_digits(digits: list[int]) -> tuple[bool, bool, int, int]:
    """(north, east, x, y) of the mirrored lower corner of the cell named by ``digits``."""
    column = digits[1] + 1
    east = column >= 31
    spec = _SPECS[1]
    x = (column - 31 if east else 30 - column) * spec.lng_size
    y = digits[2] * spec.lat_size
    for spec, digit in zip(_SPECS[2:], digits[3:], strict=False):
        row, col = divmod(digit, 2) if spec.zorder else (digit % spec.rows, digit // spec.rows)
        x += col * spec.lng_size
        y += row * spec.lat_size
    return digits[0] == 0, east, x, y


def _code_from_digits(digits: list[int]) -> str:
    parts = ["NS"[digits[0]], f"{digits[1] + 1:02d}", _ROW_LETTERS[digits[2]]]
    for spec, digit in zip(_SPECS[2:], digits[3:], strict=False):
        parts.append(_HEX[digit] if spec.zorder else _HEX[digit // spec.rows] + _HEX[digit % spec.rows])
    return "".join(parts)


def _show(code: str) -> str:
    return repr(code if len(code) <= 40 else code[:40] + "...")


def _digit(code: str, pos: int, radix: int, what: str) -> int:
    ch = code[pos]
    value = _HEX.find(ch)
    if value < 0:
        raise InvalidCode(
            f"bad character {ch!r} at position {pos} of grid code {_show(code)}: "
            f"expected {what} 0..{_HEX[radix - 1]} (upper case)"
        )
    if value >= radix:
        raise InvalidCode(
            f"digit {ch!r} at position {pos} of grid code {_show(code)} is out of range: "
            f"{what} must be 0..{_HEX[radix - 1]}"
        )
    return value


def _parse(code: object) -> list[int]:
    """Validate a 2D code and return its digits (see _digits_from_units); the level is len(digits) - 2."""
    if not isinstance(code, str):
        raise InvalidCode(f"a grid code must be a string, got {type(code).__name__}")
    level = _LEVEL_BY_LENGTH.get(len(code))
    if level is None:
        lengths = ", ".join(str(n) for n in _LEVEL_BY_LENGTH)
        raise InvalidCode(f"bad length {len(code)} of grid code {_show(code)}: expected one of {lengths}")
    if code[0] not in "NS":
        raise InvalidCode(f"bad character {code[0]!r} at position 0 of grid code {code!r}: expected N or S")
    for pos in (1, 2):
        if code[pos] not in "0123456789":
            raise InvalidCode(
                f"bad character {code[pos]!r} at position {pos} of grid code {code!r}: "
                "expected a decimal digit of the level-1 column 01..60"
            )
    column = int(code[1:3])
    if not 1 <= column <= 60:
        raise InvalidCode(
            f"level-1 column {code[1:3]!r} at positions 1-2 of grid code {code!r} is not in 01..60"
        )
    row = _ROW_LETTERS.find(code[3])
    if row < 0:
        raise InvalidCode(
            f"bad character {code[3]!r} at position 3 of grid code {code!r}: expected a level-1 row letter "
            "A..V (rows past 88 degrees are polar and not supported)"
        )
    digits = [0 if code[0] == "N" else 1, column - 1, row]
    for level_k in range(2, level + 1):
        spec = _SPECS[level_k]
        pos = _SPECS[level_k - 1].length
        if spec.zorder:
            digits.append(_digit(code, pos, spec.cols * spec.rows, f"the level-{level_k} digit"))
        else:
            col = _digit(code, pos, spec.cols, f"the level-{level_k} column digit")
            row = _digit(code, pos + 1, spec.rows, f"the level-{level_k} row digit")
            digits.append(col * spec.rows + row)
    return digits


def _encode_units(north: bool, east: bool, x: int, y: int, level: int) -> str:
    return _code_from_digits(_digits_from_units(north, east, x, y, level))


def encode(lng: float, lat: float, level: int = MAX_LEVEL) -> str:
    """The 2D grid code of the cell at ``level`` holding the point (lng, lat) in degrees."""
    level = _check_level(level)
    return _encode_units(*_check_point(lng, lat), level)


def cell_units(digits: list[int]) -> tuple[int, int, int, int]:
    """(west, south, east, north) in grid units of the cell whose digits (hemispheres first) are ``digits``;
    its level is ``len(digits) - 2``. Unchecked: for digits this module or the integer form produced."""
    spec = _SPECS[len(digits) - 2]
    north, east, x, y = _units_from_digits(digits)
    west_u, east_u = (x, x + spec.lng_size) if east else (-x - spec.lng_size, -x)
    south_u, north_u = (y, y + spec.lat_size) if north else (-y - spec.lat_size, -y)
    return west_u, south_u, east_u, north_u


def decode(code: str) -> GridCell:
    """The cell named by a 2D grid code (bounds in degrees and in units)."""
    digits = _parse(code)
    west_u, south_u, east_u, north_u = cell_units(digits)
    d = UNITS_PER_DEGREE
    return GridCell(
        code, len(digits) - 2, west_u / d, south_u / d, east_u / d, north_u / d, west_u, south_u, east_u,
        north_u,
    )  # fmt: skip


def validate(code: str) -> None:
    """Raise InvalidCode naming the problem unless ``code`` is a well-formed 2D grid code."""
    _parse(code)


def level_of(code: str) -> int:
    """The level (1..10) of a 2D grid code."""
    return len(_parse(code)) - 2


def parent(code: str, level: int | None = None) -> str:
    """The ancestor of ``code`` at ``level`` (default: one level up), by truncation."""
    current = level_of(code)
    target = current - 1 if level is None else _check_level(level)
    if target < MIN_LEVEL:
        raise InvalidCode(f"grid code {code!r} is at level 1 and has no parent within levels 1..10")
    if target > current:
        raise InvalidCode(f"level {target} is finer than the level {current} of grid code {code!r}")
    return code[: _SPECS[target].length]


def children(code: str) -> list[str]:
    """All cells of the next level inside ``code``, in code order."""
    level = level_of(code)
    if level == MAX_LEVEL:
        raise InvalidCode(f"grid code {code!r} is at level {MAX_LEVEL}, the finest; it has no children")
    spec = _SPECS[level + 1]
    if spec.zorder:
        return [code + _HEX[d] for d in range(spec.cols * spec.rows)]
    return [code + _HEX[c] + _HEX[r] for c in range(spec.cols) for r in range(spec.rows)]


def _code_from_index(i: int, j: int, level: int) -> str:
    """Code of the cell with signed index (i, j) at ``level``: it spans [i, i+1) x [j, j+1) cell sizes."""
    spec = _SPECS[level]
    xm = i if i >= 0 else -i - 1
    ym = j if j >= 0 else -j - 1
    return _encode_units(j >= 0, i >= 0, xm * spec.lng_size, ym * spec.lat_size, level)


# Clockwise from north, as (column step, row step).
_AROUND: Final = ((0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1), (-1, 0), (-1, 1))


def neighbours(code: str) -> list[str]:
    """The cells around ``code`` at its level, clockwise from north (N, NE, E, SE, S, SW, W, NW).

    Longitude wraps across the antimeridian; cells that would lie in a polar cap are left out, so a cell on
    the 88-degree edge has 5 neighbours.
    """
    cell = decode(code)
    spec = _SPECS[cell.level]
    # Every level's grid lines sit at multiples of its cell size on both sides of 0, so cells are indexed
    # by signed integers and neighbours are index steps.
    i, j = cell.west_u // spec.lng_size, cell.south_u // spec.lat_size
    half = _HALF_TURN // spec.lng_size
    out = []
    for di, dj in _AROUND:
        jj = j + dj
        if jj * spec.lat_size < -_POLAR or (jj + 1) * spec.lat_size > _POLAR:
            continue
        ii = (i + di + half) % (2 * half) - half
        out.append(_code_from_index(ii, jj, cell.level))
    return out


# --- 3D code -------------------------------------------------------------------------------------------


def height_index(height_m: float) -> int:
    """GB/T 39409 height index n = floor(7372800 * ln((H + r0) / r0) / ln(1 + pi/180)), r0 = 6378137 m."""
    try:
        h = float(height_m)
    except (TypeError, ValueError) as err:
        raise InvalidCoordinates(f"height must be a number, got {height_m!r}") from err
    if not math.isfinite(h) or h <= -EARTH_RADIUS_M:
        raise InvalidCoordinates(f"height {h!r} m is not a finite height above -{EARTH_RADIUS_M:.0f} m")
    n = math.floor(UNITS_PER_DEGREE * math.log1p(h / EARTH_RADIUS_M) / _LN_STEP)
    if abs(n) >= 1 << 31:
        raise InvalidCoordinates(f"height {h!r} m is outside the range of the 3D grid code")
    return n


def _height_of(n: int) -> float:
    return EARTH_RADIUS_M * math.expm1(n * _LN_STEP / UNITS_PER_DEGREE)


def encode3d(lng: float, lat: float, height_m: float, level: int = MAX_LEVEL) -> str:
    """The 3D grid code at ``level``: the 2D code with height digits interleaved (32 chars at level 10)."""
    level = _check_level(level)
    code2d = encode(lng, lat, level)
    n = height_index(height_m)
    magnitude = abs(n)
    parts = [code2d[0], "1" if n < 0 else "0"]
    for k in range(MIN_LEVEL, level + 1):
        parts.append(code2d[_SPECS[k - 1].length : _SPECS[k].length])
        digit = (magnitude >> _HEIGHT_SHIFT[k]) & ((1 << _HEIGHT_BITS[k]) - 1)
        parts.append(f"{digit:02d}" if k == 1 else _HEX[digit])
    return "".join(parts)


def _split3d(code: object) -> tuple[str, str, list[tuple[int, str]]]:
    """(2D code, sign char, [(position, height chars) per level]) of a 3D code, checking only its length."""
    if not isinstance(code, str):
        raise InvalidCode(f"a 3D grid code must be a string, got {type(code).__name__}")
    level = _LEVEL_BY_3D_LENGTH.get(len(code))
    if level is None:
        lengths = ", ".join(str(n) for n in _LEVEL_BY_3D_LENGTH)
        raise InvalidCode(f"bad length {len(code)} of 3D grid code {_show(code)}: expected one of {lengths}")
    parts, heights, pos = [code[0]], [], 2
    for k in range(MIN_LEVEL, level + 1):
        width = _SPECS[k].length - _SPECS[k - 1].length
        parts.append(code[pos : pos + width])
        pos += width
        nh = 2 if k == 1 else 1
        heights.append((pos, code[pos : pos + nh]))
        pos += nh
    return "".join(parts), code[1], heights


def decode3d(code: str) -> GridCell3D:
    """The 3D cell named by a 3D grid code: the 2D cell and its height range in metres."""
    code2d, sign, heights = _split3d(code)
    try:
        cell = decode(code2d)
    except InvalidCode as err:
        raise InvalidCode(f"{err.detail} (the 2D part of 3D grid code {code!r})") from err
    if sign not in "01":
        raise InvalidCode(f"bad character {sign!r} at position 1 of 3D grid code {code!r}: expected 0 or 1")
    magnitude = 0
    for k, (pos, chars) in enumerate(heights, start=1):
        radix = 1 << _HEIGHT_BITS[k]
        if k == 1:
            if not (chars.isascii() and chars.isdigit()) or int(chars) >= radix:
                raise InvalidCode(
                    f"height digits {chars!r} at positions {pos}-{pos + 1} of 3D grid code {code!r} "
                    f"must be 00..{radix - 1}"
                )
            digit = int(chars)
        else:
            digit = _HEX.find(chars)
            if not 0 <= digit < radix:
                raise InvalidCode(
                    f"bad height digit {chars!r} at position {pos} of 3D grid code {code!r}: "
                    f"level {k} height digits are 0..{_HEX[radix - 1]}"
                )
        magnitude |= digit << _HEIGHT_SHIFT[k]
    span = 1 << _HEIGHT_SHIFT[cell.level]
    if sign == "0":
        n_min, n_max = magnitude, magnitude + span
    else:
        # Below the ellipsoid n = floor(...) <= -1 and the code holds |n|, so magnitude 0 never occurs and a
        # cell of magnitudes [m, m + span) holds n in (-(m + span), -m], i.e. heights [n, n + 1) of those.
        if magnitude + span <= 1:
            raise InvalidCode(f"3D grid code {code!r} names height index -0, which no height produces")
        n_min, n_max = 1 - magnitude - span, 1 - max(magnitude, 1)
    return GridCell3D(code, cell.level, cell, _height_of(n_min), _height_of(n_max), n_min, n_max)


def is_3d(code: str) -> bool:
    """True for a 3D code: its 4th character is a digit (the row letter moved right by the height sign)."""
    return len(code) >= 5 and code[3].isdigit()


def describe(code: str) -> dict[str, object]:
    """Level and bounding box of a 2D or 3D code (``height`` [min, max) in metres for 3D), as plain data."""
    if is_3d(code):
        cell3 = decode3d(code)
        cell = cell3.cell
        return {
            "code": code,
            "level": cell3.level,
            "bbox": [cell.west, cell.south, cell.east, cell.north],
            "height": [cell3.h_min, cell3.h_max],
            "code2d": cell.code,
        }
    flat = decode(code)
    return {"code": code, "level": flat.level, "bbox": [flat.west, flat.south, flat.east, flat.north]}
