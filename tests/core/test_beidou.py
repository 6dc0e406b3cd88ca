"""BeiDou grid code (GB/T 39409-2020): published examples, boundaries, hierarchy, neighbours, 3D, errors."""

from __future__ import annotations

import math

import pytest

from citytwin.core.codes.beidou import (
    UNITS_PER_DEGREE,
    GridCell,
    children,
    code_length,
    decode,
    decode3d,
    encode,
    encode3d,
    height_index,
    level_of,
    neighbours,
    parent,
    validate,
)
from citytwin.errors import BadRequestData, InvalidCode, InvalidCoordinates


def dms(deg: int, minutes: int, seconds: float) -> float:
    return deg + minutes / 60 + seconds / 3600


def contains(cell: GridCell, lng: float, lat: float) -> bool:
    return cell.west <= lng <= cell.east and cell.south <= lat <= cell.north


# The standard's annex: 116°18'45.37"E, 39°59'35.38"N at levels 1..8.
ANNEX_POINT = (dms(116, 18, 45.37), dms(39, 59, 35.38))
ANNEX_CODES = [
    "N50J",
    "N50J47",
    "N50J475",
    "N50J47539",
    "N50J47539B8",
    "N50J47539B82",
    "N50J47539B8255",
    "N50J47539B825534",
]


@pytest.mark.parametrize("level", range(1, 9))
def test_annex_point_at_every_published_level(level: int) -> None:
    assert encode(*ANNEX_POINT, level=level) == ANNEX_CODES[level - 1]
    assert level_of(ANNEX_CODES[level - 1]) == level


@pytest.mark.parametrize(
    ("lng", "lat", "code"),
    [
        (dms(116, 19, 14.3184), dms(39, 59, 56.1444), "N50J475493E"),
        (dms(116, 19, 5.9808), dms(39, 59, 59.7012), "N50J475491E"),
        (dms(116, 19, 9.3540), dms(39, 59, 56.5260), "N50J475492E"),
    ],
)
def test_annex_level5_examples(lng: float, lat: float, code: str) -> None:
    assert encode(lng, lat, 5) == code
    assert contains(decode(code), lng, lat)


def test_annex_2d_3d_pair_names_the_same_cell_at_height_zero() -> None:
    code2d, code3d = "N36J93078B3101524314", "N036J0093000780B3010010520430140"
    cell = decode(code2d)
    # The pair is an eastern, northern point: 34°37'46.1724"E 37°38'12.3262"N (to 1/2048").
    assert (cell.west_u, cell.south_u) == (
        (34 * 3600 + 37 * 60) * 2048 + 94561,
        (37 * 3600 + 38 * 60) * 2048 + 25244,
    )
    assert cell.east_u - cell.west_u == 1 and cell.north_u - cell.south_u == 1
    assert encode(*cell.centre) == code2d
    assert encode3d(*cell.centre, 0.0) == code3d
    cell3d = decode3d(code3d)
    assert cell3d.cell == cell
    assert (cell3d.n_min, cell3d.n_max, cell3d.h_min) == (0, 1, 0.0)
    assert 0.0149 < cell3d.h_max < 0.0150  # one level-10 height step is about 1.5 cm


CITIES = [(114.0579, 22.5431), (-74.006, 40.7128), (151.2093, -33.8688), (-58.3816, -34.6037), (0.5, -0.5)]


@pytest.mark.parametrize(("lng", "lat"), CITIES)
@pytest.mark.parametrize("level", range(1, 11))
def test_round_trip_in_every_hemisphere(lng: float, lat: float, level: int) -> None:
    code = encode(lng, lat, level)
    assert len(code) == code_length(level)
    cell = decode(code)
    assert cell.level == level and contains(cell, lng, lat)
    assert encode(*cell.centre, level) == code
    assert code[0] == ("N" if lat >= 0 else "S")


def test_mirroring_keeps_digits_from_level_2_on() -> None:
    east_north = encode(116.3, 39.9)
    west_north = encode(-116.3, 39.9)
    east_south = encode(116.3, -39.9)
    assert west_north[1:3] == "11" and east_north[1:3] == "50"  # 61 - column: the map-sheet numbering
    assert west_north[4:] == east_north[4:]
    assert east_south == "S" + east_north[1:]
    west = decode(west_north)
    assert west.west_u == -decode(east_north).east_u


def test_boundary_points_belong_to_the_cell_away_from_the_origin() -> None:
    # 114.0 is a level-1 boundary (19 x 6 degrees) and exact in binary.
    assert decode(encode(114.0, 10.0, 1)).west == 114.0
    assert decode(encode(-114.0, 10.0, 1)).east == -114.0
    assert encode(-114.0, 10.0, 1) == "N11C"  # floor(lng / 6) + 31 would say 12: mirroring wins
    assert decode(encode(10.0, -4.0, 1)).north == -4.0
    assert encode(0.0, 0.0, 1) == "N31A"
    assert encode(-0.0, -0.0, 1) == "N31A"
    assert encode(-1e-300, -1e-300, 1) == "S30A"
    # m / 2**15 degrees is exactly 225 * m units: a level-10 boundary.
    lng = 114.0 + 5 / 2**15
    cell = decode(encode(lng, 22.5))
    assert cell.west_u == 114 * UNITS_PER_DEGREE + 5 * 225
    below = decode(encode(math.nextafter(lng, 0.0), 22.5))
    assert below.east_u == cell.west_u


def test_antimeridian_points_join_the_outermost_columns() -> None:
    assert encode(180.0, 1.0, 1) == "N60A"
    assert encode(-180.0, 1.0, 1) == "N01A"
    assert decode(encode(180.0, 1.0)).east == 180.0
    assert decode(encode(-180.0, 1.0)).west == -180.0


@pytest.mark.parametrize(
    ("lng", "lat", "message"),
    [
        (float("nan"), 1.0, "NaN"),
        (1.0, float("nan"), "NaN"),
        (1.0, 90.5, r"outside \[-90, 90\]"),
        (180.5, 1.0, r"outside \[-180, 180\]"),
        (-math.inf, 1.0, r"outside \[-180, 180\]"),
        (114.0, 88.0, "polar cells are not supported"),
        (114.0, -89.9, "polar cells are not supported"),
        ("east", 1.0, "must be numbers"),
    ],
)
def test_bad_coordinates(lng: float, lat: float, message: str) -> None:
    with pytest.raises(InvalidCoordinates, match=message) as info:
        encode(lng, lat)
    assert isinstance(info.value, BadRequestData) and info.value.status == 400


@pytest.mark.parametrize("level", [0, 11, -1, True, 2.0, "3", None])
def test_bad_level(level: object) -> None:
    with pytest.raises(InvalidCode, match=r"level must be an integer in 1\.\.10"):
        encode(114.0, 22.5, level)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("N50", "bad length 3"),
        ("N50J4753", "bad length 8"),
        ("X50J", "bad character 'X' at position 0"),
        ("N5AJ", "bad character 'A' at position 2"),
        ("N61J", "column '61' at positions 1-2"),
        ("N00J", "column '00'"),
        ("N50W", "position 3.*polar"),
        ("N50j", "bad character 'j' at position 3"),
        ("N50JC7", "digit 'C' at position 4 .*level-2 column digit must be 0..B"),
        ("N50J48", "digit '8' at position 5 .*level-2 row digit must be 0..7"),
        ("N50J476", "digit '6' at position 6 .*level-3 digit must be 0..5"),
        ("N50J475F9", "digit 'F' at position 7 .*0..E"),
        ("N50J4753A", "digit 'A' at position 8 .*level-4 row digit must be 0..9"),
        ("N50J47539b8", "bad character 'b' at position 9"),
        ("N50J47539B84", "digit '4' at position 11 .*level-6 digit must be 0..3"),
        ("N50J47539B8258", "digit '8' at position 13 .*level-7 row digit must be 0..7"),
        ("N50J47539B825G", "bad character 'G' at position 13"),
        (12345, "must be a string"),
    ],
)
def test_validate_names_the_problem(code: str, message: str) -> None:
    with pytest.raises(InvalidCode, match=message):
        validate(code)
    with pytest.raises(InvalidCode):
        decode(code)


def test_validate_accepts_every_level() -> None:
    code = encode(114.0579, 22.5431)
    for level in range(1, 11):
        validate(code[: code_length(level)])
        assert level_of(code[: code_length(level)]) == level


def test_parent() -> None:
    assert parent("N50J47539B825534") == "N50J47539B8255"
    assert parent("N50J47539B825534", 3) == "N50J475"
    assert parent("N50J475", 3) == "N50J475"
    with pytest.raises(InvalidCode, match="level 1 and has no parent"):
        parent("N50J")
    with pytest.raises(InvalidCode, match="finer"):
        parent("N50J475", 4)


@pytest.mark.parametrize(("level", "count"), [(1, 96), (2, 6), (3, 150), (4, 225), (5, 4), (6, 64), (9, 64)])
def test_children_tile_the_parent(level: int, count: int) -> None:
    code = encode(-70.25, -33.45, level)
    kids = children(code)
    assert len(kids) == count == len(set(kids))
    assert kids == sorted(kids)
    assert all(parent(k) == code for k in kids)
    cell = decode(code)
    boxes = [decode(k) for k in kids]
    area = sum((b.east_u - b.west_u) * (b.north_u - b.south_u) for b in boxes)
    assert area == (cell.east_u - cell.west_u) * (cell.north_u - cell.south_u)
    assert min(b.west_u for b in boxes) == cell.west_u and max(b.north_u for b in boxes) == cell.north_u


def test_children_of_level_10_raise() -> None:
    with pytest.raises(InvalidCode, match="no children"):
        children(encode(114.0, 22.5))


def test_neighbours_cross_parent_cells() -> None:
    expected = ["B90", "B91", "B83", "B81", "B80", "A81", "A83", "A91"]
    assert neighbours("N50J47539B82") == ["N50J47539" + e for e in expected]


STEPS = [(0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1), (-1, 0), (-1, 1)]


def check_neighbours(code: str) -> None:
    cell = decode(code)
    width, height = cell.east_u - cell.west_u, cell.north_u - cell.south_u
    turn = 360 * UNITS_PER_DEGREE
    got = neighbours(code)
    assert len(got) == 8 == len(set(got))
    for n, (di, dj) in zip(got, STEPS, strict=True):
        other = decode(n)
        assert other.level == cell.level
        assert (other.east_u - other.west_u, other.north_u - other.south_u) == (width, height)
        dx = (other.west_u - cell.west_u + turn // 2) % turn - turn // 2
        assert (dx, other.south_u - cell.south_u) == (di * width, dj * height)


@pytest.mark.parametrize("level", range(1, 11))
@pytest.mark.parametrize(
    ("lng", "lat"), [(1e-9, 1e-9), (-1e-9, -1e-9), (179.9999999, 30.0), (-6.0, 4.0), *CITIES]
)
def test_neighbours_across_hemispheres_and_meridians(level: int, lng: float, lat: float) -> None:
    check_neighbours(encode(lng, lat, level))


def test_neighbours_at_the_origin_span_four_hemispheres() -> None:
    got = neighbours(encode(1e-9, 1e-9, 2))
    assert {c[0] + c[1:3] for c in got} == {"N31", "N30", "S31", "S30"}


def test_neighbours_wrap_the_antimeridian() -> None:
    got = neighbours(encode(179.9, 10.0, 3))
    assert decode(got[2]).west == -180.0  # east of 180E is 180W


def test_neighbours_leave_out_polar_cells() -> None:
    got = neighbours(encode(114.0, 87.99, 1))
    assert len(got) == 5
    assert all(decode(c).north <= 88 for c in got)


# --- 3D --------------------------------------------------------------------------------------------------

LENGTHS_3D = {1: 7, 2: 10, 3: 12, 4: 15, 5: 18, 6: 20, 7: 23, 8: 26, 9: 29, 10: 32}


@pytest.mark.parametrize("level", range(1, 11))
@pytest.mark.parametrize(
    "height", [-1000.0, -123.456, -0.004, 0.0, 0.004, 55.5, 1839.0, 1840.0, 4321.0, 9000.0]
)
def test_3d_round_trip(level: int, height: float) -> None:
    lng, lat = -46.63, -23.55
    code = encode3d(lng, lat, height, level)
    assert len(code) == LENGTHS_3D[level]
    cell = decode3d(code)
    assert cell.level == level and cell.cell.code == encode(lng, lat, level)
    assert cell.h_min <= height <= cell.h_max
    assert cell.n_min <= height_index(height) < cell.n_max
    assert encode3d(*cell.cell.centre, (cell.h_min + cell.h_max) / 2, level) == code
    assert code[1] == ("1" if height < 0 else "0")


def test_3d_height_digits_are_a_binary_split_of_the_index() -> None:
    for height in (9000.0, -1000.0, 1839.5, 350.25):
        n = height_index(height)
        bits = format(abs(n), "031b")
        code = encode3d(114.0, 22.5, height)
        digits = code[5:7] + "".join(code[i] for i in (9, 11, 14, 17, 19, 22, 25, 28, 31))
        widths = [6, 3, 1, 4, 4, 1, 3, 3, 3, 3]
        starts = [sum(widths[:k]) for k in range(10)]
        values = [int(bits[s : s + w], 2) for s, w in zip(starts, widths, strict=True)]
        assert digits == f"{values[0]:02d}" + "".join(f"{v:X}" for v in values[1:])


def test_height_index_formula() -> None:
    r0 = 6378137.0
    for h in (0.0, 1.0, 100.0, -7.5, 8848.86):
        x = 7372800 * math.log((h + r0) / r0) / math.log(1 + math.pi / 180)
        assert height_index(h) == math.floor(x)
    assert height_index(-1e-6) == -1  # below the ellipsoid, floor gives -1, so the code holds magnitude 1


def test_3d_below_the_ellipsoid_is_contiguous_with_above() -> None:
    above = decode3d(encode3d(114.0, 22.5, 0.001, 3))
    below = decode3d(encode3d(114.0, 22.5, -0.001, 3))
    assert below.n_max == above.n_min == 0
    assert below.h_max == above.h_min == 0.0


PAIR_3D = "N036J0093000780B3010010520430140"


def with_char(code: str, pos: int, char: str) -> str:
    return code[:pos] + char + code[pos + 1 :]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (PAIR_3D[:-1], "bad length 31"),
        (with_char(PAIR_3D, 1, "2"), "position 1"),
        (with_char(with_char(PAIR_3D, 5, "6"), 6, "4"), "positions 5-6 .*must be 00..63"),
        (with_char(PAIR_3D, 11, "2"), "position 11 .*: level 3 height digits are 0..1"),
        (with_char(PAIR_3D, 17, "G"), "position 17 .*: level 5 height digits are 0..F"),
        (with_char(PAIR_3D, 31, "8"), "position 31 .*: level 10 height digits are 0..7"),
        (with_char(PAIR_3D, 1, "1"), "index -0"),
        (with_char(PAIR_3D, 12, "F"), "column digit must be 0..E .*2D part"),
    ],
)
def test_3d_decode_errors(code: str, message: str) -> None:
    with pytest.raises(InvalidCode, match=message):
        decode3d(code)


def test_3d_pair_digits_sit_where_the_interleaving_says() -> None:
    for pos in (1, 5, 6, 9, 11, 14, 17, 19, 22, 25, 28, 31):
        assert PAIR_3D[pos] == "0"
    assert decode3d(with_char(PAIR_3D, 31, "7")).n_min == 7
    assert decode3d(with_char(PAIR_3D, 28, "1")).n_min == 8


@pytest.mark.parametrize("height", [math.nan, math.inf, -6378137.0, -7e6, 1e12])
def test_3d_bad_heights(height: float) -> None:
    with pytest.raises(InvalidCoordinates, match="height"):
        encode3d(114.0, 22.5, height)
