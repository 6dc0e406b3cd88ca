"""The change log as this process's consumers see it: each row read once and decoded once, then shared.

A server tails the durable change log three times over: the notifier (subscriptions), the change feed
(WebSocket filters) and the ledger tail (other processes' writes). Each used to run its own query for the
same rows and decode each row again; at thousands of changes a second those repeats were most of their cost.
:func:`shared_log` gives every consumer of one store object the same :class:`SharedLog`, which keeps the
rows it has read (and their decoded changes) for a while:

* **Rows**: the log is read in seq order and only grows at the end (:mod:`.changelog`), so when a read
  after ``a`` returned rows up to ``b``, the cache holds every row in ``(a, b]``. A consumer asking for rows
  inside that window gets them from memory and the store is asked only for what lies beyond it.
* **Changes**: while more than one consumer decodes (say the notifier and the change feed), a row is
  decoded at most once, by the first that needs it, and kept for the others. A lone decoder's changes are
  not kept: a cached change lives long enough to reach the garbage collector's oldest generation, and with
  nobody to share it with, that costs more than it saves. The previous state of updates is decoded only on
  request (``previous=True``: showChanges, temporal queries); a change decoded without it is decoded again
  for a consumer that needs it.

Rows beyond :attr:`SharedLog.size` behind the newest are forgotten; a consumer that far behind reads the
store directly (and decodes what it reads).
"""

from __future__ import annotations

import threading
import time
import weakref
from bisect import bisect_right
from dataclasses import dataclass

from citytwin.storage.base import LoggedChange, Store
from citytwin.stream.changes import Change, decode

SIZE = 50_000
"""Rows (and their decoded changes) kept in memory per store."""
SHARING_S = 5.0
"""A consumer that decoded within this long counts as decoding (see :meth:`SharedLog.change`)."""


@dataclass(slots=True)
class _Slot:
    row: LoggedChange
    change: Change | None = None
    previous: bool = False
    """Whether ``change`` carries the previous state of an update."""


class SharedLog:
    """Rows and decoded changes of one store's log, shared by the consumers of this process."""

    def __init__(self, store: Store, *, size: int = SIZE) -> None:
        self.store = store
        self.size = size
        self.reads = 0
        """Store queries made (for tests and benchmarks)."""
        self.decodes = 0
        """Rows decoded (for tests and benchmarks)."""
        self._slots: dict[int, _Slot] = {}
        self._seqs: list[int] = []
        """The cached seqs, ascending; every log row in ``(_low, _seqs[-1]]`` is cached."""
        self._low = 0
        self._high = -1
        """The window ``(_low, _high]`` holds every row of the log (empty while ``_high < _low``)."""
        self._lock = threading.Lock()
        self._decoders: dict[str, float] = {}
        """When each consumer last asked for a decoded change (monotonic seconds)."""

    # -- rows ------------------------------------------------------------------------------------------
    def rows(self, after: int, limit: int) -> list[LoggedChange]:
        """Rows with seq > ``after`` in seq order, at most ``limit``: from memory, then from the store."""
        with self._lock:
            out = self._cached(after, limit)
            start = out[-1].seq if out else max(after, self._high) if self._low <= after else after
            if len(out) < limit:
                # Held under the lock: a second consumer asking for the same rows waits and takes them from
                # memory instead of running the same query.
                fresh = self.store.read_changes(start, limit - len(out))
                self.reads += 1
                self._extend(start, fresh)
                out.extend(fresh)
        return out

    def _cached(self, after: int, limit: int) -> list[LoggedChange]:
        if not self._low <= after < self._high:
            return []
        seqs = self._seqs
        i = bisect_right(seqs, after)
        return [self._slots[s].row for s in seqs[i : i + limit]]

    def _extend(self, after: int, rows: list[LoggedChange]) -> None:
        """Note rows read from the store after ``after`` (the window grows when they continue it)."""
        if not rows:
            return
        if not self._low <= after <= self._high:
            if after < self._low:
                return  # a consumer far behind: its rows are older than the window, not kept
            self._slots.clear()  # a consumer ahead of the window (or the first read): start a new one
            self._seqs = []
            self._low = self._high = after
        slots, seqs, high = self._slots, self._seqs, self._high
        for row in rows:
            if row.seq > high:
                slots[row.seq] = _Slot(row)
                seqs.append(row.seq)
        self._high = max(self._high, rows[-1].seq)
        excess = len(seqs) - self.size
        if excess > 0:
            for seq in seqs[:excess]:
                del slots[seq]
            self._low = seqs[excess - 1]
            del seqs[:excess]

    # -- changes ---------------------------------------------------------------------------------------
    def sharing(self, consumer: str) -> bool:
        """Note that ``consumer`` decodes now; whether another one did lately (then changes are kept)."""
        now = time.monotonic()
        decoders = self._decoders
        decoders[consumer] = now
        return any(now - at < SHARING_S for name, at in list(decoders.items()) if name != consumer)

    def change(self, row: LoggedChange, *, previous: bool = False, keep: bool = True) -> Change:
        """The decoded change of a row: decoded once and kept when ``keep`` (see the module docstring)."""
        slot = self._slots.get(row.seq)  # a seq names one row forever: a row read apart shares the slot
        if slot is not None:
            found = slot.change
            if found is not None and (slot.previous or not previous):
                return found
        change = decode(row, previous=previous)
        self.decodes += 1
        if slot is not None and keep:
            # A race with another consumer decoding the same row only costs a decode: the results are equal.
            slot.change, slot.previous = change, previous
        return change

    def changes(self, after: int, limit: int, *, consumer: str, previous: bool = False) -> list[Change]:
        """The decoded changes after ``after`` for ``consumer`` (see :meth:`rows` and :meth:`change`)."""
        keep = self.sharing(consumer)
        return [self.change(row, previous=previous, keep=keep) for row in self.rows(after, limit)]


_SHARED: weakref.WeakKeyDictionary[Store, SharedLog] = weakref.WeakKeyDictionary()
_SHARED_LOCK = threading.Lock()


def shared_log(store: Store) -> SharedLog:
    """The :class:`SharedLog` of ``store`` (one per store object in this process)."""
    with _SHARED_LOCK:
        found = _SHARED.get(store)
        if found is None:
            found = _SHARED[store] = SharedLog(store)
        return found
