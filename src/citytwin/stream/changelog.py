"""The durable change log: every entity change stored once, in commit order, for every consumer.

:class:`ChangeRecorder` listens on the in-process bus and appends each change to the store's change log
(``Store.append_changes``), batched on its own thread so that the writer that produced the change only pays
for a deque append. Every process that writes entities runs one (the API does; an ingest worker wraps its
store the same way with :func:`record_changes`), so the log is also the bridge between processes:
notification delivery and WebSocket feeds tail it by ``seq`` whoever wrote the change.

Durability: a change is in the log within about ``interval_s`` of its write. A process killed in that window
loses the log entries of its last writes (the entities themselves are committed); a clean shutdown flushes.
When nobody needs the log (no subscription, no WebSocket feed anywhere: see ``demand``) the recorder
unsubscribes from the bus, and writes cost nothing extra — except in a writer process that does not ledger
its own writes (:func:`record_changes`) while the ledger is on (``Settings.ledger``, the default): it records
always, so that a server started later ledgers what it wrote meanwhile (``citytwin.governance.ledger_tail``).

Retention: the notifier trims the log below the slowest subscription (:mod:`.notifier`), but never past the
ledger tail's cursor (``ledger:cursor``) unless those entries are older than :data:`LEDGER_KEEP_S`, the
safety cap that keeps a store whose ledgering servers are all gone from growing forever
(:func:`ledger_bound`).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable

from citytwin.core.events import EntityChange
from citytwin.core.timeutil import to_micros, utc_now
from citytwin.errors import CitytwinError
from citytwin.storage.base import Store
from citytwin.stream.bus import EventBus, Subscription
from citytwin.stream.changes import Change, encode, from_event

log = logging.getLogger(__name__)

MAX_PENDING = 1_000_000
"""Changes kept in memory while the store refuses appends; older ones are dropped (and counted) beyond."""
LEDGER_CURSOR = "ledger:cursor"
"""Stream state of the ledger tail: the last change-log seq it has ledgered (or skipped)."""
LEDGER_KEEP_S = 30 * 86_400.0
"""Entries the ledger tail has not consumed are kept at most this long (then trimmed unledgered)."""


def writer_id() -> str:
    """A name for this process in the log: host, pid and a random part (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class RecentChanges:
    """The last changes this process appended, by seq: local consumers skip decoding what they wrote."""

    def __init__(self, size: int = 50_000) -> None:
        self.size = size
        self._items: OrderedDict[int, Change] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, changes: list[Change]) -> None:
        """Remember appended changes."""
        with self._lock:
            for change in changes:
                self._items[change.seq] = change
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get(self, seq: int) -> Change | None:
        """The change with that seq, if still remembered."""
        return self._items.get(seq)


class ChangeRecorder:
    """Appends the bus's changes to the store's change log in batches (see the module docstring)."""

    def __init__(
        self,
        store: Store,
        bus: EventBus,
        *,
        writer: str | None = None,
        interval_s: float = 0.005,
        max_batch: int = 5_000,
        demand: Callable[[], bool] | None = None,
        demand_poll_s: float = 2.0,
        digests: bool = False,
        remember: int = 50_000,
    ) -> None:
        self.store = store
        self.bus = bus
        self.writer = writer or writer_id()
        self.interval_s = interval_s
        self.max_batch = max_batch
        self.demand = demand
        self.demand_poll_s = demand_poll_s
        self.digests = digests
        """Store each change's ledger digest with it: a process whose writes a server ledgers from the log
        (computed here, on the recorder's thread, so that the server does not decode the entity again)."""
        self.recent = RecentChanges(remember)
        """The last ``remember`` changes appended, for this process's own consumers (0: it has none)."""
        self.listeners: list[Callable[[int], None]] = []
        """Called with the new last seq after each append (on the recorder's thread)."""
        self.appended = 0
        self.dropped = 0
        self.head = 0
        self._pending: deque[EntityChange] = deque()
        self._wake = threading.Event()
        self._flush_lock = threading.Lock()
        self._sub: Subscription | None = None
        self._sub_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._next_poll = 0.0

    # -- switching on and off -------------------------------------------------------------------------
    @property
    def enabled(self) -> bool:
        """Whether changes are being recorded."""
        return self._sub is not None

    def enable(self) -> None:
        """Start recording (idempotent); from now on every change reaches the log."""
        with self._sub_lock:
            if self._sub is None:
                # The previous state tells attributeCreated from attributeUpdated and feeds showChanges.
                self._sub = self.bus.subscribe(self._listen, wants_previous=True)

    def disable(self) -> None:
        """Stop recording (idempotent); what is pending is still appended."""
        with self._sub_lock:
            if self._sub is not None:
                self._sub.close()
                self._sub = None

    def refresh_demand(self) -> bool:
        """Ask ``demand`` whether the log is needed and switch accordingly; returns the answer."""
        if self.demand is None:
            self.enable()
            return True
        try:
            needed = self.demand()
        except CitytwinError as err:  # an unreachable store: keep recording, it is the safe side
            log.warning("change log demand unknown (%s); recording", err.detail)
            needed = True
        if needed:
            self.enable()
        else:
            self.disable()
        return needed

    # -- the writer's side ------------------------------------------------------------------------------
    def _listen(self, event: EntityChange) -> None:
        pending = self._pending
        pending.append(event)
        if len(pending) > MAX_PENDING:
            pending.popleft()
            self.dropped += 1
        if len(pending) == 1:
            self._wake.set()

    # -- the recorder thread ----------------------------------------------------------------------------
    def start(self) -> None:
        """Check demand and start the flushing thread."""
        self.refresh_demand()
        self._next_poll = time.monotonic() + self.demand_poll_s
        self._thread = threading.Thread(target=self._run, name="citytwin-change-recorder", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(timeout=0.25)
            self._wake.clear()
            if self._pending:
                time.sleep(self.interval_s)  # let a burst of writes gather into one transaction
                try:
                    self.flush()
                except CitytwinError as err:
                    log.warning("change log append failed (%s); retrying", err.detail)
                    time.sleep(0.5)
                    self._wake.set()
            if time.monotonic() >= self._next_poll:
                self._next_poll = time.monotonic() + self.demand_poll_s
                self.refresh_demand()

    def flush(self) -> int:
        """Append everything pending now (also called on close); returns how many changes were appended."""
        total = 0
        with self._flush_lock:
            while self._pending:
                batch: list[EntityChange] = []
                while self._pending and len(batch) < self.max_batch:
                    batch.append(self._pending.popleft())
                changes = [from_event(e, writer=self.writer) for e in batch]
                try:
                    digests = self.digests
                    last = self.store.append_changes([encode(c, digest=digests) for c in changes])
                except BaseException:
                    self._pending.extendleft(reversed(batch))  # keep the order for the retry
                    raise
                if self.recent.size:
                    self.recent.put(_stamped(changes, last - len(changes) + 1))
                self.head = last
                self.appended += len(changes)
                total += len(changes)
                for listener in self.listeners:
                    try:
                        listener(last)
                    except Exception:
                        log.exception("change log listener failed")
        return total

    def close(self) -> None:
        """Stop recording, append what is pending and stop the thread."""
        self.disable()
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        try:
            self.flush()
        except CitytwinError as err:
            log.error("change log: %d changes could not be appended at shutdown (%s)", len(self._pending),
                      err.detail)  # fmt: skip


def ledger_bound(store: Store, upto: int, *, now_us: int | None = None) -> int:
    """How far the log may be trimmed (``seq <= result``) when its readers are done with ``upto``.

    Not past the ledger tail's cursor — what it has not consumed stays for a server started later — unless
    the first entry it has not consumed is older than :data:`LEDGER_KEEP_S` (the safety cap: then the usual
    retention applies and those entries are lost to the ledger). A store never ledgered is not bound.
    """
    cursor = store.load_stream_state(LEDGER_CURSOR).get(LEDGER_CURSOR)
    if cursor is None or upto <= cursor[0]:
        return upto
    first = store.read_changes(cursor[0], 1)
    now_us = now_us if now_us is not None else to_micros(utc_now())
    if first and first[0].at_us < now_us - int(LEDGER_KEEP_S * 1e6):
        log.warning("change log: entries after seq %d were never ledgered; trimmed past the cap", cursor[0])
        return upto
    return cursor[0]


def _stamped(changes: list[Change], first: int) -> list[Change]:
    """``changes`` with the seqs the log gave them, from ``first`` on."""
    out = []
    for i, c in enumerate(changes):
        out.append(Change(first + i, c.tenant, c.kind, c.entity_id, c.types, c.at_us, c.entity, c.previous,
                          c.created, c.updated, c.deleted, c.writer))  # fmt: skip
    return out


def record_changes(
    store: Store, *, origin: str = "ingest", writer: str | None = None, ledger: bool | None = None
) -> tuple[Store, ChangeRecorder]:
    """Wrap ``store`` for a writer process (ingest worker, importer) so that its writes reach the log.

    ``writer`` names the process in the log (the ledger records its writes under that name, see
    :func:`citytwin.governance.ledger_tail.writer_name`; default: an anonymous :func:`writer_id`). Returns
    the observed store to write through and the started recorder (close it before the store). While the
    ledger is on (``ledger``, default ``Settings().ledger``) every write is recorded, whether or not a
    server runs; otherwise recording switches itself on while any subscription or WebSocket feed exists.
    """
    from citytwin.stream.demand import remote_demand
    from citytwin.stream.observed import ObservedStore

    if ledger is None:
        from citytwin.settings import Settings

        ledger = Settings().ledger
    bus = EventBus()
    observed = ObservedStore(store, bus, origin=origin)
    # Nothing in a writer process reads its own changes back (notifications and feeds run in the server,
    # from the log): it remembers none, and keeps no 50,000 changes alive for the collector to rescan.
    recorder = ChangeRecorder(observed, bus, writer=writer, digests=ledger, remember=0)
    if not ledger:  # without a ledger only subscriptions and feeds need the log
        recorder.demand = lambda: remote_demand(store, recorder.writer)
    recorder.start()
    return observed, recorder
