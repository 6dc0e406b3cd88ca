"""Pure-numpy reference of the kernels in ``kernel.py``: same signatures, same formulas, vectorised.

Slow but easy to read; the tests step a small grid with both and compare. Array roles and index
conventions are those of ``kernel.py``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from citytwin.scenarios.flood.infiltration import MODEL_GREEN_AMPT, MODEL_HORTON

Arr = npt.NDArray[Any]


def _face_flux(q: tuple[Arr, Arr, Arr], cells: tuple[Arr, ...], n: Arr, o: Arr, p: tuple[Any, ...]) -> Arr:
    dt, dtdx, g, theta, half1mt, hmin, _hvel, zero, one, _half, _four, _third = p
    q0, qm, qp = q
    zl, zr, hl, hr = cells
    etal = zl + hl
    etar = zr + hr
    hf = np.maximum(etal, etar) - np.maximum(zl, zr)
    wet = (o != 0) & (hf > hmin)
    safe = np.where(wet, hf, one)
    qs = theta * q0 + half1mt * (qm + qp)
    h73 = safe * safe * np.cbrt(safe)
    flux = (qs - g * safe * dtdx * (etar - etal)) * h73 / (h73 + g * dt * (n * n) * np.abs(q0))
    out: Arr = np.where(wet, flux, zero)
    return out


def fluxes(arrays: tuple[Arr, ...], p: tuple[Any, ...]) -> None:
    """Momentum on every face of the owned cells, then each owned cell's outflow factor."""
    h, z, qx, qy, qxn, qyn, f, ox, oy, nc = arrays
    zero, one, half = p[7], p[8], p[9]
    mx = h.shape[1] - 2
    my = h.shape[0] - 2
    rows = slice(1, my + 1)
    # x faces 1..mx+1 of the owned rows: left cell k-1, right cell k.
    o, om, op = ox[rows, 1 : mx + 2], ox[rows, 0 : mx + 1], ox[rows, 2 : mx + 3]
    q0 = qx[rows, 1 : mx + 2]
    qm = np.where(om != 0, qx[rows, 0 : mx + 1], q0)
    qp = np.where(op != 0, qx[rows, 2 : mx + 3], q0)
    n = half * (nc[rows, 0 : mx + 1] + nc[rows, 1 : mx + 2])
    cells = (z[rows, 0 : mx + 1], z[rows, 1 : mx + 2], h[rows, 0 : mx + 1], h[rows, 1 : mx + 2])
    qxn[rows, 1 : mx + 2] = _face_flux((q0, qm, qp), cells, n, o, p)
    # y faces 1..my+1 of the owned columns: upper cell r-1, lower cell r.
    cols = slice(1, mx + 1)
    o, om, op = oy[1 : my + 2, cols], oy[0 : my + 1, cols], oy[2 : my + 3, cols]
    q0 = qy[1 : my + 2, cols]
    qm = np.where(om != 0, qy[0 : my + 1, cols], q0)
    qp = np.where(op != 0, qy[2 : my + 3, cols], q0)
    n = half * (nc[0 : my + 1, cols] + nc[1 : my + 2, cols])
    cells = (z[0 : my + 1, cols], z[1 : my + 2, cols], h[0 : my + 1, cols], h[1 : my + 2, cols])
    qyn[1 : my + 2, cols] = _face_flux((q0, qm, qp), cells, n, o, p)
    dtdx = p[1]
    out_x = np.maximum(qxn[rows, 2 : mx + 2], zero) + np.maximum(-qxn[rows, 1 : mx + 1], zero)
    out_y = np.maximum(qyn[2 : my + 2, cols], zero) + np.maximum(-qyn[1 : my + 1, cols], zero)
    need = (out_x + out_y) * dtdx
    have = np.maximum(h[rows, cols], zero)
    with np.errstate(divide="ignore", invalid="ignore"):
        f[rows, cols] = np.where(need > have, have / need, one)


def _limited(q: Arr, f_minus: Arr, f_plus: Arr, zero: Any) -> Arr:
    return np.where(q > zero, q * f_minus, q * f_plus)


def _horton(params: tuple[Arr, Arr, Arr], tau: Arr, dt: float, avail: Arr) -> tuple[Arr, Arr]:
    f0, fc, k = params
    act = np.zeros_like(avail)
    new = tau.copy()
    on = (f0 > 0) & (avail > 0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        flat = on & (k <= 0)
        pot = f0 * dt
        full = flat & (pot <= avail)
        act[full], new[full] = pot[full], tau[full] + dt
        part = flat & ~full
        act[part], new[part] = avail[part], tau[part] + avail[part] / f0[part]
        dec = on & (k > 0)
        decay = np.exp(-k * tau)
        amp = (f0 - fc) / k * decay
        pot = fc * dt - amp * np.expm1(-k * dt)
        full = dec & (pot <= avail)
        act[full], new[full] = pot[full], tau[full] + dt
        part = dec & ~full
        s = avail / (fc + (f0 - fc) * decay)
        for _ in range(6):
            gval = fc * s - amp * np.expm1(-k * s) - avail
            s = s - gval / (fc + (f0 - fc) * decay * np.exp(-k * s))
        act[part] = avail[part]
        new[part] = tau[part] + np.minimum(np.maximum(s[part], 0.0), dt)
    return act, new


def _green_ampt(ks: Arr, suction: Arr, cum: Arr, dt: float, avail: Arr) -> tuple[Arr, Arr]:
    act = np.zeros_like(avail)
    on = (ks > 0) & (avail > 0)
    plain = on & (suction <= 0)
    act[plain] = np.minimum(ks[plain] * dt, avail[plain])
    ga = on & (suction > 0)
    kdt = ks * dt
    root = 0.5 * (np.sqrt(suction) + np.sqrt(suction + 4.0 * kdt))
    x = root * root
    base = cum + suction
    running = ga.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        for _ in range(30):
            if not running.any():
                break
            gval = x - suction * np.log1p(x / base) - kdt
            step = gval * (x + base) / (cum + x)
            x = np.where(running, x - step, x)
            running &= ~(step <= 1e-15 * x)
    act[ga] = np.minimum(x[ga], avail[ga])
    return act, cum + act


def update(arrays: tuple[Arr, ...], flags: tuple[bool, bool, int], p: tuple[Any, ...]) -> None:
    """Scale fluxes by donor factors, update depths with sources and sinks, track maxima."""
    h, qx, qy, qxn, qyn, f, cls, rain, drain, itab, istate, maxh, maxs, rowacc = arrays
    use_rain, use_drain, imodel = flags
    dt, dtdx, hvel, zero, half = p[0], p[1], p[6], p[7], p[9]
    my = h.shape[0] - 2
    mx = h.shape[1] - 2
    rows, cols = slice(1, my + 1), slice(1, mx + 1)
    qxl = _limited(qxn[rows, 1 : mx + 2], f[rows, 0 : mx + 1], f[rows, 1 : mx + 2], zero)
    qyl = _limited(qyn[1 : my + 2, cols], f[0 : my + 1, cols], f[1 : my + 2, cols], zero)
    qx[rows, 1 : mx + 2] = qxl
    qy[1 : my + 2, cols] = qyl
    qw, qe = qxl[:, :-1], qxl[:, 1:]
    qn, qs = qyl[:-1, :], qyl[1:, :]
    hn = h[rows, cols] + dtdx * ((qw - qe) + (qn - qs))
    if use_rain:
        hn = hn + rain[rows, cols] * dt
    h[rows, cols] = hn
    if imodel != 0:
        k = cls[rows, cols]
        avail = np.maximum(hn.astype(np.float64), 0.0)
        state = istate[rows, cols]
        if imodel == MODEL_HORTON:
            act, state = _horton((itab[k, 0], itab[k, 1], itab[k, 2]), state, float(dt), avail)
        elif imodel == MODEL_GREEN_AMPT:
            act, state = _green_ampt(itab[k, 0], itab[k, 1], state, float(dt), avail)
        else:
            act = np.zeros_like(avail)
        istate[rows, cols] = state
        before = h[rows, cols].astype(np.float64)
        h[rows, cols] = np.where(act > 0, h[rows, cols] - act, h[rows, cols])
        rowacc[rows, 0] += (before - h[rows, cols].astype(np.float64)).sum(axis=1)
    if use_drain:
        cur = h[rows, cols].copy()
        cap = drain[rows, cols] * dt
        take = np.where((cap > zero) & (cur > zero), np.minimum(cap, cur), zero)
        h[rows, cols] = cur - take
        rowacc[rows, 1] += (cur.astype(np.float64) - h[rows, cols].astype(np.float64)).sum(axis=1)
    hn = h[rows, cols]
    rowacc[rows, 2] = np.maximum(hn.max(axis=1), zero)
    maxh[rows, cols] = np.maximum(maxh[rows, cols], hn)
    wet = hn > hvel
    safe = np.where(wet, hn, 1)
    u = half * (qw + qe) / safe
    v = half * (qn + qs) / safe
    speed = np.where(wet, np.sqrt(u * u + v * v), zero)
    maxs[rows, cols] = np.maximum(maxs[rows, cols], speed)
