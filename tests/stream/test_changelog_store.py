"""The change log, stream cursors and leases: one contract over both backends, and the recorder on top."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from citytwin.core.entities import Attribute, AttrType, Entity, prop, rel
from citytwin.core.events import ChangeKind
from citytwin.storage.base import LoggedChange, Store
from citytwin.stream.bus import EventBus
from citytwin.stream.changelog import ChangeRecorder, record_changes
from citytwin.stream.changes import decode, encode, from_event
from citytwin.stream.observed import ObservedStore

T0 = 1_767_225_600_000_000  # 2026-01-01T00:00:00Z in microseconds


def row(n: int, tenant: str = "", writer: str = "w1") -> LoggedChange:
    return LoggedChange(
        0,
        tenant,
        f"urn:ngsi-ld:Building:{n}",
        "updated",
        ("Building", "Asset"),
        T0 + n,
        writer,
        b'{"n":%d}' % n,
    )


def test_append_read_in_order_and_seq_survives_trimming(store: Store) -> None:
    assert store.last_change_seq() == 0
    last = store.append_changes([row(i) for i in range(5)])
    assert last == store.last_change_seq()
    got = store.read_changes(0, 100)
    assert [r.entity_id for r in got] == [f"urn:ngsi-ld:Building:{i}" for i in range(5)]
    assert [r.seq for r in got] == list(range(last - 4, last + 1))  # consecutive within one append
    assert got[0].types == ("Building", "Asset") and got[0].payload == b'{"n":0}' and got[0].at_us == T0
    assert [r.seq for r in store.read_changes(got[1].seq, 2)] == [got[2].seq, got[3].seq]
    assert store.trim_changes(last) == 5
    assert store.read_changes(0, 100) == []
    # A trimmed-empty log never hands out a seq again: a cursor at ``last`` must not skip new rows.
    again = store.append_changes([row(9, tenant="t2")])
    assert again == last + 1
    assert [(r.seq, r.tenant) for r in store.read_changes(last, 10)] == [(last + 1, "t2")]
    assert store.append_changes([]) == 0


def test_concurrent_appends_keep_every_row_and_order(store: Store) -> None:
    def writer(k: int) -> None:
        for i in range(20):
            store.append_changes([row(k * 1000 + i, writer=f"w{k}") for _ in range(3)])

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    got = store.read_changes(0, 10_000)
    assert len(got) == 4 * 20 * 3
    assert [r.seq for r in got] == sorted(r.seq for r in got)
    for k in range(4):  # each writer's rows appear in its own order
        mine = [int(r.entity_id.rsplit(":", 1)[1]) for r in got if r.writer == f"w{k}"]
        assert mine == sorted(mine)


def test_stream_state_and_leases(store: Store) -> None:
    store.save_stream_state({"sub:a": (5, b"x"), "sub:b": (7, b"y"), "feed:z": (1, b"")})
    assert store.load_stream_state("sub:") == {"sub:a": (5, b"x"), "sub:b": (7, b"y")}
    store.save_stream_state({"sub:a": (9, b"xx")})
    assert store.load_stream_state("sub:a") == {"sub:a": (9, b"xx")}
    store.delete_stream_state(["sub:a", "missing"])
    assert set(store.load_stream_state("")) == {"sub:b", "feed:z"}

    assert store.acquire_lease("notifier", "p1", until_us=100, now_us=10)
    assert not store.acquire_lease("notifier", "p2", until_us=200, now_us=50)  # p1 holds it
    assert store.acquire_lease("notifier", "p1", until_us=300, now_us=60)  # renewal
    assert store.live_leases("noti", now_us=299) == {"notifier": "p1"}
    assert store.acquire_lease("notifier", "p2", until_us=500, now_us=301)  # expired: taken over
    store.release_lease("notifier", "p1")  # not the owner any more: no effect
    assert store.live_leases("", now_us=302) == {"notifier": "p2"}
    store.release_lease("notifier", "p2")
    assert store.live_leases("", now_us=302) == {}


def test_document_tenants(store: Store) -> None:
    assert store.document_tenants("subscription") == []
    store.tenant("b").put_document("subscription", "s1", {"x": 1})
    store.tenant("").put_document("subscription", "s2", {"x": 2})
    store.tenant("c").put_document("job", "j", {})
    assert store.document_tenants("subscription") == ["", "b"]


def _building(n: int, **attrs: Attribute) -> Entity:
    return Entity(f"urn:ngsi-ld:Building:{n}", ("Building",), {k: [v] for k, v in attrs.items()})


def test_recorder_logs_changes_with_attribute_sets(store: Store) -> None:
    bus = EventBus()
    observed = ObservedStore(store, bus, origin="test")
    recorder = ChangeRecorder(observed, bus, writer="me")
    recorder.enable()
    t = observed.tenant("district")
    t.create(_building(1, height=prop(30.0), name=prop("Civic Center")))
    t.merge(_building(1, height=prop(31.0), floors=prop(8)))
    t.replace(_building(1, height=prop(31.0), owner=rel("urn:ngsi-ld:Org:1")))
    t.delete("urn:ngsi-ld:Building:1")
    assert recorder.flush() == 4
    rows = store.read_changes(0, 10)
    assert [r.kind for r in rows] == ["created", "updated", "updated", "deleted"]
    assert {r.writer for r in rows} == {"me"} and {r.tenant for r in rows} == {"district"}
    created, merged, replaced, deleted = (decode(r) for r in rows)
    assert created.created == ("height", "name") and created.entity is not None
    assert merged.updated == ("height",) and merged.created == ("floors",)
    assert merged.previous is not None and merged.previous.value("height") == 30.0
    assert set(merged.previous.attrs) == {"height"}  # only what showChanges needs is kept
    assert merged.entity is not None and merged.entity.value("name") == "Civic Center"  # full state after
    assert set(replaced.deleted) == {"floors", "name"} and replaced.created == ("owner",)
    assert deleted.kind is ChangeKind.DELETED and deleted.entity is None
    assert deleted.previous is not None and deleted.previous.attrs["owner"][0].type is AttrType.RELATIONSHIP
    # What the recorder kept in memory is what decoding the log gives.
    kept = recorder.recent.get(rows[1].seq)
    assert kept is not None and kept.updated == merged.updated and kept.seq == rows[1].seq
    recorder.close()


def test_recorder_switches_with_demand_and_flushes_on_close(store: Store) -> None:
    needed = {"now": False}
    bus = EventBus()
    observed = ObservedStore(store, bus)
    recorder = ChangeRecorder(observed, bus, demand=lambda: needed["now"], demand_poll_s=3600)
    recorder.start()
    assert not recorder.enabled and not bus.active  # nobody needs the log: writes cost nothing extra
    observed.tenant().create(_building(1, height=prop(1)))
    needed["now"] = True
    assert recorder.refresh_demand() and recorder.enabled
    observed.tenant().create(_building(2, height=prop(2)))
    recorder.close()  # appends what is pending
    assert [r.entity_id for r in store.read_changes(0, 10)] == ["urn:ngsi-ld:Building:2"]


def test_record_changes_for_a_writer_process(store: Store) -> None:
    store.tenant().put_document("subscription", "s", {"body": {}})  # some subscription exists
    observed, recorder = record_changes(store, origin="ingest")
    assert recorder.enabled
    observed.tenant().create(_building(7, height=prop(3)))
    recorder.close()
    rows = store.read_changes(0, 10)
    assert [(r.entity_id, r.writer) for r in rows] == [("urn:ngsi-ld:Building:7", recorder.writer)]


def test_change_encoding_round_trip_keeps_instances() -> None:
    before = _building(
        3,
        height=Attribute(
            AttrType.PROPERTY, 10, observed_at="2026-01-01T00:00:00Z", unit_code="MTR", dataset_id="urn:ds:1"
        ),
    )
    before.created_at = before.modified_at = "2026-01-01T00:00:00Z"
    after = _building(3, height=prop(12))
    after.created_at, after.modified_at = "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"
    from citytwin.core.events import EntityChange

    event = EntityChange(
        1,
        "t",
        ChangeKind.UPDATED,
        after.id,
        after.types,
        after,
        before,
        ("height",),
        datetime(2026, 1, 2, tzinfo=UTC),
    )
    change = from_event(event, writer="w")
    back = decode(encode(change))
    assert back.updated == ("height",) and back.created == ()  # attribute-level: height existed before
    assert back.previous is not None
    inst = back.previous.attrs["height"][0]
    assert (inst.value, inst.unit_code, inst.dataset_id, inst.observed_at) == (
        10,
        "MTR",
        "urn:ds:1",
        "2026-01-01T00:00:00Z",
    )
    assert back.entity is not None and back.entity.modified_at == "2026-01-02T00:00:00Z"
    assert back.at == "2026-01-02T00:00:00Z"
