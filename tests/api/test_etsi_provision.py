"""ETSI NGSI-LD test suite cases for the Provision sections (CreateEntity extension TPs 451-471, 521, 5232,
554, 555, 557; entity attributes 010-013, 055, 558-565; batch 003-006, 057), replayed in-process with the
suite's exact request shapes. Cases already replayed in test_etsi_entities/test_etsi_query are not repeated.
Both backends.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.api.conftest import V1
from tests.api.etsi_support import JSON, LD_JSON, SuiteContext, assert_problem

V1_ID = "urn:ngsi-ld:Vehicle:0000000000000001"
ENTITIES = f"{V1}/entities/"


def vehicle(ctx: SuiteContext, entity_id: str = V1_ID, **attrs: Any) -> dict[str, Any]:
    """A Vehicle body as the extension TPs build it: id, type, the suite @context, then the attributes."""
    return {"id": entity_id, "type": "Vehicle", "@context": [ctx.url], **attrs}


def create(api: TestClient, body: dict[str, Any]) -> Any:
    """``Create Entity From JSON-LD Content``."""
    return api.post(ENTITIES, json=body, headers=LD_JSON)


def retrieve(api: TestClient, ctx: SuiteContext, entity_id: str = V1_ID) -> Any:
    """``Retrieve Entity`` with the suite context in a Link header."""
    return api.get(f"{V1}/entities/{entity_id}", headers=ctx.link)


def rejected(api: TestClient, ctx: SuiteContext, body: dict[str, Any], entity_id: str = V1_ID) -> None:
    """The create is 400 BadRequestData and nothing was created."""
    assert_problem(create(api, body), 400, "BadRequestData")
    assert retrieve(api, ctx, entity_id).status_code == 404


# -- 451 entity representation prohibitions (4.5.1) ------------------------------------------------------


@pytest.mark.parametrize(
    "attrs",
    [
        {"datasetId": {"type": "Property", "value": 1}},
        {"instanceId": {"type": "Property", "value": 1}},
        {"observedAt": {"type": "Property", "value": "2026-01-01T00:00:00Z"}},
        {"speed": {"type": "Property", "value": 1, "@context": {"speed": "https://evil.example/speed"}}},
    ],
    ids=["451_01_01", "451_01_02", "451_01_03", "451_01_04"],
)
def test_451_01_forbidden_attribute_members(
    api: TestClient, ctx: SuiteContext, attrs: dict[str, Any]
) -> None:
    rejected(api, ctx, vehicle(ctx, **attrs))


@pytest.mark.parametrize(
    "codepoint",
    [
        0x202E,
        0x200B,
        0xFEFF,
        0x2028,
        0x00A0,
        0x003C,
        0xFE0F,
        0xE0100,
        0xFDD0,
        0xFFFE,
        0x115F,
        0x3164,
        0xFFA0,
        0x2800,
    ],
    ids=[f"451_02_{n:02d}" for n in (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15)],
)
def test_451_02_invisible_code_points_in_the_id(api: TestClient, ctx: SuiteContext, codepoint: int) -> None:
    entity_id = "urn:ngsi-ld:Vehicle:A" + chr(codepoint) + "B"
    assert_problem(create(api, vehicle(ctx, entity_id)), 400, "BadRequestData")


def test_451_02_07_iri_relationship_object_is_accepted(api: TestClient, ctx: SuiteContext) -> None:
    parked = {"type": "Relationship", "object": "urn:ngsi-ld:Ciudad:Par" + chr(0xED) + "s"}
    assert create(api, vehicle(ctx, isParked=parked)).status_code == 201


# -- 452 Property members (4.5.2.2), concise input (4.5.2.3), ngsildproof -----------------------------------


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ({"object": "urn:ngsi-ld:Other:1"}, 400),
        ({"languageMap": {"en": "hello"}}, 400),
        ({"valueList": [1, 2]}, 400),
        ({"previousValue": 0}, 400),
        ({"entityIdSealed": True}, 400),
        ({"valueType": "xsd:double"}, 201),
    ],
    ids=["452_01_01", "452_01_02", "452_01_03", "452_01_04", "452_01_05", "452_01_06"],
)
def test_452_01_property_members(
    api: TestClient, ctx: SuiteContext, member: dict[str, Any], status: int
) -> None:
    response = create(api, vehicle(ctx, speed={"type": "Property", "value": 1, **member}))
    if status == 400:
        assert_problem(response, 400, "BadRequestData")
    else:
        assert response.status_code == status, response.text


def test_452_02_concise_creation_round_trips(api: TestClient, ctx: SuiteContext) -> None:
    body = vehicle(
        ctx,
        speed=55,
        location={"type": "Point", "coordinates": [8.0, 49.0]},
        area={"value": {"type": "Point", "coordinates": [1.0, 2.0]}},
        brandName={"value": "Volvo", "observedAt": "2026-01-01T00:00:00Z"},
        isParked={"object": "urn:ngsi-ld:OffStreetParking:1"},
    )
    assert create(api, body).status_code == 201
    got = retrieve(api, ctx).json()
    assert got["speed"]["type"] == "Property" and got["speed"]["value"] == 55
    assert got["location"]["type"] == "GeoProperty" and got["area"]["type"] == "GeoProperty"
    assert got["brandName"]["type"] == "Property"
    assert got["brandName"]["observedAt"] == "2026-01-01T00:00:00Z"
    assert got["isParked"]["type"] == "Relationship"


PROOF = {
    "type": "DataIntegrityProof",
    "created": "2025-01-27T21:02:24Z",
    "verificationMethod": "https://example.edu/issuers/565049#z6MkwXG2WjeQnNHc6SaVWoT",
    "cryptosuite": "eddsa-rdfc-2022",
    "proofPurpose": "assertionMethod",
    "proofValue": "zQeVbY4oey5q2M3XKaxup3tmzN4DRFTLVqpLMweBrSxMY",
}


def test_452_03_01_ngsildproof_round_trips(api: TestClient, ctx: SuiteContext) -> None:
    proof = {"type": "Property", "entityIdSealed": V1_ID, "entityTypeSealed": "Vehicle", "value": PROOF}
    body = vehicle(ctx, speed={"type": "Property", "value": 55}, ngsildproof=proof)
    assert create(api, body).status_code == 201
    got = retrieve(api, ctx).json()["ngsildproof"]
    assert got["type"] == "Property"
    assert got["entityIdSealed"] == V1_ID and got["entityTypeSealed"] == "Vehicle"
    assert got["value"] == PROOF


def test_452_03_02_sealed_members_outside_ngsildproof(api: TestClient, ctx: SuiteContext) -> None:
    rejected(api, ctx, vehicle(ctx, speed={"type": "Property", "value": 1, "entityIdSealed": V1_ID}))


@pytest.mark.parametrize(
    "proof",
    [
        {"type": "Property", "value": "not-a-proof-object"},
        {"type": "Property", "value": {"type": "DataIntegrityProof"}, "entityTypeSealed": 42},
    ],
    ids=["452_03_03_string_value", "452_03_03_non_string_sealed"],
)
def test_452_03_03_invalid_proofs(api: TestClient, ctx: SuiteContext, proof: dict[str, Any]) -> None:
    response = create(api, vehicle(ctx, ngsildproof=proof))
    assert response.status_code == 400, response.text
    assert retrieve(api, ctx).status_code == 404


# -- 4522 list attributes, 4524 JsonProperty -----------------------------------------------------------------


def test_4522_01_01_object_list_entry_forms(api: TestClient, ctx: SuiteContext) -> None:
    route = {
        "type": "ListRelationship",
        "objectList": ["urn:ngsi-ld:Road:1", {"object": "urn:ngsi-ld:Road:2"}],
    }
    assert create(api, vehicle(ctx, route=route)).status_code == 201
    got = retrieve(api, ctx).json()["route"]
    assert got["type"] == "ListRelationship"
    assert got["objectList"] == [{"object": "urn:ngsi-ld:Road:1"}, {"object": "urn:ngsi-ld:Road:2"}]


@pytest.mark.parametrize(
    "attrs",
    [
        {"route": {"type": "ListRelationship", "objectList": ["not a uri"]}},
        {"tyreTreadDepths": {"type": "ListProperty", "valueList": [1.2], "value": 3}},
        {"tickets": {"type": "JsonProperty", "json": {"a": 1}, "unitCode": "MTR"}},
        {"tickets": {"type": "JsonProperty", "json": {"a": 1}, "value": 1}},
        {"tickets": {"type": "JsonProperty", "json": 5}},
    ],
    ids=["4522_01_02", "4522_01_03", "4524_01_02", "4524_01_03", "4524_01_04"],
)
def test_list_and_json_property_violations(api: TestClient, ctx: SuiteContext, attrs: dict[str, Any]) -> None:
    assert_problem(create(api, vehicle(ctx, **attrs)), 400, "BadRequestData")


def test_4524_01_01_concise_json_property(api: TestClient, ctx: SuiteContext) -> None:
    raw = {"speed": 3, "brandName": "x", "type": "raw"}
    assert create(api, vehicle(ctx, tickets={"json": raw})).status_code == 201
    got = retrieve(api, ctx).json()["tickets"]
    assert got["type"] == "JsonProperty" and got["json"] == raw
    assert "value" not in got and "unitCode" not in got


# -- 453 Relationship members, 455 datasetId ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ({"unitCode": "MTR"}, 400),
        ({"value": 42}, 400),
        ({"languageMap": {"en": "hello"}}, 400),
        ({"previousObject": "urn:ngsi-ld:Other:0"}, 400),
        ({"objectType": "OffStreetParking"}, 201),
    ],
    ids=["453_01_01", "453_01_02", "453_01_03", "453_01_04", "453_01_05"],
)
def test_453_01_relationship_members(
    api: TestClient, ctx: SuiteContext, member: dict[str, Any], status: int
) -> None:
    rel = {"type": "Relationship", "object": "urn:ngsi-ld:OffStreetParking:1", **member}
    response = create(api, vehicle(ctx, isParked=rel))
    if status == 400:
        assert_problem(response, 400, "BadRequestData")
    else:
        assert response.status_code == status, response.text


def test_455_01_01_none_dataset_id_is_the_default(api: TestClient, ctx: SuiteContext) -> None:
    speed = [
        {"type": "Property", "value": 55, "datasetId": "@none"},
        {"type": "Property", "value": 11, "datasetId": "urn:ngsi-ld:Dataset:gps"},
    ]
    assert create(api, vehicle(ctx, speed=speed)).status_code == 201
    got = retrieve(api, ctx).json()["speed"]
    instances = got if isinstance(got, list) else [got]
    assert len(instances) == 2
    default = [i for i in instances if "datasetId" not in i]
    assert len(default) == 1 and default[0]["value"] == 55


@pytest.mark.parametrize(
    "speed",
    [
        [{"type": "Property", "value": 55}, {"type": "Property", "value": 11, "datasetId": "@none"}],
        [
            {"type": "Property", "value": 55, "datasetId": "urn:ngsi-ld:Dataset:a"},
            {"type": "Property", "value": 11, "datasetId": "urn:ngsi-ld:Dataset:a"},
        ],
    ],
    ids=["455_01_02_two_defaults", "455_01_03_duplicate_dataset_id"],
)
def test_455_01_duplicate_instances(api: TestClient, ctx: SuiteContext, speed: list[Any]) -> None:
    assert_problem(create(api, vehicle(ctx, speed=speed)), 400, "BadRequestData")


# -- 461-465 text encodings, names, values, content, language maps (4.6) ------------------------------------


def test_461_01_01_utf8_round_trips(api: TestClient, ctx: SuiteContext) -> None:
    text = "žltý kôň — 100 €"
    assert create(api, vehicle(ctx, brandName={"type": "Property", "value": text})).status_code == 201
    response = retrieve(api, ctx)
    assert response.json()["brandName"]["value"] == text
    assert "\ufffd" not in response.content.decode("utf-8")


def test_462_01_01_attribute_name_with_a_space(api: TestClient, ctx: SuiteContext) -> None:
    rejected(api, ctx, vehicle(ctx, **{"my attr": {"type": "Property", "value": 1}}))


def test_462_01_02_type_starting_with_a_digit(api: TestClient, ctx: SuiteContext) -> None:
    body = {**vehicle(ctx, speed={"type": "Property", "value": 1}), "type": "9Vehicle"}
    assert_problem(create(api, body), 400, "BadRequestData")


def test_462_01_03_unicode_letter_names(api: TestClient, ctx: SuiteContext) -> None:
    body = {**vehicle(ctx, **{"výška_1": {"type": "Property", "value": 7}}), "type": "Škola"}
    assert create(api, body).status_code == 201
    assert retrieve(api, ctx).json()["výška_1"]["value"] == 7


def test_463_01_01_geometry_collection_is_rejected(api: TestClient, ctx: SuiteContext) -> None:
    collection = {
        "type": "GeometryCollection",
        "geometries": [{"type": "Point", "coordinates": [17.1, 48.7]}],
    }
    rejected(api, ctx, vehicle(ctx, location={"type": "GeoProperty", "value": collection}))


def test_463_01_02_point_round_trips(api: TestClient, ctx: SuiteContext) -> None:
    point = {"type": "Point", "coordinates": [17.1, 48.7]}
    assert create(api, vehicle(ctx, location={"type": "GeoProperty", "value": point})).status_code == 201
    response = retrieve(api, ctx)
    assert response.json()["location"]["value"]["type"] == "Point"
    assert "GeometryCollection" not in response.text


def test_463_01_03_observed_at_with_an_offset(api: TestClient, ctx: SuiteContext) -> None:
    speed = {"type": "Property", "value": 3, "observedAt": "2026-08-10T12:00:00+02:00"}
    assert_problem(create(api, vehicle(ctx, speed=speed)), 400, "BadRequestData")


def test_464_01_01_script_characters_round_trip(api: TestClient, ctx: SuiteContext) -> None:
    text = "<script>alert('x')</script> \"q\" = ; ( )"
    assert create(api, vehicle(ctx, note={"type": "Property", "value": text})).status_code == 201
    response = retrieve(api, ctx)
    assert response.json()["note"]["value"] == text
    assert "&lt;" not in response.text and "\\u003c" not in response.text


def test_465_01_01_language_map_values_round_trip(api: TestClient, ctx: SuiteContext) -> None:
    lm = {"sk": "škola", "en": ["school", "academy"], "@none": "default"}
    assert (
        create(api, vehicle(ctx, brandName={"type": "LanguageProperty", "languageMap": lm})).status_code
        == 201
    )
    response = retrieve(api, ctx)
    assert response.json()["brandName"]["languageMap"] == lm
    assert "urn:ngsi-ld:null" not in response.text


def test_465_01_02_language_map_null_on_create(api: TestClient, ctx: SuiteContext) -> None:
    brand = {"type": "LanguageProperty", "languageMap": {"@none": "urn:ngsi-ld:null"}}
    rejected(api, ctx, vehicle(ctx, brandName=brand))


def test_465_01_03_non_string_language_map_value(api: TestClient, ctx: SuiteContext) -> None:
    brand = {"type": "LanguageProperty", "languageMap": {"en": 5}}
    assert_problem(create(api, vehicle(ctx, brandName=brand)), 400, "BadRequestData")


# -- 471 geospatial properties (4.7) -------------------------------------------------------------------------


def test_471_01_01_string_encoded_geometry(api: TestClient, ctx: SuiteContext) -> None:
    location = {"type": "GeoProperty", "value": '{"type": "Point", "coordinates": [17.1, 48.7]}'}
    assert create(api, vehicle(ctx, location=location)).status_code == 201
    value = retrieve(api, ctx).json()["location"]["value"]
    assert value == {"type": "Point", "coordinates": [17.1, 48.7]}


@pytest.mark.parametrize(
    "location",
    [{"type": "GeoProperty", "value": "not a geometry"}, {"type": "Property", "value": 7}],
    ids=["471_01_02_unparseable_string", "471_01_03_plain_property"],
)
def test_471_01_invalid_locations(api: TestClient, ctx: SuiteContext, location: dict[str, Any]) -> None:
    rejected(api, ctx, vehicle(ctx, location=location))


# -- 521 NGSI-LD Null on create (5.2.1) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "probe",
    [
        {"type": "Property", "value": "urn:ngsi-ld:null"},
        {"type": "Relationship", "object": "urn:ngsi-ld:null"},
        {"type": "Property", "value": 1, "sub": {"type": "Property", "value": "urn:ngsi-ld:null"}},
    ],
    ids=["521_01_01", "521_01_02", "521_01_03"],
)
def test_521_01_null_on_create(api: TestClient, probe: dict[str, Any]) -> None:
    body = {"id": "urn:ngsi-ld:Building:521", "type": "Building", "probe": probe}
    response = api.post(ENTITIES, json=body, headers={"Content-Type": "application/json"})
    assert_problem(response, 400, "BadRequestData")


# -- 5232 LanguageProperty data type, 554 general validation, 555 default @context, 557 term expansion ------


@pytest.mark.parametrize(
    ("status", "probe"),
    [
        (
            201,
            {
                "type": "LanguageProperty",
                "languageMap": {"en": "hello", "sk": ["ahoj", "servus"]},
                "valueType": "langString",
            },
        ),
        (400, {"type": "LanguageProperty", "languageMap": {"en": "x"}, "valueType": "xsd:string"}),
        (400, {"type": "LanguageProperty", "languageMap": {"en": 5}}),
        (400, {"type": "LanguageProperty", "languageMap": {"en": ["a", 5]}}),
        (400, {"type": "LanguageProperty", "languageMap": {"": "x"}}),
        (400, {"type": "LanguageProperty"}),
    ],
    ids=["5232_01_01", "5232_01_02", "5232_01_03", "5232_01_04", "5232_01_05", "5232_01_06"],
)
def test_5232_01_language_property(api: TestClient, status: int, probe: dict[str, Any]) -> None:
    body = {"id": "urn:ngsi-ld:Building:5232", "type": "Building", "probe": probe}
    response = api.post(ENTITIES, json=body, headers=JSON)
    if status == 400:
        assert_problem(response, 400, "BadRequestData")
    else:
        assert response.status_code == status, response.text


def test_554_01_01_first_level_null(api: TestClient, ctx: SuiteContext) -> None:
    rejected(api, ctx, vehicle(ctx, scope="urn:ngsi-ld:null"))
    response = create(api, vehicle(ctx, "urn:ngsi-ld:null"))
    assert response.status_code == 400, response.text


@pytest.mark.parametrize(
    "value",
    [{"country": "urn:ngsi-ld:null"}, {"geo": {"country": "urn:ngsi-ld:null"}}],
    ids=["554_01_02_nested", "554_01_02_deeper"],
)
def test_554_01_02_null_inside_a_compound_value(api: TestClient, ctx: SuiteContext, value: Any) -> None:
    rejected(api, ctx, vehicle(ctx, address={"type": "Property", "value": value}))


ADDRESS = {"street": "Straße des 17. Juni", "city": "Berlin", "country": "Germany"}


def test_554_01_03_null_inside_a_compound_value_on_partial_update(api: TestClient, ctx: SuiteContext) -> None:
    assert create(api, vehicle(ctx, address={"type": "Property", "value": ADDRESS})).status_code == 201
    fragment = {"value": {"country": "urn:ngsi-ld:null"}, "@context": [ctx.url]}
    response = api.patch(f"{V1}/entities/{V1_ID}/attrs/address", json=fragment, headers=LD_JSON)
    assert response.status_code == 400, response.text
    got = retrieve(api, ctx)
    assert got.json()["address"]["value"]["country"] == "Germany"
    assert "urn:ngsi-ld:null" not in got.text


def test_554_01_04_merge_null_removes_a_key_inside_a_compound_value(
    api: TestClient, ctx: SuiteContext
) -> None:
    assert create(api, vehicle(ctx, address={"type": "Property", "value": ADDRESS})).status_code == 201
    patch = {"street": "Pariser Platz", "country": "urn:ngsi-ld:null"}
    fragment = {"address": {"type": "Property", "value": patch}, "@context": [ctx.url]}
    response = api.patch(f"{V1}/entities/{V1_ID}", json=fragment, headers=LD_JSON)
    assert response.status_code == 204, response.text
    got = retrieve(api, ctx)
    assert got.json()["address"]["value"] == {"street": "Pariser Platz", "city": "Berlin"}
    assert "urn:ngsi-ld:null" not in got.text


def test_554_01_05_invalid_json_is_invalid_request(api: TestClient) -> None:
    body = b'{"id": "urn:ngsi-ld:Vehicle:broken", "type":'
    assert_problem(api.post(ENTITIES, content=body, headers=LD_JSON), 400, "InvalidRequest")


@pytest.mark.parametrize(
    ("attrs", "check"),
    [
        ({"temperature": {"type": "Property", "value": 21}}, "temperature"),
        (
            {"location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [17.6, 48.7]}}},
            "location",
        ),
    ],
    ids=["555_01_01", "555_01_02"],
)
def test_555_01_no_context_input_gets_the_core_context(
    api: TestClient, attrs: dict[str, Any], check: str
) -> None:
    body = {"id": V1_ID, "type": "Vehicle", **attrs}
    assert api.post(ENTITIES, json=body, headers=JSON).status_code == 201
    response = api.get(f"{V1}/entities/{V1_ID}", headers={"Accept": "application/ld+json"})
    got = response.json()
    assert "ngsi-ld-core-context" in str(got["@context"])
    assert got[check] == attrs[check]
    assert f"default-context/{check}" not in response.text


def test_557_01_01_scoped_context_is_rejected(api: TestClient) -> None:
    scoped = {
        "Vehicle": {"@id": "https://example.org/Vehicle", "@context": {"speed": "https://example.org/s"}}
    }
    body = {"id": V1_ID, "type": "Vehicle", "@context": [scoped]}
    assert_problem(create(api, body), 400, "BadRequestData")
    assert api.get(f"{V1}/entities/{V1_ID}").status_code == 404


def test_557_01_02_query_uses_the_context_of_each_request(api: TestClient, ctx: SuiteContext) -> None:
    assert create(api, vehicle(ctx)).status_code == 201
    found = api.get(ENTITIES, params={"type": "Vehicle"}, headers=ctx.link).json()
    assert V1_ID in [e["id"] for e in found]
    assert V1_ID not in [e["id"] for e in api.get(ENTITIES, params={"type": "Vehicle"}).json()]


def test_557_01_03_unmatched_uri_is_a_fully_qualified_name(api: TestClient, ctx: SuiteContext) -> None:
    assert create(api, vehicle(ctx)).status_code == 201
    assert api.get(f"{V1}/entities/{V1_ID}").json()["type"] == "https://ngsi-ld-test-suite/context#Vehicle"


# -- 562-566 type selectors on attribute writes and deletes, scope as a target ------------------------------

BUILDING = {"id": V1_ID, "type": "Building", "scope": "/Madrid", "name": {"type": "Property", "value": "x"}}


@pytest.fixture
def madrid(api: TestClient) -> str:
    assert api.post(ENTITIES, json=BUILDING, headers=JSON).status_code == 201
    return f"{V1}/entities/{V1_ID}"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/attrs/", {"name": {"type": "Property", "value": "y"}}),
        ("PATCH", "/attrs/", {"name": {"type": "Property", "value": "y"}}),
        ("PATCH", "/attrs/name", {"value": "y"}),
    ],
    ids=["563_01_01_append", "562_01_01_update", "564_01_02_partial_update"],
)
def test_type_selector_gates_attribute_writes(
    api: TestClient, madrid: str, method: str, path: str, body: dict[str, Any]
) -> None:
    url = madrid + path
    miss = api.request(method, url, params={"type": "Vehicle"}, json=body, headers=JSON)
    assert_problem(miss, 404, "ResourceNotFound")
    assert api.get(madrid).json()["name"]["value"] == "x"
    assert api.request(method, url, params={"type": "Building"}, json=body, headers=JSON).status_code == 204
    assert api.get(madrid).json()["name"]["value"] == "y"


def test_564_01_01_scope_cannot_be_partially_updated(api: TestClient, madrid: str) -> None:
    response = api.patch(f"{madrid}/attrs/scope", json={"value": "/Barcelona"}, headers=JSON)
    assert_problem(response, 400, "BadRequestData")
    assert api.get(madrid).json()["scope"] == "/Madrid"


def test_565_01_01_type_selector_gates_the_delete_and_scope_is_deletable(
    api: TestClient, madrid: str
) -> None:
    assert_problem(api.delete(f"{madrid}/attrs/name", params={"type": "Vehicle"}), 404, "ResourceNotFound")
    assert api.get(madrid).json()["name"]["value"] == "x"
    assert api.delete(f"{madrid}/attrs/name", params={"type": "Building"}).status_code == 204
    assert api.delete(f"{madrid}/attrs/scope").status_code == 204
    got = api.get(madrid).json()
    assert "scope" not in got and "name" not in got


def test_566_01_01_type_selector_gates_the_entity_delete(api: TestClient, madrid: str) -> None:
    assert_problem(api.delete(madrid, params={"type": "Vehicle"}), 404, "ResourceNotFound")
    assert api.get(madrid).status_code == 200
    assert api.delete(madrid, params={"type": "Building"}).status_code == 204
    assert api.get(madrid).status_code == 404


# -- 558 partial update patch behaviour (5.5.8) -------------------------------------------------------------

TEMPERATURE = {"type": "Property", "value": 25, "unitCode": "CEL", "observedAt": "2022-03-14T01:59:26.535Z"}


@pytest.fixture
def heated(api: TestClient) -> str:
    body = {"id": V1_ID, "type": "Vehicle", "temperature": TEMPERATURE}
    assert api.post(ENTITIES, json=body, headers=JSON).status_code == 201
    return f"{V1}/entities/{V1_ID}"


def test_558_01_01_partial_update_overwrites_sub_attributes_only(api: TestClient, heated: str) -> None:
    fragment = {"type": "Property", "value": 100, "observedAt": "2022-03-14T13:00:00.000Z"}
    assert api.patch(f"{heated}/attrs/temperature", json=fragment, headers=JSON).status_code == 204
    t = api.get(heated).json()["temperature"]
    assert (t["value"], t["observedAt"], t["unitCode"]) == (100, "2022-03-14T13:00:00.000Z", "CEL")


def test_558_01_02_update_replaces_the_whole_attribute(api: TestClient, heated: str) -> None:
    fragment = {"temperature": {"type": "Property", "value": 100, "observedAt": "2022-03-14T13:00:00.000Z"}}
    assert api.patch(f"{heated}/attrs/", json=fragment, headers=JSON).status_code == 204
    response = api.get(heated)
    assert response.json()["temperature"]["value"] == 100
    assert "unitCode" not in response.json()["temperature"] and "CEL" not in response.text


def test_558_01_03_null_value_deletes_the_attribute(api: TestClient, heated: str) -> None:
    fragment = {"temperature": {"type": "Property", "value": "urn:ngsi-ld:null"}}
    assert api.patch(f"{heated}/attrs/", json=fragment, headers=JSON).status_code == 204
    response = api.get(heated)
    assert response.status_code == 200
    assert "temperature" not in response.json() and "urn:ngsi-ld:null" not in response.text


def test_558_01_04_dataset_id_null_and_new_dataset_id(api: TestClient, heated: str) -> None:
    response = api.patch(f"{heated}/attrs/temperature", json={"datasetId": "urn:ngsi-ld:null"}, headers=JSON)
    assert_problem(response, 400, "BadRequestData")
    extra = {"temperature": {"type": "Property", "value": 30, "datasetId": "urn:ngsi-ld:Dataset:extra"}}
    assert api.patch(f"{heated}/attrs/", json=extra, headers=JSON).status_code == 204
    t = api.get(heated).json()["temperature"]
    assert len(t) == 2 and sorted(i["value"] for i in t) == [25, 30]


# -- 055 replace entity attribute ---------------------------------------------------------------------------

PARKED = {
    "type": "Relationship",
    "object": "urn:ngsi-ld:OffStreetParking:Downtown2",
    "observedAt": "2017-07-29T15:00:04Z",
    "providedBy": {"type": "Relationship", "object": "urn:ngsi-ld:Person:Bob"},
}


@pytest.fixture
def multi(api: TestClient, ctx: SuiteContext) -> SuiteContext:
    """``vehicle-speed-multi-instances.jsonld``."""
    speed = [
        {"type": "Property", "value": 55, "source": {"type": "Property", "value": "Speedometer"}},
        {
            "type": "Property",
            "value": 54.5,
            "source": {"type": "Property", "value": "GPS"},
            "datasetId": "urn:ngsi-ld:Property:gpsBxyz123-speed",
        },
    ]
    parked = {
        **PARKED,
        "object": "urn:ngsi-ld:OffStreetParking:Downtown1",
        "observedAt": "2017-07-29T12:00:04Z",
    }
    body = vehicle(ctx, scope="/Madrid/Centro", isParked=parked, speed=speed)
    assert create(api, body).status_code == 201
    return ctx


def test_055_01_01_replace_attribute_keeps_created_at(api: TestClient, multi: SuiteContext) -> None:
    url = f"{V1}/entities/{V1_ID}"
    before = api.get(url, params={"options": "sysAttrs"}, headers=multi.link).json()["isParked"]["createdAt"]
    response = api.put(f"{url}/attrs/isParked", json=PARKED, headers={**JSON, **multi.link})
    assert response.status_code == 204 and response.content == b""
    got = api.get(url, params={"options": "sysAttrs"}, headers=multi.link).json()["isParked"]
    assert got["object"] == PARKED["object"] and got["observedAt"] == PARKED["observedAt"]
    assert got["providedBy"]["object"] == "urn:ngsi-ld:Person:Bob"
    assert got["createdAt"] == before


@pytest.mark.parametrize(
    ("entity_id", "attr", "body", "status"),
    [
        ("invalidUri", "isParked", PARKED, 400),
        ("urn:ngsi-ld:Vehicle:Nonexistent", "isParked", PARKED, 404),
        (V1_ID, "@invalid", PARKED, 400),
        (V1_ID, "brandName", PARKED, 404),
        (V1_ID, "scope", {"scope": "/Company123/UnitA"}, 400),
    ],
    ids=["055_03_01", "055_03_02", "055_03_03", "055_03_04", "055_03_05"],
)
def test_055_03_replace_attribute_with_faulty_data(
    api: TestClient, multi: SuiteContext, entity_id: str, attr: str, body: dict[str, Any], status: int
) -> None:
    response = api.put(f"{V1}/entities/{entity_id}/attrs/{attr}", json=body, headers={**JSON, **multi.link})
    assert response.status_code == status, response.text


# -- 001 create entity: context sources and round trips of every attribute kind ------------------------------

B_ID = "urn:ngsi-ld:Building:0000000000000001"


def test_001_07_context_from_the_payload(api: TestClient, ctx: SuiteContext) -> None:
    body = {
        "id": B_ID,
        "type": "Building",
        "almostFull": {"type": "Property", "value": False},
        "@context": [ctx.url],
    }
    assert create(api, body).status_code == 201
    assert "almostFull" in retrieve(api, ctx, B_ID).json()
    assert "https://ngsi-ld-test-suite/context#almostFull" in api.get(f"{V1}/entities/{B_ID}").json()


def test_001_09_01_link_header_with_ld_json_is_bad_request(api: TestClient, ctx: SuiteContext) -> None:
    body = {"id": B_ID, "type": "Building", "@context": [ctx.url]}
    assert_problem(api.post(ENTITIES, json=body, headers={**LD_JSON, **ctx.link}), 400, "BadRequestData")


@pytest.mark.parametrize(
    "attrs",
    [
        {"street": {"type": "LanguageProperty", "languageMap": {"fr": "Grand Place", "nl": "Grote Markt"}}},
        {
            "observationSpace": {
                "type": "GeoProperty",
                "value": {"type": "Point", "coordinates": [13.3986, 52.5547]},
            }
        },
        {
            "operationSpace": {
                "type": "GeoProperty",
                "value": {"type": "Point", "coordinates": [13.3986, 52.5547]},
            }
        },
        {
            "jsonProperty": {
                "type": "JsonProperty",
                "json": {"id": "some-id", "anythingElse": "anything-else"},
            }
        },
        {
            "jsonProperty": {
                "type": "JsonProperty",
                "json": [
                    {"id": "some-id-1", "anythingElse": "a-1"},
                    {"id": "some-id-2", "anythingElse": "a-2"},
                ],
            }
        },
        {"vocabProperty": {"type": "VocabProperty", "vocab": "monument"}},
        {"vocabProperty": {"type": "VocabProperty", "vocab": ["monument", "sightseeing"]}},
    ],
    ids=["001_10_01", "001_12", "001_13", "001_14_01", "001_14_02", "001_15_01", "001_15_02"],
)
def test_001_create_entity_round_trips(api: TestClient, ctx: SuiteContext, attrs: dict[str, Any]) -> None:
    response = create(api, {"id": B_ID, "type": "Building", **attrs, "@context": [ctx.url]})
    assert response.status_code == 201 and response.content == b""
    assert response.headers["location"].endswith(B_ID)
    got = api.get(f"{V1}/entities/{B_ID}", headers={**ctx.link, "Accept": "application/ld+json"}).json()
    for name, attr in attrs.items():
        assert got[name] == attr


@pytest.mark.parametrize(
    "scope",
    ["/Madrid", ["/Madrid/Gardens/ParqueNorte", "/Madrid/District/Latina"]],
    ids=["001_11_01", "001_11_02"],
)
def test_001_11_create_entity_with_scopes(api: TestClient, scope: Any) -> None:
    body = {"id": B_ID, "type": "Building", "scope": scope}
    assert api.post(ENTITIES, json=body, headers=JSON).status_code == 201
    assert api.get(f"{V1}/entities/{B_ID}").json()["scope"] == scope


# -- 010 append: invalid fragments, scope --------------------------------------------------------------------


def test_010_05_01_append_with_an_invalid_fragment(api: TestClient, ctx: SuiteContext) -> None:
    assert create(api, vehicle(ctx)).status_code == 201
    broken = b'{"speed": {"type": "Property",, "value": 56}, "@context": []}'
    response = api.post(f"{V1}/entities/{V1_ID}/attrs/", content=broken, headers=LD_JSON)
    assert_problem(response, 400, "InvalidRequest")


@pytest.mark.parametrize(
    ("params", "scope"),
    [
        ({}, "/CompanyA/OrganizationB/UnitC"),
        ({"options": "noOverwrite"}, ["/Madrid/Gardens/ParqueNorte", "/CompanyA/OrganizationB/UnitC"]),
    ],
    ids=["010_07_01_overwrite", "010_07_01_no_overwrite"],
)
def test_010_07_append_scope(api: TestClient, ctx: SuiteContext, params: dict[str, str], scope: Any) -> None:
    body = {"id": V1_ID, "type": "Building", "scope": "/Madrid/Gardens/ParqueNorte"}
    assert api.post(ENTITIES, json=body, headers={**JSON, **ctx.link}).status_code == 201
    fragment = {"scope": "/CompanyA/OrganizationB/UnitC"}
    url = f"{V1}/entities/{V1_ID}/attrs/"
    response = api.post(url, params=params, json=fragment, headers={**JSON, **ctx.link})
    assert response.status_code == 204 and response.content == b""
    assert retrieve(api, ctx).json()["scope"] == scope


# -- 011 update attributes: unknown entity, scope, types -----------------------------------------------------


def test_011_03_01_update_unknown_entity(api: TestClient, ctx: SuiteContext) -> None:
    fragment = {"speed": {"type": "Property", "value": 1}, "@context": [ctx.url]}
    response = api.patch(f"{V1}/entities/{V1_ID}/attrs/", json=fragment, headers=LD_JSON)
    assert_problem(response, 404, "ResourceNotFound")


def test_011_04_01_update_with_an_invalid_fragment(api: TestClient, ctx: SuiteContext) -> None:
    assert create(api, vehicle(ctx)).status_code == 201
    broken = b'{"speed": {"type": "Property",, "value": 56}, "@context": []}'
    response = api.patch(f"{V1}/entities/{V1_ID}/attrs/", content=broken, headers=LD_JSON)
    assert_problem(response, 400, "InvalidRequest")


@pytest.mark.parametrize(
    ("scope", "status", "after"),
    [("/Madrid/Gardens/ParqueNorte", 204, "/CompanyA/OrganizationB/UnitC"), (None, 207, None)],
    ids=["011_05_01_had_a_scope", "011_05_02_had_none"],
)
def test_011_05_update_scope(
    api: TestClient, ctx: SuiteContext, scope: str | None, status: int, after: Any
) -> None:
    body: dict[str, Any] = {"id": V1_ID, "type": "Building"}
    if scope:
        body["scope"] = scope
    assert api.post(ENTITIES, json=body, headers={**JSON, **ctx.link}).status_code == 201
    fragment = {"scope": "/CompanyA/OrganizationB/UnitC"}
    response = api.patch(f"{V1}/entities/{V1_ID}/attrs/", json=fragment, headers={**JSON, **ctx.link})
    assert response.status_code == status, response.text
    assert retrieve(api, ctx).json().get("scope") == after


@pytest.mark.parametrize(
    ("given", "types"),
    [
        ("Vehicle", ["Building", "Vehicle"]),
        (["Vehicle", "Car"], ["Building", "Vehicle", "Car"]),
        ("Building", "Building"),
        (["Building", "Vehicle"], ["Building", "Vehicle"]),
    ],
    ids=["011_06_01", "011_06_02", "011_06_03", "011_06_04"],
)
def test_011_06_update_adds_types(api: TestClient, ctx: SuiteContext, given: Any, types: Any) -> None:
    body = {"id": V1_ID, "type": "Building"}
    assert api.post(ENTITIES, json=body, headers={**JSON, **ctx.link}).status_code == 201
    fragment = {"type": given, "@context": [ctx.url]}
    response = api.patch(f"{V1}/entities/{V1_ID}/attrs/", json=fragment, headers=LD_JSON)
    assert response.status_code == 204 and response.content == b""
    got = retrieve(api, ctx).json()["type"]
    assert (sorted(got) if isinstance(got, list) else got) == (
        sorted(types) if isinstance(types, list) else types
    )


# -- 012 partial attribute update: the NGSI-LD Null deletes an attribute or one instance ---------------------

NULLS = {
    "name": {"type": "Property", "value": "urn:ngsi-ld:null"},
    "locatedAt": {"type": "Relationship", "object": "urn:ngsi-ld:null"},
    "location": {"type": "GeoProperty", "value": "urn:ngsi-ld:null"},
    "street": {"type": "LanguageProperty", "languageMap": {"@none": "urn:ngsi-ld:null"}},
}
KINDS = {
    "name": {"type": "Property", "value": "Eiffel Tower"},
    "locatedAt": {"type": "Relationship", "object": "urn:ngsi-ld:City:Paris"},
    "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [2.2945, 48.8584]}},
    "street": {"type": "LanguageProperty", "languageMap": {"fr": "Champ de Mars", "en": "Mars Field"}},
}
DATASET = "urn:ngsi-ld:Dataset:01"


@pytest.mark.parametrize("attr", list(NULLS), ids=["012_05_01", "012_05_02", "012_05_03", "012_05_04"])
def test_012_05_partial_update_null_deletes_the_attribute(
    api: TestClient, ctx: SuiteContext, attr: str
) -> None:
    assert create(api, {"id": B_ID, "type": "Building", **KINDS, "@context": [ctx.url]}).status_code == 201
    fragment = {**NULLS[attr], "@context": [ctx.url]}
    response = api.patch(f"{V1}/entities/{B_ID}/attrs/{attr}", json=fragment, headers=LD_JSON)
    assert response.status_code == 204 and response.content == b""
    got = retrieve(api, ctx, B_ID).json()
    assert attr not in got and all(name in got for name in KINDS if name != attr)


@pytest.mark.parametrize("attr", list(NULLS), ids=["012_06_01", "012_06_02", "012_06_03", "012_06_04"])
def test_012_06_partial_update_null_deletes_one_instance(
    api: TestClient, ctx: SuiteContext, attr: str
) -> None:
    both = {name: [kind, {**kind, "datasetId": DATASET}] for name, kind in KINDS.items()}
    assert create(api, {"id": B_ID, "type": "Building", **both, "@context": [ctx.url]}).status_code == 201
    fragment = {**NULLS[attr], "datasetId": DATASET, "@context": [ctx.url]}
    response = api.patch(f"{V1}/entities/{B_ID}/attrs/{attr}", json=fragment, headers=LD_JSON)
    assert response.status_code == 204, response.text
    got = retrieve(api, ctx, B_ID).json()
    assert got[attr] == KINDS[attr]  # the default instance alone is left
    assert all(len(got[name]) == 2 for name in KINDS if name != attr)


def test_create_with_a_null_geo_property_is_rejected(api: TestClient, ctx: SuiteContext) -> None:
    body = {"id": B_ID, "type": "Building", "location": NULLS["location"], "@context": [ctx.url]}
    assert_problem(create(api, body), 400, "BadRequestData")


# -- 013 delete attribute: scope, VocabProperty --------------------------------------------------------------


def test_013_04_delete_the_scope(api: TestClient) -> None:
    body = {"id": V1_ID, "type": "Building", "scope": "/Madrid/Gardens/ParqueNorte"}
    assert api.post(ENTITIES, json=body, headers=JSON).status_code == 201
    response = api.delete(f"{V1}/entities/{V1_ID}/attrs/scope", params={"deleteAll": "false"})
    assert response.status_code == 204 and response.content == b""
    got = api.get(f"{V1}/entities/{V1_ID}", headers={"Accept": "application/json"}).json()
    assert got == {"id": V1_ID, "type": "Building"}


def test_013_07_01_delete_a_vocab_property(api: TestClient, ctx: SuiteContext) -> None:
    vocab = {"type": "VocabProperty", "vocab": "monument"}
    assert (
        create(
            api, {"id": B_ID, "type": "Building", "vocabProperty": vocab, "@context": [ctx.url]}
        ).status_code
        == 201
    )
    url = f"{V1}/entities/{B_ID}/attrs/vocabProperty"
    assert api.delete(url, params={"deleteAll": "false"}, headers=ctx.link).status_code == 204
    assert retrieve(api, ctx, B_ID).json() == {"id": B_ID, "type": "Building"}


# -- 003 batch create: the default @context, a JSON body with an @context -----------------------------------


def test_003_05_batch_create_with_the_default_context(api: TestClient, ctx: SuiteContext) -> None:
    entity = {"id": B_ID, "type": "Building", "almostFull": {"type": "Property", "value": False}}
    response = api.post(f"{V1}/entityOperations/create", json=[entity], headers=JSON)
    assert response.status_code == 201, response.text
    assert "almostFull" in api.get(f"{V1}/entities/{B_ID}").json()
    assert "ngsi-ld:default-context/almostFull" in retrieve(api, ctx, B_ID).json()


def test_003_06_01_json_batch_with_a_context_fails_each_entity(api: TestClient, ctx: SuiteContext) -> None:
    entity = {"id": B_ID, "type": "Building", "@context": [ctx.url]}
    response = api.post(f"{V1}/entityOperations/create", json=[entity], headers=JSON)
    assert response.status_code == 207, response.text
    error = response.json()["errors"][0]["error"]
    assert error["type"].endswith("/BadRequestData") and error.get("title")


def test_003_08_01_ld_json_batch_without_a_context_fails_each_entity(api: TestClient) -> None:
    entity = {"id": B_ID, "type": "Building"}
    response = api.post(f"{V1}/entityOperations/create", json=[entity], headers=LD_JSON)
    assert response.status_code == 207, response.text
    error = response.json()["errors"][0]["error"]
    assert error["type"].endswith("/BadRequestData") and error.get("title")


def test_003_09_01_ld_json_batch_with_a_link_header(api: TestClient, ctx: SuiteContext) -> None:
    entity = {"id": B_ID, "type": "Building", "@context": [ctx.url]}
    response = api.post(f"{V1}/entityOperations/create", json=[entity], headers={**LD_JSON, **ctx.link})
    assert_problem(response, 400, "BadRequestData")


def test_003_10_01_batch_with_a_repeated_id(api: TestClient, ctx: SuiteContext) -> None:
    first, second = B_ID, "urn:ngsi-ld:Building:0000000000000002"
    batch = [{"id": i, "type": "Building", "@context": [ctx.url]} for i in (first, second, first)]
    response = api.post(f"{V1}/entityOperations/create", json=batch, headers=LD_JSON)
    assert response.status_code == 207, response.text
    body = response.json()
    assert sorted(body["success"]) == sorted([first, second])
    assert [e["entityId"] for e in body["errors"]] == [first]


# -- 004 batch upsert ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "body", "status", "kind"),
    [
        ("upsert", b'[{"id": "urn:ngsi-ld:Building:1", "type": ', 400, "InvalidRequest"),
        ("upsert", None, 207, "BadRequestData"),
        ("merge", b'[{"id": "urn:ngsi-ld:Building:1", "type": ', 400, "InvalidRequest"),
        ("merge", None, 207, "BadRequestData"),
    ],
    ids=[
        "004_06_01_invalid_json",
        "004_06_02_invalid_json_ld",
        "057_03_01_invalid_json",
        "057_03_02_invalid_json_ld",
    ],
)
def test_004_06_057_03_batch_upsert_and_merge_with_an_invalid_request(
    api: TestClient, ctx: SuiteContext, operation: str, body: bytes | None, status: int, kind: str
) -> None:
    url = f"{V1}/entityOperations/{operation}"
    if body is None:
        entity = {
            "id": B_ID,
            "type": "Building",
            "name": {"type": "Property", "value": None},
            "@context": [ctx.url],
        }
        response = api.post(url, json=[entity], headers=LD_JSON)
    else:
        response = api.post(url, content=body, headers=LD_JSON)
    assert response.status_code == status, response.text
    problem = response.json() if status == 400 else response.json()["errors"][0]["error"]
    assert problem["type"].endswith("/" + kind) and problem.get("title")


@pytest.mark.parametrize(
    "extra",
    [{"scope": "/Madrid/Gardens/ParqueNorte"}, {"type": ["Building", "Vehicle"]}],
    ids=["004_03_04_scope", "004_08_01_new_types"],
)
def test_004_upsert_replaces_existing_entities(
    api: TestClient, ctx: SuiteContext, extra: dict[str, Any]
) -> None:
    ids = [B_ID, "urn:ngsi-ld:Building:0000000000000002"]
    for entity_id in ids:
        assert create(api, {"id": entity_id, "type": "Building", "@context": [ctx.url]}).status_code == 201
    batch = [{"id": i, "type": "Building", **extra, "@context": [ctx.url]} for i in ids]
    response = api.post(f"{V1}/entityOperations/upsert", json=batch, headers=LD_JSON)
    assert response.status_code == 204 and response.content == b""
    found = api.get(ENTITIES, params={"id": ",".join(ids), "type": "Building"}, headers=ctx.link).json()
    assert len(found) == 2
    for entity in found:
        for key, value in extra.items():
            assert entity[key] == value


# -- 005 batch update types, 006 batch delete of a repeated id, 057 batch merge of invalid requests ---------


def test_005_05_01_batch_update_adds_a_type(api: TestClient, ctx: SuiteContext) -> None:
    ids = [B_ID, "urn:ngsi-ld:Building:0000000000000002"]
    for entity_id in ids:
        assert create(api, {"id": entity_id, "type": "Building", "@context": [ctx.url]}).status_code == 201
    batch = [{"id": i, "type": ["Building", "Vehicle"], "@context": [ctx.url]} for i in ids]
    response = api.post(f"{V1}/entityOperations/update", json=batch, headers=LD_JSON)
    assert response.status_code == 204 and response.content == b""
    found = api.get(ENTITIES, params={"id": ",".join(ids), "type": "Building"}, headers=ctx.link).json()
    assert [sorted(e["type"]) for e in found] == [["Building", "Vehicle"]] * 2


def test_006_04_01_batch_delete_of_a_repeated_id(api: TestClient, ctx: SuiteContext) -> None:
    assert create(api, {"id": B_ID, "type": "Building", "@context": [ctx.url]}).status_code == 201
    response = api.post(f"{V1}/entityOperations/delete", json=[B_ID, B_ID], headers=JSON)
    assert response.status_code == 207, response.text
    body = response.json()
    assert body["success"] == [B_ID] and [e["entityId"] for e in body["errors"]] == [B_ID]


# -- 056 merge: the NGSI-LD Null deletes an attribute, one instance, the default instance; 054_03 scopes -----


def _merge(api: TestClient, ctx: SuiteContext, fragment: dict[str, Any]) -> Any:
    body = {"id": B_ID, "type": "Building", **fragment, "@context": [ctx.url]}
    return api.patch(f"{V1}/entities/{B_ID}", json=body, headers=LD_JSON)


@pytest.mark.parametrize("attr", list(NULLS), ids=["056_03_01", "056_03_02", "056_03_03", "056_03_04"])
def test_056_03_merge_null_deletes_the_attribute(api: TestClient, ctx: SuiteContext, attr: str) -> None:
    assert create(api, {"id": B_ID, "type": "Building", **KINDS, "@context": [ctx.url]}).status_code == 201
    response = _merge(api, ctx, {attr: NULLS[attr]})
    assert response.status_code == 204 and response.content == b""
    got = retrieve(api, ctx, B_ID).json()
    assert attr not in got and all(got[name] == KINDS[name] for name in KINDS if name != attr)


@pytest.mark.parametrize(
    ("attr", "dataset", "left"),
    [
        *[(a, DATASET, "default") for a in NULLS],
        *[(a, None, "dataset") for a in NULLS],
    ],
    ids=[f"056_04_0{n}" for n in range(1, 5)] + [f"056_05_0{n}" for n in range(1, 5)],
)
def test_056_merge_null_deletes_one_instance(
    api: TestClient, ctx: SuiteContext, attr: str, dataset: str | None, left: str
) -> None:
    both = {name: [kind, {**kind, "datasetId": DATASET}] for name, kind in KINDS.items()}
    assert create(api, {"id": B_ID, "type": "Building", **both, "@context": [ctx.url]}).status_code == 201
    null = {**NULLS[attr], "datasetId": dataset} if dataset else NULLS[attr]
    assert _merge(api, ctx, {attr: null}).status_code == 204
    got = retrieve(api, ctx, B_ID).json()
    assert got[attr] == (KINDS[attr] if left == "default" else {**KINDS[attr], "datasetId": DATASET})
    assert all(len(got[name]) == 2 for name in KINDS if name != attr)


def test_054_03_01_replace_an_entity_having_scopes(api: TestClient, ctx: SuiteContext) -> None:
    body = {"id": B_ID, "type": "Building", "scope": "/Madrid/Gardens/ParqueNorte"}
    assert api.post(ENTITIES, json=body, headers={**JSON, **ctx.link}).status_code == 201
    scopes = ["/Madrid/Gardens/ParqueNorte", "/CompanyA/OrganizationB/UnitC"]
    replacement = {"id": B_ID, "type": "Building", "scope": scopes}
    response = api.put(f"{V1}/entities/{B_ID}", json=replacement, headers={**JSON, **ctx.link})
    assert response.status_code == 204 and response.content == b""
    assert retrieve(api, ctx, B_ID).json()["scope"] == scopes
