"""The twin adapter of the flood scenario: GeoTIFF DEMs, areas, entities, gauges, frames, bad inputs.

``TinyTwin`` builds the small Shenzhen twin the job and CLI tests use too: a 400 m square in Futian
over a bowl-shaped DEM (lowest at the centre), two buildings next to the centre, one far away, a road
through the centre, a device at the centre and one far away, and two rain gauges.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
import tifffile

from citytwin.core.crs import from_metric, to_metric, transform_geometry
from citytwin.core.entities import Entity, geo, prop
from citytwin.core.geometry import to_geojson
from citytwin.core.query import EntityQuery
from citytwin.errors import BadRequestData, InvalidCode, InvalidGeometry, ResourceNotFound
from citytwin.scenarios.base import RunContext
from citytwin.scenarios.flood import frames, twin
from citytwin.scenarios.flood.grid import Grid
from citytwin.scenarios.flood.scenario import FloodScenario, parse_storm
from citytwin.scenarios.jobs import JobManager
from citytwin.storage.base import Store, TenantStore
from citytwin.storage.registry import open_store

CX, CY = 505_140.0, 2_492_490.0  # EPSG:4547, near 114.05 E 22.53 N (Futian)
HALF = 200.0
COMMUNITY = "440304001019"  # 沙埔头社区, given the tiny area's polygon in the store


def metric_to_wgs(geom: shapely.Geometry) -> shapely.Geometry:
    """EPSG:4547 -> WGS84."""
    return transform_geometry(geom, "EPSG:4547", "EPSG:4326")


def write_geotiff(
    path: Path, data: np.ndarray, x0: float, y0: float, dx: float, epsg: int = 4547, **kw: Any
) -> Path:
    """A north-up GeoTIFF with ModelPixelScale/ModelTiepoint and an EPSG GeoKey (projected or geographic)."""
    key = 2048 if epsg == 4326 else 3072
    raster_type = kw.get("raster_type", 1)
    geokeys = (1, 1, 0, 2, 1025, 0, 1, raster_type, key, 0, 1, epsg)
    tags = [
        (33550, "d", 3, (dx, kw.get("dy", dx), 0.0), True),
        (33922, "d", 6, (0.0, 0.0, 0.0, x0, y0, 0.0), True),
        (34735, "H", len(geokeys), geokeys, True),
    ]
    if "nodata" in kw:
        tags.append((42113, "s", 0, str(kw["nodata"]), True))
    tifffile.imwrite(path, data.astype(np.float32), extratags=tags)
    return path


def bowl_dem(path: Path, pixel: float = 2.5, margin: float = 50.0) -> Path:
    """z = 5 + r²/20000 around the centre, covering the tiny area plus a margin."""
    x0, y0 = CX - HALF - margin, CY + HALF + margin
    n = round((2 * HALF + 2 * margin) / pixel)
    xc = x0 + (np.arange(n) + 0.5) * pixel - CX
    yc = y0 - (np.arange(n) + 0.5) * pixel - CY
    z = 5.0 + (xc[None, :] ** 2 + yc[:, None] ** 2) / 20_000.0
    return write_geotiff(path, z, x0, y0, pixel)


def _entity(eid: str, kind: str, geom: shapely.Geometry | None, **props: Any) -> Entity:
    e = Entity(id=eid, types=(kind,))
    if geom is not None:
        e.set("location", geo(to_geojson(metric_to_wgs(geom))))
    for name, value in props.items():
        e.set(name, value if not isinstance(value, int | float | str | list) else prop(value))
    return e


B1, B2, B3 = "urn:ngsi-ld:Building:b1", "urn:ngsi-ld:Building:b2", "urn:ngsi-ld:Building:b3"
ROAD, D1, D2 = "urn:ngsi-ld:Road:r1", "urn:ngsi-ld:Device:d1", "urn:ngsi-ld:Device:d2"


def twin_entities() -> list[Entity]:
    """Buildings, a road, devices, gauges and the community area of the tiny twin."""
    box = shapely.box
    area = box(CX - HALF, CY - HALF, CX + HALF, CY + HALF)
    community = _entity("urn:ngsi-ld:Community:tiny", "Community", area, adminCode=COMMUNITY)
    return [
        _entity(B1, "Building", box(CX + 15, CY - 10, CX + 35, CY + 10), height=20.0, population=120),
        _entity(B2, "Building", box(CX - 40, CY - 10, CX - 20, CY + 10), height=12.0, occupants=30),
        _entity(B3, "Building", box(CX + 140, CY + 140, CX + 170, CY + 170), height=8.0, population=999),
        _entity("urn:ngsi-ld:Building:point", "Building", shapely.Point(CX + 100, CY - 100)),
        _entity(ROAD, "Road", shapely.LineString([(CX, CY - 190), (CX, CY + 190)])),
        _entity(D1, "Device", shapely.Point(CX + 2, CY + 2)),
        _entity(D2, "Device", shapely.Point(CX - 150, CY - 150)),
        _entity(
            "urn:ngsi-ld:RainGauge:west",
            "RainGauge",
            shapely.Point(CX - 100, CY),
            rainfall=prop(150.0, unit_code="H67"),
        ),
        _entity("urn:ngsi-ld:RainGauge:east", "RainGauge", shapely.Point(CX + 100, CY), rainfall=250.0),
        # A weather station just outside the area: a Device that declares it measures rainfall.
        _entity(
            "urn:ngsi-ld:Device:station",
            "Device",
            shapely.Point(CX, CY + HALF + 300),
            controlledProperty=["temperature", "rainfall"],
            precipitation=prop(200.0, unit_code="H67"),
        ),
        community,
    ]


def area_wkt(half: float = HALF, dx: float = 0.0) -> str:
    """The tiny area (or a square of another size/offset) as WGS84 WKT."""
    return metric_to_wgs(shapely.box(CX - half + dx, CY - half, CX + half + dx, CY + half)).wkt


@dataclass
class TinyTwin:
    """A temp SQLite twin and the DEM file next to it."""

    url: str
    store: Store
    dem: Path
    tmp: Path

    @property
    def tenant(self) -> TenantStore:
        """The default tenant."""
        return self.store.tenant()

    def inputs(self, **extra: Any) -> dict[str, Any]:
        """Flood inputs for a short uniform storm on the tiny area at 5 m (81 x 81 cells)."""
        base: dict[str, Any] = {
            "area": area_wkt(),
            "resolution": 5,
            "storm": "uniform:200mm/h:600s",
            "duration": 1200,
            "dem": str(self.dem),
        }
        return {**base, **extra}

    def snapshot(self) -> list[dict[str, Any]]:
        """Every entity, for 'nothing was written' checks."""
        return [e.to_dict() for e in self.tenant.query(EntityQuery(limit=1000)).entities]


@contextmanager
def tiny_twin(tmp_path: Path) -> Iterator[TinyTwin]:
    """The tiny twin in a fresh SQLite file under ``tmp_path``."""
    url = f"sqlite:///{tmp_path / 'twin.db'}"
    store = open_store(url)
    store.tenant().upsert_many(twin_entities())
    try:
        yield TinyTwin(url, store, bowl_dem(tmp_path / "dem.tif"), tmp_path)
    finally:
        store.close()


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[TinyTwin]:
    """The tiny twin."""
    with tiny_twin(tmp_path) as built:
        yield built


# -- GeoTIFF ---------------------------------------------------------------------------------------------


def test_geotiff_header_from_pixel_scale_and_tiepoint(tmp_path: Path) -> None:
    path = write_geotiff(tmp_path / "a.tif", np.zeros((4, 6)), 500_000.0, 2_500_000.0, 2.0)
    r = twin.GeoRaster.open(str(path))
    assert (r.crs, r.x0, r.y0, r.dx, r.dy, r.width, r.height) == (
        "EPSG:4547",
        500_000.0,
        2_500_000.0,
        2.0,
        2.0,
        6,
        4,
    )
    assert r.bounds == (500_000.0, 2_499_992.0, 500_012.0, 2_500_000.0)
    # PixelIsPoint: the tie point is the first pixel's centre, so the corner moves half a pixel out.
    point = write_geotiff(tmp_path / "b.tif", np.zeros((4, 6)), 500_001.0, 2_499_999.0, 2.0, raster_type=2)
    assert twin.GeoRaster.open(str(point)).bounds == r.bounds


def test_resampling_a_plane_gives_the_plane_at_cell_centres(tmp_path: Path) -> None:
    # A plane is reproduced exactly by bilinear sampling and by averaging symmetric sub-samples.
    x0, y0, px = 500_000.0, 2_500_400.0, 2.0
    xs = x0 + (np.arange(200) + 0.5) * px
    ys = y0 - (np.arange(200) + 0.5) * px
    plane = 3.0 + 0.01 * (xs[None, :] - x0) - 0.02 * (ys[:, None] - y0)
    r = twin.GeoRaster.open(str(write_geotiff(tmp_path / "p.tif", plane.astype(np.float32), x0, y0, px)))
    grid = Grid(x0=500_050.0, y0=2_500_350.0, dx=5.0, nx=40, ny=30)
    got = r.resample(grid)
    want = 3.0 + 0.01 * (grid.x_centres()[None, :] - x0) - 0.02 * (grid.y_centres()[:, None] - y0)
    assert got.shape == (30, 40)
    assert np.max(np.abs(got - want)) < 1e-4  # float32 storage of values near 5 m


def test_geographic_dem_with_model_transformation_is_reprojected(tmp_path: Path) -> None:
    # z = 1000 * (lng - 114) + 500 * (lat - 22.5): linear in lng/lat, sampled from a WGS84 raster.
    lng0, lat0, step = 114.04, 22.54, 0.0001
    lngs = lng0 + (np.arange(200) + 0.5) * step
    lats = lat0 - (np.arange(200) + 0.5) * step
    z = 1000 * (lngs[None, :] - 114) + 500 * (lats[:, None] - 22.5)
    matrix = (step, 0.0, 0.0, lng0, 0.0, -step, 0.0, lat0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0)
    geokeys = (1, 1, 0, 1, 2048, 0, 1, 4326)
    path = tmp_path / "wgs.tif"
    tifffile.imwrite(path, z, extratags=[(34264, "d", 16, matrix, True), (34735, "H", 4 * 2, geokeys, True)])
    r = twin.GeoRaster.open(str(path))
    assert r.crs == "EPSG:4326"
    x, y = to_metric([114.045], [22.535])
    grid = Grid(x0=float(x[0]) - 100, y0=float(y[0]) + 100, dx=10.0, nx=20, ny=20)
    got = r.resample(grid)
    xx, yy = np.meshgrid(grid.x_centres(), grid.y_centres())
    lng, lat = from_metric(xx.ravel(), yy.ravel())
    want = (1000 * (lng - 114) + 500 * (lat - 22.5)).reshape(20, 20)
    assert np.max(np.abs(got - want)) < 1e-3


def test_dem_voids_and_missing_crs_are_named(tmp_path: Path) -> None:
    data = np.full((50, 50), 7.0)
    data[20:25, 20:25] = -9999
    path = write_geotiff(tmp_path / "v.tif", data, 500_000.0, 2_500_100.0, 2.0, nodata=-9999)
    grid = Grid(x0=500_010.0, y0=2_500_090.0, dx=4.0, nx=20, ny=20)
    with pytest.raises(BadRequestData, match=r"no data under \d+ of 400 cells"):
        twin.GeoRaster.open(str(path)).resample(grid)
    bare = tmp_path / "bare.tif"
    tifffile.imwrite(
        bare,
        data.astype(np.float32),
        extratags=[(33550, "d", 3, (2.0, 2.0, 0.0), True), (33922, "d", 6, (0, 0, 0, 5e5, 2.5e6, 0), True)],
    )
    with pytest.raises(BadRequestData, match="declares no EPSG code"):
        twin.GeoRaster.open(str(bare))
    assert twin.GeoRaster.open(str(bare), "EPSG:4547").crs == "EPSG:4547"
    with pytest.raises(BadRequestData, match="cannot read the DEM"):
        twin.GeoRaster.open(str(tmp_path / "missing.tif"))


# -- areas, grids, entities ------------------------------------------------------------------------------


def test_area_forms(tiny: TinyTwin) -> None:
    wkt = area_wkt()
    by_wkt = twin.parse_area(wkt, tiny.tenant)
    by_geojson = twin.parse_area(to_geojson(shapely.from_wkt(wkt)), tiny.tenant)
    by_text = twin.parse_area(
        json.dumps({"type": "Feature", "geometry": to_geojson(shapely.from_wkt(wkt))}), None
    )
    for area in (by_wkt, by_geojson, by_text):
        assert area.admin_code == "440304"  # the district holding it owns the run
        assert abs(area.metric.area - 400 * 400) < 1.0
    metric = twin.parse_area(shapely.box(CX - 10, CY - 10, CX + 10, CY + 10).wkt, None, crs="EPSG:4547")
    assert metric.metric.bounds == (CX - 10, CY - 10, CX + 10, CY + 10)
    # An admin code: the area entity in the store first, else the shipped district boundary.
    community = twin.parse_area(COMMUNITY, tiny.tenant)
    assert community.admin_code == COMMUNITY and abs(community.metric.area - 160_000) < 1.0
    futian = twin.parse_area("440304", tiny.tenant)
    assert futian.entity_id is not None and 70e6 < futian.metric.area < 90e6
    with pytest.raises(ResourceNotFound, match="no boundary for 440304001"):
        twin.parse_area("440304001", tiny.tenant)


def test_grid_is_aligned_and_bounded(tiny: TinyTwin) -> None:
    area = twin.parse_area(area_wkt(), None)
    grid = twin.grid_for(area, 5.0, 10_000)
    assert grid.x0 % 5 == 0 and grid.y0 % 5 == 0 and grid.shape == (80, 80)
    with pytest.raises(
        BadRequestData, match=r"WKT polygon at 2\.0 m needs 200 x 200 = 40,000 cells.*at least 20 m"
    ):
        twin.grid_for(area, 2.0, 400)


def test_gathered_targets_and_gauges(tiny: TinyTwin) -> None:
    area = twin.parse_area(area_wkt(), tiny.tenant)
    targets = twin.gather_targets(tiny.tenant, area)
    assert sorted(targets.buildings) == [B1, B2, B3]
    assert targets.skipped == {"buildings without a polygon footprint": 1}
    assert targets.people == {B1: 120.0, B2: 30.0, B3: 999.0} and targets.heights[B1] == 20.0
    assert list(targets.roads) == [ROAD] and sorted(targets.devices) == [D1, D2]
    assert abs(targets.devices[D1][0] - (CX + 2)) < 1e-3
    again = twin.Targets.from_dict(json.loads(json.dumps(targets.to_dict())))
    assert shapely.equals_exact(again.buildings[B1], targets.buildings[B1], tolerance=0)
    gauges = twin.gather_gauges(tiny.tenant, area, 500.0)
    assert [(g.entity_id, g.rate_mm_h) for g in gauges] == [
        ("urn:ngsi-ld:Device:station", 200.0),
        ("urn:ngsi-ld:RainGauge:east", 250.0),
        ("urn:ngsi-ld:RainGauge:west", 150.0),
    ]
    assert abs(gauges[2].x - (CX - 100)) < 1e-3
    assert len(twin.gather_gauges(tiny.tenant, area, 100.0)) == 2  # the station is 300 m out
    bad = Entity(id="urn:ngsi-ld:RainGauge:daily", types=("RainGauge",))
    bad.set("location", geo(to_geojson(metric_to_wgs(shapely.Point(CX, CY)))))
    bad.set("rainfall", prop(12.0, unit_code="MMT"))
    tiny.tenant.upsert_many([bad])
    with pytest.raises(BadRequestData, match=r"RainGauge:daily reports 'MMT'; .* mm/h \(unitCode H67\)"):
        twin.gather_gauges(tiny.tenant, area, 100.0)


def test_twin_dem_is_picked_from_the_surface_layer(tiny: TinyTwin) -> None:
    area = twin.parse_area(area_wkt(), None)
    grid = twin.grid_for(area, 5.0, 10_000)
    with pytest.raises(BadRequestData, match=r"import a DEM into the twin or pass a GeoTIFF \(--dem"):
        twin.pick_dem(tiny.tenant, grid, None, None)
    coarse = bowl_dem(tiny.tmp / "coarse.tif", pixel=5.0)
    small = write_geotiff(tiny.tmp / "small.tif", np.zeros((10, 10)), CX, CY, 1.0)
    dems = []
    for name, path in (("fine", tiny.dem), ("coarse", coarse), ("small", small)):
        e = Entity(id=f"urn:ngsi-ld:DigitalElevationModel:{name}", types=("DigitalElevationModel",))
        e.set("cimLevel", prop("surface"))
        e.set("rasterFile", prop(str(path)))
        dems.append(e)
    tiny.tenant.upsert_many(dems)
    assert twin.pick_dem(tiny.tenant, grid, None, None).path == str(tiny.dem)  # the finest that covers


# -- storms ----------------------------------------------------------------------------------------------


def test_storm_strings() -> None:
    chicago = parse_storm("chicago:A=8.7,C=0.594,P=5,b=11.13,n=0.555,duration=120,r=0.4")
    assert chicago == {
        "kind": "chicago",
        "A": 8.7,
        "C": 0.594,
        "P": 5.0,
        "b": 11.13,
        "n": 0.555,
        "duration_min": 120.0,
        "r": 0.4,
        "step_min": 5.0,
    }
    assert parse_storm("uniform:100mm/h:600s") == {
        "kind": "uniform",
        "intensity_mm_h": 100.0,
        "duration_s": 600.0,
    }
    assert parse_storm("uniform:50:10min")["duration_s"] == 600.0
    assert parse_storm("gauges:1h") == {"kind": "gauges", "duration_s": 3600.0, "method": "idw"}
    assert parse_storm("chicago:a=8.7,B=11.13,N=0.555,p=5,duration=60,step=1")["step_min"] == 1.0
    assert parse_storm(chicago) == chicago
    bad_storms: tuple[tuple[str | dict[str, Any], str], ...] = (
        ("chicago:A=abc,P=5,b=1,n=0.5,duration=60", "A must be a number, got 'abc'"),
        ("chicago:A=8,P=5,b=1,duration=60", "missing n"),
        ("chicago:A=8,P=5,b=1,n=0.5,duration=60,z=1", "unknown parameter 'z'"),
        ("uniform:100mm/h", "uniform:INTENSITYmm/h:DURATION"),
        ("uniform:100mm/h:soon", "is not a duration"),
        ("monsoon:heavy", "is not understood"),
        ({"kind": "uniform", "intensity_mm_h": 5, "duration_s": 60, "start": 3}, "unknown parameter.*start"),
        ("chicago:A=8,P=5,b=1,n=0.5,duration=7,step=5", "duration 7.0 min is not a whole number of 5.0 min"),
    )
    for bad, message in bad_storms:
        with pytest.raises(BadRequestData, match=message):
            parse_storm(bad)


# -- bad inputs write nothing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"area": "440399"}, InvalidCode, "unknown administrative code '440399'"),
        ({"area": area_wkt(dx=5_000.0)}, BadRequestData, r"lies outside the DEM"),
        ({"area": area_wkt(half=260.0)}, BadRequestData, r"extends beyond the DEM"),
        (
            {"area": "POLYGON((114.05 22.53, 114.06 22.54, 114.06 22.53, 114.05 22.54, 114.05 22.53))"},
            InvalidGeometry,
            "Self-intersection",
        ),
        ({"storm": "chicago:A=8.7,P=five,b=11,n=0.5,duration=60"}, BadRequestData, "P must be a number"),
        (
            {"area": "LINESTRING(114.05 22.53, 114.06 22.54)"},
            BadRequestData,
            "neither an administrative code",
        ),
        ({"resolution": -1}, BadRequestData, "must be > 0"),
        ({"colour": "blue"}, BadRequestData, "unknown input"),
    ],
)
def test_bad_inputs_are_named_and_write_nothing(
    tiny: TinyTwin, change: dict[str, Any], error: type[Exception], message: str
) -> None:
    before = tiny.snapshot()
    with JobManager(tiny.tenant) as manager, pytest.raises(error, match=message):
        manager.submit("flood", tiny.inputs(**change))
    assert tiny.snapshot() == before
    assert tiny.tenant.list_documents("job") == [] and tiny.tenant.list_documents("flood-record") == []


def test_validation_alone_touches_nothing(tiny: TinyTwin) -> None:
    checked = FloodScenario().validate(tiny.inputs(), RunContext(store=tiny.tenant))
    assert checked["storm"]["kind"] == "uniform" and checked["frame_interval"] == 120.0
    assert checked["duration"] == 1200.0 and checked["boundary"] == "free"


# -- frames ----------------------------------------------------------------------------------------------


def decode_png(data: bytes) -> np.ndarray:
    """Decode an 8-bit RGBA PNG with zlib, checking every chunk's CRC (filter 0 rows only)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + body)
        header = body if kind == b"IHDR" else header
        idat += body if kind == b"IDAT" else b""
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, colour, interlace) == (8, 6, 0)
    raw = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(height, 1 + 4 * width)
    assert np.all(raw[:, 0] == 0)
    return raw[:, 1:].reshape(height, width, 4)


def test_frames_are_pngs_with_a_wgs84_sidecar(tmp_path: Path) -> None:
    grid = Grid(x0=CX - 50, y0=CY + 30, dx=5.0, nx=20, ny=12)
    depth = np.zeros((2, 12, 20), dtype=np.float32)
    depth[1, 3, 7] = 0.4
    depth[1, 0, 0] = 0.005  # below the dry threshold
    sidecar = frames.write_frames(
        tmp_path / "f",
        grid,
        times_s=np.array([300.0, 600.0]),
        depth=depth,
        max_depth=depth.max(axis=0),
        meta={"job_id": "j1"},
    )
    meta = json.loads(sidecar.read_text())
    assert [f["time_s"] for f in meta["frames"]] == [300.0, 600.0] and meta["job_id"] == "j1"
    img = decode_png((tmp_path / "f" / meta["frames"][1]["file"]).read_bytes())
    assert img.shape == (12, 20, 4)
    assert img[0, 0, 3] == 0 and img[5, 5, 3] == 0  # dry cells are transparent
    # 0.4 m lies halfway between the ramp's 0.3 m (49, 130, 189, 225) and 0.5 m (8, 81, 156, 240) stops.
    assert np.abs(img[3, 7].astype(int) - [28.5, 105.5, 172.5, 232.5]).max() <= 0.5
    west, south, east, north = meta["bounds"]
    assert 114.04 < west < east < 114.06 and 22.52 < south < north < 22.54
    assert meta["coordinates"][0][1] > meta["coordinates"][3][1]  # NW above SW
    assert decode_png((tmp_path / "f" / "max_depth.png").read_bytes()).shape == (12, 20, 4)
    # Cells outside the area's mask are transparent even when wet.
    mask = np.ones((12, 20), dtype=bool)
    mask[3, 7] = False
    frames.write_frames(
        tmp_path / "g",
        grid,
        times_s=np.array([300.0, 600.0]),
        depth=depth,
        max_depth=depth.max(axis=0),
        mask=mask,
    )
    assert decode_png((tmp_path / "g" / "max_depth.png").read_bytes())[3, 7, 3] == 0
