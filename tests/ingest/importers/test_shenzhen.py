"""Real Shenzhen data through the importer: GCJ-02 district boundaries and Weibo POIs, on both backends."""

from __future__ import annotations

import csv
import json
import math
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from citytwin.core.codes import admin
from citytwin.core.crs import wgs84_to_gcj02
from citytwin.core.query import EntityQuery, types_of
from citytwin.demo.hierarchy import area_id
from citytwin.governance.catalog import Catalog
from citytwin.ingest.importers.model import ImportOptions
from citytwin.ingest.importers.pipeline import run_import
from citytwin.storage.base import TenantStore
from tests.ingest.importers.conftest import WEIBO

DISTRICTS = files("citytwin.data.shenzhen").joinpath("sz_districts_10_transbigdata.geojson")
EARTH_M_PER_DEG = 111_320.0


# An independent GCJ-02 → WGS84 conversion: the one-step inverse used by the coordtransform libraries
# (wgs ≈ gcj − offset(gcj)), written out here from the published formula. Its error is 1-2 metres.
def _tlat(x: float, y: float) -> float:
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _tlng(x: float, y: float) -> float:
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def gcj_to_wgs_one_step(lng: float, lat: float) -> tuple[float, float]:
    a, ee = 6378245.0, 0.00669342162296594323
    dlat, dlng = _tlat(lng - 105.0, lat - 35.0), _tlng(lng - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - ee * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((a * (1 - ee)) / (magic * sqrtmagic) * math.pi)
    dlng = (dlng * 180.0) / (a / sqrtmagic * math.cos(radlat) * math.pi)
    return lng * 2 - (lng + dlng), lat * 2 - (lat + dlat)


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    dx = (a[0] - b[0]) * EARTH_M_PER_DEG * math.cos(math.radians(a[1]))
    return math.hypot(dx, (a[1] - b[1]) * EARTH_M_PER_DEG)


def test_control_point_of_the_published_formulas() -> None:
    # wandergis/coordtransform test/app.js: wgs84togcj02(116.404, 39.915) and its one-step inverse.
    x, y = wgs84_to_gcj02(116.404, 39.915)
    assert (float(x), float(y)) == pytest.approx((116.41024449916938, 39.91640428150164), abs=1e-9)
    assert gcj_to_wgs_one_step(116.404, 39.915) == pytest.approx(
        (116.39775550083061, 39.91359571849836), abs=1e-9
    )


def test_gcj02_district_polygons_land_within_20_m_of_their_wgs84_positions(
    twin: TenantStore, tmp_path: Path
) -> None:
    path = tmp_path / "sz_districts.geojson"
    path.write_bytes(DISTRICTS.read_bytes())
    report = run_import(
        path,
        twin,
        ImportOptions(
            category="spatiotemporal-base", entity_type="DistrictBoundary", crs="gcj02", id_column="qh"
        ),
    )
    assert report.committed and report.imported == 10 and report.rejected_count == 0
    assert report.declared_crs == "GCJ02"
    raw = {f["properties"]["qh"]: f for f in json.loads(DISTRICTS.read_text("utf-8"))["features"]}
    found = twin.query(EntityQuery(types=types_of("DistrictBoundary"), limit=100)).entities
    assert sorted(e.value("qh") for e in found) == sorted(raw)
    worst = 0.0
    for entity in found:
        source = shape(raw[entity.value("qh")]["geometry"])
        imported = entity.location()
        assert imported is not None and imported.is_valid
        src = shapely.get_coordinates(source)
        out = shapely.get_coordinates(imported)
        assert len(out) >= 0.95 * len(src)  # repairs may drop a few duplicate vertices, not the outline
        for lng, lat in src[:: max(1, len(src) // 40)].tolist():
            expected = gcj_to_wgs_one_step(lng, lat)
            nearest = out[np.argmin(np.hypot(out[:, 0] - expected[0], out[:, 1] - expected[1]))]
            worst = max(worst, metres(expected, (float(nearest[0]), float(nearest[1]))))
        # Shifted, not just kept: the GCJ-02 outline is ~300-600 m from the WGS84 one in Shenzhen.
        shift = metres(tuple(src[0]), tuple(out[0]))  # type: ignore[arg-type]
        assert 200 < shift < 800
        # Registered in the district that holds it (大鹏 belongs to 龙岗, 440307).
        district = entity.admin_code
        assert district is not None and district.startswith("4403")
    assert worst < 20.0


def _sample_weibo(tmp_path: Path, every: int) -> tuple[Path, list[dict[str, str]]]:
    with WEIBO.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    sample = rows[::every]
    path = tmp_path / "weibo_sample.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(sample)
    return path, sample


def test_weibo_pois_are_registered_to_communities(twin: TenantStore, tmp_path: Path) -> None:
    path, sample = _sample_weibo(tmp_path, every=10)  # 3,486 rows, the coordinate-less first row included
    report = run_import(
        path,
        twin,
        ImportOptions(
            category="internet-open-data", entity_type="PointOfInterest", crs="gcj02", id_column="poiindex"
        ),
    )
    missing = [i for i, r in enumerate(sample) if not r["lon"]]
    assert report.rows_read == len(sample)
    assert report.rejected_count == len(missing) == 1
    assert report.rejected[0].row == 2 and report.rejected[0].reason == "missing coordinates"
    assert report.imported == len(sample) - 1
    assert report.registered + report.unregistered_count == report.imported
    assert report.registered_by["community"] == report.registered
    assert report.registration_rate is not None and report.registration_rate > 0.99

    # Independent check: convert each POI with the one-step formula and find its district in the shipped
    # boundaries (GCJ-02 converted the same independent way); the importer's adminCode must agree.
    boundaries = json.loads(DISTRICTS.read_text("utf-8"))["features"]
    codes = {a.name.removesuffix("区"): a.code for a in admin.districts()}
    polys, poly_codes = [], []
    for feature in boundaries:
        geom = shapely.transform(
            shape(feature["geometry"]),
            lambda c: np.array([gcj_to_wgs_one_step(x, y) for x, y in c]),
        )
        polys.append(geom)
        poly_codes.append(codes.get(feature["properties"]["qh"], "440307"))
    tree = shapely.STRtree(polys)
    entities = twin.query(EntityQuery(types=types_of("PointOfInterest"), limit=5000)).entities
    assert len(entities) == report.imported
    by_index = {int(e.value("poiindex")): e for e in entities}
    agree = checked = 0
    for row in sample:
        if not row["lon"]:
            continue
        entity = by_index[int(row["poiindex"])]
        lng, lat = gcj_to_wgs_one_step(float(row["lon"]), float(row["lat"]))
        point = entity.location()
        assert point is not None and metres((point.x, point.y), (lng, lat)) < 5.0  # one-step error ~1-2 m
        hits = tree.query(shapely.Point(lng, lat), predicate="intersects")
        if len(hits) != 1 or entity.admin_code is None:
            continue  # on a boundary or outside the city: not a fair comparison
        checked += 1
        assert len(entity.admin_code) == 12  # a community code
        assert entity.value("locatedIn") == area_id(entity.admin_code)
        agree += entity.admin_code.startswith(poly_codes[int(hits[0])])
    assert checked > 3000 and agree / checked > 0.995

    record = Catalog(twin).get(report.dataset)
    assert record.record_count == report.imported
    assert record.registered_count == report.registered
    assert record.registration_rate == pytest.approx(report.registration_rate)
    assert record.crs == "GCJ02" and record.category == "internet-open-data"
