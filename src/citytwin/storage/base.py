"""The store interface every backend implements (embedded SQLite, PostgreSQL/PostGIS).

A :class:`Store` is opened from a URL and hands out one :class:`TenantStore` per tenant; tenant data is
isolated. Stores convert driver exceptions to :mod:`citytwin.errors` classes at their boundary.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from typing import Any

from citytwin.core.entities import Entity
from citytwin.core.query import (
    AggregateBucket,
    AggregateQuery,
    AttributeInstance,
    EntityQuery,
    HistoryQuery,
    QueryResult,
)
from citytwin.core.timeutil import Clock, utc_now
from citytwin.errors import OperationNotSupported
from citytwin.storage.codec import KnownLocations

DEFAULT_TENANT = ""


@dataclass(slots=True)
class BatchError:
    """Why one entity of a batch failed: its id and the error's problem details."""

    entity_id: str
    problem: dict[str, Any]


@dataclass(slots=True)
class BatchResult:
    """Per-entity outcome of a batch operation (NGSI-LD 207 semantics)."""

    success: list[str] = field(default_factory=list)
    errors: list[BatchError] = field(default_factory=list)


@dataclass(slots=True)
class PreparedUpsert:
    """A batch made ready for :meth:`TenantStore.upsert_prepared` by :meth:`TenantStore.prepare_upsert`.

    ``entities`` is the batch; ``payload`` is what the store that prepared it computed ahead (opaque to
    everyone else; None when nothing was), and ``owner`` that store, so that no other store takes it for its
    own. Wrappers may keep their own state in ``extra``.
    """

    entities: list[Entity]
    payload: Any = None
    owner: object | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class IngestWrite:
    """What a backend's one-transaction telemetry write (``ingest_rows``, a backend extra) wrote: the history
    rows that were new, and the states its merges replaced (when asked for)."""

    added: int
    previous: dict[str, Entity] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LoggedChange:
    """One entry of the durable change log (:mod:`citytwin.stream.changelog`): an entity change, stored once.

    ``seq`` is assigned by the store when appended (0 before): it grows in commit order across every process
    writing to the store, so a reader that remembers the last ``seq`` it saw misses nothing. ``payload`` is
    opaque to the store.
    """

    seq: int
    tenant: str
    entity_id: str
    kind: str
    types: tuple[str, ...]
    at_us: int
    writer: str
    payload: bytes


class TenantStore(ABC):
    """Entities, attribute history and documents of one tenant."""

    tenant: str

    # -- entities ------------------------------------------------------------------------------------
    @abstractmethod
    def create(self, entity: Entity, *, history: bool = False) -> Entity:
        """Insert a new entity (raises AlreadyExists); returns it with system times set."""

    @abstractmethod
    def get(self, entity_id: str, *, attrs: Sequence[str] = ()) -> Entity:
        """Fetch one entity (raises ResourceNotFound); ``attrs`` limits the attributes returned."""

    @abstractmethod
    def get_many(self, entity_ids: Sequence[str]) -> dict[str, Entity]:
        """Fetch the entities that exist among ``entity_ids``."""

    @abstractmethod
    def replace(self, entity: Entity, *, history: bool = False, if_modified: str | None = None) -> Entity:
        """Replace all attributes of an existing entity (raises ResourceNotFound).

        ``if_modified``: the ``modified`` time of the state the replacement was computed from; when the
        stored entity's differs (another write came in between), nothing is written and WriteConflict is
        raised. This is how a read-modify-write (removing attributes) loses no concurrent write.
        """

    @abstractmethod
    def merge(self, patch: Entity, *, history: bool = False) -> Entity:
        """Merge attributes into an existing entity (same-datasetId instances replaced); return it."""

    @abstractmethod
    def delete(self, entity_id: str) -> None:
        """Delete an entity (raises ResourceNotFound). Its history is kept."""

    @abstractmethod
    def upsert_many(
        self, entities: Iterable[Entity], *, merge: bool = False, history: bool = False
    ) -> BatchResult:
        """Create or replace (or merge, with ``merge=True``) many entities in one transaction per chunk."""

    @abstractmethod
    def create_many(self, entities: Iterable[Entity], *, history: bool = False) -> BatchResult:
        """Create many entities; existing ids are reported as AlreadyExists errors, the rest are created."""

    def prepare_upsert(
        self, entities: Iterable[Entity], *, known: KnownLocations | None = None
    ) -> PreparedUpsert:
        """The CPU-bound part of ``upsert_many(entities)`` (validation, documents, index columns), done now
        on the calling thread; :meth:`upsert_prepared` then writes it.

        A bulk writer calls this while an earlier batch is still being written on another thread, so the
        store's own work on a batch overlaps the database's work on the previous one. The batch must not
        change in between. ``known``: geometries the caller already holds for the batch's location values
        (a store that computes geometry columns here takes them instead of parsing the values). The default
        computes nothing ahead.
        """
        return PreparedUpsert(list(entities))

    def upsert_prepared(self, prepared: PreparedUpsert) -> BatchResult:
        """``upsert_many(prepared.entities)`` (create or replace), using what :meth:`prepare_upsert` computed
        when this store computed it."""
        return self.upsert_many(prepared.entities)

    def bulk_writes(self) -> AbstractContextManager[None]:
        """A bulk load by the calling thread: its writes inside the block may share transactions.

        For a writer that undoes its own work on failure (an import: see
        :class:`citytwin.ingest.importers.atomic.StagedWrite`). A backend may then commit a few chunks at
        a time rather than each (bounded in time, and at once when another writer comes); a write that
        fails takes back everything since the last commit, and everything is committed when the block
        ends, error or not. The default commits every write as usual.
        """
        return nullcontext()

    @abstractmethod
    def delete_many(self, entity_ids: Iterable[str]) -> BatchResult:
        """Delete many entities; missing ids are reported as ResourceNotFound errors."""

    @abstractmethod
    def query(self, query: EntityQuery) -> QueryResult:
        """Entities matching every filter, ordered by id, paged; ``count`` when ``query.count``."""

    def iter_query(self, query: EntityQuery, *, page: int = 1000) -> Iterator[list[Entity]]:
        """Every entity matching ``query`` (its paging ignored), in pages of ``page`` ordered by id."""
        current = replace(query, limit=page, offset=0, count=False)
        while True:
            found = self.query(current).entities
            if found:
                yield found
            if len(found) < page:
                return
            current = replace(current, offset=current.offset + page)

    @abstractmethod
    def purge(self, query: EntityQuery) -> int:
        """Delete every entity that matches ``query`` (paging ignored); returns how many."""

    # -- attribute history ---------------------------------------------------------------------------
    @abstractmethod
    def append_history(self, instances: Iterable[AttributeInstance]) -> int:
        """Append attribute instances (idempotent on instance_id); returns how many were new."""

    @abstractmethod
    def read_history(self, query: HistoryQuery) -> list[AttributeInstance]:
        """Instances in time order per (entity, attr); ``last_n`` keeps the newest N of each."""

    @abstractmethod
    def aggregate_history(self, query: AggregateQuery) -> list[AggregateBucket]:
        """Aggregates of numeric history per (entity, attr, period)."""

    def dataset_series(self, series: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
        """The (entity id, attribute) series among ``series`` whose history holds an instance with a datasetId
        (whether or not the entity still holds one). The default reads the series' history."""
        wanted = set(series)
        if not wanted:
            return set()
        query = HistoryQuery(
            entity_ids=tuple(dict.fromkeys(e for e, _ in series)),
            attrs=tuple(dict.fromkeys(a for _, a in series)),
        )
        return {
            (i.entity_id, i.attr)
            for i in self.read_history(query)
            if i.dataset_id is not None and (i.entity_id, i.attr) in wanted
        }

    @abstractmethod
    def delete_history(
        self,
        entity_id: str,
        attr: str | None = None,
        *,
        dataset_id: str | None = None,
        instance_id: str | None = None,
    ) -> int:
        """Delete history of an entity, one attribute, or one instance; returns rows deleted."""

    # -- documents: subscriptions, registrations, jobs, contexts ... ---------------------------------
    @abstractmethod
    def put_document(self, kind: str, doc_id: str, doc: dict[str, Any]) -> None:
        """Store a JSON document under (kind, id), replacing any previous one."""

    @abstractmethod
    def get_document(self, kind: str, doc_id: str) -> dict[str, Any]:
        """Fetch a document (raises ResourceNotFound)."""

    @abstractmethod
    def list_documents(
        self, kind: str, *, limit: int = 1000, offset: int = 0
    ) -> list[tuple[str, dict[str, Any]]]:
        """Documents of a kind ordered by id."""

    @abstractmethod
    def delete_document(self, kind: str, doc_id: str) -> None:
        """Delete a document (raises ResourceNotFound)."""


class Store(ABC):
    """An opened storage backend."""

    scheme: str
    """The URL scheme that selects this backend (``sqlite``, ``postgresql``)."""

    def __init__(self, url: str, *, clock: Clock = utc_now) -> None:
        self.url = url
        self.clock = clock

    @abstractmethod
    def migrate(self) -> list[int]:
        """Apply pending schema migrations; returns the versions applied."""

    @abstractmethod
    def schema_version(self) -> int:
        """The current schema version (0 for an empty database)."""

    @abstractmethod
    def tenant(self, name: str = DEFAULT_TENANT) -> TenantStore:
        """The store of one tenant (created on first write)."""

    @abstractmethod
    def tenants(self) -> list[str]:
        """Tenants that hold any data."""

    @abstractmethod
    def close(self) -> None:
        """Release connections; idempotent."""

    # -- the change log and stream state (citytwin.stream: subscriptions, WebSocket feeds) ---------------
    # Concrete here so that stores without them still open; both shipped backends implement them.

    def append_changes(self, changes: Sequence[LoggedChange]) -> int:
        """Append changes in one transaction, in order; returns the ``seq`` of the last one (0 when none)."""
        raise OperationNotSupported(f"the {self.scheme} store keeps no change log")

    def read_changes(self, after: int, limit: int = 1000) -> list[LoggedChange]:
        """Up to ``limit`` logged changes with ``seq > after``, in ``seq`` order."""
        raise OperationNotSupported(f"the {self.scheme} store keeps no change log")

    def last_change_seq(self) -> int:
        """The highest ``seq`` ever assigned (0 for an empty log)."""
        raise OperationNotSupported(f"the {self.scheme} store keeps no change log")

    def trim_changes(self, upto: int) -> int:
        """Delete logged changes with ``seq <= upto``; returns how many."""
        raise OperationNotSupported(f"the {self.scheme} store keeps no change log")

    def load_stream_state(self, prefix: str) -> dict[str, tuple[int, bytes]]:
        """Stream cursors whose name starts with ``prefix``: name → (seq, opaque state)."""
        raise OperationNotSupported(f"the {self.scheme} store keeps no stream state")

    def save_stream_state(self, items: Mapping[str, tuple[int, bytes]]) -> None:
        """Insert or replace stream cursors in one transaction."""
        raise OperationNotSupported(f"the {self.scheme} store keeps no stream state")

    def delete_stream_state(self, names: Iterable[str]) -> None:
        """Forget stream cursors (absent names are ignored)."""
        raise OperationNotSupported(f"the {self.scheme} store keeps no stream state")

    def acquire_lease(self, name: str, owner: str, until_us: int, now_us: int) -> bool:
        """Take or renew lease ``name`` for ``owner`` until ``until_us`` unless another owner holds it."""
        raise OperationNotSupported(f"the {self.scheme} store keeps no leases")

    def release_lease(self, name: str, owner: str) -> None:
        """Give a lease back (only its owner can)."""
        raise OperationNotSupported(f"the {self.scheme} store keeps no leases")

    def live_leases(self, prefix: str, now_us: int) -> dict[str, str]:
        """Leases whose name starts with ``prefix`` and that have not expired: name → owner."""
        raise OperationNotSupported(f"the {self.scheme} store keeps no leases")

    def document_tenants(self, kind: str) -> list[str]:
        """Tenants holding at least one document of ``kind``, in code-point order."""
        raise OperationNotSupported(f"the {self.scheme} store cannot list documents across tenants")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
