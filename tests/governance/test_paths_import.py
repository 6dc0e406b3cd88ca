"""``citytwin import`` acts as a subject: the policy decides what it may write, and the import is ledgered.

Two districts (南山 440305, 福田 440304) with box boundaries register the imported points; district staff of
南山 may write in 南山 only. The CLI runs in-process (CliRunner) against an embedded store.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from citytwin.cli import main
from citytwin.core.entities import Entity, geo, prop
from citytwin.core.query import EntityQuery, types_of
from citytwin.governance.auth import Accounts
from citytwin.governance.cli_session import local_operator
from citytwin.governance.ledger_store import Ledger
from citytwin.governance.lineage import BATCH_KIND
from citytwin.storage.registry import open_store
from tests.ingest.importers.conftest import write_csv

NANSHAN = [[1, "深圳湾公园", 113.950, 22.510], [2, "海岸城", 113.936, 22.517]]
FUTIAN = [[3, "市民中心", 114.059, 22.543]]


def district(code: str, west: float, east: float) -> Entity:
    entity = Entity(f"urn:ngsi-ld:District:{code}", ("District",))
    ring = [[west, 22.45], [east, 22.45], [east, 22.6], [west, 22.6], [west, 22.45]]
    entity.set("location", geo({"type": "Polygon", "coordinates": [ring]}))
    entity.set("adminCode", prop(code))
    return entity


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A store with two districts in tenant ``nanshan-platform`` and three accounts."""
    url = f"sqlite:///{tmp_path / 'city.db'}"
    with open_store(url) as store:
        areas = [district("440305", 113.85, 114.0), district("440304", 114.0, 114.1)]
        assert not store.tenant("nanshan-platform").upsert_many(areas).errors
        accounts = Accounts(store)
        accounts.add("li", roles=("district-staff",), tenant="nanshan-platform", area="440305")
        accounts.add("auditor", roles=("auditor",))
        accounts.add("gone", roles=("administrator",))
        accounts.set_disabled("gone", True)
    return url


def pois(tmp_path: Path, rows: list[list[Any]], name: str = "pois.csv") -> Path:
    return write_csv(tmp_path / name, ["id", "name", "lng", "lat"], rows)


def run(db: str, path: Path, *extra: str, env: dict[str, str] | None = None) -> Result:
    args = ["import", str(path), "--as", "PointOfInterest", "--category", "internet-open-data",
            "--db", db, "--tenant", "nanshan-platform", "--id-column", "id", "--quiet", *extra]  # fmt: skip
    return CliRunner().invoke(main, args, env={"CITYTWIN_AUTH": None, "CITYTWIN_TOKEN": None, **(env or {})})


def imported(db: str) -> list[str]:
    with open_store(db) as store:
        found = store.tenant("nanshan-platform").query(
            EntityQuery(types=types_of("PointOfInterest"), limit=100, attrs=("name",))
        )
        return sorted(str(e.value("name")) for e in found.entities)


def ledger(db: str) -> list[dict[str, Any]]:
    with open_store(db) as store:
        return [r.to_dict() for r in Ledger(store).iter_records()]


def test_without_auth_the_local_operator_imports_and_the_import_is_ledgered(db: str, tmp_path: Path) -> None:
    path = pois(tmp_path, NANSHAN + FUTIAN)
    out = run(db, path, "--purpose", "poi refresh")
    assert out.exit_code == 0, out.output
    assert imported(db) == ["市民中心", "海岸城", "深圳湾公园"]
    records = ledger(db)
    operator = local_operator().actor
    assert operator.startswith("cli:") and "@" in operator
    writes = [r for r in records if r["action"] in ("create", "update")]
    assert [r["action"] for r in writes] == ["create"] * 3 and {r["actor"] for r in writes} == {operator}
    assert {r["tenant"] for r in writes} == {"nanshan-platform"}
    (record,) = [r for r in records if r["action"] == "import"]
    with open_store(db) as store:
        (batch_id,) = [i for i, _ in store.tenant("nanshan-platform").list_documents(BATCH_KIND)]
    assert record["resource"] == "dataset:pois?rows=3" and record["actor"] == operator
    assert record["request_id"] == batch_id and {r["request_id"] for r in writes} == {batch_id}
    assert record["digest"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert record["attributes"] == ["PointOfInterest"] and record["purpose"] == "poi refresh"


def test_with_auth_on_an_account_is_required(db: str, tmp_path: Path) -> None:
    path = pois(tmp_path, NANSHAN)
    out = run(db, path, env={"CITYTWIN_AUTH": "1"})
    assert out.exit_code == 2 and "--user NAME" in out.stderr and "CITYTWIN_TOKEN" in out.stderr
    assert "Traceback" not in out.output and imported(db) == []
    assert "disabled" in run(db, path, "--user", "gone", env={"CITYTWIN_AUTH": "1"}).stderr
    assert "no account 'nobody'" in run(db, path, "--user", "nobody").stderr
    assert imported(db) == []


def test_district_staff_import_in_their_area_only(db: str, tmp_path: Path) -> None:
    env = {"CITYTWIN_AUTH": "1"}
    refused = run(db, pois(tmp_path, NANSHAN + FUTIAN, "mixed.csv"), "--user", "li", env=env)
    assert refused.exit_code == 2, refused.output
    assert "nothing committed" in refused.stderr
    assert "user:li may not write 1 of the 3 entities of this batch in tenant 'nanshan-platform'" in (
        refused.stderr
    )
    assert imported(db) == []  # the batch was refused before any of it was written
    assert not [r for r in ledger(db) if r["action"] in ("create", "update", "import")]

    ok = run(db, pois(tmp_path, NANSHAN, "nanshan.csv"), "--user", "li", env=env)
    assert ok.exit_code == 0, ok.output
    assert imported(db) == ["海岸城", "深圳湾公园"]
    actors = {r["actor"] for r in ledger(db) if r["action"] in ("create", "update", "import")}
    assert actors == {"user:li"}


def test_a_subject_without_write_stops_before_reading_and_tokens_name_the_account(
    db: str, tmp_path: Path
) -> None:
    path = pois(tmp_path, NANSHAN)
    out = run(db, path, "--user", "auditor")
    assert out.exit_code == 2
    assert "user:auditor may not write anything in tenant 'nanshan-platform'" in out.stderr
    with open_store(db) as store:
        key, _ = Accounts(store).create_key("li")
    by_key = run(db, path, env={"CITYTWIN_AUTH": "1", "CITYTWIN_TOKEN": key})
    assert by_key.exit_code == 0, by_key.output
    assert {r["actor"] for r in ledger(db) if r["action"] == "import"} == {"user:li"}
    bad = run(db, path, env={"CITYTWIN_AUTH": "1", "CITYTWIN_TOKEN": key[:-3] + "xyz"})
    assert bad.exit_code == 2 and "unknown API key" in bad.stderr
