"""Bulk geometry paths: footprints built from coordinates measure as parsed ones; sure agreements are sure."""

from __future__ import annotations

import math
import random
from typing import Any

import msgspec
import numpy as np
import pytest
import shapely

from citytwin.governance.compare import geometries_within, geometry_distances_m
from tests.governance.helpers import footprint

_ENCODE = msgspec.json.Encoder().encode


def parsed_distance(a: Any, b: Any) -> float | None:
    """The Hausdorff distance in local metres the way it was first measured: every value parsed as JSON."""
    try:
        ga, gb = shapely.from_geojson(_ENCODE(a)), shapely.from_geojson(_ENCODE(b))
    except (shapely.errors.GEOSException, ValueError, TypeError):
        return None
    if ga is None or gb is None or ga.is_empty or gb.is_empty:
        return None
    centre = ga.centroid
    scale = np.array([111_320.0 * np.cos(np.radians(centre.y)), 110_574.0])

    def local(geom: Any) -> Any:
        return shapely.transform(geom, lambda xy: (xy - np.array([centre.x, centre.y])) * scale)

    distance = float(shapely.hausdorff_distance(local(ga), local(gb)))
    return distance if math.isfinite(distance) else None


def moved(geometry: dict[str, Any], east_m: float, north_m: float) -> dict[str, Any]:
    """The geometry moved by about so many metres (a new object, as a second source would send it)."""
    dx, dy = east_m / 102_800, north_m / 110_700

    def shift(position: list[float]) -> list[float]:
        return [position[0] + dx, position[1] + dy]

    coords = geometry["coordinates"]
    if geometry["type"] == "Point":
        return {"type": "Point", "coordinates": shift(coords)}
    return {"type": geometry["type"], "coordinates": [[shift(p) for p in ring] for ring in coords]}


ODD: list[tuple[str, Any]] = [
    ("open ring", {"type": "Polygon", "coordinates": [[[114, 22.5], [114.1, 22.5], [114, 22.6], [114, 23]]]}),
    ("short ring", {"type": "Polygon", "coordinates": [[[114.0, 22.5], [114.001, 22.5], [114.0, 22.5]]]}),
    ("boolean", {"type": "Point", "coordinates": [True, 22.5]}),
    ("text", {"type": "Point", "coordinates": ["114.0", 22.5]}),
    ("3D", {"type": "Point", "coordinates": [114.0, 22.5, 10.0]}),
    ("3D ring", {"type": "Polygon", "coordinates": [[[x, y, 5] for x, y in footprint(114, 22)["coordinates"][0]]]}),  # noqa: E501
    ("not finite", {"type": "Point", "coordinates": [math.nan, 22.5]}),
    ("empty", {"type": "Polygon", "coordinates": []}),
    ("nested point", {"type": "Point", "coordinates": [[114.0, 22.5], [114.1, 22.5]]}),
    ("integers", {"type": "Polygon", "coordinates": [[[114, 22], [115, 22], [115, 23], [114, 22]]]}),
    ("hole", {"type": "Polygon", "coordinates": [footprint(114.0, 22.5, 60)["coordinates"][0],
                                                 footprint(114.0, 22.5, 20)["coordinates"][0]]}),
    ("line", {"type": "LineString", "coordinates": footprint(114.0, 22.5)["coordinates"][0]}),
    ("not geometry", {"type": "Feature", "coordinates": [114.0, 22.5]}),
]  # fmt: skip


def test_distances_are_those_of_parsed_geometries() -> None:
    rnd = random.Random(7)
    pairs: list[tuple[Any, Any]] = []
    for _ in range(300):
        base: dict[str, Any] = footprint(
            113.9 + rnd.random() * 0.2, 22.5 + rnd.random() * 0.1, rnd.choice([8, 30])
        )
        if rnd.random() < 0.3:
            base = {"type": "Point", "coordinates": base["coordinates"][0][0]}
        pairs.append((base, moved(base, rnd.uniform(-9, 9), rnd.uniform(-9, 9))))
    pairs += [(odd, footprint(114.0, 22.5)) for _, odd in ODD] + [
        (footprint(114.0, 22.5), odd) for _, odd in ODD
    ]
    got = geometry_distances_m([a for a, _ in pairs], [b for _, b in pairs])
    expected = [parsed_distance(a, b) for a, b in pairs]
    assert got == expected  # exactly: the same geometries, not merely close ones
    assert sum(d is None for d in got) >= 12 and sum(d is not None and d > 1 for d in got) > 200


@pytest.mark.parametrize("tolerance", [0.0, 0.5, 2.0, 5.0])
def test_sure_agreements_are_within_tolerance_and_cover_small_moves(tolerance: float) -> None:
    rnd = random.Random(int(tolerance * 10))
    a_values: list[Any] = []
    b_values: list[Any] = []
    moves: list[float] = []
    for _ in range(400):
        base: dict[str, Any] = footprint(113.9 + rnd.random() * 0.2, 22.5 + rnd.random() * 0.1)
        if rnd.random() < 0.3:
            base = {"type": "Point", "coordinates": base["coordinates"][0][0]}
        east, north = (rnd.uniform(-6, 6), rnd.uniform(-6, 6)) if rnd.random() < 0.9 else (0.0, 0.0)
        a_values.append(base)
        b_values.append(moved(base, east, north) if east or north else base)
        moves.append(math.hypot(east, north))
    for _, odd in ODD:
        a_values += [odd, footprint(114.0, 22.5)]
        b_values += [moved(footprint(114.0, 22.5), 0.1, 0.0), odd]
    open_ring = dict(ODD)["open ring"]
    a_values += [
        open_ring,
        {"type": "Point", "coordinates": [True, 22.5]},
    ]  # as good as equal, if read loosely
    b_values += [moved(open_ring, 0.01, 0.0), {"type": "Point", "coordinates": [1.0, 22.5]}]
    sure = geometries_within(a_values, b_values, [tolerance] * len(a_values))
    distances = geometry_distances_m(a_values, b_values)
    for ok, distance in zip(sure, distances, strict=True):
        if ok:
            assert distance is not None and distance <= tolerance + 1e-6
    assert not any(sure[400:])  # the odd ones are left to be measured
    # Every position moved by the same few metres: sure when that is (a little) within tolerance.
    small = [move <= 0.98 * tolerance for move in moves]
    assert [s for s, m in zip(sure[:400], small, strict=True) if m] == [True] * sum(small)
    assert sum(small) > (0 if tolerance == 0.0 else 20)
    assert not any(s for s, m in zip(sure[:400], moves, strict=True) if m > 1.02 * tolerance)
