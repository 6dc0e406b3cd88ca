"""Lanes: the matched changes that subscriptions with the same filters share, in log order.

Subscriptions whose filters are identical (same tenant, @context and ``entities``, ``watchedAttributes``,
``notificationTrigger``, ``q``, ``geoQ``, ``scopeQ``, ``temporalQ``: their ``match_key``) share one
:class:`Lane`. The notifier's pump evaluates a change once per lane, not once per subscription, appends it
when it matches and wakes the lane's workers once per batch of changes. Each live worker only remembers how
far into the lane it has delivered (an absolute position), and the data elements are rendered once per
distinct rendering (``render_key``) and position, then joined into each subscription's notification as they
are: a hundred alike subscriptions cost one match and one rendering per change, plus one join per
notification. The lane keeps what its slowest member has not delivered; a member more than ``max_pending``
behind leaves it and catches up from the durable log (see :mod:`citytwin.stream.worker`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol

from citytwin.stream.changes import Change

Render = Callable[[Change], bytes]


class Member(Protocol):
    """A lane's worker: where it is in the lane, and how to wake it."""

    position: int

    def nudge(self) -> None:
        """New changes are in the lane."""

    def fall_behind(self) -> None:
        """Too far behind: leave the lane and catch up from the log."""


class Lane:
    """Changes matched by one filter, shared by the workers of the subscriptions that use it."""

    def __init__(
        self, key: bytes, tenant: str, types: tuple[str, ...] | None, matches: Callable[[Change], bool]
    ) -> None:
        self.key = key
        self.tenant = tenant
        self.types = types
        """The index types of its subscriptions (None: any type)."""
        self.matches = matches
        """The filter of its subscriptions (any of them: they are identical)."""
        self.changes: list[Change] = []
        self.first = 0
        """Absolute position of ``changes[0]``."""
        self.members: dict[int, Member] = {}
        self._rendered: dict[int, list[bytes]] = {}
        """Per rendering: the encoded data elements of ``changes[0:len(list)]``."""

    @property
    def end(self) -> int:
        """Absolute position the next change gets."""
        return self.first + len(self.changes)

    def join(self, member: Member) -> None:
        """Add a worker; it gets the changes appended from now on."""
        member.position = self.end
        self.members[id(member)] = member

    def leave(self, member: Member) -> None:
        """Remove a worker (its position no longer holds changes back)."""
        self.members.pop(id(member), None)

    def append(self, change: Change) -> None:
        """A matching change, in log order."""
        self.changes.append(change)

    def behind(self, member: Member) -> int:
        """How many changes the member has not delivered."""
        return self.end - member.position

    def slice(self, start: int, count: int) -> list[Change]:
        """Up to ``count`` changes from absolute position ``start``."""
        i = start - self.first
        return self.changes[i : i + count]

    def items(self, render_key: int, start: int, count: int, render: Render) -> list[bytes]:
        """The encoded data elements of :meth:`slice` for one rendering (each rendered once per lane)."""
        done = self._rendered.setdefault(render_key, [])
        i = start - self.first
        stop = min(i + count, len(self.changes))
        if len(done) < stop:
            done.extend(render(c) for c in self.changes[len(done) : stop])
        return done[i:stop]

    def trim(self, slack: int = 1024) -> None:
        """Forget what every member has delivered (when at least ``slack`` changes could go)."""
        if not self.members:
            self.first = self.end
            self.changes.clear()
            self._rendered.clear()
            return
        drop = min(m.position for m in self.members.values()) - self.first
        if drop >= slack or (drop > 0 and drop == len(self.changes)):
            del self.changes[:drop]
            for done in self._rendered.values():
                del done[:drop]
            self.first += drop


class LaneIndex:
    """Lanes by match key, and by (tenant, type) for finding the lanes a change may concern."""

    def __init__(self) -> None:
        self.lanes: dict[bytes, Lane] = {}
        self._buckets: dict[tuple[str, str | None], dict[bytes, Lane]] = {}

    def __iter__(self) -> Iterator[Lane]:
        return iter(list(self.lanes.values()))

    def lane(
        self, key: bytes, tenant: str, types: tuple[str, ...] | None, matches: Callable[[Change], bool]
    ) -> Lane:
        """The lane of a match key (made and indexed when new)."""
        found = self.lanes.get(key)
        if found is None:
            found = self.lanes[key] = Lane(key, tenant, types, matches)
            for t in types if types is not None else (None,):
                self._buckets.setdefault((tenant, t), {})[key] = found
        return found

    def drop_if_empty(self, lane: Lane) -> None:
        """Forget a lane nobody uses any more."""
        if lane.members or self.lanes.get(lane.key) is not lane:
            return
        del self.lanes[lane.key]
        for t in lane.types if lane.types is not None else (None,):
            bucket = self._buckets.get((lane.tenant, t))
            if bucket is not None:
                bucket.pop(lane.key, None)
                if not bucket:
                    del self._buckets[(lane.tenant, t)]

    def candidates(self, change: Change) -> dict[bytes, Lane]:
        """The lanes whose filters may match the change (by tenant and type), each once."""
        buckets = self._buckets
        found: dict[bytes, Lane] = {}
        for t in (None, *change.types):
            bucket = buckets.get((change.tenant, t))
            if bucket:
                found.update(bucket)
        return found
