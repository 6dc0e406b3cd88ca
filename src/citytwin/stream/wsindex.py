"""Which WebSocket filter groups a change may concern, found by lookups rather than by trying every group.

Groups are indexed by tenant and by the first type of each type group they select (or under "any type"),
and within that by their ``adminCode`` area when they have one. A change is looked up once per type it has:
the groups without an area, plus the groups whose area code is a prefix of the change's canonical area code
(one dictionary lookup per distinct area-code length in use). With a thousand dashboards each watching one of
ten districts, a change is matched against the one filter of its district instead of all ten; the full
filter (:meth:`~citytwin.stream.wsfilter.WsFilter.matches`) still decides every candidate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from citytwin.core.entities import ADMIN_CODE
from citytwin.stream.changes import Change

G = TypeVar("G")
_UNKNOWN = "\x00"


@dataclass(slots=True)
class _Bucket(Generic[G]):
    """The groups of one (tenant, type) or of one tenant's "any type": by area code and without one."""

    plain: dict[bytes, G] = field(default_factory=dict)
    areas: dict[str, dict[bytes, G]] = field(default_factory=dict)
    lengths: dict[int, int] = field(default_factory=dict)
    """Area-code length → how many groups use one that long (the prefix lengths worth looking up)."""

    def add(self, key: bytes, area: str | None, group: G) -> None:
        if area is None:
            self.plain[key] = group
            return
        same = self.areas.setdefault(area, {})
        if key not in same:
            self.lengths[len(area)] = self.lengths.get(len(area), 0) + 1
        same[key] = group

    def discard(self, key: bytes, area: str | None) -> None:
        if area is None:
            self.plain.pop(key, None)
            return
        same = self.areas.get(area)
        if same is None or same.pop(key, None) is None:
            return
        if not same:
            del self.areas[area]
        left = self.lengths[len(area)] - 1
        if left:
            self.lengths[len(area)] = left
        else:
            del self.lengths[len(area)]

    def empty(self) -> bool:
        return not self.plain and not self.areas


class FilterIndex(Generic[G]):
    """Groups by tenant, type and area code (see the module docstring)."""

    def __init__(self, area_of: Callable[[object], str | None]) -> None:
        self._area_of = area_of
        """The canonical area code of an ``adminCode`` value (None when there is none)."""
        self._buckets: dict[tuple[str, str | None], _Bucket[G]] = {}

    def add(self, tenant: str, types: tuple[str, ...] | None, area: str | None, key: bytes, group: G) -> None:
        """Index a group under each of ``types`` (None: any type) and its area code (None: any area)."""
        for t in types if types is not None else (None,):
            self._buckets.setdefault((tenant, t), _Bucket()).add(key, area, group)

    def remove(self, tenant: str, types: tuple[str, ...] | None, area: str | None, key: bytes) -> None:
        """Undo :meth:`add`."""
        for t in types if types is not None else (None,):
            bucket = self._buckets.get((tenant, t))
            if bucket is not None:
                bucket.discard(key, area)
                if bucket.empty():
                    del self._buckets[(tenant, t)]

    def candidates(self, change: Change) -> dict[bytes, G]:
        """The groups that may match the change (each once), by key."""
        buckets = self._buckets
        tenant = change.tenant
        found: dict[bytes, G] = {}
        code: str | None = _UNKNOWN
        for t in (None, *change.types):
            bucket = buckets.get((tenant, t))
            if bucket is None:
                continue
            if bucket.plain:
                found.update(bucket.plain)
            if bucket.areas:
                if code == _UNKNOWN:
                    code = self._code(change)
                if code is None:
                    continue
                for length in bucket.lengths:
                    hit = bucket.areas.get(code[:length])
                    if hit:
                        found.update(hit)
        return found

    def _code(self, change: Change) -> str | None:
        try:
            return self._area_of(change.subject.value(ADMIN_CODE))
        except Exception:  # a value the area code cannot be read from: no area filter can match it
            return None
