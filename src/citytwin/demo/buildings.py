"""Synthetic buildings placed along the demo roads, their density and population following the real zones.

Candidate sites line both sides of every road. Sites are drawn with probability proportional to the real
traffic-zone population density plus the Weibo check-in density (activity), so dense, busy places get more
and taller buildings. Footprints are rectangles facing their road, sized by use; overlapping footprints are
dropped greedily. Residents are the region's real zone population, shared out by residential floor area
weighted by local density. Everything here is SYNTHETIC (``geometrySource``), anchored to real densities.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import shapely

from citytwin.core.crs import gcj02_to_wgs84
from citytwin.demo.generate_scale import (
    FloatArray,
    Scale,
    read_data,
    region_of,
    rng,
    to_lnglat,
    to_local,
    twin_id,
)
from citytwin.demo.partitions import population_surface
from citytwin.demo.roads import Roads

USES = ("residential", "office", "commercial", "industrial", "public")
# (width along the road, depth) ranges in metres and floor ranges per use.
_SIZE = {
    "residential": ((16, 32), (12, 20), (6, 34)),
    "office": ((28, 50), (24, 40), (8, 60)),
    "commercial": ((20, 45), (18, 35), (2, 8)),
    "industrial": ((35, 80), (25, 50), (1, 6)),
    "public": ((30, 60), (20, 45), (2, 8)),
}
FLOOR_HEIGHT_M = 3.2
_ACTIVITY_CELL_M = 25.0
M2_PER_RESIDENT = 38.0


@dataclass(slots=True)
class Buildings:
    """Footprints (WGS84) and attributes of the generated buildings."""

    polygons: list[Any]
    props: list[dict[str, Any]]

    def __len__(self) -> int:
        return len(self.polygons)


@cache
def _pois() -> tuple[FloatArray, FloatArray, FloatArray]:
    lng, lat, checkins = [], [], []
    for row in csv.DictReader(io.StringIO(read_data("sz_poi_weibo_checkins_34856.csv"))):
        if row["lon"] and row["lat"]:
            lng.append(float(row["lon"]))
            lat.append(float(row["lat"]))
            checkins.append(float(row["checkins"] or 0))
    x, y = gcj02_to_wgs84(np.asarray(lng), np.asarray(lat))
    return x, y, np.asarray(checkins)


def activity_surface(lng: FloatArray, lat: FloatArray, radius_m: float = 400.0) -> FloatArray:
    """Weibo check-ins within ``radius_m`` of each point (log-damped): a proxy of how busy a place is.

    Computed on a ``_ACTIVITY_CELL_M`` raster (check-ins binned, summed over a disc by FFT convolution,
    read at each point's cell), so a point costs the same however many check-ins lie around it.
    """
    out = np.zeros(len(lng))
    if len(out) == 0:
        return out
    px, py, checkins = _pois()
    x, y = to_local(lng, lat)
    cx, cy = to_local(px, py)
    cell, r = _ACTIVITY_CELL_M, int(np.ceil(radius_m / _ACTIVITY_CELL_M))
    x0, y0 = float(x.min()) - radius_m, float(y.min()) - radius_m
    width = int((float(x.max()) + radius_m - x0) // cell) + 1
    height = int((float(y.max()) + radius_m - y0) // cell) + 1
    col, row = ((cx - x0) // cell).astype(np.int64), ((cy - y0) // cell).astype(np.int64)
    ok = (col >= 0) & (col < width) & (row >= 0) & (row < height)
    binned = np.bincount(
        row[ok] * width + col[ok], weights=np.log1p(checkins[ok]), minlength=width * height
    ).reshape(height, width)
    dy, dx = np.mgrid[-r : r + 1, -r : r + 1]
    disc = (np.hypot(dx, dy) * cell <= radius_m).astype(np.float64)
    shape = (height + 2 * r, width + 2 * r)
    summed = np.fft.irfft2(np.fft.rfft2(binned, shape) * np.fft.rfft2(disc, shape), shape)[r:-r, r:-r]
    qc, qr = ((x - x0) // cell).astype(np.int64), ((y - y0) // cell).astype(np.int64)
    # FFT round-off is ~1e-12 (and may dip below zero): rounding to 1e-6 takes it out of the result.
    out[:] = np.maximum(np.round(summed[qr, qc], 6), 0.0)
    return out


def region_population(scale: Scale) -> float:
    """The real 2020 zone population inside the scale's region (area-weighted share of each zone)."""
    from citytwin.demo.partitions import _surface

    surface = _surface()
    region = region_of(scale.districts)
    inter = shapely.area(shapely.intersection(np.asarray(surface.zones, dtype=object), region))
    return float(np.sum(surface.density * inter))


def _sites(roads: Roads, gen: np.random.Generator, spacing: float) -> tuple[FloatArray, ...]:
    coords = np.asarray([ln.coords[0] + ln.coords[-1] for ln in roads.lines], dtype=np.float64)
    ax, ay = to_local(coords[:, 0], coords[:, 1])
    bx, by = to_local(coords[:, 2], coords[:, 3])
    length = np.hypot(bx - ax, by - ay)
    per = np.maximum((length // spacing).astype(int), 1)
    idx = np.repeat(np.arange(len(length)), per)
    t = (np.concatenate([np.arange(k) for k in per]) + 0.5) / per[idx]
    ux, uy = (bx - ax)[idx] / length[idx], (by - ay)[idx] / length[idx]
    cx, cy = ax[idx] + t * (bx - ax)[idx], ay[idx] + t * (by - ay)[idx]
    # Both sides, and a second row behind the first where roads are far apart.
    side = np.concatenate(
        [np.ones(len(idx)), -np.ones(len(idx)), 2 * np.ones(len(idx)), -2 * np.ones(len(idx))]
    )
    cx, cy, ux, uy = (np.tile(v, 4) for v in (cx, cy, ux, uy))
    road = np.tile(idx, 4)
    offset = np.abs(side) * 32.0 + gen.uniform(-4, 4, len(side))
    sx = cx - uy * offset * np.sign(side)
    sy = cy + ux * offset * np.sign(side)
    return sx, sy, ux, uy, road.astype(np.float64)


def generate_buildings(scale: Scale, roads: Roads) -> Buildings:
    """``scale.buildings`` buildings along ``roads``, deterministic for the scale."""
    gen = rng(scale, "buildings")
    region = region_of(scale.districts)
    spacing = 45.0
    sx, sy, ux, uy, _ = _sites(roads, gen, spacing)
    lng, lat = to_lnglat(sx, sy)
    inside = shapely.contains_xy(region, lng, lat)
    while inside.sum() < scale.buildings * 1.6 and spacing > 8:
        spacing /= 1.6
        sx, sy, ux, uy, _road = _sites(roads, gen, spacing)
        lng, lat = to_lnglat(sx, sy)
        inside = shapely.contains_xy(region, lng, lat)
    sel = np.flatnonzero(inside)
    dens = population_surface(lng[sel], lat[sel])
    act = activity_surface(lng[sel], lat[sel])
    dn = dens / dens.max()
    an = act / max(act.max(), 1e-9)
    weight = 0.05 + dn + 0.6 * an
    want = min(len(sel), int(scale.buildings * 1.5))
    chosen = gen.choice(len(sel), size=want, replace=False, p=weight / weight.sum())
    sites = _Sites(sx, sy, ux, uy, sel, dens, act)
    norm = (float(np.quantile(dens[chosen], 0.95)), max(float(np.quantile(act[chosen], 0.95)), 1e-9))
    polys, rows = _footprints(sites, chosen, norm, gen)
    keep = _non_overlapping(polys)[: scale.buildings]
    polys, rows = [polys[i] for i in keep], [rows[i] for i in keep]
    if len(polys) < scale.buildings:
        # Dense places lose many candidates to overlaps (at city scale half of them): top up from the sites
        # not drawn yet, in the same density-weighted order, keeping only footprints that fit.
        taken = np.zeros(len(sel), dtype=bool)
        taken[chosen] = True
        rest = np.flatnonzero(~taken)
        # Efraimidis-Spirakis: sorting log(u) / w gives a weighted random order without replacement.
        keys = np.log(gen.random(len(rest))) / weight[rest]
        order = rest[np.argsort(-keys, kind="stable")]
        polys, rows = _top_up(polys, rows, sites, order, norm=norm, target=scale.buildings, gen=gen)
    return _finish(scale, polys, rows, gen)


@dataclass(slots=True)
class _Sites:
    """Candidate sites (local metres, road direction) and the densities at the selectable ones."""

    sx: FloatArray
    sy: FloatArray
    ux: FloatArray
    uy: FloatArray
    sel: Any
    dens: FloatArray
    act: FloatArray


def _footprints(
    sites: _Sites, chosen: Any, norm: tuple[float, float], gen: np.random.Generator
) -> tuple[list[Any], list[dict[str, Any]]]:
    """Footprints and attributes for the chosen sites (indices into ``sites.sel``)."""
    pick = sites.sel[chosen]
    pd = sites.dens[chosen]
    pa = sites.act[chosen]
    dnorm = np.clip(pd / norm[0], 0, 1)
    anorm = np.clip(pa / norm[1], 0, 1)
    # Use mix: people → homes, activity → offices and shops, neither → industry.
    probs = np.stack(
        [
            0.15 + 0.6 * dnorm,
            0.02 + 0.25 * anorm,
            0.05 + 0.2 * anorm,
            0.45 * (1 - dnorm) * (1 - anorm) + 0.02,
            np.full(len(pick), 0.06),
        ],
        axis=1,
    )
    probs /= probs.sum(axis=1, keepdims=True)
    uses = (probs.cumsum(axis=1) > gen.random(len(pick))[:, None]).argmax(axis=1)
    polys, rows = [], []
    for n, k in enumerate(pick.tolist()):
        use = USES[int(uses[n])]
        (w0, w1), (d0, d1), (f0, f1) = _SIZE[use]
        w, d = gen.uniform(w0, w1), gen.uniform(d0, d1)
        # Taller where denser and busier, with a long tail of towers.
        lift = 0.3 + 0.7 * max(float(dnorm[n]), float(anorm[n]))
        floors = int(np.clip(round(f0 + (f1 - f0) * lift * gen.beta(1.6, 3.5) * 2), f0, f1))
        ex, ey = sites.ux[k], sites.uy[k]
        nx, ny = -ey, ex
        cx, cy = sites.sx[k], sites.sy[k]
        corners = [
            (cx + sgn_w * ex * w / 2 + sgn_d * nx * d / 2, cy + sgn_w * ey * w / 2 + sgn_d * ny * d / 2)
            for sgn_w, sgn_d in ((-1, -1), (1, -1), (1, 1), (-1, 1))
        ]
        xs, ys = to_lnglat([c[0] for c in corners], [c[1] for c in corners])
        polys.append(shapely.Polygon(list(zip(xs.tolist(), ys.tolist(), strict=True))))
        rows.append({"use": use, "floors": floors, "area": w * d, "density": float(pd[n]), "site": int(k)})
    return polys, rows


def _top_up(
    polys: list[Any],
    rows: list[dict[str, Any]],
    sites: _Sites,
    order: Any,
    *,
    norm: tuple[float, float],
    target: int,
    gen: np.random.Generator,
) -> tuple[list[Any], list[dict[str, Any]]]:
    """Add footprints from ``order`` (sites, best first) that overlap nothing kept, up to ``target``."""
    polys, rows = list(polys), list(rows)
    start = 0
    while len(polys) < target and start < len(order):
        chunk = order[start : start + max(2 * (target - len(polys)), 1000)]
        start += len(chunk)
        more, extra = _footprints(sites, chunk, norm, gen)
        clash = np.zeros(len(more), dtype=bool)
        hit, _ = shapely.STRtree(polys).query(more, predicate="intersects") if polys else ([], [])
        clash[np.asarray(hit, dtype=np.int64)] = True
        fits = [i for i in range(len(more)) if not clash[i]]
        fresh = [fits[i] for i in _non_overlapping([more[i] for i in fits])]
        fresh = fresh[: target - len(polys)]
        polys += [more[i] for i in fresh]
        rows += [extra[i] for i in fresh]
    return polys, rows


def _non_overlapping(polys: list[Any]) -> list[int]:
    tree = shapely.STRtree(polys)
    a, b = tree.query(polys, predicate="intersects")
    dropped = np.zeros(len(polys), dtype=bool)
    later = a < b
    for i, j in zip(a[later].tolist(), b[later].tolist(), strict=True):
        if not dropped[i]:
            dropped[j] = True
    return np.flatnonzero(~dropped).tolist()


def _finish(
    scale: Scale, polys: list[Any], rows: list[dict[str, Any]], gen: np.random.Generator
) -> Buildings:
    from citytwin.demo.roads import _district_of

    centroids = shapely.centroid(np.asarray(polys, dtype=object))
    districts = _district_of(centroids)
    floor_area = np.array([r["area"] * r["floors"] for r in rows])
    homes = np.array([r["use"] == "residential" for r in rows])
    share = np.where(homes, floor_area * np.sqrt(np.array([r["density"] for r in rows])), 0.0)
    people = region_population(scale) * share / max(share.sum(), 1e-9)
    # Never more people than the floor area holds at a crowded 12 m² each.
    people = np.minimum(np.round(people), floor_area / 12.0).astype(int)
    props = []
    for n, r in enumerate(rows):
        pop = int(people[n])
        height = round(r["floors"] * FLOOR_HEIGHT_M + float(gen.uniform(0, 2.5)), 1)
        props.append(
            {
                "twinId": twin_id("Building", "building", districts[n], f"{scale.name}:building:{n}"),
                "buildingUse": r["use"],
                "floors": r["floors"],
                "height": height,
                "footprintArea": round(r["area"], 1),
                "floorArea": round(float(floor_area[n]), 1),
                "yearBuilt": int(gen.integers(1985, 2024)),
                "population": pop,
                "households": round(pop / 2.6),
                "district": districts[n],
                "geometrySource": "synthetic",
            }
        )
    return Buildings(polys, props)
