"""ETSI NGSI-LD test suite cases for entity provision and retrieval (001, 002, 010-013, 018, 054, 056 and the
402/404/408/418/5711 extension cases), replayed in-process with the suite's request shapes (trailing
slashes, Link headers, JSON-LD bodies). Both backends.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.api.conftest import V1
from tests.api.etsi_support import (
    JSON,
    LD_JSON,
    VOCAB,
    SuiteContext,
    assert_problem,
    building,
)

B1 = "urn:ngsi-ld:Building:0000000000000001"
B2 = "urn:ngsi-ld:Building:0000000000000002"


@pytest.fixture
def created(api: TestClient, ctx: SuiteContext) -> SuiteContext:
    response = api.post(f"{V1}/entities/", json=building(B1, ctx), headers=LD_JSON)
    assert response.status_code == 201, response.text
    return ctx


# -- 001 create entity ----------------------------------------------------------------------------------


def test_001_01_create_entity_with_ld_json(api: TestClient, ctx: SuiteContext) -> None:
    response = api.post(f"{V1}/entities/", json=building(B1, ctx), headers=LD_JSON)
    assert response.status_code == 201
    assert response.headers["location"].endswith(f"/entities/{B1}")
    assert response.content == b""


def test_001_01_create_entity_with_json_and_link(api: TestClient, ctx: SuiteContext) -> None:
    response = api.post(f"{V1}/entities/", json=building(B1), headers={**JSON, **ctx.link})
    assert response.status_code == 201
    got = api.get(f"{V1}/entities/{B1}", headers=ctx.link).json()
    assert got["type"] == "Building" and got["name"]["value"] == "Civic Centre"


@pytest.mark.parametrize(
    ("body", "kind"),
    [(b'{"id": "urn:ngsi-ld:Building:1", "type": ', "InvalidRequest"), (b"{}", "BadRequestData")],
    ids=["001_02_01_invalid_json", "001_02_02_empty_json"],
)
def test_001_02_create_entity_with_invalid_request(api: TestClient, body: bytes, kind: str) -> None:
    assert_problem(api.post(f"{V1}/entities/", content=body, headers=JSON), 400, kind)


def test_001_03_create_entity_that_already_exists(api: TestClient, created: SuiteContext) -> None:
    response = api.post(f"{V1}/entities/", json=building(B1, created), headers=LD_JSON)
    assert_problem(response, 409, "AlreadyExists")


@pytest.mark.parametrize("entity_id", ["thisisaninvaliduri", None], ids=["invalid_id", "missing_id"])
def test_001_04_create_entity_with_invalid_or_missing_id(
    api: TestClient, ctx: SuiteContext, entity_id: str | None
) -> None:
    body = building("x", ctx)
    if entity_id is None:
        del body["id"]
    else:
        body["id"] = entity_id
    assert_problem(api.post(f"{V1}/entities/", json=body, headers=LD_JSON), 400, "BadRequestData")


def test_001_05_json_ld_body_without_context_is_bad_request(api: TestClient) -> None:
    response = api.post(f"{V1}/entities/", json=building(B1), headers=LD_JSON)
    assert_problem(response, 400, "BadRequestData")


def test_001_06_json_body_must_not_carry_a_context(api: TestClient, ctx: SuiteContext) -> None:
    response = api.post(f"{V1}/entities/", json=building(B1, ctx), headers=JSON)
    assert_problem(response, 400, "BadRequestData")


# -- 002 delete entity ------------------------------------------------------------------------------------


def test_002_01_delete_entity(api: TestClient, created: SuiteContext) -> None:
    assert api.delete(f"{V1}/entities/{B1}").status_code == 204
    assert_problem(api.get(f"{V1}/entities/{B1}"), 404, "ResourceNotFound")


def test_002_02_01_delete_entity_with_invalid_uri(api: TestClient) -> None:
    assert_problem(api.delete(f"{V1}/entities/thisisaninvaliduri"), 400, "BadRequestData")


def test_002_03_delete_unknown_entity(api: TestClient) -> None:
    assert_problem(api.delete(f"{V1}/entities/{B2}"), 404, "ResourceNotFound")


# -- 010 append, 011 update, 012 partial update, 013 delete attributes --------------------------------


def test_010_01_append_attributes(api: TestClient, created: SuiteContext) -> None:
    fragment = {"totalSpotNumber": {"type": "Property", "value": 300}, "@context": created.body}
    response = api.post(f"{V1}/entities/{B1}/attrs/", json=fragment, headers=LD_JSON)
    assert response.status_code == 204
    got = api.get(f"{V1}/entities/{B1}", headers=created.link).json()
    assert got["totalSpotNumber"]["value"] == 300


def test_010_02_append_with_no_overwrite_reports_the_kept_attribute(
    api: TestClient, created: SuiteContext
) -> None:
    fragment = {"name": {"type": "Property", "value": "Other"}, "@context": created.body}
    response = api.post(f"{V1}/entities/{B1}/attrs/?options=noOverwrite", json=fragment, headers=LD_JSON)
    assert response.status_code == 207
    assert response.json()["notUpdated"][0]["attributeName"] == "name"
    assert api.get(f"{V1}/entities/{B1}", headers=created.link).json()["name"]["value"] == "Civic Centre"


def test_010_03_append_to_unknown_entity(api: TestClient, ctx: SuiteContext) -> None:
    fragment = {"name": {"type": "Property", "value": "x"}, "@context": ctx.body}
    response = api.post(f"{V1}/entities/{B2}/attrs/", json=fragment, headers=LD_JSON)
    assert_problem(response, 404, "ResourceNotFound")


def test_010_04_append_to_entity_with_invalid_uri(api: TestClient, ctx: SuiteContext) -> None:
    fragment = {"name": {"type": "Property", "value": "x"}, "@context": ctx.body}
    response = api.post(f"{V1}/entities/notauri/attrs/", json=fragment, headers=LD_JSON)
    assert_problem(response, 400, "BadRequestData")


def test_011_01_update_attributes(api: TestClient, created: SuiteContext) -> None:
    fragment = {"name": {"type": "Property", "value": "Renamed"}, "@context": created.body}
    assert api.patch(f"{V1}/entities/{B1}/attrs/", json=fragment, headers=LD_JSON).status_code == 204
    assert api.get(f"{V1}/entities/{B1}", headers=created.link).json()["name"]["value"] == "Renamed"


def test_011_02_update_reports_attributes_that_do_not_exist(api: TestClient, created: SuiteContext) -> None:
    fragment = {"unknownAttr": {"type": "Property", "value": 1}, "@context": created.body}
    response = api.patch(f"{V1}/entities/{B1}/attrs/", json=fragment, headers=LD_JSON)
    assert response.status_code == 207
    assert [n["attributeName"] for n in response.json()["notUpdated"]] == ["unknownAttr"]


def test_012_01_partial_attribute_update(api: TestClient, created: SuiteContext) -> None:
    response = api.patch(
        f"{V1}/entities/{B1}/attrs/name", json={"value": "Tower"}, headers={**JSON, **created.link}
    )
    assert response.status_code == 204
    assert api.get(f"{V1}/entities/{B1}", headers=created.link).json()["name"]["value"] == "Tower"


def test_012_02_partial_update_of_missing_attribute(api: TestClient, created: SuiteContext) -> None:
    response = api.patch(
        f"{V1}/entities/{B1}/attrs/nothere", json={"value": 1}, headers={**JSON, **created.link}
    )
    assert_problem(response, 404, "ResourceNotFound")


def test_013_01_delete_attribute(api: TestClient, created: SuiteContext) -> None:
    assert api.delete(f"{V1}/entities/{B1}/attrs/name?", headers={**JSON, **created.link}).status_code == 204
    assert "name" not in api.get(f"{V1}/entities/{B1}", headers=created.link).json()


def test_013_02_delete_missing_attribute(api: TestClient, created: SuiteContext) -> None:
    response = api.delete(f"{V1}/entities/{B1}/attrs/nothere", headers={**JSON, **created.link})
    assert_problem(response, 404, "ResourceNotFound")


def test_013_03_delete_attribute_instance_by_dataset_id(api: TestClient, ctx: SuiteContext) -> None:
    body = building(
        B1,
        ctx,
        usage=[
            {"type": "Property", "value": "office"},
            {"type": "Property", "value": "hall", "datasetId": "urn:ngsi-ld:Dataset:french-name"},
        ],
    )
    assert api.post(f"{V1}/entities/", json=body, headers=LD_JSON).status_code == 201
    url = f"{V1}/entities/{B1}/attrs/usage?datasetId=urn:ngsi-ld:Dataset:french-name"
    assert api.delete(url, headers=ctx.link).status_code == 204
    usage = api.get(f"{V1}/entities/{B1}", headers=ctx.link).json()["usage"]
    assert usage["value"] == "office" and "datasetId" not in usage


# -- 018 retrieve entity ---------------------------------------------------------------------------------


def test_018_01_01_get_entity_by_id_as_ld_json(api: TestClient, created: SuiteContext) -> None:
    response = api.get(f"{V1}/entities/{B1}", headers={"Accept": "application/ld+json"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    body = response.json()
    assert body["id"] == B1 and body["type"] == VOCAB + "Building" and "@context" in body


def test_018_01_02_get_entity_with_the_users_context(api: TestClient, created: SuiteContext) -> None:
    response = api.get(f"{V1}/entities/{B1}", headers={"Accept": "application/ld+json", **created.link})
    body = response.json()
    assert body["type"] == "Building"
    assert body["airQualityLevel"] == {
        "type": "Property",
        "value": 4,
        "unitCode": "C62",
        "observedAt": "2020-09-09T16:40:00.000Z",
    }


def test_018_02_01_get_entity_with_invalid_uri(api: TestClient) -> None:
    response = api.get(f"{V1}/entities/thisisaninvaliduri", headers={"Accept": "application/ld+json"})
    assert_problem(response, 400, "BadRequestData")


def test_018_03_get_entity_with_attrs(api: TestClient, created: SuiteContext) -> None:
    body = api.get(f"{V1}/entities/{B1}", params={"attrs": "name"}, headers=created.link).json()
    assert set(body) == {"id", "type", "name"}


def test_018_04_get_entity_simplified(api: TestClient, created: SuiteContext) -> None:
    body = api.get(f"{V1}/entities/{B1}", params={"options": "keyValues"}, headers=created.link).json()
    assert body == {
        "id": B1,
        "type": "Building",
        "name": "Civic Centre",
        "subCategory": "office",
        "airQualityLevel": 4,
        "almostFull": False,
    }


def test_018_05_get_unknown_entity(api: TestClient) -> None:
    assert_problem(api.get(f"{V1}/entities/{B2}"), 404, "ResourceNotFound")


def test_018_06_get_entity_with_sys_attrs(api: TestClient, created: SuiteContext) -> None:
    body = api.get(f"{V1}/entities/{B1}", params={"options": "sysAttrs"}, headers=created.link).json()
    assert "createdAt" in body and "modifiedAt" in body and "createdAt" in body["name"]


def test_018_07_get_entity_as_geojson(api: TestClient, ctx: SuiteContext) -> None:
    location = {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [114.06, 22.54]}}
    assert (
        api.post(f"{V1}/entities/", json=building(B1, ctx, location=location), headers=LD_JSON).status_code
        == 201
    )
    response = api.get(f"{V1}/entities/{B1}", headers={"Accept": "application/geo+json", **ctx.link})
    assert response.status_code == 200
    feature = response.json()
    assert feature["type"] == "Feature" and feature["id"] == B1
    assert feature["geometry"] == location["value"]


# -- 054 replace, 056 merge ------------------------------------------------------------------------------


def test_054_01_replace_entity(api: TestClient, created: SuiteContext) -> None:
    replacement = {
        "id": B1,
        "type": "Building",
        "floors": {"type": "Property", "value": 7},
        "@context": created.body,
    }
    assert api.put(f"{V1}/entities/{B1}", json=replacement, headers=LD_JSON).status_code == 204
    body = api.get(f"{V1}/entities/{B1}", headers=created.link).json()
    assert set(body) == {"id", "type", "floors"}


def test_054_02_replace_unknown_entity(api: TestClient, ctx: SuiteContext) -> None:
    replacement = {"id": B2, "type": "Building", "@context": ctx.body}
    assert_problem(api.put(f"{V1}/entities/{B2}", json=replacement, headers=LD_JSON), 404, "ResourceNotFound")


def test_056_01_merge_entity(api: TestClient, created: SuiteContext) -> None:
    patch = {"name": {"type": "Property", "value": "Merged"}, "floors": {"type": "Property", "value": 3}}
    response = api.patch(f"{V1}/entities/{B1}", json={**patch, "@context": created.body}, headers=LD_JSON)
    assert response.status_code == 204
    body = api.get(f"{V1}/entities/{B1}", headers=created.link).json()
    assert body["name"]["value"] == "Merged" and body["floors"]["value"] == 3 and "subCategory" in body


def test_056_02_merge_unknown_entity(api: TestClient, ctx: SuiteContext) -> None:
    patch = {"name": {"type": "Property", "value": "x"}, "@context": ctx.body}
    assert_problem(api.patch(f"{V1}/entities/{B2}", json=patch, headers=LD_JSON), 404, "ResourceNotFound")


# -- Antares extension TPs: 402 meta model, 404 core @context, 418 scope grammar, 5711 retrieve edges ---


@pytest.mark.parametrize(
    "attr",
    [
        {"type": "Property"},
        {"type": "Relationship"},
        {"type": "Property", "value": None},
        {"type": "LanguageProperty"},
    ],
    ids=["402_01_01_no_value", "402_01_02_no_object", "402_01_03_null_value", "402_01_04_no_language_map"],
)
def test_402_01_meta_model_violations(api: TestClient, ctx: SuiteContext, attr: dict[str, object]) -> None:
    body = {"id": B1, "type": "Building", "broken": attr, "@context": ctx.body}
    assert_problem(api.post(f"{V1}/entities/", json=body, headers=LD_JSON), 400, "BadRequestData")


@pytest.mark.parametrize(
    "observed",
    ["notadate", {"type": "Property", "value": "2020-08-01T12:03:00Z"}],
    ids=["408_01_01_not_a_date_time", "408_01_03_reified"],
)
def test_408_01_invalid_temporal_property(api: TestClient, ctx: SuiteContext, observed: object) -> None:
    body = {"id": B1, "type": "Building", "speed": {"type": "Property", "value": 1, "observedAt": observed}}
    response = api.post(f"{V1}/entities/", json={**body, "@context": ctx.body}, headers=LD_JSON)
    assert_problem(response, 400, "BadRequestData")


def test_404_01_01_json_ld_keywords_accepted_and_aliased(api: TestClient, ctx: SuiteContext) -> None:
    body = {"@id": B1, "@type": "Vehicle", "speed": {"type": "Property", "value": 42}, "@context": ctx.body}
    assert api.post(f"{V1}/entities/", json=body, headers=LD_JSON).status_code == 201
    got = api.get(f"{V1}/entities/{B1}", headers=ctx.link).json()
    assert got["id"] == B1 and got["type"] == "Vehicle" and "@id" not in got and "@type" not in got


@pytest.mark.parametrize(
    ("scope", "status"),
    [
        ("9bad", 400),
        ("/a//b", 400),
        ("a-b", 400),
        ("urn:ngsi-ld:null", 400),
        (["/ok", "9bad"], 400),
        ("/Madrid/Gardens/ParqueNorte", 201),
    ],
    ids=["418_01_01", "418_01_02", "418_01_03", "418_01_04", "418_01_05", "418_01_06"],
)
def test_418_01_scope_grammar(api: TestClient, scope: object, status: int) -> None:
    body = {"id": B1, "type": "Building", "scope": scope}
    response = api.post(f"{V1}/entities/", json=body, headers=JSON)
    if status == 201:
        assert response.status_code == 201
    else:
        assert_problem(response, status, "BadRequestData")


def test_5711_01_01_type_selector_mismatch(api: TestClient, created: SuiteContext) -> None:
    headers = {"Accept": "application/json", **created.link}
    assert_problem(api.get(f"{V1}/entities/{B1}?type=Vehicle", headers=headers), 404, "ResourceNotFound")
    assert api.get(f"{V1}/entities/{B1}?type=Building", headers=headers).status_code == 200


def test_5711_01_02_geometry_property_needs_geojson(api: TestClient, ctx: SuiteContext) -> None:
    location = {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [114.06, 22.54]}}
    assert (
        api.post(f"{V1}/entities/", json=building(B1, ctx, location=location), headers=LD_JSON).status_code
        == 201
    )
    url = f"{V1}/entities/{B1}?geometryProperty=location"
    assert_problem(api.get(url, headers={"Accept": "application/ld+json"}), 400, "BadRequestData")
    assert api.get(url, headers={"Accept": "application/geo+json"}).status_code == 200


# -- 404_01_02 core terms win, 408_01_02 UTC DateTimes only, 6311_01 expiresAt (4.22 transient entities) ---

V1_8_CORE = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.6.jsonld"
TRANSIENT = "urn:ngsi-ld:Vehicle:6311-transient"
FAR = "2100-01-01T00:00:00Z"


def test_404_01_02_user_context_cannot_redefine_a_core_term(api: TestClient, ctx: SuiteContext) -> None:
    body = {
        "id": B1,
        "type": "Vehicle",
        "speed": {"type": "Property", "value": 42},
        "@context": [{"Property": "https://evil.example/Property"}, ctx.url],
    }
    assert api.post(f"{V1}/entities/", json=body, headers=LD_JSON).status_code == 201
    got = api.get(f"{V1}/entities/{B1}", headers=ctx.link)
    assert got.status_code == 200
    assert got.json()["speed"] == {"type": "Property", "value": 42}
    # The redefinition changed nothing: the same request under the suite context alone reads the same.
    linked = {"Link": f'<{V1_8_CORE}>; rel="http://www.w3.org/ns/json-ld#context"'}
    assert "speed" not in api.get(f"{V1}/entities/{B1}", headers=linked).json()  # a suite-vocabulary term


@pytest.mark.parametrize(
    "observed",
    ["2026-08-10T12:00:00+02:00", "2026-08-10T10:00:00+00:00", "2026-08-10T10:00:00", "2026-08-10"],
    ids=["408_01_02_offset", "408_01_02_zero_offset", "408_01_02_no_zone", "408_01_02_date_only"],
)
def test_408_01_02_observed_at_with_an_offset_instead_of_z(
    api: TestClient, ctx: SuiteContext, observed: str
) -> None:
    name = {"type": "Property", "value": "x", "observedAt": observed}
    body = {"id": B1, "type": "Building", "name": name, "@context": [V1_8_CORE]}
    assert_problem(api.post(f"{V1}/entities/", json=body, headers=LD_JSON), 400, "BadRequestData")
    # The general parser (a sub-attribute, an extra member) and the other write paths hold the same rule.
    nested = {
        "type": "Property",
        "value": 1,
        "note": {"type": "Property", "value": 2, "observedAt": observed},
    }
    assert_problem(
        api.post(f"{V1}/entities/", json={"id": B1, "type": "Building", "nested": nested}, headers=JSON),
        400,
        "BadRequestData",
    )
    assert api.post(f"{V1}/entities/", json=building(B1, ctx), headers=LD_JSON).status_code == 201
    patch = {"name": {"type": "Property", "value": "y", "observedAt": observed}, "@context": ctx.body}
    assert_problem(api.post(f"{V1}/entities/{B1}/attrs", json=patch, headers=LD_JSON), 400, "BadRequestData")
    assert_problem(api.patch(f"{V1}/entities/{B1}", json=patch, headers=LD_JSON), 400, "BadRequestData")
    name["observedAt"] = "2026-08-10T10:00:00.250Z"
    body["id"] = B2
    assert api.post(f"{V1}/entities/", json=body, headers=LD_JSON).status_code == 201


def _transient(api: TestClient, expires: str = FAR) -> None:
    speed = {"type": "Property", "value": 7, "observedAt": "2026-08-13T00:00:00Z", "expiresAt": expires}
    body = {"id": TRANSIENT, "type": "Vehicle", "expiresAt": expires, "speed": speed}
    response = api.post(f"{V1}/entities/", json=body, headers=JSON)
    assert response.status_code == 201, response.text


def test_6311_01_01_expires_at_is_absent_without_sys_attrs(api: TestClient) -> None:
    _transient(api)
    response = api.get(f"{V1}/entities/{TRANSIENT}")
    assert response.status_code == 200
    assert "expiresAt" not in response.text and "speed" in response.text
    for fmt in ("concise", "keyValues"):
        assert "expiresAt" not in api.get(f"{V1}/entities/{TRANSIENT}?format={fmt}").text
    assert "expiresAt" not in api.get(f"{V1}/entities/?type=Vehicle").text


def test_6311_01_02_expires_at_is_included_with_sys_attrs(api: TestClient) -> None:
    _transient(api)
    body = api.get(f"{V1}/entities/{TRANSIENT}", params={"options": "sysAttrs"}).json()
    assert body["expiresAt"] == FAR
    assert body["speed"]["expiresAt"] == FAR
    assert "createdAt" in body and "createdAt" in body["speed"]
    # A system member, not an attribute: absent from keyValues even with sysAttrs.
    assert api.get(f"{V1}/entities/{TRANSIENT}?format=keyValues&options=sysAttrs").json() == {
        "id": TRANSIENT,
        "type": "Vehicle",
        "speed": 7,
    }
    # A merge without one keeps it, and so does deleting an attribute; a merge naming one moves it; a
    # replacement sets what its body says.
    assert api.patch(f"{V1}/entities/{TRANSIENT}", json={"speed": 8}, headers=JSON).status_code == 204
    assert api.get(f"{V1}/entities/{TRANSIENT}?options=sysAttrs").json()["expiresAt"] == FAR
    merge = {"expiresAt": "2100-06-01T00:00:00Z", "colour": "red"}
    assert api.patch(f"{V1}/entities/{TRANSIENT}", json=merge, headers=JSON).status_code == 204
    assert api.delete(f"{V1}/entities/{TRANSIENT}/attrs/colour").status_code == 204
    moved = api.get(f"{V1}/entities/{TRANSIENT}?options=sysAttrs").json()
    assert moved["expiresAt"] == "2100-06-01T00:00:00Z" and "colour" not in moved
    bad = {"expiresAt": "2100-06-01T02:00:00+02:00"}
    assert_problem(api.patch(f"{V1}/entities/{TRANSIENT}", json=bad, headers=JSON), 400, "BadRequestData")
    later = "2101-01-01T00:00:00Z"
    body = {"id": TRANSIENT, "type": "Vehicle", "expiresAt": later, "speed": 9}
    assert api.put(f"{V1}/entities/{TRANSIENT}", json=body, headers=JSON).status_code == 204
    assert api.get(f"{V1}/entities/{TRANSIENT}?options=sysAttrs").json()["expiresAt"] == later
    body = {"id": TRANSIENT, "type": "Vehicle", "speed": 10}
    assert api.put(f"{V1}/entities/{TRANSIENT}", json=body, headers=JSON).status_code == 204
    assert "expiresAt" not in api.get(f"{V1}/entities/{TRANSIENT}?options=sysAttrs").json()


def test_6311_01_03_temporal_instances_follow_the_same_gate(api: TestClient) -> None:
    _transient(api)
    window = {"timerel": "after", "timeAt": "2020-01-01T00:00:00Z"}
    plain = api.get(f"{V1}/temporal/entities/{TRANSIENT}", params=window)
    assert plain.status_code in (200, 206) and "expiresAt" not in plain.text
    sys_attrs = api.get(f"{V1}/temporal/entities/{TRANSIENT}", params={**window, "options": "sysAttrs"})
    assert sys_attrs.status_code in (200, 206) and sys_attrs.json()["expiresAt"] == FAR


@pytest.mark.parametrize("expires", ["2100-01-01T02:00:00+02:00", "tomorrow", 5])
def test_6311_01_expires_at_must_be_a_utc_date_time(api: TestClient, expires: object) -> None:
    body = {"id": TRANSIENT, "type": "Vehicle", "expiresAt": expires}
    assert_problem(api.post(f"{V1}/entities/", json=body, headers=JSON), 400, "BadRequestData")
    body = {
        "id": TRANSIENT,
        "type": "Vehicle",
        "speed": {"type": "Property", "value": 1, "expiresAt": expires},
    }
    assert_problem(api.post(f"{V1}/entities/", json=body, headers=JSON), 400, "BadRequestData")


def test_6311_01_an_expired_entity_is_gone_and_purged(api: TestClient) -> None:
    _transient(api, "2020-01-01T00:00:00Z")  # already past: 4.22 transient storage removes it
    assert_problem(api.get(f"{V1}/entities/{TRANSIENT}"), 404, "ResourceNotFound")
    assert api.post(f"{V1}/entities/", json={"id": B1, "type": "Vehicle"}, headers=JSON).status_code == 201
    listed = api.get(f"{V1}/entities/?type=Vehicle").json()
    assert [e["id"] for e in listed] == [B1]  # queries hide it too, before the sweep purges it
    sweeper = api.app.state.expiry  # type: ignore[attr-defined]
    assert sweeper.sweep() == 1
    assert [e["id"] for e in api.get(f"{V1}/entities/?type=Vehicle").json()] == [B1]
    assert sweeper.sweep() == 0
    # Purged: the id is free again.
    _transient(api)
    assert api.get(f"{V1}/entities/{TRANSIENT}").status_code == 200
