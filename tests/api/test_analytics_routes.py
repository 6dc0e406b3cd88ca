"""Indicators, alerts and events over HTTP, end to end through the NGSI-LD API, on both backends."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from shapely.geometry import box, mapping
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.settings import Settings
from citytwin.storage.base import Store
from tests.api.conftest import V1, entity, problem_type


@pytest.fixture
def live(store: Store) -> Iterator[TestClient]:
    app = create_app(Settings(db="sqlite:///unused.db", analytics=True), store=store)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def wait_for(predicate, timeout: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_indicator_listing_by_domain_and_area_and_explain(live: TestClient) -> None:
    got = live.get("/indicators", params={"domain": "environment", "area": "440305007", "limit": 50})
    assert got.status_code == 200
    ids = {i["id"] for i in got.json()}
    assert {"rain-intensity-max-1h-440305007", "pm25-avg-440305007", "noise-p95-440305007"} <= ids
    assert all(i["area"].startswith("440305007") for i in got.json())
    assert int(got.headers["NGSILD-Results-Count"]) == len(ids)
    assert live.get("/indicators/nope").status_code == 404
    station = entity(
        "urn:ngsi-ld:WeatherStation:ws-yuehai",
        "WeatherStation",
        adminCode="440305007001",
        rainIntensity={"type": "Property", "value": 62.0, "unitCode": "H67"},
    )
    assert live.post(f"{V1}/entities", json=station).status_code == 201
    assert wait_for(lambda: live.get("/indicators/rain-intensity-max-1h-440305007").json()["value"] == 62.0)
    one = live.get("/indicators/rain-intensity-max-1h-440305007").json()
    assert one["severity"] == "major" and one["unit"] == "H67"
    explained = live.get("/indicators/rain-intensity-max-1h-440305007/explain").json()
    assert explained["calculation"].startswith("max(rainIntensity)") and explained["samplesInWindow"] == 1
    twin_url = f"{V1}/entities/urn:ngsi-ld:CityIndicator:rain-intensity-max-1h-440305007"
    # The engine's value is live at the tick; the twin is written right after it, by the same thread.
    assert wait_for(lambda: live.get(twin_url).json().get("value", {}).get("value") == 62.0)


def test_citizen_report_lifecycle_over_http(live: TestClient) -> None:
    community = entity(
        "urn:ngsi-ld:Community:440305007001",
        "Community",
        adminCode="440305007001",
        location={"type": "GeoProperty", "value": mapping(box(113.94, 22.53, 113.95, 22.54))},
    )
    assert live.post(f"{V1}/entities", json=community).status_code == 201
    # The desk indexed communities at start-up; this one arrived later, so the report names a location
    # outside any known community and falls back to the community code it gives.
    made = live.post(
        "/events",
        json={
            "category": "sanitation",
            "description": "垃圾桶满溢",
            "location": {"type": "Point", "coordinates": [113.945, 22.535]},
            "community": "440305007001",
            "reporter": "citizen-42",
            "photoUrl": "https://example.org/p.jpg",
        },
    )
    assert made.status_code == 201, made.text
    event = made.json()
    assert event["community"] == "440305007001" and event["department"] == "社区工作站"
    eid = event["id"]
    moved = live.post(
        f"/events/{eid}/actions", json={"action": "assign", "actor": "调度员", "assignee": "网格员王五"}
    )
    assert moved.status_code == 200 and moved.json()["status"] == "assigned"
    bad = live.post(f"/events/{eid}/actions", json={"action": "close", "actor": "调度员"})
    assert bad.status_code == 422
    assert problem_type(bad) == "OperationNotSupported"
    assert live.get(f"/events/{eid}").json()["assignee"] == "网格员王五"
    twin = live.get(f"{V1}/entities/{eid}").json()
    assert twin["status"]["value"] == "assigned" and twin["type"] == "GridEvent"
    assert live.post("/events", json={"category": "x"}).status_code == 400
    assert live.post("/events", content=b"{nope").status_code == 400


def test_analytics_answer_503_when_not_running(api: TestClient) -> None:
    got = api.get("/indicators")
    assert got.status_code == 503 and "--analytics" in got.json()["detail"]


def test_assignee_and_category_contacts_are_notified_through_subscriptions(live: TestClient) -> None:
    """Contacts are NGSI-LD subscriptions on GridEvent: one per category duty desk, one per assignee."""
    from tests.stream.receiver import receiver

    with receiver() as desk, receiver() as worker:
        for url, q in ((desk.url, 'category=="water-leak"'), (worker.url, 'assignee=="网格员王五"')):
            made = live.post(
                f"{V1}/subscriptions",
                json={
                    "type": "Subscription",
                    "entities": [{"type": "GridEvent"}],
                    "q": q,
                    "notification": {"endpoint": {"uri": url}, "format": "keyValues"},
                },
            )
            assert made.status_code == 201, made.text
        event = live.post(
            "/events",
            json={"category": "water-leak", "description": "水管破裂", "community": "440305007001"},
        ).json()
        got = desk.wait(lambda rs: any(e.get("id") == event["id"] for r in rs for e in r.body["data"]))
        assert got and worker.requests == []  # not assigned yet
        live.post(
            f"/events/{event['id']}/actions",
            json={"action": "assign", "actor": "调度员", "assignee": "网格员王五"},
        )
        mine = worker.wait(
            lambda rs: any(e.get("assignee") == "网格员王五" for r in rs for e in r.body["data"])
        )
        assert any(e["status"] == "assigned" for r in mine for e in r.body["data"])
