"""Contract: entity queries — every filter, combinations, paging, count, tenants and geo relations.

Runs against every backend through the ``store`` fixture. The oracle is
:func:`citytwin.core.query_eval.matches` over the same (small, Shenzhen-shaped) data; a few queries also
state their expected ids so the oracle itself cannot drift unnoticed. Geo relations are checked against
shapely, and ``near`` against an independent spherical distance outside a narrow tolerance band.
"""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box, mapping

from citytwin.core.codes import beidou
from citytwin.core.entities import Entity
from citytwin.core.geometry import representative_lnglat, to_geojson
from citytwin.core.levels import ModelLevel
from citytwin.core.query import (
    And,
    Compare,
    EntityQuery,
    Exists,
    GeoFilter,
    GeoRel,
    Not,
    Or,
    Range,
    types_of,
)
from citytwin.core.query_eval import matches
from citytwin.errors import BadRequestData, InvalidCode
from citytwin.storage.base import Store, TenantStore

NANSHAN = MultiPolygon([box(113.88, 22.48, 113.98, 22.60), box(113.90, 22.44, 113.92, 22.46)])
FUTIAN = box(114.00, 22.50, 114.10, 22.58)
OWNER = "https://smartdatamodels.org/dataModel.Building/owner"


def _geo(geom: Any) -> dict[str, Any]:
    return {"type": "GeoProperty", "value": to_geojson(geom)}


def _p(value: Any, **meta: Any) -> dict[str, Any]:
    return {"type": "Property", "value": value, **meta}


def dataset() -> list[Entity]:
    """Districts, communities, buildings, sensors, roads and a few odd ones out."""
    items: list[dict[str, Any]] = [
        {
            "id": "urn:ngsi-ld:District:440305",
            "type": "District",
            "scope": "/Shenzhen/Nanshan",
            "cimLevel": _p("district"),
            "adminCode": _p("440305"),
            "name": _p("南山区"),
            "location": _geo(NANSHAN),
        },
        {
            "id": "urn:ngsi-ld:District:440304",
            "type": "District",
            "scope": "/Shenzhen/Futian",
            "cimLevel": _p("CIM3"),
            "adminCode": _p("440304000000"),
            "name": _p("福田区"),
            "location": _geo(FUTIAN),
        },
        {
            "id": "urn:ngsi-ld:Community:440305001001",
            "type": "Community",
            "scope": "/Shenzhen/Nanshan/Nantou",
            "cimLevel": _p("community"),
            "adminCode": _p("440305001001"),
            "location": _geo(box(113.90, 22.52, 113.93, 22.55)),
        },
        {
            "id": "urn:ngsi-ld:Community:440304008002",
            "type": "Community",
            "scope": "/Shenzhen/Futian/Xiangmihu",
            "cimLevel": _p("community"),
            "adminCode": _p(440304008002),
            "location": _geo(box(114.02, 22.53, 114.05, 22.56)),
        },
        {
            "id": "urn:ngsi-ld:Enterprise:91440300708461136T",
            "type": "Enterprise",
            "adminCode": _p("440305"),
            "name": _p("Tencent"),
        },
        {
            "id": "urn:ngsi-ld:Road:shennan",
            "type": "Road",
            "name": _p("深南大道"),
            "location": _geo(LineString([(113.90, 22.54), (113.99, 22.54), (114.08, 22.545)])),
        },
        {
            "id": "urn:ngsi-ld:Road:binhai",
            "type": "Road",
            "name": _p("滨海大道"),
            "location": _geo(LineString([(113.92, 22.51), (114.02, 22.52)])),
        },
        {"id": "urn:ngsi-ld:Station:arctic", "type": "Station", "location": _geo(Point(10.0, 89.0))},
    ]
    for i in range(12):
        nanshan = i % 2 == 0
        x0 = (113.905 if nanshan else 114.025) + (i // 2) * 0.004
        y0 = 22.525 if nanshan else 22.535
        community = "440305001001" if nanshan else "440304008002"
        items.append(
            {
                "id": f"urn:ngsi-ld:Building:{community}-{i:03d}",
                "type": ["Building", "Office"] if i % 3 == 0 else "Building",
                "scope": [
                    "/Shenzhen/Nanshan/Nantou" if nanshan else "/Shenzhen/Futian/Xiangmihu",
                    "/Projects/P1",
                ]
                if i % 4 == 0
                else ("/Shenzhen/Nanshan/Nantou" if nanshan else "/Shenzhen/Futian/Xiangmihu"),
                "cimLevel": _p("building"),
                "adminCode": _p(community),
                "location": _geo(box(x0, y0, x0 + 0.0015, y0 + 0.001)),
                "name": {"type": "LanguageProperty", "languageMap": {"zh": f"大厦{i}", "en": f"Tower {i}"}},
                "height": {**_p(20.5 + 7 * i, unitCode="MTR"), "accuracy": _p(0.5 if i < 6 else 2)},
                "floors": [_p(3 + 2 * i), _p(4 + 2 * i, datasetId="urn:ngsi-ld:Dataset:bim")]
                if i % 3 == 1
                else _p(3 + 2 * i),
                "usage": {"type": "VocabProperty", "vocab": ["office", "residential", "commercial"][i % 3]},
                "address": _p({"city": "深圳", "district": "南山" if nanshan else "福田", "no": i * 10}),
                "tags": {"type": "ListProperty", "valueList": ["landmark"] if i in (0, 5) else ["plain"]},
                "labels": _p(["green", "smart"] if i % 5 == 0 else ["old"]),
                "openedAt": _p(f"20{10 + i}-06-01T00:00:00+08:00"),
                "isPublic": _p(i % 4 == 1),
                "temperature": _p(20 + i / 2, observedAt=f"2026-11-21T0{i % 10}:00:00Z", unitCode="CEL"),
                OWNER: _p("深圳市" if i < 4 else "private"),
                "ownedBy": {"type": "Relationship", "object": f"urn:ngsi-ld:Enterprise:{i % 3}"},
            }
        )
    for i in range(6):
        items.append(
            {
                "id": f"urn:ngsi-ld:Device:aq-{i:02d}" if i != 5 else "urn:ngsi-ld:Device:AQ-Upper",
                "type": ["Device", "AirQualityObserved"] if i % 2 else "Device",
                "scope": "/Shenzhen/Nanshan/Nantou" if i < 3 else "/ShenzhenBay",
                "cimLevel": _p("component"),
                "location": _geo(Point(113.906 + i * 0.003, 22.5255 + i * 0.0005)),
                "pm25": _p(i * 15, observedAt="2026-11-21T08:00:00Z", unitCode="GQ"),
                "status": _p("ok" if i != 2 else "fault"),
            }
        )
    items.append(
        {
            "id": "urn:ngsi-ld:Building:Zed",
            "type": "Building",
            "height": _p("tall"),
            "location": _geo(Point(114.05, 22.54)),
        }
    )
    return [Entity.from_dict(item) for item in items]


DATA = dataset()
ALL_IDS = sorted(e.id for e in DATA)


@pytest.fixture
def t(store: Store) -> TenantStore:
    """The default tenant, loaded with the dataset (plus noise in another tenant)."""
    loaded = store.tenant()
    assert not loaded.create_many(DATA).errors
    noise = store.tenant("noise")
    assert not noise.create_many([Entity.from_dict({**e.to_dict(), "id": e.id + "-n"}) for e in DATA]).errors
    return loaded


def expected(query: EntityQuery, entities: list[Entity] = DATA) -> list[str]:
    """The oracle: ids of matching entities in id order."""
    return [e.id for e in sorted(entities, key=lambda e: e.id) if matches(e, query)]


def check(t: TenantStore, query: EntityQuery) -> list[str]:
    """Run a query with count and compare with the oracle; returns the ids.

    The oracle reads the entities as stored, since those carry the system times a query may test.
    """
    stored = list(t.get_many(ALL_IDS).values())
    assert len(stored) == len(DATA)
    result = t.query(EntityQuery(**{**_fields(query), "count": True, "limit": 1000}))
    ids = [e.id for e in result.entities]
    assert ids == expected(query, stored)
    assert result.count == len(ids)
    return ids


def _fields(query: EntityQuery) -> dict[str, Any]:
    return {name: getattr(query, name) for name in query.__dataclass_fields__}


def c(path: str, op: str, value: Any, *keys: str) -> Compare:
    """A comparison on a dotted path."""
    return Compare(tuple(path.split(".")), op, value, keys)  # type: ignore[arg-type]


B = "urn:ngsi-ld:Building:"
QUERIES: dict[str, tuple[EntityQuery, list[str] | None]] = {
    "everything": (EntityQuery(), ALL_IDS),
    "ids": (
        EntityQuery(ids=(B + "Zed", "urn:ngsi-ld:Road:binhai", "urn:x:none")),
        [B + "Zed", "urn:ngsi-ld:Road:binhai"],
    ),
    "id pattern": (EntityQuery(id_pattern=r"^urn:ngsi-ld:(Road|Station):"), None),
    "id pattern case": (EntityQuery(id_pattern="AQ-"), ["urn:ngsi-ld:Device:AQ-Upper"]),
    "type": (EntityQuery(types=types_of("Road")), ["urn:ngsi-ld:Road:binhai", "urn:ngsi-ld:Road:shennan"]),
    "secondary type": (EntityQuery(types=types_of("AirQualityObserved")), None),
    "type any of": (EntityQuery(types=types_of("District", "Community")), None),
    "type all of": (EntityQuery(types=(frozenset({"Building", "Office"}),)), None),
    "type dnf": (
        EntityQuery(types=(frozenset({"Building", "Office"}), frozenset({"Device", "AirQualityObserved"}))),
        None,
    ),
    "type none": (EntityQuery(types=types_of("Tree")), []),
    "scope prefix": (EntityQuery(scopes=("/Shenzhen/Nanshan",)), None),
    "scope exact": (EntityQuery(scopes=("/Shenzhen/Nanshan/Nantou",)), None),
    "scope segment": (EntityQuery(scopes=("/Shenzhen",)), None),
    "scope any": (EntityQuery(scopes=("/Projects", "/ShenzhenBay")), None),
    "scope not a segment": (EntityQuery(scopes=("/Shenzhen/Nan",)), []),
    "level": (
        EntityQuery(levels=(ModelLevel.DISTRICT,)),
        ["urn:ngsi-ld:District:440304", "urn:ngsi-ld:District:440305"],
    ),
    "levels": (EntityQuery(levels=(ModelLevel.COMMUNITY, ModelLevel.COMPONENT)), None),
    "admin district": (EntityQuery(admin_code="440305"), None),
    "admin padded city": (EntityQuery(admin_code="440300"), None),
    "admin 12 digits": (EntityQuery(admin_code="440304008002"), None),
    "admin padded district": (EntityQuery(admin_code="440304000000"), None),
    "admin other city": (EntityQuery(admin_code="440100"), []),
    "gt": (EntityQuery(q=c("height", ">", 60)), None),
    "range": (EntityQuery(q=c("floors", "==", Range(8, 12))), None),
    "any of": (EntityQuery(q=c("floors", "==", (3, 11, 26))), None),
    "none of": (EntityQuery(q=c("floors", "!=", (3, 11, 26))), None),
    "dataset instance": (EntityQuery(q=c("floors", "==", 6)), [B + "440304008002-001"]),
    "string": (EntityQuery(q=c("status", "==", "fault")), ["urn:ngsi-ld:Device:aq-02"]),
    "string order": (EntityQuery(q=c("status", "<", "p")), None),
    "not equal": (EntityQuery(q=c("status", "!=", "ok")), ["urn:ngsi-ld:Device:aq-02"]),
    "string is not a number": (EntityQuery(q=c("height", ">", 0)), None),
    "number is not a string": (EntityQuery(q=c("height", "==", "tall")), [B + "Zed"]),
    "bool": (EntityQuery(q=c("isPublic", "==", True)), None),
    "bool is not a number": (EntityQuery(q=c("isPublic", "==", 1)), []),
    "vocab": (EntityQuery(q=c("usage", "==", "commercial")), None),
    "array item": (EntityQuery(q=c("labels", "==", "smart")), None),
    "list property": (
        EntityQuery(q=c("tags", "==", "landmark")),
        [B + "440304008002-005", B + "440305001001-000"],
    ),
    "language map key": (EntityQuery(q=c("name", "==", "Tower 3", "en")), [B + "440304008002-003"]),
    "compound key": (EntityQuery(q=c("address", "==", "福田", "district")), None),
    "compound key order": (EntityQuery(q=c("address", ">=", 60, "no")), None),
    "relationship": (EntityQuery(q=c("ownedBy", "==", "urn:ngsi-ld:Enterprise:1")), None),
    "sub-attribute": (EntityQuery(q=c("height.accuracy", ">", 1)), None),
    "unit code": (EntityQuery(q=c("pm25.unitCode", "==", "GQ")), None),
    "observed at": (
        EntityQuery(q=c("temperature.observedAt", ">=", datetime(2026, 11, 21, 5, tzinfo=UTC))),
        None,
    ),
    "datetime value": (EntityQuery(q=c("openedAt", "<", datetime(2015, 1, 1, tzinfo=UTC))), None),
    "datetime range": (
        EntityQuery(
            q=c(
                "openedAt",
                "==",
                Range(datetime(2012, 5, 31, 16, tzinfo=UTC), datetime(2014, 1, 1, tzinfo=UTC)),
            )
        ),
        None,
    ),
    "modified at": (EntityQuery(q=c("temperature.modifiedAt", ">", datetime(2000, 1, 1, tzinfo=UTC))), None),
    "regex": (EntityQuery(q=c("name", "~=", "^Tower 1", "en")), None),
    "regex none": (EntityQuery(q=c("status", "!~=", "^o")), ["urn:ngsi-ld:Device:aq-02"]),
    "uri attribute": (EntityQuery(q=Compare((OWNER,), "==", "深圳市")), None),
    "exists": (EntityQuery(q=Exists(("pm25",))), None),
    "not exists": (EntityQuery(q=Not(Exists(("location",)))), ["urn:ngsi-ld:Enterprise:91440300708461136T"]),
    "and or": (
        EntityQuery(q=Or((And((c("floors", ">", 10), c("usage", "==", "office"))), c("pm25", "<", 20)))),
        None,
    ),
    "not": (EntityQuery(types=types_of("Building"), q=Not(c("height", ">", 40))), None),
    "combined": (
        EntityQuery(
            types=types_of("Building"),
            scopes=("/Shenzhen/Nanshan",),
            levels=(ModelLevel.BUILDING,),
            admin_code="4403",
            q=c("floors", ">=", 7),
            id_pattern="440305",
        ),
        None,
    ),
}


@pytest.mark.parametrize("name", list(QUERIES))
def test_filters_match_the_reference_semantics(t: TenantStore, name: str) -> None:
    query, stated = QUERIES[name]
    ids = check(t, query)
    if stated is not None:
        assert ids == stated
    else:
        assert ids, "every unstated query is chosen to match something"
        assert len(ids) < len(ALL_IDS) or name == "everything"


@pytest.mark.parametrize("level", [2, 3, 4, 5, 6, 7])
def test_grid_prefix_at_every_level(t: TenantStore, level: int) -> None:
    building = next(e for e in DATA if e.id == B + "440305001001-004")
    lng, lat = representative_lnglat(building.location())  # type: ignore[arg-type]
    ids = check(t, EntityQuery(grid_prefix=beidou.encode(lng, lat, level)))
    assert building.id in ids
    if level >= 7:
        assert ids == [building.id]


def test_grid_prefix_outside_everything(t: TenantStore) -> None:
    assert check(t, EntityQuery(grid_prefix=beidou.encode(116.4, 39.9, 4))) == []


@pytest.mark.parametrize(
    "query",
    [
        EntityQuery(grid_prefix="N50X"),
        EntityQuery(admin_code="4403x"),
        EntityQuery(id_pattern="(unclosed"),
        EntityQuery(q=c("name", "~=", "[")),
        EntityQuery(q=c("bad name", "==", 1)),
        EntityQuery(q=c("height", ">", Range(1, 2))),
        EntityQuery(scopes=("Shenzhen",)),
    ],
)
def test_bad_queries_are_refused(t: TenantStore, query: EntityQuery) -> None:
    with pytest.raises((BadRequestData, InvalidCode)):
        t.query(query)


def test_pages_concatenate_to_the_full_ordered_list(t: TenantStore) -> None:
    for query in (
        EntityQuery(),
        EntityQuery(types=types_of("Building")),
        EntityQuery(geo=GeoFilter(GeoRel.INTERSECTS, box(113.8, 22.4, 114.2, 22.7))),
        # geo + q without a count tests q on geometry hits only, in id order, until the page is full
        EntityQuery(geo=GeoFilter(GeoRel.INTERSECTS, box(113.8, 22.4, 114.2, 22.7)), q=c("height", ">", 10)),
    ):
        full = expected(query)
        for counted in (True, False):
            pages: list[str] = []
            for offset in range(0, len(full) + 7, 7):
                fields = {**_fields(query), "limit": 7, "offset": offset, "count": counted}
                page = t.query(EntityQuery(**fields))
                assert page.count == (len(full) if counted else None)
                pages += [e.id for e in page.entities]
            assert pages == full
    assert t.query(EntityQuery(offset=1000)).entities == []
    counted = t.query(EntityQuery(limit=0, count=True))
    assert counted.entities == [] and counted.count == len(ALL_IDS)
    assert t.query(EntityQuery()).count is None
    assert len(t.query(EntityQuery()).entities) == min(100, len(ALL_IDS))


def test_ids_are_ordered_by_code_point(t: TenantStore) -> None:
    ids = [e.id for e in t.query(EntityQuery(types=types_of("Building", "Device"), limit=1000)).entities]
    assert ids == sorted(ids)
    assert ids.index("urn:ngsi-ld:Device:AQ-Upper") < ids.index("urn:ngsi-ld:Device:aq-00")


def test_projection_keeps_only_the_named_attributes(t: TenantStore) -> None:
    result = t.query(EntityQuery(types=types_of("Device"), attrs=("pm25", "nothing"), limit=2))
    assert [set(e.attrs) for e in result.entities] == [{"pm25"}, {"pm25"}]
    full = {e.id: e for e in DATA}
    for e in result.entities:
        assert e.types == full[e.id].types and e.scope == full[e.id].scope
        assert e.value("pm25") == full[e.id].value("pm25")


def test_tenants_do_not_see_each_other(store: Store, t: TenantStore) -> None:
    noise = store.tenant("noise")
    assert all(e.id.endswith("-n") for e in noise.query(EntityQuery(limit=1000)).entities)
    assert (
        store.tenant("empty").query(EntityQuery(count=True, geo=GeoFilter(GeoRel.INTERSECTS, NANSHAN))).count
        == 0
    )
    assert check(t, EntityQuery(geo=GeoFilter(GeoRel.INTERSECTS, NANSHAN)))


# -- geo ------------------------------------------------------------------------------------------------

GEO_QUERIES = {
    "point in nanshan": Point(113.97, 22.59),  # far from the district's representative point
    "point on a building edge": Point(113.905, 22.5255),
    "box over futian buildings": box(114.024, 22.534, 114.034, 22.537),
    "line along shennan": LineString([(113.95, 22.54), (114.03, 22.54)]),
    "polygon across the bay": Polygon([(113.89, 22.50), (114.06, 22.52), (114.0, 22.56), (113.9, 22.55)]),
    "multipolygon": MultiPolygon([box(113.904, 22.524, 113.912, 22.527), box(114.02, 22.53, 114.05, 22.56)]),
    "the futian district": FUTIAN,
    "around the pole": box(9.0, 88.5, 11.0, 89.5),
}


@pytest.mark.parametrize("rel", [r for r in GeoRel if r is not GeoRel.NEAR])
@pytest.mark.parametrize("where", list(GEO_QUERIES))
def test_geo_relations_on_every_geometry_kind(t: TenantStore, rel: GeoRel, where: str) -> None:
    query = EntityQuery(geo=GeoFilter(rel, GEO_QUERIES[where]))
    ids = check(t, query)
    predicate = getattr(shapely, rel.value)
    assert ids == [
        e.id
        for e in sorted(DATA, key=lambda e: e.id)
        if e.location() is not None and predicate(e.location(), GEO_QUERIES[where])
    ]


def test_large_geometries_are_found_far_from_their_reference_point(t: TenantStore) -> None:
    far = Point(113.979, 22.599)
    assert "urn:ngsi-ld:District:440305" in check(t, EntityQuery(geo=GeoFilter(GeoRel.CONTAINS, far)))
    assert check(t, EntityQuery(geo=GeoFilter(GeoRel.WITHIN, box(9, 88, 11, 89.9)))) == [
        "urn:ngsi-ld:Station:arctic"
    ]


def test_geo_combined_with_filters_and_other_geoproperties(store: Store) -> None:
    t = store.tenant("geo")
    base = {"type": "Shop", "location": _geo(Point(114.05, 22.54))}
    t.create_many(
        [
            Entity.from_dict(
                {**base, "id": "urn:ngsi-ld:Shop:1", "entrance": _geo(Point(114.0501, 22.5401))}
            ),
            Entity.from_dict({**base, "id": "urn:ngsi-ld:Shop:2", "entrance": _geo(Point(113.93, 22.52))}),
            Entity.from_dict({**base, "id": "urn:ngsi-ld:Shop:3"}),
        ]
    )
    near = GeoFilter(GeoRel.NEAR, Point(114.05, 22.54), max_distance=50, geoproperty="entrance")
    assert [e.id for e in t.query(EntityQuery(geo=near)).entities] == ["urn:ngsi-ld:Shop:1"]
    far = GeoFilter(GeoRel.NEAR, Point(114.05, 22.54), min_distance=50, geoproperty="entrance")
    assert [e.id for e in t.query(EntityQuery(geo=far)).entities] == ["urn:ngsi-ld:Shop:2"]
    within = GeoFilter(GeoRel.WITHIN, box(114.0, 22.5, 114.1, 22.6))
    assert [e.id for e in t.query(EntityQuery(geo=within, ids=("urn:ngsi-ld:Shop:2",))).entities] == [
        "urn:ngsi-ld:Shop:2"
    ]


def test_moved_and_deleted_entities_leave_their_old_place(store: Store) -> None:
    t = store.tenant("moves")
    shop = Entity.from_dict(
        {"id": "urn:ngsi-ld:Shop:m", "type": "Shop", "location": _geo(Point(113.93, 22.52))}
    )
    t.create(shop)
    t.replace(Entity.from_dict({**shop.to_dict(), "location": _geo(Point(114.06, 22.55))}))
    old = EntityQuery(geo=GeoFilter(GeoRel.INTERSECTS, box(113.92, 22.51, 113.94, 22.53)))
    new = EntityQuery(geo=GeoFilter(GeoRel.INTERSECTS, box(114.05, 22.54, 114.07, 22.56)))
    assert t.query(old).entities == [] and len(t.query(new).entities) == 1
    t.delete("urn:ngsi-ld:Shop:m")
    assert t.query(new).entities == []


def sphere_distance_m(geom: Any, query: Point) -> float:
    """Independent near oracle: haversine (mean radius) to a densified geometry; 0 when they meet."""
    if shapely.intersects(geom, query):
        return 0.0
    xy = shapely.get_coordinates(shapely.segmentize(geom.boundary if geom.area else geom, 0.00002))
    lng1, lat1 = math.radians(query.x), math.radians(query.y)
    best = math.inf
    for lng, lat in xy:
        dlat, dlng = math.radians(lat) - lat1, math.radians(lng) - lng1
        h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(math.radians(lat)) * math.sin(dlng / 2) ** 2
        best = min(best, 2 * 6_371_008.8 * math.asin(math.sqrt(h)))
    return best


@pytest.mark.parametrize("max_distance", [0.0, 120.0, 700.0, 3000.0])
def test_near_agrees_with_an_independent_distance(t: TenantStore, max_distance: float) -> None:
    centre = Point(113.9075, 22.5262)
    ids = check(t, EntityQuery(geo=GeoFilter(GeoRel.NEAR, centre, max_distance=max_distance)))
    for e in DATA:
        geom = e.location()
        if geom is None:
            continue
        d = sphere_distance_m(geom, centre)
        if abs(d - max_distance) > 0.006 * max_distance + 1:  # outside the band where the models may differ
            assert (e.id in ids) == (d <= max_distance), (e.id, d)


# -- property test: random geometries, every relation, shapely as the judge --------------------------------

STEP = 0.0005
ORIGIN = (113.93, 22.52)


def _xy(i: int, j: int) -> tuple[float, float]:
    return round(ORIGIN[0] + i * STEP, 6), round(ORIGIN[1] + j * STEP, 6)


cells = st.tuples(st.integers(0, 12), st.integers(0, 12))


@st.composite
def geometries(draw: st.DrawFn) -> Any:
    """Points, segments, boxes, triangles and two-box multipolygons on a coarse grid (so they often touch)."""
    kind = draw(st.sampled_from(["point", "line", "box", "triangle", "multi"]))
    (i, j) = draw(cells)
    if kind == "point":
        return Point(_xy(i, j))
    (k, m) = draw(cells.filter(lambda a: a != (i, j)))
    if kind == "line":
        return LineString([_xy(i, j), _xy(k, m)])
    if kind == "triangle":
        (p, r) = draw(cells)
        tri = Polygon([_xy(i, j), _xy(k, m), _xy(p, r)])
        return tri if tri.area > 0 else Point(_xy(i, j))
    lo, hi = _xy(min(i, k), min(j, m)), _xy(max(i, k) + 1, max(j, m) + 1)
    first = box(*lo, *hi)
    if kind == "box":
        return first
    second = box(*_xy(max(i, k) + 3, 0), *_xy(max(i, k) + 4, 2))
    return MultiPolygon([first, second])


# Derandomized: PostGIS links its own GEOS (3.11 here) while shapely bundles a newer one (3.13+ relates with
# RelateNG), and on near-collinear slivers the two libraries can answer overlaps/touches differently (84 of
# 77,328 triangle pairs on this grid). A fixed example set keeps CI from flaking on such a pair.
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    shapes=st.lists(geometries(), min_size=1, max_size=8),
    query=geometries(),
    rel=st.sampled_from(list(GeoRel)),
    distance=st.floats(0, 1500),
)
def test_random_geometries_agree_with_shapely(
    store: Store, shapes: list[Any], query: Any, rel: GeoRel, distance: float
) -> None:
    t = store.tenant(f"h-{uuid.uuid4().hex[:8]}")
    entities = [
        Entity.from_dict(
            {
                "id": f"urn:ngsi-ld:Thing:{n:02d}",
                "type": "Thing",
                "location": {"type": "GeoProperty", "value": mapping(g)},
            }
        )
        for n, g in enumerate(shapes)
    ]
    assert not t.create_many(entities).errors
    if rel is GeoRel.NEAR:
        point = query if isinstance(query, Point) else query.representative_point()
        found = {
            e.id
            for e in t.query(
                EntityQuery(geo=GeoFilter(rel, point, max_distance=distance), limit=100)
            ).entities
        }
        for e, g in zip(entities, shapes, strict=True):
            d = sphere_distance_m(g, point)
            if abs(d - distance) > 0.006 * distance + 1:
                assert (e.id in found) == (d <= distance)
        return
    found_ids = [e.id for e in t.query(EntityQuery(geo=GeoFilter(rel, query), limit=100)).entities]
    predicate = getattr(shapely, rel.value)
    assert found_ids == [e.id for e, g in zip(entities, shapes, strict=True) if predicate(g, query)], (
        [g.wkt for g in shapes],
        query.wkt,
    )


def test_iter_query_pages_through_every_match_ignoring_the_query_paging(store: Store) -> None:
    from citytwin.core.entities import Entity, prop
    from citytwin.core.query import EntityQuery, types_of

    t = store.tenant()
    t.upsert_many([Entity(f"urn:x:b{i:03d}", ("Building",), {"h": [prop(i)]}) for i in range(25)])
    t.upsert_many([Entity(f"urn:x:r{i:03d}", ("Road",), {"h": [prop(i)]}) for i in range(3)])
    pages = list(t.iter_query(EntityQuery(types=types_of("Building"), limit=2, offset=7), page=10))
    assert [len(p) for p in pages] == [10, 10, 5]
    assert [e.id for p in pages for e in p] == [f"urn:x:b{i:03d}" for i in range(25)]
    assert list(t.iter_query(EntityQuery(types=types_of("Tunnel")))) == []


def test_the_geo_and_q_page_case_is_selective() -> None:
    """The paged geo + q case above keeps some geometry hits and drops others (so it tests something)."""
    area = GeoFilter(GeoRel.INTERSECTS, box(113.8, 22.4, 114.2, 22.7))
    both = expected(EntityQuery(geo=area, q=c("height", ">", 10)))
    assert 0 < len(both) < len(expected(EntityQuery(geo=area)))
