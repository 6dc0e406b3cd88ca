"""The change feed of one process: every change, local or from another process, delivered on the event loop.

Local writes come from the bus as they are published (no log round trip: a dashboard sees them within
milliseconds). Writes of other processes (an ingest worker, a second API worker) come from the durable change
log, tailed every ``poll_s``; rows this process wrote are skipped, since the bus already delivered them.
While the feed runs it holds a ``feed:`` lease in the store, so that the writers of other processes keep
recording their changes (see :mod:`citytwin.stream.demand`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool

from citytwin.core.events import EntityChange
from citytwin.core.timeutil import to_micros, utc_now
from citytwin.errors import CitytwinError
from citytwin.storage.base import Store
from citytwin.stream.bus import EventBus, Subscription
from citytwin.stream.changes import Change, from_event
from citytwin.stream.demand import FEED_LEASE
from citytwin.stream.sharedlog import shared_log

log = logging.getLogger(__name__)

Listener = Callable[[Change], None]
_BATCH = 2000
"""Log rows per read."""


class ChangeFeed:
    """Local and remote changes for in-process consumers (the WebSocket hub)."""

    def __init__(
        self, store: Store, bus: EventBus, *, writer: str, poll_s: float = 0.1, lease_s: float = 30.0
    ) -> None:
        self.store = store
        self.bus = bus
        self.writer = writer
        self.poll_s = poll_s
        self.lease_s = lease_s
        self.log = shared_log(store)
        """Rows and decoded changes shared with the notifier and the ledger tail of this process."""
        self.listeners: list[Listener] = []
        self.received = 0
        self._events: deque[EntityChange] = deque()
        self._scheduled = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._sub: Subscription | None = None
        self._tail: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        """Whether the feed is on."""
        return self._sub is not None

    async def start(self) -> None:
        """Listen to the bus and start tailing the log for other processes' writes."""
        if self._sub is not None:
            return
        self._loop = asyncio.get_running_loop()
        # The state before each change lets filters tell attribute creations and deletions apart.
        self._sub = self.bus.subscribe(self._on_event, wants_previous=True)
        self._tail = asyncio.create_task(self._tail_log(), name="citytwin-feed-tail")

    async def stop(self) -> None:
        """Stop listening and give the feed lease back."""
        if self._sub is not None:
            self._sub.close()
            self._sub = None
        if self._tail is not None:
            self._tail.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._tail
            self._tail = None
            with contextlib.suppress(CitytwinError):
                await run_in_threadpool(self.store.release_lease, FEED_LEASE + self.writer, self.writer)

    # -- local changes: the bus calls this on the writer's thread --------------------------------------
    def _on_event(self, event: EntityChange) -> None:
        self._events.append(event)
        loop = self._loop
        if not self._scheduled and loop is not None and not loop.is_closed():
            self._scheduled = True
            loop.call_soon_threadsafe(self._drain)

    def _drain(self) -> None:
        self._scheduled = False
        events = self._events
        while events:
            self._emit(from_event(events.popleft(), writer=self.writer))

    def _emit(self, change: Change) -> None:
        self.received += 1
        for listener in self.listeners:
            try:
                listener(change)
            except Exception:  # one consumer's bug must not starve the others
                log.exception("change feed listener failed")

    # -- other processes' changes: the log ---------------------------------------------------------------
    def _read(self, position: int) -> tuple[int, bool, list[Change]]:
        """The position after reading the log after ``position``, whether a whole batch came (more may be
        waiting), and the other processes' changes."""
        shared = self.log
        rows = shared.rows(position, _BATCH)
        # Listeners look at the state after a change (and before a deletion), never at the previous
        # instances of updated attributes: those are not decoded. Decoding happens here, off the event loop.
        keep = shared.sharing("feed")
        changes = [shared.change(row, keep=keep) for row in rows if row.writer != self.writer]
        return (rows[-1].seq if rows else position), len(rows) >= _BATCH, changes

    async def _tail_log(self) -> None:
        position = await run_in_threadpool(self.store.last_change_seq)
        next_lease = 0.0
        loop = asyncio.get_running_loop()
        while True:
            try:
                if loop.time() >= next_lease:
                    now_us = to_micros(utc_now())
                    until = now_us + int(self.lease_s * 1e6)
                    lease = FEED_LEASE + self.writer
                    await run_in_threadpool(self.store.acquire_lease, lease, self.writer, until, now_us)
                    next_lease = loop.time() + self.lease_s / 3
                position, more, changes = await run_in_threadpool(self._read, position)
            except CitytwinError as err:
                log.warning("change feed: the log cannot be read (%s)", err.detail)
                await asyncio.sleep(1.0)
                continue
            for change in changes:
                self._emit(change)
            if not more:
                await asyncio.sleep(self.poll_s)
