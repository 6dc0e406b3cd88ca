"""``citytwin flood``: run the flood scenario on the twin as a job, rerun it, list and show jobs.

Registered in :mod:`citytwin.cli` with ``main.add_command(flood)``. Progress goes to stderr, one JSON
summary to stdout; platform errors print one ``error: ...`` line and exit 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from citytwin.clierrors import clean_errors
from citytwin.errors import BadRequestData
from citytwin.scenarios.jobs import Job, JobManager, JobStatus
from citytwin.storage.base import TenantStore

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DB = "sqlite:///var/demo.db"
PROCESS = "flood"


def _store_options(func: F) -> F:
    func = click.option("--tenant", default="", show_default=True, help="Tenant whose twin to use.")(func)
    return click.option(
        "--db",
        "url",
        envvar="CITYTWIN_DB",
        default=DEFAULT_DB,
        show_default=True,
        help="sqlite:///path.db or postgresql://user@host:port/db",
    )(func)


def _emit(obj: Any, indent: int | None = None) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=indent))


@contextmanager
def _tenant(url: str, tenant: str) -> Iterator[TenantStore]:
    from citytwin.storage.registry import open_store

    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///").split("?")[0]).parent.mkdir(parents=True, exist_ok=True)
    with open_store(url) as store:
        yield store.tenant(tenant)


class _Progress:
    """Job progress on stderr: one rewritten line on a terminal, a line per 10 % otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = -1

    def __call__(self, job: Job) -> None:
        line = f"[{job.progress:3d}%] {job.status.value}: {job.message}"
        if self.tty:
            click.echo("\r" + line.ljust(78), err=True, nl=job.status.final)
        elif job.progress // 10 > self.last // 10 or job.status.final:
            click.echo(line, err=True)
        self.last = max(self.last, job.progress)


def _area(value: str) -> Any:
    path = Path(value)
    if not value.strip().isdigit() and path.is_file():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise BadRequestData(f"cannot read the area GeoJSON file {value}: {err}") from None
    return value


def _summary(manager: JobManager, job: Job) -> dict[str, Any]:
    out: dict[str, Any] = {"jobID": job.job_id, "status": job.status.value, "message": job.message}
    if job.rerun_of:
        out["rerunOf"] = job.rerun_of
    if job.status is JobStatus.SUCCESSFUL:
        res = manager.results(job.job_id)
        keys = (
            "resultEntity",
            "inputsFingerprint",
            "maxDepthSha256",
            "area",
            "maxDepthM",
            "affected",
            "floodedArea",
            "nSteps",
            "wallTimeS",
            "frames",
        )
        out.update({k: res.get(k) for k in keys})
        out["massBalanceRelativeError"] = res["massBalance"]["relative_error"]
    elif job.partial:
        out["partial"] = job.partial
    return out


def _submit_and_wait(manager: JobManager, inputs: dict[str, Any], rerun_of: str | None = None) -> Job:
    job = manager.submit(PROCESS, inputs, mode="async", rerun_of=rerun_of)
    try:
        return manager.wait(job.job_id)
    except KeyboardInterrupt:
        click.echo("\ninterrupted: dismissing the job", err=True)
        manager.dismiss(job.job_id)
        return manager.wait(job.job_id, timeout=30)


def _finish(manager: JobManager, job: Job, extra: dict[str, Any] | None = None) -> None:
    if job.status is JobStatus.FAILED:
        click.echo(f"error: job {job.job_id} failed: {job.message}", err=True)
        sys.exit(2)
    _emit({**_summary(manager, job), **(extra or {})})
    if job.status is not JobStatus.SUCCESSFUL:
        sys.exit(1)


@click.group()
def flood() -> None:
    """Urban flood scenarios on the twin: run, rerun, list and inspect jobs."""


@flood.command("run")
@_store_options
@click.option("--area", required=True, help="ADMIN_CODE, a GeoJSON file, or 'POLYGON((lng lat, ...))'.")
@click.option("--area-crs", default="EPSG:4326", show_default=True, help="CRS of a polygon area.")
@click.option("--resolution", default=5.0, show_default=True, type=float, help="Cell size in metres.")
@click.option(
    "--storm",
    required=True,
    help="chicago:A=..,C=..,P=..,b=..,n=..,duration=MIN,r=.. | uniform:100mm/h:600s | gauges[:DURATION]",
)
@click.option("--dem", default=None, help="DEM GeoTIFF (default: the twin's surface DEM).")
@click.option("--dem-crs", default=None, help="CRS of the DEM when its GeoKeys lack one.")
@click.option("--duration", default=None, help="Simulated time: seconds, 90min, 2h (default storm + 30 min).")
@click.option("--frame-interval", default=None, help="Time between depth frames (default duration/12).")
@click.option("--out", "out_dir", default=None, help="Write PNG depth frames and frames.json here.")
@click.option("--threads", default=1, show_default=True, type=int, help="Engine threads.")
@click.option("--drainage", default=0.0, show_default=True, type=float, help="Sewer capacity, mm/h.")
@click.option("--boundary", type=click.Choice(["free", "closed"]), default="free", show_default=True)
@click.option("--building-mode", type=click.Choice(["mask", "raised"]), default="mask", show_default=True)
@click.option("--backend", type=click.Choice(["numba", "numpy", "gpu"]), default="numba", show_default=True)
@click.option("--max-cells", default=4_000_000, show_default=True, type=int, help="Largest grid allowed.")
@clean_errors
def run(url: str, tenant: str, **opts: Any) -> None:
    """Run the flood scenario as a job and print a JSON summary."""
    inputs = {
        "area": _area(opts["area"]),
        "area_crs": opts["area_crs"],
        "resolution": opts["resolution"],
        "storm": opts["storm"],
        "dem": opts["dem"],
        "dem_crs": opts["dem_crs"],
        "duration": opts["duration"],
        "frame_interval": opts["frame_interval"],
        "frames_dir": opts["out_dir"],
        "threads": opts["threads"],
        "drainage_mm_h": opts["drainage"],
        "boundary": opts["boundary"],
        "building_mode": opts["building_mode"],
        "backend": opts["backend"],
        "max_cells": opts["max_cells"],
    }
    with _tenant(url, tenant) as store, JobManager(store, on_update=_Progress()) as manager:
        _finish(manager, _submit_and_wait(manager, {k: v for k, v in inputs.items() if v is not None}))


@flood.command("rerun")
@_store_options
@click.argument("job_id")
@click.option("--out", "out_dir", default=None, help="Write PNG depth frames and frames.json here.")
@clean_errors
def rerun(url: str, tenant: str, job_id: str, out_dir: str | None) -> None:
    """Run a job again from its recorded inputs and say whether the max depth is bit-identical."""
    with _tenant(url, tenant) as store, JobManager(store, on_update=_Progress()) as manager:
        source = manager.get(job_id)
        recorded = source.inputs.get("recorded", source.job_id)
        inputs = {"recorded": recorded, **({"frames_dir": out_dir} if out_dir else {})}
        job = _submit_and_wait(manager, inputs, rerun_of=job_id)
        extra: dict[str, Any] = {}
        if job.status is JobStatus.SUCCESSFUL and source.status is JobStatus.SUCCESSFUL:
            before = manager.results(job_id)["maxDepthSha256"]
            extra["identicalMaxDepth"] = manager.results(job.job_id)["maxDepthSha256"] == before
        _finish(manager, job, extra)


@flood.command("jobs")
@_store_options
@click.option("--limit", default=100, show_default=True, type=int)
@clean_errors
def jobs(url: str, tenant: str, limit: int) -> None:
    """List flood jobs, oldest first, one JSON object per line."""
    with _tenant(url, tenant) as store, JobManager(store) as manager:
        for job in manager.list(limit=limit, process_id=PROCESS):
            keys = ("jobID", "status", "progress", "message", "created", "finished", "rerunOf")
            data = job.to_dict()
            _emit({k: data[k] for k in keys})


@flood.command("show")
@_store_options
@click.argument("job_id")
@clean_errors
def show(url: str, tenant: str, job_id: str) -> None:
    """Print a job's status, inputs and (when successful) results as JSON."""
    with _tenant(url, tenant) as store, JobManager(store) as manager:
        job = manager.get(job_id)
        out = job.to_dict()
        if job.status is JobStatus.SUCCESSFUL:
            out["results"] = manager.results(job_id)
        _emit(out, indent=2)


@flood.command("dismiss")
@_store_options
@click.argument("job_id")
@clean_errors
def dismiss(url: str, tenant: str, job_id: str) -> None:
    """Dismiss a job: cancel it if it runs (here or in another process), else drop its results."""
    with _tenant(url, tenant) as store, JobManager(store) as manager:
        job = manager.dismiss(job_id)
        _emit({"jobID": job.job_id, "status": job.status.value, "message": job.message})
