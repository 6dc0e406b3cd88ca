"""The recorded inputs of a flood run: one frozen dataclass, serialisable to a JSON-able dict."""

from __future__ import annotations

import base64
import bisect
import hashlib
import math
from dataclasses import dataclass, field
from typing import Any, Literal

import msgspec
import numpy as np
import numpy.typing as npt

from citytwin.errors import BadRequestData
from citytwin.scenarios.flood.grid import Grid, manning_table
from citytwin.scenarios.flood.infiltration import Infiltration
from citytwin.scenarios.flood.rain import Rainfall

Edge = Literal["west", "east", "north", "south"]
EDGES: tuple[Edge, ...] = ("west", "east", "north", "south")


@dataclass(frozen=True)
class Series:
    """A piecewise-linear time series (hydrograph, boundary depth); held constant outside its range."""

    times_s: tuple[float, ...]
    values: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.times_s) != len(self.values) or not self.times_s:
            raise BadRequestData("a series needs as many values as times, at least one")
        t = np.asarray(self.times_s, dtype=np.float64)
        if not np.all(np.isfinite(t)) or not np.all(np.isfinite(self.values)):
            raise BadRequestData("series times and values must be finite")
        if np.any(np.diff(t) <= 0):
            raise BadRequestData("series times must increase strictly")

    @classmethod
    def constant(cls, value: float) -> Series:
        """A series that is ``value`` at all times."""
        return cls((0.0,), (float(value),))

    def at(self, t: float) -> float:
        """Linearly interpolated value at time t."""
        ts, vs = self.times_s, self.values
        if t <= ts[0]:
            return vs[0]
        if t >= ts[-1]:
            return vs[-1]
        k = bisect.bisect_right(ts, t) - 1
        w = (t - ts[k]) / (ts[k + 1] - ts[k])
        return vs[k] + w * (vs[k + 1] - vs[k])

    def _primitive(self, t: float) -> float:
        # Integral from the first time to t, exact for the piecewise-linear function.
        ts, vs = self.times_s, self.values
        if t <= ts[0]:
            return (t - ts[0]) * vs[0]
        acc = 0.0
        for k in range(len(ts) - 1):
            if t <= ts[k + 1]:
                return acc + 0.5 * (t - ts[k]) * (vs[k] + self.at(t))
            acc += 0.5 * (ts[k + 1] - ts[k]) * (vs[k] + vs[k + 1])
        return acc + (t - ts[-1]) * vs[-1]

    def integral(self, t0: float, t1: float) -> float:
        """Exact integral of the series over [t0, t1] (volume for a hydrograph in m³/s)."""
        return self._primitive(t1) - self._primitive(t0)


@dataclass(frozen=True)
class PointInflow:
    """A discharge hydrograph (m³/s) entering the cell that holds (x, y)."""

    name: str
    x: float
    y: float
    hydrograph: Series


@dataclass(frozen=True)
class EdgeInflow:
    """A discharge hydrograph (m³/s) spread evenly over the edge cells between start and end.

    ``start``/``end`` are the y range (west/east edges) or x range (north/south edges) in CRS units;
    None means the whole edge.
    """

    edge: Edge
    hydrograph: Series
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True)
class Boundary:
    """An open edge segment: fixed depth (m), fixed water level (m), or free outflow at a slope.

    Edges without a Boundary are closed walls. ``series`` holds the depth or level over time.
    """

    edge: Edge
    kind: Literal["depth", "level", "free"]
    series: Series | None = None
    slope: float = 0.001
    start: float | None = None
    end: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("depth", "level", "free"):
            raise BadRequestData(f"unknown boundary kind {self.kind!r}; use depth, level or free")
        if self.kind != "free" and self.series is None:
            raise BadRequestData(f"a {self.kind} boundary needs a series")
        if not (math.isfinite(self.slope) and self.slope >= 0):
            raise BadRequestData("free-outflow slope must be >= 0")


@dataclass(frozen=True, eq=False)
class DrainageZone:
    """A catchment (boolean mask on the grid) whose cells drain at ``rate_mm_h``."""

    mask: npt.NDArray[np.bool_]
    rate_mm_h: float


@dataclass(frozen=True, eq=False)
class Drainage:
    """Drainage capacity as a sink (mm/h): uniform, then a per-cell raster, then zones, in that order."""

    uniform_mm_h: float = 0.0
    raster_mm_h: npt.NDArray[np.float64] | None = None
    zones: tuple[DrainageZone, ...] = ()

    def field_mm_h(self, shape: tuple[int, int]) -> npt.NDArray[np.float64]:
        """Capacity on every cell."""
        out = np.full(shape, float(self.uniform_mm_h), dtype=np.float64)
        if self.raster_mm_h is not None:
            if self.raster_mm_h.shape != shape:
                raise BadRequestData(f"drainage raster shape {self.raster_mm_h.shape} != grid {shape}")
            out[:] = self.raster_mm_h
        for zone in self.zones:
            if zone.mask.shape != shape:
                raise BadRequestData(f"drainage zone shape {zone.mask.shape} != grid {shape}")
            out[zone.mask] = zone.rate_mm_h
        if not np.all(np.isfinite(out)) or np.any(out < 0):
            raise BadRequestData("drainage capacities must be finite and >= 0")
        return out


@dataclass(frozen=True)
class Gauge:
    """A point whose depth and speed are recorded at every time step."""

    name: str
    x: float
    y: float


@dataclass(frozen=True)
class SolverOptions:
    """Numerical options. Results do not depend on threads or tile_size beyond round-off."""

    alpha: float = 0.5  # CFL coefficient in dt = alpha·dx/sqrt(g·hmax); at most sqrt(theta/2)
    theta: float = 0.7  # de Almeida et al. (2012) smoothing weight; 1 = Bates et al. (2010)
    h_min: float = 1e-3  # faces with a flow depth below this carry no flow (m)
    h_velocity_min: float = 0.01  # velocities are reported only above this depth (m)
    dt_max: float = 10.0  # s, used while the domain is (nearly) dry
    g: float = 9.81
    dtype: Literal["float64", "float32"] = "float64"
    threads: int = 1
    tile_size: int | None = None
    backend: Literal["numba", "numpy", "gpu"] = "numba"

    def __post_init__(self) -> None:
        if not (0 < self.alpha <= 1):
            raise BadRequestData(f"alpha must be in (0, 1], got {self.alpha}")
        if not (0.5 < self.theta <= 1):
            raise BadRequestData(f"theta must be in (0.5, 1], got {self.theta}")
        # Von Neumann analysis of the linearised 2-D scheme: the chequerboard mode (wavelength 2dx
        # in x and y) grows unless the Courant number alpha <= sqrt(theta/2) (docs/flood.md).
        if self.alpha > math.sqrt(self.theta / 2) * (1 + 1e-9):
            limit = math.sqrt(self.theta / 2)
            raise BadRequestData(
                f"alpha {self.alpha} is unstable with theta {self.theta}: the 2-D scheme needs "
                f"alpha <= sqrt(theta/2) = {limit:.3f}"
            )
        if not (self.h_min > 0 and self.h_velocity_min >= 0 and self.dt_max > 0 and self.g > 0):
            raise BadRequestData("h_min, dt_max and g must be positive")
        if self.dtype not in ("float64", "float32"):
            raise BadRequestData(f"dtype must be float64 or float32, got {self.dtype!r}")
        if self.threads < 1:
            raise BadRequestData("threads must be >= 1")
        if self.tile_size is not None and self.tile_size < 2:
            raise BadRequestData("tile_size must be at least 2 cells")
        if self.backend not in ("numba", "numpy", "gpu"):
            raise BadRequestData(f"unknown backend {self.backend!r}; use numba, numpy or gpu")


def _frozen(a: npt.ArrayLike, dtype: type, shape: tuple[int, int], what: str) -> npt.NDArray[Any]:
    arr: npt.NDArray[Any] = np.array(a, dtype=dtype, copy=True)
    if arr.shape != shape:
        raise BadRequestData(f"{what} has shape {arr.shape}, the grid is {shape}")
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class FloodInputs:
    """Everything a flood run depends on; ``to_dict``/``from_dict`` round-trip it bit for bit."""

    grid: Grid
    dem: npt.NDArray[np.float64]
    duration_s: float
    landuse: npt.NDArray[np.uint8] | None = None
    buildings: npt.NDArray[np.bool_] | None = None
    building_mode: Literal["mask", "raised"] = "mask"
    building_height: float = 10.0
    roof_routing: bool = True
    manning: dict[str, float] = field(default_factory=dict)
    rainfall: Rainfall | None = None
    infiltration: Infiltration | None = None
    drainage: Drainage | None = None
    inflows: tuple[PointInflow, ...] = ()
    edge_inflows: tuple[EdgeInflow, ...] = ()
    boundaries: tuple[Boundary, ...] = ()
    initial_depth: npt.NDArray[np.float64] | None = None
    output_interval_s: float | None = None
    gauges: tuple[Gauge, ...] = ()
    depth_classes: tuple[float, ...] = (0.05, 0.15, 0.3, 0.5)
    options: SolverOptions = field(default_factory=SolverOptions)

    def __post_init__(self) -> None:
        shape = self.grid.shape
        set_ = object.__setattr__
        set_(self, "dem", _frozen(self.dem, np.float64, shape, "dem"))
        if not np.all(np.isfinite(self.dem)):
            raise BadRequestData("dem holds NaN or infinite elevations; fill nodata first")
        if self.landuse is not None:
            set_(self, "landuse", _frozen(self.landuse, np.uint8, shape, "landuse"))
            if int(self.landuse.max(initial=0)) > 3:
                raise BadRequestData("landuse codes must be 0 road, 1 roof, 2 green, 3 water")
        if self.buildings is not None:
            set_(self, "buildings", _frozen(self.buildings, np.bool_, shape, "buildings"))
        if self.initial_depth is not None:
            set_(self, "initial_depth", _frozen(self.initial_depth, np.float64, shape, "initial_depth"))
            if not np.all(np.isfinite(self.initial_depth)) or np.any(self.initial_depth < 0):
                raise BadRequestData("initial depth must be finite and >= 0")
        if self.drainage is not None:
            self.drainage.field_mm_h(shape)
        if self.building_mode not in ("mask", "raised"):
            raise BadRequestData(f"building_mode must be mask or raised, got {self.building_mode!r}")
        if not (math.isfinite(self.duration_s) and self.duration_s > 0):
            raise BadRequestData(f"duration must be positive, got {self.duration_s}")
        if self.output_interval_s is not None and not self.output_interval_s > 0:
            raise BadRequestData("output interval must be positive")
        if list(self.depth_classes) != sorted(set(self.depth_classes)) or not self.depth_classes:
            raise BadRequestData("depth classes must be increasing thresholds")
        manning_table(self.manning)
        for b in self.boundaries:
            if b.edge not in EDGES:
                raise BadRequestData(f"unknown edge {b.edge!r}; use one of {', '.join(EDGES)}")
        for e in self.edge_inflows:
            if e.edge not in EDGES:
                raise BadRequestData(f"unknown edge {e.edge!r}; use one of {', '.join(EDGES)}")
        names = [g.name for g in self.gauges]
        if len(set(names)) != len(names):
            raise BadRequestData("gauge names must be unique")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict; arrays are stored as dtype, shape and base64 of their bytes."""
        raw = msgspec.to_builtins(self, enc_hook=_encode_array)
        # Re-decode once so numbers take their declared types (an int duration becomes 10.0): the
        # dict, and so the fingerprint, is then the same before and after a JSON round trip.
        canonical = msgspec.convert(raw, type(self), dec_hook=_decode_array)
        out = msgspec.to_builtins(canonical, enc_hook=_encode_array)
        if not isinstance(out, dict):
            raise TypeError("flood inputs did not encode to a mapping")
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FloodInputs:
        """Rebuild inputs from ``to_dict`` output (or hand-written JSON with the same shape)."""
        try:
            return msgspec.convert(data, cls, dec_hook=_decode_array)
        except msgspec.ValidationError as err:
            raise BadRequestData(f"invalid flood inputs: {err}") from err

    def fingerprint(self) -> str:
        """SHA-256 of the canonical JSON of the inputs: equal fingerprints mean equal runs."""
        body = msgspec.json.encode(self.to_dict(), order="sorted")
        return hashlib.sha256(body).hexdigest()


def _encode_array(obj: Any) -> Any:
    if isinstance(obj, np.ndarray):
        data = np.ascontiguousarray(obj)
        little = data.astype(data.dtype.newbyteorder("<"), copy=False)
        return {
            "dtype": little.dtype.str,
            "shape": list(data.shape),
            "base64": base64.b64encode(little.tobytes()).decode("ascii"),
        }
    if isinstance(obj, np.generic):
        return obj.item()
    raise NotImplementedError(f"cannot encode {type(obj).__name__}")


def _decode_array(kind: Any, obj: Any) -> Any:
    if getattr(kind, "__origin__", kind) is np.ndarray:
        if isinstance(obj, dict) and {"dtype", "shape", "base64"} <= obj.keys():
            raw = base64.b64decode(obj["base64"])
            arr = np.frombuffer(raw, dtype=np.dtype(obj["dtype"])).reshape(obj["shape"])
            return arr.astype(arr.dtype.newbyteorder("="))
        # Plain nested lists are accepted too, for hand-written inputs.
        return np.asarray(obj)
    raise NotImplementedError(f"cannot decode {kind}")
