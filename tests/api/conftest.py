"""The ``api`` fixture: a TestClient over the app on a fresh store of each backend (SQLite, PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.settings import Settings
from citytwin.storage.base import Store

V1 = "/ngsi-ld/v1"
MAX_PAGE = 50
"""A small maximum page size, so paging limits are cheap to test."""


@pytest.fixture
def api(store: Store) -> Iterator[TestClient]:
    """A client of an app serving ``store`` (the app does not close it; the store fixture does)."""
    app = create_app(Settings(db="sqlite:///unused.db", max_page_size=MAX_PAGE), store=store)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def entity(entity_id: str, entity_type: str = "Building", **attrs: Any) -> dict[str, Any]:
    """A normalized entity body; keyword values that are not objects become Properties."""
    body: dict[str, Any] = {"id": entity_id, "type": entity_type}
    for name, value in attrs.items():
        body[name] = (
            value if isinstance(value, dict) and "type" in value else {"type": "Property", "value": value}
        )
    return body


def problem_type(response: Any) -> str:
    """The NGSI-LD problem type name of an error response (``ResourceNotFound`` ...)."""
    body = response.json()
    prefix = "https://uri.etsi.org/ngsi-ld/errors/"
    assert body["type"].startswith(prefix), body
    return str(body["type"][len(prefix) :])


@pytest.fixture
def ctx(api: TestClient) -> Any:
    """The ETSI test suite's user @context (``etsi_support.SuiteContext``), hosted on this broker's
    /jsonldContexts (no network)."""
    from tests.api.etsi_support import host_suite_context  # it imports this module's names

    return host_suite_context(api)
