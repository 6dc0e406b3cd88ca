"""The embedded SQLite store: one writer connection behind a lock, one reader connection per thread.

Every write is one ``BEGIN IMMEDIATE`` transaction on the writer (batches: one per chunk); reads run in a
deferred transaction on the calling thread's own connection, so a query and its count see one snapshot and
never wait for the writer (WAL). See :mod:`citytwin.storage.sqlite.connection` for durability.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Literal

from citytwin.core.entities import Entity
from citytwin.core.gcpause import gc_paused
from citytwin.core.query import (
    AggregateBucket,
    AggregateQuery,
    AttributeInstance,
    EntityQuery,
    HistoryQuery,
    QueryResult,
)
from citytwin.core.timeutil import Clock, format_instant, to_micros, utc_now
from citytwin.errors import AlreadyExists, CitytwinError, ResourceNotFound, StorageUnavailable
from citytwin.storage.base import (
    DEFAULT_TENANT,
    BatchError,
    BatchResult,
    IngestWrite,
    LoggedChange,
    PreparedUpsert,
    Store,
    TenantStore,
)
from citytwin.storage.codec import KnownLocations, Prepared, dumps, loads, prepare
from citytwin.storage.georefine import Box
from citytwin.storage.ledger import LedgerBlockRow, LedgerRow, LedgerTip
from citytwin.storage.sqlite import history, ledgerlog, narrow, reads, schema, streamlog, tiles, writes
from citytwin.storage.sqlite.anchors import Anchors
from citytwin.storage.sqlite.connection import Options, connect, converted, parse_url

CHUNK = 25_000
"""Entities per batch transaction: big enough to amortise the commit, small enough to overlap preparing the
next chunk (a helper thread) with writing this one."""

GROUP_SECONDS = 2.0
"""How long a bulk load's transaction stays open (:meth:`SQLiteStore.bulk`): its chunks share commits for
this long, and a writer in another process waits at most about this long (its busy timeout is 10 s)."""
BULK_CACHE_MB = 256
"""The writer's page cache during a bulk load (at least the URL's ``cache_mb``): the index pages a
city-scale load keeps rewriting stay in memory instead of spilling to the WAL mid-transaction."""

Mode = Literal["create", "replace", "upsert", "merge", "merge_existing"]
Failure = tuple[int, str, CitytwinError]


@dataclass(slots=True)
class _Batch:
    """What one chunk write needs besides its entities."""

    mode: Mode
    now: str
    now_us: int
    history: bool
    results: dict[int, Entity] | None
    tiles: dict[int, Box] = field(default_factory=dict)


@dataclass(slots=True)
class _Group:
    """A bulk load's open transaction (:meth:`SQLiteStore.bulk`): whose it is and since when it is open."""

    owner: int
    """The thread whose writes share the transaction."""
    seconds: float
    started: float = 0.0
    """``time.monotonic()`` at the transaction's BEGIN."""


class SQLiteStore(Store):
    """An SQLite database file opened by ``sqlite:///path.db`` (see connection.parse_url for options)."""

    scheme = "sqlite"

    def __init__(self, url: str, *, clock: Clock = utc_now) -> None:
        super().__init__(url, clock=clock)
        self.options: Options = parse_url(url)
        self._lock = threading.Lock()
        self._writer = connect(self.options, writer=True)
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._closed = False
        self._group: _Group | None = None
        self._held = False
        """The writer's transaction is a bulk load's, held open between its writes (see :meth:`bulk`)."""
        self._unremembered: list[tuple[str, dict[int, Box]]] = []
        """Tile boxes written in the open transaction, for the tile cache once it commits."""
        self.tiles = tiles.TileCache()
        self.anchors = Anchors()  # deep pages and counts of whole types (storage/sqlite/anchors.py)

    # -- connections ------------------------------------------------------------------------------------
    def _check_open(self) -> None:
        if self._closed:
            raise StorageUnavailable("the SQLite store is closed")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """The writer connection inside a ``BEGIN IMMEDIATE`` transaction, committed on success.

        Inside :meth:`bulk`, the bulk thread's writes share one transaction until it has been open for the
        group's seconds; any other write commits that transaction first, then runs in its own.
        """
        with self._lock, converted("write"):
            self._check_open()
            conn = self._writer
            group = self._group
            if group is not None and group.owner != threading.get_ident():
                group = None
            if group is None:
                self._settle()
            if not self._held:
                conn.execute("BEGIN IMMEDIATE")
                if group is not None:
                    group.started = time.monotonic()
            self._held = False
            try:
                yield conn
            except BaseException:
                self._unremembered.clear()
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            if group is not None and time.monotonic() - group.started < group.seconds:
                self._held = True
                return
            self._commit()

    def _commit(self) -> None:
        """COMMIT the writer's transaction, then remember the tile boxes it wrote (lock held)."""
        self._held = False
        self._writer.execute("COMMIT")
        for tenant, boxes in self._unremembered:
            self.tiles.remember(tenant, boxes)
        self._unremembered.clear()

    def _settle(self) -> None:
        """Commit a bulk load's transaction held open, before another use of the writer (lock held)."""
        if self._held:
            self._commit()

    def remember_tiles(self, tenant: str, boxes: dict[int, Box]) -> None:
        """Tile boxes written by the current write, for the tile cache once its transaction commits (call
        inside :meth:`write`; a rollback forgets them)."""
        if boxes:
            self._unremembered.append((tenant, boxes))

    @contextmanager
    def bulk(self, seconds: float | None = None) -> Iterator[None]:
        """The calling thread's writes in the block share transactions of up to ``seconds`` (a bulk load;
        default :data:`GROUP_SECONDS`).

        Committing a 20,000-entity chunk of a city-scale import rewrites most pages of the id indexes (the
        ids are hashes, so every chunk lands all over them), and the checkpoint copies them again: fewer,
        larger transactions write them fewer times. A write that fails rolls back the whole open
        transaction (the bulk writer undoes its work itself: see ``TenantStore.bulk_writes``); another
        thread's write first commits it, so it never waits for more than one chunk. The block's end
        commits. One bulk load at a time: another thread's block runs ungrouped, as does an in-memory
        database (it has no commit cost).
        """
        seconds = GROUP_SECONDS if seconds is None else seconds
        with self._lock:
            self._check_open()
            mine = self._group is None and not self.options.memory and seconds > 0
            if mine:
                self._group = _Group(threading.get_ident(), seconds)
        if not mine:
            yield
            return
        with self._lock, converted("write"):
            self._tune(bulk=True)
        try:
            yield
        finally:
            with self._lock, converted("write"):
                self._group = None
                if not self._closed:
                    self._settle()
                    self._tune(bulk=False)

    def _tune(self, *, bulk: bool) -> None:
        """The writer's page cache for a bulk load (:data:`BULK_CACHE_MB`), or back to the URL's."""
        cache_mb = max(BULK_CACHE_MB, self.options.cache_mb) if bulk else self.options.cache_mb
        self._writer.execute(f"PRAGMA cache_size={-1024 * int(cache_mb)}")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """This thread's reader connection inside one read transaction (a consistent snapshot)."""
        if self.options.memory:
            # An in-memory database exists only on the writer's connection (never in a bulk group).
            with self._lock, converted("read"):
                self._check_open()
                yield self._writer
            return
        with converted("read"):
            self._check_open()
            conn = self._reader()
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")

    @contextmanager
    def read_one(self) -> Iterator[sqlite3.Connection]:
        """This thread's reader connection for one statement, which is its own snapshot (no BEGIN/COMMIT)."""
        if self.options.memory:
            with self.read() as conn:
                yield conn
            return
        with converted("read"):
            self._check_open()
            yield self._reader()

    def _reader(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.options, writer=False)
            self._local.conn = conn
            with self._readers_lock:
                self._readers.append(conn)
        return conn

    # -- Store ------------------------------------------------------------------------------------------
    def migrate(self) -> list[int]:
        """Apply pending schema migrations; returns the versions applied."""
        with self._lock, converted("migration"):
            self._check_open()
            self._settle()
            return schema.migrate(self._writer)

    def schema_version(self) -> int:
        """The current schema version (0 for an empty database)."""
        with self._lock, converted("read"):
            self._check_open()
            return schema.current_version(self._writer)

    def tenant(self, name: str = DEFAULT_TENANT) -> SQLiteTenantStore:
        """The store of one tenant."""
        return SQLiteTenantStore(self, name)

    def tenants(self) -> list[str]:
        """Tenants that hold entities, history or documents."""
        sql = (
            "SELECT name FROM tenants AS t WHERE EXISTS (SELECT 1 FROM entities WHERE tenant = t.name)"
            " OR EXISTS (SELECT 1 FROM history WHERE tenant = t.name)"
            " OR EXISTS (SELECT 1 FROM documents WHERE tenant = t.name) ORDER BY name"
        )
        with self.read() as conn:
            return [row[0] for row in conn.execute(sql)]

    def close(self) -> None:
        """Close every connection; idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            with self._readers_lock:
                readers, self._readers = self._readers, []
            for conn in readers:
                conn.close()
            self._group = None
            try:
                with converted("write"):
                    self._settle()  # a bulk load's open transaction
                # Keeps planner statistics fresh at a bounded cost (SQLite's advice for long-lived databases).
                self._writer.execute("PRAGMA analysis_limit=1000")
                self._writer.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass  # closing must not fail because statistics could not be refreshed
            finally:
                self._writer.close()

    def now(self) -> str:
        """The store clock as an ISO 8601 UTC instant."""
        return format_instant(self.clock())

    # -- change log and stream state (citytwin.stream) ---------------------------------------------------
    def append_changes(self, changes: Sequence[LoggedChange]) -> int:
        """Append changes in one transaction; the seq of the last one (0 when none)."""
        return streamlog.append(self, changes)

    def read_changes(self, after: int, limit: int = 1000) -> list[LoggedChange]:
        """Logged changes with seq > after, in seq order."""
        return streamlog.read(self, after, limit)

    def last_change_seq(self) -> int:
        """The highest seq ever assigned."""
        return streamlog.last_seq(self)

    def trim_changes(self, upto: int) -> int:
        """Delete logged changes with seq <= upto."""
        return streamlog.trim(self, upto)

    def load_stream_state(self, prefix: str) -> dict[str, tuple[int, bytes]]:
        """Stream cursors named with ``prefix``."""
        return streamlog.load_state(self, prefix)

    def save_stream_state(self, items: Mapping[str, tuple[int, bytes]]) -> None:
        """Upsert stream cursors in one transaction."""
        streamlog.save_state(self, items)

    def delete_stream_state(self, names: Iterable[str]) -> None:
        """Forget stream cursors."""
        streamlog.delete_state(self, names)

    def acquire_lease(self, name: str, owner: str, until_us: int, now_us: int) -> bool:
        """Take or renew a lease unless another owner holds an unexpired one."""
        return streamlog.acquire_lease(self, name, owner, until_us, now_us)

    def release_lease(self, name: str, owner: str) -> None:
        """Give a lease back."""
        streamlog.release_lease(self, name, owner)

    def live_leases(self, prefix: str, now_us: int) -> dict[str, str]:
        """Unexpired leases named with ``prefix``."""
        return streamlog.live_leases(self, prefix, now_us)

    def document_tenants(self, kind: str) -> list[str]:
        """Tenants holding a document of ``kind``."""
        return streamlog.document_tenants(self, kind)

    # -- the tamper-evident ledger (citytwin.storage.ledger, citytwin.governance.ledger_store) ------------
    def ledger_tip(self) -> LedgerTip:
        """The ledger's last record, last block and last sealed record."""
        return ledgerlog.tip(self)

    def ledger_append(
        self, expect: LedgerTip, rows: Sequence[LedgerRow], blocks: Sequence[LedgerBlockRow]
    ) -> bool:
        """Insert ledger rows and blocks if the tip is still ``expect`` (one transaction)."""
        return ledgerlog.append(self, expect, rows, blocks)

    def ledger_rows(self, after: int, limit: int) -> list[LedgerRow]:
        """Ledger records with seq > after, in seq order."""
        return ledgerlog.rows_after(self, after, limit)

    def ledger_blocks(self, after: int = 0, limit: int = 1_000_000) -> list[LedgerBlockRow]:
        """Ledger blocks with height > after."""
        return ledgerlog.blocks_after(self, after, limit)

    def ledger_block_of(self, seq: int) -> LedgerBlockRow | None:
        """The block sealing ledger record ``seq``."""
        return ledgerlog.block_of(self, seq)


STEP = 500
"""Entities the helper thread prepares between two offers of the GIL to the writer."""


def _prepare_yielding(chunk: list[Entity], known: KnownLocations | None = None) -> Prepared:
    """Prepare a chunk in steps, offering the GIL to the writer thread between steps.

    The writer gives the GIL up inside every SQLite call and must get it back afterwards; against a thread
    that never lets go, each time costs the interpreter's switch interval (5 ms), which would serialise
    the two threads. ``time.sleep(0)`` hands it over at once.
    """
    parts = []
    for start in range(0, len(chunk), STEP):
        parts.append((start, prepare(chunk[start : start + STEP], fresh=True, known=known)))
        time.sleep(0)
    return Prepared.concat(parts)


def _first(failure: Failure) -> int:
    return failure[0]


def _collect(result: BatchResult, chunk: Sequence[Entity], failures: list[Failure]) -> None:
    """Add a written chunk's outcome to ``result``: its failures in input order, the others as written."""
    failed = {pos for pos, _, _ in failures}
    result.success.extend(e.id for pos, e in enumerate(chunk) if pos not in failed)
    result.errors.extend(
        BatchError(entity_id, err.to_problem()) for _, entity_id, err in sorted(failures, key=_first)
    )


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    # A small first chunk: the writer waits for it unoverlapped, and then always has the next one ready.
    it = iter(items)
    first = max(1, size // 10)
    while chunk := list(islice(it, first)):
        yield chunk
        first = size


class SQLiteTenantStore(TenantStore):
    """Entities, history and documents of one tenant in an SQLite store."""

    def __init__(self, store: SQLiteStore, tenant: str) -> None:
        self.store = store
        self.tenant = tenant

    # -- entity writes ----------------------------------------------------------------------------------
    def _write_chunk(
        self,
        prep: Prepared,
        mode: Mode,
        history_on: bool,
        results: dict[int, Entity] | None,
        if_modified: str | None = None,
    ) -> list[Failure]:
        """Write one prepared chunk in one transaction; returns the failures (input positions).

        ``if_modified`` (one entity): WriteConflict, nothing written, unless the stored entity's
        ``modified`` is that (checked inside the transaction, so no other write can come in between)."""
        clock = self.store.clock()  # one reading: modifiedAt and write-time history agree
        batch = _Batch(mode, format_instant(clock), to_micros(clock), history_on, results)
        failures: list[Failure] = list(prep.errors)
        with self.store.write() as conn:
            if if_modified is not None:
                writes.check_unchanged(conn, self.tenant, prep.ids, if_modified)
            if mode in ("merge", "merge_existing"):
                failures += self._merge(conn, prep, batch)
            else:
                failures += self._put(conn, prep, batch)
            writes.register_tenant(conn, self.tenant)
            self.store.remember_tiles(self.tenant, batch.tiles)  # once committed
        return failures

    def _put(self, conn: sqlite3.Connection, prep: Prepared, batch: _Batch) -> list[Failure]:
        failures: list[Failure] = []
        mode, now = batch.mode, batch.now
        # A plain upsert need not know which ids exist: put() finds out only if an insert collides.
        lookup = mode != "upsert" or batch.results is not None
        created = writes.existing(conn, self.tenant, prep.ids) if lookup else {}
        found = set(created) if lookup else None
        history_rows: list[tuple[Any, ...]] = []
        if mode == "upsert" and not batch.history and batch.results is None:
            keep = list(range(len(prep.entities)))  # nothing to check or collect per entity (bulk loads)
        else:
            keep = self._admit(prep, batch, created, failures, history_rows)
        if len(keep) < len(prep.entities):
            prep = prep.subset(keep)
        batch.tiles = writes.put(conn, self.tenant, prep, now, existing=found, cache=self.store.tiles)
        writes.append_history(conn, history_rows)
        if batch.results is not None:
            for pos, entity in zip(prep.positions, prep.entities, strict=True):
                batch.results[pos] = writes.stamped(entity, created[entity.id], now)
        return failures

    def _admit(
        self,
        prep: Prepared,
        batch: _Batch,
        created: dict[str, str],
        failures: list[Failure],
        history_rows: list[tuple[Any, ...]],
    ) -> list[int]:
        """Indexes of the entities that may be written (create / replace checks, history rows collected)."""
        mode, now = batch.mode, batch.now
        ids = writes.id_pool(prep.entities) if batch.history else None
        keep: list[int] = []
        for i, entity in enumerate(prep.entities):
            pos = prep.positions[i]
            if mode == "create" and entity.id in created:
                failures.append((pos, entity.id, AlreadyExists(f"entity {entity.id} already exists")))
                continue
            if mode == "replace" and entity.id not in created:
                failures.append((pos, entity.id, ResourceNotFound(f"entity {entity.id} not found")))
                continue
            if batch.history:
                try:
                    history_rows += writes.history_rows(self.tenant, entity, entity.attrs, batch.now_us, ids)
                except CitytwinError as err:
                    failures.append((pos, entity.id, err))
                    continue
            created.setdefault(entity.id, now)  # a later duplicate in this chunk now exists
            keep.append(i)
        return keep

    def _merge(self, conn: sqlite3.Connection, prep: Prepared, batch: _Batch) -> list[Failure]:
        failures: list[Failure] = []
        now = batch.now
        state: dict[str, Entity] = reads.fetch(conn, self.tenant, prep.ids)
        found = set(state)
        touched: dict[str, list[int]] = {}
        history_rows: list[tuple[Any, ...]] = []
        ids = writes.id_pool(prep.entities) if batch.history else None
        for pos, patch in zip(prep.positions, prep.entities, strict=True):
            old = state.get(patch.id)
            if old is None and batch.mode == "merge_existing":
                failures.append((pos, patch.id, ResourceNotFound(f"entity {patch.id} not found")))
                continue
            merged = writes.merge_entity(old, patch, now)
            if batch.history:
                try:
                    history_rows += writes.history_rows(
                        self.tenant, merged, patch.attrs, batch.now_us, ids, scope=patch.scope
                    )
                except CitytwinError as err:
                    failures.append((pos, patch.id, err))
                    continue
            state[patch.id] = merged
            touched.setdefault(patch.id, []).append(pos)
            if batch.results is not None:
                batch.results[pos] = merged
        final = prepare([state[entity_id] for entity_id in touched], fresh=False)
        for _, entity_id, problem in final.errors:  # valid patches on a valid entity stay valid: a guard
            failures.extend((pos, entity_id, problem) for pos in touched[entity_id])
        created = (e.created_at or now for e in final.entities)
        batch.tiles = writes.put(
            conn, self.tenant, final, now, existing=found, cache=self.store.tiles, created=created
        )
        writes.append_history(conn, history_rows)
        return failures

    def _write(self, entities: Iterable[Entity], mode: Mode, history_on: bool) -> BatchResult:
        """Write in chunks; the next chunk is prepared on a helper thread while this one is in SQLite."""
        result = BatchResult()
        chunks = _chunks(entities, CHUNK)
        chunk = next(chunks, None)
        if chunk is None:
            return result
        if mode == "merge" and not history_on:
            return self._merge_narrow(chunk, chunks, result)
        # Rows, documents and history rows are acyclic: young collections while they pile up only cost time.
        with gc_paused(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="citytwin-prepare") as helper:
            pending = helper.submit(_prepare_yielding, chunk)
            while chunk is not None:
                prep = pending.result()
                upcoming = next(chunks, None)
                if upcoming is not None:
                    pending = helper.submit(_prepare_yielding, upcoming)
                _collect(result, chunk, self._write_chunk(prep, mode, history_on, None))
                chunk = upcoming
        return result

    def prepare_upsert(
        self, entities: Iterable[Entity], *, known: KnownLocations | None = None
    ) -> PreparedUpsert:
        """The batch's documents and index columns, computed here, in the chunks :meth:`upsert_prepared`
        writes (each its own transaction, as in ``upsert_many``)."""
        batch = list(entities)
        with gc_paused():
            payload = [
                (chunk, _prepare_yielding(chunk, known))
                for chunk in (batch[start : start + CHUNK] for start in range(0, len(batch), CHUNK))
            ]
        return PreparedUpsert(batch, payload, self.store)

    def upsert_prepared(self, prepared: PreparedUpsert) -> BatchResult:
        """Write a batch :meth:`prepare_upsert` of this store prepared (others go through ``upsert_many``)."""
        if prepared.owner is not self.store or prepared.payload is None:
            return self.upsert_many(prepared.entities)
        result = BatchResult()
        with gc_paused():
            for chunk, prep in prepared.payload:
                _collect(result, chunk, self._write_chunk(prep, "upsert", False, None))
        return result

    def _merge_narrow(
        self, chunk: list[Entity] | None, chunks: Iterator[list[Entity]], result: BatchResult
    ) -> BatchResult:
        """Merges chunk by chunk, each as a narrow merge when it can be one (see sqlite.narrow)."""
        while chunk is not None:
            failures: list[Failure] | None = None
            if narrow.eligible(chunk):
                now = self.store.now()
                with self.store.write() as conn:
                    failures = narrow.merge(conn, self.tenant, chunk, now)
                    if failures is not None:
                        writes.register_tenant(conn, self.tenant)
            if failures is None:
                failures = self._write_chunk(prepare(chunk, fresh=True), "merge", False, None)
            _collect(result, chunk, failures)
            chunk = next(chunks, None)
        return result

    def _write_one(
        self, entity: Entity, mode: Mode, history_on: bool, if_modified: str | None = None
    ) -> Entity:
        results: dict[int, Entity] = {}
        prep = prepare([entity], fresh=True)
        failures = self._write_chunk(prep, mode, history_on, results, if_modified)
        if failures:
            raise failures[0][2]
        return results[0]

    def create(self, entity: Entity, *, history: bool = False) -> Entity:
        """Insert a new entity (AlreadyExists if the id is taken)."""
        return self._write_one(entity, "create", history)

    def replace(self, entity: Entity, *, history: bool = False, if_modified: str | None = None) -> Entity:
        """Replace all attributes of an existing entity (ResourceNotFound if missing; WriteConflict when
        ``if_modified`` is not the stored ``modified``)."""
        return self._write_one(entity, "replace", history, if_modified)

    def merge(self, patch: Entity, *, history: bool = False) -> Entity:
        """Merge attributes into an existing entity; returns the merged entity."""
        return self._write_one(patch, "merge_existing", history)

    def upsert_many(
        self, entities: Iterable[Entity], *, merge: bool = False, history: bool = False
    ) -> BatchResult:
        """Create or replace (or merge) many entities, one transaction per chunk."""
        return self._write(entities, "merge" if merge else "upsert", history)

    def create_many(self, entities: Iterable[Entity], *, history: bool = False) -> BatchResult:
        """Create many entities; taken ids fail with AlreadyExists, the rest are created."""
        return self._write(entities, "create", history)

    def bulk_writes(self) -> AbstractContextManager[None]:
        """This thread's writes in the block share transactions (see :meth:`SQLiteStore.bulk`)."""
        return self.store.bulk()

    def delete(self, entity_id: str) -> None:
        """Delete an entity (ResourceNotFound if missing); its history stays."""
        result = self.delete_many([entity_id])
        if result.errors:
            raise ResourceNotFound(f"entity {entity_id} not found")

    def delete_many(self, entity_ids: Iterable[str]) -> BatchResult:
        """Delete many entities; missing ids fail with ResourceNotFound."""
        result = BatchResult()
        for chunk in _chunks(entity_ids, CHUNK):
            with self.store.write() as conn:
                for entity_id in chunk:
                    cur = conn.execute(
                        "DELETE FROM entities WHERE tenant = ? AND id = ?", (self.tenant, entity_id)
                    )
                    if cur.rowcount:
                        result.success.append(entity_id)
                    else:
                        err = ResourceNotFound(f"entity {entity_id} not found")
                        result.errors.append(BatchError(str(entity_id), err.to_problem()))
        return result

    def purge(self, query: EntityQuery) -> int:
        """Delete every entity matching ``query`` (paging ignored); returns how many."""
        with self.store.write() as conn:
            rids = reads.matching_rids(conn, self.tenant, query)
            if rids:
                conn.execute(
                    "DELETE FROM entities WHERE rid IN (SELECT value FROM json_each(?))", (dumps(rids),)
                )
        return len(rids)

    # -- entity reads -----------------------------------------------------------------------------------
    def get(self, entity_id: str, *, attrs: Sequence[str] = ()) -> Entity:
        """Fetch one entity (ResourceNotFound if missing)."""
        with self.store.read_one() as conn:
            entity = reads.fetch_one(conn, self.tenant, entity_id, attrs)
        # A transient entity past its expiresAt is gone for readers before the sweeper purges it (4.22).
        if entity is None or (entity.expires_at is not None and entity.expired(self.store.clock())):
            raise ResourceNotFound(f"entity {entity_id} not found")
        return entity

    def get_many(self, entity_ids: Sequence[str]) -> dict[str, Entity]:
        """The entities that exist among ``entity_ids``."""
        with self.store.read() as conn:
            return reads.fetch(conn, self.tenant, entity_ids)

    def query(self, query: EntityQuery) -> QueryResult:
        """Entities matching every filter, ordered by id, paged, with the count when asked."""
        with self.store.read() as conn:
            return reads.run_query(conn, self.tenant, query, self.store.anchors)

    # -- attribute history ------------------------------------------------------------------------------
    def append_history(self, instances: Iterable[AttributeInstance]) -> int:
        """Append instances (idempotent on instance_id); returns how many were new."""
        rows = history.prepare_rows(self.tenant, instances)
        with self.store.write() as conn:
            added = history.append(conn, rows)
            writes.register_tenant(conn, self.tenant)
        return added

    def ingest_rows(
        self, rows: Sequence[tuple[Any, ...]], patches: Sequence[Entity], *, previous: bool = False
    ) -> IngestWrite | None:
        """History rows (as :meth:`append_history_rows` takes them) and live-state merge patches of one
        telemetry batch in one transaction: both written, or neither (see :func:`.narrow.ingest`). None,
        having written nothing, when a patch needs the general merge. A backend extra for IoT ingest."""
        return narrow.ingest(self, rows, patches, previous=previous)

    def append_history_rows(self, rows: Sequence[tuple[Any, ...]]) -> int:
        """Append pre-validated rows ``(entity_id, attr, dataset_id, ts_us, value_json, value_num, unit,
        entity_type, instance_id)`` (idempotent on instance_id); returns how many were new.

        A backend extra for bulk writers that build rows themselves (IoT ingest): it skips the per-instance
        checks of :meth:`append_history`, so names must be valid and values canonical JSON already.
        """
        tenant = self.tenant
        with self.store.write() as conn:
            added = history.append(conn, [(tenant, *row) for row in rows])
            writes.register_tenant(conn, tenant)
        return added

    def read_history(self, query: HistoryQuery) -> list[AttributeInstance]:
        """Instances in time order per (entity, attr)."""
        with self.store.read() as conn:
            return history.read(conn, self.tenant, query)

    def aggregate_history(self, query: AggregateQuery) -> list[AggregateBucket]:
        """Aggregates of history per (entity, attr, period)."""
        with self.store.read() as conn:
            return history.aggregate(conn, self.tenant, query)

    def dataset_series(self, series: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
        """The series among ``series`` whose history holds an instance with a datasetId (index probes)."""
        with self.store.read_one() as conn:
            return history.dataset_series(conn, self.tenant, series)

    def delete_history(
        self,
        entity_id: str,
        attr: str | None = None,
        *,
        dataset_id: str | None = None,
        instance_id: str | None = None,
    ) -> int:
        """Delete history of an entity, one attribute, one dataset or one instance."""
        with self.store.write() as conn:
            return history.delete(
                conn, self.tenant, entity_id, attr=attr, dataset_id=dataset_id, instance_id=instance_id
            )

    # -- documents --------------------------------------------------------------------------------------
    def put_document(self, kind: str, doc_id: str, doc: dict[str, Any]) -> None:
        """Store a JSON document under (kind, id), replacing any previous one."""
        text = dumps(doc)
        with self.store.write() as conn:
            conn.execute(
                "INSERT INTO documents (tenant, kind, id, doc) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (tenant, kind, id) DO UPDATE SET doc = excluded.doc",
                (self.tenant, kind, doc_id, text),
            )
            writes.register_tenant(conn, self.tenant)

    def get_document(self, kind: str, doc_id: str) -> dict[str, Any]:
        """Fetch a document (ResourceNotFound if missing)."""
        with self.store.read() as conn:
            row = conn.execute(
                "SELECT doc FROM documents WHERE tenant = ? AND kind = ? AND id = ?",
                (self.tenant, kind, doc_id),
            ).fetchone()
        if row is None:
            raise ResourceNotFound(f"{kind} {doc_id} not found")
        return loads(row[0])  # type: ignore[no-any-return]

    def list_documents(
        self, kind: str, *, limit: int = 1000, offset: int = 0
    ) -> list[tuple[str, dict[str, Any]]]:
        """Documents of a kind ordered by id."""
        with self.store.read() as conn:
            rows = conn.execute(
                "SELECT id, doc FROM documents WHERE tenant = ? AND kind = ? ORDER BY id LIMIT ? OFFSET ?",
                (self.tenant, kind, limit, offset),
            ).fetchall()
        return [(row[0], loads(row[1])) for row in rows]

    def delete_document(self, kind: str, doc_id: str) -> None:
        """Delete a document (ResourceNotFound if missing)."""
        with self.store.write() as conn:
            cur = conn.execute(
                "DELETE FROM documents WHERE tenant = ? AND kind = ? AND id = ?", (self.tenant, kind, doc_id)
            )
            if not cur.rowcount:
                raise ResourceNotFound(f"{kind} {doc_id} not found")
