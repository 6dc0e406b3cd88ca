"""Affected buildings, roads and devices, and flooded area by depth class."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

from citytwin.scenarios.flood import (
    FloodInputs,
    Grid,
    Hyetograph,
    Rainfall,
    building_entrance_depths,
    device_depths,
    flooded_area_by_class,
    road_impacts,
    run_flood,
)

GRID = Grid(x0=0.0, y0=100.0, dx=10.0, nx=10, ny=10)


def test_flooded_area_by_class() -> None:
    depth = np.array([[0.0, 0.04, 0.05, 0.1], [0.2, 0.3, 0.49, 0.5], [0.9, 2.0, 0.149, 0.151]])
    classes = flooded_area_by_class(depth, 100.0)
    assert [(c.min_m, c.max_m, c.cells) for c in classes] == [
        (0.05, 0.15, 3),
        (0.15, 0.3, 2),
        (0.3, 0.5, 2),
        (0.5, None, 3),
    ]
    assert classes[0].area_m2 == 300.0


def test_building_entrance_depth_is_the_deepest_water_around_it() -> None:
    depth = np.zeros(GRID.shape)
    depth[4, 2] = 0.25  # west of building A, next to its wall
    depth[4, 0] = 0.9  # two cells away: outside a one-cell ring
    depth[5, 4] = 3.0  # inside the footprint: ignored
    a = shapely.box(30.0, 40.0, 60.0, 60.0)  # cells: cols 3-5, rows 4-5
    b = shapely.box(80.0, 80.0, 100.0, 100.0)
    depths = building_entrance_depths(depth, GRID, {"A": a, "B": b})
    assert depths == {"A": 0.25, "B": 0.0}
    wider = building_entrance_depths(depth, GRID, {"A": a}, ring_cells=3)
    assert wider["A"] == 0.9


def test_roads_are_impassable_where_water_is_deep() -> None:
    depth = np.zeros(GRID.shape)
    depth[5, 3:6] = 0.4
    roads = {
        "through": shapely.LineString([(0.0, 55.0), (100.0, 55.0)]),  # along row 4, dry
        "flooded": shapely.LineString([(0.0, 45.0), (100.0, 45.0)]),  # along row 5
    }
    impacts = road_impacts(depth, GRID, roads, threshold_m=0.3)
    assert not impacts["through"].impassable and impacts["through"].max_depth_m == 0.0
    assert impacts["flooded"].impassable and impacts["flooded"].max_depth_m == 0.4
    assert impacts["flooded"].flooded_length_m == pytest.approx(30.0, abs=5.0)


def test_device_depths_and_outside_points() -> None:
    depth = np.arange(100, dtype=float).reshape(10, 10) / 100
    got = device_depths(depth, GRID, {"a": (15.0, 95.0), "b": (95.0, 5.0), "out": (150.0, 5.0)})
    assert got == {"a": 0.01, "b": 0.99, "out": None}


def test_result_summary_is_json() -> None:
    grid = Grid(x0=0.0, y0=40.0, dx=10.0, nx=4, ny=4)
    result = run_flood(
        FloodInputs(
            grid=grid,
            dem=np.zeros(grid.shape),
            duration_s=600.0,
            rainfall=Rainfall(hyetograph=Hyetograph.constant(600.0, 600.0)),
        )
    )
    summary = json.loads(json.dumps(result.summary()))
    assert summary["flooded_area"][0]["cells"] == 16  # 0.1 m everywhere
    assert summary["mass_balance"]["rain_m3"] == pytest.approx(160.0)
    assert result.flooded_area()[0].area_m2 == 1600.0
