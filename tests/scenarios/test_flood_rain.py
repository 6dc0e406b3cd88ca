"""Design storms, hyetographs, gauge interpolation and drainage capacity."""

from __future__ import annotations

import math

import numpy as np
import pytest

from citytwin.errors import BadRequestData
from citytwin.scenarios.flood import (
    Grid,
    Hyetograph,
    Rainfall,
    RainGauge,
    StormFormula,
    chicago_hyetograph,
    drainage_capacity_from_design,
)

# A storm-intensity formula of the usual Chinese form (A in mm/min, b in min).
FORMULA = StormFormula(A=8.7, C=0.594, b=11.13, n=0.555)


@pytest.mark.parametrize("peak", [0.0, 0.35, 0.5, 1.0])
@pytest.mark.parametrize(("duration", "step"), [(120.0, 5.0), (60.0, 1.0), (180.0, 10.0)])
def test_chicago_total_depth_equals_average_intensity_times_duration(
    peak: float, duration: float, step: float
) -> None:
    storm = chicago_hyetograph(FORMULA, 50.0, duration, step, peak)
    expected = FORMULA.intensity_mm_min(50.0, duration) * duration
    assert storm.total_mm == pytest.approx(expected, rel=1e-12)
    assert len(storm.intensities_mm_h) == round(duration / step)


def test_chicago_peak_block_holds_the_formula_intensity_for_its_duration() -> None:
    # Chicago's defining property: any window around the peak split r : (1 - r) averages the
    # formula's intensity for the window's duration. With r = 9/23 the 5-min block [45, 50] min of a
    # 120-min storm is such a window (peak at 120r = 46.96 min = 45 + 5r).
    r = 9 / 23
    storm = chicago_hyetograph(FORMULA, 10.0, 120.0, 5.0, r)
    assert int(np.argmax(storm.intensities_mm_h)) == 9
    assert storm.intensities_mm_h[9] == pytest.approx(FORMULA.intensity_mm_min(10.0, 5.0) * 60, rel=1e-12)
    # Rising before the peak, falling after it.
    assert np.all(np.diff(storm.intensities_mm_h[:10]) > 0)
    assert np.all(np.diff(storm.intensities_mm_h[9:]) < 0)


def test_chicago_rejects_partial_steps_and_bad_ratio() -> None:
    with pytest.raises(BadRequestData):
        chicago_hyetograph(FORMULA, 10.0, 120.0, 7.0, 0.4)
    with pytest.raises(BadRequestData):
        chicago_hyetograph(FORMULA, 10.0, 120.0, 5.0, 1.5)
    with pytest.raises(BadRequestData):
        StormFormula(A=8.7, C=0.6, b=11.0, n=1.2)


def test_formula_units() -> None:
    i = FORMULA.intensity_mm_min(2.0, 10.0)
    assert i == pytest.approx(8.7 * (1 + 0.594 * math.log10(2.0)) / (10.0 + 11.13) ** 0.555)
    assert FORMULA.intensity_l_s_ha(2.0, 10.0) == pytest.approx(166.667 * i, rel=1e-5)
    assert drainage_capacity_from_design(FORMULA, 3.0, 15.0, 0.8) == pytest.approx(
        0.8 * FORMULA.intensity_mm_min(3.0, 15.0) * 60
    )


def test_hyetograph_rate_and_breakpoints() -> None:
    h = Hyetograph(step_s=300.0, intensities_mm_h=(10.0, 40.0), start_s=60.0)
    assert h.rate_mm_h(0.0) == 0.0
    assert h.rate_mm_h(60.0) == 10.0
    assert h.rate_mm_h(359.9) == 10.0
    assert h.rate_mm_h(360.0) == 40.0
    assert h.rate_mm_h(660.0) == 0.0
    assert h.total_mm == pytest.approx(50.0 * 300 / 3600)
    assert list(h.breakpoints()) == [60.0, 360.0, 660.0]


def test_gauges_interpolate_by_inverse_distance_or_nearest() -> None:
    grid = Grid(x0=0.0, y0=10.0, dx=10.0, nx=3, ny=1)  # centres at x = 5, 15, 25
    west = RainGauge("w", 5.0, 5.0, Hyetograph.constant(10.0, 600.0))
    east = RainGauge("e", 25.0, 5.0, Hyetograph.constant(30.0, 300.0))
    idw = Rainfall(gauges=(west, east)).field_mm_h(grid, 0.0)
    assert idw.tolist() == [[10.0, 20.0, 30.0]]  # exact at gauges, mean half-way
    near = Rainfall(gauges=(west, east), method="nearest").field_mm_h(grid, 0.0)
    assert near[0, 0] == 10.0 and near[0, 2] == 30.0
    later = Rainfall(gauges=(west, east)).field_mm_h(grid, 400.0)
    assert later.tolist() == [[10.0, 5.0, 0.0]]
    assert Rainfall(gauges=(west, east)).breakpoints().tolist() == [0.0, 300.0, 600.0]


def test_rainfall_needs_exactly_one_source() -> None:
    with pytest.raises(BadRequestData):
        Rainfall()
    with pytest.raises(BadRequestData):
        Rainfall(
            hyetograph=Hyetograph.constant(1.0, 60.0),
            gauges=(RainGauge("a", 0, 0, Hyetograph.constant(1, 60)),),
        )
    with pytest.raises(BadRequestData):
        Hyetograph(step_s=60.0, intensities_mm_h=(-1.0,))
