"""``citytwin flood``: run, rerun, jobs, show, dismiss, and the one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shapely
from click.testing import CliRunner, Result

from citytwin.core.geometry import to_geojson
from citytwin.scenarios.flood.cli import flood

from .test_flood_twin import B1, B2, TinyTwin, area_wkt, tiny_twin

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[TinyTwin]:
    with tiny_twin(tmp_path) as built:
        yield built


def invoke(*args: str) -> Result:
    return CliRunner().invoke(flood, list(args), catch_exceptions=False)


def run_args(t: TinyTwin, *extra: str) -> list[str]:
    return [
        "run",
        "--db",
        t.url,
        "--area",
        area_wkt(),
        "--resolution",
        "5",
        "--storm",
        "uniform:200mm/h:600s",
        "--duration",
        "20min",
        "--dem",
        str(t.dem),
        *extra,
    ]


def test_run_prints_a_summary_and_progress(tiny: TinyTwin) -> None:
    out = tiny.tmp / "frames"
    result = invoke(*run_args(tiny, "--out", str(out), "--frame-interval", "5min"))
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["status"] == "successful" and summary["affected"]["buildings"] == 2
    assert summary["resultEntity"].startswith("urn:ngsi-ld:FloodScenarioResult:")
    assert abs(summary["massBalanceRelativeError"]) < 1e-12
    assert "[100%] successful: done" in result.stderr and "simulating: t = " in result.stderr
    sidecar = json.loads(Path(summary["frames"]).read_text())
    assert [f["time_s"] for f in sidecar["frames"]] == [300.0, 600.0, 900.0, 1200.0]
    assert all((out / f["file"]).stat().st_size > 0 for f in sidecar["frames"])


def test_rerun_jobs_and_show(tiny: TinyTwin) -> None:
    geojson = tiny.tmp / "area.geojson"
    geojson.write_text(json.dumps({"type": "Feature", "geometry": to_geojson(shapely.from_wkt(area_wkt()))}))
    args = run_args(tiny)
    args[args.index("--area") + 1] = str(geojson)
    first = json.loads(invoke(*args).stdout)
    again = invoke("rerun", "--db", tiny.url, first["jobID"])
    assert again.exit_code == 0, again.output
    rerun = json.loads(again.stdout)
    assert rerun["identicalMaxDepth"] is True and rerun["rerunOf"] == first["jobID"]
    assert rerun["maxDepthSha256"] == first["maxDepthSha256"]
    listed = [json.loads(line) for line in invoke("jobs", "--db", tiny.url).stdout.splitlines()]
    assert [(j["jobID"], j["rerunOf"]) for j in listed] == [
        (first["jobID"], None),
        (rerun["jobID"], first["jobID"]),
    ]
    shown = json.loads(invoke("show", "--db", tiny.url, first["jobID"]).stdout)
    assert shown["status"] == "successful" and shown["inputs"]["area"]["type"] == "Feature"
    assert [b["id"] for b in shown["results"]["buildings"]] == [B1, B2]
    dismissed = json.loads(invoke("dismiss", "--db", tiny.url, first["jobID"]).stdout)
    assert dismissed == {
        "jobID": first["jobID"],
        "status": "dismissed",
        "message": "dismissed after it finished",
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"--storm": "drizzle"}, "error: storm 'drizzle' is not understood"),
        ({"--area": "440399"}, "error: unknown administrative code '440399'"),
        ({"--area": area_wkt(dx=5_000.0)}, "lies outside the DEM"),
        ({"--dem": "/nowhere/dem.tif"}, "error: cannot read the DEM GeoTIFF /nowhere/dem.tif"),
    ],
)
def test_bad_inputs_exit_2_with_one_line(tiny: TinyTwin, change: dict[str, str], message: str) -> None:
    args = run_args(tiny)
    for key, value in change.items():
        args[args.index(key) + 1] = value
    before = tiny.snapshot()
    result = invoke(*args)
    assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1
    assert result.stdout == "" and tiny.snapshot() == before
    assert invoke("show", "--db", tiny.url, "missing").stderr == "error: no job 'missing'\n"


def test_the_group_runs_as_a_subprocess(tiny: TinyTwin) -> None:
    env: dict[str, Any] = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-c", "from citytwin.scenarios.flood.cli import flood; flood()", *run_args(tiny)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["affected"]["people"] == 150.0
