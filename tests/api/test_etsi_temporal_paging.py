"""ETSI NGSI-LD test suite cases for temporal pagination (clause 6.3.10): 020_13, 020_14, 021_15, 021_16.

The suite's README asks for a broker whose temporal instance limit pages an answer of 40 instances (one or
two entities, two attributes of 20 instances) but not one of 20 (two entities, two attributes of 5): these
tests, like the other ``test_etsi_temporal*`` modules, run the app with ``temporal_instance_limit=30``
(``citytwin serve --temporal-instance-limit 30``, or ``CITYTWIN_TEMPORAL_INSTANCE_LIMIT=30``). The
Content-Range checks are the suite's: the range's start and end against the window's bounds or the least
and most recent instance the answer holds. Both backends.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.core.timeutil import parse_instant
from citytwin.settings import Settings
from citytwin.storage.base import Store
from tests.api.conftest import MAX_PAGE, V1
from tests.api.etsi_support import LD_JSON, SuiteContext

SUITE_INSTANCE_LIMIT = 30
T = f"{V1}/temporal/entities"
V = "urn:ngsi-ld:Vehicle:paging-A"
W = "urn:ngsi-ld:Vehicle:paging-B"
BEFORE = "2019-01-01T01:01:00Z"
AFTER = "2021-01-01T01:01:00Z"
LRT, MRT = "least recent", "most recent"
RANGE = re.compile(r"^([a-zA-Z-]+) (.*-.*-.*)-(.*-.*-.*)/(.*)$")


def suite_app(store: Store) -> Iterator[TestClient]:
    """A client of the app configured as the ETSI suite's README asks (instance limit 30)."""
    settings = Settings(
        db="sqlite:///unused.db", max_page_size=MAX_PAGE, temporal_instance_limit=SUITE_INSTANCE_LIMIT
    )
    with TestClient(create_app(settings, store=store), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def api(store: Store) -> Iterator[TestClient]:
    yield from suite_app(store)


def series(first: datetime, values: range, step: timedelta = timedelta(minutes=1)) -> list[dict[str, Any]]:
    """Property instances ``values`` observed one ``step`` apart from ``first``."""
    return [
        {"type": "Property", "value": v, "observedAt": (first + k * step).strftime("%Y-%m-%dT%H:%M:%SZ")}
        for k, v in enumerate(values)
    ]


JAN_1 = datetime.fromisoformat("2020-01-01T01:01:00+00:00")


def _vehicle(entity_id: str, count: int, fuel_after: timedelta) -> dict[str, Any]:
    """A Vehicle with ``count`` speeds from JAN_1 and ``count`` fuel levels from ``fuel_after`` later."""
    values = range(1, count + 1)
    return {
        "id": entity_id,
        "type": "Vehicle",
        "speed": series(JAN_1, values),
        "fuelLevel": series(JAN_1 + fuel_after, values),
    }


def twenty_instances(entity_id: str) -> dict[str, Any]:
    """Like the suite's ``2020-01-vehicule-temporal-representation-twenty-instances``: 2 x 20, offset."""
    return _vehicle(entity_id, 20, timedelta(minutes=2))


def sixty_instances(entity_id: str) -> dict[str, Any]:
    """Like the suite's ``...-sixty-instances``: 59 speeds on one day, 59 fuel levels the next."""
    return _vehicle(entity_id, 59, timedelta(days=1))


def september(entity_id: str) -> dict[str, Any]:
    """Like the suite's ``2020-09-vehicle-temporal-representation``: 2 x 3 instances."""
    return {
        "id": entity_id,
        "type": "Vehicle",
        "speed": [
            {"type": "Property", "value": v, "observedAt": f"2020-09-01T12:0{m}:00Z"}
            for v, m in ((120, 3), (80, 5), (100, 7))
        ],
        "fuelLevel": [
            {"type": "Property", "value": v, "observedAt": f"2020-09-01T{h}:00Z"}
            for v, h in ((67, "12:03"), (53, "13:05"), (40, "14:07"))
        ],
    }


def create(api: TestClient, ctx: SuiteContext, body: dict[str, Any]) -> None:
    response = api.post(T, json={**body, "@context": ctx.body}, headers=LD_JSON)
    assert response.status_code == 201, response.text


def times(bodies: list[dict[str, Any]], representation: str | None) -> list[datetime]:
    """Every instance time of speed and fuelLevel in the answer (as the suite collects them)."""
    out = []
    for body in bodies:
        for attr in ("speed", "fuelLevel"):
            if representation == "temporalValues":
                out += [parse_instant(t) for _, t in body[attr]["values"]]
            else:
                out += [parse_instant(i["observedAt"]) for i in body[attr]]
    return out


def check_range(
    response: Any,
    bodies: list[dict[str, Any]],
    *,
    representation: str | None = None,
    start: str | None = None,
    end: str | None = None,
    size: str | None = None,
) -> None:
    """206 with a date-time Content-Range whose parts are what the suite expects."""
    assert response.status_code == 206, response.text
    match = RANGE.match(response.headers["Content-Range"])
    assert match is not None, response.headers["Content-Range"]
    unit, got_start, got_end, got_size = match.groups()
    assert unit == "date-time"
    seen = times(bodies, representation)

    def expected(bound: str) -> datetime:
        return min(seen) if bound == LRT else max(seen) if bound == MRT else parse_instant(bound)

    if start is not None:
        assert parse_instant(got_start) == expected(start)
    if end is not None:
        assert parse_instant(got_end) == expected(end)
    if size is not None:
        assert got_size == size


# -- 020_13: paging one entity's temporal evolution ------------------------------------------------------

CASES_020_13 = [
    ("020_13_01", {}, None, {"size": "*", "start": LRT, "end": MRT}),
    ("020_13_02", {"lastN": 20}, None, {"size": "20", "start": MRT, "end": LRT}),
    (
        "020_13_03",
        {"lastN": 20, "timerel": "before", "timeAt": AFTER},
        None,
        {"size": "20", "start": AFTER, "end": LRT},
    ),
    (
        "020_13_04",
        {"lastN": 20, "timerel": "between", "timeAt": BEFORE, "endTimeAt": AFTER},
        None,
        {"start": AFTER, "end": LRT},
    ),
    (
        "020_13_05",
        {"lastN": 20, "timerel": "after", "timeAt": BEFORE},
        None,
        {"size": "20", "start": MRT, "end": LRT},
    ),
    ("020_13_06", {"timerel": "before", "timeAt": AFTER}, None, {"size": "*", "end": MRT}),
    (
        "020_13_07",
        {"timerel": "between", "timeAt": BEFORE, "endTimeAt": AFTER},
        None,
        {"start": BEFORE, "end": MRT},
    ),
    ("020_13_08", {"timerel": "after", "timeAt": BEFORE}, None, {"start": BEFORE, "end": MRT}),
    ("020_13_09", {"timerel": "after", "timeAt": BEFORE}, "temporalValues", {"start": BEFORE, "end": MRT}),
    (
        "020_13_10",
        {"lastN": 20, "timerel": "between", "timeAt": BEFORE, "endTimeAt": AFTER},
        "temporalValues",
        {"start": AFTER, "end": LRT},
    ),
]


@pytest.mark.parametrize(
    ("params", "representation", "expected"), [c[1:] for c in CASES_020_13], ids=[c[0] for c in CASES_020_13]
)
def test_020_13_retrieval_is_paged(
    api: TestClient,
    ctx: SuiteContext,
    params: dict[str, Any],
    representation: str | None,
    expected: dict[str, str],
) -> None:
    create(api, ctx, twenty_instances(V))
    query = {**params, **({"options": representation} if representation else {})}
    response = api.get(f"{T}/{V}", params=query, headers=ctx.link)
    check_range(response, [response.json()], representation=representation, **expected)
    assert len(times([response.json()], representation)) <= SUITE_INSTANCE_LIMIT


def test_020_13_pages_join_up_to_the_whole_evolution(api: TestClient, ctx: SuiteContext) -> None:
    """Going on from each page's range end (``timerel=after``) returns every instance once."""
    create(api, ctx, twenty_instances(V))
    seen: dict[str, int] = {}
    at = BEFORE
    for _ in range(5):
        response = api.get(f"{T}/{V}", params={"timerel": "after", "timeAt": at}, headers=ctx.link)
        body = response.json()
        for attr in ("speed", "fuelLevel"):
            for inst in body[attr]:
                seen[inst["instanceId"]] = inst["value"]
        if response.status_code == 200:
            break
        at = RANGE.match(response.headers["Content-Range"]).group(3)  # type: ignore[union-attr]
    assert response.status_code == 200 and len(seen) == 40


# -- 020_14: the cut is one instant across attributes ----------------------------------------------------


@pytest.mark.parametrize(
    ("params", "empty", "full"),
    [
        ({"timerel": "after", "timeAt": BEFORE}, "fuelLevel", "speed"),
        ({"lastN": 100, "timerel": "before", "timeAt": AFTER}, "speed", "fuelLevel"),
    ],
    ids=["020_14_01", "020_14_02"],
)
def test_020_14_unsynchronised_attributes_are_cut_at_one_instant(
    api: TestClient, ctx: SuiteContext, params: dict[str, Any], empty: str, full: str
) -> None:
    create(api, ctx, sixty_instances(V))
    response = api.get(f"{T}/{V}", params=params, headers=ctx.link)
    assert response.status_code == 206, response.text
    body = response.json()
    assert body[empty] == []
    assert len(body[full]) == SUITE_INSTANCE_LIMIT


# -- 021_15, 021_16: paging a query over two entities ----------------------------------------------------

CASES_021_15 = [(f"021_15_{n:02d}", *case[1:]) for n, case in enumerate(CASES_020_13[2:], start=1)]
"""021_15_01..08 ask of a query over two entities what 020_13_03..10 ask of one entity's retrieval."""


@pytest.mark.parametrize(
    ("params", "representation", "expected"), [c[1:] for c in CASES_021_15], ids=[c[0] for c in CASES_021_15]
)
def test_021_15_query_is_paged(
    api: TestClient,
    ctx: SuiteContext,
    params: dict[str, Any],
    representation: str | None,
    expected: dict[str, str],
) -> None:
    create(api, ctx, twenty_instances(V))
    create(api, ctx, september(W))
    query = {"type": "Vehicle", **params, **({"options": representation} if representation else {})}
    response = api.get(T, params=query, headers=ctx.link)
    bodies = response.json()
    assert sorted(b["id"] for b in bodies) == [V, W]  # both named, even one whose instances were all cut
    check_range(response, bodies, representation=representation, **expected)


def test_021_16_01_post_query_is_paged(api: TestClient, ctx: SuiteContext) -> None:
    create(api, ctx, twenty_instances(V))
    create(api, ctx, september(W))
    query = {
        "type": "Query",
        "entities": [{"type": "Vehicle"}],
        "temporalQ": {"timerel": "before", "timeAt": "2020-08-02T12:05:00Z"},
        "@context": ctx.body,
    }
    response = api.post(f"{V1}/temporal/entityOperations/query", json=query, headers=LD_JSON)
    assert response.status_code == 206, response.text
    match = RANGE.match(response.headers["Content-Range"])
    assert match is not None and match.group(1) == "date-time"


def test_twenty_instances_are_not_paged_at_the_suite_limit(api: TestClient, ctx: SuiteContext) -> None:
    """The README's other half: 2 entities x 2 attributes x 5 instances fit in one answer."""
    for entity_id in (V, W):
        body = {
            "id": entity_id,
            "type": "Vehicle",
            "speed": series(JAN_1, range(5)),
            "fuelLevel": series(JAN_1, range(5)),
        }
        create(api, ctx, body)
    response = api.get(T, params={"type": "Vehicle", "timerel": "after", "timeAt": BEFORE}, headers=ctx.link)
    assert response.status_code == 200 and "Content-Range" not in response.headers
    assert len(times(response.json(), None)) == 20


# -- the setting ------------------------------------------------------------------------------------------


def test_the_limit_defaults_to_ten_thousand_and_reads_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().temporal_instance_limit == 10_000
    monkeypatch.setenv("CITYTWIN_TEMPORAL_INSTANCE_LIMIT", "30")
    assert Settings().temporal_instance_limit == 30
    monkeypatch.setenv("CITYTWIN_TEMPORAL_INSTANCE_LIMIT", "0")
    with pytest.raises(ValueError):
        Settings()


def test_serve_takes_the_limit_as_an_option() -> None:
    exe = Path(sys.executable).with_name("citytwin")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from citytwin.cli import main; main()"]
    shown = subprocess.run([*cmd, "serve", "--help"], capture_output=True, text=True, check=True).stdout
    assert "--temporal-instance-limit" in shown and "10000" in shown
    refused = subprocess.run(
        [*cmd, "serve", "--temporal-instance-limit", "0"], capture_output=True, text=True, check=False
    )
    assert refused.returncode != 0 and "temporal-instance-limit" in refused.stderr


def _request(port: int, method: str, path: str, body: Any = None) -> tuple[int, dict[str, str], Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        data = None if body is None else json.dumps(body)
        conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        text = response.read()
        return (
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            json.loads(text) if text else None,
        )
    finally:
        conn.close()


def test_a_served_broker_pages_at_the_configured_limit(tmp_path: Path) -> None:
    """``citytwin serve --temporal-instance-limit 3``: the workers page temporal answers at 3 instances."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).with_name("citytwin")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from citytwin.cli import main; main()"]
    db = f"sqlite:///{tmp_path / 'twin.db'}"
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        args = ["serve", "--db", db, "--port", str(port), "--temporal-instance-limit", "3"]
        proc = subprocess.Popen([*cmd, *args], stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _request(port, "GET", "/health")[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"citytwin serve did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        body = {"id": V, "type": "Vehicle", "speed": series(JAN_1, range(5))}
        assert _request(port, "POST", T, body)[0] == 201
        status, headers, got = _request(port, "GET", f"{T}/{V}")
        assert status == 206 and headers["content-range"].startswith("date-time ")
        assert [i["value"] for i in got["speed"]] == [0, 1, 2]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
