"""The change bus and the observed store: every entity write publishes the right event, on both backends."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest

from citytwin.core.entities import Entity, prop, rel
from citytwin.core.events import ChangeKind, EntityChange
from citytwin.core.query import EntityQuery, types_of
from citytwin.errors import ResourceNotFound
from citytwin.storage.base import Store
from citytwin.stream.bus import EventBus
from citytwin.stream.observed import ObservedStore


def building(n: int, height: float = 30.0, **extra: object) -> Entity:
    attrs = {"height": [prop(height)], "locatedIn": [rel("urn:ngsi-ld:Community:440305001001")]}
    for name, value in extra.items():
        attrs[name] = [prop(value)]
    return Entity(id=f"urn:ngsi-ld:Building:{n:06d}", types=("Building",), attrs=attrs)


@pytest.fixture
def observed(store: Store) -> Iterator[tuple[ObservedStore, list[EntityChange]]]:
    bus = EventBus()
    seen: list[EntityChange] = []
    bus.subscribe(seen.append, wants_previous=True)
    yield ObservedStore(store, bus, origin="test"), seen


Observed = tuple[ObservedStore, list[EntityChange]]


def test_single_writes_publish_created_updated_deleted(observed: Observed) -> None:
    store, seen = observed
    t = store.tenant()
    t.create(building(1, 30.0))
    t.merge(Entity(id=building(1).id, types=("Building",), attrs={"height": [prop(45.5)]}))
    t.replace(building(1, 50.0, floors=12))
    t.delete(building(1).id)

    kinds = [ChangeKind.CREATED, ChangeKind.UPDATED, ChangeKind.UPDATED, ChangeKind.DELETED]
    assert [c.kind for c in seen] == kinds
    assert [c.seq for c in seen] == sorted(c.seq for c in seen)
    created, merged, replaced, deleted = seen
    assert created.previous is None and created.entity is not None
    assert created.entity.value("height") == 30.0 and created.origin == "test"
    assert merged.attrs == ("height",)
    assert merged.previous is not None and merged.previous.value("height") == 30.0
    assert merged.entity is not None and merged.entity.value("height") == 45.5
    assert merged.changed_attrs() == ("height",)
    assert replaced.changed_attrs() == ("floors", "height")
    assert deleted.entity is None and deleted.previous is not None and deleted.type == "Building"


def test_failed_writes_publish_nothing(observed: tuple[ObservedStore, list[EntityChange]]) -> None:
    store, seen = observed
    t = store.tenant()
    with pytest.raises(ResourceNotFound):
        t.delete("urn:ngsi-ld:Building:missing")
    with pytest.raises(ResourceNotFound):
        t.merge(building(7))
    assert seen == []


def test_batches_report_each_entity_once_and_tell_created_from_updated(
    observed: tuple[ObservedStore, list[EntityChange]],
) -> None:
    store, seen = observed
    t = store.tenant()
    t.create(building(1))
    seen.clear()
    result = t.upsert_many([building(1, 99.0), building(2), building(3)], merge=True)
    assert sorted(result.success) == [building(i).id for i in (1, 2, 3)]
    by_id = {c.entity_id: c for c in seen}
    assert by_id[building(1).id].kind is ChangeKind.UPDATED
    assert by_id[building(2).id].kind is ChangeKind.CREATED
    merged = by_id[building(1).id].entity
    assert merged is not None and merged.value("height") == 99.0 and merged.attr("locatedIn") is not None

    seen.clear()
    created = t.create_many([building(3), building(4)])
    assert [e.entity_id for e in seen] == [building(4).id] == created.success

    seen.clear()
    removed = t.delete_many([building(2).id, "urn:ngsi-ld:Building:nope"])
    assert removed.success == [building(2).id]
    assert [(c.kind, c.entity_id) for c in seen] == [(ChangeKind.DELETED, building(2).id)]


def test_purge_publishes_a_deletion_per_matching_entity(observed: Observed) -> None:
    store, seen = observed
    t = store.tenant()
    t.upsert_many([building(i) for i in range(5)])
    t.create(Entity(id="urn:ngsi-ld:Road:1", types=("Road",), attrs={"name": [prop("科苑路")]}))
    seen.clear()
    assert t.purge(EntityQuery(types=types_of("Building"))) == 5
    assert sorted(c.entity_id for c in seen) == [building(i).id for i in range(5)]
    assert {c.kind for c in seen} == {ChangeKind.DELETED}
    assert t.get("urn:ngsi-ld:Road:1").value("name") == "科苑路"


def test_tenants_are_routed_separately(store: Store) -> None:
    bus = EventBus()
    futian: list[EntityChange] = []
    everyone: list[EntityChange] = []
    bus.subscribe(futian.append, tenant="futian")
    bus.subscribe(everyone.append)
    observed = ObservedStore(store, bus)
    observed.tenant("futian").create(building(1))
    observed.tenant("nanshan").create(building(1))
    assert [c.tenant for c in futian] == ["futian"]
    assert sorted(c.tenant for c in everyone) == ["futian", "nanshan"]


def test_without_listeners_or_previous_the_wrapper_only_delegates(store: Store) -> None:
    bus = EventBus()
    observed = ObservedStore(store, bus)
    observed.tenant().upsert_many([building(1), building(2)])
    assert bus.published == 0
    cheap: list[EntityChange] = []
    bus.subscribe(cheap.append)  # no previous state asked for: upserts are reported as updates
    observed.tenant().upsert_many([building(1, 10.0)], merge=True)
    assert [(c.kind, c.previous) for c in cheap] == [(ChangeKind.UPDATED, None)]
    assert observed.tenant().get(building(1).id).value("height") == 10.0


def test_a_failing_listener_never_fails_the_write(store: Store) -> None:
    bus = EventBus()
    good: list[EntityChange] = []

    def broken(change: EntityChange) -> None:
        raise RuntimeError("listener bug")

    bus.subscribe(broken)
    bus.subscribe(good.append)
    ObservedStore(store, bus).tenant().create(building(1))
    assert len(good) == 1 and bus.listener_errors == 1


def test_closed_subscriptions_receive_nothing(store: Store) -> None:
    bus = EventBus()
    seen: list[EntityChange] = []
    sub = bus.subscribe(seen.append)
    sub.close()
    sub.close()
    ObservedStore(store, bus).tenant().create(building(1))
    assert seen == [] and not bus.active


def test_async_queue_receives_changes_from_writer_threads(store: Store) -> None:
    bus = EventBus()
    observed = ObservedStore(store, bus)

    async def scenario() -> list[str]:
        queue, sub = bus.async_queue(asyncio.get_running_loop())
        writers = [threading.Thread(target=observed.tenant().create, args=(building(i),)) for i in range(10)]
        for w in writers:
            w.start()
        got = [(await asyncio.wait_for(queue.get(), 10)).entity_id for _ in range(10)]
        for w in writers:
            w.join()
        sub.close()
        return got

    assert sorted(asyncio.run(scenario())) == [building(i).id for i in range(10)]


def test_per_entity_order_holds_under_concurrent_writers(store: Store) -> None:
    bus = EventBus()
    seen: list[EntityChange] = []
    bus.subscribe(seen.append)
    t = ObservedStore(store, bus).tenant()
    t.create(building(1, 0.0))

    def bump(k: int) -> None:
        for i in range(20):
            t.merge(Entity(id=building(1).id, types=("Building",), attrs={f"w{k}": [prop(i)]}))

    threads = [threading.Thread(target=bump, args=(k,)) for k in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    final = t.get(building(1).id)
    for k in range(3):  # the last event of each writer carries what the store holds now
        last = [c for c in seen if c.attrs == (f"w{k}",)][-1]
        assert last.entity is not None and last.entity.value(f"w{k}") == final.value(f"w{k}") == 19
    assert [c.seq for c in seen] == sorted(c.seq for c in seen)
