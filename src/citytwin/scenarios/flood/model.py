"""The flood run: time stepping, events, outputs, mass balance, progress and cancellation.

``run_flood(inputs)`` builds the static domain, picks an engine (numba CPU by default, the numpy
reference, or the optional GPU path) and steps it with the adaptive CFL time step
``dt = alpha·dx/sqrt(g·hmax)``, cut so that steps end exactly on output times, on rain breakpoints
(rain is constant within a step) and at the end of the run.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from citytwin.errors import CitytwinError
from citytwin.scenarios.flood.domain import Domain
from citytwin.scenarios.flood.grid import Grid
from citytwin.scenarios.flood.impacts import DepthClassArea, flooded_area_by_class
from citytwin.scenarios.flood.inputs import FloodInputs
from citytwin.scenarios.flood.tiles import CpuEngine, set_threads

FloatArray = npt.NDArray[np.float64]
Progress = Callable[[float, float], None]
Cancel = threading.Event | Callable[[], bool]


class FloodCancelled(CitytwinError):
    """The run was cancelled between two time steps; ``partial`` holds the results so far."""

    status = 409
    title = "Flood run cancelled"

    def __init__(self, detail: str, partial: FloodResult) -> None:
        super().__init__(detail, sim_time_s=partial.sim_time_s)
        self.partial = partial


class Engine(Protocol):
    """What the time loop needs from an engine (CPU tiles or GPU)."""

    def set_rain(self, rate: FloatArray | None) -> None: ...
    def hmax(self) -> float: ...
    def boundary_hmax(self) -> float: ...
    def apply_boundaries(self, t: float) -> None: ...
    def step(self, dt: float, source_depths: list[float]) -> tuple[float, float, float]: ...
    def sample(self) -> tuple[FloatArray, FloatArray]: ...
    def totals(self) -> tuple[float, float, float]: ...
    def storage(self) -> float: ...
    def gather(self, name: str) -> npt.NDArray[Any]: ...


@dataclass(frozen=True)
class MassBalance:
    """Volumes (m³) entering and leaving the grid over the run, and what is left unexplained."""

    initial_storage_m3: float
    rain_m3: float
    inflow_m3: float
    boundary_in_m3: float
    boundary_out_m3: float
    infiltration_m3: float
    drainage_m3: float
    roof_unrouted_m3: float
    final_storage_m3: float

    @property
    def error_m3(self) -> float:
        """initial + in - out - final; zero up to round-off for a conservative scheme."""
        ins = self.initial_storage_m3 + self.rain_m3 + self.inflow_m3 + self.boundary_in_m3
        outs = self.boundary_out_m3 + self.infiltration_m3 + self.drainage_m3 + self.roof_unrouted_m3
        return ins - outs - self.final_storage_m3

    @property
    def relative_error(self) -> float:
        """error divided by all water that was ever in the grid."""
        total = self.initial_storage_m3 + self.rain_m3 + self.inflow_m3 + self.boundary_in_m3
        return self.error_m3 / total if total > 0 else 0.0

    def to_dict(self) -> dict[str, float]:
        """JSON-able report including the error terms."""
        out = {k: float(v) for k, v in self.__dict__.items()}
        out["error_m3"] = self.error_m3
        out["relative_error"] = self.relative_error
        return out


@dataclass(frozen=True, eq=False)
class FloodResult:
    """Outputs of a run. Snapshots are float32 (0.1 µm at 1 m depth); final state keeps the run dtype."""

    grid: Grid
    times_s: FloatArray  # output times
    depth: npt.NDArray[np.float32]  # (n_out, ny, nx)
    u: npt.NDArray[np.float32]  # eastward velocity at cell centres
    v: npt.NDArray[np.float32]  # northward velocity at cell centres
    max_depth: npt.NDArray[np.floating]
    max_speed: npt.NDArray[np.floating]
    final_depth: npt.NDArray[np.floating]
    gauge_names: tuple[str, ...]
    gauge_times_s: FloatArray  # (n_steps + 1,)
    gauge_depth: FloatArray  # (n_steps + 1, n_gauges)
    gauge_speed: FloatArray
    mass_balance: MassBalance
    depth_classes: tuple[float, ...]
    n_steps: int
    sim_time_s: float
    wall_time_s: float
    inputs_fingerprint: str
    stats: dict[str, float] = field(default_factory=dict)

    @property
    def speed(self) -> npt.NDArray[np.float32]:
        """Speed at cell centres for every snapshot."""
        return np.hypot(self.u, self.v)

    @property
    def cell_updates_per_s(self) -> float:
        """Cells x steps / wall time of the stepping loop."""
        return self.grid.nx * self.grid.ny * self.n_steps / max(self.stats.get("loop_s", 0.0), 1e-12)

    def flooded_area(self, depth: npt.NDArray[np.floating] | None = None) -> list[DepthClassArea]:
        """Area per depth class of ``depth`` (default: the maximum depth)."""
        grid_depth = self.max_depth if depth is None else depth
        return flooded_area_by_class(grid_depth, self.grid.cell_area, self.depth_classes)

    def gauge(self, name: str) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(times, depth, speed) recorded at the named gauge."""
        k = self.gauge_names.index(name)
        return self.gauge_times_s, self.gauge_depth[:, k], self.gauge_speed[:, k]

    def arrival_time(self, name: str, threshold: float = 0.01) -> float | None:
        """First time the gauge's depth exceeds ``threshold`` metres (None if it never does)."""
        times, depth, _ = self.gauge(name)
        above = np.flatnonzero(depth > threshold)
        return float(times[above[0]]) if above.size else None

    def summary(self) -> dict[str, Any]:
        """A small JSON-able summary for job records."""
        return {
            "inputs_fingerprint": self.inputs_fingerprint,
            "sim_time_s": self.sim_time_s,
            "n_steps": self.n_steps,
            "wall_time_s": self.wall_time_s,
            "max_depth_m": float(self.max_depth.max(initial=0.0)),
            "max_speed_m_s": float(self.max_speed.max(initial=0.0)),
            "flooded_area": [a.to_dict() for a in self.flooded_area()],
            "mass_balance": self.mass_balance.to_dict(),
            **{k: float(v) for k, v in self.stats.items()},
        }


def _is_cancelled(cancel: Cancel | None) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


def make_engine(dom: Domain) -> Engine:
    """The engine that ``inputs.options.backend`` asks for."""
    opts = dom.inputs.options
    if opts.backend == "gpu":
        # Imported here so CPU runs never load CUDA.
        from citytwin.scenarios.flood.gpu import GpuEngine

        return GpuEngine(dom)
    return CpuEngine(dom, opts.backend, opts.threads, opts.tile_size)


def _event_times(inputs: FloodInputs) -> FloatArray:
    end = inputs.duration_s
    times = [end]
    if inputs.output_interval_s is not None:
        k = np.arange(1, math.floor(end / inputs.output_interval_s + 1e-9) + 1)
        times.extend((k * inputs.output_interval_s).tolist())
    if inputs.rainfall is not None:
        times.extend(inputs.rainfall.breakpoints().tolist())
    arr = np.unique(np.asarray(times, dtype=np.float64))
    return arr[(arr > 0) & (arr <= end)]


def _output_times(inputs: FloodInputs) -> set[float]:
    end = inputs.duration_s
    out = {end}
    if inputs.output_interval_s is not None:
        k = np.arange(1, math.floor(end / inputs.output_interval_s + 1e-9) + 1)
        out.update(float(x) for x in k * inputs.output_interval_s if x <= end)
    return out


class _Run:
    """State of one run of the time loop."""

    def __init__(self, inputs: FloodInputs) -> None:
        self.inputs = inputs
        # Hash the inputs before the run allocates its state: hashing copies every raster once.
        self.fingerprint = inputs.fingerprint()
        self.dom = Domain.build(inputs)
        self.engine = make_engine(self.dom)
        self.t = 0.0
        self.n_steps = 0
        self.rain_lost = 0.0  # m³/s right now
        self.acc = {"lost": 0.0, "inflow": 0.0, "b_in": 0.0, "b_out": 0.0}
        self.initial_storage = self.engine.storage() * inputs.grid.cell_area
        self.snapshots: list[tuple[float, npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any]]] = []
        self.g_times = [0.0]
        d, s = self.engine.sample()
        self.g_depth = [d]
        self.g_speed = [s]
        self.loop_s = 0.0

    def _set_rain(self) -> None:
        rate, lost = self.dom.rain_field(self.t)
        self.engine.set_rain(rate)
        self.rain_lost = lost

    def _snapshot(self) -> None:
        eng = self.engine
        h = eng.gather("h").astype(np.float64)
        qx = eng.gather("qx").astype(np.float64)
        qy = eng.gather("qy").astype(np.float64)
        wet = h > self.inputs.options.h_velocity_min
        safe = np.where(wet, h, 1.0)
        u = np.where(wet, 0.5 * (qx[:, :-1] + qx[:, 1:]) / safe, 0.0)
        # Rows run southwards; report v positive to the north.
        v = np.where(wet, -0.5 * (qy[:-1, :] + qy[1:, :]) / safe, 0.0)
        self.snapshots.append((self.t, h.astype(np.float32), u.astype(np.float32), v.astype(np.float32)))

    def run(self, progress: Progress | None, cancel: Cancel | None) -> FloodResult:
        inputs, eng, opts = self.inputs, self.engine, self.inputs.options
        end = inputs.duration_s
        events = _event_times(inputs)
        outputs = _output_times(inputs)
        rain_breaks = set(inputs.rainfall.breakpoints().tolist()) if inputs.rainfall is not None else set()
        dx, area = inputs.grid.dx, inputs.grid.cell_area
        sources = self.dom.sources
        self._set_rain()
        hmax = eng.hmax()
        next_event = 0
        last_report = -1.0
        started = time.perf_counter()
        while self.t < end:
            if _is_cancelled(cancel):
                self.loop_s += time.perf_counter() - started
                raise FloodCancelled(f"cancelled at t = {self.t:.1f} s", self._result())
            eng.apply_boundaries(self.t)
            depth_for_dt = max(hmax, eng.boundary_hmax())
            dt = opts.dt_max
            if depth_for_dt > opts.h_min:
                dt = min(dt, opts.alpha * dx / math.sqrt(opts.g * depth_for_dt))
            target = float(events[next_event])
            t_new = self.t + dt
            if t_new >= target - 1e-9 * max(1.0, target):
                t_new = target
                next_event += 1
            dt = t_new - self.t
            depths = []
            for src in sources:
                volume = src.hydrograph.integral(self.t, t_new)
                self.acc["inflow"] += volume
                depths.append(volume / (src.rows.shape[0] * area))
            b_in, b_out, hmax = eng.step(dt, depths)
            self.acc["b_in"] += b_in
            self.acc["b_out"] += b_out
            self.acc["lost"] += self.rain_lost * dt
            self.t = t_new
            self.n_steps += 1
            if self.dom.gauge_rows.size:
                d, s = eng.sample()
                self.g_times.append(self.t)
                self.g_depth.append(d)
                self.g_speed.append(s)
            if self.t in outputs:
                self._snapshot()
            if self.t in rain_breaks:
                self._set_rain()
            frac = self.t / end
            if progress is not None and (frac - last_report >= 0.01 or frac >= 1.0):
                last_report = frac
                progress(frac, self.t)
        self.loop_s += time.perf_counter() - started
        return self._result()

    def _result(self) -> FloodResult:
        eng, inputs = self.engine, self.inputs
        area = inputs.grid.cell_area
        rain, infil, drain = eng.totals()
        balance = MassBalance(
            initial_storage_m3=self.initial_storage,
            rain_m3=rain * area + self.acc["lost"],
            inflow_m3=self.acc["inflow"],
            boundary_in_m3=self.acc["b_in"],
            boundary_out_m3=self.acc["b_out"],
            infiltration_m3=infil * area,
            drainage_m3=drain * area,
            roof_unrouted_m3=self.acc["lost"],
            final_storage_m3=eng.storage() * area,
        )
        ny, nx = inputs.grid.shape
        snaps = self.snapshots
        empty = np.zeros((0, ny, nx), dtype=np.float32)
        names = tuple(g.name for g in inputs.gauges)
        ng = len(names)
        return FloodResult(
            grid=inputs.grid,
            times_s=np.array([s[0] for s in snaps], dtype=np.float64),
            depth=np.stack([s[1] for s in snaps]) if snaps else empty,
            u=np.stack([s[2] for s in snaps]) if snaps else empty,
            v=np.stack([s[3] for s in snaps]) if snaps else empty,
            max_depth=eng.gather("maxh"),
            max_speed=eng.gather("maxs"),
            final_depth=eng.gather("h"),
            gauge_names=names,
            gauge_times_s=np.array(self.g_times if ng else [], dtype=np.float64),
            gauge_depth=np.array(self.g_depth, dtype=np.float64).reshape(-1, ng) if ng else np.zeros((0, 0)),
            gauge_speed=np.array(self.g_speed, dtype=np.float64).reshape(-1, ng) if ng else np.zeros((0, 0)),
            mass_balance=balance,
            depth_classes=inputs.depth_classes,
            n_steps=self.n_steps,
            sim_time_s=self.t,
            wall_time_s=self.loop_s,
            inputs_fingerprint=self.fingerprint,
            stats={"loop_s": self.loop_s, "cells": float(nx * ny), "steps": float(self.n_steps)},
        )


def run_flood(
    inputs: FloodInputs, progress: Progress | None = None, cancel: Cancel | None = None
) -> FloodResult:
    """Run the flood model on ``inputs``; ``progress(fraction, sim_time_s)`` and ``cancel`` are optional."""
    threads = inputs.options.threads
    previous = set_threads(threads) if threads > 1 else None
    try:
        return _Run(inputs).run(progress, cancel)
    finally:
        if previous is not None:
            set_threads(previous)
