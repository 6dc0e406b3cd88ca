"""ETSI NGSI-LD test suite cases that window temporal queries on ``timeproperty=createdAt`` (clause 4.11):
5743_01 (expandValues) and 021_23_02 (orderBy=id), with the broker's system times driven by a clock, plus
``modifiedAt``. Both backends, at the suite's instance limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.settings import Settings
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store
from tests.api.conftest import MAX_PAGE, V1
from tests.api.etsi_support import JSON, LD_JSON, SuiteContext
from tests.api.test_etsi_temporal_paging import SUITE_INSTANCE_LIMIT, suite_app

T = f"{V1}/temporal/entities"
CREATED_SINCE_2000 = {"timerel": "after", "timeAt": "2000-01-01T00:00:00Z", "timeproperty": "createdAt"}


@pytest.fixture
def api(store: Store) -> Iterator[TestClient]:
    yield from suite_app(store)


class Clock:
    """The store's clock: the broker's createdAt / modifiedAt come from it."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def timed(store_url: str, clock: Clock) -> Iterator[TestClient]:
    """An API over a store of each backend whose clock the test drives."""
    store: Store = open_store(store_url, clock=clock)
    settings = Settings(
        db="sqlite:///unused.db", max_page_size=MAX_PAGE, temporal_instance_limit=SUITE_INSTANCE_LIMIT
    )
    try:
        with TestClient(create_app(settings, store=store), raise_server_exceptions=False) as client:
            yield client
    finally:
        store.close()


def test_5743_01_01_expand_values_on_a_created_at_window(api: TestClient) -> None:
    # (5743_01_02, the same q without expandValues matching nothing, needs vocabulary values expanded
    # against the default context when stored; core queries match the literal too: not a temporal matter.)
    shop = "urn:ngsi-ld:Shop:ev5743"
    body = {"id": shop, "type": "Shop", "category": {"type": "VocabProperty", "vocab": "commercial"}}
    assert api.post(f"{V1}/entities", json=body, headers=JSON).status_code == 201
    params = {"type": "Shop", "q": "category==commercial", "expandValues": "category", **CREATED_SINCE_2000}
    response = api.get(T, params=params)
    assert response.status_code == 200, response.text
    [got] = response.json()
    assert got["id"] == shop and got["category"][0]["vocab"] == "commercial"
    assert got["category"][0]["createdAt"]  # the time the window was on is shown


def test_021_23_02_order_by_id_on_a_created_at_window(api: TestClient, ctx: SuiteContext) -> None:
    ids = [f"urn:ngsi-ld:Building:ob-{n}" for n in (1, 2, 3)]
    for n in (2, 1, 3):  # created out of order, as the suite does
        body = {
            "id": ids[n - 1],
            "type": "Building",
            "name": {"type": "Property", "value": "ABC"[n - 1]},
            "@context": ctx.body,
        }
        assert api.post(f"{V1}/entities", json=body, headers=LD_JSON).status_code == 201
    response = api.get(
        T, params={"type": "Building", "orderBy": "id", **CREATED_SINCE_2000}, headers=ctx.link
    )
    assert response.status_code == 200, response.text
    assert [e["id"] for e in response.json()] == ids


def test_created_at_window_selects_on_the_creation_time_not_the_observation(
    timed: TestClient, clock: Clock
) -> None:
    """A back-filled observation (observedAt in 2020) provided in 2026 is found by createdAt in 2026."""
    clock.now = datetime(2026, 3, 1, tzinfo=UTC)
    body = {
        "id": "urn:ngsi-ld:Vehicle:tp-1",
        "type": "Vehicle",
        "speed": [{"type": "Property", "value": 5, "observedAt": "2020-01-01T00:00:00Z"}],
    }
    assert timed.post(T, json=body).status_code == 201
    in_2026 = {"type": "Vehicle", "timerel": "after", "timeAt": "2026-01-01T00:00:00Z"}
    assert timed.get(T, params=in_2026).json() == []
    [got] = timed.get(T, params={**in_2026, "timeproperty": "createdAt"}).json()
    [instance] = got["speed"]
    assert (
        instance["createdAt"] == "2026-03-01T00:00:00Z" and instance["observedAt"] == "2020-01-01T00:00:00Z"
    )
    values = timed.get(T, params={**in_2026, "timeproperty": "createdAt", "options": "temporalValues"}).json()
    assert values[0]["speed"]["values"] == [[5, "2026-03-01T00:00:00Z"]]
    before = {"type": "Vehicle", "timerel": "before", "timeAt": "2026-01-01T00:00:00Z"}
    assert timed.get(T, params={**before, "timeproperty": "createdAt"}).json() == []


def test_modified_at_pages_by_the_write_time(timed: TestClient, clock: Clock) -> None:
    """Paging (6.3.10) cuts on the chosen time: 40 updates written on 40 days, observed at one instant."""
    entity_id = "urn:ngsi-ld:Vehicle:tp-2"
    body = {"id": entity_id, "type": "Vehicle", "speed": {"type": "Property", "value": 0}}
    assert timed.post(f"{V1}/entities", json=body).status_code == 201
    for day in range(1, 40):
        clock.now = datetime(2026, 2, 1 + day % 28, day // 28, tzinfo=UTC)
        patch = {"speed": {"type": "Property", "value": day, "observedAt": "2020-01-01T00:00:00Z"}}
        assert timed.patch(f"{V1}/entities/{entity_id}/attrs", json=patch).status_code == 204
    window = {"timerel": "after", "timeAt": "2026-01-01T00:00:00Z", "timeproperty": "modifiedAt"}
    response = timed.get(f"{T}/{entity_id}", params=window)
    assert response.status_code == 206, response.text
    kept = response.json()["speed"]
    assert len(kept) == SUITE_INSTANCE_LIMIT
    stamps = [i["modifiedAt"] for i in kept]
    assert stamps == sorted(stamps) and response.headers["Content-Range"].endswith(f"{stamps[-1]}/*")
