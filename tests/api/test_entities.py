"""Entities and attributes through the HTTP API: create, read in every representation, replace, merge,
attribute append/update/partial update/delete, datasetId instances, history, @context rules."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from citytwin.core.entities import Entity
from citytwin.core.query import HistoryQuery
from citytwin.ngsild.representation import entity_from_body
from citytwin.storage.base import Store
from tests.api.conftest import V1, entity, problem_type

EID = "urn:ngsi-ld:Building:b1"
POINT = {"type": "Point", "coordinates": [114.05, 22.54]}
HEADERS = {"Content-Type": "application/json"}

ALL_KINDS: dict[str, Any] = {
    "id": EID,
    "type": "Building",
    "height": {
        "type": "Property",
        "value": 31.5,
        "unitCode": "MTR",
        "observedAt": "2024-05-01T08:00:00Z",
        "accuracy": {"type": "Property", "value": 0.2},
    },
    "owner": {"type": "Relationship", "object": "urn:ngsi-ld:Organization:o1"},
    "location": {"type": "GeoProperty", "value": POINT},
    "name": {"type": "LanguageProperty", "languageMap": {"en": "Civic Centre", "zh": "市民中心"}},
    "category": {"type": "VocabProperty", "vocab": "office"},
    "config": {"type": "JsonProperty", "json": {"a": [1, 2], "b": None}},
    "floors": {"type": "ListProperty", "valueList": [1, 2, 3]},
    "tenants": {"type": "ListRelationship", "objectList": [{"object": "urn:ngsi-ld:Org:1"}]},
    "address": {"type": "Property", "value": {"city": "Shenzhen", "street": "Fuzhong 3rd Rd"}},
    "temperature": [
        {"type": "Property", "value": 21.0},
        {"type": "Property", "value": 23.5, "datasetId": "urn:ngsi-ld:Dataset:roof"},
    ],
}


class Identity:
    """Names stay as they are."""

    def to_store(self, term: str) -> str:
        return term

    def from_store(self, name: str) -> str:
        return name


def post(api: TestClient, body: Any, **kw: Any) -> Any:
    return api.post(f"{V1}/entities", json=body, **kw)


def get(api: TestClient, entity_id: str = EID, **params: str) -> dict[str, Any]:
    response = api.get(f"{V1}/entities/{entity_id}", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


@pytest.mark.parametrize(
    "body",
    [
        ALL_KINDS,
        {
            "id": "urn:a:1",
            "type": ["A", "B", "A"],
            "scope": ["/x/y", "/z"],
            "p": {"type": "Property", "value": 1},
        },
        {"id": "urn:a:2", "type": "A", "r": {"type": "Relationship", "object": ["urn:x:1", "urn:x:2"]}},
        {"id": "urn:a:3", "type": "A", "p": {"value": "no type given"}, "r": {"object": "urn:x:1"}},
    ],
)
def test_body_parsing_agrees_with_the_core_model(body: dict[str, Any]) -> None:
    ours = entity_from_body(body, Identity())
    core = Entity.from_dict(body)
    assert ours.to_dict() == core.to_dict()


def test_create_then_retrieve_every_attribute_kind(api: TestClient) -> None:
    response = post(api, ALL_KINDS)
    assert response.status_code == 201, response.text
    assert response.headers["location"] == f"{V1}/entities/{EID}"
    assert response.content == b""
    assert get(api) == ALL_KINDS


def test_create_twice_is_409_already_exists(api: TestClient) -> None:
    assert post(api, entity(EID, height=1)).status_code == 201
    again = post(api, entity(EID, height=2))
    assert again.status_code == 409
    assert problem_type(again) == "AlreadyExists"


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"type": "Building"}, "no 'id'"),
        ({"id": "not a uri", "type": "Building"}, "URI"),
        ({"id": EID}, "no 'type'"),
        ({"id": EID, "type": "B", "p": {"type": "Property", "value": None}}, "null"),
        ({"id": EID, "type": "B", "r": {"type": "Relationship", "object": "nope"}}, "URI"),
        (
            {
                "id": EID,
                "type": "B",
                "g": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [1]}},
            },
            "",
        ),
        ({"id": EID, "type": "B", "p": {"type": "Proprety", "value": 1}}, "unknown type"),
        ({"id": EID, "type": "B", "p": {"type": "Property", "value": 1, "datasetId": "x"}}, "datasetId"),
        ({"id": EID, "type": "B", "p": {"type": "Property", "value": 1, "observedAt": "yesterday"}}, "ISO"),
        ([ALL_KINDS], "JSON object"),
    ],
)
def test_invalid_entities_are_400_bad_request_data(api: TestClient, body: Any, detail: str) -> None:
    response = post(api, body)
    assert response.status_code == 400, response.text
    assert problem_type(response) == "BadRequestData"
    assert detail in response.json()["detail"]


def test_concise_input_is_understood_and_concise_output_round_trips(api: TestClient) -> None:
    concise = {
        "id": EID,
        "type": "Building",
        "height": 31.5,
        "label": "tower",
        "owner": {"object": "urn:ngsi-ld:Organization:o1"},
        "location": POINT,
        "speed": {"value": 3, "unitCode": "KMH", "accuracy": 0.5},
        "address": {"value": {"city": "Shenzhen"}},
        "tags": ["a", "b"],
        "name": {"languageMap": {"en": "x"}},
    }
    assert post(api, concise).status_code == 201
    normalized = get(api)
    assert normalized["height"] == {"type": "Property", "value": 31.5}
    assert normalized["owner"] == {"type": "Relationship", "object": "urn:ngsi-ld:Organization:o1"}
    assert normalized["location"] == {"type": "GeoProperty", "value": POINT}
    assert normalized["speed"] == {
        "type": "Property",
        "value": 3,
        "unitCode": "KMH",
        "accuracy": {"type": "Property", "value": 0.5},
    }
    assert normalized["tags"] == {"type": "Property", "value": ["a", "b"]}
    assert get(api, options="concise") == concise
    assert get(api, format="concise") == concise


def test_key_values_and_sys_attrs(api: TestClient) -> None:
    assert post(api, ALL_KINDS).status_code == 201
    simple = get(api, options="keyValues")
    assert simple["height"] == 31.5
    assert simple["owner"] == "urn:ngsi-ld:Organization:o1"
    assert simple["location"] == POINT
    assert simple["temperature"] == {"dataset": {"@none": 21.0, "urn:ngsi-ld:Dataset:roof": 23.5}}  # 4.5.4
    assert get(api, format="simplified") == simple
    assert get(api, options="keyValues", lang="zh")["name"] == "市民中心"
    assert get(api, lang="en-GB,zh;q=0.5")["name"] == {
        "type": "Property",
        "value": "Civic Centre",
        "lang": "en",
    }
    with_sys = get(api, options="sysAttrs")
    assert with_sys["createdAt"].endswith("Z")
    assert with_sys["height"]["modifiedAt"].endswith("Z")
    assert "createdAt" not in get(api)
    conflicting = api.get(f"{V1}/entities/{EID}", params={"options": "keyValues,concise"})
    assert conflicting.status_code == 400
    unknown = api.get(f"{V1}/entities/{EID}", params={"options": "fancy"})
    assert unknown.status_code == 400


def test_attrs_pick_and_omit_project_the_entity(api: TestClient) -> None:
    assert post(api, ALL_KINDS).status_code == 201
    assert set(get(api, attrs="height,owner")) == {"id", "type", "height", "owner"}
    assert set(get(api, pick="id,height")) == {"id", "height"}
    omitted = get(api, omit="type,height,location")
    assert "type" not in omitted and "height" not in omitted and "owner" in omitted
    both = api.get(f"{V1}/entities/{EID}", params={"pick": "a", "omit": "b"})
    assert both.status_code == 400


def test_geojson_feature(api: TestClient) -> None:
    other = {"type": "Point", "coordinates": [114.1, 22.6]}
    body = {**ALL_KINDS, "entrance": {"type": "GeoProperty", "value": other}}
    assert post(api, body).status_code == 201
    response = api.get(f"{V1}/entities/{EID}", headers={"Accept": "application/geo+json"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/geo+json"
    feature = response.json()
    assert feature["type"] == "Feature"
    assert feature["id"] == EID
    assert feature["geometry"] == POINT
    assert feature["properties"]["type"] == "Building"
    assert feature["properties"]["height"]["value"] == 31.5
    picked = api.get(
        f"{V1}/entities/{EID}",
        params={"geometryProperty": "entrance", "options": "keyValues"},
        headers={"Accept": "application/geo+json"},
    ).json()
    assert picked["geometry"] == other
    assert picked["properties"]["height"] == 31.5


def test_replace_keeps_only_the_new_attributes(api: TestClient) -> None:
    assert post(api, ALL_KINDS).status_code == 201
    response = api.put(f"{V1}/entities/{EID}", json={"type": "Building", "height": {"value": 5}})
    assert response.status_code == 204, response.text
    assert get(api) == {"id": EID, "type": "Building", "height": {"type": "Property", "value": 5}}
    mismatch = api.put(f"{V1}/entities/{EID}", json={"id": "urn:x:other", "type": "Building"})
    assert mismatch.status_code == 400
    missing = api.put(f"{V1}/entities/urn:x:none", json={"type": "Building"})
    assert missing.status_code == 404
    assert problem_type(missing) == "ResourceNotFound"


def test_merge_adds_types_merges_sub_attributes_and_null_deletes(api: TestClient) -> None:
    assert post(api, ALL_KINDS).status_code == 201
    patch = {
        "type": "Landmark",
        "height": {"value": 40, "accuracy": {"value": 0.1}},
        "owner": "urn:ngsi-ld:null",
        "status": "open",
    }
    response = api.patch(f"{V1}/entities/{EID}", json=patch)
    assert response.status_code == 204, response.text
    merged = get(api)
    assert merged["type"] == ["Building", "Landmark"]
    assert merged["height"] == {
        "type": "Property",
        "value": 40,
        "unitCode": "MTR",
        "observedAt": "2024-05-01T08:00:00Z",
        "accuracy": {"type": "Property", "value": 0.1},
    }
    assert "owner" not in merged
    assert merged["status"] == {"type": "Property", "value": "open"}
    assert merged["location"] == ALL_KINDS["location"]
    merge_patch = api.patch(
        f"{V1}/entities/{EID}",
        content=b'{"status": "closed"}',
        headers={"Content-Type": "application/merge-patch+json"},
    )
    assert merge_patch.status_code == 204
    assert api.patch(f"{V1}/entities/urn:x:none", json={"a": 1}).status_code == 404


def test_append_with_and_without_no_overwrite(api: TestClient) -> None:
    assert post(api, entity(EID, height=1)).status_code == 201
    url = f"{V1}/entities/{EID}/attrs"
    assert api.post(url, json={"height": 2, "floors": 3}).status_code == 204
    assert get(api, options="keyValues") == {"id": EID, "type": "Building", "height": 2, "floors": 3}
    partial = api.post(url, params={"options": "noOverwrite"}, json={"height": 9, "color": "red"})
    assert partial.status_code == 207
    assert partial.json() == {
        "updated": ["color"],
        "notUpdated": [{"attributeName": "height", "reason": "attribute exists and options=noOverwrite"}],
    }
    assert get(api, options="keyValues")["height"] == 2
    assert api.post(f"{V1}/entities/urn:x:none/attrs", json={"a": 1}).status_code == 404


def test_update_only_touches_existing_attributes(api: TestClient) -> None:
    assert post(api, entity(EID, height=1)).status_code == 201
    url = f"{V1}/entities/{EID}/attrs"
    assert api.patch(url, json={"height": 2}).status_code == 204
    partial = api.patch(url, json={"height": 3, "ghost": 1})
    assert partial.status_code == 207
    assert partial.json()["updated"] == ["height"]
    assert partial.json()["notUpdated"][0]["attributeName"] == "ghost"
    assert get(api, options="keyValues") == {"id": EID, "type": "Building", "height": 3}


def test_partial_update_and_replace_of_one_attribute(api: TestClient) -> None:
    assert post(api, ALL_KINDS).status_code == 201
    url = f"{V1}/entities/{EID}/attrs/height"
    assert api.patch(url, json={"value": 33}).status_code == 204
    height = get(api)["height"]
    assert height["value"] == 33 and height["unitCode"] == "MTR" and height["accuracy"]["value"] == 0.2
    assert api.patch(url, json={"observedAt": "2024-06-01T00:00:00Z"}).status_code == 204
    assert get(api)["height"]["value"] == 33
    assert get(api)["height"]["observedAt"] == "2024-06-01T00:00:00Z"
    roof = f"{V1}/entities/{EID}/attrs/temperature"
    assert api.patch(roof, json={"value": 30, "datasetId": "urn:ngsi-ld:Dataset:roof"}).status_code == 204
    assert get(api, options="keyValues")["temperature"] == {
        "dataset": {"@none": 21.0, "urn:ngsi-ld:Dataset:roof": 30}
    }
    assert api.put(url, json={"type": "Property", "value": 1}).status_code == 204
    assert get(api)["height"] == {"type": "Property", "value": 1}
    missing = api.patch(f"{V1}/entities/{EID}/attrs/ghost", json={"value": 1})
    assert missing.status_code == 404
    assert problem_type(missing) == "ResourceNotFound"
    assert api.put(f"{V1}/entities/{EID}/attrs/ghost", json={"value": 1}).status_code == 404
    assert api.patch(url, json={"value": 1, "datasetId": "urn:x:nope"}).status_code == 404


def test_delete_attribute_instances(api: TestClient) -> None:
    assert post(api, ALL_KINDS).status_code == 201
    url = f"{V1}/entities/{EID}/attrs/temperature"
    assert api.delete(url, params={"datasetId": "urn:ngsi-ld:Dataset:roof"}).status_code == 204
    assert get(api)["temperature"] == {"type": "Property", "value": 21.0}
    assert api.delete(url, params={"datasetId": "urn:ngsi-ld:Dataset:roof"}).status_code == 404
    assert api.delete(f"{V1}/entities/{EID}/attrs/height").status_code == 204
    assert "height" not in get(api)
    assert api.delete(f"{V1}/entities/{EID}/attrs/height").status_code == 404
    body = {"id": "urn:x:2", "type": "T", "t": [{"value": 1}, {"value": 2, "datasetId": "urn:d:1"}]}
    assert post(api, body).status_code == 201
    assert api.delete(f"{V1}/entities/urn:x:2/attrs/t", params={"deleteAll": "true"}).status_code == 204
    assert "t" not in get(api, "urn:x:2")


def test_delete_entity_then_it_is_gone(api: TestClient) -> None:
    assert post(api, ALL_KINDS).status_code == 201
    assert api.delete(f"{V1}/entities/{EID}").status_code == 204
    gone = api.get(f"{V1}/entities/{EID}")
    assert gone.status_code == 404
    assert problem_type(gone) == "ResourceNotFound"
    assert api.delete(f"{V1}/entities/{EID}").status_code == 404


def test_writes_land_in_attribute_history(api: TestClient, store: Store) -> None:
    assert post(api, entity(EID, height=1)).status_code == 201
    assert api.patch(f"{V1}/entities/{EID}/attrs", json={"height": 2}).status_code == 204
    assert api.patch(f"{V1}/entities/{EID}/attrs/height", json={"value": 3}).status_code == 204
    assert api.patch(f"{V1}/entities/{EID}", json={"height": 4}).status_code == 204
    assert api.put(f"{V1}/entities/{EID}", json={"type": "Building", "height": 5}).status_code == 204
    history = store.tenant().read_history(HistoryQuery(entity_ids=(EID,)))
    assert [h.value for h in history] == [1, 2, 3, 4, 5]


def test_context_rules(api: TestClient) -> None:
    ctx = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld"
    link = f'<{ctx}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'
    with_member = {**entity(EID, height=1), "@context": ctx}
    both = post(api, with_member, headers={"Content-Type": "application/ld+json", "Link": link})
    assert both.status_code == 400
    member_in_json = post(api, with_member, headers=HEADERS)
    assert member_in_json.status_code == 400
    assert post(api, with_member, headers={"Content-Type": "application/ld+json"}).status_code == 201
    plain = api.get(f"{V1}/entities/{EID}")
    assert "@context" not in plain.json()
    assert "json-ld#context" in plain.headers["link"]
    ld = api.get(f"{V1}/entities/{EID}", headers={"Accept": "application/ld+json"})
    assert ld.headers["content-type"] == "application/ld+json"
    assert "@context" in ld.json()
    assert "link" not in ld.headers
    assert ld.json()["height"] == {"type": "Property", "value": 1}


def test_a_user_context_maps_names_both_ways(api: TestClient) -> None:
    user = {
        "@context": {"temp": "https://example.org/vocab/temperature", "Sensor": "https://example.org/Sensor"}
    }
    hosted = api.post(f"{V1}/jsonldContexts", json=user)
    assert hosted.status_code == 201, hosted.text
    url = hosted.headers["location"]
    link = f'<{url}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'
    body = {"id": EID, "type": "Sensor", "temp": 21}
    assert post(api, body, headers={**HEADERS, "Link": link}).status_code == 201
    mine = api.get(f"{V1}/entities/{EID}", params={"options": "keyValues"}, headers={"Link": link})
    assert mine.json() == body
    assert mine.headers["link"].startswith(f"<{url}>")
    plain = api.get(f"{V1}/entities/{EID}", params={"options": "keyValues"}).json()
    assert plain == {
        "id": EID,
        "type": "https://example.org/Sensor",
        "https://example.org/vocab/temperature": 21,
    }
    by_type = api.get(f"{V1}/entities", params={"type": "Sensor", "q": "temp==21"}, headers={"Link": link})
    assert [e["id"] for e in by_type.json()] == [EID]
    assert (
        api.get(f"{V1}/entities", params={"type": "Sensor"}).json() == []
    )  # another Sensor without the context


DOC = Path(__file__).resolve().parents[2] / "docs" / "ngsi-ld.md"
EXAMPLE = re.compile(r"```sh\n(curl [^\n]+)\n# → (\d{3})(?: ([^\n]+))?\n```")


def _replay(api: TestClient, command: str) -> Any:
    """Run one documented curl command (the options the page uses) through the test client."""
    args = shlex.split(command)[1:]
    method, url, headers, data, form, params = "GET", "", {}, None, False, []
    while args:
        arg = args.pop(0)
        if arg == "-s":
            continue
        if arg == "-X":
            method = args.pop(0)
        elif arg == "-H":
            key, _, value = args.pop(0).partition(": ")
            headers[key] = value
        elif arg == "-d":
            data = args.pop(0).encode()
        elif arg == "-G":
            form = True
        elif arg == "--data-urlencode":
            key, _, value = args.pop(0).partition("=")
            params.append((key, value))
        else:
            url = arg.removeprefix("localhost:8000")
    assert form or not params
    return api.request(method, url, content=data, headers=headers, params=params or None)


def test_the_examples_in_the_ngsi_ld_page_run(api: TestClient) -> None:
    examples = EXAMPLE.findall(DOC.read_text(encoding="utf-8"))
    assert len(examples) >= 8
    for command, status, body in examples:
        response = _replay(api, command)
        assert response.status_code == int(status), (command, response.text)
        if body:
            expected = json.loads(body)
            if isinstance(expected, dict):
                assert {k: response.json().get(k) for k in expected} == expected, command
            else:
                assert response.json() == expected, command
