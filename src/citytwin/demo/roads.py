"""The demo road graph: arterials from consecutive real bus stops, densified with a synthetic local grid.

Arterials: every pair of consecutive stops of the 2,113 real bus routes (GCJ-02 → WGS84) is a road segment;
segments shared by several routes are one segment that counts its routes (``busLines``). Local streets are a
jittered grid (spacing per scale) kept where the real traffic-zone population says people live. Both are
``RoadSegment`` twins; the local streets are marked ``geometrySource: synthetic``.
"""

from __future__ import annotations

import ast
import csv
import io
import itertools
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString

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

# Consecutive stops further apart than this are a data glitch or an express hop, not one road.
MAX_HOP_M = 2_500.0
MIN_HOP_M = 40.0
_ROAD_WORDS = ("深南", "滨海", "北环", "红荔", "莲花", "科苑", "沙河", "侨香", "香蜜", "彩田", "新洲", "益田")
_SUFFIX = ("路", "街", "道", "巷")


@dataclass(slots=True)
class Roads:
    """Road segments (WGS84 lines) with their attributes, arterials first."""

    lines: list[LineString] = field(default_factory=list)
    props: list[dict[str, Any]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.lines)


def _district_of(points: Any) -> list[str]:
    from citytwin.demo.hierarchy import district_boundaries

    bounds = district_boundaries()
    codes = list(bounds)
    tree = shapely.STRtree([bounds[c] for c in codes])
    out = ["440300"] * len(points)
    hit_pt, hit_poly = tree.query(points, predicate="within")
    for p, d in zip(hit_pt.tolist(), hit_poly.tolist(), strict=True):
        out[p] = codes[d]
    return out


@cache
def bus_hops() -> tuple[FloatArray, FloatArray, list[str]]:
    """Every consecutive stop pair of every route: (N×2 start, N×2 end) WGS84 and the route name."""
    starts: list[tuple[float, float]] = []
    ends: list[tuple[float, float]] = []
    names: list[str] = []
    for row in csv.DictReader(io.StringIO(read_data("sz_bus_lines_2113_directions.csv"))):
        stops = [tuple(float(v) for v in s.split(",")) for s in ast.literal_eval(row["stationgeo"])]
        for a, b in itertools.pairwise(stops):
            starts.append((a[0], a[1]))
            ends.append((b[0], b[1]))
            names.append(row["linename"])
    s = np.asarray(starts, dtype=np.float64)
    e = np.asarray(ends, dtype=np.float64)
    s[:, 0], s[:, 1] = gcj02_to_wgs84(s[:, 0], s[:, 1])
    e[:, 0], e[:, 1] = gcj02_to_wgs84(e[:, 0], e[:, 1])
    return s, e, names


def arterials(scale: Scale) -> Roads:
    """Deduplicated bus-stop hops inside the scale's region, with the number of routes on each."""
    region = region_of(scale.districts)
    s, e, _ = bus_hops()
    sx, sy = to_local(s[:, 0], s[:, 1])
    ex, ey = to_local(e[:, 0], e[:, 1])
    length = np.hypot(ex - sx, ey - sy)
    inside = shapely.contains_xy(region, s[:, 0], s[:, 1]) & shapely.contains_xy(region, e[:, 0], e[:, 1])
    keep = inside & (length >= MIN_HOP_M) & (length <= MAX_HOP_M)
    # Undirected key at ~10 m: both directions of a route and routes sharing stops are one segment.
    ka = np.round(s[keep] * 10_000).astype(np.int64)
    kb = np.round(e[keep] * 10_000).astype(np.int64)
    swap = (ka[:, 0] > kb[:, 0]) | ((ka[:, 0] == kb[:, 0]) & (ka[:, 1] > kb[:, 1]))
    lo = np.where(swap[:, None], kb, ka)
    hi = np.where(swap[:, None], ka, kb)
    keys = np.concatenate([lo, hi], axis=1)
    uniq, first, counts = np.unique(keys, axis=0, return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")
    roads = Roads()
    ks, ke, kl = s[keep], e[keep], length[keep]
    mids = shapely.points((ks[first[order]] + ke[first[order]]) / 2)
    districts = _district_of(mids)
    for n, idx in enumerate(first[order].tolist()):
        lines = int(counts[order[n]])
        a, b = ks[idx], ke[idx]
        roads.lines.append(LineString([tuple(a), tuple(b)]))
        key = f"arterial:{uniq[order[n]].tolist()}"
        roads.props.append(
            {
                "twinId": twin_id("RoadSegment", "road", districts[n], key),
                "roadClass": "arterial" if lines >= 3 else "secondary",
                "lanes": 6 if lines >= 6 else 4 if lines >= 3 else 2,
                "maxSpeed": 60 if lines >= 3 else 50,
                "busLines": lines,
                "length": round(float(kl[idx]), 1),
                "geometrySource": "bus-stops",
                "district": districts[n],
            }
        )
    return roads


def local_streets(scale: Scale) -> Roads:
    """A jittered grid of local streets where the traffic zones hold people."""
    region = region_of(scale.districts)
    gen = rng(scale, "local-streets")
    w, s, e, n = region.bounds
    x0, y0 = to_local(w, s)
    x1, y1 = to_local(e, n)
    step = scale.local_spacing_m
    xs = np.arange(float(x0), float(x1) + step, step)
    ys = np.arange(float(y0), float(y1) + step, step)
    gx, gy = np.meshgrid(xs, ys)
    gx = gx + gen.uniform(-0.2, 0.2, gx.shape) * step
    gy = gy + gen.uniform(-0.2, 0.2, gy.shape) * step
    lng, lat = to_lnglat(gx, gy)
    dens = population_surface(lng.ravel(), lat.ravel()).reshape(lng.shape)
    # Keep streets in the denser half of the sampled cells (people per square degree is relative).
    cut = float(np.quantile(dens, 0.35))
    pairs: list[tuple[tuple[int, int], tuple[int, int]]] = []
    rows, cols = gx.shape
    for i in range(rows):
        for j in range(cols):
            if j + 1 < cols:
                pairs.append(((i, j), (i, j + 1)))
            if i + 1 < rows:
                pairs.append(((i, j), (i + 1, j)))
    a = np.array([p[0] for p in pairs])
    b = np.array([p[1] for p in pairs])
    la, ta = lng[a[:, 0], a[:, 1]], lat[a[:, 0], a[:, 1]]
    lb, tb = lng[b[:, 0], b[:, 1]], lat[b[:, 0], b[:, 1]]
    dense = np.maximum(dens[a[:, 0], a[:, 1]], dens[b[:, 0], b[:, 1]]) > cut
    inside = shapely.contains_xy(region, la, ta) & shapely.contains_xy(region, lb, tb)
    keep = np.flatnonzero(dense & inside)
    mids = shapely.points((la[keep] + lb[keep]) / 2, (ta[keep] + tb[keep]) / 2)
    districts = _district_of(mids)
    roads = Roads()
    for n, k in enumerate(keep.tolist()):
        ax, ay = to_local(la[k], ta[k])
        bx, by = to_local(lb[k], tb[k])
        name = f"{_ROAD_WORDS[k % len(_ROAD_WORDS)]}{(k // 7) % 90 + 1}{_SUFFIX[k % len(_SUFFIX)]}"
        roads.lines.append(LineString([(float(la[k]), float(ta[k])), (float(lb[k]), float(tb[k]))]))
        roads.props.append(
            {
                "twinId": twin_id("RoadSegment", "road", districts[n], f"local:{scale.name}:{k}"),
                "name": name,
                "roadClass": "local",
                "lanes": 2,
                "maxSpeed": 30,
                "busLines": 0,
                "length": round(float(np.hypot(bx - ax, by - ay)), 1),
                "geometrySource": "synthetic",
                "district": districts[n],
            }
        )
    return roads


def road_network(scale: Scale) -> Roads:
    """Arterials then local streets."""
    out = arterials(scale)
    local = local_streets(scale)
    out.lines.extend(local.lines)
    out.props.extend(local.props)
    return out
