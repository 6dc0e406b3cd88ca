"""A store wrapper that publishes an :class:`~citytwin.core.events.EntityChange` for every entity write.

``ObservedStore(store, bus)`` behaves exactly like ``store``; its tenant stores delegate every call and,
after a write succeeds, publish one event per changed entity. When nobody listens (``bus.active`` is false)
the wrapper adds nothing but a delegation. Reads, history and documents pass straight through: temporal
provision does not change the current state, so it raises no change event.

Per-entity order: a write and the publication of its events happen under one lock, so events of one entity
are published in commit order. That serialises writes through this wrapper while anyone listens, which the
embedded store does anyway (one writer); PostgreSQL loses some write concurrency, which is the price of an
ordered stream within one process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from citytwin.core.entities import Entity
from citytwin.core.events import ChangeKind, EntityChange
from citytwin.core.query import (
    AggregateBucket,
    AggregateQuery,
    AttributeInstance,
    EntityQuery,
    HistoryQuery,
    QueryResult,
)
from citytwin.storage.base import DEFAULT_TENANT, BatchResult, LoggedChange, Store, TenantStore
from citytwin.stream.bus import EventBus

_CHUNK = 1000
"""Ids per ``get_many`` when reading previous states of a batch."""


class ObservedStore(Store):
    """``store`` with change events published on ``bus``; closing it closes ``store``."""

    def __init__(self, store: Store, bus: EventBus, *, origin: str = "") -> None:
        super().__init__(store.url, clock=store.clock)
        self.inner = store
        self.bus = bus
        self.origin = origin
        self.scheme = store.scheme
        self._lock = threading.RLock()
        self._tenants: dict[str, ObservedTenantStore] = {}

    def migrate(self) -> list[int]:
        return self.inner.migrate()

    def schema_version(self) -> int:
        return self.inner.schema_version()

    def tenant(self, name: str = DEFAULT_TENANT) -> TenantStore:
        found = self._tenants.get(name)
        if found is None:
            found = self._tenants[name] = ObservedTenantStore(self.inner.tenant(name), self)
        return found

    def tenants(self) -> list[str]:
        return self.inner.tenants()

    def close(self) -> None:
        self.inner.close()

    # The change log and stream state are the store's own (Store defines them, so __getattr__ is not asked).
    def append_changes(self, changes: Sequence[LoggedChange]) -> int:
        return self.inner.append_changes(changes)

    def read_changes(self, after: int, limit: int = 1000) -> list[LoggedChange]:
        return self.inner.read_changes(after, limit)

    def last_change_seq(self) -> int:
        return self.inner.last_change_seq()

    def trim_changes(self, upto: int) -> int:
        return self.inner.trim_changes(upto)

    def load_stream_state(self, prefix: str) -> dict[str, tuple[int, bytes]]:
        return self.inner.load_stream_state(prefix)

    def save_stream_state(self, items: Mapping[str, tuple[int, bytes]]) -> None:
        self.inner.save_stream_state(items)

    def delete_stream_state(self, names: Iterable[str]) -> None:
        self.inner.delete_stream_state(names)

    def acquire_lease(self, name: str, owner: str, until_us: int, now_us: int) -> bool:
        return self.inner.acquire_lease(name, owner, until_us, now_us)

    def release_lease(self, name: str, owner: str) -> None:
        self.inner.release_lease(name, owner)

    def live_leases(self, prefix: str, now_us: int) -> dict[str, str]:
        return self.inner.live_leases(prefix, now_us)

    def document_tenants(self, kind: str) -> list[str]:
        return self.inner.document_tenants(kind)

    def __getattr__(self, name: str) -> Any:
        # Backend extras (pools, bulk loaders, diagnostics) stay reachable through the wrapper.
        return getattr(self.inner, name)


class ObservedTenantStore(TenantStore):
    """One tenant of an :class:`ObservedStore`."""

    def __init__(self, inner: TenantStore, owner: ObservedStore) -> None:
        self.inner = inner
        self.tenant = inner.tenant
        self._owner = owner
        self._bus = owner.bus

    # -- event construction ---------------------------------------------------------------------------
    def _event(
        self,
        kind: ChangeKind,
        entity: Entity | None,
        previous: Entity | None,
        attrs: Iterable[str] = (),
    ) -> EntityChange:
        subject = entity if entity is not None else previous
        assert subject is not None
        return EntityChange(
            seq=self._bus.next_seq(),
            tenant=self.tenant,
            kind=kind,
            entity_id=subject.id,
            types=subject.types,
            entity=entity,
            previous=previous,
            attrs=tuple(attrs),
            at=self._owner.clock(),
            origin=self._owner.origin,
        )

    def _previous(self, ids: Sequence[str], *, always: bool = False) -> dict[str, Entity]:
        if not (always or self._bus.wants_previous(self.tenant)):
            return {}
        found: dict[str, Entity] = {}
        for start in range(0, len(ids), _CHUNK):
            found.update(self.inner.get_many(ids[start : start + _CHUNK]))
        return found

    def _get_or_none(self, entity_id: str) -> Entity | None:
        return self._previous([entity_id]).get(entity_id)

    # -- entity writes --------------------------------------------------------------------------------
    def create(self, entity: Entity, *, history: bool = False) -> Entity:
        if not self._bus.active:
            return self.inner.create(entity, history=history)
        with self._owner._lock:
            created = self.inner.create(entity, history=history)
            self._bus.publish(self._event(ChangeKind.CREATED, created, None, created.attrs))
        return created

    def replace(self, entity: Entity, *, history: bool = False) -> Entity:
        if not self._bus.active:
            return self.inner.replace(entity, history=history)
        with self._owner._lock:
            previous = self._get_or_none(entity.id)
            replaced = self.inner.replace(entity, history=history)
            names = {*replaced.attrs, *(previous.attrs if previous else ())}
            self._bus.publish(self._event(ChangeKind.UPDATED, replaced, previous, sorted(names)))
        return replaced

    def merge(self, patch: Entity, *, history: bool = False) -> Entity:
        if not self._bus.active:
            return self.inner.merge(patch, history=history)
        with self._owner._lock:
            previous = self._get_or_none(patch.id)
            merged = self.inner.merge(patch, history=history)
            self._bus.publish(self._event(ChangeKind.UPDATED, merged, previous, patch.attrs))
        return merged

    def delete(self, entity_id: str) -> None:
        if not self._bus.active:
            self.inner.delete(entity_id)
            return
        with self._owner._lock:
            previous = self._previous([entity_id], always=True).get(entity_id)  # types are needed to route it
            self.inner.delete(entity_id)
            if previous is not None:
                self._bus.publish(self._event(ChangeKind.DELETED, None, previous, previous.attrs))

    def upsert_many(
        self, entities: Iterable[Entity], *, merge: bool = False, history: bool = False
    ) -> BatchResult:
        if not self._bus.active:
            return self.inner.upsert_many(entities, merge=merge, history=history)
        batch = list(entities)
        with self._owner._lock:
            previous = self._previous([e.id for e in batch])
            result = self.inner.upsert_many(batch, merge=merge, history=history)
            self._bus.publish_many(self._batch_events(batch, result.success, previous, merge=merge))
        return result

    def _batch_events(
        self, batch: list[Entity], success: list[str], previous: dict[str, Entity], *, merge: bool
    ) -> Iterator[EntityChange]:
        ok = set(success)
        knows_previous = self._bus.wants_previous(self.tenant)
        for entity in batch:
            if entity.id not in ok:
                continue
            before = previous.get(entity.id)
            after = before.merged(entity) if (merge and before is not None) else entity
            # Without the previous state an upsert is reported as an update.
            kind = ChangeKind.CREATED if knows_previous and before is None else ChangeKind.UPDATED
            attrs = entity.attrs if merge or before is None else {*entity.attrs, *before.attrs}
            yield self._event(kind, after, before, sorted(attrs))
            if before is not None:  # a batch may name an entity twice: the next one sees this state
                previous[entity.id] = after

    def create_many(self, entities: Iterable[Entity], *, history: bool = False) -> BatchResult:
        if not self._bus.active:
            return self.inner.create_many(entities, history=history)
        batch = list(entities)
        with self._owner._lock:
            result = self.inner.create_many(batch, history=history)
            ok = set(result.success)
            self._bus.publish_many(
                self._event(ChangeKind.CREATED, e, None, e.attrs) for e in batch if e.id in ok
            )
        return result

    def delete_many(self, entity_ids: Iterable[str]) -> BatchResult:
        if not self._bus.active:
            return self.inner.delete_many(entity_ids)
        ids = list(entity_ids)
        with self._owner._lock:
            previous = self._previous(ids, always=True)
            result = self.inner.delete_many(ids)
            self._bus.publish_many(
                self._event(ChangeKind.DELETED, None, previous[i], previous[i].attrs)
                for i in result.success
                if i in previous
            )
        return result

    def purge(self, query: EntityQuery) -> int:
        if not self._bus.active:
            return self.inner.purge(query)
        with self._owner._lock:
            doomed = self._matching(query)
            result = self.inner.delete_many([e.id for e in doomed])
            gone = set(result.success)
            self._bus.publish_many(
                self._event(ChangeKind.DELETED, None, e, e.attrs) for e in doomed if e.id in gone
            )
        return len(gone)

    def _matching(self, query: EntityQuery) -> list[Entity]:
        whole = replace(query, attrs=())  # events carry the whole entity
        return [e for page in self.inner.iter_query(whole, page=_CHUNK) for e in page]

    # -- pass-through ---------------------------------------------------------------------------------
    def get(self, entity_id: str, *, attrs: Sequence[str] = ()) -> Entity:
        return self.inner.get(entity_id, attrs=attrs)

    def get_many(self, entity_ids: Sequence[str]) -> dict[str, Entity]:
        return self.inner.get_many(entity_ids)

    def query(self, query: EntityQuery) -> QueryResult:
        return self.inner.query(query)

    def append_history(self, instances: Iterable[AttributeInstance]) -> int:
        return self.inner.append_history(instances)

    def read_history(self, query: HistoryQuery) -> list[AttributeInstance]:
        return self.inner.read_history(query)

    def aggregate_history(self, query: AggregateQuery) -> list[AggregateBucket]:
        return self.inner.aggregate_history(query)

    def delete_history(
        self,
        entity_id: str,
        attr: str | None = None,
        *,
        dataset_id: str | None = None,
        instance_id: str | None = None,
    ) -> int:
        return self.inner.delete_history(entity_id, attr, dataset_id=dataset_id, instance_id=instance_id)

    def put_document(self, kind: str, doc_id: str, doc: dict[str, Any]) -> None:
        self.inner.put_document(kind, doc_id, doc)

    def get_document(self, kind: str, doc_id: str) -> dict[str, Any]:
        return self.inner.get_document(kind, doc_id)

    def list_documents(
        self, kind: str, *, limit: int = 1000, offset: int = 0
    ) -> list[tuple[str, dict[str, Any]]]:
        return self.inner.list_documents(kind, limit=limit, offset=offset)

    def delete_document(self, kind: str, doc_id: str) -> None:
        self.inner.delete_document(kind, doc_id)

    def __getattr__(self, name: str) -> Any:
        # Backend extras (bulk loaders, diagnostics) stay reachable through the wrapper.
        return getattr(self.inner, name)
