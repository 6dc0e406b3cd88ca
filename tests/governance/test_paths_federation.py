"""Federation is enforced: what context sources answer is filtered and masked by the local policy.

Two in-process brokers, both with authentication on: the city broker (``store``, both backends) and a
district broker (SQLite) registered at the city as a context source. The district trusts the city's
service account (an administrator there), so it answers in clear; the city's policy decides what each of
its own subjects sees. Forwarded requests carry the city's credential for the district and the caller's
identity, never the caller's own key.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.core.entities import Entity, geo, prop
from citytwin.core.query import AttributeInstance
from citytwin.federation.credentials import ON_BEHALF_OF, Caller, Credentials, SourceCredential
from citytwin.federation.registration import Registration
from citytwin.federation.service import Federation
from citytwin.governance.auth import Accounts
from citytwin.governance.ledger_store import Ledger
from citytwin.settings import Settings
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store
from tests.api.conftest import V1

DISTRICT = "http://district.test"
REG = "urn:ngsi-ld:ContextSourceRegistration:district"


def person(n: int, code: str) -> Entity:
    entity = Entity(f"urn:ngsi-ld:Person:p{n}", ("Person",))
    entity.set("name", prop(["张三丰", "李四"][n % 2]))
    entity.set("phone", prop(f"1380013{n:04d}"))
    entity.set("adminCode", prop(code))
    entity.set("location", geo({"type": "Point", "coordinates": [113.94 + n / 10, 22.53]}))
    return entity


@dataclass
class Bridge(httpx.AsyncBaseTransport):
    """Sends the city's forwarded requests to the district app in this process, and remembers them."""

    target: TestClient
    seen: list[httpx.Headers] = field(default_factory=list)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert request.url.host == "district.test"
        body = await request.aread()
        self.seen.append(request.headers)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
        path = request.url.raw_path.decode("ascii")

        def send() -> httpx.Response:
            return self.target.request(request.method, path, headers=headers, content=body or None)

        answer = await anyio.to_thread.run_sync(send)
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)


@dataclass
class Brokers:
    city: TestClient
    district: TestClient
    bridge: Bridge
    keys: dict[str, str]
    city_store: Store
    district_store: Store

    def get(self, who: str, path: str, **params: Any) -> httpx.Response:
        return self.city.get(f"{V1}{path}", params=params, headers={"X-API-Key": self.keys[who]})


@pytest.fixture
def brokers(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Brokers]:
    district_store = open_store(f"sqlite:///{tmp_path / 'district.db'}")
    twin = district_store.tenant()
    assert not twin.upsert_many([person(1, "440305007003"), person(2, "440304001001")]).errors
    twin.append_history(
        [
            AttributeInstance(
                f"urn:ngsi-ld:Person:p{n}", "phone", t, f"1390000{n}{i:03d}", entity_type="Person"
            )
            for n in (1, 2)
            for i, t in enumerate([datetime(2026, 1, 1, 8, tzinfo=UTC), datetime(2026, 1, 2, 8, tzinfo=UTC)])
        ]
    )
    service_key = _account(district_store, "city-broker", ("administrator",), kind="service")
    keys = {
        "admin": _account(store, "admin", ("administrator",)),
        "li": _account(store, "li", ("district-staff",), tenant="", area="440305"),
        "ops": _account(store, "ops", ("city-operator",)),
    }
    credentials = tmp_path / "federation-credentials.yaml"
    credentials.write_text(f"sources:\n  - registration: {REG}\n    api_key: {service_key}\n", "utf-8")
    monkeypatch.setenv("CITYTWIN_FEDERATION_CREDENTIALS", str(credentials))
    settings = Settings(auth=True, auth_signing_key=tmp_path / "signing.pem", ledger_seal_after_s=0.2)
    with TestClient(create_app(settings, store=district_store)) as district:
        bridge = Bridge(district)

        def federation(store: Store, fed_settings: Any, *, resolver: Any) -> Federation:
            return Federation(store, fed_settings, resolver=resolver, transport=bridge)

        monkeypatch.setattr("citytwin.api.app.Federation", federation)
        with TestClient(create_app(settings, store=store)) as city:
            registration = {
                "id": REG,
                "type": "ContextSourceRegistration",
                "information": [{"entities": [{"type": "Person"}]}],
                "endpoint": DISTRICT,
                "operations": ["federationOps", "queryTemporal", "retrieveTemporal"],
            }
            made = city.post(
                f"{V1}/csourceRegistrations", json=registration, headers={"X-API-Key": keys["admin"]}
            )
            assert made.status_code == 201, made.text
            yield Brokers(city, district, bridge, keys, store, district_store)
    district_store.close()


def _account(store: Store, name: str, roles: tuple[str, ...], **fields: Any) -> str:
    accounts = Accounts(store)
    accounts.add(name, roles=roles, **fields)
    return accounts.create_key(name)[0]


def test_remote_entities_are_filtered_and_masked_for_the_subject(brokers: Brokers) -> None:
    everything = brokers.get("admin", "/entities", type="Person", count="true")
    assert [e["id"] for e in everything.json()] == ["urn:ngsi-ld:Person:p1", "urn:ngsi-ld:Person:p2"]
    assert everything.json()[0]["phone"]["value"] == "13800130001"  # an administrator: in clear

    mine = brokers.get("li", "/entities", type="Person", count="true")
    assert mine.status_code == 200, mine.text
    assert [e["id"] for e in mine.json()] == ["urn:ngsi-ld:Person:p1"]
    assert mine.headers["NGSILD-Results-Count"] == "1"  # not the district's 2
    (p1,) = mine.json()
    assert p1["phone"]["value"] == "138****0001" and p1["name"]["value"] == "李*"
    assert p1["location"]["value"]["coordinates"] != [114.04, 22.53]  # a grid-cell centre

    masked_ops = brokers.get("ops", "/entities", type="Person", options="keyValues")
    assert [e["phone"] for e in masked_ops.json()] == ["138****0001", "138****0002"]
    # A filter on a value the subject sees masked must not probe it.
    probe = brokers.get("li", "/entities", type="Person", q='phone=="13800130001"')
    assert probe.json() == []

    assert brokers.get("li", "/entities/urn:ngsi-ld:Person:p2").status_code == 404
    one = brokers.get("li", "/entities/urn:ngsi-ld:Person:p1", options="keyValues")
    assert one.status_code == 200 and one.json()["phone"] == "138****0001"


def test_remote_temporal_evolutions_are_masked(brokers: Brokers) -> None:
    window = {"attrs": "phone", "timerel": "after", "timeAt": "2025-01-01T00:00:00Z"}
    ops = brokers.get("ops", "/temporal/entities", type="Person", **window)
    assert ops.status_code == 200, ops.text
    assert [[i["value"] for i in e["phone"]] for e in ops.json()] == [
        ["139****1000", "139****1001"], ["139****2000", "139****2001"]
    ]  # fmt: skip
    # Judged by type alone, a remote-only entity is outside every area: district staff see none of them ...
    assert brokers.get("li", "/temporal/entities", type="Person", **window).json() == []
    # ... unless this broker knows where the entity is.
    assert not brokers.city_store.tenant().upsert_many([person(1, "440305007003")]).errors
    mine = brokers.get("li", "/temporal/entities", type="Person", **window)
    assert [e["id"] for e in mine.json()] == ["urn:ngsi-ld:Person:p1"]
    assert [i["value"] for i in mine.json()[0]["phone"]] == ["139****1000", "139****1001"]
    alone = brokers.get("li", "/temporal/entities/urn:ngsi-ld:Person:p2", **window)
    assert alone.status_code == 404


def test_forwarded_requests_carry_the_broker_credential_and_the_callers_identity(brokers: Brokers) -> None:
    brokers.bridge.seen.clear()
    answer = brokers.city.get(
        f"{V1}/entities",
        params={"type": "Person"},
        headers={"X-API-Key": brokers.keys["li"], "X-Request-ID": "req-li-7", "X-Purpose": "visit"},
    )
    assert answer.status_code == 200
    (sent,) = brokers.bridge.seen
    assert sent["X-API-Key"] != brokers.keys["li"] and sent["X-API-Key"].startswith("ctk_")
    assert "authorization" not in sent
    assert (sent[ON_BEHALF_OF], sent["X-Request-ID"], sent["X-Purpose"]) == ("user:li", "req-li-7", "visit")

    brokers.city.app.state.governance.writer.flush()  # type: ignore[attr-defined]
    city = [r.entry for r in Ledger(brokers.city_store).iter_records() if r.entry.request_id == "req-li-7"]
    assert ("user:li", "read", f"csource:{REG}") in {(e.actor, e.action, e.resource) for e in city}
    brokers.district.app.state.governance.writer.flush()  # type: ignore[attr-defined]
    district = [
        r.entry for r in Ledger(brokers.district_store).iter_records() if r.entry.request_id == "req-li-7"
    ]
    assert {e.actor for e in district} == {"service:city-broker"} and district[0].purpose == "visit"


def test_the_callers_token_is_forwarded_only_when_the_credential_says_so() -> None:
    reg = Registration.from_doc(
        {"id": REG, "type": "ContextSourceRegistration", "endpoint": DISTRICT,
         "information": [{"entities": [{"type": "Person"}]}]}
    )  # fmt: skip
    caller = Caller("user:li", "r1", "", authorization="Bearer caller-token", api_key=None)
    keep = Credentials((SourceCredential(registration=REG, headers=(("X-API-Key", "ctk_broker"),)),))
    assert keep.headers(reg, "", caller) == {
        ON_BEHALF_OF: "user:li",
        "X-Request-ID": "r1",
        "X-API-Key": "ctk_broker",
    }
    passing = Credentials((SourceCredential(endpoint=DISTRICT, forward_caller=True),))
    assert passing.headers(reg, "", caller)["Authorization"] == "Bearer caller-token"
    other_tenant = Credentials((SourceCredential(endpoint=DISTRICT, tenant="x", forward_caller=True),))
    assert "Authorization" not in other_tenant.headers(reg, "", caller)
    assert Credentials().headers(reg, "", None) == {}
