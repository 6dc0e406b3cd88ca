"""A tenant's registrations, cached, and what the broker observed of each source (status counters).

Every NGSI-LD read asks :meth:`Registry.peek` first: a dict lookup that, for a tenant with no registration,
is all the purely local path pays. The cache is invalidated when a registration of the tenant changes
through this process, and expires after ``ttl`` seconds so that processes sharing a store (several API
workers) see each other's changes.

Status counters (``timesSent``, ``timesFailed``, ``lastSuccess``, ``lastFailure``, ``status``) are kept in
memory per process: writing them to the store on every forwarded request would put a write on every
federated read.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from citytwin.core.timeutil import Clock, format_instant, utc_now
from citytwin.federation.registration import KIND, Registration
from citytwin.storage.base import Store

PAGE = 1000
DEFAULT_TTL = 2.0
"""Seconds a tenant's cached registrations are trusted without re-reading the store."""


@dataclass(slots=True)
class SourceStats:
    """What the broker observed forwarding to one registration."""

    times_sent: int = 0
    times_failed: int = 0
    last_success: datetime | None = None
    last_failure: datetime | None = None
    failed: bool = False
    cooldown_until: float = 0.0
    """Monotonic time before which a failed source is not asked again (``management.cooldown``)."""

    def as_members(self) -> dict[str, Any]:
        """The registration's status members (clause 5.2.9), once it has been used."""
        if not self.times_sent:
            return {}
        out: dict[str, Any] = {
            "status": "failed" if self.failed else "ok",
            "timesSent": self.times_sent,
            "timesFailed": self.times_failed,
        }
        if self.last_success is not None:
            out["lastSuccess"] = format_instant(self.last_success)
        if self.last_failure is not None:
            out["lastFailure"] = format_instant(self.last_failure)
        return out


class Registry:
    """Cached registrations per tenant, and per-registration status counters."""

    def __init__(
        self,
        store: Store,
        *,
        clock: Clock = utc_now,
        ttl: float = DEFAULT_TTL,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.clock = clock
        self.ttl = ttl
        self.monotonic = monotonic
        self._cache: dict[str, tuple[float, tuple[Registration, ...]]] = {}
        self._stats: dict[tuple[str, str], SourceStats] = {}
        self._lock = threading.Lock()

    def peek(self, tenant: str) -> tuple[Registration, ...] | None:
        """The tenant's registrations if the cache is fresh, else None (then call :meth:`load`)."""
        hit = self._cache.get(tenant)
        if hit is None or hit[0] < self.monotonic():
            return None
        return hit[1]

    def load(self, tenant: str) -> tuple[Registration, ...]:
        """Read the tenant's registrations from the store and cache them (blocking)."""
        store = self.store.tenant(tenant)
        docs: list[dict[str, Any]] = []
        offset = 0
        while True:
            page = store.list_documents(KIND, limit=PAGE, offset=offset)
            docs.extend(doc for _, doc in page)
            if len(page) < PAGE:
                break
            offset += PAGE
        regs = tuple(Registration.from_doc(d) for d in docs)
        with self._lock:
            self._cache[tenant] = (self.monotonic() + self.ttl, regs)
        return regs

    def invalidate(self, tenant: str) -> None:
        """Forget the tenant's cached registrations (after a create, update or delete)."""
        with self._lock:
            self._cache.pop(tenant, None)

    # -- status counters -----------------------------------------------------------------------------------

    def stats(self, tenant: str, reg_id: str) -> SourceStats:
        """The counters of one registration (created on first use)."""
        key = (tenant, reg_id)
        found = self._stats.get(key)
        if found is None:
            with self._lock:
                found = self._stats.setdefault(key, SourceStats())
        return found

    def status_members(self, tenant: str, reg_id: str) -> dict[str, Any]:
        """The status members to show with a registration."""
        found = self._stats.get((tenant, reg_id))
        return found.as_members() if found is not None else {}

    def record(self, tenant: str, reg: Registration, *, ok: bool) -> None:
        """Count one forwarded request and its outcome; a failure starts the registration's cooldown."""
        stats = self.stats(tenant, reg.id)
        now = self.clock()
        with self._lock:
            stats.times_sent += 1
            stats.failed = not ok
            if ok:
                stats.last_success = now
            else:
                stats.times_failed += 1
                stats.last_failure = now
                if reg.management.cooldown_ms:
                    stats.cooldown_until = self.monotonic() + reg.management.cooldown_ms / 1000

    def cooling(self, tenant: str, reg: Registration) -> bool:
        """Whether a failed source is still in its cooldown period."""
        found = self._stats.get((tenant, reg.id))
        return found is not None and found.cooldown_until > self.monotonic()

    def forget(self, tenant: str, reg_id: str) -> None:
        """Drop the counters of a deleted registration."""
        with self._lock:
            self._stats.pop((tenant, reg_id), None)
