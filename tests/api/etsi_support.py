"""Helpers for the ``test_etsi_*`` modules: a user @context like the ETSI test suite's, and its bodies.

The ETSI NGSI-LD test suite (Robot Framework) names its terms through a remote compound context whose
``@vocab`` is ``https://ngsi-ld-test-suite/context#``. These tests host an equivalent context on the broker
itself (POST /jsonldContexts), so the same requests run without network access.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.testclient import TestClient

from tests.api.conftest import V1

VOCAB = "https://ngsi-ld-test-suite/context#"
CORE = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld"
LD_JSON = {"Content-Type": "application/ld+json"}
JSON = {"Content-Type": "application/json"}
ERRORS = "https://uri.etsi.org/ngsi-ld/errors/"


@dataclass(frozen=True)
class SuiteContext:
    """The hosted test-suite context: its URL, a Link header naming it, and an @context for bodies."""

    url: str

    @property
    def link(self) -> dict[str, str]:
        """Request headers that name the context in a Link header."""
        return {
            "Link": f'<{self.url}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'
        }

    @property
    def body(self) -> list[str]:
        """The ``@context`` member of a JSON-LD body (the suite's compound context: user terms, then core)."""
        return [self.url, CORE]


def host_suite_context(api: TestClient) -> SuiteContext:
    """Host the suite's vocabulary on the broker and return it."""
    response = api.post(f"{V1}/jsonldContexts", json={"@context": {"@vocab": VOCAB}})
    assert response.status_code == 201, response.text
    return SuiteContext(response.headers["location"])


def building(entity_id: str, ctx: SuiteContext | None = None, **extra: Any) -> dict[str, Any]:
    """A building with simple attributes, shaped like the suite's ``building-simple-attributes``."""
    body: dict[str, Any] = {
        "id": entity_id,
        "type": "Building",
        "name": {"type": "Property", "value": "Civic Centre"},
        "subCategory": {"type": "Property", "value": "office"},
        "airQualityLevel": {
            "type": "Property",
            "value": 4,
            "unitCode": "C62",
            "observedAt": "2020-09-09T16:40:00.000Z",
        },
        "almostFull": {"type": "Property", "value": False},
        **extra,
    }
    if ctx is not None:
        body["@context"] = ctx.body
    return body


def vehicle_history(entity_id: str, ctx: SuiteContext) -> dict[str, Any]:
    """A temporal representation shaped like the suite's ``2020-08-vehicle-temporal-representation``."""
    return {
        "id": entity_id,
        "type": "Vehicle",
        "speed": [
            {"type": "Property", "value": 120, "observedAt": "2020-08-01T12:03:00Z"},
            {"type": "Property", "value": 80, "observedAt": "2020-08-01T12:05:00Z"},
            {"type": "Property", "value": 100, "observedAt": "2020-08-01T12:07:00Z"},
        ],
        "fuelLevel": [
            {"type": "Property", "value": 67, "observedAt": "2020-08-01T12:03:00Z"},
            {"type": "Property", "value": 53, "observedAt": "2020-08-01T13:05:00Z"},
            {"type": "Property", "value": 40, "observedAt": "2020-08-01T14:07:00Z"},
        ],
        "@context": ctx.body,
    }


def assert_problem(response: Any, status: int, kind: str) -> None:
    """The response is an NGSI-LD problem of this status and type, with a title (as the suite checks)."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["type"] == ERRORS + kind, body
    assert body.get("title"), body
