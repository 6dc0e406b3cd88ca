"""One read and one decode per change-log row per process, shared by the notifier, the feed and the ledger
tail; and the ledger digest a writer process stores with each change."""

from __future__ import annotations

from citytwin.core.entities import Entity, prop
from citytwin.core.ledger import entity_digest
from citytwin.governance.ledger_tail import change_record
from citytwin.storage.base import LoggedChange, Store
from citytwin.stream.bus import EventBus
from citytwin.stream.changelog import ChangeRecorder, record_changes
from citytwin.stream.changes import decode, encode, ledger_facts
from citytwin.stream.observed import ObservedStore
from citytwin.stream.sharedlog import SharedLog, shared_log


def _building(n: int, height: float) -> Entity:
    entity = Entity(f"urn:ngsi-ld:Building:{n}", ("Building",))
    entity.set("height", prop(height))
    entity.set("name", prop(f"building {n}"))
    return entity


def _write(store: Store, count: int, *, first: int = 0, digests: bool = False) -> None:
    """``count`` creations, then an update of the first and a deletion of the second, through a recorder."""
    bus = EventBus()
    observed = ObservedStore(store, bus, origin="test")
    recorder = ChangeRecorder(observed, bus, writer="writer", digests=digests)
    recorder.enable()
    tenant = observed.tenant()
    for n in range(first, first + count):
        tenant.create(_building(n, float(n)))
    tenant.upsert_many([_building(first, 99.0)], merge=True)
    tenant.delete(f"urn:ngsi-ld:Building:{first + 1}")
    recorder.close()


def _seqs(rows: list[LoggedChange]) -> list[int]:
    return [r.seq for r in rows]


def test_rows_read_once_come_from_memory(store: Store) -> None:
    _write(store, 8)
    truth = store.read_changes(0, 100)
    log = SharedLog(store)
    assert _seqs(log.rows(0, 4)) == _seqs(truth[:4]) and log.reads == 1
    # Another consumer from the start: the first four from memory, the store asked only for the rest.
    assert _seqs(log.rows(0, 100)) == _seqs(truth) and log.reads == 2
    assert log.rows(truth[2].seq, 3) == truth[3:6] and log.reads == 2  # inside the window: no query
    assert log.rows(truth[-1].seq, 100) == [] and log.reads == 3  # past the window: the store is asked
    _write(store, 2, first=100)  # later writes
    later = store.read_changes(truth[-1].seq, 100)
    assert later and _seqs(log.rows(truth[5].seq, 100)) == _seqs(truth[6:] + later)


def test_window_follows_trimming_gaps_and_its_size(store: Store) -> None:
    _write(store, 10)
    truth = store.read_changes(0, 100)
    log = SharedLog(store, size=5)
    assert _seqs(log.rows(0, 100)) == _seqs(truth)
    reads = log.reads
    assert _seqs(log.rows(truth[-4].seq, 100)) == _seqs(truth[-3:])  # kept: the last five rows
    assert log.reads == reads + 1  # (and one query for anything newer)
    # A consumer behind the window reads the store, and its rows do not displace the window.
    assert _seqs(log.rows(truth[0].seq, 2)) == _seqs(truth[1:3])
    assert _seqs(log.rows(truth[-4].seq, 2)) == _seqs(truth[-3:-1])
    # Rows trimmed from the store are still served from memory (every consumer still gets every change).
    store.trim_changes(truth[-1].seq)
    assert _seqs(log.rows(truth[-3].seq, 100)) == _seqs(truth[-2:])
    # A consumer ahead of the window (a gap in what this process read) starts a new window there.
    _write(store, 2, first=100)
    later = store.read_changes(truth[-1].seq, 100)
    assert _seqs(log.rows(later[0].seq, 100)) == _seqs(later[1:])
    assert _seqs(log.rows(later[0].seq, 100)) == _seqs(later[1:])


def test_each_row_is_decoded_once_for_every_consumer(store: Store) -> None:
    _write(store, 3)
    log = SharedLog(store)
    rows = log.rows(0, 100)
    # A lone decoder (a feed without subscriptions or ledger to share with): nothing is kept.
    alone = log.changes(0, 100, consumer="feed")
    assert log.decodes == len(rows) and log.changes(0, 100, consumer="feed")[0] is not alone[0]
    # Two decoders: each row is decoded once, by the first that needs it, and the other gets that change.
    log = SharedLog(store)
    first = log.changes(0, 100, consumer="notifier")
    assert log.decodes == len(rows)  # (the notifier had no partner yet: not kept)
    again = log.changes(0, 100, consumer="feed")  # the notifier decoded lately: kept from now on
    assert log.decodes == 2 * len(rows) and [c.seq for c in again] == [c.seq for c in first]
    shared = log.changes(0, 100, consumer="notifier")
    assert log.decodes == 2 * len(rows) and all(a is b for a, b in zip(again, shared, strict=True))
    update = next(i for i, r in enumerate(rows) if r.kind == "updated")
    assert shared[update].previous is None  # not decoded unless asked for
    # showChanges needs the previous state: that row is decoded again, once, and then serves everyone.
    full = log.change(rows[update], previous=True)
    assert full.previous is not None and full.previous.attrs["height"][0].value == 0.0
    assert log.change(rows[update]) is full and log.decodes == 2 * len(rows) + 1
    assert [c.changed for c in shared] == [decode(r).changed for r in rows]
    assert shared_log(store) is shared_log(store) and shared_log(store) is not log


def test_writer_digest_is_the_ledger_digest_of_the_change(store: Store) -> None:
    _write(store, 3, digests=True)
    rows = store.read_changes(0, 100)
    assert {r.kind for r in rows} == {"created", "updated", "deleted"}
    for row in rows:
        change = decode(row)
        changed, digest = ledger_facts(row)
        # The subject: the entity after the change, or the whole entity before a deletion.
        assert digest == entity_digest(change.subject) and len(digest) == 64
        assert changed == change.changed
        record = change_record(row)
        assert (record.digest, record.attributes, record.resource) == (digest, changed, row.entity_id)
    deleted = next(r for r in rows if r.kind == "deleted")
    assert ledger_facts(deleted)[1] == entity_digest(_building(1, 1.0))
    # A row stored without a digest (an older writer) gets the same one, computed from its entity.
    for row in rows:
        plain = encode(decode(row))
        assert ledger_facts(plain)[1] == ""
        assert change_record(plain, SharedLog(store)).digest == ledger_facts(row)[1]
        assert change_record(plain).digest == ledger_facts(row)[1]


def test_digests_are_stored_only_by_writers_ledgered_from_the_log(store: Store) -> None:
    observed, recorder = record_changes(store, origin="ingest", ledger=True)
    observed.tenant().create(_building(1, 1.0))
    recorder.close()
    observed, recorder = record_changes(store, origin="ingest", ledger=False)
    recorder.enable()
    observed.tenant().create(_building(2, 2.0))
    recorder.close()
    digests = [ledger_facts(r)[1] for r in store.read_changes(0, 10)]
    assert digests == [entity_digest(_building(1, 1.0)), ""]
