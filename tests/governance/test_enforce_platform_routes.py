"""Access matrix of the routes in front of platform services: analytics desk, IoT, commands, processes.

One secured server (authentication on, analytics and the MQTT command channel running) with the shipped
policy plus two additions: a district operator (区级运行人员) who reads and writes everything up to grade 3 in
Nanshan (440305), with phone numbers in clear, and a masking rule for an event's reporter phone. The actors:
an administrator, that operator, an auditor (reads everything, masked; writes nothing), and anonymous.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from citytwin.analytics.indicators import load_catalogue
from citytwin.api.app import create_app
from citytwin.governance.enforce_policy import default_document
from citytwin.settings import Settings
from tests.api.conftest import V1, entity
from tests.conftest import require_mosquitto
from tests.governance.helpers import account_keys, backend_store
from tests.ingest.iot.mqtt_support import BROKER, unique

FT, NS = "440304001019", "440305001001"
"""沙埔头社区 (Futian) and 南头城社区 (Nanshan)."""
PHONE = "13812345678"
ACTORS: dict[str, dict[str, Any]] = {
    "admin": {"roles": ("administrator",)},
    "district": {"roles": ("district-operator",), "area": "440305"},
    "auditor": {"roles": ("auditor",)},
}
PIPE_FT, PIPE_NS = "urn:ngsi-ld:Pipe:440304-shennan-dn600", "urn:ngsi-ld:Pipe:440305-nantou-dn300"
FLOOD_FT, FLOOD_NS = "urn:ngsi-ld:FloodPoint:440304-huaqiang", "urn:ngsi-ld:FloodPoint:440305-nantou"


def policy() -> dict[str, Any]:
    """The shipped policy, the district operator's rule and the reporter's phone masked."""
    doc = default_document()
    doc["rules"].append(
        {
            "id": "district-operators",
            "subjects": {"roles": ["district-operator"]},
            "actions": ["read", "write"],
            "resources": {"area": {"admin_codes": ["$area"]}, "max_grade": 3},
            "clear": ["phone"],
        }
    )
    doc["masking"]["rules"].append({"kind": "phone", "attributes": ["reporter"], "types": ["GridEvent"]})
    return doc


def _point(lng: float, lat: float) -> dict[str, Any]:
    return {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [lng, lat]}}


def wait_for(predicate: Callable[[], bool], timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


@dataclass
class Server:
    """The client, each actor's key, and what the administrator created."""

    client: TestClient
    keys: dict[str, str]
    events: dict[str, str]
    devices: dict[str, str]

    def call(self, actor: str | None, method: str, path: str, **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", {}))
        if actor is not None:
            headers["X-API-Key"] = self.keys[actor]
        return self.client.request(method, path, headers=headers, **kwargs)


def _report(community: str, lng: float, lat: float) -> dict[str, Any]:
    return {
        "category": "sanitation",
        "description": "垃圾桶满溢",
        "location": {"type": "Point", "coordinates": [lng, lat]},
        "community": community,
        "reporter": PHONE,
    }


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    require_mosquitto()
    tmp: Path = tmp_path_factory.mktemp("platform-routes")
    policy_file = tmp / "policy.yaml"
    policy_file.write_text(yaml.safe_dump(policy(), allow_unicode=True), encoding="utf-8")
    with backend_store("sqlite", tmp) as (url, store):
        keys = account_keys(store, ACTORS)
        settings = Settings(
            db=url,
            auth=True,
            auth_signing_key=tmp / "signing-key.pem",
            analytics=True,
            policy_file=policy_file,
            mqtt_url=BROKER,
            mqtt_ack_group=unique("cmd-"),
        )
        app = create_app(settings, store=store)
        with TestClient(app, raise_server_exceptions=False) as client:
            server = Server(client, keys, {}, {})
            seed = [
                entity(PIPE_FT, "Pipe", adminCode=FT, location=_point(114.0596, 22.5431)),
                entity(PIPE_NS, "Pipe", adminCode=NS, location=_point(113.9201, 22.5405)),
            ]
            for body in seed:
                assert server.call("admin", "POST", f"{V1}/entities", json=body).status_code == 201
            rows = [
                {"type": "water-pressure", "district": "440304", "twin": PIPE_FT},
                {"type": "water-pressure", "district": "440305", "twin": PIPE_NS},
            ]
            registered = server.call("admin", "POST", "/iot/devices", json=rows)
            assert registered.status_code == 200, registered.text
            server.devices = dict(zip(("ft", "ns"), registered.json()["codes"], strict=True))
            for name, community, lng, lat in (("ft", FT, 114.0859, 22.5467), ("ns", NS, 113.9201, 22.5405)):
                made = server.call("admin", "POST", "/events", json=_report(community, lng, lat))
                assert made.status_code == 201, made.text
                server.events[name] = made.json()["id"]
            assert app.state.mqtt.channel.wait_ready(10)
            yield server


# -- indicators ---------------------------------------------------------------------------------------------

CATALOGUE = load_catalogue()
NANSHAN = sorted(d.id for d in CATALOGUE if d.area_code and d.area_code.startswith("440305"))
FUTIAN_ONE = next(d.id for d in CATALOGUE if d.area_code and d.area_code.startswith("440304"))


@pytest.mark.parametrize(
    ("actor", "count"), [("admin", len(CATALOGUE)), ("district", len(NANSHAN)), ("auditor", len(CATALOGUE))]
)
def test_indicator_listing_is_cut_per_subject(server: Server, actor: str, count: int) -> None:
    got = server.call(actor, "GET", "/indicators", params={"limit": 5000})
    assert got.status_code == 200
    assert int(got.headers["NGSILD-Results-Count"]) == count == len(got.json())
    if actor == "district":
        assert sorted(i["id"] for i in got.json()) == NANSHAN


@pytest.mark.parametrize(
    ("actor", "ident", "status"),
    [
        ("admin", FUTIAN_ONE, 200),
        ("auditor", FUTIAN_ONE, 200),
        ("district", FUTIAN_ONE, 404),
        ("district", NANSHAN[0], 200),
        (None, NANSHAN[0], 401),
    ],
)
def test_one_indicator_and_its_explanation(
    server: Server, actor: str | None, ident: str, status: int
) -> None:
    assert server.call(actor, "GET", f"/indicators/{ident}").status_code == status
    assert server.call(actor, "GET", f"/indicators/{ident}/explain").status_code == status


# -- events -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "event", "status", "reporter"),
    [
        ("admin", "ft", 200, PHONE),
        ("admin", "ns", 200, PHONE),
        ("district", "ns", 200, PHONE),
        ("district", "ft", 404, None),
        ("auditor", "ft", 200, "masked"),
        (None, "ft", 401, None),
    ],
)
def test_reading_an_event(
    server: Server, actor: str | None, event: str, status: int, reporter: str | None
) -> None:
    got = server.call(actor, "GET", f"/events/{server.events[event]}")
    assert got.status_code == status, got.text
    if status == 404:
        assert got.json()["type"].endswith("ResourceNotFound")
    if status != 200:
        return
    body = got.json()
    assert body["id"] == server.events[event]
    if reporter == "masked":
        assert body["reporter"] != PHONE and body["reporter"][:3] == PHONE[:3] and "*" in body["reporter"]
        assert body["community"] == FT and body["description"] == "垃圾桶满溢"
    else:
        assert body["reporter"] == reporter


@pytest.mark.parametrize(
    ("actor", "community", "status"),
    [("district", NS, 201), ("district", FT, 403), ("auditor", NS, 403), (None, NS, 401)],
)
def test_filing_a_report_needs_write_in_its_area(
    server: Server, actor: str | None, community: str, status: int
) -> None:
    got = server.call(actor, "POST", "/events", json=_report(community, 113.93, 22.54))
    assert got.status_code == status, got.text
    if status == 403:
        assert got.json()["title"] == "Forbidden"


def test_lifecycle_actions_are_decided_per_event(server: Server) -> None:
    act = {"action": "assign", "actor": "调度员", "assignee": "网格员王五"}
    ns = f"/events/{server.events['ns']}"
    before = server.call("admin", "GET", ns).json()["transitions"]
    refused_ft = server.call("district", "POST", f"/events/{server.events['ft']}/actions", json=act)
    assert refused_ft.status_code == 404
    refused = server.call("auditor", "POST", f"{ns}/actions", json=act)
    assert refused.status_code == 403 and refused.json()["title"] == "Forbidden"
    assert server.call("admin", "GET", ns).json()["transitions"] == before  # the refusals changed nothing
    done = server.call("district", "POST", f"{ns}/actions", json=act)
    assert done.status_code == 200, done.text
    assert done.json()["assignee"] == "网格员王五" and done.json()["reporter"] == PHONE
    after = server.call("admin", "GET", ns).json()["transitions"]
    assert len(after) == len(before) + 1 and after[-1]["assignee"] == "网格员王五"


# -- alerts -------------------------------------------------------------------------------------------------


def test_open_alerts_are_those_whose_twin_the_subject_sees(server: Server) -> None:
    for ident, community, lng, lat in ((FLOOD_FT, FT, 114.08, 22.54), (FLOOD_NS, NS, 113.92, 22.54)):
        body = entity(ident, "FloodPoint", adminCode=community, waterLevel=0.31, location=_point(lng, lat))
        assert server.call("admin", "POST", f"{V1}/entities", json=body).status_code == 201

    def sources(actor: str) -> set[str]:
        got = server.call(actor, "GET", "/alerts")
        assert got.status_code == 200
        return {a["entity"] for a in got.json() if a["rule"] == "waterlogging"}

    assert wait_for(lambda: sources("admin") == {FLOOD_FT, FLOOD_NS})
    assert sources("auditor") == {FLOOD_FT, FLOOD_NS}
    assert sources("district") == {FLOOD_NS}
    assert server.call(None, "GET", "/alerts").status_code == 401


# -- IoT ----------------------------------------------------------------------------------------------------


def _reading(code: str, value: float) -> dict[str, Any]:
    ts = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return {"device": code, "readings": [{"ts": ts, "values": {"pressure": value}}]}


@pytest.mark.parametrize(
    ("actor", "device", "status"),
    [("admin", "ft", 200), ("district", "ns", 200), ("district", "ft", 403), ("auditor", "ns", 403)],
)
def test_http_telemetry_needs_write_on_the_twin(server: Server, actor: str, device: str, status: int) -> None:
    pipe = PIPE_FT if device == "ft" else PIPE_NS
    value = 300.0 + len(actor) + (0.5 if device == "ns" else 0.0)
    got = server.call(actor, "POST", "/iot/telemetry", json=_reading(server.devices[device], value))
    assert got.status_code == status, got.text
    stored = server.call("admin", "GET", f"{V1}/entities/{pipe}").json().get("waterPressure", {})
    assert (stored.get("value") == value) is (status == 200)


@pytest.mark.parametrize(
    ("actor", "status"), [("admin", 200), ("district", 403), ("auditor", 403), (None, 401)]
)
def test_dead_letters_need_administer(server: Server, actor: str | None, status: int) -> None:
    assert server.call(actor, "GET", "/iot/deadletters").status_code == status
    assert server.call(actor, "POST", "/iot/deadletters/replay").status_code == status
    assert server.call(actor, "DELETE", "/iot/deadletters").status_code == status


@pytest.mark.parametrize(
    ("actor", "device", "status"),
    [("admin", "ft", 201), ("district", "ns", 201), ("district", "ft", 404), ("auditor", "ns", 403)],
)
def test_device_commands_need_write_on_the_device(
    server: Server, actor: str, device: str, status: int
) -> None:
    got = server.call(
        actor,
        "POST",
        f"/iot/devices/{server.devices[device]}/commands",
        json={"name": "reboot", "timeout": 5},
    )
    assert got.status_code == status, got.text


# -- processes ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "run_status", "jobs_status"),
    [("admin", 404, 200), ("district", 403, 200), ("auditor", 403, 200), (None, 401, 401)],
)
def test_processes_need_administer(
    server: Server, actor: str | None, run_status: int, jobs_status: int
) -> None:
    assert server.call(actor, "GET", "/processes").status_code == jobs_status
    ran = server.call(actor, "POST", "/processes/no-such-process/execution", json={"inputs": {}})
    assert ran.status_code == run_status, ran.text
    dismissed = server.call(actor, "DELETE", "/jobs/no-such-job")
    assert dismissed.status_code == (404 if actor == "admin" else run_status)
    assert server.call(actor, "GET", "/jobs").status_code == jobs_status
