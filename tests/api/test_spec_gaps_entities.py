"""Core API gaps closed against GS CIM 009 V1.8: ``type`` / ``local`` / ``csf`` parameters, ``datasetId`` and
``deleteAll`` checks, the options and formats V1.8 defines, merge parameters (``observedAt``, keyValues
bodies, ``jsonKeys``, ``expandValues``, ``lang``), ``NGSILD-Tenant`` in responses, JSON-LD batch delete.
Both backends.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.api.conftest import V1, entity, problem_type

B = "urn:ngsi-ld:Building:sz-civic"
NULL = "urn:ngsi-ld:null"


@pytest.fixture
def civic(api: TestClient) -> TestClient:
    body = {
        **entity(
            B,
            ["Building", "Landmark"],
            height={"type": "Property", "value": 80, "observedAt": "2024-01-01T00:00:00Z"},
        ),
        "owner": {"type": "Relationship", "object": "urn:ngsi-ld:Organization:futian"},
        "name": {"type": "LanguageProperty", "languageMap": {"en": "Civic Centre", "zh": "市民中心"}},
        "floors": {"type": "Property", "value": 10},
        "usage": [
            {"type": "Property", "value": "office", "datasetId": "urn:ngsi-ld:Dataset:a"},
            {"type": "Property", "value": "hall", "datasetId": "urn:ngsi-ld:Dataset:b"},
        ],
    }
    assert api.post(f"{V1}/entities", json=body).status_code == 201
    return api


def current(api: TestClient, **params: Any) -> dict[str, Any]:
    response = api.get(f"{V1}/entities/{B}", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


# -- type, local, csf -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expr", "found"),
    [
        ("Building", True),
        ("Landmark", True),
        ("Road", False),
        ("Road,Building", True),
        ("Road|Landmark", True),
        ("Building;Landmark", True),
        ("(Building;Road)", False),
    ],
)
def test_retrieve_with_a_type_expression(civic: TestClient, expr: str, found: bool) -> None:
    response = civic.get(f"{V1}/entities/{B}", params={"type": expr})
    if found:
        assert response.status_code == 200 and response.json()["id"] == B
    else:
        assert response.status_code == 404 and problem_type(response) == "ResourceNotFound"


def test_type_is_expanded_with_the_request_context(civic: TestClient) -> None:
    user = {"@context": {"Edifice": "https://uri.etsi.org/ngsi-ld/default-context/Building"}}
    url = civic.post(f"{V1}/jsonldContexts", json=user).headers["location"]
    link = f'<{url}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'
    assert (
        civic.get(f"{V1}/entities/{B}", params={"type": "Edifice"}, headers={"Link": link}).status_code == 200
    )
    assert civic.get(f"{V1}/entities/{B}", params={"type": "Edifice"}).status_code == 404


def test_writes_naming_another_type_change_nothing(civic: TestClient) -> None:
    wrong = {"type": "Road"}
    path = f"{V1}/entities/{B}"
    attempts = [
        civic.patch(path, params=wrong, json={"floors": 11}),
        civic.put(path, params=wrong, json=entity(B, "Building", floors=11)),
        civic.post(f"{path}/attrs", params=wrong, json={"floors": 11}),
        civic.patch(f"{path}/attrs", params=wrong, json={"floors": 11}),
        civic.patch(f"{path}/attrs/floors", params=wrong, json={"value": 11}),
        civic.put(f"{path}/attrs/floors", params=wrong, json={"type": "Property", "value": 11}),
        civic.delete(f"{path}/attrs/floors", params=wrong),
        civic.delete(path, params=wrong),
    ]
    for response in attempts:
        assert response.status_code == 404, (response.request.method, response.request.url)
        assert problem_type(response) == "ResourceNotFound"
    assert current(civic)["floors"]["value"] == 10
    assert civic.patch(path, params={"type": "Landmark"}, json={"floors": 11}).status_code == 204
    assert civic.delete(path, params={"type": "Building"}).status_code == 204
    assert civic.get(path).status_code == 404


def test_local_is_a_boolean_everywhere(civic: TestClient) -> None:
    assert civic.get(f"{V1}/entities/{B}", params={"local": "true"}).status_code == 200
    assert civic.get(f"{V1}/entities", params={"type": "Building", "local": "false"}).status_code == 200
    for response in (
        civic.get(f"{V1}/entities/{B}", params={"local": "yes"}),
        civic.get(f"{V1}/entities", params={"local": "1"}),
        civic.patch(f"{V1}/entities/{B}", params={"local": "maybe"}, json={"floors": 12}),
    ):
        assert response.status_code == 400 and problem_type(response) == "InvalidRequest"
    assert current(civic)["floors"]["value"] == 10


def test_csf_is_parsed_on_queries(civic: TestClient) -> None:
    ok = civic.get(f"{V1}/entities", params={"type": "Building", "csf": "endpoint~=.*futian.*"})
    assert ok.status_code == 200 and [e["id"] for e in ok.json()] == [B]
    bad = civic.get(f"{V1}/entities", params={"type": "Building", "csf": "endpoint=="})
    assert bad.status_code == 400


# -- datasetId and deleteAll ----------------------------------------------------------------------------


def test_attribute_deletion_parameters(civic: TestClient) -> None:
    path = f"{V1}/entities/{B}/attrs/usage"
    assert civic.delete(path, params={"deleteAll": "yes"}).status_code == 400
    assert civic.delete(path, params={"datasetId": "not a uri"}).status_code == 400
    missing = civic.delete(path, params={"datasetId": "urn:ngsi-ld:Dataset:z"})
    assert missing.status_code == 404
    assert civic.delete(path).status_code == 404  # no default instance
    assert civic.delete(path, params={"datasetId": "urn:ngsi-ld:Dataset:a"}).status_code == 204
    assert current(civic)["usage"]["datasetId"] == "urn:ngsi-ld:Dataset:b"
    assert civic.delete(path, params={"deleteAll": "true"}).status_code == 204
    assert "usage" not in current(civic)


# -- options and formats --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"options": "observedAt"},
        {"options": "keyValues,concise"},
        {"format": "geojson"},
        {"format": "keyValues", "options": "concise"},
        {"options": "temporalValues"},
    ],
)
def test_options_v1_8_does_not_define_here_are_400(civic: TestClient, params: dict[str, str]) -> None:
    response = civic.get(f"{V1}/entities/{B}", params=params)
    assert response.status_code == 400 and problem_type(response) == "InvalidRequest"


@pytest.mark.parametrize(
    ("params", "height"),
    [
        ({"format": "simplified"}, 80),
        ({"format": "keyValues"}, 80),
        ({"options": "simplified"}, 80),
        ({"format": "concise"}, {"value": 80, "observedAt": "2024-01-01T00:00:00Z"}),
        ({"format": "normalized", "options": "normalized"}, None),
    ],
)
def test_formats_v1_8_defines(civic: TestClient, params: dict[str, str], height: Any) -> None:
    body = current(civic, **params)
    expected = height or {"type": "Property", "value": 80, "observedAt": "2024-01-01T00:00:00Z"}
    assert body["height"] == expected


def test_sys_attrs_with_a_format(civic: TestClient) -> None:
    body = current(civic, format="concise", options="sysAttrs")
    assert "createdAt" in body and "modifiedAt" in body["height"]


# -- merge parameters -----------------------------------------------------------------------------------


def test_merge_observed_at_parameter(civic: TestClient) -> None:
    stamp = "2024-09-01T08:00:00Z"
    merged = civic.patch(
        f"{V1}/entities/{B}", params={"observedAt": stamp}, json={"height": 81, "floors": 11}
    )
    assert merged.status_code == 204
    body = current(civic)
    assert body["height"] == {"type": "Property", "value": 81, "observedAt": stamp}
    assert "observedAt" not in body["floors"]  # it had none before
    given = civic.patch(
        f"{V1}/entities/{B}",
        params={"observedAt": stamp},
        json={"height": {"value": 82, "observedAt": "2024-09-02T00:00:00Z"}},
    )
    assert given.status_code == 204 and current(civic)["height"]["observedAt"] == "2024-09-02T00:00:00Z"
    assert (
        civic.patch(f"{V1}/entities/{B}", params={"observedAt": "yesterday"}, json={"floors": 1}).status_code
        == 400
    )


def test_key_values_merge_keeps_kinds(civic: TestClient) -> None:
    body = {
        "owner": "urn:ngsi-ld:Organization:nanshan",
        "height": 85,
        "name": "Civic Center",
        "settings": {"open": True, "value": 3},
        "category": "civic",
        "entrance": {"type": "Point", "coordinates": [114.06, 22.54]},
        "floors": NULL,
    }
    params = {"options": "keyValues", "jsonKeys": "settings", "expandValues": "category", "lang": "en"}
    assert civic.patch(f"{V1}/entities/{B}", params=params, json=body).status_code == 204
    now = current(civic)
    assert now["owner"] == {"type": "Relationship", "object": "urn:ngsi-ld:Organization:nanshan"}
    assert now["height"]["value"] == 85 and now["height"]["observedAt"] == "2024-01-01T00:00:00Z"
    assert now["name"] == {
        "type": "LanguageProperty",
        "languageMap": {"en": "Civic Center", "zh": "市民中心"},
    }
    assert now["settings"] == {"type": "JsonProperty", "json": {"open": True, "value": 3}}
    assert now["category"] == {"type": "VocabProperty", "vocab": "civic"}
    assert now["entrance"]["type"] == "GeoProperty"
    assert "floors" not in now
    bad = civic.patch(f"{V1}/entities/{B}", params={"options": "keyValues"}, json={"owner": "not a uri"})
    assert bad.status_code == 400
    assert (
        civic.patch(f"{V1}/entities/{B}", params={"options": "sysAttrs"}, json={"height": 1}).status_code
        == 400
    )


def test_lang_merges_a_string_into_a_language_map(civic: TestClient) -> None:
    merged = civic.patch(
        f"{V1}/entities/{B}",
        params={"lang": "fr"},
        json={"name": {"type": "Property", "value": "Centre civique"}},
    )
    assert merged.status_code == 204
    assert current(civic)["name"]["languageMap"] == {
        "en": "Civic Centre",
        "zh": "市民中心",
        "fr": "Centre civique",
    }


def test_expand_values_in_q(civic: TestClient) -> None:
    user = {
        "@context": {
            "civic": "https://example.org/category/civic",
            "category": "https://example.org/category",
        }
    }
    url = civic.post(f"{V1}/jsonldContexts", json=user).headers["location"]
    link = {"Link": f'<{url}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'}
    vocab = {"category": {"type": "VocabProperty", "vocab": "civic"}}
    assert civic.post(f"{V1}/entities/{B}/attrs", json=vocab, headers=link).status_code == 204
    # Stored as the IRI the user's context gives the term; q compares literally unless told to expand.
    plain = civic.get(f"{V1}/entities", params={"q": 'category=="civic"'}, headers=link)
    assert plain.status_code == 200 and plain.json() == []
    expanded = civic.get(
        f"{V1}/entities", params={"q": 'category=="civic"', "expandValues": "category"}, headers=link
    )
    assert [e["id"] for e in expanded.json()] == [B]
    posted = civic.post(
        f"{V1}/entityOperations/query",
        params={"expandValues": "category"},
        json={"type": "Query", "q": 'category=="civic"'},
        headers=link,
    )
    assert [e["id"] for e in posted.json()] == [B]


# -- NGSILD-Tenant in responses, JSON-LD batch delete ---------------------------------------------------


def test_the_tenant_is_named_in_every_response(api: TestClient) -> None:
    tenant = {"NGSILD-Tenant": "futian"}
    created = api.post(f"{V1}/entities", json=entity("urn:x:t1"), headers=tenant)
    assert created.status_code == 201 and created.headers["ngsild-tenant"] == "futian"
    read = api.get(f"{V1}/entities/urn:x:t1", headers=tenant)
    assert read.status_code == 200 and read.headers["ngsild-tenant"] == "futian"
    missing = api.get(f"{V1}/entities/urn:x:none", headers=tenant)
    assert missing.status_code == 404 and missing.headers["ngsild-tenant"] == "futian"
    assert api.options(f"{V1}/entities", headers=tenant).headers["ngsild-tenant"] == "futian"
    assert "ngsild-tenant" not in api.get(f"{V1}/entities").headers
    assert "ngsild-tenant" not in api.get(f"{V1}/entities", headers={"NGSILD-Tenant": "bad name!"}).headers


def test_batch_delete_takes_json_ld(api: TestClient) -> None:
    ids = ["urn:x:d1", "urn:x:d2", "urn:x:d3"]
    assert api.post(f"{V1}/entityOperations/create", json=[entity(i) for i in ids]).status_code == 201
    ld = {"Content-Type": "application/ld+json"}
    assert api.post(f"{V1}/entityOperations/delete", json=ids[:2], headers=ld).status_code == 204
    partial = api.post(f"{V1}/entityOperations/delete", json=[ids[2], "urn:x:none"], headers=ld)
    assert partial.status_code == 207
    assert partial.json()["success"] == [ids[2]] and partial.json()["errors"][0]["entityId"] == "urn:x:none"
    assert api.get(f"{V1}/entities", params={"id": ",".join(ids), "local": "true"}).json() == []
