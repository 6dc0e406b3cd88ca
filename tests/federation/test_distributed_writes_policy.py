"""Distributed writes are governed here: the local policy decides whether a forwarded write may be made.

The city (authentication on) redirects Person and Building writes to a district broker in this process, which
trusts the city's service account. Subjects: ``li`` (district staff of 440305, writes its area's residents,
sees their phone numbers masked) and ``ops`` (a city operator: reads residents masked, writes only city
entities).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from starlette.testclient import TestClient
from tests.api.conftest import V1

from citytwin.api.app import create_app
from citytwin.core.entities import Entity, prop
from citytwin.federation.service import Federation
from citytwin.governance.auth import Accounts
from citytwin.governance.ledger_store import Ledger
from citytwin.settings import Settings
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store

REG = "urn:ngsi-ld:ContextSourceRegistration:district"
P1, P2 = "urn:ngsi-ld:Person:p1", "urn:ngsi-ld:Person:p2"


@dataclass
class Bridge(httpx.AsyncBaseTransport):
    target: TestClient
    seen: list[tuple[str, str]] = field(default_factory=list)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        path = request.url.raw_path.decode("ascii")
        self.seen.append((request.method, path))
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}

        def send() -> httpx.Response:
            return self.target.request(request.method, path, headers=headers, content=body or None)

        answer = await anyio.to_thread.run_sync(send)
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)


@dataclass
class Brokers:
    city: TestClient
    district_store: Store
    city_store: Store
    bridge: Bridge
    keys: dict[str, str]

    def send(self, who: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"X-API-Key": self.keys[who], **kwargs.pop("headers", {})}
        return self.city.request(method, f"{V1}{path}", headers=headers, **kwargs)

    def writes(self) -> list[tuple[str, str]]:
        return [s for s in self.bridge.seen if s[0] != "GET"]


def _person(n: int, code: str) -> Entity:
    entity = Entity(f"urn:ngsi-ld:Person:p{n}", ("Person",))
    entity.set("phone", prop(f"1380013{n:04d}"))
    entity.set("adminCode", prop(code))
    return entity


def _key(store: Store, name: str, roles: tuple[str, ...], **fields: Any) -> str:
    accounts = Accounts(store)
    accounts.add(name, roles=roles, **fields)
    return accounts.create_key(name)[0]


@pytest.fixture
def brokers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Brokers]:
    city_store = open_store(f"sqlite:///{tmp_path / 'city.db'}")
    district_store = open_store(f"sqlite:///{tmp_path / 'district.db'}")
    assert (
        not district_store.tenant()
        .upsert_many([_person(1, "440305007003"), _person(2, "440304001001")])
        .errors
    )
    service = _key(district_store, "city-broker", ("administrator",), kind="service")
    keys = {
        "admin": _key(city_store, "admin", ("administrator",)),
        "li": _key(city_store, "li", ("district-staff",), tenant="", area="440305"),
        "ops": _key(city_store, "ops", ("city-operator",)),
    }
    credentials = tmp_path / "credentials.yaml"
    credentials.write_text(f"sources:\n  - registration: {REG}\n    api_key: {service}\n", "utf-8")
    monkeypatch.setenv("CITYTWIN_FEDERATION_CREDENTIALS", str(credentials))
    settings = Settings(auth=True, auth_signing_key=tmp_path / "signing.pem", ledger_seal_after_s=0.2)
    with TestClient(create_app(settings, store=district_store)) as district:
        bridge = Bridge(district)

        def federation(store: Store, fed_settings: Any, *, resolver: Any) -> Federation:
            return Federation(store, fed_settings, resolver=resolver, transport=bridge)

        monkeypatch.setattr("citytwin.api.app.Federation", federation)
        with TestClient(create_app(settings, store=city_store)) as city:
            registration = {
                "id": REG,
                "type": "ContextSourceRegistration",
                "information": [{"entities": [{"type": "Person"}, {"type": "Building"}]}],
                "endpoint": "http://district.test",
                "mode": "redirect",
                "operations": ["federationOps", "redirectionOps"],
            }
            made = city.post(
                f"{V1}/csourceRegistrations", json=registration, headers={"X-API-Key": keys["admin"]}
            )
            assert made.status_code == 201, made.text
            yield Brokers(city, district_store, city_store, bridge, keys)
    district_store.close()
    city_store.close()


def test_a_subject_writes_only_what_the_local_policy_lets_it(brokers: Brokers) -> None:
    seen = brokers.send("li", "GET", f"/entities/{P1}", params={"options": "keyValues"}).json()
    assert seen["phone"] == "138****0001"  # masked for li
    brokers.bridge.seen.clear()
    # The masked phone sent back unchanged is not forwarded: the source keeps the clear number.
    fragment = {
        "phone": {"type": "Property", "value": "138****0001"},
        "note": {"type": "Property", "value": "ok"},
    }
    answer = brokers.send(
        "li", "POST", f"/entities/{P1}/attrs", json=fragment, headers={"X-Request-ID": "li-w1"}
    )
    assert answer.status_code == 204, answer.text
    held = brokers.district_store.tenant().get(P1)
    assert (held.attr("phone").value, held.attr("note").value) == ("13800130001", "ok")  # type: ignore[union-attr]

    # Outside li's area: as if it did not exist; nothing is sent.
    brokers.bridge.seen.clear()
    other = brokers.send("li", "PATCH", f"/entities/{P2}/attrs", json={"note": {"value": "x"}})
    assert other.status_code == 404
    assert brokers.send("li", "DELETE", f"/entities/{P2}").status_code == 404
    # A city operator sees residents but may not change them (403); it may create a building.
    assert (
        brokers.send("ops", "PATCH", f"/entities/{P1}/attrs", json={"note": {"value": "y"}}).status_code
        == 403
    )
    assert brokers.writes() == []
    building = {
        "id": "urn:ngsi-ld:Building:w1",
        "type": "Building",
        "name": {"type": "Property", "value": "b"},
    }
    assert brokers.send("ops", "POST", "/entities", json=building).status_code == 201
    assert brokers.writes() == [("POST", f"{V1}/entities")]
    person = {"id": "urn:ngsi-ld:Person:p9", "type": "Person", "note": {"type": "Property", "value": "n"}}
    assert brokers.send("ops", "POST", "/entities", json=person).status_code == 403
    assert brokers.district_store.tenant().get_many([P2, "urn:ngsi-ld:Person:p9"]).keys() == {P2}
    assert brokers.district_store.tenant().get(P2).attr("note") is None

    brokers.city.app.state.governance.writer.flush()  # type: ignore[attr-defined]
    (record,) = [r.entry for r in Ledger(brokers.city_store).iter_records() if r.entry.request_id == "li-w1"]
    assert (record.actor, record.action, record.resource) == ("user:li", "update", f"csource:{REG}")
    assert record.attributes == ("note",)


def test_a_restricted_batch_refuses_entity_by_entity(brokers: Brokers) -> None:
    batch = [
        {"id": P1, "note": {"type": "Property", "value": "mine"}},
        {"id": P2, "note": {"type": "Property", "value": "not mine"}},
    ]
    answer = brokers.send("li", "POST", "/entityOperations/update", json=batch)
    assert answer.status_code == 207, answer.text
    assert answer.json()["success"] == [P1]
    assert [(e["entityId"], e["error"]["status"]) for e in answer.json()["errors"]] == [(P2, 404)]
    found = brokers.district_store.tenant().get_many([P1, P2])
    assert found[P1].attr("note").value == "mine"  # type: ignore[union-attr]
    assert found[P2].attr("note") is None
