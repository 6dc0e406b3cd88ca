"""Infiltration (Horton, Green-Ampt) and drainage sinks against closed-form results."""

from __future__ import annotations

import math

import numpy as np
import pytest

from citytwin.scenarios.flood import (
    Drainage,
    DrainageZone,
    FloodInputs,
    GreenAmptParams,
    Grid,
    HortonParams,
    Hyetograph,
    Infiltration,
    Rainfall,
    horton_cumulative_mm,
    run_flood,
)
from citytwin.scenarios.flood.infiltration import green_ampt_step, horton_step

GREEN = 2
HORTON = HortonParams(f0_mm_h=80.0, fc_mm_h=10.0, k_per_h=3.0)


def _box(n: int = 8) -> tuple[Grid, np.ndarray]:
    return Grid(x0=0.0, y0=n * 10.0, dx=10.0, nx=n, ny=n), np.zeros((n, n))


def test_horton_under_ponding_matches_the_analytic_integral() -> None:
    grid, dem = _box()
    inputs = FloodInputs(
        grid=grid,
        dem=dem,
        duration_s=5400.0,
        landuse=np.full(grid.shape, GREEN, dtype=np.uint8),
        initial_depth=np.full(grid.shape, 0.5),
        infiltration=Infiltration(horton={"green": HORTON}),
    )
    result = run_flood(inputs)
    area = grid.nx * grid.ny * grid.cell_area
    expected = horton_cumulative_mm(HORTON, 5400.0) / 1000 * area
    assert result.mass_balance.infiltration_m3 == pytest.approx(expected, rel=1e-10)
    assert abs(result.mass_balance.relative_error) < 1e-12


def test_horton_takes_all_rain_below_its_capacity() -> None:
    grid, dem = _box()
    inputs = FloodInputs(
        grid=grid,
        dem=dem,
        duration_s=3600.0,
        landuse=np.full(grid.shape, GREEN, dtype=np.uint8),
        rainfall=Rainfall(hyetograph=Hyetograph.constant(8.0, 3600.0)),  # below fc = 10 mm/h
        infiltration=Infiltration(horton={"green": HORTON}),
    )
    balance = run_flood(inputs).mass_balance
    assert balance.infiltration_m3 == pytest.approx(balance.rain_m3, rel=1e-12)
    assert balance.final_storage_m3 < 1e-9 * balance.rain_m3


def test_water_limited_horton_keeps_its_capacity() -> None:
    # Only 2 mm of water: the clock advances just enough to take it, so capacity stays near f0.
    params = (80.0 / 3.6e6, 10.0 / 3.6e6, 3.0 / 3600)
    taken, tau = horton_step(params, 0.0, 600.0, 0.002)
    assert taken == 0.002
    cumulative = horton_cumulative_mm(HortonParams(80.0, 10.0, 3.0), tau) / 1000
    assert cumulative == pytest.approx(0.002, rel=1e-12)
    assert 0 < tau < 600.0


def test_green_ampt_steps_follow_the_implicit_solution() -> None:
    ks, psi, dtheta = 10.0 / 3.6e6, 0.11, 0.3
    suction = psi * dtheta
    cumulative = 0.0
    for _ in range(120):
        _, cumulative = green_ampt_step(ks, suction, cumulative, 30.0, 1.0)
    # Ponded Green-Ampt: F - S ln(1 + F/S) = Ks t.
    residual = cumulative - suction * math.log1p(cumulative / suction) - ks * 3600.0
    assert abs(residual) < 1e-12
    grid, dem = _box(4)
    inputs = FloodInputs(
        grid=grid,
        dem=dem,
        duration_s=3600.0,
        landuse=np.full(grid.shape, GREEN, dtype=np.uint8),
        initial_depth=np.full(grid.shape, 0.3),
        infiltration=Infiltration(
            model="green_ampt", green_ampt={"green": GreenAmptParams(10.0, 110.0, 0.3)}
        ),
    )
    balance = run_flood(inputs).mass_balance
    assert balance.infiltration_m3 == pytest.approx(cumulative * 16 * grid.cell_area, rel=1e-9)


@pytest.mark.parametrize(("water_m", "rate_mm_h", "removed_m"), [(0.010, 36.0, 0.006), (0.004, 72.0, 0.004)])
def test_drainage_removes_its_capacity_and_no_more(
    water_m: float, rate_mm_h: float, removed_m: float
) -> None:
    grid, dem = _box()
    inputs = FloodInputs(
        grid=grid,
        dem=dem,
        duration_s=600.0,
        initial_depth=np.full(grid.shape, water_m),
        drainage=Drainage(uniform_mm_h=rate_mm_h),
    )
    result = run_flood(inputs)
    assert result.mass_balance.drainage_m3 == pytest.approx(removed_m * 64 * grid.cell_area, rel=1e-9)
    assert abs(result.mass_balance.relative_error) < 1e-12


def test_drainage_layers_uniform_raster_and_zones() -> None:
    zone = np.zeros((2, 3), dtype=bool)
    zone[0, 0] = True
    raster = np.full((2, 3), 5.0)
    raster[1, 2] = 9.0
    field = Drainage(uniform_mm_h=1.0, raster_mm_h=raster, zones=(DrainageZone(zone, 30.0),)).field_mm_h(
        (2, 3)
    )
    assert field.tolist() == [[30.0, 5.0, 5.0], [5.0, 5.0, 9.0]]
    assert Drainage(uniform_mm_h=2.0).field_mm_h((1, 2)).tolist() == [[2.0, 2.0]]
