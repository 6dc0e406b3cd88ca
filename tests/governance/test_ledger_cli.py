"""The ``citytwin ledger|users|keys|policy`` commands on an embedded store."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import jwt
import pytest
from click.testing import CliRunner

from citytwin.cli import main
from citytwin.core.ledger import LedgerEntry
from citytwin.governance.ledger_store import Ledger
from citytwin.storage.registry import open_store

T0 = 1_740_787_200_000_000


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'twin.db'}"


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("CITYTWIN_AUTH_SIGNING_KEY", str(tmp_path / "keys" / "signing.pem"))
    monkeypatch.setenv("CITYTWIN_LEDGER_ANCHOR_FILE", str(tmp_path / "anchors.jsonl"))
    return CliRunner()


def _fill(db: str, tmp_path: Path, n: int = 3000) -> None:
    from citytwin.governance.ledger_anchor import FileAnchor

    with open_store(db) as store:
        ledger = Ledger(store, anchors=[FileAnchor(tmp_path / "anchors.jsonl")])
        ledger.append(
            [
                LedgerEntry(
                    at_us=T0 + i,
                    actor="user:li.wei",
                    action="read",
                    resource=f"urn:ngsi-ld:Building:440304-{i:06d}",
                    attributes=("height",),
                )
                for i in range(n)
            ]
        )


def test_verify_reports_the_first_tampered_record(runner: CliRunner, db: str, tmp_path: Path) -> None:
    _fill(db, tmp_path)
    ok = runner.invoke(main, ["ledger", "verify", "--db", db])
    assert ok.exit_code == 0, ok.output
    report = json.loads(ok.stdout)
    assert report["ok"] and report["records"] == 3000 and report["anchorsChecked"] == 2
    assert "verified 3,000 / 3,000 records" in ok.stderr
    conn = sqlite3.connect(db.removeprefix("sqlite:///"))
    conn.execute("UPDATE ledger_records SET resource = 'urn:ngsi-ld:Building:forged' WHERE seq = 1777")
    conn.commit()
    conn.close()
    bad = runner.invoke(main, ["ledger", "verify", "--db", db, "--quiet"])
    assert bad.exit_code == 1
    assert json.loads(bad.stdout)["firstTamperedSeq"] == 1777
    assert "first tampered record 1777" in bad.stderr


def test_proof_export_and_offline_check(runner: CliRunner, db: str, tmp_path: Path) -> None:
    _fill(db, tmp_path)
    out = tmp_path / "proof-2500.json"
    made = runner.invoke(main, ["ledger", "proof", "2500", "--db", db, "--out", str(out)])
    assert made.exit_code == 0, made.output
    proof = json.loads(out.read_text())
    assert proof["record"]["seq"] == 2500 and proof["block"]["height"] == 3  # sealed on demand
    checked = runner.invoke(main, ["ledger", "check-proof", str(out)])
    assert checked.exit_code == 0 and json.loads(checked.stdout) == {
        "valid": True,
        "reason": "",
        "blockHash": proof["block"]["hash"],
        "anchored": True,
    }
    proof["record"]["actor"] = "user:mallory"
    out.write_text(json.dumps(proof))
    assert runner.invoke(main, ["ledger", "check-proof", str(out)]).exit_code == 1
    missing = runner.invoke(main, ["ledger", "proof", "99999", "--db", db])
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


def test_users_keys_and_tokens(runner: CliRunner, db: str, tmp_path: Path) -> None:
    added = runner.invoke(
        main, ["users", "add", "li.wei", "--db", db, "--role", "grid-worker", "--area", "440304001"]
    )
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout)["roles"] == ["grid-worker"]
    assert runner.invoke(main, ["users", "add", "li.wei", "--db", db]).exit_code == 2
    key = json.loads(
        runner.invoke(main, ["keys", "create", "li.wei", "--db", db, "--label", "tablet"]).stdout
    )
    assert key["key"].startswith("ctk_") and "hash" not in key
    listed = [
        json.loads(line) for line in runner.invoke(main, ["keys", "list", "--db", db]).stdout.splitlines()
    ]
    assert [k["id"] for k in listed] == [key["id"]] and "key" not in listed[0]
    revoked = json.loads(runner.invoke(main, ["keys", "revoke", key["id"], "--db", db]).stdout)
    assert revoked["revokedAt"]
    token = runner.invoke(main, ["users", "token", "li.wei", "--db", db, "--ttl", "600"])
    assert token.exit_code == 0, token.output
    claims = jwt.decode(token.stdout.strip(), options={"verify_signature": False})
    assert claims["sub"] == "li.wei" and claims["exp"] - claims["iat"] == 600
    assert (tmp_path / "keys" / "signing.pem").exists()
    actions = [
        json.loads(line)["resource"]
        for line in runner.invoke(
            main, ["ledger", "list", "--db", db, "--action", "administer"]
        ).stdout.splitlines()
    ]
    assert actions == ["account:li.wei", f"apikey:{key['id']}", f"apikey:{key['id']}"]


def test_policy_check_and_load(runner: CliRunner, db: str, tmp_path: Path) -> None:
    good = tmp_path / "policy.yaml"
    good.write_text(
        "rules:\n  - id: admins\n    subjects: {roles: [administrator]}\n    actions: '*'\n    clear: '*'\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: x\n    actions: [steal]\n", encoding="utf-8")
    assert json.loads(runner.invoke(main, ["policy", "check", str(good)]).stdout)["rules"] == ["admins"]
    refused = runner.invoke(main, ["policy", "check", str(bad)])
    assert refused.exit_code == 2 and "unknown action" in refused.stderr
    loaded = runner.invoke(main, ["policy", "load", str(good), "--db", db])
    assert json.loads(loaded.stdout)["version"] == 1
    shown = json.loads(runner.invoke(main, ["policy", "show", "--db", db]).stdout)
    assert shown["version"] == 1 and shown["document"]["rules"][0]["id"] == "admins"
    record = json.loads(runner.invoke(main, ["ledger", "list", "--db", db]).stdout.splitlines()[-1])
    assert (record["action"], record["resource"], record["attributes"]) == (
        "administer",
        "policy:active",
        ["admins"],
    )
