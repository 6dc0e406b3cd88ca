"""A city broker (``api``, both backends) answering a federated query from two real ``citytwin serve``s.

Entities one source alone holds are rendered from that source's JSON (``federation.passthrough``); the
GeoJSON answer of the same query still takes the full path (parse, merge, render), so each JSON entity must
equal its feature (id and properties) in every format and option. Entities both sources hold are merged.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient
from tests.api.conftest import V1
from tests.federation.conftest import Server, start_servers

SHARED = "urn:ngsi-ld:Building:shared"
GEO = "application/geo+json"


def building(entity_id: str, n: int, **attrs: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": entity_id,
        "type": "Building",
        "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [114 + n / 100, 22.5]}},
        "name": {"type": "Property", "value": f"building {n}"},
        "height": {
            "type": "Property",
            "value": 10.5 + n,
            "unitCode": "MTR",
            "observedAt": "2026-03-01T00:00:00Z",
        },
        "usage": {"type": "VocabProperty", "vocab": "residential" if n % 2 else "office"},
        "owner": {"type": "Relationship", "object": f"urn:ngsi-ld:Person:p{n}"},
        "label": {"type": "LanguageProperty", "languageMap": {"en": f"b{n}", "zh": f"楼{n}"}},
        "speed": [
            {"type": "Property", "value": n, "datasetId": "urn:ngsi-ld:Dataset:a"},
            {"type": "Property", "value": n + 1, "datasetId": "urn:ngsi-ld:Dataset:b"},
        ],
    }
    if n % 3 == 0:
        body["height"]["accuracy"] = {"type": "Property", "value": 0.5}  # a sub-attribute
    body.update(attrs)
    return body


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Server]]:
    """The "east" and "west" source brokers: eight buildings each, and one both hold."""
    east, west = start_servers(tmp_path_factory.mktemp("passthrough"), ["east", "west"])
    try:
        with httpx.Client(timeout=30, trust_env=False) as client:
            for k, (server, prefix) in enumerate(((east, "e"), (west, "w"))):
                batch = [building(f"urn:ngsi-ld:Building:{prefix}-{i:02d}", 10 * k + i) for i in range(8)]
                batch.append(
                    building(SHARED, 50, name={"type": "Property", "value": f"shared by {prefix}"})
                    if k == 0
                    else {
                        "id": SHARED,
                        "type": "Building",
                        "floors": {"type": "Property", "value": 7},
                        "height": {"type": "Property", "value": 99, "observedAt": "2026-04-01T00:00:00Z"},
                    }
                )
                answer = client.post(f"{server.url}/entityOperations/upsert", json=batch)
                assert answer.status_code in (201, 204), answer.text
        yield {"east": east, "west": west}
    finally:
        east.stop()
        west.stop()


def register(api: TestClient, name: str, endpoint: str, information: list[dict[str, Any]]) -> None:
    body = {
        "id": f"urn:ngsi-ld:ContextSourceRegistration:{name}",
        "type": "ContextSourceRegistration",
        "information": information,
        "endpoint": endpoint,
        "management": {"timeout": 10_000},
    }
    answer = api.post(f"{V1}/csourceRegistrations", json=body)
    assert answer.status_code == 201, answer.text


QUERIES: list[dict[str, str]] = [
    {},
    {"options": "keyValues"},
    {"options": "sysAttrs"},
    {"options": "keyValues,sysAttrs"},
    {"options": "concise"},
    {"attrs": "name,speed"},
    {"pick": "id,name,height"},
    {"pick": "name,usage"},
    {"omit": "location,owner"},
    {"lang": "zh"},
    {"limit": "5", "offset": "6", "count": "true"},
    {"q": "height>15", "count": "true"},
]


def as_json(feature: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
    """A GeoJSON feature as the entity of the JSON answer (the id unless ``pick`` leaves it out)."""
    picked = params.get("pick")
    head = {} if picked is not None and "id" not in picked.split(",") else {"id": feature["id"]}
    return {**head, **feature["properties"]}


@pytest.mark.parametrize("cut", [False, True], ids=["whole", "attrs-registered"])
def test_single_source_entities_match_the_full_path(
    api: TestClient, sources: dict[str, Server], cut: bool
) -> None:
    info: dict[str, Any] = {"entities": [{"type": "Building"}]}
    if cut:  # a registration naming attributes: its entities are cut to them, never passed through
        info["propertyNames"] = ["name", "height", "speed", "location"]
    for name, server in sources.items():
        register(api, name, server.endpoint, [info])
    local = building("urn:ngsi-ld:Building:city-1", 90)
    assert api.post(f"{V1}/entities", json=local).status_code == 201
    for extra in QUERIES:
        params = {"type": "Building", "limit": "50", **extra}
        plain = api.get(f"{V1}/entities", params=params)
        geo = api.get(f"{V1}/entities", params=params, headers={"Accept": GEO})
        assert plain.status_code == geo.status_code == 200, (params, plain.text, geo.text)
        assert "NGSILD-Warning" not in plain.headers, plain.headers
        assert plain.headers.get("NGSILD-Results-Count") == geo.headers.get("NGSILD-Results-Count")
        expected = [as_json(f, params) for f in geo.json()["features"]]
        assert plain.json() == expected, params
        if not extra.get("q"):
            assert len(expected) == int(params["limit"]) if "offset" in extra else len(expected) == 18
    merged = {e["id"]: e for e in api.get(f"{V1}/entities", params={"type": "Building"}).json()}
    assert merged[SHARED]["height"]["value"] == 99  # west observed it last
    assert merged[SHARED]["name"]["value"] == "shared by e"
    assert ("floors" in merged[SHARED]) is not cut  # only west has it, and not among the names it registered
    assert ("owner" in merged["urn:ngsi-ld:Building:e-01"]) is not cut


def test_a_source_only_entity_is_what_the_source_itself_answers(
    api: TestClient, sources: dict[str, Server]
) -> None:
    for name, server in sources.items():
        register(api, name, server.endpoint, [{"entities": [{"type": "Building"}]}])
    with httpx.Client(timeout=30, trust_env=False) as client:
        for options in ("normalized", "keyValues", "sysAttrs"):
            params = {"type": "Building", "options": options}
            city = {e["id"]: e for e in api.get(f"{V1}/entities", params=params).json()}
            for server in sources.values():
                direct = client.get(f"{server.url}/entities", params=params).json()
                alone = [e for e in direct if e["id"] != SHARED]
                assert alone
                for entity in alone:
                    assert city[entity["id"]] == entity, options


def test_a_posted_query_matches_the_full_path(api: TestClient, sources: dict[str, Server]) -> None:
    """POST /entityOperations/query: the sources are asked with a query body (queryBatch)."""
    for name, server in sources.items():
        register(api, name, server.endpoint, [{"entities": [{"type": "Building"}]}])
    body = {"type": "Query", "entities": [{"type": "Building"}], "q": "height>12"}
    for options in ("normalized", "keyValues", "sysAttrs"):
        url = f"{V1}/entityOperations/query?options={options}&count=true"
        plain = api.post(url, json=body)
        geo = api.post(url, json=body, headers={"Accept": GEO})
        assert plain.status_code == geo.status_code == 200, (plain.text, geo.text)
        assert plain.headers["NGSILD-Results-Count"] == geo.headers["NGSILD-Results-Count"]
        assert plain.json() == [as_json(f, {}) for f in geo.json()["features"]]
        assert len(plain.json()) == 15  # heights 12.5 .. 17.5 (east), 20.5 .. 27.5 (west), the shared one
