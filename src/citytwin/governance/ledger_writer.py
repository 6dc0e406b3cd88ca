"""The ledger's one writer: a thread that appends queued records in batches and seals idle blocks.

Everything that must be ledgered is submitted here and never waits for the database: entity writes arrive
from the change bus (:meth:`LedgerWriter.attach`, a listener that builds the record, digest included, and
enqueues it), governed reads and permission changes from the enforcement layer (:meth:`LedgerWriter.submit`).
A failed append is retried (nothing queued is dropped); records wait at most ``seal_after_s`` of quiet before
their block is sealed and anchored.

The listener digests the entity at once rather than on the writer thread: the digest is Python work either
way (it holds the interpreter lock wherever it runs), and a queued event would keep its entity alive until
the writer thread got to it, so a batch's thousands of entities would outlive the request and the cyclic
collector would scan them all (some 40 containers an entity) in its next young collection.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence

from citytwin.core.events import ChangeKind, EntityChange
from citytwin.core.ledger import LedgerEntry, data_digest, entity_digest
from citytwin.core.timeutil import to_micros
from citytwin.errors import CitytwinError
from citytwin.governance.enforce_context import RequestContext, current
from citytwin.governance.ledger_store import Ledger
from citytwin.stream.bus import EventBus, Subscription

log = logging.getLogger(__name__)
__all__ = ["BATCH", "LINGER_S", "LedgerWriter", "Pending", "change_entry", "data_digest", "entity_digest"]

BATCH = 20_000
"""Most records per append transaction."""
LINGER_S = 0.1
"""How long the writer lets records gather before an append (latency the ledger can afford)."""

Pending = LedgerEntry | Callable[[], LedgerEntry | None]
_ACTIONS = {ChangeKind.CREATED: "create", ChangeKind.UPDATED: "update", ChangeKind.DELETED: "delete"}


def change_entry(change: EntityChange, ctx: RequestContext | None) -> LedgerEntry:
    """The ledger record of one entity write (create, update or delete) made by ``ctx``."""
    data = change.entity if change.entity is not None else change.previous
    return LedgerEntry(
        at_us=to_micros(change.at),
        actor=ctx.actor if ctx is not None else f"system:{change.origin or 'store'}",
        action=_ACTIONS[change.kind],
        resource=change.entity_id,
        tenant=change.tenant,
        attributes=tuple(change.attrs),
        purpose=ctx.purpose if ctx is not None else "",
        request_id=ctx.request_id if ctx is not None else "",
        digest=entity_digest(data),
    )


class LedgerWriter:
    """Queue → batched :meth:`Ledger.append` on one thread."""

    def __init__(
        self,
        ledger: Ledger,
        *,
        seal_after_s: float = 5.0,
        retry_s: float = 1.0,
        linger_s: float = LINGER_S,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ledger = ledger
        self.seal_after_s = seal_after_s
        self.retry_s = retry_s
        self.linger_s = linger_s
        self._idle = False
        self._hurry = False
        self.monotonic = monotonic
        self._queue: deque[Pending] = deque()
        self._cond = threading.Condition()
        self._busy = 0
        self._stop = False
        self._thread: threading.Thread | None = None
        self._subscription: Subscription | None = None
        self._last_append = monotonic()
        self._unsealed = False
        self.appended = 0
        self.failures = 0

    # -- feeding ---------------------------------------------------------------------------------------
    def submit(self, item: Pending) -> None:
        """Queue a record (or a function building it on the writer thread; None skips it)."""
        with self._cond:
            self._queue.append(item)
            if self._idle or len(self._queue) >= BATCH:
                self._cond.notify_all()

    def attach(self, bus: EventBus) -> Subscription:
        """Ledger every entity change published on ``bus``."""

        def listener(change: EntityChange) -> None:
            ctx = current()  # the writer's request: listeners run on the writer's thread, in its context
            try:
                entry = change_entry(change, ctx)
            except Exception:  # built again on the writer thread, which logs and counts the failure
                self.submit(lambda: change_entry(change, ctx))
                return
            self.submit(entry)

        self._subscription = bus.subscribe(listener, wants_kind=True)  # "create" vs "update" of upserts
        return self._subscription

    def append_now(self, entries: Sequence[LedgerEntry]) -> None:
        """Append on the caller's thread (it must know they are durable: the change-log tail's cursor)."""
        if not entries:
            return
        self.ledger.append(entries)
        with self._cond:
            self.appended += len(entries)
            self._last_append = self.monotonic()
            self._unsealed = True  # the writer thread seals the block once the ledger is quiet
            self._cond.notify_all()

    # -- the thread ------------------------------------------------------------------------------------
    def start(self) -> LedgerWriter:
        """Start the writer thread (idempotent)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="citytwin-ledger", daemon=True)
            self._thread.start()
        return self

    def _take(self) -> list[Pending] | None:
        with self._cond:
            self._idle = True
            while not self._queue and not self._stop:
                idle = self.monotonic() - self._last_append
                if self._unsealed and idle >= self.seal_after_s:
                    self._idle = False
                    return []
                wait = self.seal_after_s - idle if self._unsealed else None
                self._cond.wait(timeout=max(0.01, wait) if wait is not None else None)
            self._idle = False
            # Let a batch gather: an append is one transaction, whether it holds one record or thousands.
            end = time.monotonic() + self.linger_s
            while len(self._queue) < BATCH and not (self._stop or self._hurry):
                left = end - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(timeout=left)
            self._hurry = False
            if not self._queue:
                return None  # stopping with nothing left
            n = min(len(self._queue), BATCH)
            items = [self._queue.popleft() for _ in range(n)]
            self._busy = n
            return items

    def _run(self) -> None:
        while True:
            items = self._take()
            if items is None:
                break
            if not items:
                self._seal()
                continue
            entries = self._build(items)
            while entries:
                try:
                    self.ledger.append(entries)
                    break
                except CitytwinError as err:
                    self.failures += 1
                    log.error(
                        "ledger append failed (%d records kept, retrying): %s", len(entries), err.detail
                    )
                    with self._cond:
                        if self._stop:
                            break
                        self._cond.wait(timeout=self.retry_s)
            with self._cond:
                self.appended += len(entries)
                self._busy = 0
                self._last_append = self.monotonic()
                self._unsealed = self._unsealed or bool(entries)
                self._cond.notify_all()

    def _build(self, items: list[Pending]) -> list[LedgerEntry]:
        out: list[LedgerEntry] = []
        for item in items:
            try:
                entry = item() if callable(item) else item
                if entry is not None:
                    entry.check()
                    out.append(entry)
            except Exception:  # one bad record must not stop the ledger; it is logged with its cause
                self.failures += 1
                log.exception("could not build a ledger record")
        return out

    def _seal(self) -> None:
        try:
            self.ledger.seal()
            self._unsealed = False
        except CitytwinError as err:
            log.error("sealing a ledger block failed: %s", err.detail)
        with self._cond:
            self._last_append = self.monotonic()

    # -- control ---------------------------------------------------------------------------------------
    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until everything queued so far is appended; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            self._hurry = True
            self._cond.notify_all()
            while self._queue or self._busy:
                left = deadline - time.monotonic()
                if left <= 0 or self._thread is None:
                    return False
                self._cond.wait(timeout=left)
        return True

    def close(self, timeout: float = 30.0) -> None:
        """Stop listening, append what is queued, seal the last block, stop the thread."""
        if self._subscription is not None:
            self._subscription.close()
        if self._thread is None:
            return
        self.flush(timeout)
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        self._thread.join(timeout)
        self._thread = None
        try:
            self.ledger.seal()
        except CitytwinError as err:
            log.error("sealing the last ledger block failed: %s", err.detail)
