"""OGC API - Processes over the scenario engines: the flood scenario run through HTTP, sync and async."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.settings import Settings
from tests.scenarios.test_flood_twin import TinyTwin, tiny_twin


@pytest.fixture
def twin(tmp_path: Path) -> Iterator[TinyTwin]:
    with tiny_twin(tmp_path) as built:
        yield built


@pytest.fixture
def client(twin: TinyTwin) -> Iterator[TestClient]:
    app = create_app(Settings(db="sqlite:///unused.db"), store=twin.store)
    with TestClient(app, raise_server_exceptions=False) as http:
        yield http


def test_processes_are_listed_and_described(client: TestClient) -> None:
    listed = client.get("/processes")
    assert listed.status_code == 200
    ids = [p["id"] for p in listed.json()["processes"]]
    assert "flood" in ids
    described = client.get("/processes/flood").json()
    assert {"area", "storm", "resolution"} <= set(described["inputs"])
    missing = client.get("/processes/no-such-engine")
    assert missing.status_code == 404
    assert missing.json()["type"].endswith("ResourceNotFound")
    assert "core" in client.get("/conformance").json()["conformsTo"][0]


def test_sync_execution_returns_results_and_writes_the_twin(client: TestClient, twin: TinyTwin) -> None:
    answer = client.post("/processes/flood/execution", json={"inputs": twin.inputs()})
    assert answer.status_code == 200, answer.text
    results = answer.json()
    assert results["affected"]["buildings"] == 2
    job_url = answer.headers["location"]
    status = client.get(job_url).json()
    assert status["status"] == "successful" and status["progress"] == 100
    assert client.get(f"{job_url}/results").json()["resultEntity"] == results["resultEntity"]
    assert twin.tenant.get(results["resultEntity"]).type == "FloodScenarioResult"
    jobs = client.get("/jobs", params={"processID": "flood"}).json()["jobs"]
    assert [j["jobID"] for j in jobs] == [status["jobID"]]


def test_async_execution_is_polled_until_done(client: TestClient, twin: TinyTwin) -> None:
    answer = client.post(
        "/processes/flood/execution", json={"inputs": twin.inputs()}, headers={"Prefer": "respond-async"}
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["status"] in ("accepted", "running", "successful")
    job_url = answer.headers["location"]
    deadline = time.monotonic() + 60
    status = client.get(job_url).json()
    while status["status"] in ("accepted", "running") and time.monotonic() < deadline:
        time.sleep(0.1)
        status = client.get(job_url).json()
    assert status["status"] == "successful", status
    assert client.get(f"{job_url}/results").json()["affected"]["buildings"] == 2


@pytest.mark.parametrize(
    ("body", "problem", "words"),
    [
        ({"inputs": {"area": "99999", "storm": "uniform:1mm/h:60s"}}, "BadRequestData", "99999"),
        ({"inputs": {"storm": "uniform:1mm/h:60s"}}, "BadRequestData", "area"),
        ({"inputs": []}, "InvalidRequest", "inputs"),
    ],
)
def test_bad_execution_requests_are_problems_and_create_no_job(
    client: TestClient, twin: TinyTwin, body: dict[str, object], problem: str, words: str
) -> None:
    before = twin.snapshot()
    answer = client.post("/processes/flood/execution", json=body)
    assert answer.status_code == 400
    assert answer.json()["type"].endswith(problem) and words in answer.json()["detail"]
    assert client.get("/jobs").json()["jobs"] == []
    assert twin.snapshot() == before


def test_unknown_job_is_not_found(client: TestClient) -> None:
    for method, url in (("GET", "/jobs/nope"), ("GET", "/jobs/nope/results"), ("DELETE", "/jobs/nope")):
        answer = client.request(method, url)
        assert answer.status_code == 404, (method, url)
