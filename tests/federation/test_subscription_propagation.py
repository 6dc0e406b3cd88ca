"""Subscriptions propagated to context sources: a city broker and a district broker in this process.

The city registers the district; a subscription made at the city is created at the district as a
subordinate whose notifications come back to the city's receiver and go on to the subscriber (a real HTTP
receiver) as notifications of the city's subscription. Forwarded requests and the district's notifications
reach the other app through in-process bridges; anything else goes over the network as usual.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import anyio
import httpx
import pytest
from starlette.testclient import TestClient
from tests.api.conftest import V1
from tests.stream.receiver import Receiver, receiver

from citytwin.api.app import create_app
from citytwin.federation.service import Federation
from citytwin.settings import Settings
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store
from citytwin.stream.delivery import Deliverer, Endpoint, Message, Outcome
from citytwin.stream.service import StreamOptions

SUBS = f"{V1}/subscriptions"
REG = "urn:ngsi-ld:ContextSourceRegistration:district"
SUB = "urn:ngsi-ld:Subscription:city-buildings"


def _call(target: TestClient, method: str, url: str, headers: dict[str, str], body: bytes | None) -> Any:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return target.request(method, path, headers=headers, content=body)


@dataclass
class Bridge(httpx.AsyncBaseTransport):
    """Forwarded requests to the app registered for the host."""

    targets: dict[str, TestClient]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        target = self.targets.get(request.url.host)
        if target is None:
            raise httpx.ConnectError("no route to host", request=request)
        body = await request.aread()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
        url = str(request.url)
        answer = await anyio.to_thread.run_sync(
            lambda: _call(target, request.method, url, headers, body or None)
        )
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)


class BridgeDeliverer(Deliverer):
    """Notifications to a bridged host go to that app; others are delivered as usual."""

    def __init__(self, targets: dict[str, TestClient]) -> None:
        super().__init__()
        self.targets = targets

    async def send(self, endpoint: Endpoint, message: Message) -> Outcome:
        target = self.targets.get(urlsplit(endpoint.uri).hostname or "")
        if target is None:
            return await super().send(endpoint, message)
        headers = {"Content-Type": message.content_type, **message.headers, **dict(endpoint.receiver_info)}
        answer = await anyio.to_thread.run_sync(
            lambda: _call(target, "POST", endpoint.uri, headers, message.body)
        )
        return Outcome(200 <= answer.status_code < 300, answer.status_code, answer.text[:200])


@dataclass
class Brokers:
    city: TestClient
    district: TestClient
    rx: Receiver


def eventually(check: Callable[[], Any], timeout_s: float = 15.0) -> Any:
    """Poll until ``check()`` is truthy (its value), or fail."""
    deadline = time.monotonic() + timeout_s
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            pytest.fail("condition not met in time")
        time.sleep(0.05)


@pytest.fixture
def brokers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Brokers]:
    stores: list[Store] = [open_store(f"sqlite:///{tmp_path / n}.db") for n in ("city", "district")]
    monkeypatch.setenv("CITYTWIN_FEDERATION_PROPAGATE_S", "0.1")
    targets: dict[str, TestClient] = {}
    bridge = Bridge(targets)

    def federation(store: Store, fed_settings: Any, *, resolver: Any) -> Federation:
        # Each broker names itself by the host the other reaches it at.
        public = (
            "http://city.test" if store is stores[0] or getattr(store, "inner", None) is stores[0] else ""
        )
        fed_settings.public_url = public or "http://district.test"
        return Federation(store, fed_settings, resolver=resolver, transport=bridge)

    monkeypatch.setattr("citytwin.api.app.Federation", federation)
    options = StreamOptions(deliverer=lambda: BridgeDeliverer(targets))
    settings = Settings()
    with (
        receiver() as rx,
        TestClient(create_app(settings, store=stores[1], stream=options)) as district,
        TestClient(create_app(settings, store=stores[0], stream=StreamOptions())) as city,
    ):
        targets.update({"city.test": city, "district.test": district})
        registration = {
            "id": REG,
            "type": "ContextSourceRegistration",
            "information": [{"entities": [{"type": "Building"}]}],
            "endpoint": "http://district.test",
            "adminCode": {"type": "Property", "value": "440304"},
        }
        assert city.post(f"{V1}/csourceRegistrations", json=registration).status_code == 201
        yield Brokers(city, district, rx)
    for store in stores:
        store.close()


def subscription(url: str, **members: Any) -> dict[str, Any]:
    return {
        "id": SUB,
        "type": "Subscription",
        "entities": [{"type": "Building"}],
        "watchedAttributes": ["height"],
        "notification": {"endpoint": {"uri": url}, "format": "keyValues", "attributes": ["height"]},
        **members,
    }


def subordinates(district: TestClient) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = district.get(SUBS).json()
    return found


def building(n: int, height: float) -> dict[str, Any]:
    return {
        "id": f"urn:ngsi-ld:Building:d{n}",
        "type": "Building",
        "height": {"type": "Property", "value": height},
        "name": {"type": "Property", "value": f"d{n}"},
    }


def test_a_subscription_follows_entities_held_by_a_source(brokers: Brokers) -> None:
    city, district, rx = brokers.city, brokers.district, brokers.rx
    assert city.post(SUBS, json=subscription(rx.url, q="height>10")).status_code == 201
    (sub,) = eventually(lambda: subordinates(district))
    assert sub["description"] == f"propagated from {SUB}"
    assert (sub["q"], sub["watchedAttributes"], sub["notification"]["format"]) == (
        "height>10",
        ["height"],
        "normalized",
    )
    assert sub["notification"]["endpoint"]["uri"].startswith("http://city.test/ngsi-ld/v1/csourceNotify?")

    assert district.post(f"{V1}/entities", json=building(1, 30)).status_code == 201
    assert district.post(f"{V1}/entities", json=building(2, 5)).status_code == 201  # q: not notified
    (note,) = rx.wait(lambda got: len(got) >= 1)
    assert note.body["subscriptionId"] == SUB
    assert note.body["data"] == [{"id": "urn:ngsi-ld:Building:d1", "type": "Building", "height": 30}]

    # A source sending the same again (a retry) is not passed on; a new value is.
    key = next(
        p["value"] for p in sub["notification"]["endpoint"]["receiverInfo"] if p["key"].endswith("Key")
    )
    receiver_path = sub["notification"]["endpoint"]["uri"].removeprefix("http://city.test")
    item = {**building(1, 30), "modifiedAt": "2026-01-01T00:00:00Z"}
    again = {
        "id": "urn:ngsi-ld:Notification:x",
        "type": "Notification",
        "subscriptionId": sub["id"],
        "data": [item],
    }
    assert (
        city.post(receiver_path, json=again, headers={"X-Citytwin-Propagation-Key": key}).status_code == 204
    )
    assert (
        city.post(receiver_path, json=again, headers={"X-Citytwin-Propagation-Key": "wrong"}).status_code
        == 404
    )
    assert (
        district.patch(
            f"{V1}/entities/urn:ngsi-ld:Building:d1/attrs", json={"height": {"value": 31}}
        ).status_code
        == 204
    )
    rx.wait(lambda got: len(got) >= 2)
    time.sleep(0.3)
    assert [e["height"] for e in rx.entities()] == [30, 31]

    # Changing the subscription changes its subordinate; deleting it deletes it.
    assert city.patch(f"{SUBS}/{SUB}", json={"q": "height>100"}).status_code == 204
    eventually(lambda: [s for s in subordinates(district) if s["q"] == "height>100"])
    assert city.delete(f"{SUBS}/{SUB}").status_code == 204
    eventually(lambda: not subordinates(district))


def test_csf_local_only_and_loops_decide_where_it_goes(brokers: Brokers) -> None:
    city, district, rx = brokers.city, brokers.district, brokers.rx
    other = subscription(rx.url, id="urn:ngsi-ld:Subscription:elsewhere", csf='adminCode=="440305"')
    assert city.post(SUBS, json=other).status_code == 201
    assert city.get(f"{SUBS}/urn:ngsi-ld:Subscription:elsewhere").json()["csf"] == 'adminCode=="440305"'
    here = subscription(rx.url, id="urn:ngsi-ld:Subscription:here", localOnly=True)
    assert city.post(SUBS, json=here).status_code == 201
    assert city.get(f"{SUBS}/urn:ngsi-ld:Subscription:here").json()["localOnly"] is True
    assert city.post(SUBS, json=subscription(rx.url, csf='adminCode=="440304"')).status_code == 201
    (sub,) = eventually(lambda: subordinates(district))
    assert sub["description"] == f"propagated from {SUB}"

    # The district registers the city back: the subordinate is not propagated back to where it came from.
    back = {
        "id": "urn:ngsi-ld:ContextSourceRegistration:city",
        "type": "ContextSourceRegistration",
        "information": [{"entities": [{"type": "Building"}]}],
        "endpoint": "http://city.test",
    }
    assert district.post(f"{V1}/csourceRegistrations", json=back).status_code == 201
    time.sleep(0.6)  # several propagation passes of both brokers
    assert len(city.get(SUBS).json()) == 3 and len(subordinates(district)) == 1
    bad = city.post(SUBS, json=subscription(rx.url, id="urn:ngsi-ld:Subscription:bad", csf="adminCode=="))
    assert bad.status_code == 400
