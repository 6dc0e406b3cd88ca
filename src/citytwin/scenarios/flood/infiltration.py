"""Infiltration per land use: Horton (default) and Green-Ampt, as step functions the kernel calls.

Horton's capacity ``f(τ) = fc + (f0 - fc)·exp(-kτ)`` decays with the time τ the soil has been
infiltrating. Each step removes the exact integral of the capacity over the step (or less when the
cell holds less water); a water-limited step advances τ only by the time the capacity curve would
have needed to take in what was actually infiltrated (the cumulative form used by SWMM's modified
Horton), so a cell that runs dry keeps its remaining capacity. Recovery during dry spells is not
modelled: flood events are short compared with soil drying.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt
from numba import njit

from citytwin.errors import BadRequestData
from citytwin.scenarios.flood.grid import LandUse, parse_land_use

MM_H = 1.0 / 3.6e6  # mm/h -> m/s

MODEL_NONE = 0
MODEL_HORTON = 1
MODEL_GREEN_AMPT = 2


@dataclass(frozen=True)
class HortonParams:
    """Horton parameters: initial and final capacity (mm/h) and decay constant (1/h)."""

    f0_mm_h: float
    fc_mm_h: float
    k_per_h: float

    def __post_init__(self) -> None:
        if not (0 <= self.fc_mm_h <= self.f0_mm_h and self.k_per_h >= 0):
            raise BadRequestData(f"Horton needs 0 <= fc <= f0 and k >= 0, got {self}")


@dataclass(frozen=True)
class GreenAmptParams:
    """Green-Ampt parameters: saturated conductivity (mm/h), suction head (mm), moisture deficit (-)."""

    ks_mm_h: float
    psi_mm: float
    delta_theta: float

    def __post_init__(self) -> None:
        if not (self.ks_mm_h >= 0 and self.psi_mm >= 0 and 0 <= self.delta_theta <= 1):
            raise BadRequestData(f"Green-Ampt needs Ks >= 0, psi >= 0, 0 <= dtheta <= 1, got {self}")


# Paved surfaces, roofs and water bodies take no infiltration. Green areas: SWMM manual typical
# values (f0 = 3 in/h, fc = 0.5 in/h, k = 4/h); Green-Ampt loam from Rawls et al. (1983).
DEFAULT_HORTON: dict[LandUse, HortonParams] = {
    LandUse.ROAD: HortonParams(0.0, 0.0, 0.0),
    LandUse.ROOF: HortonParams(0.0, 0.0, 0.0),
    LandUse.GREEN: HortonParams(76.2, 12.7, 4.0),
    LandUse.WATER: HortonParams(0.0, 0.0, 0.0),
}
DEFAULT_GREEN_AMPT: dict[LandUse, GreenAmptParams] = {
    LandUse.ROAD: GreenAmptParams(0.0, 0.0, 0.0),
    LandUse.ROOF: GreenAmptParams(0.0, 0.0, 0.0),
    LandUse.GREEN: GreenAmptParams(3.4, 88.9, 0.3),
    LandUse.WATER: GreenAmptParams(0.0, 0.0, 0.0),
}


@dataclass(frozen=True)
class Infiltration:
    """Which infiltration model runs, with per-class parameter overrides (class name -> params)."""

    model: Literal["horton", "green_ampt"] = "horton"
    horton: dict[str, HortonParams] = field(default_factory=dict)
    green_ampt: dict[str, GreenAmptParams] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.model not in ("horton", "green_ampt"):
            raise BadRequestData(f"unknown infiltration model {self.model!r}; use horton or green_ampt")
        for name in (*self.horton, *self.green_ampt):
            parse_land_use(name)

    def table(self) -> tuple[int, npt.NDArray[np.float64]]:
        """(model code, per-class parameters in SI units) for the kernel.

        Horton rows are (f0 m/s, fc m/s, k 1/s); Green-Ampt rows are (Ks m/s, psi·dtheta m, 0).
        """
        tab = np.zeros((len(LandUse), 3), dtype=np.float64)
        if self.model == "horton":
            hp = dict(DEFAULT_HORTON)
            hp.update({parse_land_use(k): v for k, v in self.horton.items()})
            for cls, p in hp.items():
                tab[cls] = (p.f0_mm_h * MM_H, p.fc_mm_h * MM_H, p.k_per_h / 3600.0)
            return MODEL_HORTON, tab
        gp = dict(DEFAULT_GREEN_AMPT)
        gp.update({parse_land_use(k): v for k, v in self.green_ampt.items()})
        for cls, q in gp.items():
            tab[cls] = (q.ks_mm_h * MM_H, q.psi_mm * 1e-3 * q.delta_theta, 0.0)
        return MODEL_GREEN_AMPT, tab


def horton_cumulative_mm(p: HortonParams, t_s: float) -> float:
    """Analytic Horton infiltration (mm) after t seconds of ponding: fc·t + (f0-fc)/k·(1-e^-kt)."""
    hours = t_s / 3600.0
    if p.k_per_h == 0.0:
        return p.f0_mm_h * hours
    return p.fc_mm_h * hours + (p.f0_mm_h - p.fc_mm_h) / p.k_per_h * -math.expm1(-p.k_per_h * hours)


@njit(cache=True)
def horton_step(
    params: tuple[float, float, float], tau: float, dt: float, avail: float
) -> tuple[float, float]:
    """(infiltrated depth, new clock) for one Horton step; params = (f0, fc, k) in SI units."""
    f0, fc, k = params
    if f0 <= 0.0 or avail <= 0.0:
        return 0.0, tau
    if k <= 0.0:
        pot = f0 * dt
        if pot <= avail:
            return pot, tau + dt
        return avail, tau + avail / f0
    decay = math.exp(-k * tau)
    amp = (f0 - fc) / k * decay
    pot = fc * dt - amp * math.expm1(-k * dt)
    if pot <= avail:
        return pot, tau + dt
    # Water-limited: find s in [0, dt] with F(tau + s) - F(tau) = avail. F is increasing and concave
    # in s, so Newton from the tangent at s = 0 climbs monotonically to the root.
    s = avail / (fc + (f0 - fc) * decay)
    for _ in range(6):
        g = fc * s - amp * math.expm1(-k * s) - avail
        s -= g / (fc + (f0 - fc) * decay * math.exp(-k * s))
    return avail, tau + min(max(s, 0.0), dt)


@njit(cache=True)
def green_ampt_step(ks: float, suction: float, cum: float, dt: float, avail: float) -> tuple[float, float]:
    """(infiltrated depth, new cumulative depth) for one ponded Green-Ampt step, capped by ``avail``."""
    if ks <= 0.0 or avail <= 0.0:
        return 0.0, cum
    if suction <= 0.0:
        act = min(ks * dt, avail)
        return act, cum + act
    # Implicit Green-Ampt over the step: solve x - S·ln(1 + x/(F + S)) = Ks·dt for the increment x.
    # g(x) is convex and increasing; start above the root (ln(1+y) <= sqrt(y) gives the bound) so
    # Newton descends monotonically.
    kdt = ks * dt
    root = 0.5 * (math.sqrt(suction) + math.sqrt(suction + 4.0 * kdt))
    x = root * root
    base = cum + suction
    for _ in range(30):
        g = x - suction * math.log1p(x / base) - kdt
        step = g * (x + base) / (cum + x)
        x -= step
        if step <= 1e-15 * x:
            break
    act = min(x, avail)
    return act, cum + act
