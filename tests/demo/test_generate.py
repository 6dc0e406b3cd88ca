"""The demo city generator: determinism, invariants, and loading through importers, catalog and registry."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import numpy as np
import shapely

from citytwin.core.codes import device_code
from citytwin.core.codes.ids import validate_resident_id, validate_uscc
from citytwin.core.query import EntityQuery, types_of
from citytwin.demo.buildings import generate_buildings
from citytwin.demo.generate_places import classify_poi
from citytwin.demo.generate_scale import SCALES, region_of
from citytwin.demo.people import generate_people
from citytwin.demo.roads import road_network
from citytwin.governance.catalog import CATEGORIES, Catalog
from citytwin.ingest.iot.catalog import shipped_types
from citytwin.storage.registry import open_store
from tests.demo.conftest import TinyCity

TINY = SCALES["tiny"]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_generation_is_deterministic(tiny_city: TinyCity) -> None:
    roads = road_network(TINY)
    again = generate_buildings(TINY, roads)
    files = tiny_city.generated.folder
    stored = json.loads((files / "buildings.geojson").read_text("utf-8"))["features"]
    assert [f["properties"]["twinId"] for f in stored] == [p["twinId"] for p in again.props]
    assert [f["geometry"]["coordinates"] for f in stored] == [
        [list(map(list, shapely.geometry.mapping(p)["coordinates"][0]))] for p in again.polygons
    ]
    people = generate_people(TINY, again, today=date(2026, 6, 1))
    assert [e["uscc"] for e in people.enterprises] == [r["uscc"] for r in _rows(files / "enterprises.csv")]


def test_buildings_do_not_overlap_and_lie_in_the_region(tiny_city: TinyCity) -> None:
    features = json.loads((tiny_city.generated.folder / "buildings.geojson").read_text("utf-8"))["features"]
    polys = [shapely.geometry.shape(f["geometry"]) for f in features]
    assert len(polys) == TINY.buildings
    tree = shapely.STRtree(polys)
    a, b = tree.query(polys, predicate="intersects")
    assert np.all(a == b), "two footprints overlap"
    region = region_of(TINY.districts).buffer(0.002)
    assert all(region.contains(p.centroid) for p in polys)
    props = [f["properties"] for f in features]
    assert all(p["height"] >= p["floors"] * 3.2 - 0.05 for p in props)
    # Only homes have residents, and denser places get more of them.
    assert all(p["population"] == 0 for p in props if p["buildingUse"] != "residential")
    assert sum(p["population"] for p in props) > 0


def test_identifiers_are_valid_and_residents_never_in_clear(tiny_city: TinyCity) -> None:
    folder = tiny_city.generated.folder
    enterprises = _rows(folder / "enterprises.csv")
    assert enterprises and all(validate_uscc(r["uscc"]).valid for r in enterprises)
    assert len({r["uscc"] for r in enterprises}) == len(enterprises)
    elderly = _rows(folder / "elderly-register.csv")
    assert len(elderly) == TINY.elderly
    for row in elderly:
        assert re.fullmatch(r"[0-9a-f]{64}", row["residentIdHash"])
        assert re.fullmatch(r"\d{6}\*{8}\d{3}[\dX]", row["residentIdMasked"])
        assert int(row["residentAge"]) >= 65
    text = (folder / "elderly-register.csv").read_text("utf-8")
    candidates = re.findall(r"(?<![0-9a-f])\d{17}[\dX](?![0-9a-f])", text)
    assert not [c for c in candidates if validate_resident_id(c).valid]


def test_pois_are_classified_by_name() -> None:
    assert classify_poi("北大深圳医院") == "hospital"
    assert classify_poi("深圳中学") == "school"
    assert classify_poi("车公庙地铁站") == "metro-station"
    assert classify_poi("凯丰码头公交站") == "bus-stop"
    assert classify_poi("百花二路") is None


def test_devices_of_every_type_bound_to_twins(tiny_city: TinyCity) -> None:
    rows = _rows(tiny_city.generated.folder / "devices.csv")
    assert {r["type"] for r in rows} == set(shipped_types())
    keys = {(r["district"], r["type"], r["sequence"]) for r in rows}
    assert len(keys) == len(rows)
    assert all(r["twin"] for r in rows if r["type"] != "camera")
    assert sum(r["type"] == "camera" for r in rows) == TINY.cameras


def test_parking_capacity_matches_the_scale(tiny_city: TinyCity) -> None:
    lots = _rows(tiny_city.generated.folder / "parking-lots.csv")
    assert sum(int(r["totalSpotNumber"]) for r in lots) == TINY.parking_spaces


def test_loaded_city_covers_all_ten_categories_through_the_catalog(tiny_city: TinyCity) -> None:
    with open_store(f"sqlite:///{tiny_city.db}") as store:
        twin = store.tenant()
        records = Catalog(twin).list()
        assert set(CATEGORIES) <= {r.category for r in records}
        assert "demo-devices" in {r.id for r in records}
        roads = next(r for r in records if r.id == "citytwin-demo-roads")
        assert roads.record_count == tiny_city.generated.counts["roads"] and roads.registered_count > 0
        buildings = twin.query(EntityQuery(types=types_of("Building"), limit=1000)).entities
        assert len(buildings) == TINY.buildings
        # Registered at community level by the importer, and fused with the population dataset.
        assert all(len(str(b.value("adminCode"))) == 12 for b in buildings)
        assert all(b.value("population") is not None and b.value("floors") is not None for b in buildings)
        units = twin.query(EntityQuery(types=types_of("BuildingUnit"), limit=1000)).entities
        assert len(units) == TINY.elderly and all(u.value("livesAlone") is True for u in units)
        devices = twin.query(EntityQuery(types=types_of("Device"), count=True, limit=1)).count
        assert devices == len(_rows(tiny_city.generated.folder / "devices.csv"))
        dem = twin.query(EntityQuery(types=types_of("DigitalElevationModel"), limit=5)).entities
        assert len(dem) == 1 and float(dem[0].value("maxElevation")) > 50
        first = _rows(tiny_city.generated.folder / "devices.csv")[0]
        kind = shipped_types()[first["type"]]
        code = device_code.generate(first["district"], kind.domain, kind.code, int(first["sequence"]))
        assert twin.get(f"urn:ngsi-ld:Device:{code}").value("controlledAsset") == first["twin"]
