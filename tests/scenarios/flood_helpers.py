"""Small flood scenarios shared by the flood tests."""

from __future__ import annotations

from typing import Any

import numpy as np

from citytwin.scenarios.flood import (
    Boundary,
    Drainage,
    FloodInputs,
    Gauge,
    Grid,
    Hyetograph,
    Infiltration,
    PointInflow,
    Rainfall,
    Series,
    SolverOptions,
)


def everything_case(**options: Any) -> FloodInputs:
    """A 30 x 25 grid that switches every feature on: buildings with roof routing, land use,
    Horton infiltration, drainage, a point inflow, a fixed-depth and a free boundary, gauges."""
    ny, nx = 25, 30
    grid = Grid(x0=500_000.0, y0=2_500_250.0, dx=10.0, nx=nx, ny=ny)
    rng = np.random.default_rng(7)
    x = np.arange(nx)
    dem = 0.02 * x[None, :] + 0.05 * np.sin(np.arange(ny))[:, None] + rng.normal(0, 0.02, (ny, nx))
    buildings = np.zeros((ny, nx), dtype=bool)
    buildings[5:9, 6:10] = True
    buildings[14:18, 18:23] = True
    landuse = np.zeros((ny, nx), dtype=np.uint8)
    landuse[:, 24:] = 2  # green strip to the east
    rain = Hyetograph(step_s=60.0, intensities_mm_h=(30.0, 120.0, 60.0))
    return FloodInputs(
        grid=grid,
        dem=dem,
        duration_s=240.0,
        landuse=landuse,
        buildings=buildings,
        rainfall=Rainfall(hyetograph=rain),
        infiltration=Infiltration(),
        drainage=Drainage(uniform_mm_h=6.0),
        inflows=(PointInflow("pipe", grid.x0 + 125.0, grid.y0 - 95.0, Series((0.0, 120.0), (0.0, 2.0))),),
        boundaries=(
            Boundary("west", "depth", Series((0.0, 240.0), (0.05, 0.3)), start=2_500_050.0, end=2_500_150.0),
            Boundary("east", "free", slope=0.01),
        ),
        gauges=(Gauge("g1", grid.x0 + 55.0, grid.y0 - 105.0), Gauge("g2", grid.x0 + 255.0, grid.y0 - 45.0)),
        output_interval_s=120.0,
        options=SolverOptions(**options),
    )


def with_options(inputs: FloodInputs, **options: Any) -> FloodInputs:
    """The same inputs with some solver options changed."""
    fields = {k: getattr(inputs, k) for k in inputs.__dataclass_fields__}
    current = {k: getattr(inputs.options, k) for k in inputs.options.__dataclass_fields__}
    fields["options"] = SolverOptions(**{**current, **options})
    return FloodInputs(**fields)


def bowl(n: int = 24, dx: float = 5.0) -> tuple[Grid, np.ndarray]:
    """A square grid with a bowl-shaped DEM symmetric in x and y."""
    grid = Grid(x0=0.0, y0=n * dx, dx=dx, nx=n, ny=n)
    c = (np.arange(n) + 0.5 - n / 2) * dx
    dem = 0.002 * (c[None, :] ** 2 + c[:, None] ** 2) / dx
    return grid, dem
