"""Every error is an NGSI-LD problem: type, title, status, detail; never a stack trace or a driver message."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from starlette.requests import Request
from starlette.routing import Route
from starlette.testclient import TestClient

from citytwin import errors
from citytwin.api import problems
from citytwin.api.app import create_app
from citytwin.core.devices import ReadingProblem, Reason
from citytwin.ingest.importers.report import ImportFailed, ImportReport
from citytwin.scenarios.flood.model import FloodCancelled
from citytwin.settings import Settings
from tests.api.conftest import V1, entity, problem_type

PREFIX = "https://uri.etsi.org/ngsi-ld/errors/"
NGSI_LD_TYPES = {
    "BadRequestData": 400,
    "InvalidRequest": 400,
    "ResourceNotFound": 404,
    "AlreadyExists": 409,
    "OperationNotSupported": 422,
    "TooManyResults": 403,
    "NoMultiTenantSupport": 501,
    "NonexistentTenant": 404,
    "LdContextNotAvailable": 503,
    "InternalError": 500,
}


def _error_classes() -> list[type[errors.CitytwinError]]:
    found: list[type[errors.CitytwinError]] = []
    todo = [errors.CitytwinError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(set(found), key=lambda c: c.__name__)


ERRORS = {cls.__name__: cls for cls in _error_classes()}


def _raise(cls: type[errors.CitytwinError], detail: str) -> errors.CitytwinError:
    """An instance of ``cls``; classes that carry more than a detail get a representative value."""
    if cls is ReadingProblem:
        return ReadingProblem(Reason.BAD_VALUE, detail)
    if cls is ImportFailed:
        return ImportFailed(detail, ImportReport("buildings.geojson"))
    if cls is FloodCancelled:
        # The problem carries only the simulated time of the partial result.
        return FloodCancelled(detail, SimpleNamespace(sim_time_s=600.0))  # type: ignore[arg-type]
    return cls(detail)


def assert_problem(
    response: Any, status: int, kind: str, media: str = "application/problem+json"
) -> dict[str, Any]:
    """The response is a well-formed problem of that status and type."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == media
    body: dict[str, Any] = response.json()
    assert body["type"] == PREFIX + kind
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    assert "Traceback" not in response.text
    return body


@pytest.fixture(scope="module")
def raising(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """An app with one extra route raising the error class named in the path."""

    async def boom(request: Request) -> Any:
        raise _raise(ERRORS[request.path_params["name"]], "what went wrong, safe to show")

    db = tmp_path_factory.mktemp("errors") / "twin.db"
    app = create_app(Settings(db=f"sqlite:///{db}"))
    app.router.routes.insert(0, Route("/boom/{name}", boom))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_every_error_class_renders_as_its_problem(raising: TestClient, name: str) -> None:
    cls = ERRORS[name]
    assert cls.problem in NGSI_LD_TYPES, f"{name} uses a problem type NGSI-LD does not define"
    body = assert_problem(raising.get(f"/boom/{name}"), cls.status, cls.problem)
    assert body["title"] == cls.title
    assert body["detail"] == "what went wrong, safe to show"
    as_json = raising.get(f"/boom/{name}", headers={"Accept": "application/json"})
    assert_problem(as_json, cls.status, cls.problem, media="application/json")


def test_errors_the_api_raises(api: TestClient) -> None:
    assert api.post(f"{V1}/entities", json=entity("urn:x:1")).status_code == 201
    cases: list[tuple[Any, int, str]] = [
        (api.get("/nowhere"), 404, "ResourceNotFound"),
        (api.get(f"{V1}/entities/urn:x:none"), 404, "ResourceNotFound"),
        (api.put(f"{V1}/entityOperations/create", json=[]), 405, "OperationNotSupported"),
        (api.post(f"{V1}/entities", json=entity("urn:x:1")), 409, "AlreadyExists"),
        (api.post(f"{V1}/entities", json={"id": "urn:x:2"}), 400, "BadRequestData"),
        (api.post(f"{V1}/entities", content=b"{not json", headers={"Content-Type": "application/json"}), 400,
         "InvalidRequest"),
        (api.post(f"{V1}/entities", content=b"", headers={"Content-Type": "application/json"}), 400,
         "InvalidRequest"),
        (api.post(f"{V1}/entities", content=b"<x/>", headers={"Content-Type": "application/xml"}), 415,
         "InvalidRequest"),
        (api.get(f"{V1}/entities/urn:x:1", headers={"Accept": "text/html"}), 406, "InvalidRequest"),
        (api.get(f"{V1}/entities", params={"type": "*", "limit": 100000}), 403, "TooManyResults"),
        (api.get(f"{V1}/entities", headers={"NGSILD-Tenant": "nobody"}), 404, "NonexistentTenant"),
        (api.get(f"{V1}/entities", headers={"NGSILD-Tenant": "bad tenant!"}), 400, "InvalidRequest"),
        (api.get(f"{V1}/entities", headers={"Link": "<http://127.0.0.1:9/ctx.jsonld>; "
                                            'rel="http://www.w3.org/ns/json-ld#context"'}), 503,
         "LdContextNotAvailable"),
    ]  # fmt: skip
    for response, status, kind in cases:
        assert_problem(response, status, kind)
    not_allowed = api.delete(f"{V1}/entityOperations/upsert")
    assert "POST" in not_allowed.headers["allow"]
    assert problem_type(api.get(f"{V1}/entities/urn:x:none", headers={"Accept": "application/json"})) == (
        "ResourceNotFound"
    )


class _Exploding:
    """A store whose driver fails with a message that must not reach the client."""

    scheme = "sqlite"

    def tenant(self, name: str = "") -> Any:
        return self

    def get(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("sqlite3.c:4242 password=hunter2 disk I/O error")

    def schema_version(self) -> int:
        raise RuntimeError("connection to 10.0.0.5 refused")


def test_unexpected_failures_are_500_without_details(api: TestClient) -> None:
    api.app.state.services.store = _Exploding()  # type: ignore[attr-defined]
    response = api.get(f"{V1}/entities/urn:x:1")
    body = assert_problem(response, 500, "InternalError")
    assert "hunter2" not in response.text and "sqlite3" not in response.text
    assert body["detail"] == "the server could not complete the request"
    health = api.get("/health")
    assert_problem(health, 503, "InternalError")
    assert "10.0.0.5" not in health.text


def test_problem_media_type_follows_accept() -> None:
    assert problems.problem_media_type(None) == "application/problem+json"
    assert problems.problem_media_type("application/json") == "application/json"
    assert (
        problems.problem_media_type("application/problem+json, application/json")
        == "application/problem+json"
    )
    assert problems.problem_media_type("*/*") == "application/problem+json"
