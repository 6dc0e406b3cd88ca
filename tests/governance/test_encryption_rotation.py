"""Key files and rotation through ``citytwin keys encryption``, on both backends."""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from citytwin.cli import main
from citytwin.core.entities import Entity, prop
from citytwin.core.fieldcrypt import DecryptionFailed, is_envelope
from citytwin.core.qlang import parse_q
from citytwin.core.query import AttributeInstance, EntityQuery, HistoryQuery
from citytwin.governance import encryption_rotate
from citytwin.governance.encryption_rotate import JOURNAL, rotated_id
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store
from tests.governance.encryption_helpers import PHONE, raw_dump, settings_for

T0 = datetime(2025, 3, 1, tzinfo=UTC)
N = 30


def cli(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["keys", "encryption", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    last = [line for line in result.stdout.splitlines() if line.startswith("{")][-1]
    return json.loads(last)  # type: ignore[no-any-return]


def fill(store: Store) -> None:
    ts = store.tenant("district-a")
    ts.upsert_many(
        [
            Entity(f"urn:ngsi-ld:Person:{i}", ("Person",), {"phone": [prop(f"1380000{i:04d}")]})
            for i in range(N)
        ],
        history=True,
    )
    ts.append_history([AttributeInstance("urn:ngsi-ld:Person:0", "phone", T0, PHONE, entity_type="Person")])


def phones(store: Store) -> list[str]:
    found = store.tenant("district-a").query(EntityQuery(limit=1000)).entities
    return sorted(e.value("phone") for e in found)


def test_new_writes_a_private_key_file_outside_repositories(tmp_path: Path) -> None:
    out = tmp_path / "keys.json"
    made = cli("new", "--out", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    document = json.loads(out.read_text())
    assert document["active"] == made["active"] and list(document["keys"]) == [made["active"]]
    again = CliRunner().invoke(main, ["keys", "encryption", "new", "--out", str(out)])
    assert again.exit_code != 0 and "exists" in again.output
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    refused = CliRunner().invoke(main, ["keys", "encryption", "new", "--out", str(repo / "keys.json")])
    assert refused.exit_code == 2 and "inside the repository" in refused.output
    assert not (repo / "keys.json").exists()


def test_rotate_reencrypts_and_the_old_key_can_then_go(store_url: str, tmp_path: Path) -> None:
    keys = tmp_path / "keys.json"
    old = cli("new", "--out", str(keys))["active"]
    with open_store(store_url, encryption=settings_for(keys)) as store:
        fill(store)
    report = cli("rotate", "--keys", str(keys), "--db", store_url, "--quiet")
    new = report["active"]
    assert new != old
    assert (
        report["entitiesScanned"] == N and report["entitiesRewritten"] == N and report["valuesResealed"] == N
    )
    assert report["historyResealed"] == N + 1
    status = cli("status", "--keys", str(keys), "--db", store_url)
    assert status["entities"] == {new: N} and status["history"] == {new: N + 1}
    assert cli("reencrypt", "--keys", str(keys), "--db", store_url, "--quiet")["valuesResealed"] == 0

    retired = cli("retire", old, "--keys", str(keys), "--db", store_url)
    assert retired["keys"] == [new] and retired["stillUsing"] == 0
    with open_store(store_url, encryption=settings_for(keys)) as store:
        assert phones(store) == sorted(f"1380000{i:04d}" for i in range(N))
        found = store.tenant("district-a").query(EntityQuery(q=parse_q('phone=="13800000007"')))
        assert [e.id for e in found.entities] == ["urn:ngsi-ld:Person:7"]
        history = store.tenant("district-a").read_history(HistoryQuery(entity_ids=("urn:ngsi-ld:Person:0",)))
        assert sorted(i.value for i in history) == sorted([PHONE, "13800000000"])


def test_an_interrupted_rotation_resumes(store_url: str, tmp_path: Path) -> None:
    keys = tmp_path / "keys.json"
    old = cli("new", "--out", str(keys))["active"]
    with open_store(store_url, encryption=settings_for(keys)) as store:
        fill(store)
    new = cli("rotate", "--keys", str(keys), "--db", store_url, "--no-reencrypt")["active"]
    with open_store(store_url, encryption=settings_for(keys)) as store:
        # Both keys decrypt and find values while nothing is re-encrypted yet; new writes use the new key.
        assert len(phones(store)) == N
        found = store.tenant("district-a").query(EntityQuery(q=parse_q('phone=="13800000003"')))
        assert [e.id for e in found.entities] == ["urn:ngsi-ld:Person:3"]
        # A rotation that stopped between appending a history copy and deleting the original:
        ts = store.tenant("district-a")
        original = ts.read_history(HistoryQuery(entity_ids=("urn:ngsi-ld:Person:0",), attrs=("phone",)))[0]
        assert original.instance_id is not None
        sealed = ts.crypt.seal_instance(replace(original, instance_id=None))  # type: ignore[attr-defined]
        copy = replace(sealed, instance_id=rotated_id(original.instance_id, new))
        store.inner.tenant("district-a").append_history([copy])  # type: ignore[attr-defined]
    report = cli("reencrypt", "--keys", str(keys), "--db", store_url, "--quiet")
    assert report["valuesResealed"] == N and report["historyResealed"] == N + 1
    with open_store(store_url, encryption=settings_for(keys)) as store:
        history = store.tenant("district-a").read_history(
            HistoryQuery(entity_ids=("urn:ngsi-ld:Person:0",), attrs=("phone",))
        )
        assert sorted(i.value for i in history) == sorted([PHONE, "13800000000"])  # no duplicate
        assert all(i.instance_id.endswith(f"#{new}") for i in history)
    assert cli("status", "--keys", str(keys), "--db", store_url)["entities"] == {new: N}
    # Removing the old key before re-encryption would have made those values unreadable:
    document = json.loads(keys.read_text())
    assert old in document["keys"]


def test_retiring_a_key_in_use_is_refused_and_values_need_it(store_url: str, tmp_path: Path) -> None:
    keys = tmp_path / "keys.json"
    old = cli("new", "--out", str(keys))["active"]
    with open_store(store_url, encryption=settings_for(keys)) as store:
        fill(store)
    cli("rotate", "--keys", str(keys), "--db", store_url, "--no-reencrypt")
    refused = CliRunner().invoke(
        main, ["keys", "encryption", "retire", old, "--keys", str(keys), "--db", store_url]
    )
    assert refused.exit_code != 0 and "still use" in refused.output
    cli("retire", old, "--keys", str(keys), "--db", store_url, "--force")
    with open_store(store_url, encryption=settings_for(keys)) as store, pytest.raises(DecryptionFailed):
        phones(store)


def test_reencrypt_encrypts_a_database_written_in_clear(store_url: str, tmp_path: Path) -> None:
    with open_store(store_url, encryption=settings_for()) as store:
        fill(store)
    assert PHONE in raw_dump(store_url)
    keys = tmp_path / "keys.json"
    cli("new", "--out", str(keys))
    report = cli("reencrypt", "--keys", str(keys), "--db", store_url, "--quiet")
    assert report["valuesEncrypted"] == N and report["historyEncrypted"] == N + 1
    dump = raw_dump(store_url)
    assert PHONE not in dump and "13800000007" not in dump
    with open_store(store_url, encryption=settings_for(keys)) as store:
        assert phones(store)[0] == "13800000000"
        raw = store.inner.tenant("district-a").get("urn:ngsi-ld:Person:0")  # type: ignore[attr-defined]
        assert is_envelope(raw.value("phone"))
        history = store.tenant("district-a").read_history(HistoryQuery(entity_ids=("urn:ngsi-ld:Person:0",)))
        assert sorted(i.value for i in history) == sorted([PHONE, "13800000000"])
        assert all(i.instance_id for i in history)  # the clear instance without an id got one
        assert store.tenant("district-a").list_documents(JOURNAL) == []


def test_a_series_rewrite_that_stopped_is_replayed(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(store_url, encryption=settings_for()) as store:
        fill(store)
    keys = tmp_path / "keys.json"
    cli("new", "--out", str(keys))

    def crash(*args: Any) -> None:
        raise RuntimeError("killed after writing the journal")

    monkeypatch.setattr(encryption_rotate, "replay_journal", crash)
    with pytest.raises(RuntimeError):
        cli("reencrypt", "--keys", str(keys), "--db", store_url, "--quiet")
    monkeypatch.undo()
    with open_store(store_url, encryption=settings_for(keys)) as store:
        assert len(store.tenant("district-a").list_documents(JOURNAL)) == 1
    cli("reencrypt", "--keys", str(keys), "--db", store_url, "--quiet")
    with open_store(store_url, encryption=settings_for(keys)) as store:
        assert store.tenant("district-a").list_documents(JOURNAL) == []
        history = store.tenant("district-a").read_history(HistoryQuery(entity_ids=("urn:ngsi-ld:Person:0",)))
        assert sorted(i.value for i in history) == sorted([PHONE, "13800000000"])
    assert PHONE not in raw_dump(store_url)
