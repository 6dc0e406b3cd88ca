"""/csourceSubscriptions: CRUD, bad input, and notifications to a real HTTP receiver (both backends)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import TestClient
from tests.api.conftest import V1, problem_type
from tests.federation.conftest import Receiver

SUBS = f"{V1}/csourceSubscriptions"
REGS = f"{V1}/csourceRegistrations"


def subscription(receiver: Receiver, sub_id: str = "s1", **members: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": f"urn:ngsi-ld:Subscription:{sub_id}",
        "type": "Subscription",
        "entities": [{"type": "Building"}],
        "notification": {
            "endpoint": {"uri": f"{receiver.url}/notify", "receiverInfo": [{"key": "X-Token", "value": "t0"}]}
        },
    }
    body.update(members)
    return body


def registration(reg_id: str, entity_type: str = "Building", **members: Any) -> dict[str, Any]:
    body = {
        "id": f"urn:ngsi-ld:ContextSourceRegistration:{reg_id}",
        "type": "ContextSourceRegistration",
        "information": [{"entities": [{"type": entity_type}]}],
        "endpoint": "http://district.example:1026",
    }
    body.update(members)
    return body


def notification(receiver: Receiver, n: int) -> dict[str, Any]:
    headers, body = receiver.wait_for(n)[n - 1]
    assert headers["x-token"] == "t0" and headers["content-type"] == "application/json"
    decoded: dict[str, Any] = json.loads(body)
    return decoded


def recorded(api: TestClient, done: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """The notification status of s1 once ``done`` holds (outcomes are stored after each delivery)."""
    deadline = time.monotonic() + 20
    while True:
        note: dict[str, Any] = api.get(f"{SUBS}/urn:ngsi-ld:Subscription:s1").json()["notification"]
        if done(note):
            return note
        assert time.monotonic() < deadline, note
        time.sleep(0.05)


def test_crud_and_status(api: TestClient, receiver: Receiver) -> None:
    created = api.post(SUBS, json=subscription(receiver, subscriptionName="new district platforms"))
    assert created.status_code == 201, created.text
    location = created.headers["location"]
    assert location == f"{SUBS}/urn:ngsi-ld:Subscription:s1"
    got = api.get(location).json()
    assert got["status"] == "active" and got["entities"] == [{"type": "Building"}]
    assert got["notification"]["endpoint"]["uri"] == f"{receiver.url}/notify"
    assert api.post(SUBS, json=subscription(receiver)).status_code == 409
    assert api.patch(location, json={"isActive": False}).status_code == 204
    assert api.get(location).json()["status"] == "paused"
    listed = api.get(SUBS, params={"count": "true"})
    assert [s["id"] for s in listed.json()] == ["urn:ngsi-ld:Subscription:s1"]
    assert listed.headers["NGSILD-Results-Count"] == "1"
    assert api.delete(location).status_code == 204
    assert api.get(location).status_code == 404


@pytest.mark.parametrize(
    "members",
    [
        {"type": "Notification"},
        {"notification": None},
        {"notification": {"endpoint": {"uri": "gopher://x"}}},
        {"notification": {"endpoint": {"uri": "http://x"}, "format": "fancy"}},
        {"entities": [{"id": "urn:x:1"}]},
        {"watchedAttributes": []},
        {"expiresAt": "2001-01-01T00:00:00Z"},
        {"timeInterval": 0},
        {"csf": "adminCode=="},
        {"geoQ": {"georel": "within", "geometry": "Polygon"}},
    ],
)
def test_invalid_subscriptions_are_400(api: TestClient, receiver: Receiver, members: dict[str, Any]) -> None:
    body = subscription(receiver, "bad")
    for key, value in members.items():
        if value is None:
            body.pop(key)
        else:
            body[key] = value
    answer = api.post(SUBS, json=body)
    assert answer.status_code == 400, answer.text
    assert problem_type(answer) in ("BadRequestData", "InvalidRequest")
    assert api.get(f"{SUBS}/urn:ngsi-ld:Subscription:bad").status_code == 404


def test_registration_changes_are_notified(api: TestClient, receiver: Receiver) -> None:
    assert api.post(REGS, json=registration("early")).status_code == 201
    assert api.post(SUBS, json=subscription(receiver, csf='adminCode=="440304"')).status_code == 201
    assert receiver.received == []  # the early registration does not pass csf: no initial notification
    futian = registration("ft", adminCode={"type": "Property", "value": "440304"})
    assert api.post(REGS, json=futian).status_code == 201
    first = notification(receiver, 1)
    assert first["type"] == "ContextSourceNotification" and first["triggerReason"] == "newlyMatching"
    assert first["subscriptionId"] == "urn:ngsi-ld:Subscription:s1"
    assert [r["id"] for r in first["data"]] == ["urn:ngsi-ld:ContextSourceRegistration:ft"]
    assert first["data"][0]["information"] == [{"entities": [{"type": ["Building"]}]}]
    assert api.post(REGS, json=registration("road", "Road", adminCode="440304")).status_code == 201
    assert api.patch(f"{REGS}/{futian['id']}", json={"endpoint": "http://other.example"}).status_code == 204
    second = notification(receiver, 2)
    assert second["triggerReason"] == "updated" and second["data"][0]["endpoint"] == "http://other.example"
    assert api.patch(f"{REGS}/{futian['id']}", json={"adminCode": "440305"}).status_code == 204
    assert notification(receiver, 3)["triggerReason"] == "noLongerMatching"
    assert api.patch(f"{REGS}/{futian['id']}", json={"adminCode": "440304"}).status_code == 204
    assert notification(receiver, 4)["triggerReason"] == "newlyMatching"
    assert api.delete(f"{REGS}/{futian['id']}").status_code == 204
    fifth = notification(receiver, 5)
    assert fifth["triggerReason"] == "noLongerMatching" and fifth["data"][0]["id"] == futian["id"]
    status = recorded(api, lambda note: note.get("timesSent") == 5)
    assert status["status"] == "ok" and "lastSuccess" in status and "timesFailed" not in status
    assert len(receiver.received) == 5  # the Road registration was never sent


def test_new_subscription_gets_what_matches_now(api: TestClient, receiver: Receiver) -> None:
    for reg_id in ("a", "b"):
        assert api.post(REGS, json=registration(reg_id)).status_code == 201
    assert api.post(REGS, json=registration("c", "Road")).status_code == 201
    assert api.post(SUBS, json=subscription(receiver)).status_code == 201
    first = notification(receiver, 1)
    assert first["triggerReason"] == "newlyMatching"
    assert sorted(r["id"].rsplit(":", 1)[-1] for r in first["data"]) == ["a", "b"]


def test_failed_deliveries_are_retried_and_counted(api: TestClient, receiver: Receiver) -> None:
    receiver.status = 500
    assert api.post(SUBS, json=subscription(receiver)).status_code == 201
    assert api.post(REGS, json=registration("a")).status_code == 201
    receiver.wait_for(2)  # a retry after the first failure
    receiver.status = 200
    receiver.wait_for(3)
    # One notification, delivered on its third attempt: it counts once as sent and once as failed.
    status = recorded(api, lambda note: note.get("status") == "ok")
    assert status["timesSent"] == 1 and status["timesFailed"] == 1 and "lastFailure" in status
    bodies = [json.loads(b)["id"] for _, b in receiver.received[:3]]
    assert len(set(bodies)) == 1  # the same notification, sent again
