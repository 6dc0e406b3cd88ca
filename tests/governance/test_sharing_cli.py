"""``citytwin share`` as people run it (in-process CliRunner on an embedded store)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from citytwin.cli import main
from citytwin.core.entities import Entity, prop
from citytwin.governance.ledger_store import Ledger
from citytwin.storage.registry import open_store
from tests.governance.test_sharing import city


def run(db: str, *args: str) -> tuple[int, list[Any], str]:
    """Exit code, the JSON lines printed, stderr."""
    out = CliRunner().invoke(main, [*args, "--db", db])
    if out.exception is not None and not isinstance(out.exception, SystemExit):
        raise out.exception
    return out.exit_code, [json.loads(line) for line in out.stdout.splitlines() if line.strip()], out.stderr


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'twin.db'}"
    with open_store(url) as store:
        city(store)
    return url


def write(path: Path, body: dict[str, Any]) -> str:
    path.write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_share_commands(db: str, tmp_path: Path) -> None:
    body = {
        "id": "ft-backflow",
        "purpose": "回流 backflow to Futian",
        "consumer": {"tenants": ["futian"]},
        "scope": {
            "types": ["Building"],
            "area": {"admin_codes": ["440304"]},
            "attributes": ["name", "height"],
        },
        "modes": ["backflow", "export"],
        "backflow": {"mode": "batch", "period": "PT6H"},
        "export": {"formats": ["csv"]},
        "expiresAt": "2099-01-01T00:00:00Z",
    }
    code, out, _ = run(db, "share", "put", write(tmp_path / "a.yaml", body), "--create")
    assert code == 0 and out[0]["created"] is True and out[0]["state"] == "active"
    code, _, err = run(db, "share", "put", write(tmp_path / "a.yaml", body), "--create")
    assert code == 2 and "already exists" in err
    code, _, err = run(db, "share", "put", write(tmp_path / "b.yaml", {**body, "modes": ["teleport"]}))
    assert code == 2 and "not supported" in err
    assert [a["id"] for a in run(db, "share", "list", "--state", "active")[1]] == ["ft-backflow"]

    code, out, _ = run(db, "share", "sync", "ft-backflow")
    assert code == 0 and out[0]["created"] == 2
    with open_store(db) as store:
        store.tenant("futian").merge(
            Entity("urn:ngsi-ld:Building:ft-1", ("Building",), {"height": [prop(26.0)]})
        )
    changes = run(db, "share", "changes", "ft-backflow")[1]
    assert [(c["id"], c["attributes"]) for c in changes] == [("urn:ngsi-ld:Building:ft-1", ["height"])]

    code, out, _ = run(db, "share", "export", "ft-backflow", "--out", str(tmp_path / "exports"))
    assert code == 0 and out[0]["entities"] == 2 and out[0]["files"][0]["format"] == "csv"
    assert (tmp_path / "exports" / "ft-backflow" / out[0]["files"][0]["name"]).is_file()
    usage = run(db, "share", "usage", "ft-backflow")[1][0]
    assert usage["byMode"]["backflow"]["entities"] == 2 and usage["byMode"]["export"]["entities"] == 2
    assert run(db, "share", "usage", "--consumer", "tenant:futian")[1][0]["totals"]["requests"] == 2

    code, out, _ = run(db, "share", "revoke", "ft-backflow")
    assert code == 0 and out[0]["state"] == "revoked"
    code, _, err = run(db, "share", "sync", "ft-backflow")
    assert code == 2 and "not in force" in err
    assert run(db, "share", "delete", "ft-backflow")[0] == 0
    code, _, err = run(db, "share", "show", "ft-backflow")
    assert code == 2 and "not found" in err
    with open_store(db) as store:
        actions = [
            (r.entry.action, r.entry.actor.split(":")[0])
            for r in Ledger(store).iter_records(0)
            if r.entry.resource == "share:ft-backflow"
        ]
    assert [a for a, _ in actions] == ["administer", "export", "export", "administer", "administer"]
    assert {who for _, who in actions} == {"cli"}
