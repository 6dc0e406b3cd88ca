"""Optional GPU engine (numba.cuda): the same scheme with one CUDA thread per face or cell.

Imported only when ``SolverOptions(backend="gpu")`` asks for it, so CPU runs never load CUDA.
It runs untiled (a whole district fits in GPU memory) and keeps the state on the device; only
boundary cells, sources, gauges and the deepest-water reduction cross to the host each step.
Depths follow the CPU scheme step for step but are not bit-identical to it (the GPU's cube root
and fused multiply-adds round differently). Sink totals are kept per cell and summed once at the
end, so they do not depend on thread scheduling.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from numba import cuda as _numba_cuda

from citytwin.errors import OperationNotSupported
from citytwin.scenarios.flood.domain import Domain
from citytwin.scenarios.flood.infiltration import (
    MODEL_GREEN_AMPT,
    MODEL_HORTON,
    green_ampt_step,
    horton_step,
)
from citytwin.scenarios.flood.kernel import step_params

Arr = npt.NDArray[Any]
_THREADS = (16, 16)
# numba.cuda ships no type information; the kernels are plain functions compiled below.
cuda: Any = _numba_cuda

# The CPU step functions, compiled again as CUDA device functions.
_horton = cuda.jit(device=True)(horton_step.py_func)
_green_ampt = cuda.jit(device=True)(green_ampt_step.py_func)


def _face_py(q: Any, cells: Any, n: Any, p: Any) -> Any:
    # The momentum update of kernel._face_flux, with the GPU's own cube root.
    dt, dtdx, g, theta, half1mt, hmin, _hvel, zero, _one, _half, _four, third = p
    q0, qm, qp = q
    zl, zr, hl, hr = cells
    etal = zl + hl
    etar = zr + hr
    hf = max(etal, etar) - max(zl, zr)
    if hf <= hmin:
        return zero
    qs = theta * q0 + half1mt * (qm + qp)
    h73 = hf * hf * math.pow(hf, third)
    return (qs - g * hf * dtdx * (etar - etal)) * h73 / (h73 + g * dt * (n * n) * abs(q0))


_face = cuda.jit(device=True)(_face_py)


def _fluxes_py(  # noqa: PLR0917 - a CUDA kernel takes its arrays as launch arguments
    h: Arr, z: Arr, qx: Arr, qy: Arr, qxn: Arr, qyn: Arr, ox: Arr, oy: Arr, nc: Arr, p: Any
) -> None:
    r, k = cuda.grid(2)
    r += 1
    k += 1
    my = h.shape[0] - 2
    mx = h.shape[1] - 2
    half = p[9]
    if r <= my and k <= mx + 1:
        q0 = qx[r, k]
        if ox[r, k] == 0:
            qxn[r, k] = p[7]
        else:
            qm = qx[r, k - 1] if ox[r, k - 1] != 0 else q0
            qp = qx[r, k + 1] if ox[r, k + 1] != 0 else q0
            n = half * (nc[r, k - 1] + nc[r, k])
            qxn[r, k] = _face((q0, qm, qp), (z[r, k - 1], z[r, k], h[r, k - 1], h[r, k]), n, p)
    if r <= my + 1 and k <= mx:
        q0 = qy[r, k]
        if oy[r, k] == 0:
            qyn[r, k] = p[7]
        else:
            qm = qy[r - 1, k] if oy[r - 1, k] != 0 else q0
            qp = qy[r + 1, k] if oy[r + 1, k] != 0 else q0
            n = half * (nc[r - 1, k] + nc[r, k])
            qyn[r, k] = _face((q0, qm, qp), (z[r - 1, k], z[r, k], h[r - 1, k], h[r, k]), n, p)


_fluxes = cuda.jit(_fluxes_py)


def _factors_py(h: Arr, qxn: Arr, qyn: Arr, f: Arr, p: Any) -> None:
    r, c = cuda.grid(2)
    r += 1
    c += 1
    if r <= h.shape[0] - 2 and c <= h.shape[1] - 2:
        zero, one = p[7], p[8]
        out_x = max(qxn[r, c + 1], zero) + max(-qxn[r, c], zero)
        out_y = max(qyn[r + 1, c], zero) + max(-qyn[r, c], zero)
        need = (out_x + out_y) * p[1]
        have = max(h[r, c], zero)
        f[r, c] = have / need if need > have else one


_factors = cuda.jit(_factors_py)


def _lim_py(q: Any, fm: Any, fp: Any, zero: Any) -> Any:
    return q * (fm if q > zero else fp)


_lim = cuda.jit(device=True)(_lim_py)


def _update_py(  # noqa: PLR0917 - a CUDA kernel takes its arrays as launch arguments
    h: Arr,
    qx: Arr,
    qy: Arr,
    qxn: Arr,
    qyn: Arr,
    f: Arr,
    cls: Arr,
    rain: Arr,
    use_rain: bool,
    drain: Arr,
    use_drain: bool,
    imodel: int,
    itab: Arr,
    istate: Arr,
    sinks: Arr,
    maxh: Arr,
    maxs: Arr,
    hmax: Arr,
    p: Any,
) -> None:
    r, c = cuda.grid(2)
    r += 1
    c += 1
    my = h.shape[0] - 2
    mx = h.shape[1] - 2
    if r > my or c > mx:
        return
    dt, dtdx, hvel, zero, half = p[0], p[1], p[6], p[7], p[9]
    qw = _lim(qxn[r, c], f[r, c - 1], f[r, c], zero)
    qe = _lim(qxn[r, c + 1], f[r, c], f[r, c + 1], zero)
    qn = _lim(qyn[r, c], f[r - 1, c], f[r, c], zero)
    qs = _lim(qyn[r + 1, c], f[r, c], f[r + 1, c], zero)
    qx[r, c] = qw
    qy[r, c] = qn
    if c == mx:
        qx[r, c + 1] = qe
    if r == my:
        qy[r + 1, c] = qs
    hn = h[r, c] + dtdx * ((qw - qe) + (qn - qs))
    if use_rain:
        hn += rain[r, c] * dt
    h[r, c] = hn
    if imodel != 0:
        k = cls[r, c]
        avail = max(float(hn), 0.0)
        act = 0.0
        state = istate[r, c]
        if imodel == MODEL_HORTON:
            act, state = _horton((itab[k, 0], itab[k, 1], itab[k, 2]), state, float(dt), avail)
        elif imodel == MODEL_GREEN_AMPT:
            act, state = _green_ampt(itab[k, 0], itab[k, 1], state, float(dt), avail)
        istate[r, c] = state
        if act > 0.0:
            h[r, c] -= act
            sinks[0, r, c] += float(hn) - float(h[r, c])
            hn = h[r, c]
    if use_drain:
        cap = drain[r, c] * dt
        if cap > zero and hn > zero:
            h[r, c] = hn - min(cap, hn)
            sinks[1, r, c] += float(hn) - float(h[r, c])
            hn = h[r, c]
    maxh[r, c] = max(maxh[r, c], hn)
    if hn > hvel:
        u = half * (qw + qe)
        v = half * (qn + qs)
        maxs[r, c] = max(maxs[r, c], math.sqrt(u * u + v * v) / hn)
    cuda.atomic.max(hmax, 0, hn)


_update = cuda.jit(_update_py)


def _gather_py(a: Arr, rows: Arr, cols: Arr, out: Arr) -> None:
    i = cuda.grid(1)
    if i < rows.shape[0]:
        out[i] = a[rows[i], cols[i]]


_gather = cuda.jit(_gather_py)


def _scatter_py(a: Arr, rows: Arr, cols: Arr, values: Arr, add: bool) -> None:
    i = cuda.grid(1)
    if i < rows.shape[0]:
        if add:
            a[rows[i], cols[i]] += values[i]
        else:
            a[rows[i], cols[i]] = values[i]


_scatter = cuda.jit(_scatter_py)


def _blocks(shape: tuple[int, int]) -> tuple[int, int]:
    return (-(-shape[0] // _THREADS[0]), -(-shape[1] // _THREADS[1]))


class GpuEngine:
    """The ``Engine`` of model.py on one CUDA device; untiled."""

    def __init__(self, dom: Domain) -> None:
        if not cuda.is_available():
            raise OperationNotSupported("backend 'gpu' needs a CUDA GPU and driver; none was found")
        if dom.inputs.options.tile_size is not None:
            raise OperationNotSupported("the GPU backend runs untiled; leave tile_size unset")
        self.dom = dom
        self.dtype = dom.dtype
        dt = self.dtype
        ny, nx = dom.grid.shape
        shape = (ny + 2, nx + 2)
        self.h = cuda.to_device(dom.h0.astype(dt))
        self.z = cuda.to_device(dom.z.astype(dt))
        self.qx = cuda.to_device(np.zeros((ny + 2, nx + 3), dt))
        self.qy = cuda.to_device(np.zeros((ny + 3, nx + 2), dt))
        self.qxn = cuda.to_device(np.zeros((ny + 2, nx + 3), dt))
        self.qyn = cuda.to_device(np.zeros((ny + 3, nx + 2), dt))
        self.f = cuda.to_device(np.ones(shape, dt))
        self.ox = cuda.to_device(dom.ox)
        self.oy = cuda.to_device(dom.oy)
        self.cls = cuda.to_device(dom.cls)
        self.nc = cuda.to_device(dom.manning[dom.cls].astype(dt))
        self.rain = cuda.to_device(np.zeros(shape, dt))
        self.drain = cuda.to_device(dom.drain.astype(dt) if dom.drain is not None else np.zeros((1, 1), dt))
        self.itab = cuda.to_device(dom.itab)
        self.istate = cuda.to_device(np.zeros(shape if dom.imodel else (1, 1)))
        self.sinks = cuda.to_device(np.zeros((2, *shape)))
        self.maxh = cuda.to_device(dom.h0.astype(dt))
        self.maxs = cuda.to_device(np.zeros(shape, dt))
        self.hmax_d = cuda.to_device(np.zeros(1, dt))
        self._has_rain = False
        self._rain_sum = 0.0
        self.rain_added = 0.0
        self._cells = _blocks((ny + 1, nx + 1))
        self._bc = [
            (
                seg,
                cuda.to_device(seg.rows),
                cuda.to_device(seg.cols),
                cuda.to_device(seg.in_rows),
                cuda.to_device(seg.in_cols),
            )
            for seg in dom.segments
        ]
        self._src = [(cuda.to_device(s.rows), cuda.to_device(s.cols), s.rows.shape[0]) for s in dom.sources]
        gr, gc = dom.gauge_rows, dom.gauge_cols
        self._gauges = [cuda.to_device(a) for a in (gr, gc, gc + 1, gr + 1)]
        self._bfaces = [self._boundary_faces(seg.edge, seg.rows, seg.cols) for seg in dom.segments]
        self._host_hmax = float(np.max(dom.h0[1:-1, 1:-1]))

    def _boundary_faces(self, edge: str, rows: Arr, cols: Arr) -> tuple[Any, Any, Any, float]:
        if edge == "west":
            return self.qx, cuda.to_device(rows), cuda.to_device(cols + 1), 1.0
        if edge == "east":
            return self.qx, cuda.to_device(rows), cuda.to_device(cols), -1.0
        if edge == "north":
            return self.qy, cuda.to_device(rows + 1), cuda.to_device(cols), 1.0
        return self.qy, cuda.to_device(rows), cuda.to_device(cols), -1.0

    def _take(self, a: Any, rows: Any, cols: Any, n: int) -> Arr:
        out = cuda.device_array(n, dtype=a.dtype)
        _gather[-(-n // 128), 128](a, rows, cols, out)
        return np.asarray(out.copy_to_host(), dtype=np.float64)

    def _put(self, a: Any, rows: Any, cols: Any, values: Arr, add: bool) -> None:
        n = values.shape[0]
        _scatter[-(-n // 128), 128](a, rows, cols, cuda.to_device(values.astype(self.dtype)), add)

    def set_rain(self, rate: npt.NDArray[np.float64] | None) -> None:
        """Rain rate (m/s, padded grid) until the next call."""
        self._has_rain = rate is not None
        host = np.zeros(self.h.shape, self.dtype) if rate is None else rate.astype(self.dtype)
        self._rain_sum = float(np.sum(host[1:-1, 1:-1], dtype=np.float64))
        self.rain.copy_to_device(host)

    def hmax(self) -> float:
        """Deepest water in the owned cells (as of the last step)."""
        return self._host_hmax

    def boundary_hmax(self) -> float:
        """Deepest water in the open-boundary halo cells."""
        best = 0.0
        for seg, rows, cols, _, _ in self._bc:
            best = max(best, float(self._take(self.h, rows, cols, seg.rows.shape[0]).max()))
        return best

    def apply_boundaries(self, t: float) -> None:
        """Set the open-boundary halo depths for the step starting at t."""
        for seg, rows, cols, in_rows, in_cols in self._bc:
            n = seg.rows.shape[0]
            inside = self._take(self.h, in_rows, in_cols, n) if seg.spec.kind == "free" else np.zeros(n)
            values = seg.depths(t, self.dom.z_ref, np.arange(n), inside)
            self._put(self.h, rows, cols, values, add=False)

    def step(self, dt: float, source_depths: Sequence[float]) -> tuple[float, float, float]:
        """One time step on the device; returns (boundary in m³, boundary out m³, hmax)."""
        dom = self.dom
        opts = dom.inputs.options
        dx = dom.grid.dx
        p = step_params(self.dtype, dt, dx, opts)
        _fluxes[self._cells, _THREADS](
            self.h, self.z, self.qx, self.qy, self.qxn, self.qyn, self.ox, self.oy, self.nc, p
        )
        _factors[self._cells, _THREADS](self.h, self.qxn, self.qyn, self.f, p)
        self.hmax_d.copy_to_device(np.zeros(1, self.dtype))
        _update[self._cells, _THREADS](
            self.h,
            self.qx,
            self.qy,
            self.qxn,
            self.qyn,
            self.f,
            self.cls,
            self.rain,
            self._has_rain,
            self.drain,
            dom.drain is not None,
            dom.imodel,
            self.itab,
            self.istate,
            self.sinks,
            self.maxh,
            self.maxs,
            self.hmax_d,
            p,
        )
        self.rain_added += self._rain_sum * float(p[0])
        hmax = float(self.hmax_d.copy_to_host()[0])
        for (rows, cols, n), depth in zip(self._src, source_depths, strict=True):
            if depth != 0.0:
                self._put(self.h, rows, cols, np.full(n, depth), add=True)
                added = self._take(self.h, rows, cols, n)
                hmax = max(hmax, float(added.max()))
                current = self._take(self.maxh, rows, cols, n)
                self._put(self.maxh, rows, cols, np.maximum(current, added), add=False)
        b_in = b_out = 0.0
        for q, rows, cols, sign in self._bfaces:
            flux = self._take(q, rows, cols, rows.shape[0]) * sign
            b_in += float(flux[flux > 0].sum())
            b_out -= float(flux[flux < 0].sum())
        self._host_hmax = hmax
        return b_in * dt * dx, b_out * dt * dx, hmax

    def sample(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """(depth, speed) at the gauges."""
        n = self.dom.gauge_rows.shape[0]
        if n == 0:
            return np.zeros(0), np.zeros(0)
        rows, cols, cols_e, rows_s = self._gauges
        h = self._take(self.h, rows, cols, n)
        u = 0.5 * (self._take(self.qx, rows, cols, n) + self._take(self.qx, rows, cols_e, n))
        v = 0.5 * (self._take(self.qy, rows, cols, n) + self._take(self.qy, rows_s, cols, n))
        wet = h > self.dom.inputs.options.h_velocity_min
        return h, np.where(wet, np.hypot(u, v) / np.where(wet, h, 1.0), 0.0)

    def totals(self) -> tuple[float, float, float]:
        """Depth-sums of rain added, infiltration and drainage so far (m over cells)."""
        sinks = self.sinks.copy_to_host()
        return self.rain_added, float(sinks[0].sum()), float(sinks[1].sum())

    def storage(self) -> float:
        """Sum of depths over the grid cells (m)."""
        return float(np.sum(self.h.copy_to_host()[1:-1, 1:-1], dtype=np.float64))

    def gather(self, name: str) -> Arr:
        """A whole-grid field, unpadded, on the host."""
        arr = getattr(self, name).copy_to_host()
        return np.ascontiguousarray(arr[1:-1, 1:-1])
