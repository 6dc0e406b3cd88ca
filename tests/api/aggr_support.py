"""Helpers of the aggregated-representation tests: instances on one day, provision and retrieval."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.api.conftest import V1

T = f"{V1}/temporal/entities"
DAY = "2026-03-01T"


def at(hh_mm: str) -> str:
    return f"{DAY}{hh_mm}:00Z"


def after(hh_mm: str) -> str:
    """The end of a whole-range period whose last instance is at ``hh_mm`` (1 µs later)."""
    return f"{DAY}{hh_mm}:00.000001Z"


def prop(value: Any, when: str, dataset: str | None = None) -> dict[str, Any]:
    item = {"type": "Property", "value": value, "observedAt": at(when)}
    if dataset is not None:
        item["datasetId"] = dataset
    return item


def provide(api: TestClient, *, entity_id: str, **members: Any) -> None:
    response = api.post(T, json={"id": entity_id, "type": "Vehicle", **members})
    assert response.status_code in (201, 204), response.text


def aggregated(
    api: TestClient, methods: str, period: str | None = None, *, entity_id: str, **params: str
) -> Any:
    query = {"options": "aggregatedValues", "aggrMethods": methods, **params}
    if period is not None:
        query["aggrPeriodDuration"] = period
    response = api.get(f"{T}/{entity_id}", params=query)
    assert response.status_code == 200, response.text
    return response.json()


def by_dataset(member: Any) -> dict[str | None, dict[str, Any]]:
    """An aggregated attribute's entries by datasetId (None: the default instance)."""
    entries = member if isinstance(member, list) else [member]
    return {e.get("datasetId"): e for e in entries}
