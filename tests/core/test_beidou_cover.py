"""Polygon covers with BeiDou grid cells: against brute force, compact form, guards and errors."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box

from citytwin.core.codes import beidou_cover
from citytwin.core.codes.beidou import children, code_length, decode, encode, level_of
from citytwin.core.codes.beidou_cover import cover
from citytwin.errors import InvalidCoordinates, InvalidGeometry, TooManyResults


def cell_box(code: str) -> Polygon:
    c = decode(code)
    return box(c.west, c.south, c.east, c.north)


def brute_force(polygon: Polygon | MultiPolygon, level: int) -> set[str]:
    """Every level cell whose box shares area with the polygon, found by sampling a grid of cell centres."""
    probe = decode(encode(polygon.bounds[0], polygon.bounds[1], level))
    dx, dy = probe.east - probe.west, probe.north - probe.south
    minx, miny, maxx, maxy = polygon.bounds
    xs = np.arange(minx - dx, maxx + 2 * dx, dx / 2)
    ys = np.arange(miny - dy, maxy + 2 * dy, dy / 2)
    candidates = {encode(x, y, level) for x in xs for y in ys if -180 <= x <= 180 and abs(y) < 88}
    return {c for c in candidates if shapely.intersection(cell_box(c), polygon).area > 0}


def expand(code: str, level: int) -> list[str]:
    codes = [code]
    while level_of(codes[0]) < level:
        codes = [k for c in codes for k in children(c)]
    return codes


def triangle(cx: float, cy: float, size: float) -> Polygon:
    return Polygon(
        [(cx - size, cy - size * 0.7), (cx + size * 0.9, cy - size * 0.2), (cx + size * 0.1, cy + size)]
    )


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5, 6, 7])
def test_cover_of_a_cell_box_is_the_cell(level: int) -> None:
    code = encode(-70.25, -33.45, level)
    assert cover(cell_box(code), level) == [code]
    if level < 7:
        assert cover(cell_box(code), level + 1) == children(code)
        assert cover(cell_box(code), level + 1, compact=True) == [code]


@pytest.mark.parametrize(
    ("polygon", "level"),
    [
        (triangle(114.05, 22.55, 0.02), 5),
        (triangle(114.0501, 22.5502, 0.0004), 7),
        (triangle(0.0, 0.0, 0.6), 2),  # all four hemispheres
        (triangle(-0.01, 0.01, 0.02), 4),
        (triangle(179.8, -10.0, 0.15), 3),
        (Polygon([(-180, 80), (-170, 80), (-175, 87.5)]), 1),
    ],
)
def test_cover_matches_brute_force(polygon: Polygon, level: int) -> None:
    got = cover(polygon, level)
    assert got == sorted(got)
    assert set(got) == brute_force(polygon, level)
    assert len(got) == len(set(got))


def test_compact_cover_expands_to_the_full_cover() -> None:
    polygon = triangle(114.05, 22.55, 0.05)
    full = cover(polygon, 6)
    compact = cover(polygon, 6, compact=True)
    assert compact == sorted(compact)
    assert len(compact) < len(full)
    assert {level_of(c) for c in compact} >= {4, 5, 6}
    assert sorted(k for c in compact for k in expand(c, 6)) == full
    # No cell of a compact cover is inside another (in code order a cell's descendants follow it).
    assert not any(b.startswith(a) for a, b in itertools.pairwise(compact))


def test_touching_cells_are_left_out_and_holes_respected() -> None:
    outer_cell = decode(encode(114.05, 22.55, 4))
    outer = cell_box(outer_cell.code)
    hole_cell = encode(*outer_cell.centre, 5)
    with_hole = Polygon(outer.exterior.coords, [cell_box(hole_cell).exterior.coords])
    got = cover(with_hole, 5)
    assert hole_cell not in got
    assert len(got) == 225 - 1
    assert hole_cell not in cover(with_hole, 5, compact=True)


def test_multipolygon() -> None:
    a, b = triangle(114.05, 22.55, 0.002), triangle(-43.2, -22.9, 0.002)
    got = cover(MultiPolygon([a, b]), 6)
    assert set(got) == set(cover(a, 6)) | set(cover(b, 6))
    assert got == sorted(got)


def test_empty_polygon_gives_nothing() -> None:
    assert cover(Polygon(), 5) == []


def test_self_intersecting_polygon_is_rejected() -> None:
    bowtie = Polygon([(114.0, 22.5), (114.1, 22.6), (114.1, 22.5), (114.0, 22.6)])
    with pytest.raises(InvalidGeometry, match="Self-intersection"):
        cover(bowtie, 5)


@pytest.mark.parametrize("geometry", [Point(114.0, 22.5), "POLYGON ((0 0, 1 0, 1 1, 0 0))"])
def test_non_polygons_are_rejected(geometry: object) -> None:
    with pytest.raises(InvalidGeometry, match="Polygon or MultiPolygon"):
        cover(geometry, 5)  # type: ignore[arg-type]


def test_polar_and_out_of_range_polygons_are_rejected() -> None:
    with pytest.raises(InvalidCoordinates, match="polar cells are not supported"):
        cover(box(10, 85, 11, 89), 3)
    with pytest.raises(InvalidCoordinates, match="longitudes"):
        cover(box(179, 0, 181, 1), 3)


def test_too_many_cells() -> None:
    with pytest.raises(TooManyResults, match="more than 1000 cells"):
        cover(triangle(114.05, 22.55, 0.02), 6, max_cells=1000)
    assert len(cover(triangle(114.05, 22.55, 0.02), 6, compact=True, max_cells=1000)) <= 1000


def test_full_and_compact_levels_have_the_right_lengths() -> None:
    got = cover(triangle(114.05, 22.55, 0.004), 7)
    assert {len(c) for c in got} == {code_length(7)}


def test_grid_modules_import_only_the_allowed_packages() -> None:
    allowed = {"__future__", "math", "operator", "dataclasses", "typing", "numpy", "shapely", "citytwin"}
    src = Path(beidou_cover.__file__).parent
    for path in sorted(src.glob("beidou*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] in allowed, f"{path.name} imports {name}"
                if name.startswith("citytwin."):
                    assert name == "citytwin.errors" or name.startswith("citytwin.core.codes.beidou"), name
