"""``citytwin import`` as people run it: a real subprocess of the entry point against an embedded store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from citytwin.core.query import EntityQuery, types_of
from citytwin.demo.hierarchy import admin_entities
from citytwin.storage.registry import open_store
from tests.ingest.importers.conftest import write_csv

CLI = [sys.executable, "-m", "citytwin.cli"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'city.db'}"
    with open_store(url) as store:
        assert not store.tenant().upsert_many(admin_entities()).errors
    return url


def pois(url: str) -> int:
    with open_store(url) as store:
        return len(store.tenant().query(EntityQuery(types=types_of("PointOfInterest"), limit=100)).entities)


def test_import_prints_a_summary_shows_progress_and_writes_the_report(db: str, tmp_path: Path) -> None:
    # GCJ-02 positions of three real places (rows 2-4) and a row without coordinates (row 5).
    rows = [
        [1, "深圳湾公园", 12, 113.9500, 22.5100],
        [2, "深圳北站", 40, 114.0338, 22.6072],
        [3, "东门步行街", 33, 114.1233, 22.5467],
        [4, "无坐标", 1, None, None],
    ]
    path = write_csv(tmp_path / "pois.csv", ["poiindex", "name", "checkins", "lon", "lat"], rows)
    report_path = tmp_path / "out" / "report.json"
    out = run(
        "import", str(path), "--as", "PointOfInterest", "--category", "internet-open-data", "--crs", "gcj02",
        "--db", db, "--id-column", "poiindex", "--report", str(report_path), "--title", "微博签到点",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "committed" in out.stdout and "rows read 4, imported 3, rejected 1" in out.stdout
    assert "import: 4 of 4" in out.stderr  # progress on stderr
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["committed"] is True and report["rowsRead"] == 4 and report["imported"] == 3
    assert report["rejected"] == {"count": 1, "reasons": {"missing coordinates": 1},
                                  "rows": [{"row": 5, "reason": "missing coordinates"}]}  # fmt: skip
    assert report["registration"]["registered"] == 3 and report["registration"]["rate"] == 1.0
    assert report["sourceCrs"] == "GCJ02" and report["entityTypes"] == {"PointOfInterest": 3}
    assert pois(db) == 3
    catalog = run("catalog", "show", report["dataset"], "--db", db)
    assert catalog.returncode == 0, catalog.stderr
    record = json.loads(catalog.stdout)
    assert record["title"] == "微博签到点" and record["recordCount"] == 3
    assert record["registrationRate"] == 1.0
    assert record["lastBatch"] == report["batchId"] and record["crs"] == "GCJ02"


def test_strict_import_fails_with_exit_2_and_commits_nothing(db: str, tmp_path: Path) -> None:
    rows = [[1, "好行", 114.05, 22.54], [2, "坏行", "abc", 22.5]]
    path = write_csv(tmp_path / "bad.csv", ["id", "name", "lng", "lat"], rows)
    report_path = tmp_path / "report.json"
    out = run(
        "import", str(path), "--as", "PointOfInterest", "--category", "internet-open-data",
        "--db", db, "--strict", "--report", str(report_path), "--quiet",
    )  # fmt: skip
    assert out.returncode == 2
    assert out.stderr.startswith("error: --strict: 1 row(s) rejected; first at row 3: bad coordinate")
    assert "NOT committed" in out.stdout and "Traceback" not in out.stderr
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["committed"] is False and report["imported"] == 0
    assert pois(db) == 0


def test_bad_options_are_clear_errors(db: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", ["name", "lng", "lat"], [["x", 114.05, 22.54]])
    out = run("import", str(path), "--as", "PointOfInterest", "--category", "nonsense", "--db", db)
    assert out.returncode == 2 and "unknown data category 'nonsense'" in out.stderr
    out = run("import", str(path), "--category", "internet-open-data", "--db", db)
    assert out.returncode == 2 and "--as TYPE" in out.stderr
    out = run("import", str(path), "--as", "X", "--category", "internet-open-data", "--crs", "EPSG:999999",
              "--db", db)  # fmt: skip
    assert out.returncode == 2 and "unknown coordinate reference system" in out.stderr
    out = run("import", str(path), "--as", "X", "--category", "internet-open-data", "--max-rejects", "lots",
              "--db", db)  # fmt: skip
    assert out.returncode == 2 and "--max-rejects" in out.stderr
