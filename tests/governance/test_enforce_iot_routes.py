"""Per-subject device routes (listings, one device, health, registration), command reads and flood overlays.

One secured server (authentication on, the MQTT command channel running) with the shipped policy less its
``public`` rule, plus a district operator who reads and writes everything up to grade 3 in Nanshan (440305).
The actors: an administrator, that operator, an auditor (reads everything; writes nothing), a partner (no
rule grants it anything) and anonymous.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.governance.enforce_policy import default_document
from citytwin.scenarios.jobs import RESULT_KIND
from citytwin.settings import Settings
from tests.conftest import require_mosquitto
from tests.governance.helpers import account_keys, backend_store
from tests.ingest.iot.mqtt_support import BROKER, unique

ACTORS: dict[str, dict[str, Any]] = {
    "admin": {"roles": ("administrator",)},
    "district": {"roles": ("district-operator",), "area": "440305"},
    "auditor": {"roles": ("auditor",)},
    "partner": {"roles": ("partner",)},
}
JOB = "job-flood-nanshan"
PNG = b"\x89PNG\r\n\x1a\n depth frame"


def policy() -> dict[str, Any]:
    """The shipped policy without the public rule, and the district operator's rule."""
    doc = default_document()
    doc["rules"] = [r for r in doc["rules"] if r["id"] != "public"]
    doc["rules"].append(
        {
            "id": "district-operators",
            "subjects": {"roles": ["district-operator"]},
            "actions": ["read", "write"],
            "resources": {"area": {"admin_codes": ["$area"]}, "max_grade": 3},
        }
    )
    return doc


@dataclass
class Server:
    """The client, each actor's key, and the device codes the administrator registered by district."""

    client: TestClient
    keys: dict[str, str]
    devices: dict[str, str]
    commands: dict[str, str]

    def call(self, actor: str | None, method: str, path: str, **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", {}))
        if actor is not None:
            headers["X-API-Key"] = self.keys[actor]
        return self.client.request(method, path, headers=headers, **kwargs)


def _flood_result(store: Any, folder: Path) -> None:
    """A flood job's stored result and its depth frames, as a flood run leaves them."""
    frames = folder / "frames"
    frames.mkdir()
    (frames / "depth_000.png").write_bytes(PNG)
    (frames / "max_depth.png").write_bytes(PNG)
    sidecar = {"frames": [{"file": "depth_000.png", "t": 0}], "max": {"file": "max_depth.png"}}
    (frames / "frames.json").write_text(json.dumps(sidecar), encoding="utf-8")
    doc = {"frames": str(frames / "frames.json"), "area": "南头", "adminCode": "440305", "maxDepthM": 0.4}
    store.tenant("").put_document(RESULT_KIND, JOB, doc)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    require_mosquitto()
    tmp: Path = tmp_path_factory.mktemp("iot-routes")
    policy_file = tmp / "policy.yaml"
    policy_file.write_text(yaml.safe_dump(policy(), allow_unicode=True), encoding="utf-8")
    with backend_store("sqlite", tmp) as (url, store):
        keys = account_keys(store, ACTORS)
        _flood_result(store, tmp)
        settings = Settings(
            db=url,
            auth=True,
            auth_signing_key=tmp / "signing-key.pem",
            policy_file=policy_file,
            mqtt_url=BROKER,
            mqtt_ack_group=unique("cmd-"),
        )
        app = create_app(settings, store=store)
        with TestClient(app, raise_server_exceptions=False) as client:
            server = Server(client, keys, {}, {})
            rows = [{"type": "water-pressure", "district": d} for d in ("440304", "440305", "440305")]
            registered = server.call("admin", "POST", "/iot/devices", json=rows)
            assert registered.status_code == 200, registered.text
            server.devices = dict(zip(("ft", "ns", "ns2"), registered.json()["codes"], strict=True))
            assert app.state.mqtt.channel.wait_ready(10)
            for name in ("ft", "ns"):
                issued = server.call(
                    "admin", "POST", f"/iot/devices/{server.devices[name]}/commands", json={"name": "reboot"}
                )
                assert issued.status_code == 201, issued.text
                server.commands[name] = issued.json()["id"]
            yield server


# -- devices ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "names"),
    [("admin", {"ft", "ns", "ns2"}), ("auditor", {"ft", "ns", "ns2"}), ("district", {"ns", "ns2"})],
)
def test_device_listing_shows_the_devices_the_subject_reads(
    server: Server, actor: str, names: set[str]
) -> None:
    got = server.call(actor, "GET", "/iot/devices")
    assert got.status_code == 200, got.text
    assert {d["code"] for d in got.json()} == {server.devices[n] for n in names}
    paged = server.call(actor, "GET", "/iot/devices", params={"limit": 1, "offset": 1}).json()
    assert [d["code"] for d in paged] == sorted(server.devices[n] for n in names)[1:2]


@pytest.mark.parametrize(
    ("actor", "device", "status"),
    [
        ("admin", "ft", 200),
        ("auditor", "ft", 200),
        ("district", "ns", 200),
        ("district", "ft", 404),
        ("partner", "ns", 404),
        (None, "ns", 401),
    ],
)
def test_one_device(server: Server, actor: str | None, device: str, status: int) -> None:
    got = server.call(actor, "GET", f"/iot/devices/{server.devices[device]}")
    assert got.status_code == status, got.text
    if status == 200:
        assert got.json()["code"] == server.devices[device] and got.json()["state"] == "unknown"


@pytest.mark.parametrize(("actor", "count"), [("admin", 3), ("district", 2), ("partner", 0)])
def test_health_counts_only_readable_devices(server: Server, actor: str, count: int) -> None:
    got = server.call(actor, "GET", "/iot/health")
    assert got.status_code == 200
    assert sum(got.json()["devices"].values()) == count


def test_health_sweep_needs_administer(server: Server) -> None:
    assert server.call("district", "POST", "/iot/health/sweep").status_code == 403
    assert server.call("admin", "POST", "/iot/health/sweep").status_code == 200


@pytest.mark.parametrize(
    ("actor", "rows", "status"),
    [
        ("district", [{"type": "water-pressure", "district": "440305"}], 200),
        ("district", [{"type": "water-pressure", "district": "440304"}], 403),
        # one row outside its area refuses the whole registration
        (
            "district",
            [
                {"type": "water-pressure", "district": "440305"},
                {"type": "water-pressure", "district": "440304"},
            ],
            403,
        ),
        ("auditor", [{"type": "water-pressure", "district": "440305"}], 403),
        (None, [{"type": "water-pressure", "district": "440305"}], 401),
    ],
)
def test_registration_needs_write_in_the_device_area(
    server: Server, actor: str | None, rows: list[dict[str, Any]], status: int
) -> None:
    before = len(server.call("admin", "GET", "/iot/devices").json())
    got = server.call(actor, "POST", "/iot/devices", json=rows)
    assert got.status_code == status, got.text
    after = len(server.call("admin", "GET", "/iot/devices").json())
    assert after - before == (len(rows) if status == 200 else 0)
    if status == 403:
        assert got.json()["title"] == "Forbidden"


def test_registering_again_is_decided_on_the_device(server: Server) -> None:
    """The Nanshan operator updates a Nanshan device, not a Futian one (which it cannot even see)."""
    ft = {"type": "water-pressure", "district": "440304", "code": server.devices["ft"], "name": "改名"}
    assert server.call("district", "POST", "/iot/devices", json=[ft]).status_code == 403
    ns = {"type": "water-pressure", "district": "440305", "code": server.devices["ns"], "name": "南头压力计"}
    done = server.call("district", "POST", "/iot/devices", json=[ns])
    assert done.status_code == 200, done.text
    assert (done.json()["updated"], done.json()["created"]) == (1, 0)


# -- commands -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "names"),
    [("admin", {"ft", "ns"}), ("auditor", {"ft", "ns"}), ("district", {"ns"}), ("partner", set())],
)
def test_command_reads_follow_the_device(server: Server, actor: str, names: set[str]) -> None:
    got = server.call(actor, "GET", "/iot/commands")
    assert got.status_code == 200, got.text
    assert {c["id"] for c in got.json()} == {server.commands[n] for n in names}
    for name, ident in server.commands.items():
        one = server.call(actor, "GET", f"/iot/commands/{ident}")
        assert one.status_code == (200 if name in names else 404), one.text
    assert server.call(None, "GET", "/iot/commands").status_code == 401


# -- flood overlays -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "status"), [("admin", 200), ("district", 200), ("auditor", 200), ("partner", 403), (None, 401)]
)
def test_flood_overlays_follow_the_rule_for_reading_jobs(
    server: Server, actor: str | None, status: int
) -> None:
    listed = server.call(actor, "GET", "/tiles/flood")
    assert listed.status_code == status, listed.text
    one = 200 if status == 200 else (401 if actor is None else 404)
    sidecar = server.call(actor, "GET", f"/tiles/flood/{JOB}/frames.json")
    frame = server.call(actor, "GET", f"/tiles/flood/{JOB}/depth_000.png")
    assert (sidecar.status_code, frame.status_code) == (one, one)
    if status == 200:
        assert [j["jobId"] for j in listed.json()] == [JOB]
        assert sidecar.json()["max"] == {"file": "max_depth.png"}
        assert frame.content == PNG and frame.headers["cache-control"].startswith("private")
    elif one == 404:
        assert sidecar.json()["type"].endswith("ResourceNotFound")


# -- the demo simulator with credentials ------------------------------------------------------------------


def test_the_simulator_sends_with_a_token_and_is_refused_without(server: Server) -> None:
    from citytwin.demo.simulate_run import HttpSink

    reading = {"device": server.devices["ns"], "values": {"pressure": 0.31}}
    for token, accepted in ((server.keys["admin"], True), (None, False)):
        sink = HttpSink("http://testserver", token=token)
        headers = dict(sink.client.headers)  # what the simulator would send
        sink.client.close()
        assert ("authorization" in headers) is accepted
        # The same requests, delivered to the running app in process.
        sink.client = TestClient(server.client.app, base_url="http://testserver", headers=headers)
        if accepted:
            assert sink.send([reading]) == 1
        else:
            with pytest.raises(Exception, match="401"):
                sink.send([reading])
