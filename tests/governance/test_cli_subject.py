"""Administration commands act as a subject: with authentication on, only an administrator changes anything.

Runs ``citytwin users|keys|policy|share|ledger`` through click on an embedded store with ``CITYTWIN_AUTH=1``
(and once with it off), and checks refusals (exit 2, nothing changed) and the actor of every ledger record.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from citytwin.cli import main
from citytwin.core.ledger import LedgerEntry
from citytwin.governance.auth import Accounts
from citytwin.governance.cli_common import local_operator
from citytwin.governance.enforce_policy import default_document
from citytwin.governance.ledger_store import Ledger
from citytwin.storage.registry import open_store


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'twin.db'}"


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("CITYTWIN_AUTH", "1")
    monkeypatch.setenv("CITYTWIN_AUTH_SIGNING_KEY", str(tmp_path / "keys" / "signing.pem"))
    for name in ("CITYTWIN_TOKEN", "CITYTWIN_USER", "CITYTWIN_POLICY_FILE"):
        monkeypatch.delenv(name, raising=False)
    return CliRunner()


def entries(db: str) -> list[LedgerEntry]:
    with open_store(db) as store:
        return [r.entry for r in Ledger(store).iter_records()]


def accounts(db: str) -> dict[str, bool]:
    with open_store(db) as store:
        return {a.name: a.disabled for a in Accounts(store).all()}


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def test_the_first_administrator_is_created_without_an_identity_and_then_none_is(
    runner: CliRunner, db: str
) -> None:
    refused = runner.invoke(main, ["users", "add", "bob", "--db", db, "--role", "analyst"])
    assert refused.exit_code == 2 and "no administrator exists yet" in refused.stderr
    assert accounts(db) == {} and entries(db) == []

    ok(runner.invoke(main, ["users", "add", "root", "--db", db, "--role", "administrator"]))
    [boot] = entries(db)
    assert (boot.actor, boot.resource, boot.purpose) == (local_operator().actor, "account:root", "bootstrap")

    again = runner.invoke(main, ["users", "add", "eve", "--db", db, "--role", "administrator"])
    assert again.exit_code == 2 and "CITYTWIN_AUTH=1" in again.stderr
    listing = runner.invoke(main, ["users", "list", "--db", db])
    assert listing.exit_code == 2 and listing.stdout == ""
    assert accounts(db) == {"root": False} and len(entries(db)) == 1


def test_only_a_subject_that_may_administer_changes_anything(runner: CliRunner, db: str) -> None:
    ok(runner.invoke(main, ["users", "add", "root", "--db", db, "--role", "administrator"]))
    ok(runner.invoke(main, ["users", "add", "alice", "--db", db, "--user", "root", "--role", "analyst"]))
    assert entries(db)[-1].actor == "user:root" and entries(db)[-1].purpose == ""

    before = len(entries(db))
    for args in (
        ["users", "disable", "root"],
        ["users", "add", "mallory", "--role", "administrator"],
        ["keys", "create", "alice"],
        ["ledger", "seal"],
        ["share", "list"],
    ):
        denied = runner.invoke(main, [*args, "--db", db, "--user", "alice"])
        assert denied.exit_code == 2, args
        assert "user:alice may not administer" in denied.stderr, denied.stderr
    assert accounts(db) == {"root": False, "alice": False} and len(entries(db)) == before

    unknown = runner.invoke(main, ["users", "list", "--db", db, "--user", "nobody"])
    assert unknown.exit_code == 2 and "there is no account 'nobody'" in unknown.stderr


def test_an_api_key_in_citytwin_token_acts_as_its_account(
    runner: CliRunner, db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(runner.invoke(main, ["users", "add", "root", "--db", db, "--role", "administrator"]))
    key = json.loads(ok(runner.invoke(main, ["keys", "create", "root", "--db", db, "--user", "root"])).stdout)
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps(default_document()), encoding="utf-8")
    monkeypatch.setenv("CITYTWIN_TOKEN", key["key"])
    ok(runner.invoke(main, ["policy", "load", str(policy), "--db", db]))
    assert [(e.actor, e.resource.split(":")[0]) for e in entries(db)[-2:]] == [
        ("user:root", "apikey"),
        ("user:root", "policy"),
    ]
    monkeypatch.setenv("CITYTWIN_TOKEN", "not-a-key")
    assert runner.invoke(main, ["policy", "show", "--db", db]).exit_code == 2


def test_without_authentication_the_local_operator_acts_and_a_named_user_is_checked(
    runner: CliRunner, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITYTWIN_AUTH", "0")
    ok(runner.invoke(main, ["users", "add", "alice", "--db", db, "--role", "analyst"]))
    assert [(e.actor, e.purpose) for e in entries(db)] == [(local_operator().actor, "")]
    denied = runner.invoke(main, ["users", "disable", "alice", "--db", db, "--user", "alice"])
    assert denied.exit_code == 2 and accounts(db) == {"alice": False}
