"""Share agreements end to end over HTTP on the embedded store, authentication on, the shipped policy.

Actors call with their own API keys: an administrator, the water authority's system (a department service
with no role: the shipped policy gives it public data only), a Futian district staff member. The city tenant
holds buildings in Futian (440304) and Nanshan (440305) and a resident.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.governance.auth import Accounts
from citytwin.settings import Settings
from citytwin.storage.registry import open_store
from tests.api.conftest import V1, entity, problem_type
from tests.stream.receiver import receiver

WATER_DEPT = "深圳市水务局"
PURPOSE = "内涝风险评估 flood-risk assessment"
FUTIAN = [f"urn:ngsi-ld:Building:ft-{i:02d}" for i in range(12)]
NANSHAN = "urn:ngsi-ld:Building:ns-01"
RESIDENT = "urn:ngsi-ld:Person:ft-01"


@dataclass
class Api:
    client: TestClient
    keys: dict[str, str]
    export_dir: Path

    def call(self, actor: str, method: str, path: str, *, tenant: str = "", **kwargs: Any) -> Any:
        headers = {"X-API-Key": self.keys[actor], **kwargs.pop("headers", {})}
        if tenant:
            headers["NGSILD-Tenant"] = tenant
        return self.client.request(method, path, headers=headers, **kwargs)

    def ledger(self, **params: str) -> list[dict[str, Any]]:
        found = self.call("admin", "GET", "/governance/ledger", params={"limit": 1000, **params})
        assert found.status_code == 200, found.text
        return list(found.json())


def _point(lng: float) -> dict[str, Any]:
    return {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [lng, 22.54]}}


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    store = open_store(f"sqlite:///{tmp_path / 'twin.db'}")
    accounts = Accounts(store)
    keys = {}
    for name, kwargs in {
        "admin": {"roles": ("administrator",)},
        "water": {"kind": "service", "department": WATER_DEPT},
        "staff": {"roles": ("district-staff",), "tenant": "futian", "area": "440304"},
    }.items():
        accounts.add(name, **kwargs)  # type: ignore[arg-type]
        keys[name] = accounts.create_key(name)[0]
    settings = Settings(
        db="sqlite:///unused.db",
        auth=True,
        auth_signing_key=tmp_path / "key.pem",
        share_export_dir=tmp_path / "exports",
        share_interval_s=0.05,
        ledger_seal_after_s=60,
    )
    try:
        with TestClient(create_app(settings, store=store), raise_server_exceptions=False) as client:
            found = Api(client, keys, tmp_path / "exports")
            bodies = [
                entity(
                    ident,
                    "Building",
                    name=f"福田{i}栋",
                    height=10.0 + i,
                    usage="residential",
                    adminCode="440304001019",
                    location=_point(114.10 + i * 0.001),
                )
                for i, ident in enumerate(FUTIAN)
            ]
            bodies.append(
                entity(
                    NANSHAN,
                    "Building",
                    name="南头古城1号",
                    height=12.0,
                    adminCode="440305001001",
                    location=_point(113.92),
                )
            )
            bodies.append(
                entity(RESIDENT, "Person", name="张三丰", phone="13812345678", adminCode="440304001019")
            )
            done = found.call("admin", "POST", f"{V1}/entityOperations/create", json=bodies)
            assert done.status_code == 201, done.text
            yield found
    finally:
        store.close()


def agreement(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "water-buildings",
        "title": "水务局 福田建筑物",
        "purpose": PURPOSE,
        "consumer": {"departments": [WATER_DEPT]},
        "scope": {
            "types": ["Building"],
            "attributes": ["name", "height", "location", "adminCode"],
            "area": {"admin_codes": ["440304"]},
        },
        "modes": ["query", "subscription", "export"],
        "export": {"formats": ["gpkg", "csv", "ndjson"]},
        "expiresAt": "2099-01-01T00:00:00Z",
    }
    body.update(overrides)
    return body


def until(check: Callable[[], Any], timeout: float = 8.0) -> Any:
    """Poll ``check`` until it returns something truthy (a failure after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def test_online_query_under_an_agreement(api: Api) -> None:
    assert api.call("water", "GET", f"{V1}/entities/{FUTIAN[0]}").status_code == 404
    assert api.call("water", "POST", "/sharing/agreements", json=agreement()).status_code == 403
    created = api.call("admin", "POST", "/sharing/agreements", json=agreement())
    assert created.status_code == 201, created.text
    assert created.json()["state"] == "active" and created.json()["consumerKey"] == f"department:{WATER_DEPT}"
    assert api.call("admin", "POST", "/sharing/agreements", json=agreement()).status_code == 409

    one = api.call("water", "GET", f"{V1}/entities/{FUTIAN[0]}")
    assert one.status_code == 200, one.text
    assert sorted(one.json()) == ["adminCode", "height", "id", "location", "name", "type"]
    assert api.call("water", "GET", f"{V1}/entities/{NANSHAN}").status_code == 404
    assert api.call("water", "GET", f"{V1}/entities/{RESIDENT}").status_code == 404
    listed = api.call("water", "GET", f"{V1}/entities", params={"type": "Building", "limit": 50})
    assert sorted(e["id"] for e in listed.json()) == FUTIAN

    usage = api.call("water", "GET", "/sharing/agreements/water-buildings/usage").json()
    assert usage["byMode"]["query"]["requests"] == 2 and usage["byMode"]["query"]["entities"] == 13
    assert usage["totals"]["bytes"] == len(one.content) + len(listed.content)
    uses = api.ledger(resource="share:water-buildings", action="read")
    assert [(u["actor"], u["purpose"]) for u in uses] == [("service:water", PURPOSE)] * 2
    governed = api.ledger(resource=FUTIAN[0], action="read", actor="service:water")
    assert governed and governed[0]["purpose"] == PURPOSE  # the read record names why, too
    assert [a["id"] for a in api.call("water", "GET", "/sharing/agreements").json()] == ["water-buildings"]
    assert api.call("staff", "GET", "/sharing/agreements").json() == []
    hidden = api.call("staff", "GET", "/sharing/agreements/water-buildings")
    assert hidden.status_code == 404 and problem_type(hidden) == "ResourceNotFound"

    revoked = api.call("admin", "POST", "/sharing/agreements/water-buildings/revoke")
    assert revoked.json()["state"] == "revoked"
    assert api.call("water", "GET", f"{V1}/entities/{FUTIAN[0]}").status_code == 404
    assert api.call("water", "GET", f"{V1}/entities", params={"type": "Building"}).json() == []
    changes = api.ledger(resource="share:water-buildings", action="administer")
    assert [c["attributes"][0] for c in changes] == ["active", "revoked"]


def test_expired_or_invalid_agreements_grant_nothing(api: Api) -> None:
    bad = api.call("admin", "POST", "/sharing/agreements", json=agreement(scope={"datasets": ["nope"]}))
    assert bad.status_code == 400 and "not classified datasets" in bad.json()["detail"]
    expired = agreement(expiresAt="2000-01-01T00:00:00Z")
    assert api.call("admin", "PUT", "/sharing/agreements/water-buildings", json=expired).status_code == 201
    assert api.call("water", "GET", f"{V1}/entities/{FUTIAN[0]}").status_code == 404
    export = api.call("water", "POST", "/sharing/agreements/water-buildings/exports")
    assert export.status_code == 404
    assert (
        api.call("admin", "PUT", "/sharing/agreements/water-buildings", json=agreement()).status_code == 200
    )
    assert api.call("water", "GET", f"{V1}/entities/{FUTIAN[0]}").status_code == 200
    assert api.call("admin", "DELETE", "/sharing/agreements/water-buildings").status_code == 204
    assert api.call("water", "GET", f"{V1}/entities/{FUTIAN[0]}").status_code == 404


def test_export_files_and_download(api: Api) -> None:
    assert api.call("admin", "POST", "/sharing/agreements", json=agreement()).status_code == 201
    made = api.call("water", "POST", "/sharing/agreements/water-buildings/exports")
    assert made.status_code == 201, made.text
    result = made.json()
    assert result["entities"] == 12 and [f["format"] for f in result["files"]] == ["gpkg", "csv", "ndjson"]
    listed = api.call("water", "GET", "/sharing/agreements/water-buildings/exports").json()
    assert listed[0]["purpose"] == PURPOSE and listed[0]["entities"] == 12
    csv_name = next(f["name"] for f in result["files"] if f["format"] == "csv")
    got = api.call("water", "GET", f"/sharing/agreements/water-buildings/exports/{csv_name}")
    assert got.status_code == 200 and got.text.splitlines()[0] == "id,type,adminCode,height,name,location"
    assert len(got.text.splitlines()) == 13 and "residential" not in got.text
    assert (
        api.call("water", "GET", "/sharing/agreements/water-buildings/exports/..%2Ftwin.db").status_code
        == 404
    )
    records = api.ledger(resource="share:water-buildings", action="export")
    assert [r["actor"] for r in records] == ["service:water", "service:water"]  # the export, the download
    assert records[0]["attributes"] == ["adminCode", "height", "location", "name"]


def test_volume_anomaly_raises_an_alert(api: Api) -> None:
    body = agreement(monitoring={"factor": 3, "window": 10, "minHistory": 5, "minVolume": 5})
    assert api.call("admin", "POST", "/sharing/agreements", json=body).status_code == 201
    for _ in range(5):
        found = api.call("water", "GET", f"{V1}/entities", params={"type": "Building", "limit": 1})
        assert len(found.json()) == 1
    assert api.call("admin", "GET", f"{V1}/entities", params={"type": "Alert"}).json() == []
    api.call("water", "GET", f"{V1}/entities", params={"type": "Building", "limit": 50})
    alerts = api.call("admin", "GET", f"{V1}/entities", params={"type": "Alert"}).json()
    assert len(alerts) == 1 and alerts[0]["subCategory"]["value"] == "share-volume-anomaly"
    assert alerts[0]["triggerValue"]["value"] == 12 and alerts[0]["baseline"]["value"] == 1.0
    usage = api.call("admin", "GET", "/sharing/agreements/water-buildings/usage").json()
    assert [a["volume"] for a in usage["anomalies"]] == [12]
    per = api.call("admin", "GET", "/sharing/usage", params={"consumer": f"department:{WATER_DEPT}"}).json()
    assert per[0]["totals"]["requests"] == 6 and per[0]["anomalies"] == 1
    flagged = api.ledger(resource="share:water-buildings", action="notify")
    assert flagged[0]["attributes"] == ["anomaly", "query"] and flagged[0]["actor"] == "system:share-monitor"
    written = api.ledger(resource=alerts[0]["id"])  # the alert twin is the platform's write
    assert [w["actor"] for w in written] == ["system:share-monitor"]


def test_subscription_push_under_an_agreement(api: Api) -> None:
    assert api.call("admin", "POST", "/sharing/agreements", json=agreement()).status_code == 201
    with receiver() as rx:
        made = api.call(
            "water",
            "POST",
            "/sharing/agreements/water-buildings/subscriptions",
            json={"endpoint": {"uri": rx.url, "accept": "application/json"}, "format": "keyValues"},
        )
        assert made.status_code == 201, made.text
        sub = made.json()["subscription"]
        assert sub["q"] == '(adminCode~="^440304")' and sub["entities"] == [{"type": "Building"}]
        for ident, height in ((NANSHAN, 50.0), (FUTIAN[3], 40.0)):
            patch = {"height": {"type": "Property", "value": height}}
            assert api.call("admin", "PATCH", f"{V1}/entities/{ident}/attrs", json=patch).status_code == 204
        got = rx.wait(bool)
        data = [item for r in got for item in r.body["data"]]
        assert [d["id"] for d in data] == [FUTIAN[3]] and data[0]["height"] == 40.0
        assert "usage" not in data[0]

        def notified() -> dict[str, Any] | None:
            usage = api.call("water", "GET", "/sharing/agreements/water-buildings/usage").json()
            found: dict[str, Any] = usage["byMode"].get("notify", {})
            return found if found.get("requests", 0) >= 1 else None

        counted = until(
            notified
        )  # per notification delivered: its entities and bytes, as the receiver got them
        sizes = [int(r.headers["Content-Length"]) for r in got]
        assert (counted["requests"], counted["entities"], counted["bytes"]) == (len(got), 1, sum(sizes))
    assert api.ledger(resource="share:water-buildings", action="subscribe")[0]["actor"] == "service:water"
    pushed = api.ledger(resource="share:water-buildings", action="notify")
    assert [(r["actor"], r["attributes"]) for r in pushed] == [("service:share:water-buildings", [sub["id"]])]


def test_realtime_backflow_tracks_district_changes(api: Api) -> None:
    body = agreement(
        id="futian-buildings",
        consumer={"tenants": ["futian"]},
        modes=["backflow"],
        backflow={"mode": "realtime"},
        purpose="回流 backflow to Futian",
    )
    body.pop("export")
    assert api.call("admin", "POST", "/sharing/agreements", json=body).status_code == 201

    def copies() -> list[dict[str, Any]]:
        found = api.call(
            "staff", "GET", f"{V1}/entities", tenant="futian", params={"type": "Building", "limit": 50}
        )
        return list(found.json()) if found.status_code == 200 else []

    copied = until(lambda: len(copies()) == 12 and copies())
    assert (
        copied[0]["backflow"]["value"]["tenant"] == ""
        and copied[0]["backflow"]["value"]["entity"] == FUTIAN[0]
    )
    assert "usage" not in copied[0]
    patch = {"height": {"type": "Property", "value": 77.0}}
    assert api.call("admin", "PATCH", f"{V1}/entities/{FUTIAN[1]}/attrs", json=patch).status_code == 204

    def height(ident: str) -> Any:
        found = api.call("staff", "GET", f"{V1}/entities/{ident}", tenant="futian")
        return found.json()["height"]["value"] if found.status_code == 200 else None

    until(lambda: height(FUTIAN[1]) == 77.0)  # in real time
    local = {"name": {"type": "Property", "value": "福田2栋(改)"}}
    edit = api.call("staff", "PATCH", f"{V1}/entities/{FUTIAN[1]}/attrs", tenant="futian", json=local)
    assert edit.status_code == 204, edit.text

    def changes() -> list[dict[str, Any]]:
        found = api.call("admin", "GET", "/sharing/agreements/futian-buildings/backflow/changes").json()
        return list(found) if found and found[0]["edits"] else []

    changed = until(changes)
    assert [(c["id"], c["attributes"]) for c in changed] == [(FUTIAN[1], ["name"])]
    assert changed[0]["edits"][0]["attributes"] == ["name"] and changed[0]["sourceTenant"] == ""
    patch = {"height": {"type": "Property", "value": 78.0}}
    assert api.call("admin", "PATCH", f"{V1}/entities/{FUTIAN[1]}/attrs", json=patch).status_code == 204
    assert api.call("admin", "PATCH", f"{V1}/entities/{FUTIAN[2]}/attrs", json=patch).status_code == 204
    until(lambda: height(FUTIAN[2]) == 78.0)
    assert height(FUTIAN[1]) == 77.0  # changed at the district: kept as the district left it
    after = api.call("admin", "GET", "/sharing/agreements/futian-buildings/backflow/changes").json()
    assert after[0]["sourceChangedSinceCopy"] is True and after[0]["attributes"] == ["height", "name"]
    writes = api.ledger(resource=FUTIAN[2], action="update", actor="service:share:futian-buildings")
    assert writes and writes[-1]["tenant"] == "futian" and writes[-1]["purpose"] == "回流 backflow to Futian"
    usage = api.call("admin", "GET", "/sharing/agreements/futian-buildings/usage").json()
    assert usage["byMode"]["backflow"]["entities"] >= 14
