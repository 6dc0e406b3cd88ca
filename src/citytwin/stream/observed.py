"""A store wrapper that publishes an :class:`~citytwin.core.events.EntityChange` for every entity write.

``ObservedStore(store, bus)`` behaves exactly like ``store``; its tenant stores delegate every call and,
after a write succeeds, publish one event per changed entity. When nobody listens (``bus.active`` is false)
the wrapper adds nothing but a delegation. Reads, history and documents pass straight through: temporal
provision does not change the current state, so it raises no change event.

An upsert is reported as a creation or an update when a listener asks (``wants_previous``, or
``wants_kind`` like the ledger): ids written through this wrapper are remembered as existing, so only ids not
seen before are read to tell.

A backend's own batch merge (the embedded store writes a telemetry batch's history and live state in one
transaction) goes through :meth:`ObservedTenantStore.merge_with`: the write hands back the states it
replaced, so nothing is read twice, and the events are those ``upsert_many(..., merge=True)`` publishes.

Per-entity order: a write and the publication of its events happen under one lock, so events of one entity
are published in commit order. That serialises writes through this wrapper while anyone listens, which the
embedded store does anyway (one writer); PostgreSQL loses some write concurrency, which is the price of an
ordered stream within one process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
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
from citytwin.storage.base import (
    DEFAULT_TENANT,
    BatchResult,
    IngestWrite,
    PreparedUpsert,
    Store,
    TenantStore,
)
from citytwin.storage.codec import KnownLocations
from citytwin.stream.bus import EventBus
from citytwin.stream.wrapper import WrappedStore

_CHUNK = 1000
"""Ids per ``get_many`` when reading previous states of a batch."""
_KNOWN = 200_000
"""Ids remembered per tenant as existing (so the ledger's create/update needs no read); forgotten beyond."""


class ObservedStore(WrappedStore):
    """``store`` with change events published on ``bus``; closing it closes ``store``."""

    def __init__(self, store: Store, bus: EventBus, *, origin: str = "") -> None:
        super().__init__(store)
        self.bus = bus
        self.origin = origin
        self._lock = threading.RLock()
        self._tenants: dict[str, ObservedTenantStore] = {}

    def tenant(self, name: str = DEFAULT_TENANT) -> TenantStore:
        found = self._tenants.get(name)
        if found is None:
            found = self._tenants[name] = ObservedTenantStore(self.inner.tenant(name), self)
        return found


class ObservedTenantStore(TenantStore):
    """One tenant of an :class:`ObservedStore`."""

    def __init__(self, inner: TenantStore, owner: ObservedStore) -> None:
        self.inner = inner
        self.tenant = inner.tenant
        self._owner = owner
        self._bus = owner.bus
        self._known: set[str] = set()
        """Ids written and not deleted through this wrapper since the bus was active: they exist (unless
        another process deleted them meanwhile)."""

    # -- event construction ---------------------------------------------------------------------------
    def _event(
        self,
        kind: ChangeKind,
        entity: Entity | None,
        previous: Entity | None,
        attrs: Iterable[str] = (),
        at: datetime | None = None,
    ) -> EntityChange:
        subject = entity if entity is not None else previous
        assert subject is not None
        return EntityChange(
            self._bus.next_seq(),
            self.tenant,
            kind,
            subject.id,
            subject.types,
            entity,
            previous,
            tuple(attrs),
            self._owner.clock() if at is None else at,
            self._owner.origin,
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

    def _existing(self, ids: Sequence[str], previous: dict[str, Entity]) -> set[str] | None:
        """Which of ``ids`` exist before a batch upsert (None: no listener asks). Without the previous states,
        only ids not known to exist are read."""
        if self._bus.wants_previous(self.tenant):
            return set(previous)
        if not self._bus.wants_kind(self.tenant):
            return None
        known = self._known
        found = known.intersection(ids)
        unknown = [i for i in dict.fromkeys(ids) if i not in known]
        for start in range(0, len(unknown), _CHUNK):
            found.update(self.inner.get_many(unknown[start : start + _CHUNK]))
        return found

    def _remember(self, ids: Iterable[str]) -> None:
        if not self._bus.wants_kind(self.tenant):
            return  # only the kind of a later upsert needs it
        known = self._known
        if len(known) > _KNOWN:
            known.clear()
        known.update(ids)

    # -- entity writes --------------------------------------------------------------------------------
    def create(self, entity: Entity, *, history: bool = False) -> Entity:
        if not self._bus.active:
            return self.inner.create(entity, history=history)
        with self._owner._lock:
            created = self.inner.create(entity, history=history)
            self._remember((created.id,))
            self._bus.publish(self._event(ChangeKind.CREATED, created, None, created.attrs))
        return created

    def replace(self, entity: Entity, *, history: bool = False, if_modified: str | None = None) -> Entity:
        if not self._bus.active:
            return self.inner.replace(entity, history=history, if_modified=if_modified)
        with self._owner._lock:
            previous = self._get_or_none(entity.id)
            replaced = self.inner.replace(entity, history=history, if_modified=if_modified)
            self._remember((entity.id,))
            names = {*replaced.attrs, *(previous.attrs if previous else ())}
            self._bus.publish(self._event(ChangeKind.UPDATED, replaced, previous, sorted(names)))
        return replaced

    def merge(self, patch: Entity, *, history: bool = False) -> Entity:
        if not self._bus.active:
            return self.inner.merge(patch, history=history)
        with self._owner._lock:
            previous = self._get_or_none(patch.id)
            merged = self.inner.merge(patch, history=history)
            self._remember((patch.id,))
            self._bus.publish(self._event(ChangeKind.UPDATED, merged, previous, patch.attrs))
        return merged

    def delete(self, entity_id: str) -> None:
        self._known.discard(entity_id)
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
        return self._published(
            batch, lambda: self.inner.upsert_many(batch, merge=merge, history=history), merge
        )

    def prepare_upsert(
        self, entities: Iterable[Entity], *, known: KnownLocations | None = None
    ) -> PreparedUpsert:
        return self.inner.prepare_upsert(entities, known=known)

    def upsert_prepared(self, prepared: PreparedUpsert) -> BatchResult:
        if not self._bus.active:
            return self.inner.upsert_prepared(prepared)
        return self._published(prepared.entities, lambda: self.inner.upsert_prepared(prepared), False)

    def _published(self, batch: list[Entity], write: Callable[[], BatchResult], merge: bool) -> BatchResult:
        """Run a batch upsert ``write`` of ``batch`` and publish the events of what it wrote."""
        with self._owner._lock:
            ids = [e.id for e in batch]
            previous = self._previous(ids)
            existing = self._existing(ids, previous)
            result = write()
            self._remember(result.success)
            self._bus.publish_many(self._batch_events(batch, result.success, previous, existing, merge=merge))
        return result

    def merge_with(
        self,
        patches: list[Entity],
        write: Callable[[bool], tuple[BatchResult, dict[str, Entity]] | None],
    ) -> BatchResult | None:
        """Merge ``patches`` (entities that exist) by a backend's own ``write`` and publish their events.

        ``write(previous)`` merges them, returning the result and, when ``previous`` is true, the states it
        replaced; or None when it wrote nothing (the caller then takes the general path). The events are
        those of ``upsert_many(patches, merge=True)``, updates all, without a second read.
        """
        if not self._bus.active:
            done = write(False)
            return None if done is None else done[0]
        with self._owner._lock:
            done = write(self._bus.wants_previous(self.tenant))
            if done is None:
                return None
            result, previous = done
            self._remember(result.success)
            self._bus.publish_many(self._batch_events(patches, result.success, previous, None, merge=True))
        return result

    def ingest_rows(
        self, rows: Sequence[tuple[Any, ...]], patches: list[Entity], *, previous: bool = False
    ) -> IngestWrite | None:
        """The wrapped backend's one-transaction telemetry write (``ingest_rows``), with the change events of
        its merges (see :meth:`merge_with`); None when the backend has none or could not (nothing written).

        Defined here rather than reached through ``__getattr__``: a write that bypassed this wrapper would
        raise no events.
        """
        inner_write = getattr(self.inner, "ingest_rows", None)
        if inner_write is None:
            return None
        written: list[IngestWrite] = []

        def write(want_previous: bool) -> tuple[BatchResult, dict[str, Entity]] | None:
            done: IngestWrite | None = inner_write(rows, patches, previous=want_previous or previous)
            if done is None:
                return None
            written.append(done)
            return BatchResult(success=[p.id for p in patches]), done.previous

        return written[0] if self.merge_with(patches, write) is not None else None

    def _batch_events(
        self,
        batch: list[Entity],
        success: list[str],
        previous: dict[str, Entity],
        existing: set[str] | None,
        *,
        merge: bool,
    ) -> Iterator[EntityChange]:
        ok = set(success)
        at = self._owner.clock()  # one batch, one write: one time for its events
        updated = ChangeKind.UPDATED
        for entity in batch:
            if entity.id not in ok:
                continue
            before = previous.get(entity.id) if previous else None
            after = before.merged(entity) if (merge and before is not None) else entity
            # When nobody asked which entities existed, an upsert is reported as an update.
            created = existing is not None and entity.id not in existing
            kind = ChangeKind.CREATED if created else updated
            attrs = entity.attrs if merge or before is None else {*entity.attrs, *before.attrs}
            yield self._event(kind, after, before, sorted(attrs), at)
            if existing is not None:
                existing.add(entity.id)  # a batch may name an entity twice: the next one updates it
            if before is not None or created:  # ... and sees this state
                previous[entity.id] = after

    def create_many(self, entities: Iterable[Entity], *, history: bool = False) -> BatchResult:
        if not self._bus.active:
            return self.inner.create_many(entities, history=history)
        batch = list(entities)
        with self._owner._lock:
            result = self.inner.create_many(batch, history=history)
            self._remember(result.success)
            ok = set(result.success)
            self._bus.publish_many(
                self._event(ChangeKind.CREATED, e, None, e.attrs) for e in batch if e.id in ok
            )
        return result

    def delete_many(self, entity_ids: Iterable[str]) -> BatchResult:
        ids = list(entity_ids)
        self._known.difference_update(ids)
        if not self._bus.active:
            return self.inner.delete_many(ids)
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
            self._known.clear()  # which ids went is not known here
            return self.inner.purge(query)
        with self._owner._lock:
            doomed = self._matching(query)
            result = self.inner.delete_many([e.id for e in doomed])
            gone = set(result.success)
            self._known.difference_update(gone)
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

    def dataset_series(self, series: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = self.inner.dataset_series(series)
        return found

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
