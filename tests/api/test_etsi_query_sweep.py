"""ETSI NGSI-LD test suite cases for Query Entities not replayed elsewhere (019_01_03..06, 019_02_03..06,
019_03_02..05, 019_05, 019_15..17, 019_21..23, 019_25), with the suite's request shapes and entities; and
transient entities (``expiresAt``) hidden from queries. Both backends.

019_24 (POST query with ``join``) is replayed in ``test_etsi_linked.py``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.api.conftest import V1
from tests.api.etsi_support import CORE, JSON, LD_JSON, VOCAB, SuiteContext, assert_problem, building

GEO = "application/geo+json"
BUILDING = VOCAB + "Building"
B1, B2, B3 = (f"urn:ngsi-ld:Building:sweep-{n}" for n in (1, 2, 3))


def create(api: TestClient, ctx: SuiteContext, body: dict[str, Any]) -> None:
    response = api.post(f"{V1}/entities/", json={**body, "@context": ctx.body}, headers=LD_JSON)
    assert response.status_code == 201, response.text


def minimal(entity_id: str, **extra: Any) -> dict[str, Any]:
    """building-minimal (and its scoped variants)."""
    return {"id": entity_id, "type": "Building", **extra}


def prop(value: Any) -> dict[str, Any]:
    return {"type": "Property", "value": value}


def rel(target: str) -> dict[str, str]:
    return {"type": "Relationship", "object": target}


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return sorted(e["id"] for e in response.json())


def canonical(body: Any) -> str:
    """A JSON text that does not depend on member order (to compare lists whose order is not checked)."""
    return json.dumps(body, sort_keys=True)


def query(api: TestClient, headers: dict[str, str] | None = None, **params: str) -> Any:
    return api.get(f"{V1}/entities/", params=params, headers=headers or {})


def post_query(
    api: TestClient, body: dict[str, Any], headers: dict[str, str] | None = None, **params: str
) -> Any:
    return api.post(
        f"{V1}/entityOperations/query",
        json={"type": "Query", **body},
        params=params,
        headers={**JSON, "Accept": "application/json", **(headers or {})},
    )


@pytest.fixture
def two_minimal(api: TestClient, ctx: SuiteContext) -> SuiteContext:
    create(api, ctx, minimal(B1))
    create(api, ctx, minimal(B2))
    return ctx


# -- 019_01 GET /entities ---------------------------------------------------------------------------------


def test_019_01_03_query_by_id_pattern_and_expanded_type(api: TestClient, two_minimal: SuiteContext) -> None:
    response = query(api, idPattern="urn:ngsi-ld:Building:.*", type=BUILDING)
    assert ids(response) == [B1, B2]
    assert {e["type"] for e in response.json()} == {BUILDING}  # no Link: compacted with the core context


def test_019_01_04_query_by_attribute_names(api: TestClient, ctx: SuiteContext) -> None:
    create(api, ctx, building(B1))
    create(api, ctx, minimal(B2))
    aq, sub = VOCAB + "airQualityLevel", VOCAB + "subCategory"
    [got] = query(api, attrs=f"{aq},{sub}").json()
    assert got["id"] == B1 and set(got) == {"id", "type", aq, sub}
    assert got[sub] == prop("office")


def test_019_01_05_query_by_geoquery_equals(api: TestClient, ctx: SuiteContext) -> None:
    at = {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [13.3986, 52.5547]}}
    for entity_id in (B1, B2):
        create(api, ctx, minimal(entity_id, name=prop("Eiffel Tower"), location=at))
    create(api, ctx, minimal(B3, location={**at, "value": {"type": "Point", "coordinates": [13.4, 52.5]}}))
    response = query(
        api,
        {"Accept": "application/ld+json"},
        type=BUILDING,
        georel="equals",
        geometry="Point",
        coordinates="[13.3986, 52.5547]",
    )
    assert ids(response) == [B1, B2]
    assert all("@context" in e and e["location"] == at for e in response.json())


@pytest.mark.parametrize(
    ("scope_q", "count"),
    [
        ("/Madrid/Gardens/ParqueNorte", 2),
        ("/Madrid/+/ParqueNorte", 2),
        ("/CompanyA/#", 1),
        ("/#", 2),
        ("/Madrid/Gardens/ParqueNorte;/CompanyA/OrganizationB/UnitC", 1),
        ("/Madrid/Gardens/ParqueNorte,/CompanyA/OrganizationB/UnitC", 2),
    ],
    ids=["full", "plus", "hash", "non_empty", "and", "or"],
)
def test_019_01_06_query_by_scopes(api: TestClient, ctx: SuiteContext, scope_q: str, count: int) -> None:
    one = minimal(B1, scope="/Madrid/Gardens/ParqueNorte")
    many = minimal(B2, scope=["/Madrid/Gardens/ParqueNorte", "/CompanyA/OrganizationB/UnitC"])
    for body in (one, many):  # the suite sends these as application/json with a Link header
        response = api.post(f"{V1}/entities/", json=body, headers={**JSON, **ctx.link})
        assert response.status_code == 201, response.text
    create(api, ctx, minimal(B3))  # unscoped: never matched by a scopeQ
    got = query(api, scopeQ=scope_q, type=BUILDING)
    assert len(ids(got)) == count


# -- 019_02 POST /entityOperations/query ------------------------------------------------------------------


def test_019_02_03_post_query_by_id_pattern(api: TestClient, two_minimal: SuiteContext) -> None:
    body = {"entities": [{"idPattern": "urn:ngsi-ld:Building:.*", "type": BUILDING}]}
    assert ids(post_query(api, body)) == [B1, B2]


def test_019_02_04_post_query_by_attribute_names(api: TestClient, ctx: SuiteContext) -> None:
    create(api, ctx, minimal(B1))
    vehicle_id = "urn:ngsi-ld:Vehicle:sweep-1"
    # The suite's compound context names brandName but not isParked: that one falls to the default context.
    named = {"Vehicle": VOCAB + "Vehicle", "brandName": VOCAB + "brandName"}
    vehicle = {
        "id": vehicle_id,
        "type": "Vehicle",
        "brandName": prop("Mercedes"),
        "isParked": {
            **rel("urn:ngsi-ld:OffStreetParking:Downtown1"),
            "observedAt": "2017-07-29T12:00:04Z",
            "providedBy": rel("urn:ngsi-ld:Person:Bob"),
        },
        "@context": [named, CORE],
    }
    assert api.post(f"{V1}/entities/", json=vehicle, headers=LD_JSON).status_code == 201
    attrs = [VOCAB + "brandName", "https://uri.etsi.org/ngsi-ld/default-context/isParked"]
    [got] = post_query(api, {"attrs": attrs}).json()
    assert got == {
        "id": vehicle_id,
        "type": VOCAB + "Vehicle",
        VOCAB + "brandName": prop("Mercedes"),
        "isParked": {
            **rel("urn:ngsi-ld:OffStreetParking:Downtown1"),
            "observedAt": "2017-07-29T12:00:04Z",
            "providedBy": rel("urn:ngsi-ld:Person:Bob"),
        },
    }


def test_019_02_05_post_query_as_geojson(api: TestClient, ctx: SuiteContext) -> None:
    vehicle_id, parking_id = "urn:ngsi-ld:Vehicle:019-02-05", "urn:ngsi-ld:OffStreetParking:019-02-05"
    point = {"type": "Point", "coordinates": [-8.5, 41.2]}
    create(api, ctx, {"id": vehicle_id, "type": "Vehicle", "brandName": prop("Mercedes")})
    parking = {
        "id": parking_id,
        "type": "OffStreetParking",
        "name": prop("Downtown One"),
        "totalSpotNumber": prop(200),
        "location": {"type": "GeoProperty", "value": point},
    }
    create(api, ctx, parking)
    create(api, ctx, minimal(B1))
    body = {"entities": [{"type": f"{VOCAB}Vehicle,{VOCAB}OffStreetParking"}]}
    response = post_query(api, body, {"Accept": GEO, **ctx.link})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(GEO)
    fc = response.json()
    assert fc["type"] == "FeatureCollection"
    features = {f["id"]: f for f in fc["features"]}
    assert set(features) == {vehicle_id, parking_id}
    assert features[vehicle_id]["geometry"] is None
    assert features[vehicle_id]["properties"]["brandName"] == prop("Mercedes")
    assert features[parking_id]["geometry"] == point
    assert features[parking_id]["properties"]["type"] == "OffStreetParking"
    assert features[parking_id]["properties"]["totalSpotNumber"] == prop(200)


def test_019_02_06_post_query_two_selectors_by_id(api: TestClient, two_minimal: SuiteContext) -> None:
    create(api, two_minimal, minimal(B3))
    selectors = [{"id": B1, "type": BUILDING}, {"id": B2, "type": BUILDING}]
    assert ids(post_query(api, {"entities": selectors})) == [B1, B2]


# -- 019_03 invalid queries -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"idPattern": "invalid_entity_id_pattern**", "type": BUILDING},
        {"attrs": "id,type"},
        {
            "type": "Building",
            "geoproperty": "location",
            "georel": "invalid",
            "geometry": "Point",
            "coordinates": "[-8.503,41.202]",
        },
        {"id": f"{B1},{B2}"},
        {"idPattern": ".*"},
        {},
    ],
    ids=[
        "019_03_02_bad_id_pattern",
        "019_03_03_id_type_as_attrs",
        "019_03_04_bad_georel",
        "019_03_05_ids_alone",
        "id_pattern_alone",
        "no_parameter",
    ],
)
def test_019_03_invalid_queries(api: TestClient, two_minimal: SuiteContext, params: dict[str, str]) -> None:
    assert_problem(query(api, two_minimal.link, **params), 400, "BadRequestData")


def test_a_query_body_without_a_minimal_member_is_too_wide(
    api: TestClient, two_minimal: SuiteContext
) -> None:
    # 5.7.2.4 as 019_03_05 checks it, for POST /entityOperations/query: ids alone are not enough
    bare = {"type": "Query", "@context": two_minimal.body}
    assert_problem(
        api.post(f"{V1}/entityOperations/query", json=bare, headers=LD_JSON), 400, "BadRequestData"
    )
    local = api.post(f"{V1}/entityOperations/query", params={"local": "true"}, json=bare, headers=LD_JSON)
    assert local.status_code == 200 and ids(local) == [B1, B2]


def test_019_25_local_alone_lists_every_entity(api: TestClient, two_minimal: SuiteContext) -> None:
    assert ids(query(api, local="true")) == [B1, B2]


# -- 019_05 GeoJSON ------------------------------------------------------------------------------------------


def test_019_05_query_by_ids_as_geojson(api: TestClient, ctx: SuiteContext) -> None:
    point = {"type": "Point", "coordinates": [13.3986, 52.5547]}
    first, second = "urn:ngsi-ld:Building:019-05-01", "urn:ngsi-ld:Building:019-05-02"
    for entity_id in (first, second):
        create(
            api,
            ctx,
            minimal(entity_id, name=prop("Eiffel Tower"), location={"type": "GeoProperty", "value": point}),
        )
    response = query(api, {"Accept": GEO, **ctx.link}, id=f"{first},{second}", type=BUILDING)
    assert response.status_code == 200, response.text
    fc = response.json()
    assert fc["type"] == "FeatureCollection"
    assert [f["id"] for f in fc["features"]] == [first, second]
    for feature in fc["features"]:
        assert feature["type"] == "Feature" and feature["geometry"] == point
        assert feature["properties"]["type"] == "Building"
        assert feature["properties"]["name"] == prop("Eiffel Tower")


# -- 019_15 / 019_16 / 019_21..23 linked entities ---------------------------------------------------------


def linked_chain(api: TestClient, ctx: SuiteContext, case: str, *, levels: int, full: bool) -> None:
    """Buildings 1 and 2 of ``case``, each locatedAt its City; with ``levels`` 2 each City isInCountry."""
    for n in (1, 2):
        city, country = f"urn:ngsi-ld:City:{case}-{n}", f"urn:ngsi-ld:Country:{case}-{n}"
        create(
            api, ctx, {"id": f"urn:ngsi-ld:Building:{case}-{n}", "type": "Building", "locatedAt": rel(city)}
        )
        city_body: dict[str, Any] = {"id": city, "type": "City"}
        if full:
            city_body |= {
                "name": prop("Paris"),
                "description": prop("Paris is the capital and largest city of France"),
                "isInCountry": rel(country if levels == 2 else "urn:ngsi-ld:Country:France"),
            }
        elif levels == 2:
            city_body["locatedAt"] = rel(country)
        create(api, ctx, city_body)
        if levels == 2:
            country_body: dict[str, Any] = {"id": country, "type": "Country"}
            if full:
                country_body |= {"name": prop("France"), "description": prop("France is an European country")}
            create(api, ctx, country_body)


def test_019_15_flat_join_with_sys_attrs(api: TestClient, ctx: SuiteContext) -> None:
    linked_chain(api, ctx, "019-15", levels=1, full=False)
    params = {"type": "Building", "options": "sysAttrs", "join": "flat", "joinLevel": "1"}
    got = query(api, ctx.link, **params).json()
    assert [e["id"] for e in got] == [
        "urn:ngsi-ld:Building:019-15-1",
        "urn:ngsi-ld:Building:019-15-2",
        "urn:ngsi-ld:City:019-15-1",
        "urn:ngsi-ld:City:019-15-2",
    ]
    assert all("createdAt" in e and "modifiedAt" in e for e in got)


@pytest.mark.parametrize(
    ("join", "options"),
    [("inline", None), ("flat", None), ("inline", "keyValues"), ("flat", "keyValues")],
    ids=["019_16_01", "019_16_02", "019_16_03", "019_16_04"],
)
def test_019_16_two_level_joins(api: TestClient, ctx: SuiteContext, join: str, options: str | None) -> None:
    linked_chain(api, ctx, "019-16", levels=2, full=False)
    params = {"type": "Building", "join": join, "joinLevel": "2", **({"options": options} if options else {})}
    got = query(api, ctx.link, **params).json()
    b, c, k = (
        "urn:ngsi-ld:Building:019-16-{}",
        "urn:ngsi-ld:City:019-16-{}",
        "urn:ngsi-ld:Country:019-16-{}",
    )

    def link(target: str) -> Any:
        return target if options else rel(target)

    if join == "flat":
        assert got == [
            *({"id": b.format(n), "type": "Building", "locatedAt": link(c.format(n))} for n in (1, 2)),
            *({"id": c.format(n), "type": "City", "locatedAt": link(k.format(n))} for n in (1, 2)),
            *({"id": k.format(n), "type": "Country"} for n in (1, 2)),
        ]
        return
    for n, building_body in zip((1, 2), got, strict=True):
        country = {"id": k.format(n), "type": "Country"}
        city: dict[str, Any] = {"id": c.format(n), "type": "City"}
        if options:
            city["locatedAt"] = country
            expected = {"id": b.format(n), "type": "Building", "locatedAt": city}
        else:
            city["locatedAt"] = {**rel(k.format(n)), "entity": country}
            expected = {
                "id": b.format(n),
                "type": "Building",
                "locatedAt": {**rel(c.format(n)), "entity": city},
            }
        assert building_body == expected


PICK_OMIT_ENTITIES = (
    "urn:ngsi-ld:Building:019-17-1",
    "urn:ngsi-ld:Vehicle:019-17-2",
    "urn:ngsi-ld:Building:019-17-3",
)


@pytest.fixture
def pick_omit(api: TestClient, ctx: SuiteContext) -> SuiteContext:
    first, vehicle, third = PICK_OMIT_ENTITIES
    create(api, ctx, building(first, name=prop("Eiffel Tower")))
    create(api, ctx, {"id": vehicle, "type": "Vehicle", "brandName": prop("Mercedes")})
    create(api, ctx, building(third, name=prop("Pisa Tower"), locatedIn=rel("urn:ngsi-ld:City:Pisa")))
    return ctx


def _without(body: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k not in names}


@pytest.mark.parametrize(
    ("pick", "omit"),
    [("name", None), (None, "name"), ("id", None), (None, "id"), ("id,name", None), (None, "type,name")],
    ids=[f"019_17_0{n}" for n in range(1, 7)],
)
def test_019_17_pick_and_omit(
    api: TestClient, pick_omit: SuiteContext, pick: str | None, omit: str | None
) -> None:
    params = {
        "type": "Building,Vehicle",
        **({"pick": pick} if pick else {}),
        **({"omit": omit} if omit else {}),
    }
    response = query(api, pick_omit.link, **params)
    assert response.status_code == 200, response.text
    full = {e["id"]: e for e in query(api, pick_omit.link, type="Building,Vehicle").json()}
    assert set(full) == set(PICK_OMIT_ENTITIES)
    if pick:
        keep = pick.split(",")
        expected = [{k: v for k, v in e.items() if k in keep} for e in full.values()]
    else:
        expected = [_without(e, *(omit or "").split(",")) for e in full.values()]
    expected = [e for e in expected if e]  # an entity with nothing left is not listed (4.21)
    assert sorted(map(canonical, response.json())) == sorted(map(canonical, expected))


CITY_FULL = {
    "type": "City",
    "name": prop("Paris"),
    "description": prop("Paris is the capital and largest city of France"),
    "isInCountry": rel("urn:ngsi-ld:Country:France"),
}


@pytest.mark.parametrize(
    ("join", "omit"),
    [
        ("inline", "name"),
        ("flat", "name"),
        ("inline", "name,locatedAt{name}"),
        ("flat", "name,locatedAt{name}"),
    ],
    ids=["019_21_01", "019_21_02", "019_21_03", "019_21_04"],
)
def test_019_21_join_with_omit(api: TestClient, ctx: SuiteContext, join: str, omit: str) -> None:
    point = {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [-8.5, 41.2]}}
    street = {"type": "LanguageProperty", "languageMap": {"fr": "Grand Place", "nl": "Grote Markt"}}
    for n in (1, 2):
        city = f"urn:ngsi-ld:City:019-21-{n}"
        body = minimal(f"urn:ngsi-ld:Building:019-21-{n}", name=prop("Eiffel Tower"), locatedAt=rel(city))
        create(api, ctx, body | {"location": point, "street": street})
        create(api, ctx, {"id": city, **CITY_FULL})
    params = {"type": "Building", "join": join, "joinLevel": "1", "omit": omit, "local": "true"}
    got = query(api, ctx.link, **params).json()
    omitted_in_city = ("name",) if "{" in omit else ()
    cities = [{"id": f"urn:ngsi-ld:City:019-21-{n}", **_without(CITY_FULL, *omitted_in_city)} for n in (1, 2)]
    buildings = [
        {
            "id": f"urn:ngsi-ld:Building:019-21-{n}",
            "type": "Building",
            "locatedAt": rel(f"urn:ngsi-ld:City:019-21-{n}"),
            "location": point,
            "street": street,
        }
        for n in (1, 2)
    ]
    if join == "flat":
        assert got == [*buildings, *cities]
    else:
        assert got == [
            {**b, "locatedAt": {**b["locatedAt"], "entity": c}}
            for b, c in zip(buildings, cities, strict=True)
        ]


def _two_level_expected(
    case: str, *, city: dict[str, Any], country: dict[str, Any], building_keys: set[str]
) -> list[Any]:
    out = []
    for n in (1, 2):
        c_id, k_id = f"urn:ngsi-ld:City:{case}-{n}", f"urn:ngsi-ld:Country:{case}-{n}"
        b = {"id": f"urn:ngsi-ld:Building:{case}-{n}", "type": "Building", "locatedAt": rel(c_id)}
        out.append(
            (
                {k: v for k, v in b.items() if k in building_keys},
                {"id": c_id, **city},
                {"id": k_id, **country},
            )
        )
    return out


@pytest.mark.parametrize(
    ("join", "spec", "mode"),
    [
        ("inline", "id,locatedAt{id,name}", "pick"),
        ("flat", "id,locatedAt{id,name}", "pick"),
        ("inline", "id,locatedAt{id,name,isInCountry{id,description}}", "pick"),
        ("flat", "id,locatedAt{id,name,isInCountry{id,description}}", "pick"),
        ("inline", "type,locatedAt{name}", "omit"),
        ("flat", "type,locatedAt{name}", "omit"),
        ("inline", "type,locatedAt{name,isInCountry{description}}", "omit"),
        ("flat", "type,locatedAt{name,isInCountry{description}}", "omit"),
    ],
    ids=[f"019_22_0{n}" for n in range(1, 5)] + [f"019_23_0{n}" for n in range(1, 5)],
)
def test_019_22_and_019_23_two_level_joins_with_pick_and_omit(
    api: TestClient, ctx: SuiteContext, join: str, spec: str, mode: str
) -> None:
    case = "019-22" if mode == "pick" else "019-23"
    linked_chain(api, ctx, case, levels=2, full=True)
    params = {"type": "Building", "join": join, "joinLevel": "2", mode: spec, "local": "true"}
    got = query(api, ctx.link, **params).json()
    country_full = {
        "type": "Country",
        "name": prop("France"),
        "description": prop("France is an European country"),
    }
    city_full = {
        "type": "City",
        "name": prop("Paris"),
        "description": prop("Paris is the capital and largest city of France"),
    }
    second = "isInCountry" in spec
    if mode == "pick":
        building_keys = {"id", "locatedAt"}
        city = {"name": city_full["name"]}
        country = {"description": country_full["description"]} if second else country_full
        with_rel_in_city = second
    else:
        building_keys = {"id", "locatedAt"}
        city = _without(city_full, "name")
        country = _without(country_full, "description") if second else country_full
        with_rel_in_city = True
    rows = _two_level_expected(case, city=city, country=country, building_keys=building_keys)
    if join == "flat":
        expected: list[Any] = [b for b, _, _ in rows]
        for _, c, k in rows:
            if with_rel_in_city:
                c["isInCountry"] = rel(k["id"])
        expected += [c for _, c, _ in rows]
        if with_rel_in_city:
            expected += [k for _, _, k in rows]
        assert sorted(map(canonical, got)) == sorted(map(canonical, expected))
        return
    expected = []
    for b, c, k in rows:
        if with_rel_in_city:
            c["isInCountry"] = {**rel(k["id"]), "entity": k}
        expected.append({**b, "locatedAt": {**b["locatedAt"], "entity": c}})
    assert got == expected


# -- transient entities (4.22): gone for queries before the sweep purges them --------------------------------


def test_expired_transient_entities_are_not_listed(api: TestClient) -> None:
    past = (datetime.now(UTC) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    bodies = [
        {"id": "urn:ngsi-ld:Vehicle:t0", "type": "Vehicle", "expiresAt": past, "speed": prop(1)},
        {
            "id": "urn:ngsi-ld:Vehicle:t1",
            "type": "Vehicle",
            "expiresAt": "2100-01-01T00:00:00Z",
            "speed": prop(2),
        },
        {
            "id": "urn:ngsi-ld:Vehicle:t2",
            "type": "Vehicle",
            "speed": prop(3),
            "parkedAt": rel("urn:ngsi-ld:Lot:gone"),
        },
        {"id": "urn:ngsi-ld:Lot:gone", "type": "Lot", "expiresAt": past},
    ]
    for body in bodies:
        assert api.post(f"{V1}/entities/", json=body, headers=JSON).status_code == 201
    live = ["urn:ngsi-ld:Vehicle:t1", "urn:ngsi-ld:Vehicle:t2"]
    assert ids(query(api, type="Vehicle")) == live
    counted = query(api, type="Vehicle", count="true", limit="1")
    assert counted.headers["NGSILD-Results-Count"] == "2" and ids(counted) == live[:1]
    assert ids(query(api, type="Vehicle", offset="1")) == live[1:]
    assert ids(query(api, type="Vehicle,Lot", q="speed>0|parkedAt")) == live  # filtered in the store
    assert ids(query(api, local="true", scopeQ="/#")) == []
    assert ids(query(api, type="Vehicle", orderBy="speed")) == live
    assert query(api, type="Lot", count="true", limit="0").headers["NGSILD-Results-Count"] == "0"
    posted = post_query(api, {"entities": [{"type": "Vehicle"}, {"type": "Lot"}]}, count="true")
    assert ids(posted) == live and posted.headers["NGSILD-Results-Count"] == "2"
    flat = query(api, type="Vehicle", join="flat", joinLevel="1").json()
    assert [e["id"] for e in flat] == live  # the expired entity a relationship names is not joined
    # Retrieval agrees; the sweeper then purges what queries already hid.
    assert_problem(api.get(f"{V1}/entities/urn:ngsi-ld:Lot:gone"), 404, "ResourceNotFound")
    assert api.app.state.expiry.sweep() == 2  # type: ignore[attr-defined]
    assert ids(query(api, type="Vehicle,Lot")) == live


# -- EntityMaps (V1.8 5.2.38, options=entityMap; ETSI TP 5714_01's map semantics on queries) ----------------


def test_entity_map_of_a_local_query(api: TestClient, two_minimal: SuiteContext) -> None:
    assert "NGSILD-EntityMap" not in query(api, type=BUILDING).headers  # only when asked for
    first = query(api, type=BUILDING, options="entityMap", limit="1")
    assert ids(first) == [B1]
    made = first.headers["NGSILD-EntityMap"]
    map_id = made.rsplit("/", 1)[-1]
    got = api.get(f"{V1}/entityMaps/{map_id}")
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["id"] == map_id and body["type"] == "EntityMap" and body["expiresAt"].endswith("Z")
    assert body["entityMap"] == {B1: ["@none"], B2: ["@none"]}  # every match, each held by this broker
    # The next page names the live map: it is used and echoed.
    second = query(api, {"NGSILD-EntityMap": made}, type=BUILDING, limit="1", offset="1")
    assert ids(second) == [B2] and second.headers["NGSILD-EntityMap"] == made
    # A dead reference is no error: a new map is made, and the dead one is not echoed.
    dead = query(api, {"NGSILD-EntityMap": "urn:ngsi-ld:entitymap:dead"}, type=BUILDING)
    assert dead.status_code == 200 and "dead" not in dead.headers["NGSILD-EntityMap"]
    posted = post_query(api, {"entities": [{"type": BUILDING}]}, entityMap="true")
    assert posted.headers["NGSILD-EntityMap"] not in (made, dead.headers["NGSILD-EntityMap"])
    # Its lifetime can be moved forward, not into the past; deleted, it is gone.
    path = f"{V1}/entityMaps/{map_id}"
    assert_problem(
        api.patch(path, json={"expiresAt": "2020-01-01T00:00:00Z"}, headers=JSON), 400, "BadRequestData"
    )
    assert api.patch(path, json={"expiresAt": "2100-01-01T00:00:00Z"}, headers=JSON).status_code == 204
    assert api.get(path).json()["expiresAt"] == "2100-01-01T00:00:00Z"
    assert api.delete(path).status_code == 204
    assert_problem(api.get(path), 404, "ResourceNotFound")
    assert_problem(api.delete(path), 404, "ResourceNotFound")
