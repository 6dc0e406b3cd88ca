"""The PostgreSQL + PostGIS store: ``postgresql://user@host:port/db?schema=name``.

All tables live in the URL's ``schema`` (default ``public``); PostGIS lives in ``public``. Writes run in one
transaction per chunk; bulk writes use binary COPY. Every driver exception is converted at this boundary.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import chain, islice
from typing import Any

import msgspec

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
from citytwin.errors import AlreadyExists, BadRequestData, CitytwinError, ResourceNotFound, StorageUnavailable
from citytwin.storage.base import (
    DEFAULT_TENANT,
    BatchError,
    BatchResult,
    LoggedChange,
    Store,
    TenantStore,
)
from citytwin.storage.ledger import LedgerBlockRow, LedgerRow, LedgerTip
from citytwin.storage.postgres import history as hist
from citytwin.storage.postgres import ledgerlog, streamlog
from citytwin.storage.postgres.connection import Pool, parse_url
from citytwin.storage.postgres.migrate import current_version, migrate, migrations
from citytwin.storage.postgres.rows import READ_COLUMNS, Encoded, decode_row, decode_rows, encode
from citytwin.storage.postgres.sqlcompile import Params, where_clause
from citytwin.storage.postgres.writes import (
    IDS_FROM_JSON,
    Mode,
    Written,
    check_unchanged,
    json_list,
    write,
)

CHUNK = 10_000
"""Entities per transaction in batch writes."""
WRITERS = 2
"""Chunks written at once (each by its own connection) while the next one is encoded."""
_RETRIES = 3
_DECODER = msgspec.json.Decoder()


class PostgresStore(Store):
    """A store in one schema of a PostgreSQL database with PostGIS."""

    scheme = "postgresql"

    def __init__(self, url: str, *, clock: Clock = utc_now) -> None:
        super().__init__(url, clock=clock)
        self.target = parse_url(url)
        self.pool = Pool(self.target)
        # Connect now so that a wrong address fails here, with a clear message.
        with self.pool.connection():
            pass

    def migrate(self) -> list[int]:
        """Create PostGIS and the schema if needed and apply pending migrations (advisory-locked)."""
        with self.pool.dedicated() as conn:
            known = len(migrations())
            version = current_version(conn, self.target.schema)
            if version > known:
                raise StorageUnavailable(
                    f"schema {self.target.schema} has version {version},"
                    f" newer than this citytwin knows ({known})"
                )
            return migrate(conn, self.target.schema)

    def schema_version(self) -> int:
        """The applied schema version (0 for an empty schema)."""
        with self.pool.connection() as conn:
            return current_version(conn, self.target.schema)

    def tenant(self, name: str = DEFAULT_TENANT) -> TenantStore:
        """The store of one tenant."""
        if not isinstance(name, str) or "\x00" in name:
            raise BadRequestData(f"tenant name must be a string without NUL characters, got {name!r}")
        return PostgresTenantStore(self, name)

    def tenants(self) -> list[str]:
        """Tenants that hold any entity, history or document, in code-point order."""
        # A loose index scan per table: each step jumps to the next tenant on the primary-key btree.
        parts = [
            f"(with recursive t(name) as (select min(tenant) from {table} union all"
            f" select (select min(tenant) from {table} where tenant > t.name)"
            " from t where t.name is not null)"
            " select name from t where name is not null)"
            for table in ("entities", "history", "documents")
        ]
        sql = " union ".join(parts) + " order by 1"
        with self.pool.connection() as conn:
            return [row[0] for row in conn.execute(sql).fetchall()]

    def close(self) -> None:
        """Close every pooled connection; idempotent."""
        self.pool.close()

    # -- change log and stream state (citytwin.stream) ---------------------------------------------------
    def append_changes(self, changes: Sequence[LoggedChange]) -> int:
        """Append changes in one transaction (commits in seq order); the seq of the last one."""
        return streamlog.append(self, changes)

    def read_changes(self, after: int, limit: int = 1000) -> list[LoggedChange]:
        """Logged changes with seq > after, in seq order."""
        return streamlog.read(self, after, limit)

    def last_change_seq(self) -> int:
        """The highest seq handed out."""
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


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _collect(result: BatchResult, chunk: list[Any], written: Written) -> None:
    result.success.extend(chunk[pos].id for pos in sorted(written.done))
    result.errors.extend(BatchError(eid, err.to_problem()) for _, eid, err in written.errors)


def _raise_first(written: Written) -> None:
    if written.errors:
        raise written.errors[0][2]


class PostgresTenantStore(TenantStore):
    """Entities, history and documents of one tenant in PostgreSQL."""

    def __init__(self, store: PostgresStore, tenant: str) -> None:
        self.store = store
        self.tenant = tenant
        self.pool = store.pool
        self._optimistic = True

    # -- entities ------------------------------------------------------------------------------------------

    def _write(
        self,
        entities: Sequence[Any],
        mode: Mode,
        *,
        history: bool,
        results: bool = False,
        pre: Encoded | None = None,
        if_modified: str | None = None,
    ) -> Written:
        """Write a chunk; a value PostgreSQL refuses makes it retry in halves, so that entity fails alone.

        ``if_modified`` (a replace of one entity): WriteConflict unless the stored ``modified`` is that."""
        pre = encode(entities, fresh=True) if pre is None else pre  # CPU work before the transaction
        try:
            return self._write_encoded(entities, pre, mode, history, results, if_modified=if_modified)
        except BadRequestData as err:
            if len(entities) > 1:
                half = len(entities) // 2
                first = self._write(entities[:half], mode, history=history, results=results)
                second = self._write(entities[half:], mode, history=history, results=results)
                first.done.extend(pos + half for pos in second.done)
                first.results.update({pos + half: e for pos, e in second.results.items()})
                first.errors.extend((pos + half, eid, e) for pos, eid, e in second.errors)
                return first
            if not pre.entities:
                raise
            return Written(errors=[*pre.errors, (pre.positions[0], pre.entities[0].id, err)])

    def _write_encoded(
        self,
        entities: Sequence[Any],
        pre: Encoded,
        mode: Mode,
        history: bool,
        results: bool,
        *,
        if_modified: str | None = None,
    ) -> Written:
        """One transaction, retried when an id turned out to exist (optimistic COPY, concurrent writer)."""
        for attempt in range(_RETRIES):
            optimistic = self._optimistic and attempt == 0 and mode in (Mode.CREATE, Mode.UPSERT)
            try:
                with self.pool.connection() as conn, conn.transaction():
                    if if_modified is not None:
                        check_unchanged(conn, self.tenant, [e.id for e in pre.entities], if_modified)
                    now = self.store.clock()
                    written = write(
                        conn,
                        self.tenant,
                        entities,
                        mode,
                        now=now,
                        history=history,
                        pre=pre,
                        results=results,
                        optimistic=optimistic,
                    )
                # Stay optimistic while chunks hold only new ids (bulk loads); look ids up once they don't.
                self._optimistic = written.existed == 0
                return written
            except AlreadyExists:
                self._optimistic = False
                if attempt == _RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def create(self, entity: Entity, *, history: bool = False) -> Entity:
        """Insert a new entity (AlreadyExists when the id is taken)."""
        written = self._write([entity], Mode.CREATE, history=history, results=True)
        _raise_first(written)
        return written.results[0]

    def get(self, entity_id: str, *, attrs: Sequence[str] = ()) -> Entity:
        """One entity (ResourceNotFound when absent); ``attrs`` limits the attributes returned."""
        sql = f"select {READ_COLUMNS} from entities where tenant = %s and id = %s"
        with self.pool.connection() as conn, conn.cursor(binary=True) as cur:
            row = cur.execute(sql, [self.tenant, entity_id]).fetchone()
        entity = None if row is None else decode_row(row, attrs)
        # A transient entity past its expiresAt is gone for readers before the sweeper purges it (4.22).
        if entity is None or (entity.expires_at is not None and entity.expired(self.store.clock())):
            raise ResourceNotFound(f"entity {entity_id} was not found")
        return entity

    def get_many(self, entity_ids: Sequence[str]) -> dict[str, Entity]:
        """The entities that exist among ``entity_ids``."""
        ids = list(dict.fromkeys(entity_ids))
        if not ids:
            return {}
        sql = f"select {READ_COLUMNS} from entities where tenant = %s and id in ({IDS_FROM_JSON})"
        with self.pool.connection() as conn, conn.cursor(binary=True) as cur:
            rows = cur.execute(sql, [self.tenant, json_list(ids)]).fetchall()
        return {entity.id: entity for entity in decode_rows(rows)}

    def replace(self, entity: Entity, *, history: bool = False, if_modified: str | None = None) -> Entity:
        """Replace all attributes of an existing entity (ResourceNotFound when absent; WriteConflict when
        ``if_modified`` is not the stored ``modified``, checked under the row's lock)."""
        written = self._write([entity], Mode.REPLACE, history=history, results=True, if_modified=if_modified)
        _raise_first(written)
        return written.results[0]

    def merge(self, patch: Entity, *, history: bool = False) -> Entity:
        """Merge attributes into an existing entity; returns the result."""
        written = self._write([patch], Mode.MERGE, history=history, results=True)
        _raise_first(written)
        return written.results[0]

    def delete(self, entity_id: str) -> None:
        """Delete an entity (ResourceNotFound when absent); its history is kept."""
        with self.pool.connection() as conn:
            cur = conn.execute("delete from entities where tenant = %s and id = %s", [self.tenant, entity_id])
            if cur.rowcount == 0:
                raise ResourceNotFound(f"entity {entity_id} was not found")

    def _batch(self, entities: Iterable[Entity], mode: Mode, history: bool) -> BatchResult:
        """Chunks in input order, one transaction each, written by WRITERS threads while the next is encoded.

        Chunks in flight together never share an id, so each entity's writes still apply in input order.
        """
        result = BatchResult()
        chunks = _chunks(entities, CHUNK)
        first = next(chunks, None)
        if first is None:
            return result
        second = next(chunks, None)
        if second is None:
            _collect(result, first, self._write(first, mode, history=history))
            return result
        in_flight: deque[tuple[list[Any], set[str], Future[Written]]] = deque()
        with ThreadPoolExecutor(max_workers=WRITERS, thread_name_prefix="citytwin-pg-writer") as pool:
            for chunk in chain((first, second), chunks):
                pre = encode(chunk, fresh=True)
                ids = {e.id for e in pre.entities}
                while in_flight and (
                    len(in_flight) >= WRITERS or any(ids & busy for _, busy, _ in in_flight)
                ):
                    done, _, job = in_flight.popleft()
                    _collect(result, done, job.result())
                job = pool.submit(self._write, chunk, mode, history=history, pre=pre)
                in_flight.append((chunk, ids, job))
            while in_flight:
                done, _, job = in_flight.popleft()
                _collect(result, done, job.result())
        return result

    def upsert_many(
        self, entities: Iterable[Entity], *, merge: bool = False, history: bool = False
    ) -> BatchResult:
        """Create or replace (or merge) many entities, one transaction per chunk."""
        return self._batch(entities, Mode.UPSERT_MERGE if merge else Mode.UPSERT, history)

    def create_many(self, entities: Iterable[Entity], *, history: bool = False) -> BatchResult:
        """Create many entities; existing ids are reported as AlreadyExists."""
        return self._batch(entities, Mode.CREATE, history)

    def delete_many(self, entity_ids: Iterable[str]) -> BatchResult:
        """Delete many entities; missing ids are reported as ResourceNotFound."""
        result = BatchResult()
        for chunk in _chunks(entity_ids, CHUNK):
            with self.pool.connection() as conn:
                rows = conn.execute(
                    f"delete from entities where tenant = %s and id in ({IDS_FROM_JSON}) returning id",
                    [self.tenant, json_list([str(i) for i in chunk])],
                ).fetchall()
            deleted = {row[0] for row in rows}
            for entity_id in chunk:
                if entity_id in deleted:
                    result.success.append(entity_id)
                    deleted.discard(entity_id)
                else:
                    err: CitytwinError = ResourceNotFound(f"entity {entity_id} was not found")
                    result.errors.append(BatchError(str(entity_id), err.to_problem()))
        return result

    def query(self, query: EntityQuery) -> QueryResult:
        """Matching entities ordered by id, one page; the total count when asked for."""
        params = Params()
        where = where_clause(self.tenant, query, params)
        limit, offset = params.add(query.limit), params.add(query.offset)
        page = f"select {READ_COLUMNS} from entities where {where} order by id limit {limit} offset {offset}"
        counting = f"select count(*) from entities where {where}"
        count = None
        rows: list[Any] = []
        with self.pool.connection() as conn, conn.cursor(binary=True) as cur:
            if not query.count:
                rows = cur.execute(page, params.values).fetchall() if query.limit else []
            else:
                with conn.transaction():  # the count and the page come from one snapshot
                    cur.execute("set transaction isolation level repeatable read, read only")
                    row = cur.execute(counting, params.values).fetchone()
                    count = int(row[0]) if row else 0
                    if query.limit:
                        rows = cur.execute(page, params.values).fetchall()
        return QueryResult(decode_rows(rows, query.attrs), count)

    def purge(self, query: EntityQuery) -> int:
        """Delete every matching entity (paging ignored); returns how many."""
        params = Params()
        where = where_clause(self.tenant, query, params)
        with self.pool.connection() as conn:
            return max(conn.execute(f"delete from entities where {where}", params.values).rowcount, 0)

    # -- attribute history ---------------------------------------------------------------------------------

    def append_history(self, instances: Iterable[AttributeInstance]) -> int:
        """Append instances (idempotent on instance_id); returns how many were new."""
        rows = hist.prepare_rows(self.tenant, instances)
        if not rows:
            return 0
        with self.pool.connection() as conn, conn.transaction():
            return hist.append(conn, rows)

    def read_history(self, query: HistoryQuery) -> list[AttributeInstance]:
        """Instances in time order per (entity, attr); ``last_n`` keeps the newest N of each."""
        with self.pool.connection() as conn:
            return hist.read(conn, self.tenant, query)

    def aggregate_history(self, query: AggregateQuery) -> list[AggregateBucket]:
        """Aggregates of history per (entity, attr, period)."""
        with self.pool.connection() as conn:
            return hist.aggregate(conn, self.tenant, query)

    def dataset_series(self, series: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
        """The series among ``series`` whose history holds an instance with a datasetId (index probes)."""
        with self.pool.connection() as conn:
            return hist.dataset_series(conn, self.tenant, series)

    def delete_history(
        self,
        entity_id: str,
        attr: str | None = None,
        *,
        dataset_id: str | None = None,
        instance_id: str | None = None,
    ) -> int:
        """Delete history of an entity, one attribute, one dataset or one instance; returns rows deleted."""
        with self.pool.connection() as conn:
            return hist.delete(
                conn, self.tenant, entity_id, attr=attr, dataset_id=dataset_id, instance_id=instance_id
            )

    # -- documents -----------------------------------------------------------------------------------------

    def put_document(self, kind: str, doc_id: str, doc: dict[str, Any]) -> None:
        """Store a JSON document under (kind, id), replacing any previous one."""
        try:
            body = msgspec.json.encode(doc)
        except (TypeError, ValueError, OverflowError) as err:
            raise BadRequestData(f"document {kind}/{doc_id} cannot be stored as JSON: {err}") from None
        with self.pool.connection() as conn:
            conn.execute(
                "insert into documents (tenant, kind, id, doc) values (%s, %s, %s, %s::text::jsonb)"
                " on conflict (tenant, kind, id) do update set doc = excluded.doc",
                [self.tenant, kind, doc_id, body.decode()],
            )

    def get_document(self, kind: str, doc_id: str) -> dict[str, Any]:
        """Fetch a document (ResourceNotFound when absent)."""
        with self.pool.connection() as conn:
            row = conn.execute(
                "select doc from documents where tenant = %s and kind = %s and id = %s",
                [self.tenant, kind, doc_id],
            ).fetchone()
        if row is None:
            raise ResourceNotFound(f"{kind} {doc_id} was not found")
        doc: dict[str, Any] = _DECODER.decode(row[0])
        return doc

    def list_documents(
        self, kind: str, *, limit: int = 1000, offset: int = 0
    ) -> list[tuple[str, dict[str, Any]]]:
        """Documents of a kind ordered by id."""
        if limit < 0 or offset < 0:
            raise BadRequestData("limit and offset must not be negative")
        with self.pool.connection() as conn:
            rows = conn.execute(
                "select id, doc from documents where tenant = %s and kind = %s"
                " order by id limit %s offset %s",
                [self.tenant, kind, limit, offset],
            ).fetchall()
        return [(row[0], _DECODER.decode(row[1])) for row in rows]

    def delete_document(self, kind: str, doc_id: str) -> None:
        """Delete a document (ResourceNotFound when absent)."""
        with self.pool.connection() as conn:
            cur = conn.execute(
                "delete from documents where tenant = %s and kind = %s and id = %s",
                [self.tenant, kind, doc_id],
            )
            if cur.rowcount == 0:
                raise ResourceNotFound(f"{kind} {doc_id} was not found")
