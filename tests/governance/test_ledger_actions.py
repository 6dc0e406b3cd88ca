"""Batch upserts through the change-bus store are ledgered as ``create`` for new entities and ``update`` for
existing ones, without a read per write once the writer knows an entity exists. On both backends."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from citytwin.core.entities import Entity, prop
from citytwin.governance.ledger_store import Ledger
from citytwin.governance.ledger_writer import LedgerWriter
from citytwin.storage.base import Store
from citytwin.stream.bus import EventBus
from citytwin.stream.observed import ObservedStore, ObservedTenantStore


def building(n: int, height: float) -> Entity:
    entity = Entity(f"urn:ngsi-ld:Building:k{n}", ("Building",))
    entity.set("height", prop(height))
    return entity


@pytest.fixture
def ledgered(store: Store) -> Iterator[tuple[ObservedTenantStore, LedgerWriter, list[int]]]:
    """A tenant written through an observed store whose bus feeds a ledger writer; reads of existing
    entities are counted (the list holds how many ids ``get_many`` was asked for)."""
    bus = EventBus()
    writer = LedgerWriter(Ledger(store), seal_after_s=60).start()
    writer.attach(bus)
    twin = ObservedStore(store, bus, origin="api").tenant("city")
    assert isinstance(twin, ObservedTenantStore)
    asked: list[int] = []
    real = twin.inner.get_many

    def counted(ids: Sequence[str]) -> dict[str, Entity]:
        asked.append(len(ids))
        return real(ids)

    twin.inner.get_many = counted  # type: ignore[method-assign]
    try:
        yield twin, writer, asked
    finally:
        writer.close()


def actions(store: Store) -> list[tuple[str, str]]:
    return [(r.entry.action, r.entry.resource.rsplit(":", 1)[-1]) for r in Ledger(store).records()]


def test_new_entities_are_created_and_known_ones_updated_without_reads(
    store: Store, ledgered: tuple[ObservedTenantStore, LedgerWriter, list[int]]
) -> None:
    twin, writer, asked = ledgered
    assert not twin.upsert_many([building(1, 10), building(2, 20)]).errors
    assert asked == [2]  # unknown ids: read once to tell
    assert not twin.upsert_many([building(1, 11), building(3, 30)], merge=True).errors
    assert asked == [2, 1]  # k1 is known to exist: only k3 is read
    assert not twin.upsert_many([building(1, 12), building(3, 31)]).errors
    assert asked == [2, 1]  # steady writes to the same entities: no read at all
    twin.delete("urn:ngsi-ld:Building:k2")
    assert not twin.upsert_many([building(2, 21), building(2, 22)]).errors  # deleted, then named twice
    assert writer.flush(10)
    assert actions(store) == [
        ("create", "k1"),
        ("create", "k2"),
        ("update", "k1"),
        ("create", "k3"),
        ("update", "k1"),
        ("update", "k3"),
        ("delete", "k2"),
        ("create", "k2"),
        ("update", "k2"),
    ]


def test_entities_written_by_someone_else_are_read_to_tell(
    store: Store, ledgered: tuple[ObservedTenantStore, LedgerWriter, list[int]]
) -> None:
    twin, writer, _ = ledgered
    assert not store.tenant("city").upsert_many([building(5, 50)]).errors  # not through the observed store
    assert not twin.upsert_many([building(5, 51), building(6, 60)]).errors
    assert writer.flush(10)
    assert actions(store) == [("update", "k5"), ("create", "k6")]
