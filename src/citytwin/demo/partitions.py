"""SYNTHETIC street (街道) and community (社区) partitions inside Shenzhen's real district boundaries.

No street or community boundaries can be shipped under a licence, so the demo makes plausible ones. They are
*synthetic*: the codes and names are real (GB/T 2260 / NBS 2023 tables), the shapes are not surveyed.

How they are made (deterministic, no randomness beyond fixed seeds):

1. A population surface from the 491 traffic analysis zones (TAZ, real 2020 populations, GCJ-02 → WGS84):
   each zone's density, plus a small floor so that hills and water still belong to someone.
2. Each district is split into as many cells as it has street-level units (74 streets and 5 special units such
   as 前海合作区 or the airport): seeds start at an approximate, hand-placed position of each street's centre
   and move by population-weighted Lloyd iterations, then Voronoi cells of the seeds are clipped to the
   district. 大鹏新区's three streets split the 大鹏 outline and 龙岗's other streets the rest of 440307.
3. Each street is split the same way into its communities, with seeds from a population-weighted k-means.
4. Pieces of a clipped cell that are cut off from its seed are merged into the neighbour they share the
   longest border with, so cells are single polygons wherever the parent is.

Cells tile their parent exactly up to floating-point noise (they are the parent intersected with a Voronoi
diagram), and dense zones get smaller cells, so areas roughly follow population.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from types import MappingProxyType

import numpy as np
import numpy.typing as npt
import shapely
import shapely.ops
from shapely.geometry import MultiPoint, Point
from shapely.geometry.base import BaseGeometry

from citytwin.core.codes import admin
from citytwin.core.crs import transform_geometry
from citytwin.demo.hierarchy import DAPENG, district_boundaries

__all__ = [
    "GEOMETRY_METHOD",
    "GEOMETRY_SOURCE",
    "STREET_ANCHORS",
    "Partitions",
    "community_partitions",
    "partitions",
    "population_surface",
    "street_partitions",
]

GEOMETRY_SOURCE = "synthetic"
GEOMETRY_METHOD = (
    "population-weighted Voronoi partition of the real district boundary, seeded from 491 traffic zones "
    "(citytwin.demo.partitions); not a surveyed boundary"
)

FloatArray = npt.NDArray[np.float64]

# Approximate WGS84 centres of the street-level units, placed by hand from general knowledge of the city.
# They only decide roughly where each street's cell lies; Lloyd iterations then move the seeds.
STREET_ANCHORS: Mapping[str, tuple[float, float]] = MappingProxyType(
    {
        # 罗湖
        "440303001": (114.110, 22.546),
        "440303002": (114.138, 22.548),
        "440303003": (114.121, 22.552),
        "440303004": (114.127, 22.563),
        "440303005": (114.116, 22.541),
        "440303006": (114.104, 22.561),
        "440303007": (114.148, 22.570),
        "440303008": (114.176, 22.562),
        "440303009": (114.130, 22.580),
        "440303010": (114.108, 22.589),
        # 福田
        "440304001": (114.092, 22.537),
        "440304002": (114.093, 22.557),
        "440304004": (114.066, 22.531),
        "440304005": (114.033, 22.528),
        "440304006": (114.022, 22.549),
        "440304007": (114.048, 22.575),
        "440304008": (114.056, 22.556),
        "440304009": (114.074, 22.550),
        "440304010": (114.050, 22.513),
        "440304011": (114.086, 22.545),
        "440304400": (114.040, 22.507),
        # 南山
        "440305001": (113.922, 22.548),
        "440305002": (113.926, 22.515),
        "440305003": (113.982, 22.537),
        "440305005": (113.912, 22.493),
        "440305006": (113.902, 22.472),
        "440305007": (113.946, 22.525),
        "440305008": (113.968, 22.566),
        "440305009": (113.953, 22.592),
        "440305400": (113.895, 22.528),
        # 宝安
        "440306017": (113.887, 22.566),
        "440306018": (113.880, 22.601),
        "440306019": (113.855, 22.617),
        "440306020": (113.830, 22.670),
        "440306021": (113.812, 22.690),
        "440306022": (113.812, 22.735),
        "440306023": (113.845, 22.740),
        "440306024": (113.835, 22.775),
        "440306025": (113.835, 22.815),
        "440306026": (113.935, 22.675),
        "440306400": (113.812, 22.640),
        # 龙岗 (葵涌, 大鹏, 南澳 lie in 大鹏新区)
        "440307003": (114.120, 22.690),
        "440307006": (114.310, 22.775),
        "440307009": (114.415, 22.630),
        "440307010": (114.475, 22.595),
        "440307011": (114.505, 22.530),
        "440307012": (114.130, 22.612),
        "440307013": (114.065, 22.635),
        "440307014": (114.120, 22.600),
        "440307015": (114.240, 22.725),
        "440307016": (114.285, 22.740),
        "440307017": (114.205, 22.650),
        "440307018": (114.095, 22.650),
        "440307019": (114.300, 22.700),
        "440307020": (114.185, 22.625),
        # 盐田
        "440308001": (114.310, 22.600),
        "440308002": (114.250, 22.585),
        "440308003": (114.225, 22.555),
        "440308004": (114.240, 22.568),
        "440308403": (114.272, 22.578),
        # 龙华
        "440309001": (114.065, 22.712),
        "440309002": (114.040, 22.622),
        "440309003": (114.025, 22.655),
        "440309004": (114.005, 22.680),
        "440309005": (114.085, 22.745),
        "440309006": (114.045, 22.725),
        # 坪山
        "440310001": (114.345, 22.690),
        "440310002": (114.365, 22.655),
        "440310003": (114.310, 22.670),
        "440310004": (114.400, 22.690),
        "440310005": (114.395, 22.750),
        "440310006": (114.360, 22.735),
        "440310401": (114.380, 22.710),
        # 光明
        "440311001": (113.935, 22.770),
        "440311002": (113.880, 22.790),
        "440311003": (113.910, 22.802),
        "440311004": (113.960, 22.745),
        "440311005": (113.900, 22.760),
        "440311006": (113.925, 22.738),
    }
)

_SAMPLES_PER_CELL = 60
_MIN_SAMPLES = 600
_LLOYD_STEPS = 2
_KMEANS_STEPS = 40
_FLOOR = 0.02  # share of the city's mean density every place gets, so empty land is still assigned


@dataclass(frozen=True, slots=True)
class Partitions:
    """Street and community polygons (WGS84) by canonical code."""

    streets: Mapping[str, BaseGeometry]
    communities: Mapping[str, BaseGeometry]


@dataclass(frozen=True, slots=True)
class _Surface:
    zones: tuple[BaseGeometry, ...]
    density: FloatArray  # people per square degree, per zone
    tree: shapely.STRtree
    floor: float


def _read(name: str) -> str:
    return files("citytwin.data.shenzhen").joinpath(name).read_text("utf-8")


@cache
def _surface() -> _Surface:
    raw = json.loads(_read("sz_taz_491_geometry.geojson"))
    rows = csv.DictReader(io.StringIO(_read("sz_taz_491_attributes.csv")))
    people = {row["小区编号"]: float(row["人口（人）"] or 0) for row in rows}
    zones, density = [], []
    for feature in raw["features"]:
        geom = shapely.make_valid(shapely.geometry.shape(feature["geometry"]))
        geom = transform_geometry(geom, "gcj02", "wgs84")
        zones.append(geom)
        density.append(people.get(str(feature["properties"]["name"]), 0.0) / max(geom.area, 1e-12))
    dens = np.asarray(density, dtype=np.float64)
    total_area = sum(z.area for z in zones)
    mean = float(sum(d * z.area for d, z in zip(dens, zones, strict=True)) / total_area)
    return _Surface(tuple(zones), dens, shapely.STRtree(zones), _FLOOR * mean)


def population_surface(lngs: npt.ArrayLike, lats: npt.ArrayLike) -> FloatArray:
    """Population density (people per square degree, TAZ 2020 plus a small floor) at WGS84 points."""
    surface = _surface()
    points = shapely.points(np.asarray(lngs, dtype=np.float64), np.asarray(lats, dtype=np.float64))
    out = np.full(len(points), surface.floor)
    hit_point, hit_zone = surface.tree.query(points, predicate="within")
    out[hit_point] += surface.density[hit_zone]
    return out


# -- geometry helpers ---------------------------------------------------------------------------------------


class _Frame:
    """A local equirectangular frame: Voronoi cells and k-means distances are isotropic in metres there."""

    def __init__(self, region: BaseGeometry) -> None:
        point = region.centroid
        self.lng0, self.lat0 = float(point.x), float(point.y)
        self.k = math.cos(math.radians(self.lat0))

    def to_local(self, xy: FloatArray) -> FloatArray:
        return np.column_stack(((xy[:, 0] - self.lng0) * self.k, xy[:, 1] - self.lat0))

    def to_lnglat(self, xy: FloatArray) -> FloatArray:
        return np.column_stack((xy[:, 0] / self.k + self.lng0, xy[:, 1] + self.lat0))


def _samples(region: BaseGeometry, cells: int) -> tuple[FloatArray, FloatArray]:
    """A regular grid of points inside ``region`` (WGS84) and their population weights."""
    target = max(_MIN_SAMPLES, _SAMPLES_PER_CELL * cells)
    west, south, east, north = region.bounds
    frame = _Frame(region)
    step = math.sqrt(region.area * frame.k / target)
    # Grid lines are anchored on whole multiples of the step, so the sample set depends on the region only.
    xs = np.arange(math.floor(west * frame.k / step), math.ceil(east * frame.k / step) + 1) * step / frame.k
    ys = np.arange(math.floor(south / step), math.ceil(north / step) + 1) * step
    gx, gy = np.meshgrid(xs, ys)
    lng, lat = gx.ravel(), gy.ravel()
    shapely.prepare(region)
    inside = shapely.contains_xy(region, lng, lat)
    lng, lat = lng[inside], lat[inside]
    if len(lng) < cells:
        # A sliver of a region: fall back to points on its own parts.
        pts = shapely.get_coordinates(shapely.point_on_surface(_parts(region)))
        lng, lat = np.r_[lng, pts[:, 0]], np.r_[lat, pts[:, 1]]
    return np.c_[lng, lat], population_surface(lng, lat)


def _parts(geom: BaseGeometry) -> list[BaseGeometry]:
    return list(getattr(geom, "geoms", [geom]))


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygons of an overlay result (drop stray lines and points)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [g for g in _parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polys) if polys else shapely.Polygon()


def _assign(points: FloatArray, seeds: FloatArray) -> npt.NDArray[np.intp]:
    d2 = ((points[:, None, :] - seeds[None, :, :]) ** 2).sum(axis=2)
    owner: npt.NDArray[np.intp] = np.argmin(d2, axis=1)
    return owner


def _lloyd(points: FloatArray, weights: FloatArray, seeds: FloatArray, steps: int) -> FloatArray:
    """Population-weighted Lloyd iterations; an emptied seed is moved to the worst-served point."""
    seeds = seeds.copy()
    for _ in range(steps):
        owner = _assign(points, seeds)
        total = np.bincount(owner, weights=weights, minlength=len(seeds))
        sx = np.bincount(owner, weights=weights * points[:, 0], minlength=len(seeds))
        sy = np.bincount(owner, weights=weights * points[:, 1], minlength=len(seeds))
        moved = seeds.copy()
        full = total > 0
        moved[full, 0], moved[full, 1] = sx[full] / total[full], sy[full] / total[full]
        for empty in np.flatnonzero(~full):
            cost = weights * ((points - moved[owner]) ** 2).sum(axis=1)
            moved[empty] = points[int(np.argmax(cost))]
            owner = _assign(points, moved)
        if np.allclose(moved, seeds, rtol=0, atol=1e-12):
            return moved
        seeds = moved
    return seeds


def _kmeans_seeds(points: FloatArray, weights: FloatArray, k: int, key: int) -> FloatArray:
    """Weighted k-means++ initialisation with a fixed seed per parent code, then Lloyd iterations."""
    rng = np.random.default_rng(key)
    prob = weights / weights.sum()
    chosen = [int(rng.choice(len(points), p=prob))]
    d2 = ((points - points[chosen[0]]) ** 2).sum(axis=1)
    for _ in range(1, k):
        score = weights * d2
        total = score.sum()
        nxt = int(rng.choice(len(points), p=score / total)) if total > 0 else len(chosen)
        chosen.append(nxt)
        d2 = np.minimum(d2, ((points - points[nxt]) ** 2).sum(axis=1))
    return _lloyd(points, weights, points[chosen], _KMEANS_STEPS)


def _distinct(seeds: FloatArray) -> FloatArray:
    """Nudge coincident seeds apart (a Voronoi diagram merges equal sites)."""
    out = seeds.copy()
    seen: set[tuple[float, float]] = set()
    for i, (x, y) in enumerate(out):
        key = (round(float(x), 9), round(float(y), 9))
        while key in seen:
            out[i, 0] += 1e-6
            key = (round(float(out[i, 0]), 9), round(float(out[i, 1]), 9))
        seen.add(key)
    return out


def _voronoi(region: BaseGeometry, seeds_lnglat: FloatArray) -> list[BaseGeometry]:
    """Voronoi cells of the seeds (computed in the local frame) clipped to ``region``, in seed order."""
    if len(seeds_lnglat) == 1:
        return [region]
    frame = _Frame(region)
    local = _distinct(frame.to_local(seeds_lnglat))
    west, south, east, north = region.bounds
    corners = frame.to_local(np.array([[west, south], [east, north]]))
    pad = float(np.abs(corners).max()) + 1.0
    envelope = shapely.box(-pad, -pad, pad, pad)
    cells = shapely.voronoi_polygons(MultiPoint(local), extend_to=envelope, ordered=True)
    out = []
    for cell in cells.geoms:
        back = shapely.transform(cell, frame.to_lnglat)
        out.append(_polygonal(shapely.intersection(back, region)))
    return out


def _tidy(cells: list[BaseGeometry], seeds: FloatArray) -> list[BaseGeometry]:
    """Merge detached pieces of a cell into the neighbour they share the longest border with."""
    cells = list(cells)
    for i in range(len(cells)):
        parts = _parts(cells[i])
        if len(parts) < 2:
            continue
        seed = Point(seeds[i])
        keep = next((p for p in parts if p.covers(seed)), max(parts, key=lambda p: p.area))
        stray = [p for p in parts if p is not keep]
        cells[i] = keep
        for piece in stray:
            border = [
                0.0 if j == i else shapely.length(shapely.intersection(piece.boundary, cells[j]))
                for j in range(len(cells))
            ]
            target = int(np.argmax(border))
            if border[target] <= 0:
                # An island: it stays with the cell whose seed is nearest.
                target = int(np.argmin(((seeds - np.asarray(piece.centroid.coords[0])) ** 2).sum(axis=1)))
            cells[target] = _polygonal(shapely.union(cells[target], piece))
    return cells


def _split(region: BaseGeometry, seeds: FloatArray) -> list[BaseGeometry]:
    return _tidy(_voronoi(region, seeds), seeds)


def _inside(region: BaseGeometry, lng: float, lat: float) -> tuple[float, float]:
    """The anchor itself when it lies in the region, else a point just inside the region near it."""
    point = Point(lng, lat)
    if region.contains(point):
        return lng, lat
    near = shapely.ops.nearest_points(region, point)[0]
    inner = region.representative_point()
    for t in (0.02, 0.1, 0.3, 0.6, 1.0):
        x = near.x + t * (inner.x - near.x)
        y = near.y + t * (inner.y - near.y)
        if region.contains(Point(x, y)):
            return float(x), float(y)
    return float(inner.x), float(inner.y)


def _split_streets(region: BaseGeometry, codes: Sequence[str]) -> dict[str, BaseGeometry]:
    if len(codes) == 1:
        return {codes[0]: region}
    points, weights = _samples(region, len(codes))
    anchors = np.array([_inside(region, *STREET_ANCHORS[c]) for c in codes])
    frame = _Frame(region)
    seeds = frame.to_lnglat(_lloyd(frame.to_local(points), weights, frame.to_local(anchors), _LLOYD_STEPS))
    return dict(zip(codes, _split(region, seeds), strict=True))


def _split_communities(region: BaseGeometry, codes: Sequence[str], key: int) -> dict[str, BaseGeometry]:
    if len(codes) == 1:
        return {codes[0]: region}
    points, weights = _samples(region, len(codes))
    frame = _Frame(region)
    local = _kmeans_seeds(frame.to_local(points), weights, len(codes), key)
    # Codes follow the cells from north-west to south-east, so neighbouring codes tend to be neighbours.
    order = np.lexsort((local[:, 0], -np.round(local[:, 1] / (np.ptp(local[:, 1]) / 3 + 1e-12))))
    seeds = frame.to_lnglat(local[order])
    return dict(zip(codes, _split(region, seeds), strict=True))


def _dapeng_outline() -> BaseGeometry:
    raw = json.loads(_read("sz_districts_10_transbigdata.geojson"))
    for feature in raw["features"]:
        if feature["properties"]["qh"] == DAPENG:
            geom = shapely.make_valid(shapely.geometry.shape(feature["geometry"]))
            return transform_geometry(geom, "gcj02", "wgs84")
    raise ValueError("the boundary file has no 大鹏 outline")


@cache
def partitions() -> Partitions:
    """The synthetic street and community polygons of all of Shenzhen (cached; about a second)."""
    boundaries = district_boundaries()
    dapeng = admin.FUNCTIONAL_DISTRICTS["大鹏新区"]
    streets: dict[str, BaseGeometry] = {}
    for district in admin.districts():
        region = boundaries[district.code]
        codes = [s.code for s in admin.streets(district.code)]
        if district.code == dapeng.host_district_code:
            outline = _polygonal(shapely.intersection(region, _dapeng_outline()))
            rest = _polygonal(shapely.difference(region, outline))
            inner = [c for c in codes if c in dapeng.street_codes]
            streets.update(_split_streets(outline, inner))
            streets.update(_split_streets(rest, [c for c in codes if c not in dapeng.street_codes]))
        else:
            streets.update(_split_streets(region, codes))
    communities: dict[str, BaseGeometry] = {}
    for code, region in streets.items():
        kids = [c.code for c in admin.communities(code)]
        communities.update(_split_communities(region, kids, int(code)))
    return Partitions(MappingProxyType(streets), MappingProxyType(communities))


def street_partitions() -> Mapping[str, BaseGeometry]:
    """Synthetic WGS84 polygons of the 79 street-level units (74 streets and 5 special units) by code."""
    return partitions().streets


def community_partitions() -> Mapping[str, BaseGeometry]:
    """Synthetic WGS84 polygons of the 788 communities by code."""
    return partitions().communities
