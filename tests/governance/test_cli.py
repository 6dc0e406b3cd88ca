"""``citytwin catalog|conflicts|lineage|graph`` as people run them: real subprocesses on an embedded store."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from citytwin.cli import main
from citytwin.governance.sources import SourceArbiter
from citytwin.storage.registry import open_store
from tests.governance.helpers import KEJIYUAN, Clock, building, building_id, enterprise
from tests.governance.test_graph import nanshan_backbone

CLI = [sys.executable, "-m", "citytwin.cli"]


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run(db: str, *args: str) -> Result:
    """The command in-process (fast); ``test_the_entry_point`` runs the real subprocess."""
    out = CliRunner().invoke(main, [*args, "--db", db])
    if out.exception is not None and not isinstance(out.exception, SystemExit):
        raise out.exception
    return Result(out.exit_code, out.stdout, out.stderr)


@pytest.fixture
def db(tmp_path: Path) -> str:
    """An embedded twin with 粤海街道, three buildings, an enterprise and one height conflict."""
    url = f"sqlite:///{tmp_path / 'twin.db'}"
    clock = Clock()
    with open_store(url) as store:
        twin = store.tenant()
        twin.upsert_many([*nanshan_backbone(), enterprise(5, "腾讯", building_id(1))])
        for source, batch, heights in (
            ("sz-pnr", "pnr-1", (30.0, 31.0, 32.0)),
            ("osm", "osm-1", (45.0, 31.1, 32.0)),
        ):
            arbiter = SourceArbiter(twin, clock=clock)
            outcome = arbiter.apply(
                [building(n + 1, height=h) for n, h in enumerate(heights)],
                source=source,
                batch_id=batch,
                category="space-2d3d",
            )
            twin.upsert_many(outcome.entities)
            arbiter.commit(outcome)
            clock.advance(minutes=5)
    return url


def test_catalog_register_list_show(db: str, tmp_path: Path) -> None:
    spec = tmp_path / "datasets.yaml"
    spec.write_text(
        """
- id: sz-pnr-footprints
  title: 建筑物轮廓
  category: space-2d3d
  grade: 2
  ownerDepartment: 深圳市规划和自然资源局
  recordCount: 3
  registeredCount: 3
- id: sz-poi-weibo
  title: 微博签到兴趣点
  category: internet-open-data
  recordCount: 34856
  registeredCount: 34855
""",
        encoding="utf-8",
    )
    out = run(db, "catalog", "register", str(spec))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"registered": ["sz-pnr-footprints", "sz-poi-weibo"]}
    table = run(db, "catalog")
    assert table.returncode == 0, table.stderr
    assert "sz-poi-weibo" in table.stdout and "100.0%" in table.stdout and "2 dataset(s)" in table.stdout
    lines = run(db, "catalog", "list", "--grade", "2", "--json").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["sz-pnr-footprints"]
    shown = json.loads(run(db, "catalog", "show", "sz-poi-weibo").stdout)
    assert shown["registrationRate"] == pytest.approx(34855 / 34856)
    missing = run(db, "catalog", "show", "nothing")
    assert (
        missing.returncode == 2 and missing.stderr.strip() == "error: dataset 'nothing' is not in the catalog"
    )
    spec.write_text("- {id: x, title: y, category: weather}\n", encoding="utf-8")
    bad = run(db, "catalog", "register", str(spec))
    assert bad.returncode == 2 and "unknown data category 'weather'" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_conflicts_lineage_and_graph(db: str) -> None:
    listed = run(db, "conflicts", "list", "--status", "open")
    assert listed.returncode == 0, listed.stderr
    (line,) = listed.stdout.splitlines()
    conflict = json.loads(line)
    assert (conflict["entityId"], conflict["candidateValue"], conflict["authoritativeValue"]) == (
        building_id(1),
        45.0,
        30.0,
    )
    resolved = run(db, "conflicts", "resolve", conflict["id"], "--keep", "candidate", "--by", "steward.zhao")
    assert resolved.returncode == 0, resolved.stderr
    assert json.loads(resolved.stdout)["resolution"]["by"] == "steward.zhao"
    again = run(db, "conflicts", "resolve", conflict["id"], "--keep", "authoritative", "--by", "x")
    assert again.returncode == 2 and "already resolved" in again.stderr
    report = json.loads(run(db, "lineage", building_id(1)).stdout)
    assert [b["id"] for b in report["batches"]] == ["pnr-1", "osm-1"]
    height = next(a for a in report["attributes"] if a["attribute"] == "height")
    assert height["provenance"]["resolvedBy"] == "steward.zhao"
    tree = run(db, "graph", KEJIYUAN, "--depth", "2")
    assert tree.returncode == 0, tree.stderr
    lines = tree.stdout.splitlines()
    assert lines[0] == f"{KEJIYUAN} (Community 科技园社区居委会)"
    assert any(f"←locatedIn─ {building_id(1)} (Building)" in x for x in lines)
    assert any("─partOf→ urn:ngsi-ld:SubDistrict:" in x and "粤海街道" in x for x in lines)
    assert any("←locatedIn─ urn:ngsi-ld:Organization:" in x for x in lines)  # two hops: the enterprise
    as_json = json.loads(run(db, "graph", KEJIYUAN, "--depth", "1", "--json").stdout)
    assert {n["id"] for n in as_json["nodes"]} >= {KEJIYUAN, building_id(1), building_id(3)}
    unknown = run(db, "graph", "urn:ngsi-ld:Building:nowhere")
    assert unknown.returncode == 2 and unknown.stderr.startswith("error: ")


def test_the_entry_point(db: str) -> None:
    out = subprocess.run(
        [*CLI, "graph", building_id(1), "--depth", "1", "--db", db],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == f"{building_id(1)} (Building)"
    assert f"─locatedIn→ {KEJIYUAN} (Community 科技园社区居委会)" in out.stdout
    assert out.stderr.strip() == "3 node(s), 2 edge(s)"
