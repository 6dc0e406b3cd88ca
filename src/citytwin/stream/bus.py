"""The in-process change bus: one stream of :class:`~citytwin.core.events.EntityChange` for every consumer.

Publishers are the store wrapper (:mod:`citytwin.stream.observed`), so every write path (API, ingest,
importers, scenarios) feeds it without knowing who listens. Subscribers are called synchronously on the
writer's thread, in publication order, and must return quickly: they filter and enqueue, and do their slow
work (HTTP delivery, WebSocket sends, indicator windows) elsewhere. A subscriber that raises is logged and
skipped, never allowed to fail or block the write that produced the event.

For asyncio consumers (WebSocket, async deliverers) :meth:`EventBus.async_queue` hands events over to an event
loop with ``call_soon_threadsafe``.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from citytwin.core.events import EntityChange

log = logging.getLogger(__name__)

Listener = Callable[[EntityChange], None]


@dataclass(slots=True, eq=False)
class Subscription:
    """A registered listener; ``close()`` removes it."""

    bus: EventBus
    listener: Listener
    tenant: str | None
    wants_previous: bool
    wants_kind: bool = False
    closed: bool = field(default=False)

    def close(self) -> None:
        """Stop receiving events (idempotent)."""
        if not self.closed:
            self.closed = True
            self.bus._remove(self)


class EventBus:
    """Thread-safe publish/subscribe of entity changes within one process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subs: tuple[Subscription, ...] = ()
        self._seq = itertools.count(1)
        self._seq_lock = threading.Lock()
        self.published = 0
        """Events published so far (for health and benchmarks)."""
        self.listener_errors = 0

    # -- subscribing ------------------------------------------------------------------------------------
    def subscribe(
        self,
        listener: Listener,
        *,
        tenant: str | None = None,
        wants_previous: bool = False,
        wants_kind: bool = False,
    ) -> Subscription:
        """Call ``listener`` with every change (of ``tenant`` only, when given).

        ``wants_previous`` asks writers to include the state before the change (costs a read per write, so
        ask only when needed: change-only triggers, showChanges, hysteresis on the old value).
        ``wants_kind`` asks only that a batch upsert tell created entities from updated ones (the ledger):
        writers read the entities they do not know to exist already, so steady writes to the same entities
        cost no read.
        """
        sub = Subscription(self, listener, tenant, wants_previous, wants_kind)
        with self._lock:
            self._subs = (*self._subs, sub)
        return sub

    def async_queue(
        self, loop: asyncio.AbstractEventLoop, *, tenant: str | None = None, maxsize: int = 0
    ) -> tuple[asyncio.Queue[EntityChange], Subscription]:
        """An asyncio queue on ``loop`` fed with changes; when it is full, events are dropped and counted.

        Callers that must not miss events use ``maxsize=0`` (unbounded) and consume promptly.
        """
        queue: asyncio.Queue[EntityChange] = asyncio.Queue(maxsize=maxsize)

        def put(change: EntityChange) -> None:
            try:
                queue.put_nowait(change)
            except asyncio.QueueFull:
                self.listener_errors += 1

        def listener(change: EntityChange) -> None:
            if not loop.is_closed():
                loop.call_soon_threadsafe(put, change)

        return queue, self.subscribe(listener, tenant=tenant)

    def _remove(self, sub: Subscription) -> None:
        with self._lock:
            self._subs = tuple(s for s in self._subs if s is not sub)

    # -- publishing -------------------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        """True when anyone listens (writers skip building events otherwise)."""
        return bool(self._subs)

    def wants_previous(self, tenant: str) -> bool:
        """True when a listener of ``tenant`` asked for the state before each change."""
        return any(s.wants_previous and s.tenant in (None, tenant) for s in self._subs)

    def wants_kind(self, tenant: str) -> bool:
        """True when a listener of ``tenant`` asked that creations be told from updates (or for the previous
        state, which tells them too)."""
        return any((s.wants_kind or s.wants_previous) and s.tenant in (None, tenant) for s in self._subs)

    def next_seq(self) -> int:
        """The next sequence number (publishers stamp events with it under their own write lock)."""
        with self._seq_lock:
            return next(self._seq)

    def publish(self, change: EntityChange) -> None:
        """Deliver one change to every matching listener, in subscription order."""
        self.published += 1
        for sub in self._subs:  # a snapshot: the tuple is replaced, never mutated
            if sub.tenant is not None and sub.tenant != change.tenant:
                continue
            try:
                sub.listener(change)
            except Exception:  # a listener must never fail the write that produced the event
                self.listener_errors += 1
                log.exception("change listener %r failed on %s", sub.listener, change.entity_id)

    def publish_many(self, changes: Iterable[EntityChange]) -> None:
        """Publish changes in order."""
        for change in changes:
            self.publish(change)
