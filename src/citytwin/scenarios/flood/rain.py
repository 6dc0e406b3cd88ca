"""Rainfall: hyetographs, the Chicago design storm from a storm-intensity formula, gauge interpolation.

Storm-intensity formulas in China (GB 50014) give the average intensity over a duration t as
``i = A(1 + C·lg P) / (t + b)^n`` with ``i`` and ``A`` in mm/min, ``t`` and ``b`` in minutes, P the
return period in years; the same formula multiplied by 167 gives q in L/(s·ha).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from numba import njit

from citytwin.errors import BadRequestData
from citytwin.scenarios.flood.grid import Grid

MM_H_TO_M_S = 1.0 / 3.6e6


@dataclass(frozen=True)
class Hyetograph:
    """Rain intensity (mm/h) held constant over consecutive intervals of ``step_s`` from ``start_s``."""

    step_s: float
    intensities_mm_h: tuple[float, ...]
    start_s: float = 0.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.step_s) and self.step_s > 0):
            raise BadRequestData(f"hyetograph step must be positive, got {self.step_s}")
        if not math.isfinite(self.start_s) or self.start_s < 0:
            raise BadRequestData(f"hyetograph start must be >= 0, got {self.start_s}")
        if any(not math.isfinite(i) or i < 0 for i in self.intensities_mm_h):
            raise BadRequestData("rain intensities must be finite and >= 0 mm/h")

    @classmethod
    def constant(cls, intensity_mm_h: float, duration_s: float) -> Hyetograph:
        """A block of constant intensity lasting ``duration_s``."""
        return cls(step_s=duration_s, intensities_mm_h=(float(intensity_mm_h),))

    @property
    def end_s(self) -> float:
        """Time at which the last interval ends."""
        return self.start_s + self.step_s * len(self.intensities_mm_h)

    @property
    def total_mm(self) -> float:
        """Total rain depth in mm."""
        return float(np.sum(np.asarray(self.intensities_mm_h, dtype=np.float64)) * self.step_s / 3600.0)

    def rate_mm_h(self, t: float) -> float:
        """Intensity at time t (mm/h); an interval includes its start and excludes its end."""
        k = math.floor((t - self.start_s) / self.step_s)
        if 0 <= k < len(self.intensities_mm_h):
            return self.intensities_mm_h[k]
        return 0.0

    def breakpoints(self) -> npt.NDArray[np.float64]:
        """Times at which the intensity may change."""
        return self.start_s + self.step_s * np.arange(len(self.intensities_mm_h) + 1, dtype=np.float64)


@dataclass(frozen=True)
class StormFormula:
    """Storm-intensity formula ``i = A(1 + C·lg P)/(t + b)^n``: A in mm/min, b in min, t in min."""

    A: float
    C: float
    b: float
    n: float

    def __post_init__(self) -> None:
        if not (self.A > 0 and self.b >= 0 and 0 < self.n < 1):
            raise BadRequestData(f"storm formula needs A > 0, b >= 0 and 0 < n < 1, got {self}")

    def a1(self, return_period_y: float) -> float:
        """A(1 + C·lg P) in mm/min."""
        if return_period_y <= 0:
            raise BadRequestData(f"return period must be positive, got {return_period_y}")
        return self.A * (1.0 + self.C * math.log10(return_period_y))

    def intensity_mm_min(self, return_period_y: float, duration_min: float) -> float:
        """Average intensity over ``duration_min`` for the return period (mm/min)."""
        return self.a1(return_period_y) / math.pow(duration_min + self.b, self.n)

    def intensity_l_s_ha(self, return_period_y: float, duration_min: float) -> float:
        """The same intensity as a design flow rate q in L/(s·ha) (1 mm/min = 166.67 L/(s·ha))."""
        return self.intensity_mm_min(return_period_y, duration_min) * 1e4 / 60.0

    def depth_mm(self, return_period_y: float, duration_min: float) -> float:
        """Total depth of the storm: average intensity x duration (mm)."""
        return self.intensity_mm_min(return_period_y, duration_min) * duration_min


def _chicago_cumulative(formula: StormFormula, a1: float, r: float, total: float, t: float) -> float:
    """Cumulative Chicago depth (mm) from the start to minute t of a storm of ``total`` minutes."""
    b, n = formula.b, formula.n
    tp = r * total

    def before(s: float) -> float:
        # Depth between peak-s and the peak: its derivative is the Keifer-Chu rising-limb intensity.
        return 0.0 if r <= 0.0 else a1 * s / math.pow(s / r + b, n)

    def after(s: float) -> float:
        return 0.0 if r >= 1.0 else a1 * s / math.pow(s / (1.0 - r) + b, n)

    if t <= tp:
        return before(tp) - before(tp - t)
    return before(tp) + after(t - tp)


def chicago_hyetograph(
    formula: StormFormula,
    return_period_y: float,
    duration_min: float,
    step_min: float,
    peak_ratio: float,
) -> Hyetograph:
    """Chicago (Keifer & Chu 1957) design hyetograph, integrated exactly over each time step.

    Block depths are differences of the cumulative Chicago curve at step boundaries, so the storm's
    total depth telescopes to ``formula.depth_mm(P, duration)`` to round-off, whatever the step.
    """
    if not (0.0 <= peak_ratio <= 1.0):
        raise BadRequestData(f"peak position ratio r must be in [0, 1], got {peak_ratio}")
    if not (duration_min > 0 and step_min > 0):
        raise BadRequestData("storm duration and time step must be positive")
    steps = round(duration_min / step_min)
    if steps < 1 or abs(steps * step_min - duration_min) > 1e-9 * duration_min:
        raise BadRequestData(f"duration {duration_min} min is not a whole number of {step_min} min steps")
    a1 = formula.a1(return_period_y)
    edges = [
        _chicago_cumulative(formula, a1, peak_ratio, duration_min, k * step_min) for k in range(steps + 1)
    ]
    depths = np.diff(np.asarray(edges, dtype=np.float64))
    intensities = depths * (60.0 / step_min)
    return Hyetograph(step_s=step_min * 60.0, intensities_mm_h=tuple(float(v) for v in intensities))


def drainage_capacity_from_design(
    formula: StormFormula,
    design_return_period_y: float,
    concentration_time_min: float,
    runoff_coefficient: float = 1.0,
) -> float:
    """Surface-water removal rate (mm/h) of a pipe network designed for a P-year storm.

    A network sized by the rational method carries ``ψ·q(P, t_c)·F``; expressed per unit of
    catchment area that is ``ψ·i(P, t_c)``, the rate at which the sink removes ponded water.
    """
    if not (0.0 < runoff_coefficient <= 1.0):
        raise BadRequestData(f"runoff coefficient must be in (0, 1], got {runoff_coefficient}")
    if concentration_time_min <= 0:
        raise BadRequestData("concentration time must be positive")
    i = formula.intensity_mm_min(design_return_period_y, concentration_time_min)
    return runoff_coefficient * i * 60.0


@dataclass(frozen=True)
class RainGauge:
    """A rain gauge (or forecast point) in the grid's CRS with its own hyetograph."""

    name: str
    x: float
    y: float
    hyetograph: Hyetograph


@dataclass(frozen=True)
class Rainfall:
    """Uniform rain (one hyetograph) or spatial rain (gauges interpolated onto the grid)."""

    hyetograph: Hyetograph | None = None
    gauges: tuple[RainGauge, ...] = ()
    method: Literal["idw", "nearest"] = "idw"
    power: float = 2.0

    def __post_init__(self) -> None:
        if (self.hyetograph is None) == (len(self.gauges) == 0):
            raise BadRequestData("rainfall needs exactly one of: a hyetograph, or one or more gauges")
        if self.method not in ("idw", "nearest"):
            raise BadRequestData(f"unknown rain interpolation {self.method!r}; use 'idw' or 'nearest'")
        if not (self.power > 0):
            raise BadRequestData("IDW power must be positive")

    def breakpoints(self) -> npt.NDArray[np.float64]:
        """Times at which any intensity may change (the engine ends time steps on them)."""
        series = [self.hyetograph] if self.hyetograph is not None else [g.hyetograph for g in self.gauges]
        return np.unique(np.concatenate([s.breakpoints() for s in series]))

    @property
    def spatial(self) -> bool:
        """True when rain varies in space."""
        return self.hyetograph is None

    def uniform_rate_mm_h(self, t: float) -> float:
        """Intensity (mm/h) at time t of uniform rain."""
        if self.hyetograph is None:
            raise BadRequestData("spatial rain has no single intensity")
        return self.hyetograph.rate_mm_h(t)

    def field_mm_h(self, grid: Grid, t: float) -> npt.NDArray[np.float64]:
        """Rain intensity (mm/h) on every cell at time t."""
        if self.hyetograph is not None:
            return np.full(grid.shape, self.hyetograph.rate_mm_h(t), dtype=np.float64)
        gx = np.array([g.x for g in self.gauges], dtype=np.float64)
        gy = np.array([g.y for g in self.gauges], dtype=np.float64)
        rates = np.array([g.hyetograph.rate_mm_h(t) for g in self.gauges], dtype=np.float64)
        out = np.empty(grid.shape, dtype=np.float64)
        _interpolate(
            (grid.x_centres(), grid.y_centres()), (gx, gy, rates), (self.power, self.method == "nearest"), out
        )
        return out


@njit(cache=True)
def _interpolate(centres: Any, gauges: Any, how: Any, out: npt.NDArray[np.float64]) -> None:
    xc, yc = centres
    gx, gy, rates = gauges
    power, nearest = how
    # Cell by cell without temporaries: a district grid has millions of cells and a few gauges.
    half_power = 0.5 * power
    for r in range(yc.shape[0]):
        for c in range(xc.shape[0]):
            best = np.inf
            best_k = 0
            wsum = 0.0
            vsum = 0.0
            exact = -1
            for k in range(gx.shape[0]):
                d2 = (xc[c] - gx[k]) ** 2 + (yc[r] - gy[k]) ** 2
                if d2 < best:
                    best = d2
                    best_k = k
                if d2 == 0.0:
                    exact = k
                elif not nearest:
                    w = 1.0 / d2**half_power
                    wsum += w
                    vsum += w * rates[k]
            if nearest:
                out[r, c] = rates[best_k]
            elif exact >= 0:
                out[r, c] = rates[exact]
            else:
                out[r, c] = vsum / wsum
