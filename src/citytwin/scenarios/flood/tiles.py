"""The CPU engine: the domain cut into tiles with a one-cell halo, stepped by numba or numpy kernels.

An untiled run is one tile covering the whole grid, whose halo ring is the domain boundary. With
``tile_size`` set, each tile owns at most tile_size x tile_size cells and keeps its own arrays; per
step the tiles exchange, across their shared edges, the outflow factors (after the momentum pass)
and the depths and outer-face fluxes of their halo cells (after the update). Every face between two
tiles is computed by both from identical inputs, so a tiled run reproduces the untiled one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numba
import numpy as np
import numpy.typing as npt

from citytwin.scenarios.flood import kernel, reference
from citytwin.scenarios.flood.domain import Domain
from citytwin.scenarios.flood.kernel import FLUX_ARRAYS, UPDATE_ARRAYS, step_params

Arr = npt.NDArray[Any]


@dataclass(eq=False)
class Tile:
    """One tile's arrays; (r0, c0) is the first owned cell in grid coordinates."""

    r0: int
    c0: int
    my: int
    mx: int
    h: Arr
    z: Arr
    qx: Arr
    qy: Arr
    qxn: Arr
    qyn: Arr
    f: Arr
    ox: Arr
    oy: Arr
    cls: Arr
    nc: Arr
    rain: Arr
    drain: Arr
    istate: Arr
    maxh: Arr
    maxs: Arr
    rowacc: Arr
    itab: Arr

    def __post_init__(self) -> None:
        # The kernels take their arrays as tuples in a fixed order (see kernel.py).
        self.flux_arrays = tuple(getattr(self, name) for name in FLUX_ARRAYS)
        self.update_arrays = tuple(getattr(self, name) for name in UPDATE_ARRAYS)

    def owns(self, rows: Arr, cols: Arr) -> npt.NDArray[np.bool_]:
        """Which padded-coordinate cells this tile owns."""
        return (rows > self.r0) & (rows <= self.r0 + self.my) & (cols > self.c0) & (cols <= self.c0 + self.mx)

    def holds(self, rows: Arr, cols: Arr) -> npt.NDArray[np.bool_]:
        """Which padded-coordinate cells fall in this tile's window (owned or halo)."""
        return (
            (rows >= self.r0)
            & (rows <= self.r0 + self.my + 1)
            & (cols >= self.c0)
            & (cols <= self.c0 + self.mx + 1)
        )


def _own(a: Arr, dtype: Any = None) -> Arr:
    # A fresh copy for state the kernels write: an untiled window is the whole domain array, which
    # ascontiguousarray would hand back uncopied, so two fields would share memory.
    return np.array(a, dtype=dtype, order="C", copy=True)


def _static(a: Arr, dtype: Any = None) -> Arr:
    # Read-only inputs may share the domain's memory (untiled runs then hold them once).
    return np.ascontiguousarray(a, dtype=dtype)


def _splits(n: int, size: int | None) -> list[tuple[int, int]]:
    if size is None or size >= n:
        return [(0, n)]
    return [(s, min(s + size, n)) for s in range(0, n, size)]


@dataclass(frozen=True, eq=False)
class _Local:
    """Cells of one tile picked out of a list in padded coordinates."""

    tile: Tile
    index: Arr  # positions in the original list
    rows: Arr  # tile-local rows and cols
    cols: Arr


class CpuEngine:
    """Steps the tiles of a domain on the CPU with numba (serial or parallel) or numpy kernels."""

    def __init__(self, dom: Domain, backend: str, threads: int, tile_size: int | None) -> None:
        self.dom = dom
        self.dtype = dom.dtype
        self.threads = threads
        if backend == "numpy":
            self._fluxes: Callable[..., None] = reference.fluxes
            self._update: Callable[..., None] = reference.update
        elif threads > 1:
            self._fluxes, self._update = kernel.fluxes_parallel, kernel.update_parallel
        else:
            self._fluxes, self._update = kernel.fluxes_serial, kernel.update_serial
        ny, nx = dom.grid.shape
        self.row_splits = _splits(ny, tile_size)
        self.col_splits = _splits(nx, tile_size)
        self.tiles = [
            [self._make_tile(r0, r1, c0, c1) for c0, c1 in self.col_splits] for r0, r1 in self.row_splits
        ]
        self.flat = [t for row in self.tiles for t in row]
        self._has_rain = False
        self._rain_sum = 0.0  # sum over owned cells of the rain rate actually used (m/s)
        self.rain_added = 0.0  # depth-sum of rain added so far (m over cells)
        self._bc = [(seg, self._pick(seg.rows, seg.cols, owned=False)) for seg in dom.segments]
        # Faces across the open boundary, owned by the tile next to them, with the sign of inflow.
        self._bflux = [self._boundary_faces(seg.edge, seg.rows, seg.cols) for seg in dom.segments]
        self._gauges = self._pick(dom.gauge_rows, dom.gauge_cols, owned=True)
        self._sources = [self._pick(src.rows, src.cols, owned=True) for src in dom.sources]

    # ----------------------------------------------------------------------------------- set-up
    def _make_tile(self, r0: int, r1: int, c0: int, c1: int) -> Tile:
        dom, dt = self.dom, self.dtype
        my, mx = r1 - r0, c1 - c0
        win = (slice(r0, r1 + 2), slice(c0, c1 + 2))
        shape = (my + 2, mx + 2)
        one = np.ones((1, 1), dtype=dt)
        return Tile(
            r0=r0,
            c0=c0,
            my=my,
            mx=mx,
            h=_own(dom.h0[win], dt),
            z=_static(dom.z[win], dt),
            qx=np.zeros((my + 2, mx + 3), dtype=dt),
            qy=np.zeros((my + 3, mx + 2), dtype=dt),
            qxn=np.zeros((my + 2, mx + 3), dtype=dt),
            qyn=np.zeros((my + 3, mx + 2), dtype=dt),
            # Halo factors stay 1 on the domain boundary: an open boundary is an unlimited source.
            f=np.ones(shape, dtype=dt),
            ox=_static(dom.ox[r0 : r1 + 2, c0 : c1 + 3]),
            oy=_static(dom.oy[r0 : r1 + 3, c0 : c1 + 2]),
            cls=_static(dom.cls[win]),
            nc=_own(dom.manning[dom.cls[win]], dt),
            rain=np.zeros(shape, dtype=dt),
            drain=(_static(dom.drain[win], dt) if dom.drain is not None else one),
            istate=np.zeros(shape if dom.imodel else (1, 1), dtype=np.float64),
            maxh=_own(dom.h0[win], dt),
            maxs=np.zeros(shape, dtype=dt),
            rowacc=np.zeros((my + 2, 3), dtype=np.float64),  # per row: infiltration, drainage, max depth
            itab=dom.itab,
        )

    def _pick(self, rows: Arr, cols: Arr, *, owned: bool) -> list[_Local]:
        out = []
        for t in self.flat:
            sel = t.owns(rows, cols) if owned else t.holds(rows, cols)
            if sel.any():
                idx = np.flatnonzero(sel)
                out.append(_Local(t, idx, rows[idx] - t.r0, cols[idx] - t.c0))
        return out

    def _boundary_faces(self, edge: str, rows: Arr, cols: Arr) -> list[tuple[Arr, Arr, Arr, float]]:
        inward = {"west": (0, 1), "east": (0, -1), "north": (1, 0), "south": (-1, 0)}[edge]
        in_rows, in_cols = rows + inward[0], cols + inward[1]
        faces = []
        for loc in self._pick(in_rows, in_cols, owned=True):
            t = loc.tile
            if edge == "west":
                faces.append((t.qx, loc.rows, loc.cols, 1.0))
            elif edge == "east":
                faces.append((t.qx, loc.rows, loc.cols + 1, -1.0))
            elif edge == "north":
                faces.append((t.qy, loc.rows, loc.cols, 1.0))
            else:
                faces.append((t.qy, loc.rows + 1, loc.cols, -1.0))
        return faces

    # ----------------------------------------------------------------------------------- state
    def set_rain(self, rate: npt.NDArray[np.float64] | None) -> None:
        """Rain rate (m/s, padded grid) until the next call; None for no rain."""
        self._has_rain = rate is not None
        total = 0.0
        for t in self.flat:
            if rate is None:
                t.rain[:] = 0
            else:
                t.rain[:] = rate[t.r0 : t.r0 + t.my + 2, t.c0 : t.c0 + t.mx + 2]
                total += float(np.sum(t.rain[1:-1, 1:-1], dtype=np.float64))
        self._rain_sum = total

    def hmax(self) -> float:
        """Deepest water in the owned cells."""
        return max(float(np.max(t.h[1:-1, 1:-1])) for t in self.flat)

    def hmax_after_step(self) -> float:
        """Deepest water after a step, from the rows' maxima the update pass recorded."""
        return max(float(np.max(t.rowacc[1:-1, 2])) for t in self.flat)

    def boundary_hmax(self) -> float:
        """Deepest water held in boundary halo cells."""
        best = 0.0
        for _, locs in self._bc:
            for loc in locs:
                best = max(best, float(np.max(loc.tile.h[loc.rows, loc.cols])))
        return best

    def apply_boundaries(self, t: float) -> None:
        """Set the depth of the open-boundary halo cells for the step starting at time t."""
        for seg, locs in self._bc:
            for loc in locs:
                tile = loc.tile
                inside = tile.h[seg.in_rows[loc.index] - tile.r0, seg.in_cols[loc.index] - tile.c0]
                depth = seg.depths(t, self.dom.z_ref, loc.index, inside.astype(np.float64))
                tile.h[loc.rows, loc.cols] = depth

    # ----------------------------------------------------------------------------------- step
    def step(self, dt: float, source_depths: Sequence[float]) -> tuple[float, float, float]:
        """Advance every tile by dt, then add each source's depth to its cells.

        Returns (boundary inflow m³, boundary outflow m³, deepest water after the step).
        """
        dom = self.dom
        opts = dom.inputs.options
        dx = dom.grid.dx
        p = step_params(self.dtype, dt, dx, opts)
        for t in self.flat:
            self._fluxes(t.flux_arrays, p)
        if len(self.flat) > 1:
            self._exchange_factors()
        flags = (self._has_rain, dom.drain is not None, dom.imodel)
        for t in self.flat:
            self._update(t.update_arrays, flags, p)
        # Rain is constant within a step (steps end on rain breakpoints), so its volume is the
        # rate sum times dt; the kernel adds rate x dt to every cell.
        self.rain_added += self._rain_sum * float(p[0])
        hmax = self.hmax_after_step()
        for locs, depth in zip(self._sources, source_depths, strict=True):
            if depth == 0.0:
                continue
            for loc in locs:
                tile = loc.tile
                tile.h[loc.rows, loc.cols] += self.dtype.type(depth)
                added = tile.h[loc.rows, loc.cols]
                hmax = max(hmax, float(np.max(added)))
                tile.maxh[loc.rows, loc.cols] = np.maximum(tile.maxh[loc.rows, loc.cols], added)
        if len(self.flat) > 1:
            self._exchange_state()
        b_in = b_out = 0.0
        for faces in self._bflux:
            for q, rows, cols, sign in faces:
                flux = q[rows, cols].astype(np.float64) * sign
                b_in += float(flux[flux > 0].sum())
                b_out -= float(flux[flux < 0].sum())
        return b_in * dt * dx, b_out * dt * dx, hmax

    def _pairs(self) -> Sequence[tuple[Tile, Tile, str]]:
        pairs = []
        for i, row in enumerate(self.tiles):
            for j, t in enumerate(row):
                if j + 1 < len(row):
                    pairs.append((t, row[j + 1], "x"))
                if i + 1 < len(self.tiles):
                    pairs.append((t, self.tiles[i + 1][j], "y"))
        return pairs

    def _exchange_factors(self) -> None:
        for a, b, axis in self._pairs():
            if axis == "x":
                b.f[1:-1, 0] = a.f[1:-1, a.mx]
                a.f[1:-1, a.mx + 1] = b.f[1:-1, 1]
            else:
                b.f[0, 1:-1] = a.f[a.my, 1:-1]
                a.f[a.my + 1, 1:-1] = b.f[1, 1:-1]

    def _exchange_state(self) -> None:
        for a, b, axis in self._pairs():
            if axis == "x":
                b.h[1:-1, 0] = a.h[1:-1, a.mx]
                a.h[1:-1, a.mx + 1] = b.h[1:-1, 1]
                b.qx[1:-1, 0] = a.qx[1:-1, a.mx]
                a.qx[1:-1, a.mx + 2] = b.qx[1:-1, 2]
            else:
                b.h[0, 1:-1] = a.h[a.my, 1:-1]
                a.h[a.my + 1, 1:-1] = b.h[1, 1:-1]
                b.qy[0, 1:-1] = a.qy[a.my, 1:-1]
                a.qy[a.my + 2, 1:-1] = b.qy[2, 1:-1]

    # ----------------------------------------------------------------------------------- read
    def sample(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """(depth, speed) at the gauges."""
        n = self.dom.gauge_rows.shape[0]
        depth = np.zeros(n)
        speed = np.zeros(n)
        hvel = self.dom.inputs.options.h_velocity_min
        for loc in self._gauges:
            t, r, c = loc.tile, loc.rows, loc.cols
            h = t.h[r, c].astype(np.float64)
            u = 0.5 * (t.qx[r, c] + t.qx[r, c + 1]).astype(np.float64)
            v = 0.5 * (t.qy[r, c] + t.qy[r + 1, c]).astype(np.float64)
            wet = h > hvel
            depth[loc.index] = h
            speed[loc.index] = np.where(wet, np.hypot(u, v) / np.where(wet, h, 1.0), 0.0)
        return depth, speed

    def totals(self) -> tuple[float, float, float]:
        """Depth-sums (m, over cells) of rain added, infiltration and drainage so far."""
        acc = np.zeros(2)
        for t in self.flat:
            acc += t.rowacc[1:-1, :2].sum(axis=0)
        return self.rain_added, float(acc[0]), float(acc[1])

    def storage(self) -> float:
        """Sum of depths over the owned cells (m)."""
        return float(sum(np.sum(t.h[1:-1, 1:-1], dtype=np.float64) for t in self.flat))

    def gather(self, name: str) -> Arr:
        """A cell field (h, maxh, maxs) or face field (qx, qy) of the whole grid, unpadded."""
        ny, nx = self.dom.grid.shape
        if name == "qx":
            out = np.zeros((ny, nx + 1), dtype=self.dtype)
            for t in self.flat:
                out[t.r0 : t.r0 + t.my, t.c0 : t.c0 + t.mx + 1] = t.qx[1:-1, 1:-1]
            return out
        if name == "qy":
            out = np.zeros((ny + 1, nx), dtype=self.dtype)
            for t in self.flat:
                out[t.r0 : t.r0 + t.my + 1, t.c0 : t.c0 + t.mx] = t.qy[1:-1, 1:-1]
            return out
        out = np.zeros((ny, nx), dtype=self.dtype)
        for t in self.flat:
            out[t.r0 : t.r0 + t.my, t.c0 : t.c0 + t.mx] = getattr(t, name)[1:-1, 1:-1]
        return out


def set_threads(threads: int) -> int:
    """Set numba's thread count for this thread, capped by the pool; returns the previous count."""
    previous = int(numba.get_num_threads())
    config: Any = numba.config
    numba.set_num_threads(max(1, min(threads, int(config.NUMBA_NUM_THREADS))))
    return previous
