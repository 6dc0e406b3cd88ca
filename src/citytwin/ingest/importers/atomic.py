"""All-or-nothing writes over any store: remember what a batch replaces, undo it all on failure.

The store interface commits per chunk, so an import keeps, for every id it writes, the entity it replaced
(or that there was none). :meth:`StagedWrite.rollback` deletes what the import created and puts back what it
replaced, which works the same on every backend. Readers may see an import's rows while it runs; a failed
import takes them away again. Restored entities keep their attributes and creation time (their
``modifiedAt`` is the time of the rollback).

What an import would undo is kept out of memory, in an :class:`UndoLog`: a private temporary SQLite database
(SQLite deletes its file as soon as it is opened, so nothing is left behind, not even after kill -9) holding
the created ids and the replaced entities (pickled). A city-scale update of 600,000 buildings would
otherwise hold every replaced building in memory until the import ends.

The store writes run on a writer thread, one batch behind the caller, so the next batch is read, mapped,
governed and prepared by the store (:meth:`TenantStore.prepare_upsert`: documents and index columns, Python
work) while the database writes this one (SQLite and PostgreSQL leave the GIL while they work), inside the
store's bulk mode (:meth:`TenantStore.bulk_writes`: fewer, larger transactions). A failed write surfaces at
the next :meth:`StagedWrite.write` or at :meth:`StagedWrite.flush`, which the import calls before it records
its catalog and lineage: an import that reports success has committed all its entities.
"""

from __future__ import annotations

import contextlib
import contextvars
import pickle
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack

import msgspec

from citytwin.core.entities import Entity
from citytwin.errors import CitytwinError, InternalError
from citytwin.storage.base import PreparedUpsert, TenantStore
from citytwin.storage.codec import KnownLocations

LOOKUP = 5_000
"""Ids per existence lookup (a store read of the entities an import is about to replace)."""
UNDO_CHUNK = 5_000
"""Ids deleted / entities restored per store call on rollback."""
_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder(list[str]).decode


class WriteFailed(InternalError):
    """The store refused part of an import's write."""

    title = "Import write failed"


class UndoLog:
    """Created ids and replaced entities of one import, on disk (a private temporary SQLite database)."""

    def __init__(self) -> None:
        self._db: sqlite3.Connection | None = None
        self.created = 0
        self.replaced = 0

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            # "" is SQLite's private temporary database: a file unlinked at once, pages cached up to 8 MB.
            db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA cache_size = -8000")
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute("CREATE TABLE created (ids BLOB NOT NULL)")  # a batch's ids: one JSON array
            db.execute("CREATE TABLE replaced (entity BLOB NOT NULL)")
            self._db = db
        return self._db

    def add(self, created: Sequence[str], replaced: Sequence[Entity]) -> None:
        """Record ids the import creates and the entities it replaces (before writing them)."""
        if not created and not replaced:
            return
        db = self._conn()
        db.execute("BEGIN")
        if created:
            # One row per batch, not per id: an import of new entities (the common case) logs little.
            db.execute("INSERT INTO created (ids) VALUES (?)", (_encode(list(created)),))
        db.executemany(
            "INSERT INTO replaced (entity) VALUES (?)",
            ((pickle.dumps(e, pickle.HIGHEST_PROTOCOL),) for e in replaced),
        )
        db.execute("COMMIT")
        self.created += len(created)
        self.replaced += len(replaced)

    def created_ids(self, chunk: int = UNDO_CHUNK) -> Iterator[list[str]]:
        """The created ids, in chunks."""
        if self._db is None:
            return
        out: list[str] = []
        for (ids,) in self._db.execute("SELECT ids FROM created ORDER BY rowid"):
            out.extend(_decode(ids))
            while len(out) >= chunk:
                yield out[:chunk]
                del out[:chunk]
        if out:
            yield out

    def replaced_entities(self, chunk: int = UNDO_CHUNK) -> Iterator[list[Entity]]:
        """The replaced entities as they were, in chunks."""
        if self._db is None:
            return
        cursor = self._db.execute("SELECT entity FROM replaced ORDER BY rowid")
        while rows := cursor.fetchmany(chunk):
            yield [pickle.loads(r[0]) for r in rows]  # written by this process, never read from outside

    def close(self) -> None:
        """Drop the log (its file goes with the connection)."""
        if self._db is not None:
            self._db.close()
            self._db = None
        self.created = self.replaced = 0


class StagedWrite:
    """Writes of one import to one tenant, with what they replaced, so they can be undone together.

    Writes go to the store on a writer thread (see the module docstring); :meth:`flush` waits for them
    and commits, :meth:`rollback` waits for them and undoes them.
    """

    def __init__(self, tenant: TenantStore) -> None:
        self.tenant = tenant
        self.log = UndoLog()
        self.written = 0
        self._writer: ThreadPoolExecutor | None = None
        self._bulk = ExitStack()
        self._pending: Future[None] | None = None

    def lookup(self, ids: Sequence[str]) -> dict[str, Entity]:
        """The entities the store holds among ``ids`` (what writing them would replace)."""
        before: dict[str, Entity] = {}
        for start in range(0, len(ids), LOOKUP):
            before.update(self.tenant.get_many(ids[start : start + LOOKUP]))
        return before

    def write(
        self,
        entities: Sequence[Entity],
        before: Mapping[str, Entity] | None = None,
        *,
        known: KnownLocations | None = None,
    ) -> None:
        """Upsert ``entities`` (ids unique within the import); raises WriteFailed if any is refused.

        ``before``: what :meth:`lookup` returned for their ids (looked up here when not given); ``known``:
        the geometries of their location values (see ``TenantStore.prepare_upsert``).
        """
        if not entities:
            return
        ids = [e.id for e in entities]
        if before is None:
            before = self.lookup(ids)
        # Recorded before writing: a write that fails halfway must still be undone.
        self.log.add([i for i in ids if i not in before], [before[i] for i in ids if i in before])
        # The store's own work on this batch (documents, index columns) happens here, while the writer
        # thread may still be in the database with the previous one.
        prepared = self.tenant.prepare_upsert(entities, known=known)
        self._wait()  # the previous batch's write: its failure surfaces here
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="citytwin-import-writer")
            self._writer.submit(self._bulk.enter_context, self.tenant.bulk_writes()).result()
        # In the caller's context: a governed or observed tenant store knows who writes from it.
        self._pending = self._writer.submit(contextvars.copy_context().run, self._upsert, prepared)

    def _upsert(self, prepared: PreparedUpsert) -> None:
        """On the writer thread: upsert one batch (WriteFailed if the store refuses any entity)."""
        result = self.tenant.upsert_prepared(prepared)
        count = len(prepared.entities)
        if result.errors:
            first = result.errors[0]
            detail = first.problem.get("detail", first.problem.get("title", "refused"))
            raise WriteFailed(
                f"the store refused {len(result.errors)} of {count} entities; "
                f"first {first.entity_id}: {detail}"
            )
        self.written += count

    def _wait(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def flush(self) -> None:
        """Wait for the writes and commit them (raises what a write raised)."""
        writer, self._writer = self._writer, None
        if writer is None:
            return
        try:
            self._wait()
        finally:
            try:
                writer.submit(self._bulk.close).result()  # ends the bulk mode on its thread: commits
            finally:
                writer.shutdown()

    def rollback(self) -> list[str]:
        """Delete what was created and restore what was replaced; returns problems met (empty: clean)."""
        problems: list[str] = []
        # The import failed already: how its last write failed, if it did, changes nothing here.
        with contextlib.suppress(Exception):
            self.flush()
        try:
            for ids in self.log.created_ids():
                result = self.tenant.delete_many(ids)
                # Ids that were never written (the failing chunk) are missing: that is expected.
                problems.extend(
                    f"{e.entity_id}: {e.problem.get('detail')}"
                    for e in result.errors
                    if e.problem.get("status") != 404
                )
            for entities in self.log.replaced_entities():
                result = self.tenant.upsert_many(entities)
                problems.extend(f"{e.entity_id}: {e.problem.get('detail')}" for e in result.errors)
        except CitytwinError as err:
            problems.append(err.detail)
        self.log.close()
        return problems

    def close(self) -> None:
        """Forget what would be undone (the import committed; :meth:`flush` was called)."""
        self.flush()
        self.log.close()
