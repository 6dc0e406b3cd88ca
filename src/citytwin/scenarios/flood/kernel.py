"""Numba CPU kernels of the local-inertial scheme, on one tile padded by a one-cell halo.

Layout of a tile with ``my x mx`` owned cells (rows run north to south, columns west to east):
cell arrays are ``(my+2, mx+2)`` with owned cells at [1..my, 1..mx]; x-face ``k`` of row ``r`` lies
between cells ``(r, k-1)`` and ``(r, k)`` in a ``(my+2, mx+3)`` array, so the outer faces of the
halo cells (0 and mx+2) are stored too; y-faces likewise ``(my+3, mx+2)``. Fluxes are discharges per
unit width (m²/s), positive towards +x (east) and +row (south).

One step runs two passes, with the tiles' halo exchange of outflow factors in between:
``fluxes`` (momentum on every face, then each cell's outflow scaling factor) and ``update`` (scale
fluxes by their donor's factor, continuity, rain, sinks, maxima). Each takes its arrays as one
tuple, in the order of ``FLUX_ARRAYS`` and ``UPDATE_ARRAYS``. Both loop over rows, which
``prange`` hands to threads in the parallel variant; no pass reads what it writes, so results do
not depend on the thread count.

Speed comes from letting LLVM vectorise the inner loops: branch-free selects instead of ``if``,
``error_model="numpy"`` (no zero-division checks), Manning n per cell rather than a table lookup,
and ``hf^(7/3)`` from a bit-level inverse cube root refined by Newton steps instead of libm's
scalar ``cbrt``. Nothing uses fastmath, so results are reproducible bit for bit.

Float32 and float64 tiles get their own specialisations through numba's type dispatch; scalar
parameters arrive as a tuple of the tile's dtype so float32 arithmetic stays float32. The serial
and parallel drivers are distinct functions because numba's cache keys a function by signature
only and would otherwise hand one variant's machine code to the other.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from llvmlite import ir  # type: ignore[import-untyped]
from numba import njit, prange, types
from numba.extending import intrinsic

from citytwin.scenarios.flood.infiltration import MODEL_GREEN_AMPT, MODEL_HORTON, green_ampt_step, horton_step

Array = Any  # numpy arrays; the engine checks their dtypes and shapes


def _rcbrt_guess_typing(typingctx: Any, x: Any) -> Any:
    # Initial x^(-1/3) from the float's bit pattern (exponent / -3 plus a tuned bias, the cube-root
    # analogue of the fast inverse square root); a few percent off, refined by Newton steps.
    if x == types.float64:

        def codegen64(context: Any, builder: Any, sig: Any, args: Any) -> Any:
            i64 = ir.IntType(64)
            hi = builder.lshr(builder.bitcast(args[0], i64), ir.Constant(i64, 32))
            third = builder.lshr(builder.mul(hi, ir.Constant(i64, 0x55555556)), ir.Constant(i64, 32))
            word = builder.sub(ir.Constant(i64, 0x553EF0FF), third)
            return builder.bitcast(builder.shl(word, ir.Constant(i64, 32)), ir.DoubleType())

        return types.float64(types.float64), codegen64
    if x == types.float32:

        def codegen32(context: Any, builder: Any, sig: Any, args: Any) -> Any:
            i32, i64 = ir.IntType(32), ir.IntType(64)
            bits = builder.zext(builder.bitcast(args[0], i32), i64)
            third = builder.lshr(builder.mul(bits, ir.Constant(i64, 0x55555556)), ir.Constant(i64, 32))
            word = builder.trunc(builder.sub(ir.Constant(i64, 0x54A2FA8C), third), i32)
            return builder.bitcast(word, ir.FloatType())

        return types.float32(types.float32), codegen32
    return None


# Typed as Any: called from jitted code with one argument, which mypy cannot see through.
_rcbrt_guess: Any = intrinsic(_rcbrt_guess_typing)


@njit(cache=True, error_model="numpy")
def rcbrt(x: Any, four: Any, third: Any) -> Any:
    """x^(-1/3) for x > 0 to within 1 ulp-ish: bit guess plus four division-free Newton steps."""
    y = _rcbrt_guess(x)
    for _ in range(4):
        y = y * (four - x * y * y * y) * third
    return y


FLUX_ARRAYS = ("h", "z", "qx", "qy", "qxn", "qyn", "f", "ox", "oy", "nc")
# rowacc holds per-row totals in a fixed order: infiltration, drainage (m, summed over the row's
# cells), and the row's deepest water after the step.
UPDATE_ARRAYS = (
    "h",
    "qx",
    "qy",
    "qxn",
    "qyn",
    "f",
    "cls",
    "rain",
    "drain",
    "itab",
    "istate",
    "maxh",
    "maxs",
    "rowacc",
)


@njit(cache=True, error_model="numpy")
def _face_flux(q: Any, cells: Any, n: Any, open_: bool, p: Any) -> Any:
    # Bates et al. (2010) momentum with de Almeida et al. (2012) smoothing of the old flux:
    # q = (θq0 + (1-θ)/2·(q- + q+) - g·hf·dt·Δη/dx) / (1 + g·dt·n²·|q0| / hf^(7/3)).
    # q = (old flux, its two neighbours along the axis); cells = (bed, depth) left and right.
    dt, dtdx, g, theta, half1mt, hmin, _hvel, zero, _one, _half, four, third = p
    q0, qm, qp = q
    zl, zr, hl, hr = cells
    etal = zl + hl
    etar = zr + hr
    hf = max(etal, etar) - max(zl, zr)
    hs = max(hf, hmin)
    qs = theta * q0 + half1mt * (qm + qp)
    y = rcbrt(hs, four, third)
    h73 = hs * hs * hs * (y * y)
    flux = (qs - g * hs * dtdx * (etar - etal)) * h73 / (h73 + g * dt * (n * n) * abs(q0))
    # Computed on every face, kept only where the face is open and wet: a select, not a branch.
    return flux if (open_ and hf > hmin) else zero


@njit(cache=True, error_model="numpy")
def _flux_row(r: int, arrays: Any, p: Any) -> None:
    h, z, qx, qy, qxn, qyn, _f, ox, oy, nc = arrays
    half = p[9]
    my = h.shape[0] - 2
    mx = h.shape[1] - 2
    if r <= my:
        for k in range(1, mx + 2):
            q0 = qx[r, k]
            # A closed or outside neighbour face lends the face its own flux, so walls and the
            # domain edge do not drag the smoothing towards zero.
            qm_raw = qx[r, k - 1]
            qp_raw = qx[r, k + 1]
            qm = qm_raw if ox[r, k - 1] != 0 else q0
            qp = qp_raw if ox[r, k + 1] != 0 else q0
            n = half * (nc[r, k - 1] + nc[r, k])
            cells = (z[r, k - 1], z[r, k], h[r, k - 1], h[r, k])
            qxn[r, k] = _face_flux((q0, qm, qp), cells, n, ox[r, k] != 0, p)
    for c in range(1, mx + 1):
        q0 = qy[r, c]
        qm_raw = qy[r - 1, c]
        qp_raw = qy[r + 1, c]
        qm = qm_raw if oy[r - 1, c] != 0 else q0
        qp = qp_raw if oy[r + 1, c] != 0 else q0
        n = half * (nc[r - 1, c] + nc[r, c])
        cells = (z[r - 1, c], z[r, c], h[r - 1, c], h[r, c])
        qyn[r, c] = _face_flux((q0, qm, qp), cells, n, oy[r, c] != 0, p)


@njit(cache=True, error_model="numpy")
def _factor_row(r: int, arrays: Any, p: Any) -> None:
    # The share of its outgoing fluxes a cell can honour with the water it holds: scaling every
    # outgoing face by it keeps depths non-negative without clipping, so mass is conserved exactly.
    h, qxn, qyn, f = arrays[0], arrays[4], arrays[5], arrays[6]
    dtdx, zero, one = p[1], p[7], p[8]
    mx = h.shape[1] - 2
    for c in range(1, mx + 1):
        out_x = max(qxn[r, c + 1], zero) + max(-qxn[r, c], zero)
        out_y = max(qyn[r + 1, c], zero) + max(-qyn[r, c], zero)
        need = (out_x + out_y) * dtdx
        have = max(h[r, c], zero)
        safe = need if need > zero else one
        f[r, c] = have / safe if need > have else one


@njit(cache=True, error_model="numpy")
def _limited(q: Any, f_minus: Any, f_plus: Any, zero: Any) -> Any:
    # Scale a face flux by the factor of the cell it drains (its donor).
    return q * (f_minus if q > zero else f_plus)


@njit(cache=True, error_model="numpy")
def _sinks_row(r: int, arrays: Any, flags: Any, dt: Any) -> None:
    # Infiltration then drainage, each capped by the water present. Scalar loops (Newton
    # iterations, running totals) that run only when configured.
    h, cls, drain, itab, istate, rowacc = (arrays[0], arrays[6], arrays[8], arrays[9], arrays[10], arrays[13])
    _use_rain, use_drain, imodel = flags
    mx = h.shape[1] - 2
    if imodel != 0:
        acc = 0.0
        for c in range(1, mx + 1):
            k = cls[r, c]
            hn = h[r, c]
            avail = max(float(hn), 0.0)
            act = 0.0
            state = istate[r, c]
            if imodel == MODEL_HORTON:
                act, state = horton_step((itab[k, 0], itab[k, 1], itab[k, 2]), state, float(dt), avail)
            elif imodel == MODEL_GREEN_AMPT:
                act, state = green_ampt_step(itab[k, 0], itab[k, 1], state, float(dt), avail)
            istate[r, c] = state
            if act > 0.0:
                # Subtract through the array so the depth keeps the tile's dtype, and book the
                # change actually stored: exact in float64, so the balance closes to round-off.
                h[r, c] -= act
                acc += float(hn) - float(h[r, c])
        rowacc[r, 0] += acc
    if use_drain:
        acc = 0.0
        for c in range(1, mx + 1):
            hn = h[r, c]
            cap = drain[r, c] * dt
            if cap > 0 and hn > 0:
                h[r, c] = hn - min(cap, hn)
                acc += float(hn) - float(h[r, c])
        rowacc[r, 1] += acc


@njit(cache=True, error_model="numpy")
def _update_row(r: int, arrays: Any, flags: Any, p: Any) -> None:
    h, qx, qy, qxn, qyn, f, _cls, rain, _drain, _itab, _istate, maxh, maxs, rowacc = arrays
    use_rain, use_drain, imodel = flags
    dt, dtdx, hvel, zero, one, half = p[0], p[1], p[6], p[7], p[8], p[9]
    my = h.shape[0] - 2
    mx = h.shape[1] - 2
    # Continuity with the limited fluxes. Each face is written by exactly one cell: its east or
    # south neighbour writes the others, the last column and row also write their far faces.
    for c in range(1, mx + 1):
        qx[r, c] = _limited(qxn[r, c], f[r, c - 1], f[r, c], zero)
        qy[r, c] = _limited(qyn[r, c], f[r - 1, c], f[r, c], zero)
    qx[r, mx + 1] = _limited(qxn[r, mx + 1], f[r, mx], f[r, mx + 1], zero)
    if r == my:
        for c in range(1, mx + 1):
            qy[r + 1, c] = _limited(qyn[r + 1, c], f[r, c], f[r + 1, c], zero)
    if use_rain:
        for c in range(1, mx + 1):
            qs = _limited(qyn[r + 1, c], f[r, c], f[r + 1, c], zero)
            h[r, c] = h[r, c] + dtdx * ((qx[r, c] - qx[r, c + 1]) + (qy[r, c] - qs)) + rain[r, c] * dt
    else:
        for c in range(1, mx + 1):
            qs = _limited(qyn[r + 1, c], f[r, c], f[r + 1, c], zero)
            h[r, c] = h[r, c] + dtdx * ((qx[r, c] - qx[r, c + 1]) + (qy[r, c] - qs))
    if imodel != 0 or use_drain:
        _sinks_row(r, arrays, flags, dt)
    # Maxima: depth, and speed at the cell centre from the mean of opposite faces.
    row_max = zero
    for c in range(1, mx + 1):
        hn = h[r, c]
        row_max = max(row_max, hn)
        maxh[r, c] = max(maxh[r, c], hn)
        wet = hn > hvel
        u = half * (qx[r, c] + qx[r, c + 1])
        qs = _limited(qyn[r + 1, c], f[r, c], f[r + 1, c], zero)
        v = half * (qy[r, c] + qs)
        speed = math.sqrt(u * u + v * v) / (hn if wet else one)
        maxs[r, c] = max(maxs[r, c], speed if wet else zero)
    rowacc[r, 2] = row_max


@njit(cache=True, error_model="numpy")
def fluxes_serial(arrays: Any, p: Any) -> None:
    """Momentum on every face of the owned cells, then the outflow factor of each owned cell."""
    my = arrays[0].shape[0] - 2
    for r in range(1, my + 2):
        _flux_row(r, arrays, p)
    for r in range(1, my + 1):
        _factor_row(r, arrays, p)


@njit(cache=True, error_model="numpy", parallel=True)
def fluxes_parallel(arrays: Any, p: Any) -> None:
    """Row-parallel ``fluxes_serial``."""
    my = arrays[0].shape[0] - 2
    for r in prange(1, my + 2):
        _flux_row(r, arrays, p)
    for r in prange(1, my + 1):
        _factor_row(r, arrays, p)


@njit(cache=True, error_model="numpy")
def update_serial(arrays: Any, flags: Any, p: Any) -> None:
    """Scale fluxes by donor factors, update depths with rain and sinks, track maxima.

    ``flags`` is (rain on, drainage on, infiltration model code).
    """
    my = arrays[0].shape[0] - 2
    for r in range(1, my + 1):
        _update_row(r, arrays, flags, p)


@njit(cache=True, error_model="numpy", parallel=True)
def update_parallel(arrays: Any, flags: Any, p: Any) -> None:
    """Row-parallel ``update_serial``."""
    my = arrays[0].shape[0] - 2
    for r in prange(1, my + 1):
        _update_row(r, arrays, flags, p)


def step_params(dtype: np.dtype[Any], dt: float, dx: float, options: Any) -> tuple[Any, ...]:
    """Kernel scalars in the tile's dtype: dt, dt/dx, g, θ, (1-θ)/2, h_min, h_vel, 0, 1, ½, 4, ⅓."""
    t = dtype.type
    o = options
    return (
        t(dt),
        t(dt / dx),
        t(o.g),
        t(o.theta),
        t(0.5 * (1.0 - o.theta)),
        t(o.h_min),
        t(o.h_velocity_min),
        t(0.0),
        t(1.0),
        t(0.5),
        t(4.0),
        t(1.0 / 3.0),
    )
