"""ETSI NGSI-LD test suite cases for consumption (018 Retrieve Entity, 019 Query Entities, discovery 022-027),
paging links and the common behaviours not replayed elsewhere, with the suite's request shapes. Both backends.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.api.conftest import V1
from tests.api.etsi_support import LD_JSON, SuiteContext, assert_problem, building

GEO = "application/geo+json"


def create(api: TestClient, body: dict[str, Any]) -> None:
    response = api.post(f"{V1}/entities/", json=body, headers=LD_JSON)
    assert response.status_code == 201, response.text


def retrieve(api: TestClient, ctx: SuiteContext, entity_id: str, **params: str) -> Any:
    accept = params.pop("accept", None)
    headers = {**ctx.link, **({"Accept": accept} if accept else {})}
    return api.get(f"{V1}/entities/{entity_id}", params=params, headers=headers)


# -- 018 Retrieve Entity ---------------------------------------------------------------------------------


@pytest.mark.parametrize("member", ["observationSpace", "operationSpace"])
@pytest.mark.parametrize("options", ["keyValues", None], ids=["01_simplified", "02_normalized"])
def test_018_08_and_018_09_geospatial_space_properties(
    api: TestClient, ctx: SuiteContext, member: str, options: str | None
) -> None:
    point = {"type": "Point", "coordinates": [13.3986, 52.5547]}
    entity_id = "urn:ngsi-ld:Building:018-08"
    create(
        api,
        {
            "id": entity_id,
            "type": "Building",
            member: {"type": "GeoProperty", "value": point},
            "@context": ctx.body,
        },
    )
    response = retrieve(api, ctx, entity_id, **({"options": options} if options else {}))
    assert response.status_code == 200, response.text
    expected = point if options else {"type": "GeoProperty", "value": point}
    assert response.json() == {"id": entity_id, "type": "Building", member: expected}


@pytest.mark.parametrize(
    "params",
    [{"pick": "unknown"}, {"omit": "id,type,name,subCategory,airQualityLevel,almostFull"}],
    ids=["018_19_01_unmatched_pick", "018_19_02_full_omit"],
)
def test_018_19_nothing_left_after_pick_and_omit(
    api: TestClient, ctx: SuiteContext, params: dict[str, str]
) -> None:
    entity_id = "urn:ngsi-ld:Building:018-19"
    create(api, building(entity_id, ctx))
    response = retrieve(api, ctx, entity_id, accept="application/json", **params)
    assert_problem(response, 404, "ResourceNotFound")


@pytest.mark.parametrize(
    ("which", "lang", "expected_lang", "expected_value"),
    [
        ("plain", "fr;q=0.2,nl;q=0.9", "nl", "Grote Markt"),
        ("plain", "FR", "fr", "Grand Place"),
        ("plain", "nl-BE", "nl", "Grote Markt"),
        ("regional", "en", "en-US", "Main Square"),
        ("plain", "pt", None, None),
    ],
    ids=["415_01_01", "415_01_02", "415_01_03", "415_01_04", "415_01_05"],
)
def test_415_01_language_filter(
    api: TestClient,
    ctx: SuiteContext,
    which: str,
    lang: str,
    expected_lang: str | None,
    expected_value: str | None,
) -> None:
    maps = {
        "plain": {"fr": "Grand Place", "nl": "Grote Markt"},
        "regional": {"en-US": "Main Square", "de": "Hauptplatz"},
    }
    entity_id = f"urn:ngsi-ld:Building:415-{which}"
    street = {"type": "LanguageProperty", "languageMap": maps[which]}
    create(api, {"id": entity_id, "type": "Building", "street": street, "@context": ctx.body})
    response = retrieve(api, ctx, entity_id, accept="application/ld+json", lang=lang)
    assert response.status_code == 200, response.text
    got = response.json()["street"]
    assert got["type"] == "Property" and "languageMap" not in got
    if expected_lang is None:
        assert got.get("lang") in maps[which] and got["value"] == maps[which][got["lang"]]
    else:
        assert (got.get("lang"), got["value"]) == (expected_lang, expected_value)


def test_421_01_pipe_and_comma_projections(api: TestClient, ctx: SuiteContext) -> None:
    entity_id = "urn:ngsi-ld:Building:421-01"
    create(api, building(entity_id, ctx))
    comma = retrieve(api, ctx, entity_id, pick="name,airQualityLevel")
    pipe = retrieve(api, ctx, entity_id, pick="name|airQualityLevel")
    assert comma.status_code == pipe.status_code == 200
    assert comma.json() == pipe.json()
    assert "name" in pipe.json() and "subCategory" not in pipe.json()
    assert retrieve(api, ctx, entity_id, pick="name||airQualityLevel").status_code == 400  # 421_01_02


def vehicle(entity_id: str, ctx: SuiteContext, **attrs: Any) -> dict[str, Any]:
    return {"id": entity_id, "type": "Vehicle", "@context": [ctx.url], **attrs}


TWO_LOCATIONS = [
    {
        "type": "GeoProperty",
        "value": {"type": "Point", "coordinates": [9.0, 9.0]},
        "datasetId": "urn:ngsi-ld:Dataset:gps",
    },
    {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [1.0, 2.0]}},
]
SPEED = {"type": "Property", "value": 5}


def test_4516_01_01_feature_with_the_default_instance_geometry(api: TestClient, ctx: SuiteContext) -> None:
    entity_id = "urn:ngsi-ld:Vehicle:4516-01"
    create(api, vehicle(entity_id, ctx, location=TWO_LOCATIONS, speed=SPEED))
    body = retrieve(api, ctx, entity_id, accept=GEO).json()
    assert (body["type"], body["id"]) == ("Feature", entity_id)
    assert body["geometry"] == {"type": "Point", "coordinates": [1.0, 2.0]}
    assert body["properties"]["type"] == "Vehicle"
    assert "id" not in body["properties"] and "speed" in body["properties"]


def test_4516_01_02_missing_or_non_geometry_property_is_null(api: TestClient, ctx: SuiteContext) -> None:
    entity_id = "urn:ngsi-ld:Vehicle:4516-02"
    create(api, vehicle(entity_id, ctx, speed=SPEED))
    speed = retrieve(api, ctx, entity_id, accept=GEO, geometryProperty="speed")
    assert speed.status_code == 200 and speed.json()["geometry"] is None
    assert retrieve(api, ctx, entity_id, accept=GEO).json()["geometry"] is None


def test_4516_01_03_feature_collection_for_query(api: TestClient, ctx: SuiteContext) -> None:
    entity_id = "urn:ngsi-ld:Vehicle:4516-03"
    create(api, vehicle(entity_id, ctx, location=TWO_LOCATIONS[1]))
    headers = {"Accept": GEO, **ctx.link}
    response = api.get(f"{V1}/entities/", params={"type": "Vehicle", "id": entity_id}, headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 1
    assert body["features"][0]["type"] == "Feature" and "@context" not in body["features"][0]


def test_4517_01_simplified_feature(api: TestClient, ctx: SuiteContext) -> None:
    entity_id = "urn:ngsi-ld:Vehicle:4517-01"
    locations = [
        TWO_LOCATIONS[0],
        {**TWO_LOCATIONS[1], "value": {"type": "Point", "coordinates": [3.0, 4.0]}},
    ]
    create(api, vehicle(entity_id, ctx, location=locations, speed=SPEED))
    response = retrieve(api, ctx, entity_id, accept=GEO, options="keyValues")
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "Feature"
    assert body["geometry"] == {"type": "Point", "coordinates": [3.0, 4.0]}
    props = body["properties"]
    assert props["speed"] == 5
    assert list(props["location"]) == ["dataset"]
    assert sorted(props["location"]["dataset"]) == ["@none", "urn:ngsi-ld:Dataset:gps"]
    assert not [k for k, v in props.items() if isinstance(v, dict) and "type" in v and "value" in v]


def test_454_01_simplified_representation_per_attribute_type(api: TestClient, ctx: SuiteContext) -> None:
    entity_id = "urn:ngsi-ld:Vehicle:454-01"
    attrs = {
        "speed": [
            {"type": "Property", "value": 55},
            {"type": "Property", "value": 11, "datasetId": "urn:ngsi-ld:Dataset:gps"},
        ],
        "brandName": {"type": "LanguageProperty", "languageMap": {"en": "hi"}},
        "street": {"type": "JsonProperty", "json": {"a": 1}},
        "category": {"type": "VocabProperty", "vocab": "non-commercial"},
        "tyreTreadDepths": {"type": "ListProperty", "valueList": [1.2, 3.4]},
        "isParked": {"type": "Relationship", "object": "urn:ngsi-ld:OffStreetParking:1"},
        "route": {"type": "ListRelationship", "objectList": ["urn:ngsi-ld:Road:1", "urn:ngsi-ld:Road:2"]},
    }
    create(api, vehicle(entity_id, ctx, **attrs))
    response = retrieve(api, ctx, entity_id, options="keyValues")
    assert response.status_code == 200
    body = response.json()
    assert body["brandName"] == {"languageMap": {"en": "hi"}}
    assert body["street"] == {"json": {"a": 1}}
    assert body["category"] == {"vocab": "non-commercial"}
    assert body["tyreTreadDepths"] == [1.2, 3.4]
    assert body["isParked"] == "urn:ngsi-ld:OffStreetParking:1"
    assert body["route"] == ["urn:ngsi-ld:Road:1", "urn:ngsi-ld:Road:2"]
    assert body["speed"] == {"dataset": {"@none": 55, "urn:ngsi-ld:Dataset:gps": 11}}


# -- 019 Query Entities: projections, scopes, ordering ---------------------------------------------------

TWO_HOPS = "locatedAt{owner{name}}"
ELEVEN_HOPS = "a{" * 11 + "name" + "}" * 11


@pytest.mark.parametrize(
    ("pick", "omit", "join", "level"),
    [
        (TWO_HOPS, None, "inline", "1"),
        (None, TWO_HOPS, "inline", "1"),
        (TWO_HOPS, None, None, None),
        (ELEVEN_HOPS, None, "inline", "10"),
        (None, ELEVEN_HOPS, "inline", "10"),
    ],
    ids=["019_33_01", "019_33_02", "019_33_03", "019_33_04", "019_33_05"],
)
def test_019_33_nested_projection_past_the_join_level(
    api: TestClient,
    ctx: SuiteContext,
    pick: str | None,
    omit: str | None,
    join: str | None,
    level: str | None,
) -> None:
    given = {"type": "Building", "pick": pick, "omit": omit, "join": join, "joinLevel": level}
    params = {k: v for k, v in given.items() if v is not None}
    assert_problem(api.get(f"{V1}/entities", params=params, headers=ctx.link), 400, "BadRequestData")


@pytest.mark.parametrize(
    ("scope_q", "count"),
    [
        ("(/Madrid/Gardens/ParqueNorte;/CompanyA/OrganizationB/UnitC)", 1),
        ("(/Madrid/Gardens/ParqueNorte;/CompanyA/OrganizationB/UnitC)|/Madrid/Gardens/ParqueNorte", 2),
        ("/CompanyA/OrganizationB/UnitC|/Nowhere/AtAll", 1),
        ("(/Madrid/Gardens/ParqueNorte;/Nowhere/AtAll)", 0),
    ],
    ids=["019_34_01", "019_34_02", "019_34_03", "019_34_04"],
)
def test_019_34_scope_disjunctions_and_groups(
    api: TestClient, ctx: SuiteContext, scope_q: str, count: int
) -> None:
    json_link = {"Content-Type": "application/json", **ctx.link}
    for n, scope in enumerate(
        ["/Madrid/Gardens/ParqueNorte", ["/Madrid/Gardens/ParqueNorte", "/CompanyA/OrganizationB/UnitC"]]
    ):
        body = {"id": f"urn:ngsi-ld:Building:019-34-{n}", "type": "Building", "scope": scope}
        assert api.post(f"{V1}/entities", json=body, headers=json_link).status_code == 201
    params = {"scopeQ": scope_q, "type": "https://ngsi-ld-test-suite/context#Building"}
    response = api.get(f"{V1}/entities", params=params)
    assert response.status_code == 200, response.text
    assert len(response.json()) == count


@pytest.fixture
def ordered(api: TestClient, ctx: SuiteContext) -> str:
    """The 423_01 buildings: near/mid/far from [8,40], a number / a string / no rankProbe, cities A/B/Z."""
    prefix = "urn:ngsi-ld:Building:42301"
    rows = [
        ("near", [8.01, 40.01], 5, "Amsterdam"),
        ("mid", [9, 41], "abc", "Berlin"),
        ("far", [10, 45], None, "Zurich"),
    ]
    for suffix, point, probe, city in rows:
        body: dict[str, Any] = {
            "id": prefix + suffix,
            "type": "Building",
            "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": point}},
            "address": {"type": "Property", "value": {"city": city}},
        }
        if probe is not None:
            body["rankProbe"] = {"type": "Property", "value": probe}
        headers = {"Content-Type": "application/json", **ctx.link}
        assert api.post(f"{V1}/entities", json=body, headers=headers).status_code == 201
    return prefix


def order(api: TestClient, ctx: SuiteContext, prefix: str, order_by: str, **extra: str) -> Any:
    params = {"type": "Building", "idPattern": prefix + ".*", "orderBy": order_by, **extra}
    return api.get(f"{V1}/entities", params=params, headers=ctx.link)


def test_423_01_entity_ordering(api: TestClient, ctx: SuiteContext, ordered: str) -> None:
    def ids(order_by: str, **extra: str) -> list[str]:
        response = order(api, ctx, ordered, order_by, **extra)
        assert response.status_code == 200, response.text
        return [e["id"].removeprefix(ordered) for e in response.json()]

    assert ids("location;dist-asc", orderFrom="[8,40]") == ["near", "mid", "far"]  # 423_01_01
    assert ids("location;dist-desc", orderFrom="[8,40]") == ["far", "mid", "near"]
    assert order(api, ctx, ordered, "location;dist-asc").status_code == 400  # 423_01_02
    assert ids("rankProbe") == ["near", "mid", "far"]  # 423_01_03
    assert ids("address[city];desc")[0] == "far"  # 423_01_04


def test_4233_01_collation(api: TestClient) -> None:
    for suffix, name in (("A", "A"), ("b", "b"), ("acc", "á")):
        body = {
            "id": f"urn:ngsi-ld:Vehicle:coll4233{suffix}",
            "type": "Vehicle",
            "name": {"type": "Property", "value": name},
        }
        assert api.post(f"{V1}/entities", json=body).status_code == 201
    params = {"type": "Vehicle", "idPattern": "coll4233", "orderBy": "name"}
    names = [e["name"]["value"] for e in api.get(f"{V1}/entities", params=params).json()]
    assert names == ["A", "b", "á"]  # 4233_01_01: codepoint order by default
    collated = api.get(f"{V1}/entities", params={**params, "collation": "und"})
    assert collated.status_code == 200, collated.text
    assert [e["name"]["value"] for e in collated.json()] == ["A", "á", "b"]
    bad = api.get(f"{V1}/entities", params={"type": "Vehicle", "orderBy": "name", "collation": "!!nope"})
    assert_problem(bad, 400, "BadRequestData")  # 4233_01_02


@pytest.mark.parametrize(
    ("ordering", "status"),
    [
        ({"orderBy": ["location;dist-asc"], "coordinates": [8, 40], "geometry": "Point"}, 200),
        ({"orderBy": ["location;dist-asc"]}, 400),
        ({"orderBy": ["location;dist-asc"], "coordinates": "8,40"}, 400),
        ({"orderBy": ["id;asc"], "geometry": 5}, 400),
        ({"orderBy": ["id;asc"], "collation": "de-u-co-phonebk"}, 400),
    ],
    ids=["5243_01_01", "5243_01_02", "5243_01_03", "5243_01_04", "5243_01_05"],
)
def test_5243_01_ordering_params(api: TestClient, ordering: dict[str, Any], status: int) -> None:
    for suffix, point in (("near", [8.01, 40.01]), ("far", [10.0, 45.0])):
        body = {
            "id": f"urn:ngsi-ld:Vehicle:52430-{suffix}",
            "type": "Vehicle",
            "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": point}},
        }
        assert api.post(f"{V1}/entities", json=body).status_code == 201
    query = {"type": "Query", "entities": [{"type": "Vehicle"}], "ordering": ordering}
    response = api.post(f"{V1}/entityOperations/query", json=query)
    assert response.status_code == status, response.text
    if status == 200:
        assert [e["id"][-4:] for e in response.json()] == ["near", "-far"]


# -- discovery: 026, 5710, 577 ---------------------------------------------------------------------------

ATTRS = ["name", "subCategory", "airQualityLevel", "almostFull"]


@pytest.mark.parametrize("with_context", [False, True], ids=["026_01_01_without", "026_01_02_with"])
def test_026_01_attribute_details(api: TestClient, ctx: SuiteContext, with_context: bool) -> None:
    body = building("urn:ngsi-ld:Building:026-01")
    assert (
        api.post(
            f"{V1}/entities", json=body, headers={"Content-Type": "application/json", **ctx.link}
        ).status_code
        == 201
    )
    response = api.get(
        f"{V1}/attributes", params={"details": "true"}, headers=ctx.link if with_context else {}
    )
    assert response.status_code == 200, response.text
    vocab = "https://ngsi-ld-test-suite/context#"
    expected = [
        {
            "id": vocab + a,
            "type": "Attribute",
            "attributeName": a if with_context else vocab + a,
            "typeNames": ["Building" if with_context else vocab + "Building"],
        }
        for a in ATTRS
    ]
    assert sorted(response.json(), key=lambda d: d["id"]) == sorted(expected, key=lambda d: d["id"])


def test_5710_01_unknown_attribute_and_undefined_parameters(api: TestClient, ctx: SuiteContext) -> None:
    create(api, building("urn:ngsi-ld:Building:5710-01", ctx))
    assert_problem(
        api.get(f"{V1}/attributes/noSuchAttribute12345", headers=ctx.link), 404, "ResourceNotFound"
    )
    for path in ("attributes?limit=5", "attributes/temperature?details=true"):  # 5710_01_03
        assert_problem(api.get(f"{V1}/{path}"), 400, "InvalidRequest")


def test_577_01_unknown_type_and_undefined_parameter(api: TestClient, ctx: SuiteContext) -> None:
    create(api, building("urn:ngsi-ld:Building:577-01", ctx))
    assert_problem(api.get(f"{V1}/types/NoSuchType12345", headers=ctx.link), 404, "ResourceNotFound")
    assert_problem(api.get(f"{V1}/types/Building?details=true"), 400, "InvalidRequest")  # 577_01_02


# -- common behaviours: tenancy (414, 5510) and the source identity (061) --------------------------------


def test_414_01_tenant_isolation_and_echo(api: TestClient, ctx: SuiteContext) -> None:
    entity_id = "urn:ngsi-ld:Vehicle:414-01"
    body = {"id": entity_id, "type": "Vehicle", "speed": {"type": "Property", "value": 80}}
    headers = {"Content-Type": "application/json", **ctx.link}
    created = api.post(f"{V1}/entities", json=body, headers={**headers, "NGSILD-Tenant": "tp414a"})
    assert created.status_code == 201 and created.headers.get("NGSILD-Tenant") == "tp414a"
    got = api.get(f"{V1}/entities/{entity_id}", headers={**ctx.link, "NGSILD-Tenant": "tp414a"})
    assert got.status_code == 200 and got.headers.get("NGSILD-Tenant") == "tp414a"
    assert api.get(f"{V1}/entities/{entity_id}", headers=ctx.link).status_code == 404
    seed = {**body, "id": "urn:ngsi-ld:Vehicle:414-02"}  # 414_01_02
    assert (
        api.post(f"{V1}/entities", json=seed, headers={**headers, "NGSILD-Tenant": "tp414b"}).status_code
        == 201
    )
    assert (
        api.get(f"{V1}/entities/{entity_id}", headers={**ctx.link, "NGSILD-Tenant": "tp414b"}).status_code
        == 404
    )


def test_5510_01_nonexistent_tenant(api: TestClient) -> None:
    tenant = {"NGSILD-Tenant": "tp5510x"}
    missing = api.get(f"{V1}/entities", params={"type": "Building"}, headers=tenant)
    assert_problem(missing, 404, "NonexistentTenant")
    assert missing.headers["NGSILD-Tenant"] == "tp5510x"
    body = {"id": "urn:ngsi-ld:Vehicle:5510", "type": "Building"}
    created = api.post(f"{V1}/entities", json=body, headers=tenant)
    assert created.status_code == 201 and created.headers["NGSILD-Tenant"] == "tp5510x"
    found = api.get(f"{V1}/entities", params={"type": "Building"}, headers=tenant)
    assert found.status_code == 200 and [e["id"] for e in found.json()] == [body["id"]]
    assert api.get(f"{V1}/entities", params={"type": "Building"}).status_code == 200  # 5510_01_02


def test_061_01_01_to_04_source_identity(api: TestClient) -> None:
    def identity(tenant: str | None = None) -> dict[str, Any]:
        headers = {"Accept": "application/json", **({"NGSILD-Tenant": tenant} if tenant else {})}
        response = api.get(f"{V1}/info/sourceIdentity", headers=headers)
        assert response.status_code == 200, response.text
        return dict(response.json())

    body = identity()
    assert body["type"] == "ContextSourceIdentity" and body["id"].startswith("urn:")
    assert body["contextSourceAlias"]
    assert re.match(
        r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?!$)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$",
        body["contextSourceUptime"],
    )
    assert re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$", body["contextSourceTimeAt"])


# -- /jsonldContexts: a hosted @context belongs to its tenant (5134) -------------------------------------


def test_5134_01_hosted_context_is_private_to_its_tenant(api: TestClient) -> None:
    a, b = {"NGSILD-Tenant": "tp5134a"}, {"NGSILD-Tenant": "tp5134b"}
    term = "TenantPrivateTerm"
    added = api.post(
        f"{V1}/jsonldContexts", json={"@context": {term: f"urn:ngsi-ld:attributes:{term}"}}, headers=a
    )
    assert added.status_code == 201, added.text
    local_id = added.headers["location"].rsplit("/", 1)[-1]
    assert api.post(f"{V1}/jsonldContexts", json={"@context": {"x": "urn:x"}}, headers=b).status_code == 201
    served = api.get(f"{V1}/jsonldContexts/{local_id}", headers=b)  # 5134_01_01
    assert served.status_code == 404 and term not in served.text
    assert (
        api.get(f"{V1}/jsonldContexts/{local_id}", params={"details": "true"}, headers=b).status_code == 404
    )
    mine = api.get(f"{V1}/jsonldContexts/{local_id}", headers=a)
    assert mine.status_code == 200 and term in mine.text
    for params in ({"details": "true"}, {}):  # 5134_01_02
        listed = api.get(f"{V1}/jsonldContexts", params=params, headers=b)
        assert listed.status_code == 200 and local_id not in listed.text
    assert api.delete(f"{V1}/jsonldContexts/{local_id}", headers=b).status_code == 404  # 5134_01_03
    assert term in api.get(f"{V1}/jsonldContexts/{local_id}", headers=a).text
    assert api.delete(f"{V1}/jsonldContexts/{local_id}", headers=a).status_code == 204


# -- 019_18 projection errors, 019_26 type wildcard, 019_27 geometryProperty, 019_28 q lists and ranges ----


@pytest.mark.parametrize(
    ("pick", "omit", "attrs"),
    [
        ("name", "name", None),
        ("name", None, "category"),
        (None, "name", "category"),
        ("id;name", None, None),
        ("id,locatedAt{name", None, None),
        ("id,locatedAt{{name}", None, None),
        ("id,,name", None, None),
        ("id,locatedAt{,name}", None, None),
        ("id,locatedAt{}", None, None),
    ],
    ids=[f"019_18_0{n}" for n in range(1, 10)],
)
def test_019_18_invalid_pick_and_omit(
    api: TestClient, ctx: SuiteContext, pick: str | None, omit: str | None, attrs: str | None
) -> None:
    create(api, building("urn:ngsi-ld:Building:019-18-1", ctx))
    given = {"type": "Building,Vehicle", "pick": pick, "omit": omit, "attrs": attrs}
    params = {k: v for k, v in given.items() if v is not None}
    assert_problem(api.get(f"{V1}/entities", params=params, headers=ctx.link), 400, "BadRequestData")


def test_019_26_type_wildcard(api: TestClient, ctx: SuiteContext) -> None:
    create(api, building("urn:ngsi-ld:Building:019-26", ctx))
    create(
        api, vehicle("urn:ngsi-ld:Vehicle:019-26", ctx, brandName={"type": "Property", "value": "Mercedes"})
    )
    every = api.get(f"{V1}/entities", params={"type": "*"}, headers=ctx.link)
    assert every.status_code == 200
    assert {"urn:ngsi-ld:Building:019-26", "urn:ngsi-ld:Vehicle:019-26"} <= {e["id"] for e in every.json()}
    refused = api.get(f"{V1}/entities", params={"type": "*", "local": "false"}, headers=ctx.link)
    assert_problem(refused, 400, "BadRequestData")  # 019_26_02


def test_019_27_geometry_property_and_local_ordering(api: TestClient, ctx: SuiteContext) -> None:
    create(api, building("urn:ngsi-ld:Building:019-27", ctx))
    params = {"type": "Building", "geometryProperty": "location"}
    plain = api.get(f"{V1}/entities", params=params, headers={"Accept": "application/json", **ctx.link})
    assert_problem(plain, 400, "BadRequestData")
    geo = api.get(f"{V1}/entities", params=params, headers={"Accept": GEO, **ctx.link})
    assert geo.status_code == 200  # 019_27_02
    for extra in ({}, {"local": "true"}):  # 019_27_03
        ordered = api.get(
            f"{V1}/entities", params={"type": "Building", "orderBy": "name", **extra}, headers=ctx.link
        )
        assert ordered.status_code == 200, ordered.text


@pytest.mark.parametrize(
    ("q", "status", "count"),
    [
        ("airQualityLevel==4..5", 200, "1"),
        ("airQualityLevel!=4..5", 200, "1"),
        ('name=="Eiffel Tower","Pisa Tower"', 200, "2"),
        ('name!="Eiffel Tower","Big Ben"', 200, "1"),
        ('name!~="^Eiffel"', 200, "1"),
        ("airQualityLevel>4..5", 400, None),
    ],
    ids=[f"019_28_0{n}" for n in range(1, 7)],
)
def test_019_28_value_lists_ranges_and_not_pattern(
    api: TestClient, ctx: SuiteContext, q: str, status: int, count: str | None
) -> None:
    for n, (name, level) in enumerate((("Eiffel Tower", 4), ("Pisa Tower", 6))):
        body = building(f"urn:ngsi-ld:Building:019-28-{n}", ctx, name={"type": "Property", "value": name})
        body["airQualityLevel"] = {"type": "Property", "value": level}
        create(api, body)
    response = api.get(
        f"{V1}/entities", params={"type": "Building", "q": q, "count": "true"}, headers=ctx.link
    )
    assert response.status_code == status, response.text
    if count is not None:
        assert response.headers["NGSILD-Results-Count"] == count


# -- 019_30 geoquery edges ---------------------------------------------------------------------------------

HOLED = "[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]"


def point(lng: float, lat: float) -> dict[str, Any]:
    return {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [lng, lat]}}


@pytest.mark.parametrize(
    ("georel", "geometry", "coordinates", "status", "count", "geoproperty"),
    [
        ("near;maxDistance==0", "Point", "[8,40]", 400, None, None),
        ("near;maxDistance==-100", "Point", "[8,40]", 400, None, None),
        ("near;maxDistance==5;minDistance==1", "Point", "[8,40]", 400, None, None),
        ("near", "Point", "[8,40]", 400, None, None),
        ("touches", "Point", "[8,40]", 400, None, None),
        ("within", "Polygon", HOLED, 200, "1", None),
        ("near;maxDistance==2000", "Point", "[8,40]", 200, "1", "observationSpace"),
        ("near;maxDistance==2000", "Point", "[8,40]", 200, "0", None),
        ("near;maxDistance==2000", "LineString", "[[0,60],[10,60]]", 200, "1", None),
        ("near;maxDistance==2000", "LineString", "[[0,61],[10,61]]", 200, "0", None),
        ("near;maxDistance==20000", "Point", "[0,85]", 200, "1", None),
        ("near;maxDistance==5000", "Point", "[0,85]", 200, "0", None),
        ("near;maxDistance==inf", "Point", "[8,40]", 400, None, None),
        ("near;maxDistance==1e400", "Point", "[8,40]", 400, None, None),
    ],
    ids=[f"019_30_{n:02d}" for n in range(1, 15)],
)
def test_019_30_geoquery_edges(
    api: TestClient,
    ctx: SuiteContext,
    georel: str,
    geometry: str,
    coordinates: str,
    status: int,
    count: str | None,
    geoproperty: str | None,
) -> None:
    probes = {
        "hole": {"location": point(5, 5), "observationSpace": point(8.001, 40.001)},
        "shell": {"location": point(2, 2)},
        "highlat": {
            "location": {
                "type": "GeoProperty",
                "value": {"type": "LineString", "coordinates": [[1, 85], [0, 85.6]]},
            }
        },
        "east": {"location": point(10, 60.009)},
    }
    for name, attrs in probes.items():
        create(
            api,
            {"id": f"urn:ngsi-ld:Building:019-30-{name}", "type": "Building", **attrs, "@context": ctx.body},
        )
    params = {
        "type": "Building",
        "georel": georel,
        "geometry": geometry,
        "coordinates": coordinates,
        "count": "true",
    }
    if geoproperty:
        params["geoproperty"] = geoproperty
    response = api.get(f"{V1}/entities", params=params, headers=ctx.link)
    assert response.status_code == status, response.text
    if count is not None:
        assert response.headers["NGSILD-Results-Count"] == count


# -- 019_19 orderBy (4.23) -------------------------------------------------------------------------------

ASC = ["urn:ngsi-ld:Building:1", "urn:ngsi-ld:Building:2", "urn:ngsi-ld:Building:3"]
CREATED = [ASC[1], ASC[0], ASC[2]]


@pytest.mark.parametrize(
    ("order_by", "expected"),
    [
        ("name", ASC),
        ("id", ASC),
        ("createdAt", CREATED),
        ("name.createdAt", CREATED),
        ("name.subProperty", ASC),
        ("name;asc", ASC),
        ("name;desc", ASC[::-1]),
        ("type,name", ASC),
        ("type;asc,name.subProperty;desc,name;asc", ASC[::-1]),
    ],
    ids=[f"019_19_0{n}" for n in range(1, 10)],
)
def test_019_19_order_by(api: TestClient, ctx: SuiteContext, order_by: str, expected: list[str]) -> None:
    for n in (2, 1, 3):  # created in this order
        body = {
            "id": f"urn:ngsi-ld:Building:{n}",
            "type": "Building",
            "name": {
                "type": "Property",
                "value": "ABC"[n - 1],
                "subProperty": {"type": "Property", "value": n},
            },
            "@context": ctx.body,
        }
        create(api, body)
    response = api.get(f"{V1}/entities", params={"type": "Building", "orderBy": order_by}, headers=ctx.link)
    assert response.status_code == 200, response.text
    assert [e["id"] for e in response.json()] == expected
