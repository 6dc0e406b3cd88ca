"""The job manager (sync, async, progress, dismissal, restart) and the flood scenario run as a job."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from citytwin.core.query import EntityQuery, types_of
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.scenarios.base import RunContext, Scenario, ScenarioCancelled, ScenarioMetadata
from citytwin.scenarios.flood.inputs import FloodInputs
from citytwin.scenarios.flood.scenario import RECORD_KIND
from citytwin.scenarios.jobs import INTERRUPTED, JOB_KIND, Job, JobManager, JobStatus
from citytwin.scenarios.registry import ScenarioRegistry, default_registry
from citytwin.storage.base import TenantStore
from citytwin.storage.registry import open_store

from .test_flood_twin import B1, B2, B3, D1, D2, ROAD, TinyTwin, tiny_twin


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[TinyTwin]:
    with tiny_twin(tmp_path) as built:
        yield built


# -- a scenario that does what the test tells it -------------------------------------------------------


class Steps(Scenario):
    """Reports progress in ``steps`` steps; waits on ``gate`` at step ``hold``; fails or loops on request."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.started = threading.Event()

    @property
    def metadata(self) -> ScenarioMetadata:
        return ScenarioMetadata(
            id="steps",
            title="Steps",
            description="test scenario",
            version="0",
            inputs={
                "steps": {"title": "steps", "schema": {"type": "integer", "minimum": 1}},
                "hold": {"title": "hold", "schema": {"type": "integer"}, "minOccurs": 0},
                "fail": {"title": "fail", "schema": {"type": "string"}, "minOccurs": 0},
            },
            outputs={"done": {"title": "done", "schema": {"type": "integer"}}},
        )

    def execute(self, inputs: dict[str, Any], context: RunContext) -> dict[str, Any]:
        self.started.set()
        for k in range(inputs["steps"]):
            if inputs.get("hold") == k:
                while not self.gate.wait(0.01):
                    if context.cancelled():
                        raise ScenarioCancelled(f"dismissed at step {k}", {"step": k})
            if inputs.get("fail") == "bad" and k == 1:
                raise BadRequestData("step 1 went wrong")
            if inputs.get("fail") == "bug" and k == 1:
                raise ZeroDivisionError("division by zero")
            context.progress(100 * (k + 1) / inputs["steps"], f"step {k + 1}")
        return {"done": inputs["steps"], "job": context.job_id}


@pytest.fixture
def tenant(tmp_path: Path) -> Iterator[TenantStore]:
    store = open_store(f"sqlite:///{tmp_path / 'jobs.db'}")
    try:
        yield store.tenant()
    finally:
        store.close()


def manager_for(tenant: TenantStore, scenario: Scenario, **kw: Any) -> JobManager:
    return JobManager(tenant, ScenarioRegistry(declared={}, scenarios=[scenario]), **kw)


def test_sync_job_reports_progress_and_persists(tenant: TenantStore, tmp_path: Path) -> None:
    seen: list[Job] = []
    steps = Steps()
    with manager_for(tenant, steps, on_update=seen.append) as manager:
        job = manager.submit("steps", {"steps": 4})
        assert job.status is JobStatus.SUCCESSFUL and job.progress == 100 and job.finished
        assert manager.results(job.job_id) == {"done": 4, "job": job.job_id}
    assert [j.status.value for j in seen][:2] == ["accepted", "running"] and seen[
        -1
    ].status.value == "successful"
    progress = [j.progress for j in seen]
    assert progress == sorted(progress) and {25, 50, 75, 100} <= set(progress)
    # A new store handle and manager (a restarted process) still lists and reads the job.
    again = open_store(f"sqlite:///{tmp_path / 'jobs.db'}")
    try:
        fresh = manager_for(again.tenant(), Steps())
        assert [j.job_id for j in fresh.list()] == [job.job_id]
        assert fresh.get(job.job_id).status is JobStatus.SUCCESSFUL
        assert fresh.results(job.job_id)["done"] == 4
        fresh.close()
    finally:
        again.close()


def test_async_job_waits_for_a_worker_and_can_be_dismissed_before_it_starts(tenant: TenantStore) -> None:
    steps = Steps()
    with manager_for(tenant, steps, workers=1) as manager:
        first = manager.submit("steps", {"steps": 3, "hold": 1}, mode="async")
        assert first.status is JobStatus.ACCEPTED
        assert steps.started.wait(5)
        second = manager.submit("steps", {"steps": 2}, mode="async")
        assert manager.get(second.job_id).status is JobStatus.ACCEPTED  # the only worker is busy
        manager.dismiss(second.job_id)
        steps.gate.set()
        assert manager.wait(first.job_id, 10).status is JobStatus.SUCCESSFUL
        done = manager.wait(second.job_id, 10)
        assert done.status is JobStatus.DISMISSED and done.message == "dismissed before it started"
        with pytest.raises(ResourceNotFound, match="it is dismissed"):
            manager.results(second.job_id)


def test_dismissing_a_running_job_keeps_partial_info(tenant: TenantStore) -> None:
    steps = Steps()
    with manager_for(tenant, steps) as manager:
        job = manager.submit("steps", {"steps": 3, "hold": 1}, mode="async")
        assert steps.started.wait(5)
        manager.dismiss(job.job_id)
        done = manager.wait(job.job_id, 10)
    assert done.status is JobStatus.DISMISSED and done.partial == {"step": 1}
    assert done.message == "dismissed at step 1" and done.progress == 33


def test_another_process_can_dismiss_through_the_store(tenant: TenantStore, tmp_path: Path) -> None:
    steps = Steps()
    with manager_for(tenant, steps) as owner:
        job = owner.submit("steps", {"steps": 3, "hold": 0}, mode="async")
        assert steps.started.wait(5)
        other_store = open_store(f"sqlite:///{tmp_path / 'jobs.db'}")
        try:
            with manager_for(other_store.tenant(), Steps()) as other:
                assert other.get(job.job_id).status is JobStatus.RUNNING  # its owner is alive: not recovered
                other.dismiss(job.job_id)
                assert other.wait(job.job_id, 10).status is JobStatus.DISMISSED
        finally:
            other_store.close()
    assert tenant.list_documents("job-dismiss") == []


def test_failures_are_recorded_with_their_reason(tenant: TenantStore) -> None:
    with manager_for(tenant, Steps()) as manager:
        bad = manager.submit("steps", {"steps": 3, "fail": "bad"})
        bug = manager.submit("steps", {"steps": 3, "fail": "bug"})
        with pytest.raises(BadRequestData, match="input 'steps' of steps must be of type integer"):
            manager.submit("steps", {"steps": "3"})
        with pytest.raises(ResourceNotFound, match="no scenario 'nope'; known: steps"):
            manager.submit("nope", {})
        with pytest.raises(ResourceNotFound, match="no job 'missing'"):
            manager.get("missing")
    assert (bad.status, bad.message, bad.error and bad.error["status"]) == (
        JobStatus.FAILED,
        "step 1 went wrong",
        400,
    )
    assert (
        bug.status is JobStatus.FAILED
        and bug.message == "internal error: ZeroDivisionError: division by zero"
    )
    assert len(tenant.list_documents(JOB_KIND)) == 2
    assert [j.job_id for j in manager.list(process_id="steps", offset=1)] == [bug.job_id]
    assert manager.list(process_id="flood") == [] and len(manager.list(limit=1)) == 1


def _running_doc(job_id: str, owner: dict[str, Any]) -> dict[str, Any]:
    now = "2026-01-01T00:00:00Z"
    return Job(job_id, "steps", JobStatus.RUNNING, now, now, {"steps": 1}, owner=owner, progress=40).to_dict()


def test_jobs_of_a_dead_process_are_failed_on_the_next_start(tenant: TenantStore) -> None:
    import os
    import platform

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    host = platform.node()
    tenant.put_document(
        JOB_KIND, "a-dead-pid", _running_doc("a-dead-pid", {"host": host, "pid": int(dead.stdout)})
    )
    tenant.put_document(
        JOB_KIND,
        "b-old-instance",
        _running_doc("b-old-instance", {"host": host, "pid": os.getpid(), "instance": "gone"}),
    )
    with manager_for(tenant, Steps()) as live:
        tenant.put_document(
            JOB_KIND,
            "c-live",
            _running_doc("c-live", {"host": host, "pid": os.getpid(), "instance": live.instance}),
        )
        tenant.put_document(
            JOB_KIND, "d-other-host", _running_doc("d-other-host", {"host": "elsewhere", "pid": 1})
        )
        with manager_for(tenant, Steps(), stale_after_s=1e12) as restarted:
            status = {j.job_id: j for j in restarted.list()}
    assert status["a-dead-pid"].status is JobStatus.FAILED and status["a-dead-pid"].message == INTERRUPTED
    assert "process restart" in INTERRUPTED and status["a-dead-pid"].progress == 40
    assert status["b-old-instance"].status is JobStatus.FAILED
    assert status["c-live"].status is JobStatus.RUNNING and status["d-other-host"].status is JobStatus.RUNNING


def test_registry_declares_the_flood_scenario() -> None:
    registry = default_registry()
    assert registry.ids() == ["flood"]
    desc = registry.get("flood").metadata.to_dict()
    assert desc["id"] == "flood" and {"area", "storm", "resolution"} <= set(desc["inputs"])
    assert (
        desc["inputs"]["area"]["minOccurs"] == 1 and desc["inputs"]["resolution"]["schema"]["default"] == 5.0
    )


# -- the flood scenario as a job ----------------------------------------------------------------------------


def _results(tiny: TinyTwin) -> list[Any]:
    return tiny.tenant.query(EntityQuery(types=types_of("FloodScenarioResult"))).entities


def test_flood_job_writes_the_result_entity_and_depths(tiny: TinyTwin) -> None:
    seen: list[int] = []
    with JobManager(tiny.tenant, on_update=lambda j: seen.append(j.progress)) as manager:
        job = manager.submit("flood", tiny.inputs())
        assert job.status is JobStatus.SUCCESSFUL, job.message
        out = manager.results(job.job_id)
    assert seen == sorted(seen) and seen[-1] == 100 and len(set(seen)) > 20
    assert [b["id"] for b in out["buildings"]] == [B1, B2]
    assert out["affected"] == {"buildings": 2, "people": 150.0, "impassableRoads": 1, "submergedDevices": 1}
    assert abs(out["massBalance"]["relative_error"]) < 1e-12 and 0.3 < out["maxDepthM"] < 0.6
    (result,) = _results(tiny)
    assert result.id == out["resultEntity"] and result.id.startswith(
        "urn:ngsi-ld:FloodScenarioResult:440304-EV-H"
    )
    assert [o["object"] for o in result.value("affectedBuildings")] == [B1, B2]
    assert [o["object"] for o in result.value("impassableRoads")] == [ROAD]
    assert [o["object"] for o in result.value("submergedDevices")] == [D1]
    assert (
        result.value("inputsFingerprint") == out["inputsFingerprint"]
        and result.value("affectedPeople") == 150.0
    )
    assert result.value("storm") == {"kind": "uniform", "intensity_mm_h": 200.0, "duration_s": 600.0}
    for eid in (B1, B2, ROAD, D1):
        depth = tiny.tenant.get(eid).attr("floodDepth", dataset_id=result.id)
        assert depth is not None and depth.value > 0.15 and depth.observed_at and depth.unit_code == "MTR"
    for eid in (B3, D2):
        assert tiny.tenant.get(eid).instances("floodDepth") == []
    record = tiny.tenant.get_document(RECORD_KIND, job.job_id)
    assert FloodInputs.from_dict(record["flood_inputs"]).fingerprint() == out["inputsFingerprint"]


def test_rerun_from_the_record_is_bit_identical(tiny: TinyTwin) -> None:
    with JobManager(tiny.tenant) as manager:
        first = manager.submit("flood", tiny.inputs(storm="gauges:600s"))
        assert first.status is JobStatus.SUCCESSFUL, first.message
        # The twin changes after the run; the rerun must not see it.
        tiny.tenant.delete(B1)
        again = manager.submit("flood", {"recorded": first.job_id}, rerun_of=first.job_id)
        assert again.status is JobStatus.SUCCESSFUL, again.message
        a, b = manager.results(first.job_id), manager.results(again.job_id)
        with pytest.raises(BadRequestData, match="a rerun takes only recorded and frames_dir, not storm"):
            manager.submit("flood", {"recorded": first.job_id, "storm": "uniform:1:1s"})
        with pytest.raises(ResourceNotFound, match="job nope has no recorded flood inputs"):
            manager.submit("flood", {"recorded": "nope"})
    assert a["maxDepthSha256"] == b["maxDepthSha256"] and a["inputsFingerprint"] == b["inputsFingerprint"]
    assert a["buildings"] == b["buildings"] and a["resultEntity"] != b["resultEntity"]
    record = tiny.tenant.get_document(RECORD_KIND, first.job_id)
    rain = FloodInputs.from_dict(record["flood_inputs"]).rainfall
    assert rain is not None and rain.spatial
    assert sorted(g.hyetograph.intensities_mm_h[0] for g in rain.gauges) == [150.0, 200.0, 250.0]
    assert manager.get(again.job_id).rerun_of == first.job_id


def test_dismissing_a_flood_job_stops_the_engine(tiny: TinyTwin) -> None:
    holder: dict[str, JobManager] = {}

    def dismiss_at_20(job: Job) -> None:
        # Runs on the worker thread inside the engine's progress call, so the next step sees it.
        if job.status is JobStatus.RUNNING and job.progress >= 20:
            holder["m"].dismiss(job.job_id)

    before = tiny.snapshot()
    with JobManager(tiny.tenant, on_update=dismiss_at_20) as manager:
        holder["m"] = manager
        job = manager.submit("flood", tiny.inputs(), mode="async")
        done = manager.wait(job.job_id, 60)
    assert done.status is JobStatus.DISMISSED and done.message.startswith("dismissed at t = ")
    assert done.partial is not None and 0 < done.partial["simTimeS"] < 1200 and done.partial["nSteps"] > 0
    assert done.partial["recordedInputs"]["id"] == job.job_id
    assert 20 <= done.progress < 90
    assert tiny.snapshot() == before  # no result entity, no depths
    with JobManager(tiny.tenant) as manager:
        finished = manager.submit("flood", {"recorded": job.job_id}, rerun_of=job.job_id)
    assert finished.status is JobStatus.SUCCESSFUL and manager.results(finished.job_id)["simTimeS"] == 1200.0
