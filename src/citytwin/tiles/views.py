"""Tiles and base layers cut per policy view: which cache serves a subject, and the bounded set of them.

A subject whose view shows every entity of a resource's types whole and in clear (administrators, every
request while authentication is off) is served the platform's cache. Any other subject is served a cache
built through the governed store as that subject (rows it may see, attributes it may not see dropped, masked
values masked); subjects whose views consist of the same rules share it. Such caches are kept in an LRU of
:data:`VIEWS` entries and all dropped when the active policy changes (a new policy object: a document put or
re-read, an agreement starting, ending or being revoked).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from citytwin.core.entities import ADMIN_CODE, Entity
from citytwin.core.policy import Rule
from citytwin.core.policy_view import PolicyView
from citytwin.ngsild.type_reach import shown_any
from citytwin.storage.base import DEFAULT_TENANT, Store, TenantStore
from citytwin.stream.wrapper import WrappedStore
from citytwin.tiles.buildings import FLOOR_ATTRS, USE_ATTRS

VIEWS = 16
"""Restricted views kept per service (each holds a tile tree and whole layers of one tenant)."""
COLUMN_ATTRS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "floors": FLOOR_ATTRS,
    "use": USE_ATTRS,
    "adminCode": (ADMIN_CODE,),
}
"""Tile property-table columns that come from one of these attributes (id, type, height always shown)."""

Fingerprint = tuple[tuple[Rule, ...], tuple[Rule, ...], tuple[Rule, ...]]
T = TypeVar("T")


def fingerprint(view: PolicyView) -> Fingerprint:
    """What a view's decisions depend on besides the policy's classification: its rules."""
    return (view.allows, view.entity_denies, view.attr_denies)


def token(fp: Fingerprint) -> str:
    """A short stable name of a fingerprint (in content URLs, so caches of two views never mix)."""
    return hashlib.sha256(repr(fp).encode("utf-8")).hexdigest()[:16]


def hidden_columns(view: PolicyView, types: tuple[str, ...]) -> frozenset[str]:
    """The tile columns whose attributes the view never shows on entities of ``types``."""
    return frozenset(col for col, attrs in COLUMN_ATTRS.items() if not shown_any(view, types, attrs))


def cut(view: PolicyView) -> Callable[[Entity], Entity | None]:
    """An entity as the view shows it (None: invisible), for changes arriving on the bus."""

    def apply(entity: Entity) -> Entity | None:
        decision = view.decide(entity)
        return None if decision is None else decision.apply(entity)

    return apply


class BoundStore(WrappedStore):
    """One tenant store (a governed one) presented as a store, for caches that read ``store.tenant(t)``."""

    def __init__(self, store: Store, twin: TenantStore) -> None:
        super().__init__(store)
        self.twin = twin

    def tenant(self, name: str = DEFAULT_TENANT) -> TenantStore:
        """The bound tenant store (ValueError for any other tenant)."""
        if name != self.twin.tenant:
            raise ValueError(f"this store is bound to tenant {self.twin.tenant!r}, not {name!r}")
        return self.twin


class ViewCaches(Generic[T]):
    """Per (tenant, fingerprint) entries, least recently used dropped past ``limit``, all dropped when the
    policy object changes."""

    def __init__(self, limit: int = VIEWS) -> None:
        self.limit = limit
        self._entries: OrderedDict[tuple[str, Fingerprint], T] = OrderedDict()
        self._policy: object | None = None
        self._lock = threading.Lock()
        self.created = 0
        self.invalidations = 0

    def get(self, tenant: str, view: PolicyView, policy: object, make: Callable[[], T]) -> T:
        """The entry of ``view`` in ``tenant`` under ``policy`` (made by ``make`` when missing)."""
        key = (tenant, fingerprint(view))
        with self._lock:
            if policy is not self._policy:
                if self._entries:
                    self.invalidations += 1
                self._entries.clear()
                self._policy = policy
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
            found = self._entries[key] = make()
            self.created += 1
            while len(self._entries) > self.limit:
                self._entries.popitem(last=False)
            return found

    def of_tenant(self, tenant: str) -> list[T]:
        """The entries of one tenant (for change fan-out)."""
        with self._lock:
            return [v for (t, _), v in self._entries.items() if t == tenant]

    def __len__(self) -> int:
        return len(self._entries)
