"""Grid geometry, building rasterisation, roof routing and Manning tables."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from citytwin.errors import BadRequestData
from citytwin.scenarios.flood import (
    Grid,
    LandUse,
    RoofRouting,
    building_mask,
    manning_table,
    rasterise_polygons,
)
from citytwin.scenarios.flood.grid import label_components


def test_rasterise_uses_cell_centres() -> None:
    grid = Grid(x0=1000.0, y0=2000.0, dx=2.0, nx=10, ny=8)
    # Covers x 1002..1008 (centres 1003, 1005, 1007) and y 1990..1996 (centres 1991, 1993, 1995).
    square = shapely.box(1002.0, 1990.0, 1008.0, 1996.0)
    tiny = shapely.box(1010.2, 1998.2, 1010.8, 1998.8)  # between centres: no cell
    labels = rasterise_polygons(grid, [square, tiny])
    rows, cols = np.nonzero(labels == 0)
    assert sorted(set(cols.tolist())) == [1, 2, 3]
    assert sorted(set(rows.tolist())) == [2, 3, 4]
    assert not (labels == 1).any()
    assert building_mask(grid, [square]).sum() == 9


def test_rasterise_rejects_invalid_polygons() -> None:
    grid = Grid(x0=0.0, y0=10.0, dx=1.0, nx=10, ny=10)
    bowtie = shapely.Polygon([(0, 0), (5, 5), (5, 0), (0, 5)])
    with pytest.raises(BadRequestData):
        rasterise_polygons(grid, [bowtie])


def test_components_are_four_connected() -> None:
    mask = np.array([[1, 1, 0, 0], [0, 1, 0, 1], [0, 0, 1, 1]], dtype=bool)
    labels, count = label_components(mask)
    assert count == 2  # the diagonal touch at (1,1)-(2,2) does not join blocks
    assert labels[0, 0] == labels[1, 1] != labels[2, 2]


def test_roof_routing_conserves_rain_and_feeds_neighbours() -> None:
    rng = np.random.default_rng(3)
    mask = rng.random((40, 50)) < 0.3
    rain = rng.random((40, 50))
    routing = RoofRouting.build(mask)
    routed, lost = routing.route(rain)
    assert lost == 0.0
    assert routed.sum() == pytest.approx(rain.sum(), rel=1e-13)
    assert (routed[mask] == 0).all()
    gained = (routed > rain + 1e-12) & ~mask
    # Every cell that gained water touches a building cell.
    padded = np.pad(mask, 1)
    touches = padded[:-2, 1:-1] | padded[2:, 1:-1] | padded[1:-1, :-2] | padded[1:-1, 2:]
    assert gained.any() and (touches[gained]).all()


def test_roof_without_ground_around_is_reported_as_lost() -> None:
    routing = RoofRouting.build(np.ones((3, 3), dtype=bool))
    routed, lost = routing.route(np.full((3, 3), 2.0))
    assert lost == pytest.approx(18.0)
    assert routed.sum() == 0.0


def test_manning_overrides_and_grid_lookups() -> None:
    table = manning_table({"green": 0.08, "ROAD": 0.02})
    assert table[LandUse.GREEN] == 0.08 and table[LandUse.ROAD] == 0.02
    with pytest.raises(BadRequestData):
        manning_table({"lava": 0.1})
    with pytest.raises(BadRequestData):
        manning_table({"road": -1.0})
    grid = Grid(x0=0.0, y0=100.0, dx=10.0, nx=5, ny=4)
    assert grid.cell_of(15.0, 95.0) == (0, 1)
    assert grid.bounds == (0.0, 60.0, 50.0, 100.0)
    with pytest.raises(BadRequestData):
        grid.cell_of(55.0, 95.0)
    with pytest.raises(BadRequestData):
        Grid(x0=0.0, y0=0.0, dx=0.0, nx=1, ny=1)
