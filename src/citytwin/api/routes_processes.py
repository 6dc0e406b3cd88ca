"""OGC API - Processes (Part 1 core) over the scenario job manager: list, describe, execute, jobs, results.

``POST /processes/{id}/execution`` runs synchronously unless the request says ``Prefer: respond-async``, in
which case it answers 201 with the job's status and a ``Location`` header to poll. Jobs belong to the
request's tenant (``NGSILD-Tenant``), like the twin data the scenario reads and writes. Scenarios run with the
platform's view of the tenant, so starting and dismissing a job needs the policy's ``administer`` in the
tenant and reading jobs its ``read`` (403 otherwise); listing and describing processes needs credentials only.
The same rule guards a job's flood overlays (``/tiles/flood``, :func:`may_read_jobs`).
"""

from __future__ import annotations

import threading
from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citytwin.errors import InvalidRequest
from citytwin.governance.enforce_context import SYSTEM, acting_as
from citytwin.governance.enforce_routes import RouteGuard, request_guard
from citytwin.ngsild.request import read_json, run, tenant_name, tenant_store
from citytwin.scenarios.jobs import Job, JobManager
from citytwin.scenarios.registry import ScenarioRegistry, default_registry

_ENCODE = msgspec.json.Encoder().encode
_CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/json",
    "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/job-list",
    "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/dismiss",
]


def _json(content: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(_ENCODE(content), status_code=status, media_type="application/json", headers=headers)


class JobManagers:
    """One job manager per tenant, created on first use and closed with the app."""

    def __init__(self, registry: ScenarioRegistry | None = None) -> None:
        self.registry = registry if registry is not None else default_registry()
        self._by_tenant: dict[str, JobManager] = {}
        self._lock = threading.Lock()

    async def for_request(self, request: Request, *, write: bool = False) -> JobManager:
        """The manager of the request's tenant."""
        name = tenant_name(request)
        with self._lock:
            found = self._by_tenant.get(name)
        if found is not None:
            return found
        with acting_as(SYSTEM):  # the platform's view: jobs outlive the request that first asked
            twin = await tenant_store(request, write=write)
        manager = await run(JobManager, twin, self.registry)
        with self._lock:
            return self._by_tenant.setdefault(name, manager)

    def close(self) -> None:
        """Stop accepting work and wait briefly for running jobs."""
        with self._lock:
            managers, self._by_tenant = list(self._by_tenant.values()), {}
        for manager in managers:
            manager.close()


def _managers(request: Request) -> JobManagers:
    managers: JobManagers = request.app.state.job_managers
    return managers


def _allowed(request: Request, action: str, what: str) -> None:
    """403 unless the request's subject may ``action`` in its tenant."""
    guard = request_guard(request)
    if guard is not None:
        guard.require_some(action, what)


def may_read_jobs(request: Request, tenant: str) -> bool:
    """Whether the request's subject may read the jobs (and their results) of ``tenant``."""
    guard = request_guard(request)
    if guard is None:
        return True
    return not RouteGuard(guard.ctx, guard.policies, tenant).view("read").nothing


def require_reading_jobs(request: Request, tenant: str) -> None:
    """403 unless the request's subject may read the jobs of ``tenant``."""
    guard = request_guard(request)
    if guard is not None:
        RouteGuard(guard.ctx, guard.policies, tenant).require_some("read", "read jobs")


def _status(job: Job) -> dict[str, Any]:
    info = job.to_dict()
    info["links"] = [
        {"href": f"/jobs/{job.job_id}", "rel": "self", "type": "application/json"},
        {"href": f"/jobs/{job.job_id}/results", "rel": "results", "type": "application/json"},
    ]
    return info


async def list_processes(request: Request) -> Response:
    """GET /processes: summaries of every scenario engine."""
    registry = _managers(request).registry
    summaries = []
    for meta in registry.describe():
        summary = {k: v for k, v in meta.to_dict().items() if k not in ("inputs", "outputs", "example")}
        summary["links"] = [{"href": f"/processes/{meta.id}", "rel": "self", "type": "application/json"}]
        summaries.append(summary)
    return _json({"processes": summaries, "links": []})


async def describe_process(request: Request) -> Response:
    """GET /processes/{processId}: inputs, outputs and an example."""
    scenario = _managers(request).registry.get(request.path_params["process_id"])
    return _json(scenario.metadata.to_dict())


async def execute(request: Request) -> Response:
    """POST /processes/{processId}/execution: run now, or as a job with ``Prefer: respond-async``."""
    _allowed(request, "administer", "run processes")
    body = await read_json(request)
    if not isinstance(body, dict) or not isinstance(body.get("inputs", {}), dict):
        raise InvalidRequest('the execution request must be a JSON object with an "inputs" object')
    asynchronous = "respond-async" in request.headers.get("prefer", "")
    manager = await _managers(request).for_request(request, write=True)
    process_id = request.path_params["process_id"]
    mode = "async" if asynchronous else "sync"
    job = await run(manager.submit, process_id, body.get("inputs", {}), mode=mode)
    location = {"Location": f"/jobs/{job.job_id}"}
    if asynchronous:
        return _json(_status(job), status=201, headers=location)
    if job.status.value != "successful":
        return _json(_status(job), status=200, headers=location)
    return _json(await run(manager.results, job.job_id), headers=location)


async def list_jobs(request: Request) -> Response:
    """GET /jobs: status of the tenant's jobs, oldest first (``processID``, ``limit``, ``offset``)."""
    _allowed(request, "read", "read jobs")
    manager = await _managers(request).for_request(request)
    limit = _int(request, "limit", 100)
    offset = _int(request, "offset", 0)
    process_id = request.query_params.get("processID")
    jobs = await run(manager.list, limit=limit, offset=offset, process_id=process_id)
    return _json({"jobs": [_status(j) for j in jobs], "links": []})


async def job_status(request: Request) -> Response:
    """GET /jobs/{jobId}."""
    _allowed(request, "read", "read jobs")
    manager = await _managers(request).for_request(request)
    return _json(_status(await run(manager.get, request.path_params["job_id"])))


async def job_results(request: Request) -> Response:
    """GET /jobs/{jobId}/results: outputs of a successful job."""
    _allowed(request, "read", "read jobs")
    manager = await _managers(request).for_request(request)
    return _json(await run(manager.results, request.path_params["job_id"]))


async def dismiss(request: Request) -> Response:
    """DELETE /jobs/{jobId}: cancel a running job, or drop a finished job's results."""
    _allowed(request, "administer", "dismiss jobs")
    manager = await _managers(request).for_request(request, write=True)
    return _json(_status(await run(manager.dismiss, request.path_params["job_id"])))


async def conformance(request: Request) -> Response:
    """GET /conformance: the OGC conformance classes served."""
    return _json({"conformsTo": _CONFORMANCE})


def _int(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isdigit():
        raise InvalidRequest(f"{name} must be a non-negative integer, got {raw!r}")
    return int(raw)


def process_routes() -> list[Route]:
    """The OGC API - Processes routes (the app keeps a :class:`JobManagers` in ``app.state.job_managers``)."""
    return [
        Route("/conformance", conformance, methods=["GET"]),
        Route("/processes", list_processes, methods=["GET"]),
        Route("/processes/{process_id}", describe_process, methods=["GET"]),
        Route("/processes/{process_id}/execution", execute, methods=["POST"]),
        Route("/jobs", list_jobs, methods=["GET"]),
        Route("/jobs/{job_id}", job_status, methods=["GET"]),
        Route("/jobs/{job_id}", dismiss, methods=["DELETE"]),
        Route("/jobs/{job_id}/results", job_results, methods=["GET"]),
    ]
