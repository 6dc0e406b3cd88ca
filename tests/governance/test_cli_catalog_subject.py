"""``citytwin catalog|conflicts`` act as a checked subject: read needs ``read``, changes ``administer`` (the
catalog) or the right to change the entity's attribute (a conflict's resolution), and every change is ledgered
with the subject as actor. Runs through click on an embedded store with ``CITYTWIN_AUTH=1``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from citytwin.cli import main
from citytwin.core.ledger import LedgerEntry
from citytwin.governance.conflicts import Conflicts
from citytwin.governance.ledger_store import Ledger
from citytwin.storage.registry import open_store
from tests.governance.helpers import building_id
from tests.governance.test_cli import db  # noqa: F401 (the fixture: three buildings, one height conflict)

DATASET = "- {id: sz-pnr-footprints, title: 建筑物轮廓, category: space-2d3d, grade: 2}\n"


@pytest.fixture
def cli(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:  # noqa: F811
    """Authentication on; accounts root (administrator), ops (city-operator: reads and writes buildings),
    audit (auditor: reads, never writes) and grid (grid-worker of another street: sees no building here)."""
    monkeypatch.setenv("CITYTWIN_AUTH", "1")
    monkeypatch.setenv("CITYTWIN_AUTH_SIGNING_KEY", str(tmp_path / "keys" / "signing.pem"))
    for name in ("CITYTWIN_TOKEN", "CITYTWIN_USER", "CITYTWIN_POLICY_FILE"):
        monkeypatch.delenv(name, raising=False)
    runner = CliRunner()
    ok(runner.invoke(main, ["users", "add", "root", "--db", db, "--role", "administrator"]))
    for name, role, extra in (
        ("ops", "city-operator", []),
        ("audit", "auditor", []),
        ("grid", "grid-worker", ["--area", "440304001"]),
    ):
        ok(runner.invoke(main, ["users", "add", name, "--db", db, "--user", "root", "--role", role, *extra]))
    return runner


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def entries(url: str) -> list[LedgerEntry]:
    with open_store(url) as store:
        return [r.entry for r in Ledger(store).iter_records()]


def open_conflicts(url: str) -> list[str]:
    with open_store(url) as store:
        return [c.id for c in Conflicts(store.tenant()).list(status="open")]


def test_catalog_reads_need_read_and_changes_administer(
    cli: CliRunner,
    db: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    spec = tmp_path / "datasets.yaml"
    spec.write_text(DATASET, encoding="utf-8")
    nobody = cli.invoke(main, ["catalog", "list", "--db", db])
    assert nobody.exit_code == 2 and "CITYTWIN_AUTH=1" in nobody.stderr
    before = len(entries(db))
    denied = cli.invoke(main, ["catalog", "register", str(spec), "--db", db, "--user", "ops"])
    assert denied.exit_code == 2 and "user:ops may not administer anything in tenant ''" in denied.stderr
    denied = cli.invoke(main, ["catalog", "sources", "--load", str(spec), "--db", db, "--user", "ops"])
    assert denied.exit_code == 2 and len(entries(db)) == before
    assert "sz-pnr-footprints" not in ok(cli.invoke(main, ["catalog", "--db", db, "--user", "ops"])).stdout

    ok(cli.invoke(main, ["catalog", "register", str(spec), "--db", db, "--user", "root"]))
    [record] = entries(db)[before:]
    assert (record.actor, record.action, record.resource, record.tenant) == (
        "user:root",
        "administer",
        "dataset:sz-pnr-footprints",
        "",
    )
    assert record.digest
    # The group's --user reaches the subcommand, as --db does.
    listed = ok(cli.invoke(main, ["catalog", "--db", db, "--user", "ops", "list", "--json"]))
    assert [json.loads(line)["id"] for line in listed.stdout.splitlines()] == ["sz-pnr-footprints"]
    shown = ok(cli.invoke(main, ["catalog", "show", "sz-pnr-footprints", "--db", db, "--user", "grid"]))
    assert json.loads(shown.stdout)["id"] == "sz-pnr-footprints"


def test_conflicts_show_only_what_the_subject_reads_and_resolving_needs_write(
    cli: CliRunner,
    db: str,  # noqa: F811
) -> None:
    [conflict_id] = open_conflicts(db)
    listed = ok(cli.invoke(main, ["conflicts", "list", "--db", db, "--user", "audit"]))
    assert [json.loads(line)["id"] for line in listed.stdout.splitlines()] == [conflict_id]
    # A grid worker of another street reads the tenant but not this building: the conflict does not exist.
    hidden = ok(cli.invoke(main, ["conflicts", "--db", db, "--user", "grid"]))
    assert hidden.stdout == ""
    for args in (["show", conflict_id], ["resolve", conflict_id, "--keep", "candidate", "--by", "g"]):
        missing = cli.invoke(main, ["conflicts", *args, "--db", db, "--user", "grid"])
        assert missing.exit_code == 2 and f"conflict {conflict_id} was not found" in missing.stderr

    before = len(entries(db))
    refused = cli.invoke(
        main,
        [
            "conflicts",
            "resolve",
            conflict_id,
            "--keep",
            "candidate",
            "--by",
            "a",
            "--db",
            db,
            "--user",
            "audit",
        ],
    )
    assert refused.exit_code == 2 and "user:audit may not change entity" in refused.stderr, refused.stderr
    assert open_conflicts(db) == [conflict_id] and len(entries(db)) == before

    resolved = ok(
        cli.invoke(
            main,
            [
                "conflicts",
                "resolve",
                conflict_id,
                "--keep",
                "candidate",
                "--by",
                "zhao",
                "--db",
                db,
                "--user",
                "ops",
            ],
        )
    )
    assert json.loads(resolved.stdout)["status"] == "resolved" and open_conflicts(db) == []
    with open_store(db) as store:
        assert store.tenant().get(building_id(1)).attr("height").value == 45.0
    written = [(e.actor, e.action, e.resource) for e in entries(db)[before:]]
    assert ("user:ops", "update", building_id(1)) in written
    assert written[-1] == ("user:ops", "write", f"conflict:{conflict_id}")


def test_lineage_and_graph_read_as_the_subject(cli: CliRunner, db: str) -> None:  # noqa: F811
    nobody = cli.invoke(main, ["lineage", building_id(1), "--db", db])
    assert nobody.exit_code == 2 and "CITYTWIN_AUTH=1" in nobody.stderr
    before = len(entries(db))
    # An operator reads the building: its lineage names both sources, its graph reaches the enterprise.
    trace = json.loads(ok(cli.invoke(main, ["lineage", building_id(1), "--db", db, "--user", "ops"])).stdout)
    assert building_id(1) in json.dumps(trace) and "osm" in json.dumps(trace)
    graph = ok(cli.invoke(main, ["graph", building_id(1), "--json", "--db", db, "--user", "ops"])).stdout
    nodes = {n["id"] for n in json.loads(graph)["nodes"]}
    assert building_id(1) in nodes and len(nodes) > 1
    reads = [e for e in entries(db)[before:] if e.action == "read"]
    assert reads and {e.actor for e in reads} == {"user:ops"}
    # A grid worker of another street reads the tenant but not this building: both answer "not found".
    for command in (["lineage", building_id(1)], ["graph", building_id(1)]):
        hidden = cli.invoke(main, [*command, "--db", db, "--user", "grid"])
        assert hidden.exit_code == 2 and "not found" in hidden.stderr, hidden.output
