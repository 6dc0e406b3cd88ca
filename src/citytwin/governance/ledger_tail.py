"""Other processes' writes on the ledger: one server tails the durable change log and ledgers them, once.

A server ledgers its own writes from its change bus (:class:`~.ledger_writer.LedgerWriter`), with the
request's subject. Writes made by other processes on the same store — MQTT ingest workers, ``citytwin demo
simulate``, a server running without a ledger, any tool using :func:`citytwin.stream.changelog.record_changes`
— reach this process only through the change log (``Store.read_changes``). :class:`ChangeLogTail` reads it
and appends one ledger record per change whose writer does not ledger its own writes:

* **Who ledgers itself** is kept in the store: every ledgering process (API servers, the importer) registers
  its change-log writer name under ``ledger:self:<writer>`` (:func:`register_self`) before it writes, so
  its changes are never recorded twice, whichever server tails.
* **One tailer** per store: the ``ledger:tail`` lease. While it tails, it holds a ``feed:ledger:`` lease, so
  that every writer process records its changes in the log (see :mod:`citytwin.stream.demand`).
* **Nothing missed**: while the ledger is on, writer processes record every change in the log whether or not a
  server runs (:func:`citytwin.stream.changelog.record_changes`), and the log is not trimmed past the cursor
  (:func:`citytwin.stream.changelog.ledger_bound`, within ``LEDGER_KEEP_S``). The very first tail of a store
  starts at the beginning of the log, so what workers wrote before any server ran is ledgered too.
* **Exactly once**: the cursor (``ledger:cursor`` in the stream state) survives restarts. Before an append
  the tailer notes the ledger tip and the rows it is about to record (``ledger:pending``); after a crash
  between the append and the cursor save, the next tailer finds the appended run in the ledger and moves the
  cursor past it instead of appending it again.
* **Actor** of a record: the writer name as given by :func:`writer_name` (``cli:alice@host:import``,
  ``user:bob#<request id>``) or :func:`service_writer` (``service:mqtt-worker:0``, the process as request id);
  an anonymous process name (``host:pid:xxxxxxxx``) becomes ``process:host:pid:xxxxxxxx``.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Sequence

import msgspec

from citytwin.core.ledger import LedgerEntry
from citytwin.core.timeutil import to_micros, utc_now
from citytwin.errors import CitytwinError, OperationNotSupported
from citytwin.governance.ledger_store import Ledger
from citytwin.governance.ledger_writer import entity_digest
from citytwin.storage.base import LoggedChange, Store
from citytwin.stream.changelog import LEDGER_CURSOR, writer_id
from citytwin.stream.changes import decode, ledger_facts
from citytwin.stream.demand import FEED_LEASE
from citytwin.stream.sharedlog import SharedLog, shared_log

log = logging.getLogger(__name__)

CURSOR = LEDGER_CURSOR
PENDING = "ledger:pending"
SELF_PREFIX = "ledger:self:"
TAIL_LEASE = "ledger:tail"
FEED = FEED_LEASE + "ledger:"
BATCH = 5_000
"""Change-log rows per ledger append."""
REFRESH_S = 600.0
"""How often a running server renews its self-ledgering registration."""
FORGET_AFTER_S = 7 * 86_400.0
"""A registration neither renewed nor needed for this long is forgotten (see :meth:`ChangeLogTail.prune`)."""
_ANONYMOUS = re.compile(r"^[^:#\s]+:\d+:[0-9a-f]{8}$")
"""What :func:`citytwin.stream.changelog.writer_id` makes: host, pid, random part."""
_ACTIONS = {"created": "create", "updated": "update", "deleted": "delete"}
_ENCODE = msgspec.json.Encoder().encode
_DECODE = msgspec.json.Decoder(dict[str, int]).decode


def writer_name(actor: str, request_id: str = "") -> str:
    """The change-log writer name of a process acting as ``actor`` (for ``request_id``, when given)."""
    return f"{actor}#{request_id}" if request_id else actor


def service_writer(service: str) -> str:
    """The writer name of a platform service process, e.g. ``service:mqtt-worker:0``: its writes are ledgered
    as that actor, with the process (``host:pid:xxxxxxxx``) as request id."""
    return writer_name(f"service:{service}", writer_id())


def actor_of(writer: str) -> tuple[str, str]:
    """(actor, request id) of a change-log writer name (see :func:`writer_name`)."""
    if _ANONYMOUS.match(writer):
        return f"process:{writer}", ""
    actor, _, request_id = writer.partition("#")
    return (actor or "process:unknown"), request_id


def register_self(store: Store, writer: str) -> None:
    """Note that ``writer`` ledgers its own writes (call before its first write)."""
    store.save_stream_state({SELF_PREFIX + writer: (to_micros(utc_now()), b"")})


def change_record(row: LoggedChange, shared: SharedLog | None = None) -> LedgerEntry:
    """The ledger record of one change-log row written by another process.

    The digest is the one its writer stored with the change (:func:`citytwin.stream.changes.encode`); a row
    without one (an older writer, a writer that recorded for subscriptions only) has its subject decoded —
    through ``shared`` when given, where the change feed and the notifier may have decoded it already.
    """
    changed, digest = ledger_facts(row)
    if not digest:
        keep = shared is not None and shared.sharing("ledger")
        change = shared.change(row, keep=keep) if shared is not None else decode(row, previous=False)
        digest = entity_digest(change.subject)
    actor, request_id = actor_of(row.writer)
    return LedgerEntry(
        at_us=row.at_us,
        actor=actor,
        action=_ACTIONS.get(row.kind, "update"),
        resource=row.entity_id,
        tenant=row.tenant,
        attributes=changed,
        request_id=request_id,
        digest=digest,
    )


class ChangeLogTail:
    """Ledgers the change-log rows of processes that do not ledger themselves (see the module docstring)."""

    def __init__(
        self,
        store: Store,
        ledger: Ledger,
        *,
        owner: str,
        append: Callable[[Sequence[LedgerEntry]], None] | None = None,
        poll_s: float = 0.5,
        lease_s: float = 15.0,
        batch: int = BATCH,
    ) -> None:
        self.store = store
        self.ledger = ledger
        self.owner = owner
        """This process's change-log writer name (its own rows are ledgered from its bus)."""
        self.append = append or ledger.append
        self.poll_s = poll_s
        self.lease_s = lease_s
        self.batch = batch
        self.log = shared_log(store)
        """The log as this process reads it: rows the notifier or change feed read are not read again."""
        self.cursor: int | None = None
        self.leading = False
        self.recorded = 0
        self._selves: set[str] = set()
        self._others: set[str] = set()
        self._lease_until = 0.0
        self._registered = 0.0
        self._pruned = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------------
    def start(self) -> ChangeLogTail:
        """Register this process as self-ledgering and start tailing on a thread."""
        register_self(self.store, self.owner)
        self._registered = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="citytwin-ledger-tail", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                more = self.step()
            except CitytwinError as err:  # the store is away for a moment: try again
                log.warning("ledger tail: %s", err.detail)
                more = False
            except Exception:  # a bug must not stop the ledger of everything else
                log.exception("ledger tail failed")
                more = False
            if not more:
                self._stop.wait(self.poll_s)

    def close(self) -> None:
        """Ledger what is in the log now, stop, give the leases back."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        try:
            while self.step():
                pass
            if self.leading:
                self.store.release_lease(TAIL_LEASE, self.owner)
                self.store.release_lease(FEED + self.owner, self.owner)
                self.leading = False
        except CitytwinError as err:
            log.warning("ledger tail shutdown: %s", err.detail)

    # -- one round -------------------------------------------------------------------------------------
    def _lead(self) -> bool:
        now = time.monotonic()
        if now - self._registered >= REFRESH_S:  # alive: keep this process's registration from being pruned
            register_self(self.store, self.owner)
            self._registered = now
        if self.leading and now < self._lease_until - self.lease_s * 2 / 3:
            return True  # renewed a third of a lease ago at most
        now_us = to_micros(utc_now())  # leases are about live processes: wall-clock time
        until = now_us + int(self.lease_s * 1e6)
        try:
            leading = self.store.acquire_lease(TAIL_LEASE, self.owner, until, now_us)
            if leading:
                self.store.acquire_lease(FEED + self.owner, self.owner, until, now_us)
        except OperationNotSupported:
            leading = True  # a store without leases serves one process
        if leading and not self.leading:
            self.cursor = None  # another tailer may have moved it meanwhile
        self.leading = leading
        self._lease_until = now + self.lease_s
        return leading

    def step(self) -> bool:
        """Ledger the next rows of the log; True when more may be waiting."""
        if not self._lead():
            return False
        if self.cursor is None:
            self.cursor = self._recover()
        rows = self.log.rows(self.cursor, self.batch)
        if time.monotonic() - self._pruned >= REFRESH_S:
            self.prune(rows[0].at_us if rows else None)
            self._pruned = time.monotonic()
        if not rows:
            return False
        stored = self.store.load_stream_state(CURSOR).get(CURSOR)
        if stored is not None and stored[0] > self.cursor:  # a tailer that took over while this one stalled
            self.cursor = stored[0]
            return True
        foreign = self._foreign(rows)
        last = rows[-1].seq
        if foreign:
            entries = [change_record(r, self.log) for r in foreign]
            tip = self.ledger.known_tip().seq
            self.store.save_stream_state({PENDING: (last, _ENCODE({"tip": tip, "after": self.cursor}))})
            self.append(entries)
            self.recorded += len(entries)
        self.store.save_stream_state({CURSOR: (last, b"")})
        self.cursor = last
        return len(rows) >= self.batch

    def prune(self, first_unread_us: int | None) -> list[str]:
        """Forget registrations older than :data:`FORGET_AFTER_S` before the first unread change (or now).

        A writer registers before it writes, and a running server renews its registration: one that old has
        no unread change left and writes no more. Returns the writer names forgotten.
        """
        now_us = to_micros(utc_now())
        horizon = min(now_us, first_unread_us if first_unread_us is not None else now_us)
        limit = horizon - int(FORGET_AFTER_S * 1e6)
        old = [n for n, (at, _) in self.store.load_stream_state(SELF_PREFIX).items() if at < limit]
        if old:
            self.store.delete_stream_state(old)
        return [n[len(SELF_PREFIX) :] for n in old]

    def _foreign(self, rows: list[LoggedChange]) -> list[LoggedChange]:
        """The rows of writers that do not ledger themselves."""
        writers = {r.writer for r in rows}
        if writers - self._selves - self._others - {self.owner}:  # a writer not seen before: ask the store
            self._selves = {n[len(SELF_PREFIX) :] for n in self.store.load_stream_state(SELF_PREFIX)}
            self._others |= writers - self._selves
        skip = self._selves | {self.owner}
        return [r for r in rows if r.writer not in skip]

    def _recover(self) -> int:
        """The cursor to start from: the stored one, moved past a run appended before a crash."""
        states = self.store.load_stream_state("ledger:")
        if CURSOR not in states:  # never ran: ledger the whole log (self-ledgering writers are skipped)
            self.store.save_stream_state({CURSOR: (0, b"")})
            return 0
        cursor = states[CURSOR][0]
        pending = states.get(PENDING)
        if pending is None or pending[0] <= cursor:
            return cursor
        note = _DECODE(pending[1])
        if note.get("after") != cursor:
            return cursor
        if self._appended(note["tip"], cursor, pending[0]):
            self.store.save_stream_state({CURSOR: (pending[0], b"")})
            return pending[0]
        return cursor

    def _appended(self, tip: int, after: int, last: int) -> bool:
        """Whether the records of the rows ``after+1..last`` are in the ledger after record ``tip``."""
        rows = self.store.read_changes(after, last - after)
        wanted = [change_record(r, self.log) for r in self._foreign(rows) if r.seq <= last]
        if not wanted:
            return True
        first = wanted[0]
        for record in self.ledger.iter_records(tip):
            e = record.entry
            if (e.at_us, e.actor, e.action, e.resource, e.digest) == (
                first.at_us,
                first.actor,
                first.action,
                first.resource,
                first.digest,
            ):
                return True
        return False
