"""The adapter between the twin and the flood engine: area, grid, DEM, buildings, gauges, roads, devices.

Everything is projected to the metric CRS (EPSG:4547) on the way in. The area comes from a polygon
(GeoJSON or WKT) or an administrative code (the area entity in the store, else the shipped district
boundaries); the DEM from a GeoTIFF file or the twin's surface layer. What impacts are computed on
(footprints, roads, devices, people) is gathered into :class:`Targets`, which is recorded with the run.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
import tifffile
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from citytwin.core.codes import admin
from citytwin.core.crs import DEFAULT_METRIC_EPSG, WGS84, convert, parse_crs, transform_geometry
from citytwin.core.entities import Entity
from citytwin.core.geometry import parse_geojson
from citytwin.core.levels import ModelLevel
from citytwin.core.query import Compare, EntityQuery, GeoFilter, GeoRel, types_of
from citytwin.demo.hierarchy import area_id, district_boundaries
from citytwin.errors import BadRequestData, InvalidCode, InvalidGeometry, ResourceNotFound
from citytwin.scenarios.flood.grid import Grid, building_mask, rasterise_polygons
from citytwin.storage.base import TenantStore

METRIC = f"EPSG:{DEFAULT_METRIC_EPSG}"
SHENZHEN_CITY = "440300"
AREA_TYPES = ("City", "District", "SubDistrict", "Community")
PAGE = 1000
_POLYGONS = ("Polygon", "MultiPolygon")


@dataclass(frozen=True, eq=False)
class Area:
    """The run's area: WGS84 and metric polygons, the owning admin code and the area entity if named."""

    wgs84: BaseGeometry
    metric: BaseGeometry
    admin_code: str
    entity_id: str | None
    label: str


def parse_area(spec: str | Mapping[str, Any], store: TenantStore | None, crs: str = WGS84) -> Area:
    """An area from an admin code, WKT, GeoJSON text or a GeoJSON mapping; raises naming the problem."""
    if isinstance(spec, str):
        text = spec.strip()
        if text.isdigit():
            return _admin_area(text, store)
        if text.startswith("{"):
            try:
                spec = json.loads(text)
            except json.JSONDecodeError as err:
                raise InvalidGeometry(f"area is not valid GeoJSON: {err}") from None
        elif text.upper().startswith(("POLYGON", "MULTIPOLYGON")):
            try:
                geom = shapely.from_wkt(text)
            except shapely.errors.ShapelyError as err:
                raise InvalidGeometry(f"area WKT cannot be parsed: {err}") from None
            return _polygon_area(geom, crs, "WKT polygon")
        else:
            raise BadRequestData(
                f"area {text[:60]!r} is neither an administrative code (e.g. 440304), "
                "a WKT POLYGON((...)) nor GeoJSON"
            )
    if not isinstance(spec, Mapping):
        raise BadRequestData(f"area must be a string or a GeoJSON object, got {type(spec).__name__}")
    return _polygon_area(_geojson_geometry(spec, crs), crs, "GeoJSON polygon")


def _geojson_geometry(obj: Mapping[str, Any], crs: str) -> BaseGeometry:
    kind = obj.get("type")
    if kind == "Feature":
        return _geojson_geometry(obj.get("geometry") or {}, crs)
    if kind == "FeatureCollection":
        parts = [_geojson_geometry(f.get("geometry") or {}, crs) for f in obj.get("features", [])]
        if not parts:
            raise InvalidGeometry("area FeatureCollection has no features")
        return shapely.union_all(parts)
    if crs == WGS84:
        return parse_geojson(dict(obj), what="area")
    try:
        return shapely.geometry.shape(obj)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.ShapelyError) as err:
        raise InvalidGeometry(f"area GeoJSON has malformed coordinates: {err}") from None


def _polygon_area(geom: BaseGeometry, crs: str, label: str) -> Area:
    if geom.geom_type not in _POLYGONS:
        raise InvalidGeometry(f"area must be a Polygon or MultiPolygon, got {geom.geom_type}")
    if geom.is_empty or not geom.is_valid:
        reason = "it is empty" if geom.is_empty else explain_validity(geom)
        raise InvalidGeometry(f"area polygon is not valid: {reason}")
    wgs84 = geom if crs == WGS84 else transform_geometry(geom, crs, WGS84)
    metric = geom if crs == METRIC else transform_geometry(geom, crs, METRIC)
    if metric.area <= 0:
        raise InvalidGeometry("area polygon has no area")
    return Area(wgs84, metric, _owning_district(wgs84), None, label)


def _owning_district(wgs84: BaseGeometry) -> str:
    point = wgs84.representative_point()
    for code, boundary in district_boundaries().items():
        if boundary.contains(point):
            return code
    return SHENZHEN_CITY  # outside every shipped district: the city owns the run


def _admin_area(code: str, store: TenantStore | None) -> Area:
    verdict = admin.is_valid_admin_code(code)
    if not verdict.valid:
        raise InvalidCode(f"unknown administrative code {code!r}: {verdict.reason}")
    canonical = admin.gb2260(code)
    name = admin.lookup(canonical).name
    entity_id = area_id(canonical)
    geom = _area_from_store(canonical, entity_id, store) if store is not None else None
    if geom is None:
        shipped = district_boundaries()
        if canonical in shipped:
            geom = shipped[canonical]
        elif admin.level_of(canonical) == "city":
            geom = shapely.union_all(list(shipped.values()))
    if geom is None:
        raise ResourceNotFound(
            f"no boundary for {canonical} ({name}): the twin has no area entity with adminCode {canonical} "
            "and a polygon location, and only district boundaries are shipped; import the boundary or "
            "give the area as a polygon"
        )
    metric = transform_geometry(geom, WGS84, METRIC)
    return Area(geom, metric, canonical, entity_id, f"{canonical} {name}")


def _area_from_store(code: str, entity_id: str, store: TenantStore) -> BaseGeometry | None:
    found = store.query(
        EntityQuery(types=types_of(*AREA_TYPES), q=Compare(("adminCode",), "==", code), limit=20)
    ).entities
    # Prefer the canonical area entity; any other entity carrying the code and a polygon will do.
    found.sort(key=lambda e: e.id != entity_id)
    for entity in found:
        geom = entity.location()
        if geom is not None and geom.geom_type in _POLYGONS:
            return geom
    return None


def grid_for(area: Area, resolution: float, max_cells: int) -> Grid:
    """The north-up grid covering the area's bounding box, aligned to multiples of the resolution."""
    if not (math.isfinite(resolution) and resolution > 0):
        raise BadRequestData(f"resolution must be a positive number of metres, got {resolution}")
    xmin, ymin, xmax, ymax = area.metric.bounds
    # A millionth of a cell of slack: coordinates that went through WGS84 and back land a hair off
    # the multiple they were drawn on, and must not grow the grid by a row of cells.
    eps = 1e-6
    x0 = math.floor(xmin / resolution + eps) * resolution
    y0 = math.ceil(ymax / resolution - eps) * resolution
    nx = max(1, math.ceil((xmax - x0) / resolution - eps))
    ny = max(1, math.ceil((y0 - ymin) / resolution - eps))
    if nx * ny > max_cells:
        finer = resolution * math.sqrt(nx * ny / max_cells)
        raise BadRequestData(
            f"{area.label} at {resolution} m needs {ny} x {nx} = {nx * ny:,} cells, more than the limit "
            f"of {max_cells:,}; use a resolution of at least {math.ceil(finer)} m or a smaller area"
        )
    return Grid(x0=x0, y0=y0, dx=resolution, nx=nx, ny=ny, crs=METRIC)


# -- DEM ---------------------------------------------------------------------------------------------------

_PIXEL_IS_POINT = 2  # GTRasterTypeGeoKey value: tie points name pixel centres, not corners
_USER_DEFINED = 32767
_MAX_SUBSAMPLES = 16_000_000  # bounds the temporary arrays of the averaging resampler


@dataclass(frozen=True)
class GeoRaster:
    """A north-up GeoTIFF's georeferencing: (x0, y0) is the outer north-west corner, sizes positive."""

    path: str
    crs: str
    x0: float
    y0: float
    dx: float
    dy: float
    width: int
    height: int
    nodata: float | None = None

    @classmethod
    def open(cls, path: str, crs: str | None = None) -> GeoRaster:
        """Read the georeferencing tags (ModelPixelScale + ModelTiepoint, or ModelTransformation)."""
        try:
            with tifffile.TiffFile(path) as tif:
                page = tif.pages.first
                tags = {
                    code: page.tags[code].value
                    for code in (33550, 33922, 34264, 34735, 42113)
                    if code in page.tags
                }
                width, height = int(page.imagewidth), int(page.imagelength)
        except (OSError, tifffile.TiffFileError, ValueError) as err:
            raise BadRequestData(f"cannot read the DEM GeoTIFF {path}: {err}") from None
        keys = _geokeys(tags.get(34735, ()))
        x0, y0, dx, dy = _geotransform(path, tags)
        if keys.get(1025) == _PIXEL_IS_POINT:
            x0, y0 = x0 - dx / 2, y0 + dy / 2
        return cls(
            path=path,
            crs=parse_crs(crs) if crs else _crs_of(path, keys),
            x0=x0,
            y0=y0,
            dx=dx,
            dy=dy,
            width=width,
            height=height,
            nodata=_nodata(path, tags.get(42113)),
        )

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(xmin, ymin, xmax, ymax) in the raster's CRS."""
        return (self.x0, self.y0 - self.height * self.dy, self.x0 + self.width * self.dx, self.y0)

    def read(self) -> npt.NDArray[np.float64]:
        """The first band as float64 with nodata turned into NaN."""
        try:
            with tifffile.TiffFile(self.path) as tif:
                arr = np.asarray(tif.pages.first.asarray())
        except (OSError, tifffile.TiffFileError, ValueError) as err:
            raise BadRequestData(f"cannot read the DEM GeoTIFF {self.path}: {err}") from None
        if arr.ndim == 3:
            arr = arr[..., 0] if arr.shape[:2] == (self.height, self.width) else arr[0]
        data = np.array(arr, dtype=np.float64)
        if self.nodata is not None:
            data[data == self.nodata] = np.nan
        return data

    def pixel_size_in(self, crs: str) -> float:
        """The smaller pixel side measured in ``crs`` units, at the raster's centre."""
        cx, cy = self.x0 + self.width * self.dx / 2, self.y0 - self.height * self.dy / 2
        xs, ys = convert([cx, cx + self.dx, cx], [cy, cy, cy - self.dy], self.crs, crs)
        return float(min(math.hypot(xs[1] - xs[0], ys[1] - ys[0]), math.hypot(xs[2] - xs[0], ys[2] - ys[0])))

    def check_covers(self, grid: Grid) -> None:
        """BadRequestData unless every sample point of the grid lies on the raster."""
        xs, ys = _sample_axes(grid, self._subsamples(grid))
        ring = shapely.box(xs[0], ys[-1], xs[-1], ys[0]).exterior.segmentize(grid.dx * 10)
        pts = shapely.get_coordinates(ring)
        rx, ry = convert(pts[:, 0], pts[:, 1], grid.crs, self.crs)
        xmin, ymin, xmax, ymax = self.bounds
        inside = (rx >= xmin) & (rx <= xmax) & (ry >= ymin) & (ry <= ymax)
        if inside.all():
            return
        overlap = shapely.intersects(shapely.Polygon(np.column_stack([rx, ry])), shapely.box(*self.bounds))
        where = "extends beyond" if overlap else "lies outside"
        g = ", ".join(f"{v:.10g}" for v in grid.bounds)
        r = ", ".join(f"{v:.10g}" for v in self.bounds)
        raise BadRequestData(
            f"the area's grid ({g} in {grid.crs}) {where} the DEM {self.path} ({r} in {self.crs}); "
            "use a DEM that covers the area or a smaller area"
        )

    def _subsamples(self, grid: Grid) -> int:
        # Average k x k bilinear samples per cell when the DEM is finer than the grid.
        k = min(4, max(1, math.ceil(grid.dx / self.pixel_size_in(grid.crs) - 1e-9)))
        while k > 1 and grid.nx * grid.ny * k * k > _MAX_SUBSAMPLES:
            k -= 1
        return k

    def resample(self, grid: Grid) -> npt.NDArray[np.float64]:
        """The DEM on the grid: bilinear samples averaged over each cell; BadRequestData on voids."""
        self.check_covers(grid)
        data = self.read()
        k = self._subsamples(grid)
        xs, ys = _sample_axes(grid, k)
        if parse_crs(grid.crs) == self.crs:
            cols, rows = (xs - self.x0) / self.dx - 0.5, (self.y0 - ys) / self.dy - 0.5
            values = _bilinear(data, rows[:, None], cols[None, :])
        else:
            X, Y = np.meshgrid(xs, ys)
            rx, ry = convert(X.ravel(), Y.ravel(), grid.crs, self.crs)
            cols = ((rx - self.x0) / self.dx - 0.5).reshape(X.shape)
            rows = ((self.y0 - ry) / self.dy - 0.5).reshape(X.shape)
            values = _bilinear(data, rows, cols)
        out = values.reshape(grid.ny, k, grid.nx, k).mean(axis=(1, 3))
        voids = int(np.count_nonzero(~np.isfinite(out)))
        if voids:
            raise BadRequestData(
                f"the DEM {self.path} has no data under {voids} of {out.size} cells of the area; "
                "fill its voids first"
            )
        return np.asarray(out, dtype=np.float64)


def _sample_axes(grid: Grid, k: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    step = grid.dx / k
    xs = grid.x0 + (np.arange(grid.nx * k, dtype=np.float64) + 0.5) * step
    ys = grid.y0 - (np.arange(grid.ny * k, dtype=np.float64) + 0.5) * step
    return np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)


def _bilinear(data: npt.NDArray[np.float64], rows: npt.NDArray[Any], cols: npt.NDArray[Any]) -> Any:
    h, w = data.shape
    r0 = np.clip(np.floor(rows), 0, max(h - 2, 0)).astype(np.int64)
    c0 = np.clip(np.floor(cols), 0, max(w - 2, 0)).astype(np.int64)
    r1, c1 = np.minimum(r0 + 1, h - 1), np.minimum(c0 + 1, w - 1)
    # Weights clipped to [0, 1]: the outer half pixel takes the edge value instead of extrapolating.
    tr, tc = np.clip(rows - r0, 0.0, 1.0), np.clip(cols - c0, 0.0, 1.0)
    top = (1 - tc) * data[r0, c0] + tc * data[r0, c1]
    bottom = (1 - tc) * data[r1, c0] + tc * data[r1, c1]
    return (1 - tr) * top + tr * bottom


def _nodata(path: str, raw: Any) -> float | None:
    text = "" if raw is None else str(raw).strip("\x00 ")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise BadRequestData(f"the DEM {path} has an unreadable GDAL_NODATA value {text!r}") from None


def _geokeys(directory: Sequence[int]) -> dict[int, int]:
    # Header of 4 shorts (version, revision, minor, count), then (key, location, count, value) entries;
    # location 0 means the value is stored inline, which is how EPSG codes and raster type are kept.
    out: dict[int, int] = {}
    values = list(directory)
    for i in range(4, 4 + 4 * (values[3] if len(values) >= 4 else 0), 4):
        if i + 4 > len(values):
            break  # a truncated directory: keep the keys that are there
        key, location, _, value = values[i : i + 4]
        if location == 0:
            out[key] = value
    return out


def _crs_of(path: str, keys: Mapping[int, int]) -> str:
    for key in (3072, 2048):  # ProjectedCSTypeGeoKey, GeographicTypeGeoKey
        code = keys.get(key)
        if code and code != _USER_DEFINED:
            return parse_crs(f"EPSG:{code}")
    raise BadRequestData(f"the DEM {path} declares no EPSG code in its GeoKeys; give its CRS (dem_crs)")


def _geotransform(path: str, tags: Mapping[int, Any]) -> tuple[float, float, float, float]:
    if 33550 in tags and 33922 in tags:
        sx, sy = float(tags[33550][0]), float(tags[33550][1])
        i, j, _, x, y, _ = (float(v) for v in tags[33922][:6])
        if sx <= 0 or sy <= 0:
            raise BadRequestData(f"the DEM {path} is not north-up (pixel scale {sx}, {sy})")
        return x - i * sx, y + j * sy, sx, sy
    if 34264 in tags:
        m = [float(v) for v in tags[34264]]
        if m[1] != 0 or m[4] != 0 or m[0] <= 0 or m[5] >= 0:
            raise BadRequestData(f"the DEM {path} is rotated or not north-up; warp it to north-up first")
        return m[3], m[7], m[0], -m[5]
    raise BadRequestData(f"{path} has no GeoTIFF georeferencing (ModelPixelScale/ModelTiepoint tags)")


def pick_dem(store: TenantStore, grid: Grid, dem_path: str | None, dem_crs: str | None) -> GeoRaster:
    """The DEM to use: the given GeoTIFF, else the twin's finest surface DEM that covers the grid."""
    if dem_path is not None:
        raster = GeoRaster.open(dem_path, dem_crs)
        raster.check_covers(grid)
        return raster
    found = store.query(
        EntityQuery(types=types_of("DigitalElevationModel"), levels=(ModelLevel.SURFACE,), limit=PAGE)
    ).entities
    covering: list[tuple[float, GeoRaster]] = []
    problems: list[str] = []
    for entity in found:
        path = entity.value("rasterFile")
        if not isinstance(path, str):
            continue
        crs = entity.value("crs")
        try:
            raster = GeoRaster.open(path, crs if isinstance(crs, str) else None)
            raster.check_covers(grid)
        except BadRequestData as err:
            problems.append(f"{entity.id}: {err.detail}")
            continue
        covering.append((raster.pixel_size_in(grid.crs), raster))
    if covering:
        return min(covering, key=lambda item: item[0])[1]
    if problems:
        raise BadRequestData("no DEM in the twin covers the area: " + "; ".join(problems[:3]))
    raise BadRequestData(
        "no DEM for the area: the twin has no surface-level DigitalElevationModel entity with a "
        "rasterFile; import a DEM into the twin or pass a GeoTIFF (--dem FILE.tif)"
    )


# -- entities ----------------------------------------------------------------------------------------------


def _query_all(store: TenantStore, types: Sequence[str], geom: BaseGeometry) -> Iterator[Entity]:
    offset = 0
    while True:
        page = store.query(
            EntityQuery(
                types=types_of(*types),
                geo=GeoFilter(GeoRel.INTERSECTS, geom),
                limit=PAGE,
                offset=offset,
            )
        ).entities
        yield from page
        if len(page) < PAGE:
            return
        offset += PAGE


def _to_metric(geoms: Sequence[BaseGeometry]) -> list[BaseGeometry]:
    # One pyproj call for every coordinate of every geometry instead of one per geometry.
    if not geoms:
        return []
    arr = shapely.force_2d(np.asarray(geoms, dtype=object))
    coords = shapely.get_coordinates(arr)
    projected = transform_geometry(shapely.multipoints(coords), WGS84, METRIC)
    return list(shapely.set_coordinates(arr.copy(), shapely.get_coordinates(projected)))


def _number(entity: Entity, *names: str) -> float | None:
    for name in names:
        value = entity.value(name)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return float(value)
    return None


@dataclass(frozen=True, eq=False)
class Targets:
    """What the impacts are computed on, in the metric CRS; recorded with the run for reruns."""

    area: BaseGeometry
    buildings: dict[str, BaseGeometry] = field(default_factory=dict)
    heights: dict[str, float] = field(default_factory=dict)
    people: dict[str, float] = field(default_factory=dict)
    roads: dict[str, BaseGeometry] = field(default_factory=dict)
    devices: dict[str, tuple[float, float]] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form; geometries as hex WKB so a rerun gets the same coordinates bit for bit."""
        return {
            "area": shapely.to_wkb(self.area, hex=True),
            "buildings": {k: shapely.to_wkb(g, hex=True) for k, g in self.buildings.items()},
            "heights": self.heights,
            "people": self.people,
            "roads": {k: shapely.to_wkb(g, hex=True) for k, g in self.roads.items()},
            "devices": {k: list(v) for k, v in self.devices.items()},
            "skipped": self.skipped,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Targets:
        """Inverse of ``to_dict``."""
        return cls(
            area=shapely.from_wkb(data["area"]),
            buildings={k: shapely.from_wkb(g) for k, g in data["buildings"].items()},
            heights={k: float(v) for k, v in data["heights"].items()},
            people={k: float(v) for k, v in data["people"].items()},
            roads={k: shapely.from_wkb(g) for k, g in data["roads"].items()},
            devices={k: (float(v[0]), float(v[1])) for k, v in data["devices"].items()},
            skipped={k: int(v) for k, v in data.get("skipped", {}).items()},
        )


def gather_targets(store: TenantStore, area: Area) -> Targets:
    """Buildings (polygon footprints), roads (lines) and devices (points) intersecting the area."""
    skipped: dict[str, int] = {}

    def collect(types: Sequence[str], kinds: tuple[str, ...], what: str) -> tuple[list[Entity], list[Any]]:
        entities, geoms = [], []
        for entity in _query_all(store, types, area.wgs84):
            geom = entity.location()
            if geom is None or geom.geom_type not in kinds:
                skipped[what] = skipped.get(what, 0) + 1
                continue
            entities.append(entity)
            geoms.append(geom)
        return entities, _to_metric(geoms)

    b_ents, b_geoms = collect(("Building",), _POLYGONS, "buildings without a polygon footprint")
    r_ents, r_geoms = collect(
        ("Road", "RoadSegment"), ("LineString", "MultiLineString"), "roads without a line"
    )
    d_ents, d_geoms = collect(("Device",), ("Point",), "devices without a point location")
    heights = {e.id: h for e in b_ents if (h := _number(e, "height")) is not None}
    people = {e.id: p for e in b_ents if (p := _number(e, "population", "occupants")) is not None}
    return Targets(
        area=area.metric,
        buildings={e.id: g for e, g in zip(b_ents, b_geoms, strict=True)},
        heights=heights,
        people=people,
        roads={e.id: g for e, g in zip(r_ents, r_geoms, strict=True)},
        devices={e.id: (float(g.x), float(g.y)) for e, g in zip(d_ents, d_geoms, strict=True)},
        skipped=skipped,
    )


def burn_buildings(
    grid: Grid,
    targets: Targets,
    dem: npt.NDArray[np.float64],
    mode: str,
    default_height: float = 10.0,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
    """(footprint mask, DEM): in ``raised`` mode each footprint is raised by its own height."""
    polys = list(targets.buildings.values())
    if mode != "raised":
        return building_mask(grid, polys), dem
    labels = rasterise_polygons(grid, polys)
    heights = np.array([targets.heights.get(i, default_height) for i in targets.buildings], dtype=np.float64)
    raised = np.array(dem, dtype=np.float64, copy=True)
    inside = labels >= 0
    raised[inside] += heights[labels[inside]]
    return inside, raised


@dataclass(frozen=True)
class GaugeReading:
    """A rain gauge in the metric CRS with its latest intensity (mm/h)."""

    entity_id: str
    x: float
    y: float
    rate_mm_h: float


_RAIN_ATTRS = ("rainfall", "precipitation")
_MM_H_UNITS = (None, "H67", "mm/h")  # UN/CEFACT H67 is millimetre per hour


def _is_rain_device(entity: Entity) -> bool:
    if "RainGauge" in entity.types:
        return True
    controlled = entity.value("controlledProperty")
    items = controlled if isinstance(controlled, list) else [controlled]
    return any(str(i) in _RAIN_ATTRS for i in items)


def gather_gauges(store: TenantStore, area: Area, search_m: float) -> list[GaugeReading]:
    """Rain gauges within ``search_m`` of the area with their latest rainfall value, in id order."""
    around = transform_geometry(shapely.buffer(area.metric, search_m), METRIC, WGS84)
    out = []
    for entity in _query_all(store, ("RainGauge", "Device"), around):
        if not _is_rain_device(entity):
            continue
        loc = entity.location()
        inst = next((a for n in _RAIN_ATTRS if (a := entity.attr(n)) is not None), None)
        if loc is None or loc.geom_type != "Point" or inst is None:
            continue
        if inst.unit_code not in _MM_H_UNITS:
            raise BadRequestData(
                f"rain gauge {entity.id} reports {inst.unit_code!r}; spatial rain needs intensities in "
                "mm/h (unitCode H67)"
            )
        value = inst.value
        if not isinstance(value, int | float) or isinstance(value, bool) or not value >= 0:
            raise BadRequestData(f"rain gauge {entity.id} has no usable rainfall value ({value!r})")
        (point,) = _to_metric([loc])
        out.append(GaugeReading(entity.id, float(point.x), float(point.y), float(value)))
    return sorted(out, key=lambda g: g.entity_id)
