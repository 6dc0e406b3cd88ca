"""WebSocket push: filters in the query language, deltas, snapshots, several filters per socket, errors;
with Starlette's TestClient on both backends and with a real client against a real ``citytwin serve``."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from starlette.testclient import TestClient

from tests.api.conftest import V1, entity

DISTRICTS = {
    f["properties"]["qh"]: f
    for f in json.loads(
        files("citytwin.data.shenzhen").joinpath("sz_districts_10_transbigdata.geojson").read_text("utf-8")
    )["features"]
}
FUTIAN, NANSHAN = DISTRICTS["福田"], DISTRICTS["南山"]


def point(district: dict[str, Any]) -> dict[str, Any]:
    props = district["properties"]
    return {
        "type": "GeoProperty",
        "value": {"type": "Point", "coordinates": [props["centroid_x"], props["centroid_y"]]},
    }


def building(n: int, code: str, district: dict[str, Any], height: float) -> dict[str, Any]:
    return entity(f"urn:ngsi-ld:Building:{code}-{n}", adminCode=code, height=height, location=point(district))


def receive(ws: Any, op: str) -> dict[str, Any]:
    """The next message with this op (others are returned in order by later calls... not needed here)."""
    while True:
        message: dict[str, Any] = ws.receive_json()
        if message["op"] == op:
            return message


def expand(frame: dict[str, Any]) -> list[dict[str, Any]]:
    """The deltas of a ``changes`` frame, each with its filter's name and number."""
    assert frame["op"] == "changes", frame
    return [{"sub": frame["sub"], "seq": frame["seq"] + i, **d} for i, d in enumerate(frame["changes"])]


def deltas(ws: Any, count: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    while len(out) < count:
        out.extend(expand(ws.receive_json()))
    return out


def test_district_filter_snapshot_and_deltas(api: TestClient) -> None:
    api.post(f"{V1}/entities", json=building(0, "440304", FUTIAN, 10))
    api.post(f"{V1}/entities", json=building(0, "440305", NANSHAN, 10))
    with api.websocket_connect("/stream/ws") as ws:
        ws.send_json(
            {
                "op": "subscribe",
                "sub": "futian",
                "type": "Building",
                "adminCode": "440304",
                "attrs": ["height"],
                "snapshot": True,
            }
        )
        assert ws.receive_json() == {"op": "subscribed", "sub": "futian"}
        snap = receive(ws, "snapshot")
        assert snap["last"] is True and snap["seq"] == 0
        assert snap["entities"] == [{"id": "urn:ngsi-ld:Building:440304-0", "type": "Building", "height": 10}]
        api.post(f"{V1}/entities", json=building(1, "440305001", NANSHAN, 20))  # Nanshan: not sent
        api.post(f"{V1}/entities", json=building(1, "440304001", FUTIAN, 30))
        api.patch(
            f"{V1}/entities/urn:ngsi-ld:Building:440304001-1/attrs",
            json={"height": {"type": "Property", "value": 31}},
        )
        api.patch(
            f"{V1}/entities/urn:ngsi-ld:Building:440304001-1/attrs",
            json={"name": {"type": "Property", "value": "not watched"}},
        )
        api.delete(f"{V1}/entities/urn:ngsi-ld:Building:440304001-1")
        got = deltas(ws, 3)
    assert [(d["sub"], d["seq"], d["kind"], d["id"]) for d in got] == [
        ("futian", 1, "created", "urn:ngsi-ld:Building:440304001-1"),
        ("futian", 2, "updated", "urn:ngsi-ld:Building:440304001-1"),
        ("futian", 3, "deleted", "urn:ngsi-ld:Building:440304001-1"),
    ]
    assert got[0]["attrs"] == {"height": 30} and got[1]["attrs"] == {"height": 31}
    assert got[0]["type"] == "Building" and got[0]["at"].endswith("Z") and "attrs" not in got[2]


def test_several_filters_geo_q_and_unsubscribe(api: TestClient) -> None:
    futian_area = {
        "georel": "within",
        "geometry": FUTIAN["geometry"]["type"],
        "coordinates": FUTIAN["geometry"]["coordinates"],
    }
    with api.websocket_connect("/stream/ws") as ws:
        ws.send_json({"op": "subscribe", "sub": "area", "geoQ": futian_area, "format": "normalized"})
        ws.send_json({"op": "subscribe", "sub": "tall", "type": "Building", "q": "height>=100"})
        assert receive(ws, "subscribed")["sub"] == "area" and receive(ws, "subscribed")["sub"] == "tall"
        api.post(f"{V1}/entities", json=building(1, "440304", FUTIAN, 50))
        api.post(f"{V1}/entities", json=building(2, "440305", NANSHAN, 120))
        got = deltas(ws, 2)
        assert {(d["sub"], d["id"]) for d in got} == {
            ("area", "urn:ngsi-ld:Building:440304-1"),
            ("tall", "urn:ngsi-ld:Building:440305-2"),
        }
        area = next(d for d in got if d["sub"] == "area")
        assert area["attrs"]["height"] == {"type": "Property", "value": 50}
        ws.send_json({"op": "unsubscribe", "sub": "area"})
        assert receive(ws, "unsubscribed") == {"op": "unsubscribed", "sub": "area"}
        api.post(f"{V1}/entities", json=building(3, "440304", FUTIAN, 150))
        (only,) = deltas(ws, 1)
        assert (only["sub"], only["seq"], only["id"]) == ("tall", 2, "urn:ngsi-ld:Building:440304-3")
        ws.send_json({"op": "ping"})
        assert receive(ws, "pong") == {"op": "pong"}


def test_bad_messages_get_problem_messages(api: TestClient) -> None:
    with api.websocket_connect("/stream/ws") as ws:
        ws.send_text("{not json")
        first = receive(ws, "error")
        assert first["status"] == 400 and first["type"].endswith("/BadRequestData")
        ws.send_json({"op": "subscribe", "sub": "x", "q": "height>>"})
        assert receive(ws, "error")["sub"] == "x"
        ws.send_json({"op": "subscribe", "sub": "y", "colour": "red"})
        assert "colour" in receive(ws, "error")["detail"]
        ws.send_json({"op": "subscribe", "sub": "z", "adminCode": "999999"})
        assert receive(ws, "error")["sub"] == "z"
        ws.send_json({"op": "subscribe", "sub": "ok", "type": "Building"})
        receive(ws, "subscribed")
        ws.send_json({"op": "subscribe", "sub": "ok", "type": "Road"})
        assert "already" in receive(ws, "error")["detail"]
        ws.send_json({"op": "unsubscribe", "sub": "nope"})
        assert receive(ws, "error")["sub"] == "nope"
        ws.send_json({"op": "dance"})
        assert "unknown op" in receive(ws, "error")["detail"]


def test_tenant_of_the_socket(api: TestClient) -> None:
    with api.websocket_connect("/stream/ws?tenant=futian") as ws:
        ws.send_json({"op": "subscribe", "sub": "all", "type": "Building"})
        receive(ws, "subscribed")
        api.post(f"{V1}/entities", json=building(1, "440305", NANSHAN, 1))
        api.post(f"{V1}/entities", json=building(2, "440304", FUTIAN, 2), headers={"NGSILD-Tenant": "futian"})
        (d,) = deltas(ws, 1)
        assert d["id"] == "urn:ngsi-ld:Building:440304-2"


# -- a real server, a real client ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """``citytwin serve`` (granian) on a fresh embedded store, with a small WebSocket queue bound."""
    tmp = tmp_path_factory.mktemp("ws")
    port = _free_port()
    exe = Path(sys.executable).with_name("citytwin")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from citytwin.cli import main; main()"]
    env = {**os.environ, "CITYTWIN_STREAM_WS_MAX_QUEUE": "200"}
    log = tmp / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*cmd, "serve", "--db", f"sqlite:///{tmp / 'twin.db'}", "--port", str(port)],
            stdout=out,
            stderr=out,
            env=env,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"citytwin serve did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_real_server_and_client(server: int) -> None:
    async def scenario() -> list[dict[str, Any]]:
        base = f"http://127.0.0.1:{server}{V1}"
        async with (
            websockets.connect(f"ws://127.0.0.1:{server}/stream/ws") as ws,
            httpx.AsyncClient() as http,
        ):
            await ws.send(
                json.dumps({"op": "subscribe", "sub": "ft", "type": "Building", "adminCode": "440304"})
            )
            assert json.loads(await ws.recv()) == {"op": "subscribed", "sub": "ft"}
            for n in range(5):
                r = await http.post(f"{base}/entities", json=building(n, "440304", FUTIAN, n))
                assert r.status_code == 201
            await http.post(f"{base}/entities", json=building(9, "440305", NANSHAN, 9))
            got: list[dict[str, Any]] = []
            while len(got) < 5:
                got.extend(expand(json.loads(await asyncio.wait_for(ws.recv(), 20))))
            return got

    got = asyncio.run(scenario())
    assert [(d["seq"], d["id"], d["attrs"]["height"]) for d in got] == [
        (n + 1, f"urn:ngsi-ld:Building:440304-{n}", n) for n in range(5)
    ]


def test_a_client_that_stops_reading_is_told_to_resync(server: int) -> None:
    async def scenario() -> tuple[dict[str, Any], list[dict[str, Any]]]:
        base = f"http://127.0.0.1:{server}{V1}"
        # Big deltas (a 20 kB attribute that changes every round) fill the socket buffers quickly.
        # max_queue=1: the client library stops reading the socket as soon as one frame waits unread.
        async with (
            websockets.connect(f"ws://127.0.0.1:{server}/stream/ws", max_size=None, max_queue=1) as slow,
            websockets.connect(f"ws://127.0.0.1:{server}/stream/ws") as fast,
            httpx.AsyncClient(timeout=60) as http,
        ):
            for ws, sub in ((slow, "all"), (fast, "one")):
                spec = {"op": "subscribe", "sub": sub, "type": "Building"}
                if sub == "one":
                    spec["id"] = "urn:ngsi-ld:Building:440304-100"
                await ws.send(json.dumps(spec))
                assert json.loads(await ws.recv())["op"] == "subscribed"
            for round_ in range(16):
                batch = [building(n, "440304", FUTIAN, round_) for n in range(100, 200)]
                for b in batch:
                    b["note"] = {"type": "Property", "value": str(round_ % 10) * 20_000}
                assert (await http.post(f"{base}/entityOperations/upsert", json=batch)).status_code in (
                    201,
                    204,
                )
            # The other client got its one entity's every update, unhindered.
            fast_got: list[dict[str, Any]] = []
            while len(fast_got) < 16:
                fast_got.extend(expand(json.loads(await asyncio.wait_for(fast.recv(), 30))))
            # The slow client's socket is full by now, but the server may have packed most of the first
            # rounds into the one frame it is still writing: more rounds (not of the fast client's entity)
            # make its queue overflow whatever the framing was.
            for round_ in range(16, 40):
                batch = [building(n, "440304", FUTIAN, round_) for n in range(101, 200)]
                for b in batch:
                    b["note"] = {"type": "Property", "value": str(round_ % 10) * 20_000}
                assert (await http.post(f"{base}/entityOperations/upsert", json=batch)).status_code in (
                    201,
                    204,
                )
            while True:
                message = json.loads(await asyncio.wait_for(slow.recv(), 30))
                if message["op"] == "lagged":
                    return message, fast_got

    lagged, fast_got = asyncio.run(scenario())
    assert lagged["action"] == "resync" and lagged["sub"] == "all" and "snapshot" in lagged["detail"]
    assert lagged["dropped"] > 0
    assert [d["attrs"]["height"] for d in fast_got] == list(range(16))
