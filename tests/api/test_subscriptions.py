"""NGSI-LD subscriptions through the API on both backends: CRUD, validation, notifications to a receiver."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.api.conftest import V1, entity, problem_type
from tests.stream.receiver import Receiver, receiver

SUBS = f"{V1}/subscriptions"
CORE = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld"
USER_CONTEXT = {
    "@context": [{"height": "https://example.org/ns/height", "Tower": "https://example.org/ns/Tower"}, CORE]
}


@pytest.fixture
def rx() -> Iterator[Receiver]:
    with receiver() as r:
        yield r


def subscription(url: str, **members: Any) -> dict[str, Any]:
    return {
        "type": "Subscription",
        "entities": [{"type": "Building"}],
        "notification": {"endpoint": {"uri": url}},
        **members,
    }


def create(api: TestClient, body: dict[str, Any], **headers: str) -> str:
    response = api.post(SUBS, json=body, headers=headers)
    assert response.status_code == 201, response.text
    location: str = response.headers["Location"]
    assert location.startswith(f"{SUBS}/urn:")
    return location


def test_crud_paging_and_status(api: TestClient, rx: Receiver) -> None:
    locations = [
        create(api, subscription(rx.url, id=f"urn:ngsi-ld:Subscription:s{i}", q=f"height>{i}"))
        for i in range(3)
    ]
    got = api.get(locations[0]).json()
    assert got["id"] == "urn:ngsi-ld:Subscription:s0" and got["type"] == "Subscription"
    assert got["status"] == "active" and got["q"] == "height>0"
    assert got["notificationTrigger"] == ["attributeCreated", "attributeUpdated"]
    assert got["notification"]["endpoint"] == {"uri": rx.url}
    # Nothing sent yet: no delivery members; jsonldContext only when the client gave one.
    assert "timesSent" not in got["notification"] and "lastNotification" not in got["notification"]
    assert "jsonldContext" not in got
    page = api.get(SUBS, params={"limit": 2, "offset": 1, "count": "true"})
    assert page.headers["NGSILD-Results-Count"] == "3"
    assert [s["id"] for s in page.json()] == ["urn:ngsi-ld:Subscription:s1", "urn:ngsi-ld:Subscription:s2"]
    patched = api.patch(
        locations[1], json={"isActive": False, "throttling": 5, "notification": {"format": "keyValues"}}
    )
    assert patched.status_code == 204, patched.text
    got = api.get(locations[1]).json()
    assert got["status"] == "paused" and got["isActive"] is False and got["throttling"] == 5
    assert got["notification"]["format"] == "keyValues" and got["notification"]["endpoint"]["uri"] == rx.url
    assert api.delete(locations[2]).status_code == 204
    assert api.get(locations[2]).status_code == 404
    assert problem_type(api.delete(locations[2])) == "ResourceNotFound"
    assert len(api.get(SUBS).json()) == 2
    with_sys = api.get(locations[0], params={"options": "sysAttrs"}).json()
    assert with_sys["createdAt"].endswith("Z") and with_sys["modifiedAt"] >= with_sys["createdAt"]


def test_errors(api: TestClient, rx: Receiver) -> None:
    assert problem_type(api.post(SUBS, json={})) == "BadRequestData"
    bad = api.post(SUBS, json=subscription(rx.url, q="height>>1"))
    assert bad.status_code == 400 and problem_type(bad) == "BadRequestData"
    assert problem_type(api.post(SUBS, json=subscription("gopher://x/y"))) == "BadRequestData"
    assert problem_type(
        api.post(SUBS, content=b"{not json", headers={"Content-Type": "application/json"})
    ) == ("InvalidRequest")
    loc = create(api, subscription(rx.url, id="urn:ngsi-ld:Subscription:dup"))
    assert api.post(SUBS, json=subscription(rx.url, id="urn:ngsi-ld:Subscription:dup")).status_code == 409
    assert api.get(f"{SUBS}/urn:ngsi-ld:Subscription:nope").status_code == 404
    assert problem_type(api.get(f"{SUBS}/not-a-uri")) == "BadRequestData"
    assert problem_type(api.patch(f"{SUBS}/not-a-uri", json={"isActive": False})) == "BadRequestData"
    assert problem_type(api.patch(f"{SUBS}/urn:ngsi-ld:Subscription:nope", json={"isActive": False})) == (
        "ResourceNotFound"
    )
    # An invalid update is refused and changes nothing.
    assert problem_type(api.patch(loc, json={"watchedAttributes": [], "q": "a=="})) == "BadRequestData"
    assert problem_type(api.patch(loc, json={"timeInterval": 5, "watchedAttributes": ["height"]})) == (
        "BadRequestData"
    )
    assert "watchedAttributes" not in api.get(loc).json()


def test_tenants_are_separate(api: TestClient, rx: Receiver) -> None:
    loc = create(api, subscription(rx.url), **{"NGSILD-Tenant": "futian"})
    assert api.get(loc, headers={"NGSILD-Tenant": "futian"}).status_code == 200
    assert api.get(loc).status_code == 404
    assert api.get(SUBS).json() == []
    api.post(f"{V1}/entities", json=entity("urn:ngsi-ld:Building:default", height=1))
    api.post(
        f"{V1}/entities",
        json=entity("urn:ngsi-ld:Building:ft", height=2),
        headers={"NGSILD-Tenant": "futian"},
    )
    got = rx.wait(lambda acc: len(acc) >= 1)
    assert [e["id"] for e in rx.entities()] == ["urn:ngsi-ld:Building:ft"]
    assert got[0].headers["NGSILD-Tenant"] == "futian"


def test_notifications_follow_triggers_and_render(api: TestClient, rx: Receiver) -> None:
    create(
        api,
        subscription(
            rx.url,
            notificationTrigger=["entityCreated", "attributeUpdated", "entityDeleted"],
            notification={
                "endpoint": {"uri": rx.url, "receiverInfo": [{"key": "X-Receiver-Token", "value": "s3cret"}]},
                "showChanges": True,
                "attributes": ["height"],
            },
        ),
    )
    eid = "urn:ngsi-ld:Building:440304-civic-center"
    api.post(f"{V1}/entities", json=entity(eid, height=30.0, name="Civic Center"))
    api.patch(f"{V1}/entities/{eid}/attrs", json={"height": {"type": "Property", "value": 31.5}})
    api.patch(f"{V1}/entities/{eid}/attrs", json={"name": {"type": "Property", "value": "Shimin Zhongxin"}})
    api.delete(f"{V1}/entities/{eid}")
    rx.wait(lambda acc: sum(len(r.body["data"]) for r in acc) >= 4)
    items = rx.entities()
    assert items[0] == {"id": eid, "type": "Building", "height": {"type": "Property", "value": 30.0}}
    assert items[1]["height"] == {"type": "Property", "value": 31.5, "previousValue": 30.0}
    assert items[2]["height"] == {"type": "Property", "value": 31.5}  # name updated; only height is sent
    assert items[3]["deletedAt"].endswith("Z")
    assert items[3]["height"] == {"type": "Property", "value": "urn:ngsi-ld:null", "previousValue": 31.5}
    first = rx.accepted[0]
    assert first.headers["X-Receiver-Token"] == "s3cret"
    assert first.headers["Content-Type"] == "application/json"
    assert first.headers["Link"].startswith(f"<{CORE}>")
    assert first.body["type"] == "Notification" and first.body["id"].startswith("urn:ngsi-ld:Notification:")
    for _ in range(400):  # the receiver has it a moment before the notifier has the answer
        status = api.get(SUBS).json()[0]["notification"]
        if status["timesSent"] >= len(rx.accepted):
            break
        time.sleep(0.05)
    assert (
        status["status"] == "ok" and status["timesSent"] == len(rx.accepted) and "timesFailed" not in status
    )
    assert status["lastSuccess"] == status["lastNotification"]


def test_watched_attributes_q_and_user_context(api: TestClient, rx: Receiver) -> None:
    body = {
        **subscription(rx.url),
        "entities": [{"type": "Tower"}],
        "watchedAttributes": ["height"],
        "q": "height>100",
        "notification": {"endpoint": {"uri": rx.url, "accept": "application/ld+json"}, "format": "keyValues"},
        **USER_CONTEXT,
    }
    loc = create(api, body, **{"Content-Type": "application/ld+json"})
    # Read back with the core context, the user's names come back as IRIs; with the user context, as terms.
    plain = api.get(loc).json()
    assert plain["entities"] == [{"type": "https://example.org/ns/Tower"}]
    assert plain["watchedAttributes"] == ["https://example.org/ns/height"]
    tower = {
        "id": "urn:ngsi-ld:Tower:pingan",
        "type": "Tower",
        "height": {"type": "Property", "value": 599.1},
        "floors": {"type": "Property", "value": 115},
        **USER_CONTEXT,
    }
    headers = {"Content-Type": "application/ld+json"}
    api.post(f"{V1}/entities", json={**tower, "height": {"type": "Property", "value": 50}}, headers=headers)
    api.patch(
        f"{V1}/entities/urn:ngsi-ld:Tower:pingan/attrs",
        json={"floors": {"type": "Property", "value": 116}, **USER_CONTEXT},
        headers=headers,
    )
    api.patch(
        f"{V1}/entities/urn:ngsi-ld:Tower:pingan/attrs",
        json={"height": {"type": "Property", "value": 599.1}, **USER_CONTEXT},
        headers=headers,
    )
    got = rx.wait(lambda acc: len(acc) >= 1)
    assert len(rx.entities()) == 1  # created below 100 m (q fails), floors not watched: one notification
    note = got[0].body
    assert note["@context"] and note["data"][0]["height"] == 599.1 and note["data"][0]["type"] == "Tower"
    assert got[0].headers["Content-Type"] == "application/ld+json"


def test_paused_subscription_sends_nothing_until_resumed(api: TestClient, rx: Receiver) -> None:
    paused = create(api, subscription(rx.url, isActive=False, id="urn:ngsi-ld:Subscription:paused"))
    with receiver() as other:
        create(api, subscription(other.url, id="urn:ngsi-ld:Subscription:active"))
        api.post(f"{V1}/entities", json=entity("urn:ngsi-ld:Building:p1", height=1))
        other.wait(lambda acc: len(acc) >= 1)
    assert "timesSent" not in api.get(paused).json()["notification"]
    api.patch(paused, json={"isActive": True})
    api.post(f"{V1}/entities", json=entity("urn:ngsi-ld:Building:p2", height=2))
    rx.wait(lambda acc: len(acc) >= 1)
    assert [e["id"] for e in rx.entities()] == ["urn:ngsi-ld:Building:p2"]  # p1 came while it was paused


def test_openapi_describes_subscriptions(api: TestClient) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    assert set(paths[SUBS]) >= {"get", "post"}
    assert set(paths[f"{SUBS}/{{subscriptionId}}"]) >= {"get", "patch", "delete"}
