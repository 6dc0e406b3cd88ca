"""StagedWrite's writer thread: one batch behind, in the caller's context, in the store's bulk mode."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import pytest

from citytwin.core.entities import Entity, prop
from citytwin.errors import StorageUnavailable
from citytwin.ingest.importers.atomic import StagedWrite, WriteFailed
from citytwin.storage.base import BatchError, BatchResult, PreparedUpsert, TenantStore

WHO: ContextVar[str] = ContextVar("who", default="nobody")


def building(i: int) -> Entity:
    out = Entity(f"urn:ngsi-ld:Building:staged-{i}", ("Building",))
    out.set("floors", prop(i))
    return out


class Recording:
    """A tenant store that records, for each upsert, the thread, the context and whether bulk mode was on."""

    def __init__(self, inner: TenantStore, *, refuse: int = 0) -> None:
        self.inner = inner
        self.refuse = refuse
        self.calls: list[tuple[int, str, bool]] = []
        self.bulk = False
        self.bulk_threads: list[int] = []
        self.prepared_on: list[int] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        self.bulk_threads.append(threading.get_ident())
        self.bulk = True
        with self.inner.bulk_writes():
            yield
        self.bulk = False

    def upsert_many(self, entities: Iterable[Entity], **kw: Any) -> BatchResult:
        items = list(entities)
        return self._write(items, lambda: self.inner.upsert_many(items, **kw))

    def prepare_upsert(self, entities: Iterable[Entity], **kw: Any) -> PreparedUpsert:
        self.prepared_on.append(threading.get_ident())
        return self.inner.prepare_upsert(entities, **kw)

    def upsert_prepared(self, prepared: PreparedUpsert) -> BatchResult:
        return self._write(prepared.entities, lambda: self.inner.upsert_prepared(prepared))

    def _write(self, items: list[Entity], write: Callable[[], BatchResult]) -> BatchResult:
        self.calls.append((threading.get_ident(), WHO.get(), self.bulk))
        if len(self.calls) == self.refuse:
            result = BatchResult()
            result.errors.append(BatchError(items[0].id, StorageUnavailable("refused (test)").to_problem()))
            return result
        return write()


def test_batches_are_written_on_one_writer_thread_in_bulk_mode_and_the_callers_context(
    twin: TenantStore,
) -> None:
    tenant = Recording(twin)
    staged = StagedWrite(tenant)  # type: ignore[arg-type]
    token = WHO.set("alice")
    try:
        staged.write([building(1), building(2)], {})
        staged.write([building(3)], {})
        staged.flush()
    finally:
        WHO.reset(token)
    assert staged.written == 3
    threads = {thread for thread, _, _ in tenant.calls}
    assert len(threads) == 1 and threading.get_ident() not in threads
    assert tenant.bulk_threads == list(threads)
    assert [(who, bulk) for _, who, bulk in tenant.calls] == [("alice", True), ("alice", True)]
    # The store's own work on a batch (documents, index columns) is done by the caller, beside the writer.
    assert tenant.prepared_on == [threading.get_ident()] * 2
    assert not tenant.bulk  # flush ended the bulk mode
    assert sorted(twin.get_many([building(i).id for i in (1, 2, 3)])) == sorted(
        building(i).id for i in (1, 2, 3)
    )
    staged.close()


def test_a_refused_write_surfaces_at_the_next_call_and_rollback_undoes_the_rest(twin: TenantStore) -> None:
    tenant = Recording(twin, refuse=2)
    staged = StagedWrite(tenant)  # type: ignore[arg-type]
    staged.write([building(1)], {})
    staged.write([building(2)], {})  # refused on the writer thread
    with pytest.raises(WriteFailed, match="refused"):
        staged.flush()
    assert staged.rollback() == []
    assert twin.get_many([building(1).id, building(2).id]) == {}
