"""The tamper-evident ledger on both backends: append, verify, proofs; tampering with raw SQL is caught."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

import pytest

from citytwin.core.ledger import LedgerEntry, verify_proof
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.governance.ledger_anchor import FileAnchor
from citytwin.governance.ledger_store import Ledger
from citytwin.storage.base import Store

T0 = 1_740_787_200_000_000  # 2025-03-01T00:00:00Z in microseconds
BLOCK = 8


def entries(n: int, start: int = 0) -> list[LedgerEntry]:
    """Writes and reads of Futian buildings by a few actors, with non-ASCII purposes."""
    actors = ("user:li.wei", "service:gw-futian-01", "user:zhang.min")
    return [
        LedgerEntry(
            at_us=T0 + (start + i) * 1_000,
            actor=actors[i % 3],
            action=("update", "read", "create")[i % 3],
            resource=f"urn:ngsi-ld:Building:440304-{start + i:06d}",
            tenant="futian" if i % 2 else "",
            attributes=("height", "name") if i % 3 == 0 else ("location",),
            purpose="城市运行监测" if i % 2 else "",
            request_id=f"req-{start + i}",
            digest=hashlib.sha256(f"data {start + i}".encode()).hexdigest(),
        )
        for i in range(n)
    ]


def raw_sql(store: Store, sql: str, params: tuple[Any, ...] = ()) -> None:
    """Run a statement on the store's database behind its back (what an attacker with DB access does)."""
    if store.scheme == "sqlite":
        import sqlite3

        conn = sqlite3.connect(store.options.path)  # type: ignore[attr-defined]
        try:
            conn.execute(sql, params)
            conn.commit()
        finally:
            conn.close()
        return
    import psycopg

    target = store.target  # type: ignore[attr-defined]
    with psycopg.connect(target.conninfo, autocommit=True) as conn:
        conn.execute(f'set search_path to "{target.schema}"')
        conn.execute(sql.replace("?", "%s").encode(), params)


@pytest.fixture
def ledger(store: Store, tmp_path: Path) -> Ledger:
    """A ledger with small blocks (so a few dozen records span several) and a file anchor."""
    filled = Ledger(store, block_size=BLOCK, anchors=[FileAnchor(tmp_path / "anchors.jsonl")])
    filled.append(entries(20))
    filled.append(entries(21, start=20))  # 41 records: 5 full blocks and one pending record
    return filled


def test_append_numbers_records_and_seals_full_blocks(ledger: Ledger) -> None:
    tip = ledger.tip()
    assert (tip.seq, tip.height, tip.sealed_seq) == (41, 5, 40)
    assert [r.seq for r in ledger.records(after=38, limit=10)] == [39, 40, 41]
    record = ledger.record(2)
    assert record.entry.actor == "service:gw-futian-01"
    assert record.entry.purpose == "城市运行监测"
    assert [b.count for b in ledger.blocks()] == [BLOCK] * 5
    anchored = ledger.anchors[0].anchored()
    assert sorted(anchored) == [1, 2, 3, 4, 5]
    assert anchored[5] == ledger.blocks()[-1].hash


def test_untouched_ledger_verifies(ledger: Ledger) -> None:
    ledger.seal()
    report = ledger.verify()
    assert report.ok, report.to_dict()
    assert (report.records, report.blocks, report.sealed_seq, report.anchors_checked) == (41, 6, 41, 6)


def test_record_and_entry_checks(ledger: Ledger) -> None:
    with pytest.raises(ResourceNotFound):
        ledger.record(99)
    with pytest.raises(BadRequestData, match="unknown ledger action"):
        ledger.append([LedgerEntry(at_us=T0, actor="user:x", action="steal", resource="urn:x:1")])
    assert ledger.tip().seq == 41  # nothing of a rejected batch is kept


TAMPERING = {
    "edit the actor": ("UPDATE ledger_records SET actor = 'user:mallory' WHERE seq = 13", 13),
    "edit the attributes": ("UPDATE ledger_records SET attrs = '[\"height\"]' WHERE seq = 13", 13),
    "edit the time": ("UPDATE ledger_records SET at_us = at_us + 1 WHERE seq = 13", 13),
    "edit the digest": ("UPDATE ledger_records SET digest = 'ff' WHERE seq = 13", 13),
    "edit the chain hash": ("UPDATE ledger_records SET chain = ? WHERE seq = 13", 13),
    "delete a record": ("DELETE FROM ledger_records WHERE seq = 13", 13),
    "delete the unsealed last record": ("DELETE FROM ledger_records WHERE seq = 41", None),
    "delete the last sealed records": ("DELETE FROM ledger_records WHERE seq > 38", 39),
    "edit a block root": ("UPDATE ledger_blocks SET merkle_root = ? WHERE height = 3", 17),
    "delete a block": ("DELETE FROM ledger_blocks WHERE height = 2", 9),
}


@pytest.mark.parametrize("case", sorted(TAMPERING))
def test_tampering_is_detected(ledger: Ledger, store: Store, case: str) -> None:
    sql, first = TAMPERING[case]
    params = (b"\x01" * 32,) if "?" in sql else ()
    raw_sql(store, sql, params)
    report = ledger.verify()
    if first is None:
        # The unsealed tail is protected by the chain only: dropping its end leaves a shorter valid chain,
        # which is why every record is sealed and anchored soon (Ledger.seal, LedgerWriter.seal_after_s).
        assert report.ok
        return
    assert not report.ok
    assert report.first_tampered == first, report.to_dict()


def test_reordering_records_is_detected(ledger: Ledger, store: Store) -> None:
    # Swap two records' positions: every column moves along, seq values are exchanged.
    raw_sql(store, "UPDATE ledger_records SET seq = -1 WHERE seq = 22")
    raw_sql(store, "UPDATE ledger_records SET seq = 22 WHERE seq = 23")
    raw_sql(store, "UPDATE ledger_records SET seq = 23 WHERE seq = -1")
    report = ledger.verify()
    assert report.first_tampered == 22, report.to_dict()


def test_a_consistent_rewrite_is_caught_by_the_block_root_and_the_anchor(
    ledger: Ledger, store: Store
) -> None:
    # The attacker edits record 30 and recomputes its chain hash and every later one: record-level checks
    # pass, the Merkle root of block 4 does not. Rewriting block 4 too is caught by the anchored hash.
    forged = Ledger(store, block_size=BLOCK)
    rows = store.ledger_rows(0, 100)  # type: ignore[attr-defined]
    chain = rows[28][10]
    for row in rows[29:]:
        text = list(row)
        if row[0] == 30:
            text[3] = "user:mallory"
            raw_sql(store, "UPDATE ledger_records SET actor = 'user:mallory' WHERE seq = 30")
        from citytwin.core.ledger import canonical_row_text, chain_hash, leaf_hash

        chain = chain_hash(chain, leaf_hash(canonical_row_text(text)))
        raw_sql(store, "UPDATE ledger_records SET chain = ? WHERE seq = ?", (chain, row[0]))
    report = forged.verify()
    assert not report.ok
    assert report.first_tampered == 25  # the first record of the block whose root no longer matches
    assert any("Merkle root" in f.reason for f in report.findings)
    # Now also forge the block header and every later block: only the anchor still disagrees.
    from citytwin.core.ledger import make_block
    from citytwin.core.ledger_verify import header_of

    blocks = [header_of(b) for b in store.ledger_blocks()]  # type: ignore[attr-defined]
    prev = blocks[2].hash
    for old in blocks[3:]:
        leaves = forged.leaves(old.first_seq, old.last_seq)
        head = store.ledger_rows(old.last_seq - 1, 1)[0][10]  # type: ignore[attr-defined]
        new = make_block(
            old.height, old.first_seq, leaves, chain_head=head, prev_hash=prev, at_us=old.sealed_at_us
        )
        raw_sql(
            store,
            "UPDATE ledger_blocks SET merkle_root = ?, prev_hash = ?, chain_head = ?, hash = ?"
            " WHERE height = ?",
            (new.merkle_root, new.prev_hash, new.chain_head, new.hash, old.height),
        )
        prev = new.hash
    assert forged.verify().ok  # without an anchor a full rewrite is self-consistent
    anchored = ledger.verify()
    assert not anchored.ok
    assert anchored.first_tampered == 25
    assert any("anchored" in f.reason for f in anchored.findings)


def _independent_check(proof: dict[str, Any]) -> bool:
    """docs/ledger.md's algorithm, written from the document with hashlib and json only."""
    r = proof["record"]
    canonical = json.dumps(
        [
            1,
            r["seq"],
            r["at_us"],
            r["tenant"],
            r["actor"],
            r["action"],
            r["resource"],
            r["attributes"],
            r["purpose"],
            r["request_id"],
            r["digest"],
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    node = hashlib.sha256(b"\x00" + canonical).digest()
    for step in proof["path"]:
        sibling = bytes.fromhex(step["hash"])
        pair = sibling + node if step["side"] == "L" else node + sibling
        node = hashlib.sha256(b"\x01" + pair).digest()
    b = proof["block"]
    if node.hex() != b["merkle_root"]:
        return False
    header = json.dumps(
        [
            1,
            b["height"],
            b["first_seq"],
            b["last_seq"],
            b["sealed_at_us"],
            b["merkle_root"],
            b["prev_hash"],
            b["chain_head"],
        ],
        separators=(",", ":"),
    ).encode()
    anchored = {a["height"]: a["hash"] for a in proof["anchors"]}
    return hashlib.sha256(header).hexdigest() == b["hash"] == anchored[b["height"]]


@pytest.mark.parametrize("seq", [1, 2, 7, 8, 9, 30, 41])
def test_inclusion_proofs_check_with_the_documented_algorithm(ledger: Ledger, seq: int) -> None:
    proof = ledger.proof(seq).to_dict()  # seq 41 is pending: proving it seals its block first
    assert verify_proof(proof).valid
    assert _independent_check(json.loads(json.dumps(proof)))
    assert proof["anchors"] and proof["anchors"][0]["anchor"] == "file"


def test_a_proof_of_an_edited_record_fails(ledger: Ledger) -> None:
    proof = ledger.proof(30).to_dict()
    proof["record"]["actor"] = "user:mallory"
    proof.pop("leaf")
    check = verify_proof(proof)
    assert not check.valid and "Merkle root" in check.reason
    assert not _independent_check(proof)
    good = ledger.proof(30).to_dict()
    assert not verify_proof(good, trusted_block_hash="00" * 32).valid


def test_two_writers_extend_one_chain(ledger: Ledger, store: Store) -> None:
    other = Ledger(store, block_size=BLOCK)
    for i in range(5):
        (ledger if i % 2 else other).append(entries(3, start=100 + 3 * i))
    ledger.seal()
    report = other.verify()
    assert report.ok, report.to_dict()
    assert report.records == 56


def test_every_write_on_the_bus_is_ledgered_with_its_request(store: Store) -> None:
    from citytwin.core.entities import Entity, prop
    from citytwin.core.policy import Subject
    from citytwin.governance.enforce_context import RequestContext, acting_as
    from citytwin.governance.ledger_writer import LedgerWriter, entity_digest
    from citytwin.stream.bus import EventBus
    from citytwin.stream.observed import ObservedStore

    bus = EventBus()
    observed = ObservedStore(store, bus, origin="api")
    ticks = [0.0]
    writer = LedgerWriter(
        Ledger(store, block_size=BLOCK), seal_after_s=5.0, monotonic=lambda: ticks[0]
    ).start()
    writer.attach(bus)
    twin = observed.tenant("futian")
    building = Entity("urn:ngsi-ld:Building:440304001019-0001", ("Building",))
    building.set("height", prop(24.5))
    ctx = RequestContext(Subject("li.wei", roles=frozenset({"city-operator"})), "req-42", "城市更新核查")
    with acting_as(ctx):
        twin.create(building)
        building.set("height", prop(25.0))
        replaced = twin.replace(building)
    twin.delete(building.id)  # outside any request: the platform itself
    assert writer.flush(10)
    records = Ledger(store).records()
    assert [(r.entry.action, r.entry.actor, r.entry.request_id) for r in records] == [
        ("create", "user:li.wei", "req-42"),
        ("update", "user:li.wei", "req-42"),
        ("delete", "system:api", ""),
    ]
    assert records[0].entry.tenant == "futian" and records[0].entry.purpose == "城市更新核查"
    assert records[1].entry.digest == entity_digest(replaced) != records[0].entry.digest
    assert records[2].entry.digest == records[1].entry.digest  # a delete digests what was deleted
    assert Ledger(store).tip().sealed_seq == 0
    ticks[0] = 6.0  # quiet for longer than seal_after_s: the writer seals the pending block
    with writer._cond:
        writer._cond.notify_all()
    for _ in range(200):
        if Ledger(store).tip().sealed_seq == 3:
            break
        threading.Event().wait(0.02)
    assert Ledger(store).tip().sealed_seq == 3
    writer.close()
    assert Ledger(store).verify().ok


def test_the_documented_checker_accepts_real_proofs_and_rejects_edited_ones(ledger: Ledger) -> None:
    import re

    doc = (Path(__file__).resolve().parents[2] / "docs" / "ledger.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", doc, flags=re.S)
    namespace: dict[str, Any] = {}
    exec(compile(code, "docs/ledger.md", "exec"), namespace)
    check = namespace["check"]
    for seq in (1, 17, 41):
        proof = json.loads(json.dumps(ledger.proof(seq).to_dict()))
        anchored = {a["height"]: a["hash"] for a in proof["anchors"]}[proof["block"]["height"]]
        assert check(proof, anchored)
        proof["record"]["purpose"] = "something else"
        assert not check(proof, anchored)
