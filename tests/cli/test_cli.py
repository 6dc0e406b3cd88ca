"""The citytwin command as people and acceptance checks use it: real subprocess runs of the entry point."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from citytwin.core.crs import gcj02_to_wgs84

CLI = [sys.executable, "-m", "citytwin.cli"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120, check=False)


def test_grid_encode_matches_the_standards_example() -> None:
    # 116°18'45.37"E, 39°59'35.38"N from GB/T 39409 annex.
    lng = 116 + 18 / 60 + 45.37 / 3600
    lat = 39 + 59 / 60 + 35.38 / 3600
    out = run("grid", "encode", "--level", "8", str(lng), str(lat))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "N50J47539B825534"


def test_grid_decode_prints_level_and_bbox() -> None:
    out = run("grid", "decode", "N50J47539B82")
    assert out.returncode == 0, out.stderr
    body = json.loads(out.stdout)
    assert body["level"] == 6
    west, south, east, north = body["bbox"]
    assert east - west == pytest.approx(2 / 3600) and north - south == pytest.approx(2 / 3600)
    lng = 116 + 18 / 60 + 45.37 / 3600
    lat = 39 + 59 / 60 + 35.38 / 3600
    assert west <= lng < east and south <= lat < north


def test_grid_3d_round_trip_through_the_cli() -> None:
    out = run("grid", "encode", "114.0579", "22.5431", "120")
    assert out.returncode == 0, out.stderr
    code = out.stdout.strip()
    assert len(code) == 32
    body = json.loads(run("grid", "decode", code).stdout)
    assert body["level"] == 10
    low, high = body["height"]
    assert low <= 120 < high
    west, south, east, north = body["bbox"]
    assert west <= 114.0579 < east and south <= 22.5431 < north


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("grid", "encode", "114.0", "95.0"), "latitude"),
        (("grid", "encode", "114.0", "89.0"), "polar"),
        (("grid", "encode", "--level", "11", "114.0", "22.5"), "level"),
        (("grid", "decode", "N50J4753"), "N50J4753"),
        (("grid", "decode", "X50J47"), "position"),
        (("crs", "convert", "--from", "gcj02", "--to", "EPSG:999999", "114", "22.5"), "EPSG:999999"),
    ],
)
def test_bad_input_gets_a_clear_error_without_traceback(args: tuple[str, ...], message: str) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert out.stderr.startswith("error: ")
    assert message.lower() in out.stderr.lower()


@pytest.mark.parametrize(
    ("value", "kind", "valid"),
    [
        ("91440300708461136T", "uscc", True),
        ("91350100M000100Y43", "uscc", True),
        ("91440300708461136A", "uscc", False),
        ("11010519491231002X", "resident_id", True),
        ("110105194912310021", "resident_id", False),
        ("440305", "admin_code", True),
        ("440305001001", "admin_code", True),
        ("440399", "admin_code", False),
        ("440305007-BD-S001234W", "city_code", True),
        ("440305007-BD-S001243W", "city_code", False),
    ],
)
def test_ids_validate_detects_kind_and_exit_code(value: str, kind: str, valid: bool) -> None:
    out = run("ids", "validate", value)
    body = json.loads(out.stdout)
    assert body["kind"] == kind
    assert body["valid"] is valid
    assert out.returncode == (0 if valid else 1)
    assert (body["reason"] == "") is valid


def test_ids_validate_never_echoes_a_resident_id() -> None:
    out = run("ids", "validate", "110105194912310021")
    assert "110105194912310021" not in out.stdout + out.stderr


def test_crs_convert_gcj02_to_wgs84() -> None:
    out = run("crs", "convert", "--from", "gcj02", "--to", "wgs84", "114.0579", "22.5431")
    assert out.returncode == 0, out.stderr
    lng, lat = (float(v) for v in out.stdout.split())
    exp_lng, exp_lat = gcj02_to_wgs84([114.0579], [22.5431])
    assert lng == pytest.approx(float(exp_lng[0]), abs=1e-8)
    assert lat == pytest.approx(float(exp_lat[0]), abs=1e-8)
    # GCJ-02 sits some hundreds of metres off WGS84 in Shenzhen.
    shift_m = math.hypot((114.0579 - lng) * 102_700, (22.5431 - lat) * 110_800)
    assert 200 < shift_m < 800


def test_crs_convert_to_projected_metres() -> None:
    out = run("crs", "convert", "--from", "wgs84", "--to", "EPSG:4547", "114.0", "22.5")
    assert out.returncode == 0, out.stderr
    x, y = (float(v) for v in out.stdout.split())
    # CM 114E: a point on the central meridian has the false easting 500 km.
    assert x == pytest.approx(500_000, abs=0.01)
    assert 2_480_000 < y < 2_500_000


def test_db_init_and_migrate_are_idempotent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'city.db'}"
    first = run("db", "init", "--db", url)
    assert first.returncode == 0, first.stderr
    body = json.loads(first.stdout)
    assert body["applied"] and body["schema_version"] == max(body["applied"])
    second = run("db", "migrate", "--db", url)
    assert second.returncode == 0, second.stderr
    again = json.loads(second.stdout)
    assert again["applied"] == [] and again["schema_version"] == body["schema_version"]


def test_db_with_an_unknown_scheme_is_a_clear_error() -> None:
    out = run("db", "init", "--db", "mysql://localhost/x")
    assert out.returncode == 2
    assert "unsupported database URL" in out.stderr and "Traceback" not in out.stderr


def test_demo_run_loads_the_backbone_and_answers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    out = run("demo", "run", "--db", url, "--no-serve")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "1 City, 9 District, 79 SubDistrict, 788 Community" in lines[0]
    answers = {a["question"]: a["answer"] for a in map(json.loads, lines[1:])}
    assert answers["Which district holds 平安金融中心 Ping An Finance Centre?"] == ["福田区"]
    assert answers["How many communities does 粤海街道 (440305007) have?"] == 16
