"""The indexed router picks exactly the route Starlette's linear scan picks, for every route of the app."""

from __future__ import annotations

import re

import pytest
from starlette.routing import BaseRoute, Match

from citytwin.api.app import create_app
from citytwin.api.routing import IndexedRouter, literal_prefix, request_prefix, route_path
from citytwin.settings import Settings

METHODS = ("GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS")
PARAM = re.compile(r"\{([^}:]+)(?::([^}]+))?\}")
SAMPLES = {"path": "urn:ngsi-ld:Building:sz-1/extra", "int": "7", "float": "1.5"}


def concrete(path: str) -> str:
    """A request path that fills every parameter of a route path."""
    return PARAM.sub(lambda m: SAMPLES.get(m.group(2) or "", "urn:ngsi-ld:Building:sz-1"), path)


def linear(routes: list[BaseRoute], scope: dict[str, object]) -> tuple[BaseRoute | None, str]:
    partial = None
    for route in routes:
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return route, "full"
        if match is Match.PARTIAL and partial is None:
            partial = route
    return partial, "partial" if partial is not None else "none"


def indexed(router: IndexedRouter, scope: dict[str, object]) -> tuple[BaseRoute | None, str]:
    return linear(router.candidates(route_path(scope)), scope)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def router() -> IndexedRouter:
    app = create_app(Settings(db="sqlite:///:memory:"))
    assert isinstance(app.router, IndexedRouter)
    return app.router


def paths(router: IndexedRouter) -> list[str]:
    out = {concrete(r.path) for r in router.routes if isinstance(getattr(r, "path", None), str)}
    out |= {
        "/",
        "/nothing/here",
        "/ngsi-ld/v1",
        "/ngsi-ld/v1/unknown",
        "/ngsi-ld/v1/entities/urn:a:b/attrs/name/extra/deep",
        "/ngsi-ld/v2/entities",
        "//ngsi-ld",
        "/version/x",
    }
    return sorted(out)


def test_every_route_and_method_resolves_as_the_linear_scan_does(router: IndexedRouter) -> None:
    checked = 0
    for path in paths(router):
        for method in METHODS:
            for kind in ("http", "websocket"):
                scope = {"type": kind, "path": path, "root_path": "", "method": method, "headers": []}
                assert indexed(router, scope) == linear(router.routes, scope), (kind, method, path)
                checked += 1
    assert checked > 1000


def test_the_routes_serving_a_method_hold_the_linear_scans_full_match(router: IndexedRouter) -> None:
    # The dispatcher tries these first: their first full match must be the route the linear scan picks.
    for path in paths(router):
        for method in METHODS:
            scope = {"type": "http", "path": path, "root_path": "", "method": method, "headers": []}
            route, kind = linear(router.routes, scope)
            found, found_kind = linear(router.serving(path, method), scope)
            if kind == "full":
                assert (found, found_kind) == (route, kind), (method, path)
            else:  # nothing serves it: the fallback scan decides 405 or 404
                assert found_kind != "full", (method, path)


def test_the_entity_get_is_tried_against_the_get_routes_only(router: IndexedRouter) -> None:
    served = router.serving("/ngsi-ld/v1/entities/urn:ngsi-ld:Building:sz-1", "GET")
    assert served and all("GET" in getattr(r, "methods", {"GET"}) for r in served)
    assert len(served) < len(router.candidates("/ngsi-ld/v1/entities/urn:ngsi-ld:Building:sz-1"))


def test_candidates_are_fewer_than_all_routes_for_a_deep_path(router: IndexedRouter) -> None:
    got = router.candidates("/ngsi-ld/v1/temporal/entities")
    assert 0 < len(got) < len(router.routes) // 2
    assert all(literal_prefix(r.path)[:2] in (("ngsi-ld", "v1"), ("ngsi-ld",), ()) for r in got)  # type: ignore[attr-defined]


def test_prefixes() -> None:
    assert literal_prefix("/ngsi-ld/v1/entities/{entity_id:path}") == ("ngsi-ld", "v1", "entities")
    assert literal_prefix("/ngsi-ld/v1/{x}/a/b") == ("ngsi-ld", "v1")
    assert literal_prefix("/") == ("",)
    assert literal_prefix("/{rest:path}") == ()
    assert request_prefix("/ngsi-ld/v1/entities/urn:a/attrs") == ("ngsi-ld", "v1", "entities")
    assert request_prefix("/version") == ("version",)
    assert route_path({"path": "/api/version", "root_path": "/api"}) == "/version"
    assert route_path({"path": "/apiversion", "root_path": "/api"}) == "/apiversion"


def test_the_app_answers_404_and_405_through_the_index() -> None:
    from starlette.testclient import TestClient

    with TestClient(create_app(Settings(db="sqlite:///:memory:"))) as client:
        assert client.get("/version").status_code == 200
        assert client.get("/no/such/path").status_code == 404
        assert client.put("/version").status_code == 405
        wrong = client.delete("/ngsi-ld/v1/subscriptions")  # served: GET and POST, by two routes
        assert wrong.status_code == 405
        assert wrong.json()["type"].endswith("OperationNotSupported")
        assert set(wrong.headers["allow"].split(", ")) >= {"GET", "POST"}
        options = client.options("/ngsi-ld/v1/subscriptions")
        assert set(wrong.headers["allow"].split(", ")) == set(options.headers["allow"].split(", ")) - {
            "OPTIONS"
        }
        assert client.get("/ngsi-ld/v1/entities/urn:ngsi-ld:X:1").status_code == 404
