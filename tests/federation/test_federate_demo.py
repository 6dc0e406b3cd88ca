"""``citytwin federate up``: three real citytwin processes (a city, 福田 and 南山), each on its own store.

The command seeds the district platforms, starts ``citytwin serve`` three times on free ports, registers the
districts on the city, and prints where everything runs. The test then asks the city: a geo-query over the
whole city must return entities of both districts; with 南山's platform killed, the same query must return
福田's entities and a warning naming 南山's registration, not fail. Ctrl-C (SIGINT) stops every platform.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.federation.conftest import free_port, healthy

from citytwin.federation import demo

CITY_BOX = "[[[113.75,22.4],[114.65,22.4],[114.65,22.87],[113.75,22.87],[113.75,22.4]]]"
GEO = {"georel": "intersects", "geometry": "Polygon", "coordinates": CITY_BOX}


@pytest.fixture(scope="module")
def federation(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A running ``citytwin federate up`` and what it printed."""
    tmp = tmp_path_factory.mktemp("federate")
    city, futian, nanshan = free_port(), free_port(), free_port()
    cmd = [sys.executable, "-m", "citytwin.cli", "federate", "up", "--city-port", str(city)]
    cmd += ["--district", f"440304:{futian}", "--district", f"440305:{nanshan}", "--dir", str(tmp / "fed")]
    out_path, err_path = tmp / "out.txt", tmp / "err.txt"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
    try:
        deadline = time.monotonic() + 180
        while "ready" not in out_path.read_text(encoding="utf-8"):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"federate did not start: {err_path.read_text(errors='replace')[-3000:]}")
            time.sleep(0.2)
        text = out_path.read_text(encoding="utf-8")
        pids = {m.group(1): int(m.group(2)) for m in re.finditer(r"district (\d+):.*pid (\d+)", text)}
        yield {
            "proc": proc,
            "city": city,
            "ports": [city, futian, nanshan],
            "pids": pids,
            "out": text,
            "err": err_path,
        }
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def poi_ids(answer: httpx.Response) -> set[str]:
    assert answer.status_code == 200, answer.text
    return {e["id"] for e in answer.json()}


def test_city_answers_for_both_districts_and_survives_one_down(federation: dict[str, Any]) -> None:
    url = f"http://127.0.0.1:{federation['city']}/ngsi-ld/v1"
    futian = {e.id for e in demo.places("440304")}
    nanshan = {e.id for e in demo.places("440305")}
    assert len(futian) == len(nanshan) == 60
    assert f"{url}" in federation["out"] and "curl" in federation["out"]
    with httpx.Client(timeout=30, trust_env=False) as client:
        regs = client.get(f"{url}/csourceRegistrations", params={"type": "PointOfInterest"}).json()
        assert sorted(r["id"] for r in regs) == [
            "urn:ngsi-ld:ContextSourceRegistration:district-440304",
            "urn:ngsi-ld:ContextSourceRegistration:district-440305",
        ]
        params = {"type": "PointOfInterest", **GEO, "limit": 200, "count": "true", "options": "keyValues"}
        both = client.get(f"{url}/entities", params=params)
        assert poi_ids(both) == futian | nanshan
        assert both.headers["NGSILD-Results-Count"] == "120" and "NGSILD-Warning" not in both.headers
        named = {e["name"]["languageMap"]["zh"] for e in both.json()}  # 4.5.4: wrapped
        assert {"深圳会展中心", "深圳湾体育中心"} <= named  # 福田 and 南山 landmarks, real names
        # Inside 南山 only: only 南山's platform is asked and answers.
        shekou = {"type": "PointOfInterest", "georel": "near;maxDistance==1500", "geometry": "Point"}
        near = client.get(
            f"{url}/entities", params={**shekou, "coordinates": "[113.916,22.483]", "limit": 200}
        )
        assert poi_ids(near) and poi_ids(near) <= nanshan
        districts = client.get(f"{url}/entities", params={"type": "District", "options": "keyValues"}).json()
        assert sorted(d["adminCode"] for d in districts) == ["440304", "440305"]
        assert client.get(f"{url}/entities", params={"type": "Building", "local": "true"}).json() == []
        series = client.get(
            f"{url}/temporal/entities",
            params={"type": "AirQualityObserved", "timerel": "after", "timeAt": "2026-01-01T00:00:00Z"},
        ).json()
        assert len(series) == 6 and all(len(s["pm25"]) == 24 for s in series)
        os.kill(federation["pids"]["440305"], signal.SIGTERM)
        deadline = time.monotonic() + 20
        while healthy(federation["ports"][2]):
            assert time.monotonic() < deadline, "南山's platform did not stop"
            time.sleep(0.1)
        partial = client.get(f"{url}/entities", params=params)
        assert partial.status_code == 200
        assert poi_ids(partial) == futian
        warning = partial.headers["NGSILD-Warning"]
        assert warning.startswith("199 ") and "district-440305" in warning
        retrieved = client.get(f"{url}/entities/{sorted(futian)[0]}")
        assert retrieved.status_code == 200 and "district-440305" in retrieved.headers["NGSILD-Warning"]


def test_ctrl_c_stops_every_platform(federation: dict[str, Any]) -> None:
    proc: subprocess.Popen[bytes] = federation["proc"]
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 0
    for port in federation["ports"]:
        assert not healthy(port)
    assert "stopping" in Path(federation["err"]).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--district", "440399:8001"], "not one of Shenzhen's districts"),
        (["--district", "440304"], "CODE:PORT"),
        (["--district", "440304:8000"], "its own port"),
        (["--district", "440304:8001", "--district", "440304:8002"], "its own port"),
    ],
)
def test_bad_arguments_are_clear_errors(tmp_path: Path, args: list[str], says: str) -> None:
    from click.testing import CliRunner

    from citytwin.cli import main

    result = CliRunner().invoke(
        main, ["federate", "up", "--city-port", "8000", "--dir", str(tmp_path), *args]
    )
    assert result.exit_code == 2, result.output
    assert says in result.output and "Traceback" not in result.output
    assert not list(tmp_path.iterdir())  # nothing was seeded or started
