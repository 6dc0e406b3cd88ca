"""Whether a tenant holds entities of several types at once, for the row filter's type branches.

A policy branch admitting only, say, public types can still match a query for ``Person`` through an entity
that is both a ``Person`` and a public type. Such entities are rare, but a branch cannot be dropped without
knowing there are none: :class:`MultiTypes` asks the store once (is there any entity having all the types of
one of these groups?), remembers the answer, and forgets it when a multi-typed entity of the tenant changes
(the change bus) or after ``ttl_s`` (writers in other processes). A stale "none" only hides such an entity
for that long; it never shows anything the policy does not allow.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from citytwin.core.events import EntityChange
from citytwin.core.query import EntityQuery, TypeExpr
from citytwin.storage.base import TenantStore

NO_ATTR = "urn:citytwin:no-attribute"
"""Projects entities onto no attribute: an existence check that decodes as little as possible."""


class MultiTypes:
    """Cached answers to "does any entity have all types of one of these groups?" per tenant."""

    def __init__(self, *, ttl_s: float = 30.0, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self.monotonic = monotonic
        self._cache: dict[tuple[str, TypeExpr], tuple[float, bool]] = {}
        self._lock = threading.Lock()

    def any_match(self, store: TenantStore, types: TypeExpr) -> bool:
        """Whether ``store`` holds an entity matching ``types`` (an expression of multi-type groups)."""
        key = (store.tenant, types)
        now = self.monotonic()
        hit = self._cache.get(key)
        if hit is not None and now - hit[0] < self.ttl_s:
            return hit[1]
        found = bool(store.query(EntityQuery(types=types, attrs=(NO_ATTR,), limit=1)).entities)
        with self._lock:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[key] = (now, found)
        return found

    def on_change(self, change: EntityChange) -> None:
        """Bus listener: a multi-typed entity of a tenant changed, so its answers may have."""
        if len(change.types) < 2:
            return
        with self._lock:
            for key in [k for k in self._cache if k[0] == change.tenant]:
                del self._cache[key]
