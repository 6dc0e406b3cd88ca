"""A real third-party client (ngsildclient, Orange) against a real ``citytwin serve``, on both backends.

The client's requests go out exactly as it builds them: its JSON-LD bodies with the core @context, its
``Accept: application/ld+json``, trailing slashes, ``options=replace`` on batch upserts, the simplified
temporal representation. Each backend gets one server process on a free loopback port.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# `make install` installs ngsildclient (with --no-deps, see the Makefile): a missing client is a failure.
import ngsildclient
import pytest

from tests.conftest import drop_pg_schema, pg_url, require_postgres

TYPE = "ParkingSpot"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _healthy(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", "/health")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def _serve(url: str, log: Path) -> Iterator[int]:
    """Run ``citytwin serve`` on ``url`` until the generator is closed; yields the port."""
    port = _free_port()
    exe = Path(sys.executable).with_name("citytwin")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from citytwin.cli import main; main()"]
    # The server's output goes to a file: an unread pipe would block it once full.
    with log.open("wb") as out:
        proc = subprocess.Popen([*cmd, "serve", "--db", url, "--port", str(port)], stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 60
        while not _healthy(port):
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


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def port(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A served citytwin on a fresh store of each backend."""
    tmp = tmp_path_factory.mktemp("serve")
    if request.param == "sqlite":
        yield from _serve(f"sqlite:///{tmp / 'twin.db'}", tmp / "serve.log")
        return
    require_postgres()
    schema = f"ct_test_{uuid.uuid4().hex[:12]}"
    try:
        yield from _serve(pg_url(schema), tmp / "serve.log")
    finally:
        drop_pg_schema(schema)


@pytest.fixture
def client(port: int) -> Iterator[Any]:
    """An ngsildclient connected to the server (its constructor probes the broker)."""
    c = ngsildclient.Client(hostname="127.0.0.1", port=port, verbose=False)
    try:
        yield c
    finally:
        c.close()


def spot(n: int, status: str, observed: str) -> Any:
    e = ngsildclient.Entity(TYPE, f"urn:ngsi-ld:{TYPE}:nc-{n}")
    e.prop("status", status, observedat=observed)
    e.prop("occupancy", n * 10, observedat=observed, unitcode="P1")
    e.loc(22.54 + n / 1000, 114.05)
    e.rel("refParkingSite", "urn:ngsi-ld:ParkingSite:nc-1")
    return e


def test_create_retrieve_and_query(client: Any) -> None:
    assert client.create(spot(1, "free", "2024-05-01T08:00:00Z")) is True
    got = client.get(f"urn:ngsi-ld:{TYPE}:nc-1")
    assert got.id == f"urn:ngsi-ld:{TYPE}:nc-1" and got.type == TYPE
    assert got["status"]["value"] == "free" and got["occupancy"]["unitCode"] == "P1"
    assert got["location"]["value"]["coordinates"] == [114.05, 22.541]
    assert got["refParkingSite"]["object"] == "urn:ngsi-ld:ParkingSite:nc-1"
    assert client.exists(got) is True  # a JSON-LD answer carries @context
    client.create(spot(2, "occupied", "2024-05-01T08:00:00Z"))
    found = client.query(type=TYPE, q='status=="occupied"')
    assert [e.id for e in found] == [f"urn:ngsi-ld:{TYPE}:nc-2"]
    assert client.entities.count(type=TYPE) == 2


def test_batch_upsert_and_temporal_read(client: Any) -> None:
    batch = [spot(n, "free", "2024-05-01T09:00:00Z") for n in range(10, 15)]
    result = client.upsert(batch)
    assert result.n_ok == 5 and not result.errors
    later = [spot(n, "occupied", "2024-05-01T10:00:00Z") for n in range(10, 15)]
    assert client.upsert(later).n_ok == 5
    assert client.get(f"urn:ngsi-ld:{TYPE}:nc-12")["status"]["value"] == "occupied"
    troe = client.temporal.get(f"urn:ngsi-ld:{TYPE}:nc-12", attrs=["status"])
    assert troe["id"] == f"urn:ngsi-ld:{TYPE}:nc-12"
    assert troe["status"]["values"] == [
        ["free", "2024-05-01T09:00:00Z"],
        ["occupied", "2024-05-01T10:00:00Z"],
    ]
    full = client.temporal.get(f"urn:ngsi-ld:{TYPE}:nc-12", verbose=True)
    assert [i["value"] for i in full["occupancy"]] == [120, 120]
    assert all(i["instanceId"].startswith("urn:") for i in full["occupancy"])
