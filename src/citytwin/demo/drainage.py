"""The storm-drainage network of the demo city: pipe segments (LineStrings) between manholes (Points).

Storm mains run under the demo roads. The road graph holds overlapping bus hops (routes stopping at
different stops along one street), so those are merged first: one street, one main. Every kept road is cut
into pipes at most ``MAX_SPACING_M`` long, with a manhole at every cut and at every junction (road ends
closer than ``SNAP_M`` share one manhole). Pipes name their manholes (``startNode`` upstream, ``endNode``
downstream) and the pipe their water flows into next (``connectsTo``).

The hydraulics are a plausible design, not a survey; every figure is an assumption stated here:

* Water runs downhill on the demo DEM (:mod:`citytwin.demo.terrain`): a road's pipes run from its higher end
  to its lower end. A manhole with no pipe leaving it is an ``outfall``; where several roads fall away from
  one manhole, the water arriving there goes on along the steepest, so the flow network is a forest. A
  junction gathering more than ``OUTFALL_UPSTREAM_M`` of pipe is an outfall too (to a river or box
  culvert the demo does not model); the pipes below it start anew.
* Design flow by the rational method, Q = ψ·q·A: runoff coefficient ψ = 0.7, design storm intensity
  q = 340 L/(s·ha), and ``STRIP_M`` metres of land drained per metre of pipe upstream.
* Diameter: the smallest standard size (DN300 … DN3000) whose full-bore Manning capacity (n = 0.013) at the
  pipe's slope carries Q, and never smaller than the pipe feeding it.
* Invert levels: at least ``COVER_M`` of cover over the crown, falling at least the minimum slope for the
  size (3 ‰ for DN300 down to 0.5 ‰ from DN1650); where that would take a pipe deeper than
  ``MAX_DEPTH_M``, the manhole is a ``lift-station`` that raises the water to shallow depth again.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from citytwin.demo.generate_places import Layer
from citytwin.demo.generate_scale import FloatArray, Scale, region_of, rng, to_lnglat, to_local, twin_id
from citytwin.demo.roads import Roads, _district_of
from citytwin.demo.terrain import sample_dem

IntArray = npt.NDArray[np.int64]

MAX_SPACING_M = 120.0
"""Longest pipe between two manholes (GB 50014's limit for the large storm sewers)."""
SNAP_M = 20.0
MERGE_CELL_M = 120.0
"""Roads sharing most of their 120 m cells with a more important road count as one street."""
OUTFALL_UPSTREAM_M = 4_000.0
"""A junction gathering more pipe than this discharges to a river or box culvert (not modelled)."""
STRIP_M = 60.0
RUNOFF = 0.7
DESIGN_STORM_L_S_HA = 340.0
MANNING_N = 0.013
COVER_M = 0.7
MAX_DEPTH_M = 7.0
SIZES_MM = (300, 400, 500, 600, 800, 1000, 1200, 1350, 1500, 1650, 1800, 2000, 2200, 2400, 2600, 2800, 3000)
RELATIONSHIPS = (
    "startNode=startNode:Manhole",
    "endNode=endNode:Manhole",
    "connectsTo=connectsTo:DrainagePipe",
)
"""Pipe columns that name other twins, imported as NGSI-LD Relationships (``--relationship`` rules)."""


def min_slope(diameter_mm: int) -> float:
    """The flattest fall (m/m) the design allows a pipe of this size."""
    if diameter_mm <= 300:
        return 0.003
    if diameter_mm <= 600:
        return 0.002
    if diameter_mm <= 1000:
        return 0.0012
    if diameter_mm <= 1500:
        return 0.0008
    return 0.0005


def full_capacity(diameter_mm: int, slope: float) -> float:
    """Full-bore Manning capacity (m³/s) of a circular pipe."""
    d = diameter_mm / 1000.0
    area = math.pi * d * d / 4.0
    return float(area * (d / 4.0) ** (2.0 / 3.0) * math.sqrt(max(slope, 0.0)) / MANNING_N)


def design_flow(upstream_m: float) -> float:
    """Rational-method peak flow (m³/s) from the pipe length upstream, inclusive."""
    hectares = upstream_m * STRIP_M / 10_000.0
    return RUNOFF * DESIGN_STORM_L_S_HA * hectares / 1000.0


def size_for(flow: float, ground_slope: float, at_least: int) -> int:
    """The smallest standard diameter carrying ``flow`` (the largest one when none does)."""
    for d in SIZES_MM:
        if d >= at_least and full_capacity(d, max(ground_slope, min_slope(d))) >= flow:
            return d
    return SIZES_MM[-1]


@dataclass(slots=True)
class Drainage:
    """The storm network: pipe segments and manholes, both as importable layers."""

    pipes: Layer = field(default_factory=Layer)
    manholes: Layer = field(default_factory=Layer)

    @property
    def length_km(self) -> float:
        """Total pipe length."""
        return sum(float(p["length"]) for p in self.pipes.props) / 1000.0


def distinct_roads(roads: Roads, cell_m: float = MERGE_CELL_M) -> IntArray:
    """Indices of the roads that are streets of their own: overlapping bus hops merged into one.

    Roads are ranked (most bus lines first, local streets last); a road is kept when it is the best-ranked
    road in at least half of the ``cell_m`` cells it passes through.
    """
    n = len(roads)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.asarray([ln.coords[0] + ln.coords[-1] for ln in roads.lines], dtype=np.float64)
    ax, ay = to_local(ends[:, 0], ends[:, 1])
    bx, by = to_local(ends[:, 2], ends[:, 3])
    length = np.hypot(bx - ax, by - ay)
    lines = np.asarray([int(p.get("busLines") or 0) for p in roads.props])
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), -lines))] = np.arange(n)
    per = np.maximum(np.ceil(length / (cell_m / 2)).astype(np.int64), 1)
    road = np.repeat(np.arange(n), per)
    t = (np.arange(len(road)) - np.repeat(np.cumsum(per) - per, per) + 0.5) / per[road]
    cx = np.floor((ax[road] + t * (bx - ax)[road]) / cell_m).astype(np.int64)
    cy = np.floor((ay[road] + t * (by - ay)[road]) / cell_m).astype(np.int64)
    cell = cx * 2_000_003 + cy
    order = np.lexsort((rank[road], cell))
    first = np.r_[True, cell[order][1:] != cell[order][:-1]]
    owner = road[order][first][np.cumsum(first) - 1]
    owns = np.zeros(len(road), dtype=np.float64)
    owns[order] = road[order] == owner
    share = np.bincount(road, weights=owns, minlength=n) / per
    return np.flatnonzero(share >= 0.5).astype(np.int64)


def _clusters(points: FloatArray, within: float) -> IntArray:
    """A cluster label per point: points closer than ``within`` (transitively) share one."""
    tree = shapely.STRtree(shapely.points(points))
    a, b = tree.query(shapely.points(points), predicate="dwithin", distance=within)
    label = np.arange(len(points), dtype=np.int64)
    while True:
        low = np.minimum(label[a], label[b])
        new = label.copy()
        np.minimum.at(new, a, low)
        np.minimum.at(new, b, low)
        new = new[new]
        if np.array_equal(new, label):
            return label
        label = new


@dataclass(slots=True)
class _Chain:
    """One road's run of pipes, from its upstream junction to its downstream one."""

    road: int
    start: int
    end: int
    nodes: list[int]
    drop: float = 0.0
    pipes: list[int] = field(default_factory=list)


@dataclass(slots=True)
class _Pipe:
    chain: _Chain
    start: int
    end: int
    size: int
    length: float
    upper: float
    lower: float
    flow: float
    next: int | None = None


@dataclass(slots=True)
class _Graph:
    """Manholes (junctions first, then the ones along the roads) in local metres, and the chains."""

    xs: list[float]
    ys: list[float]
    road: list[int]
    junctions: int
    chains: list[_Chain] = field(default_factory=list)
    lng: FloatArray = field(default_factory=lambda: np.zeros(0))
    lat: FloatArray = field(default_factory=lambda: np.zeros(0))
    ground: FloatArray = field(default_factory=lambda: np.zeros(0))
    cover: FloatArray = field(default_factory=lambda: np.zeros(0))


@dataclass(slots=True)
class _Levels:
    """What the design walk found: pipes, node inverts, lift stations and outfalls."""

    pipes: list[_Pipe]
    invert: FloatArray
    lifted: set[int]
    outfalls: set[int]


def drainage_network(
    scale: Scale, roads: Roads, dem: tuple[FloatArray, tuple[float, float, float, float]]
) -> Drainage:
    """The storm mains under the scale's roads, deterministic for the scale."""
    graph = _graph(roads, region_of(()))
    graph.lng, graph.lat = to_lnglat(np.asarray(graph.xs), np.asarray(graph.ys))
    z, grid = dem
    graph.ground = sample_dem(z, grid, graph.lng, graph.lat)
    graph.cover = COVER_M + rng(scale, "drainage").uniform(0.0, 0.8, len(graph.xs))
    return _layers(scale, roads, graph, _design(graph))


def _graph(roads: Roads, city: BaseGeometry) -> _Graph:
    """Junctions where kept roads meet (ends within ``SNAP_M``), each road cut into pipe-long pieces.

    A road whose main would leave ``city`` (a bus hop to a border crossing, a bridge over the bay) gets
    none: every manhole and pipe must lie in an administrative area the importer can register it to.
    """
    keep = distinct_roads(roads).tolist()
    ends = np.asarray([roads.lines[k].coords[0] + roads.lines[k].coords[-1] for k in keep], dtype=np.float64)
    ends = ends.reshape(-1, 4)
    ex, ey = to_local(np.r_[ends[:, 0], ends[:, 2]], np.r_[ends[:, 1], ends[:, 3]])
    label = _clusters(np.c_[ex, ey], SNAP_M) if len(ex) else np.zeros(0, dtype=np.int64)
    first, junction = np.unique(label, return_inverse=True)
    graph = _Graph(ex[first].tolist(), ey[first].tolist(), [-1] * len(first), len(first))
    xs, ys = graph.xs, graph.ys
    seen: set[tuple[int, int]] = set()
    mains: list[tuple[int, int, int]] = []
    for i, k in enumerate(keep):
        u, v = int(junction[i]), int(junction[len(keep) + i])
        if u == v or (min(u, v), max(u, v)) in seen:
            continue
        seen.add((min(u, v), max(u, v)))
        mains.append((k, u, v))
    inside = _inside(graph, mains, city)
    for (k, u, v), ok in zip(mains, inside, strict=True):
        if not ok:
            continue
        pieces = max(1, math.ceil(math.hypot(xs[v] - xs[u], ys[v] - ys[u]) / MAX_SPACING_M))
        inner = []
        for j in range(1, pieces):
            xs.append(xs[u] + j / pieces * (xs[v] - xs[u]))
            ys.append(ys[u] + j / pieces * (ys[v] - ys[u]))
            graph.road.append(k)
            inner.append(len(xs) - 1)
        graph.chains.append(_Chain(k, u, v, [u, *inner, v]))
        for end in (u, v):
            if graph.road[end] < 0:
                graph.road[end] = k
    return graph


CITY_MARGIN_DEG = 1e-5
"""About a metre: a main along the city's edge stays clear of it, rounding of its manholes included."""


def _inside(graph: _Graph, mains: list[tuple[int, int, int]], city: BaseGeometry) -> list[bool]:
    """Whether each main (road, start junction, end junction), a straight line, lies inside ``city``."""
    if not mains:
        return []
    ends = np.asarray([(u, v) for _, u, v in mains], dtype=np.int64)
    lng, lat = to_lnglat(np.asarray(graph.xs), np.asarray(graph.ys))
    coords = np.stack(
        [np.c_[lng[ends[:, 0]], lat[ends[:, 0]]], np.c_[lng[ends[:, 1]], lat[ends[:, 1]]]], axis=1
    )
    lines = shapely.linestrings(coords)
    inner = shapely.buffer(city, -CITY_MARGIN_DEG)
    shapely.prepare(inner)
    return [bool(b) for b in shapely.covered_by(lines, inner)]


def _design(graph: _Graph) -> _Levels:
    """Orient every chain downhill, then walk the junctions from the highest down, sizing every pipe."""
    xs, ys, ground, cover = graph.xs, graph.ys, graph.ground, graph.cover
    # Flow runs from the higher junction to the lower one (ties: the lower node number counts as higher).
    order = np.lexsort((np.arange(graph.junctions), -ground[: graph.junctions]))
    position = np.empty(graph.junctions, dtype=np.int64)
    position[order] = np.arange(graph.junctions)
    leaving: dict[int, list[_Chain]] = {}
    for chain in graph.chains:
        if position[chain.start] > position[chain.end]:
            chain.start, chain.end = chain.end, chain.start
            chain.nodes.reverse()
        run = math.hypot(xs[chain.end] - xs[chain.start], ys[chain.end] - ys[chain.start])
        chain.drop = float(ground[chain.start] - ground[chain.end]) / max(run, 1.0)
        leaving.setdefault(chain.start, []).append(chain)
    levels = _Levels([], np.full(len(xs), np.inf), set(), set())
    pipes = levels.pipes
    arriving: dict[int, list[int]] = {}  # junction → last pipes of the chains ending there
    gathered: dict[int, tuple[float, float, int]] = {}  # junction → (lowest invert, upstream m, widest)
    for node in order.tolist():
        invert_in, upstream_in, size_in = gathered.get(node, (math.inf, 0.0, 0))
        if upstream_in > OUTFALL_UPSTREAM_M:
            levels.outfalls.add(node)
        chains = sorted(leaving.get(node, []), key=lambda c: (-c.drop, c.road))
        for n, chain in enumerate(chains):
            # The steepest chain carries on the water arriving here; the others start dry and shallow.
            carries = n == 0 and node not in levels.outfalls
            level = invert_in if carries else math.inf
            upstream = upstream_in if carries else 0.0
            size = size_in if carries else 0
            for a, b in itertools.pairwise(chain.nodes):
                length = max(math.hypot(xs[b] - xs[a], ys[b] - ys[a]), 1.0)
                upstream += length
                flow = design_flow(upstream)
                size = size_for(flow, float(ground[a] - ground[b]) / length, size)
                shallow = float(ground[a] - cover[a]) - size / 1000.0
                upper = min(level, shallow)
                if float(ground[a]) - upper > MAX_DEPTH_M:
                    upper = shallow
                    levels.lifted.add(a)
                lower = min(upper - min_slope(size) * length, float(ground[b] - cover[b]) - size / 1000.0)
                levels.invert[a] = min(levels.invert[a], upper)
                levels.invert[b] = min(levels.invert[b], lower)
                if chain.pipes:
                    pipes[chain.pipes[-1]].next = len(pipes)
                chain.pipes.append(len(pipes))
                pipes.append(_Pipe(chain, a, b, size, length, upper, lower, flow))
                level = lower
            arriving.setdefault(chain.end, []).append(chain.pipes[-1])
            low, total, widest = gathered.get(chain.end, (math.inf, 0.0, 0))
            gathered[chain.end] = (min(low, level), total + upstream, max(widest, size))
        if chains and node not in levels.outfalls:
            for pipe in arriving.get(node, []):
                pipes[pipe].next = chains[0].pipes[0]
    return levels


def _layers(scale: Scale, roads: Roads, graph: _Graph, levels: _Levels) -> Drainage:
    """The pipes and manholes as rows, with ids, districts and the relationships between them."""
    pipes, lng, lat, ground = levels.pipes, graph.lng, graph.lat, graph.ground
    used = sorted({p.start for p in pipes} | {p.end for p in pipes})
    districts = _district_of(shapely.points(lng[used], lat[used])) if used else []
    starts = {p.start for p in pipes}
    node_id: dict[int, str] = {}
    out = Drainage()
    for n, node in enumerate(used):
        node_id[node] = twin_id("Manhole", "facility", districts[n], f"{scale.name}:storm-mh:{node}")
        if node in levels.outfalls or node not in starts:
            kind = "outfall"
        else:
            kind = "lift-station" if node in levels.lifted else "manhole"
        invert = float(levels.invert[node])
        out.manholes.add(
            Point(float(lng[node]), float(lat[node])),
            {
                "twinId": node_id[node],
                "network": "drainage",
                "system": "storm",
                "nodeType": kind,
                "groundElevation": round(float(ground[node]), 2),
                "invertLevel": round(invert, 2),
                "depth": round(float(ground[node]) - invert, 2),
                "road": roads.props[graph.road[node]]["twinId"],
                "district": districts[n],
            },
        )
    a = np.asarray([p.start for p in pipes], dtype=np.int64)
    b = np.asarray([p.end for p in pipes], dtype=np.int64)
    pipe_districts = (
        _district_of(shapely.points((lng[a] + lng[b]) / 2, (lat[a] + lat[b]) / 2)) if pipes else []
    )
    ids = [
        twin_id("DrainagePipe", "pipe", pipe_districts[k], f"{scale.name}:storm:{k}")
        for k in range(len(pipes))
    ]
    for k, p in enumerate(pipes):
        props: dict[str, Any] = {
            "twinId": ids[k],
            "system": "storm",
            "diameter": p.size,
            "material": "HDPE" if p.size <= 600 else "reinforced-concrete",
            "length": round(p.length, 1),
            "slope": round((p.upper - p.lower) / p.length, 5),
            "startInvertLevel": round(p.upper, 2),
            "endInvertLevel": round(p.lower, 2),
            "designFlow": round(p.flow * 1000.0, 1),
            "startNode": node_id[p.start],
            "endNode": node_id[p.end],
            "road": roads.props[p.chain.road]["twinId"],
            "district": pipe_districts[k],
        }
        if p.next is not None:
            props["connectsTo"] = ids[p.next]
        line = LineString(
            [(float(lng[p.start]), float(lat[p.start])), (float(lng[p.end]), float(lat[p.end]))]
        )
        out.pipes.add(line, props)
    return out
