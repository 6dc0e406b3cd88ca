"""/openapi.json describes every route the app serves, and OPTIONS answers what each path serves.

The coverage test reads the routes from the running app, so a router added later (subscriptions, context
source registrations, catalogue ...) fails it until its operations are added to ``citytwin.api.openapi``;
the failure lists the missing ``METHOD path`` pairs.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from citytwin.api.openapi import openapi_path
from tests.api.conftest import V1, entity, problem_type

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def served_operations(api: TestClient) -> set[tuple[str, str]]:
    """(OpenAPI path, METHOD) of every route the app mounts (HEAD comes with GET)."""
    out: set[tuple[str, str]] = set()
    for route in api.app.routes:  # type: ignore[attr-defined]
        if isinstance(route, Route) and route.methods:
            out |= {(openapi_path(route.path), m) for m in route.methods - {"HEAD"}}
        elif isinstance(route, Mount):
            out.add((openapi_path(route.path) + "/…", "ANY"))  # a Mount cannot be described path by path
    return out


def test_every_served_route_is_in_the_openapi_document(api: TestClient) -> None:
    doc = api.get("/openapi.json").json()
    described = {
        (path, method.upper()) for path, ops in doc["paths"].items() for method in ops if method != "options"
    }
    served = served_operations(api)
    missing = sorted(served - described)
    assert not missing, (
        "routes the app serves that /openapi.json does not describe (add them to citytwin.api.openapi): "
        + "; ".join(f"{method} {path}" for path, method in missing)
    )
    stale = sorted(described - served)
    assert not stale, "operations described but not served: " + "; ".join(f"{m} {p}" for p, m in stale)
    # The served path families the brief names are all there, not only the entity ones.
    paths = set(doc["paths"])
    for expected in (
        f"{V1}/temporal/entities",
        f"{V1}/temporal/entities/{{entityId}}/attrs/{{attrId}}/{{instanceId}}",
        f"{V1}/jsonldContexts",
        f"{V1}/jsonldContexts/{{contextId}}",
        "/processes",
        "/processes/{processId}/execution",
        "/jobs/{jobId}/results",
    ):
        assert expected in paths


def test_the_document_is_well_formed(api: TestClient) -> None:
    doc = api.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    seen_ids: set[str] = set()
    for path, ops in doc["paths"].items():
        assert path.startswith("/")
        assert "options" in ops, path
        declared = {
            p["name"] for op in ops.values() for p in op.get("parameters", []) if p.get("in") == "path"
        }
        assert declared == set(_path_names(path)), path
        for method, op in ops.items():
            assert method in HTTP_METHODS
            assert op["operationId"] not in seen_ids, op["operationId"]
            seen_ids.add(op["operationId"])
            assert op["responses"], (path, method)
            for param in op.get("parameters", []):
                if "$ref" in param:
                    name = param["$ref"].rsplit("/", 1)[-1]
                    assert name in doc["components"]["parameters"]
                else:
                    assert param["in"] in ("path", "query", "header")


def _path_names(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


def test_openapi_path_names_parameters_in_camel_case() -> None:
    assert openapi_path("/ngsi-ld/v1/entities/{entity_id:path}/attrs/{attr_id:path}") == (
        "/ngsi-ld/v1/entities/{entityId}/attrs/{attrId}"
    )
    assert openapi_path("/ngsi-ld/v1/jsonldContexts/") == "/ngsi-ld/v1/jsonldContexts"
    assert openapi_path("/subscriptions/{subscription_id}") == "/subscriptions/{subscriptionId}"


# -- OPTIONS -------------------------------------------------------------------------------------------------


def _allow(response: Any) -> set[str]:
    return {m.strip() for m in response.headers["allow"].split(",")}


def test_options_lists_the_methods_of_each_resource(api: TestClient) -> None:
    entities = api.options(f"{V1}/entities")
    assert entities.status_code == 204
    assert _allow(entities) == {"GET", "HEAD", "POST", "DELETE", "OPTIONS"}
    assert "accept-patch" not in entities.headers
    one = api.options(f"{V1}/entities/urn:ngsi-ld:Building:any")
    assert _allow(one) == {"GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"}
    assert {m.strip() for m in one.headers["accept-patch"].split(",")} == {
        "application/json",
        "application/ld+json",
        "application/merge-patch+json",
    }
    attrs = api.options(f"{V1}/entities/urn:ngsi-ld:Building:any/attrs")
    assert _allow(attrs) == {"POST", "PATCH", "OPTIONS"}
    assert "accept-patch" in attrs.headers
    assert _allow(api.options(f"{V1}/entities/urn:x:a/attrs/height")) == {"PATCH", "PUT", "DELETE", "OPTIONS"}
    assert _allow(api.options(f"{V1}/entityOperations/upsert")) == {"POST", "OPTIONS"}
    assert _allow(api.options(f"{V1}/temporal/entities/")) == {"GET", "HEAD", "POST", "OPTIONS"}
    assert _allow(api.options("/version")) == {"GET", "HEAD", "OPTIONS"}


def test_options_agrees_with_what_the_resource_answers(api: TestClient) -> None:
    path = f"{V1}/entities/urn:x:b"
    assert api.post(f"{V1}/entities", json=entity("urn:x:b", height=3)).status_code == 201
    allowed = _allow(api.options(path))
    for method in ("GET", "PUT", "PATCH", "DELETE", "POST"):
        status = api.request(method, path, json={"height": 4} if method != "GET" else None).status_code
        assert (status != 405) == (method in allowed), (method, status)


def test_options_on_an_unknown_path_is_404(api: TestClient) -> None:
    response = api.options(f"{V1}/nothing-here")
    assert response.status_code == 404
    assert problem_type(response) == "ResourceNotFound"


@pytest.mark.parametrize("path", ["/openapi.json", f"{V1}/types"])
def test_options_is_described_for_every_path(api: TestClient, path: str) -> None:
    doc = api.get("/openapi.json").json()
    described = openapi_path(path)
    assert "options" in doc["paths"][described]
    assert "Allow" in doc["paths"][described]["options"]["responses"]["204"]["headers"]
