"""GeoPackage, Shapefile, GeoJSON (repairs, rejects), CSV and Excel with coordinates or addresses."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import openpyxl
import pyogrio
import pytest
import shapely

from citytwin.core.codes import city_code
from citytwin.core.crs import convert, wgs84_to_bd09
from citytwin.core.entities import Entity, geo, prop
from citytwin.core.levels import ModelLevel
from citytwin.core.query import EntityQuery, types_of
from citytwin.demo.hierarchy import area_id
from citytwin.errors import BadRequestData
from citytwin.ingest.geocode import MIN_SCORE
from citytwin.ingest.importers.model import ImportOptions
from citytwin.ingest.importers.pipeline import run_import
from citytwin.storage.base import TenantStore
from tests.ingest.importers.conftest import write_csv

# Real places (WGS84): 深圳市民中心 in 福田, 深圳湾体育中心 in 南山, 大梅沙 in 盐田.
FUTIAN = (114.0595, 22.5431)
NANSHAN = (113.9431, 22.5218)
YANTIAN = (114.3080, 22.5950)


def footprint(lng: float, lat: float, size_m: float = 30.0) -> shapely.Polygon:
    d = size_m / 2 / 111_320.0
    return shapely.box(lng - d, lat - d, lng + d, lat + d)


def buildings(twin: TenantStore, type_name: str = "Building") -> dict[str, object]:
    found = twin.query(EntityQuery(types=types_of(type_name), limit=1000)).entities
    return {e.value("bid"): e for e in found}


@pytest.mark.parametrize("driver,suffix", [("GPKG", ".gpkg"), ("ESRI Shapefile", ".shp")])
def test_gpkg_and_shapefile_in_a_projected_crs(
    twin: TenantStore, tmp_path: Path, driver: str, suffix: str
) -> None:
    places = [FUTIAN, NANSHAN, YANTIAN]
    xs, ys = convert([p[0] for p in places], [p[1] for p in places], "EPSG:4326", "EPSG:4547")
    polys = [shapely.box(x - 15, y - 10, x + 15, y + 10) for x, y in zip(xs, ys, strict=True)]
    path = tmp_path / f"footprints{suffix}"
    pyogrio.raw.write(
        path,
        shapely.to_wkb(np.array(polys, dtype=object)),
        [np.array(["B1", "B2", "B3"], dtype=object), np.array([12, 30, 4], dtype=np.int32),
         np.array([36.5, 99.0, 12.0])],
        ["bid", "floors", "height"],
        driver=driver,
        geometry_type="Polygon",
        crs="EPSG:4547",
    )  # fmt: skip
    report = run_import(path, twin, ImportOptions(category="space-2d3d", entity_type="Building"))
    assert report.committed and report.imported == 3 and report.declared_crs == "EPSG:4547"
    found = buildings(twin)
    for (lng, lat), bid in zip(places, ["B1", "B2", "B3"], strict=True):
        entity = found[bid]
        centre = entity.location().centroid  # type: ignore[union-attr]
        assert centre.x == pytest.approx(lng, abs=2e-6) and centre.y == pytest.approx(lat, abs=2e-6)
        assert entity.level is ModelLevel.BUILDING
        assert isinstance(entity.value("floors"), int)
        # a deterministic city code: urn:ngsi-ld:Building:<valid code>
        kind, code = city_code.from_urn(entity.id)
        assert kind == "Building" and code.category == "BD" and code.admin_code == "440300"
        assert len(entity.value("gridCode")) == 20
    assert found["B1"].admin_code.startswith("440304")  # type: ignore[union-attr]
    assert found["B2"].admin_code.startswith("440305")  # type: ignore[union-attr]
    assert found["B3"].admin_code.startswith("440308")  # type: ignore[union-attr]


def test_geojson_repairs_what_it_can_and_rejects_the_rest(twin: TenantStore, tmp_path: Path) -> None:
    lng, lat = FUTIAN
    d = 0.0003
    bowtie = [[lng, lat], [lng + d, lat + d], [lng + d, lat], [lng, lat + d], [lng, lat]]
    flat = [[lng, lat], [lng + d, lat], [lng + 2 * d, lat], [lng, lat]]  # zero area: no polygon left
    geometries = {
        "ok": footprint(lng, lat).__geo_interface__,
        "bowtie": {"type": "Polygon", "coordinates": [bowtie]},
        "flat": {"type": "Polygon", "coordinates": [flat]},
        "far": {"type": "Point", "coordinates": [500000, 2493000]},  # metres, not degrees
        "none": None,
    }
    features = [{"type": "Feature", "properties": {"bid": k}, "geometry": g} for k, g in geometries.items()]
    path = tmp_path / "mixed.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    report = run_import(path, twin, ImportOptions(category="space-2d3d", entity_type="Building"))
    reasons = {n.row: n.reason for n in report.rejected}
    assert set(reasons) == {3, 4}
    assert reasons[3].startswith("invalid geometry") and "LineString" in reasons[3]
    assert reasons[4].startswith("coordinates out of range")
    assert [n.row for n in report.repaired] == [2] and "Self-intersection" in report.repaired[0].reason
    assert report.imported == 3 and report.rows_read == 5
    found = buildings(twin)
    fixed = found["bowtie"].location()  # type: ignore[union-attr]
    assert fixed.geom_type == "MultiPolygon" and fixed.is_valid
    assert found["none"].location() is None  # type: ignore[union-attr]
    assert report.unregistered_count == 1 and report.unregistered[0].row == 5


def test_csv_with_coordinates_types_columns_and_keeps_codes_as_text(
    twin: TenantStore, tmp_path: Path
) -> None:
    rows = [
        ["s1", "0755", "12", "3.5", "是", *wgs84_to_bd09(*FUTIAN)],
        ["s2", "0756", "7", "4", "否", *wgs84_to_bd09(*NANSHAN)],
    ]
    path = write_csv(tmp_path / "sites.csv", ["bid", "area_code", "floors", "rate", "open", "x", "y"],
                     [[*r[:5], float(r[5]), float(r[6])] for r in rows])  # fmt: skip
    report = run_import(
        path, twin, ImportOptions(category="public-service", entity_type="Facility", crs="bd09")
    )
    assert report.imported == 2 and report.registered == 2
    found = {e.value("bid"): e for e in twin.query(EntityQuery(types=types_of("Facility"))).entities}
    s1 = found["s1"]
    assert s1.value("area_code") == "0755"  # a code column stays text
    assert s1.value("floors") == 12 and s1.value("rate") == 3.5 and s1.value("open") is True
    assert "x" not in s1.attrs and "y" not in s1.attrs  # the coordinates became the location
    point = s1.location()
    assert point is not None and point.x == pytest.approx(FUTIAN[0], abs=1e-6)
    assert point.y == pytest.approx(FUTIAN[1], abs=1e-6)
    assert city_code.from_urn(s1.id)[1].category == "FC"


def test_excel_with_coordinates_and_a_gb18030_csv(twin: TenantStore, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", "名称", "经度", "纬度", "人口"])
    sheet.append(["E1", "福田街道办", FUTIAN[0], FUTIAN[1], 1200])
    sheet.append(["E2", "坏行", "东经114度", 22.5, 3])
    sheet.append(["E3", "南山", NANSHAN[0], NANSHAN[1], None])
    path = tmp_path / "offices.xlsx"
    book.save(path)
    report = run_import(
        path, twin, ImportOptions(category="public-management", entity_type="Office", id_column="编号")
    )
    assert report.imported == 2
    assert [(n.row, n.reason) for n in report.rejected] == [
        (3, "bad coordinate: '东经114度' in column '经度'")
    ]
    e1 = twin.get(next(iter(e.id for e in twin.query(EntityQuery(types=types_of("Office"))).entities
                            if e.value("编号") == "E1")))  # fmt: skip
    assert e1.value("名称") == "福田街道办" and e1.value("人口") == 1200
    # GB18030 text is read without being told.
    csv_path = tmp_path / "gbk.csv"
    write_csv(csv_path, ["名称", "lng", "lat"], [["罗湖口岸", 114.1175, 22.5330]], encoding="gb18030")
    report = run_import(csv_path, twin, ImportOptions(category="public-service", entity_type="Port"))
    assert report.imported == 1
    assert twin.query(EntityQuery(types=types_of("Port"))).entities[0].value("名称") == "罗湖口岸"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_addresses_are_geocoded_and_never_dropped(twin: TenantStore, tmp_path: Path, suffix: str) -> None:
    # A building the twin already knows, with a name and an address, for the gazetteer to find.
    park = Entity("urn:ngsi-ld:Building:kejiyuan", ("Building",))
    park.set("name", prop("深圳湾科技生态园"))
    park.set("address", prop("深圳市南山区粤海街道科苑路15号"))
    park.set("location", geo({"type": "Point", "coordinates": [113.9465, 22.5245]}))
    twin.create(park)
    rows = [
        ["a1", "深圳市南山区粤海街道科技园科苑路15号"],
        ["a2", "深圳市南山区深圳湾科技生态园"],
        ["a3", "深圳市福田区福田街道"],
        ["a4", "火星乌托邦平原1号"],
    ]
    if suffix == ".csv":
        path = write_csv(tmp_path / "addr.csv", ["bid", "地址"], rows)
    else:
        book = openpyxl.Workbook()
        book.active.append(["bid", "地址"])
        for row in rows:
            book.active.append(row)
        path = tmp_path / "addr.xlsx"
        book.save(path)
    report = run_import(path, twin, ImportOptions(category="legal-person", entity_type="Shop"))
    assert report.rows_read == 4 and report.imported == 4 and report.rejected_count == 0
    assert report.registered == 2 and report.unregistered_count == 2
    assert report.registered_by == {"geocoded": 2}
    unregistered = {n.row: n.reason for n in report.unregistered}
    assert unregistered[4].startswith("address matched below the minimum score")  # only the street is known
    assert unregistered[5].startswith("address not found")  # listed, never dropped
    found = {e.value("bid"): e for e in twin.query(EntityQuery(types=types_of("Shop"))).entities}
    for bid in ("a1", "a2"):
        shop = found[bid]
        assert shop.value("registeredTo") == park.id and shop.value("geocodeLevel") == "building"
        assert shop.value("geocodeScore") >= MIN_SCORE
        assert shop.admin_code is not None and shop.admin_code.startswith("440305007")
        assert shop.value("locatedIn") == area_id(shop.admin_code)
        assert shop.location() is not None and shop.value("gridCode")
    for bid in ("a3", "a4"):
        assert found[bid].location() is None and found[bid].admin_code is None
        assert found[bid].value("地址") == dict(rows)[bid]


def test_table_without_coordinates_or_address_is_refused(twin: TenantStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "plain.csv", ["name", "value"], [["x", 1]])
    with pytest.raises(BadRequestData, match="no coordinate columns"):
        run_import(path, twin, ImportOptions(category="public-service", entity_type="Thing"))
    with pytest.raises(BadRequestData, match="unknown data category"):
        run_import(path, twin, ImportOptions(category="everything", entity_type="Thing"))
    located = write_csv(tmp_path / "located.csv", ["name", "lng", "lat"], [["x", *FUTIAN]])
    with pytest.raises(BadRequestData, match="--as TYPE"):
        run_import(located, twin, ImportOptions(category="public-service"))
    with pytest.raises(BadRequestData, match="--id-column 'key' is not a column"):
        run_import(located, twin, ImportOptions(category="public-service", entity_type="T", id_column="key"))
