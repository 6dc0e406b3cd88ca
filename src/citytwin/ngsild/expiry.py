"""Transient entities (NGSI-LD 4.22): an entity whose ``expiresAt`` has passed is removed from the broker.

Two parts, so that no reader depends on the timing of the other:

* reads stop at once: the stores' ``get`` answers ResourceNotFound for an entity past its ``expiresAt`` (so
  GET /entities/{id} and every write that starts by reading the entity see it gone), and entity queries
  leave it out (``EntityQuery(live_at=now)``, see :func:`citytwin.ngsild.routes_query.execute`);
* :class:`ExpirySweeper` purges such entities in every tenant every ``interval_s`` seconds, through the store
  the API writes to, so each removal is published like any other deletion (notifications, change log,
  ledger).

The stores find the entities due with ``EntityQuery(expired_at=now)``; the entity's ``expiresAt`` lives in
its stored document (``citytwin.storage.codec.EXPIRES_KEY``). Attribute history is kept, as for any deletion.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace

from citytwin.core.query import EntityQuery
from citytwin.core.timeutil import Clock, utc_now
from citytwin.storage.base import Store

log = logging.getLogger(__name__)

SWEEP_INTERVAL_S = 30.0
"""Seconds between sweeps: each one scans the stored documents of every tenant for an expiry."""


class ExpirySweeper:
    """Purges expired transient entities from every tenant of ``store``, now (:meth:`sweep`) or on a timer."""

    def __init__(self, store: Store, *, clock: Clock = utc_now) -> None:
        self.store = store
        self.clock = clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def sweep(self) -> int:
        """Delete every entity whose ``expiresAt`` is at or before the clock's now; returns how many."""
        due = EntityQuery(expired_at=self.clock())
        total = 0
        for name in self.store.tenants():
            tenant = self.store.tenant(name)
            # Most sweeps find nothing: look first with a plain read, which holds no writer's lock.
            if tenant.query(replace(due, limit=1)).entities:
                total += tenant.purge(due)
        return total

    def start(self, interval_s: float = SWEEP_INTERVAL_S) -> None:
        """Sweep every ``interval_s`` seconds in a daemon thread until :meth:`close`."""

        def loop() -> None:
            while not self._stop.wait(interval_s):
                try:
                    self.sweep()
                except Exception:  # the store may be briefly unavailable; the next sweep catches up
                    log.exception("transient entity sweep failed")

        self._thread = threading.Thread(target=loop, name="citytwin-expiry-sweep", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop the timer (the store belongs to the caller)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None
