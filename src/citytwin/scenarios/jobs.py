"""Scenario jobs (OGC API Processes): run sync or on a worker thread, persisted as store documents.

A job's status document (kind ``job``) is written on every change, so ``get``/``list`` survive a
restart; outputs go to a separate document (kind ``job-result``) written before the status turns
``successful``. Dismissal of a running job is a cancel request: a flag in memory for jobs of this
process, or a ``job-dismiss`` document another process (the CLI next to a server) can write and the
owner polls. A job still ``accepted``/``running`` whose owning process is gone is marked ``failed``
by the next manager that opens the store.
"""

from __future__ import annotations

import builtins
import contextlib
import logging
import os
import platform
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from citytwin.core.timeutil import Clock, format_instant, parse_instant, utc_now
from citytwin.errors import BadRequestData, CitytwinError, InternalError, ResourceNotFound
from citytwin.scenarios.base import RunContext, Scenario, ScenarioCancelled
from citytwin.scenarios.registry import ScenarioRegistry, default_registry
from citytwin.storage.base import TenantStore

log = logging.getLogger(__name__)

JOB_KIND = "job"
RESULT_KIND = "job-result"
DISMISS_KIND = "job-dismiss"
INTERRUPTED = "interrupted by a process restart: the process running this job ended before it finished"
_POLL_S = 1.0  # how often a running job looks for a dismiss request written by another process
_PROGRESS_WRITE_S = 2.0  # progress is persisted on every whole percent, or at least this often

_live_instances: set[str] = set()  # managers open in this process, so a restart test needs no second process
_live_lock = threading.Lock()


class JobStatus(StrEnum):
    """OGC API Processes job states."""

    ACCEPTED = "accepted"
    RUNNING = "running"
    SUCCESSFUL = "successful"
    FAILED = "failed"
    DISMISSED = "dismissed"

    @property
    def final(self) -> bool:
        """True when the job will not change any more."""
        return self in (JobStatus.SUCCESSFUL, JobStatus.FAILED, JobStatus.DISMISSED)


@dataclass(frozen=True)
class Job:
    """The status of one job, as persisted (``to_dict`` is the OGC statusInfo plus our extras)."""

    job_id: str
    process_id: str
    status: JobStatus
    created: str
    updated: str
    inputs: dict[str, Any]
    mode: str = "sync"
    progress: int = 0
    message: str = ""
    started: str | None = None
    finished: str | None = None
    owner: dict[str, Any] = field(default_factory=dict)
    error: dict[str, Any] | None = None
    partial: dict[str, Any] | None = None
    rerun_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able statusInfo."""
        return {
            "jobID": self.job_id,
            "processID": self.process_id,
            "type": "process",
            "status": self.status.value,
            "message": self.message,
            "progress": self.progress,
            "created": self.created,
            "started": self.started,
            "finished": self.finished,
            "updated": self.updated,
            "mode": self.mode,
            "inputs": self.inputs,
            "owner": self.owner,
            "error": self.error,
            "partial": self.partial,
            "rerunOf": self.rerun_of,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Job:
        """Inverse of ``to_dict``."""
        return cls(
            job_id=data["jobID"],
            process_id=data["processID"],
            status=JobStatus(data["status"]),
            created=data["created"],
            updated=data["updated"],
            inputs=dict(data.get("inputs") or {}),
            mode=data.get("mode", "sync"),
            progress=int(data.get("progress", 0)),
            message=data.get("message", ""),
            started=data.get("started"),
            finished=data.get("finished"),
            owner=dict(data.get("owner") or {}),
            error=data.get("error"),
            partial=data.get("partial"),
            rerun_of=data.get("rerunOf"),
        )


@dataclass(eq=False)
class _Live:
    """A job this manager runs: its current status and its dismiss flag."""

    job: Job
    scenario: Scenario
    cancel: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    last_write: float = 0.0
    last_poll: float = 0.0


JobListener = Callable[[Job], None]


class JobManager:
    """Submits, tracks, dismisses and recovers scenario jobs of one tenant."""

    def __init__(
        self,
        store: TenantStore,
        registry: ScenarioRegistry | None = None,
        *,
        clock: Clock = utc_now,
        workers: int = 1,
        on_update: JobListener | None = None,
        recover: bool = True,
        stale_after_s: float = 3600.0,
    ) -> None:
        if workers < 1:
            raise BadRequestData("a job manager needs at least one worker")
        self.store = store
        self.registry = registry if registry is not None else default_registry()
        self.clock = clock
        self.on_update = on_update
        self.stale_after_s = stale_after_s
        self.instance = secrets.token_hex(8)
        self._slots = threading.Semaphore(workers)  # async jobs beyond this wait as 'accepted'
        self._lock = threading.Lock()
        self._live: dict[str, _Live] = {}
        self._threads: list[threading.Thread] = []
        with _live_lock:
            _live_instances.add(self.instance)
        if recover:
            self.recover()

    # -- submitting ---------------------------------------------------------------------------------
    def submit(
        self, process_id: str, inputs: Mapping[str, Any], *, mode: str = "sync", rerun_of: str | None = None
    ) -> Job:
        """Validate inputs (raising before anything is written), record the job and run it.

        ``sync`` returns the finished job; ``async`` returns it ``accepted`` and runs it on a thread.
        """
        if mode not in ("sync", "async"):
            raise BadRequestData(f"job mode must be sync or async, got {mode!r}")
        scenario = self.registry.get(process_id)
        checked = scenario.validate(inputs, RunContext(store=self.store, clock=self.clock))
        now = self._now()
        # Creation time first (to the microsecond), so store order is submission order.
        job_id = f"{self.clock():%Y%m%dT%H%M%S%f}-{secrets.token_hex(4)}"
        job = Job(
            job_id=job_id,
            process_id=process_id,
            status=JobStatus.ACCEPTED,
            created=now,
            updated=now,
            inputs=checked,
            mode=mode,
            message="accepted",
            owner={"host": platform.node(), "pid": os.getpid(), "instance": self.instance},
            rerun_of=rerun_of,
        )
        live = _Live(job, scenario)
        with self._lock:
            self._live[job_id] = live
        self._save(live, job)
        if mode == "sync":
            try:
                self._run(live)
            except BaseException:
                # KeyboardInterrupt or SystemExit in the caller's thread: leave no job 'running'.
                if not live.done.is_set():
                    self._finish(live, JobStatus.FAILED, "interrupted in the submitting process")
                raise
            return self.get(job_id)
        # Daemon threads: a process that exits mid-job leaves it 'running', and recover() fails it later.
        thread = threading.Thread(target=self._run_safely, args=(live,), name=f"job-{job_id}", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()]
        self._threads.append(thread)
        thread.start()
        return job

    # -- reading ------------------------------------------------------------------------------------
    def get(self, job_id: str) -> Job:
        """The job's current status (ResourceNotFound if there is no such job)."""
        try:
            return Job.from_dict(self.store.get_document(JOB_KIND, job_id))
        except ResourceNotFound:
            raise ResourceNotFound(f"no job {job_id!r}") from None

    def list(self, *, limit: int = 100, offset: int = 0, process_id: str | None = None) -> builtins.list[Job]:
        """Jobs in id order (ids start with their creation time, so oldest first), of one process if given."""
        if process_id is None:
            return [
                Job.from_dict(d) for _, d in self.store.list_documents(JOB_KIND, limit=limit, offset=offset)
            ]
        # Filtered paging: skip and count matching jobs only, reading the store a page at a time.
        out: builtins.list[Job] = []
        skipped, start = 0, 0
        while len(out) < limit:
            page = self.store.list_documents(JOB_KIND, limit=1000, offset=start)
            for _, doc in page:
                if doc.get("processID") != process_id:
                    continue
                if skipped < offset:
                    skipped += 1
                elif len(out) < limit:
                    out.append(Job.from_dict(doc))
            if len(page) < 1000:
                break
            start += 1000
        return out

    def results(self, job_id: str) -> dict[str, Any]:
        """Outputs of a successful job; ResourceNotFound naming the status otherwise."""
        job = self.get(job_id)
        if job.status is not JobStatus.SUCCESSFUL:
            raise ResourceNotFound(f"job {job_id} has no results: it is {job.status.value} ({job.message})")
        return self.store.get_document(RESULT_KIND, job_id)

    def wait(self, job_id: str, timeout: float | None = None) -> Job:
        """Block until the job is final (or the timeout passes); returns its status then."""
        with self._lock:
            live = self._live.get(job_id)
        if live is not None:
            live.done.wait(timeout)
            return self.get(job_id)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            job = self.get(job_id)
            if job.status.final or (deadline is not None and time.monotonic() >= deadline):
                return job
            time.sleep(0.2)

    # -- dismissing ---------------------------------------------------------------------------------
    def dismiss(self, job_id: str) -> Job:
        """Cancel a queued or running job (it ends ``dismissed``); a finished job drops its results."""
        job = self.get(job_id)
        with self._lock:
            live = self._live.get(job_id)
        if live is not None:
            live.cancel.set()
            return self.get(job_id)
        if not job.status.final:
            # Run by another process: leave a request its owner polls for.
            self.store.put_document(DISMISS_KIND, job_id, {"requested": self._now()})
            return job
        if job.status is JobStatus.SUCCESSFUL:
            self._delete(RESULT_KIND, job_id)
        if job.status is not JobStatus.DISMISSED:
            job = replace(
                job, status=JobStatus.DISMISSED, updated=self._now(), message="dismissed after it finished"
            )
            self.store.put_document(JOB_KIND, job_id, job.to_dict())
            self._notify(job)
        return job

    # -- recovery -----------------------------------------------------------------------------------
    def recover(self) -> builtins.list[str]:
        """Mark failed every unfinished job whose owning process is gone; returns their ids."""
        failed = []
        offset = 0
        while True:
            page = self.store.list_documents(JOB_KIND, limit=1000, offset=offset)
            for job_id, doc in page:
                job = Job.from_dict(doc)
                if not job.status.final and self._orphaned(job):
                    now = self._now()
                    job = replace(
                        job,
                        status=JobStatus.FAILED,
                        message=INTERRUPTED,
                        updated=now,
                        finished=now,
                        error=InternalError(INTERRUPTED).to_problem(),
                    )
                    self.store.put_document(JOB_KIND, job_id, job.to_dict())
                    self._notify(job)
                    failed.append(job_id)
            if len(page) < 1000:
                return failed
            offset += 1000

    def _orphaned(self, job: Job) -> bool:
        owner = job.owner
        if owner.get("host") != platform.node():
            # Another machine: only a silence longer than stale_after_s says it is gone.
            age = (self.clock() - parse_instant(job.updated)).total_seconds()
            return age > self.stale_after_s
        pid = int(owner.get("pid", -1))
        if pid == os.getpid():
            with _live_lock:
                return owner.get("instance") not in _live_instances
        return not _pid_alive(pid)

    def close(self, timeout: float = 10.0) -> None:
        """Dismiss this manager's running jobs and wait for their threads (up to ``timeout`` s)."""
        with self._lock:
            lives = list(self._live.values())
        for live in lives:
            live.cancel.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        with _live_lock:
            _live_instances.discard(self.instance)

    def __enter__(self) -> JobManager:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- running ------------------------------------------------------------------------------------
    def _run_safely(self, live: _Live) -> None:
        try:
            self._run(live)
        except Exception:
            log.exception("job %s: could not record its final status", live.job.job_id)

    def _run(self, live: _Live) -> None:
        with self._slots:
            if live.cancel.is_set():
                self._finish(live, JobStatus.DISMISSED, "dismissed before it started")
                return
            now = self._now()
            self._save(live, replace(live.job, status=JobStatus.RUNNING, started=now, message="running"))
            context = RunContext(
                store=self.store,
                job_id=live.job.job_id,
                progress=lambda pct, msg: self._progress(live, pct, msg),
                cancelled=lambda: self._cancelled(live),
                clock=self.clock,
            )
            try:
                outputs = live.scenario.execute(dict(live.job.inputs), context)
                self.store.put_document(RESULT_KIND, live.job.job_id, outputs)
            except ScenarioCancelled as err:
                self._finish(live, JobStatus.DISMISSED, err.detail, partial=err.partial)
            except CitytwinError as err:
                self._finish(live, JobStatus.FAILED, err.detail, error=err.to_problem())
            except Exception as err:
                log.exception("job %s failed", live.job.job_id)
                detail = f"internal error: {type(err).__name__}: {err}"
                self._finish(live, JobStatus.FAILED, detail, error=InternalError(detail).to_problem())
            else:
                self._finish(live, JobStatus.SUCCESSFUL, "done", progress=100)

    def _progress(self, live: _Live, percent: float, message: str) -> None:
        pct = int(max(live.job.progress, min(100.0, max(0.0, percent))))
        now = time.monotonic()
        if pct > live.job.progress or now - live.last_write >= _PROGRESS_WRITE_S:
            self._save(live, replace(live.job, progress=pct, message=message))

    def _cancelled(self, live: _Live) -> bool:
        if live.cancel.is_set():
            return True
        now = time.monotonic()
        if now - live.last_poll >= _POLL_S:
            live.last_poll = now
            try:
                self.store.get_document(DISMISS_KIND, live.job.job_id)
            except ResourceNotFound:
                return False
            live.cancel.set()
            return True
        return False

    def _finish(
        self,
        live: _Live,
        status: JobStatus,
        message: str,
        *,
        progress: int | None = None,
        error: dict[str, Any] | None = None,
        partial: dict[str, Any] | None = None,
    ) -> None:
        now = self._now()
        job = replace(
            live.job,
            status=status,
            message=message,
            finished=now,
            progress=live.job.progress if progress is None else progress,
            error=error,
            partial=partial,
        )
        try:
            self._save(live, job)
        finally:
            with self._lock:
                self._live.pop(job.job_id, None)
            self._delete(DISMISS_KIND, job.job_id)
            live.done.set()

    # -- persistence --------------------------------------------------------------------------------
    def _save(self, live: _Live, job: Job) -> None:
        job = replace(job, updated=self._now())
        live.job = job
        live.last_write = time.monotonic()
        self.store.put_document(JOB_KIND, job.job_id, job.to_dict())
        self._notify(job)

    def _delete(self, kind: str, doc_id: str) -> None:
        with contextlib.suppress(ResourceNotFound):
            self.store.delete_document(kind, doc_id)

    def _notify(self, job: Job) -> None:
        if self.on_update is None:
            return
        try:
            self.on_update(job)
        except Exception:
            # A broken listener must not fail the job it listens to.
            log.exception("job listener failed on %s", job.job_id)

    def _now(self) -> str:
        return format_instant(self.clock())


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by someone else
    return True
