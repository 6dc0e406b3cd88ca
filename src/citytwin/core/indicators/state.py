"""One indicator's live state: its membership, its window and the running aggregates over both.

:class:`IndicatorState` is what the engine folds changes into and what a tick reads
(:meth:`~IndicatorState.age`, :meth:`~IndicatorState.compute`). Which running aggregate it keeps follows
from the measure (see :mod:`citytwin.core.indicators.accumulators`), so a tick costs O(1) per indicator
except for percentiles, which sort their inputs when they changed.

Membership is kept two ways. A *filtered* indicator (level, polygon, grid cell or q) keeps a dict of its
members' values, since each twin passes or fails its filters on its own. An *unfiltered* one is decided by
type and area alone, so every twin routed to it is a member: it keeps only a count, and the values are the
twins' own (:class:`~citytwin.core.indicators.routing.Member`), reached through the routes that lead to it
when a percentile or a lost extremum needs them. A reading then updates the aggregates by delta and no
per-indicator dictionary at all.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from citytwin.core.entities import LEVEL, LOCATION
from citytwin.core.indicators.accumulators import (
    MISSING,
    ExactSum,
    Extremum,
    ExtremumWindow,
    Hits,
    SumWindow,
    ValueWindow,
    Window,
    percentile,
    sum_of,
)
from citytwin.core.indicators.model import IndicatorDef, MeasureKind, Severity, WindowKind
from citytwin.core.query import Compare, EntityQuery, Exists, Not, Predicate

if TYPE_CHECKING:
    from citytwin.core.indicators.routing import Route

_NUMERIC = frozenset(
    {
        MeasureKind.SUM,
        MeasureKind.AVG,
        MeasureKind.MIN,
        MeasureKind.MAX,
        MeasureKind.PERCENTILE,
        MeasureKind.TIME_ABOVE,
    }
)
_SUMS = (MeasureKind.SUM, MeasureKind.AVG)
_EXTREMA = (MeasureKind.MIN, MeasureKind.MAX)


def predicate_attrs(pred: Predicate | None) -> set[str]:
    """The attribute names a q predicate reads."""
    if pred is None:
        return set()
    if isinstance(pred, Compare | Exists):
        return {pred.path[0]}
    if isinstance(pred, Not):
        return predicate_attrs(pred.item)
    return set().union(*(predicate_attrs(p) for p in pred.items))


def query_attrs(query: EntityQuery) -> frozenset[str]:
    """The attributes whose change can change whether a twin passes ``query``'s filters."""
    out = predicate_attrs(query.q)
    if query.levels:
        out.add(LEVEL)
    if query.geo is not None or query.grid_prefix:
        out.add(LOCATION)
    return frozenset(out)


def _member_accumulator(kind: MeasureKind, defn: IndicatorDef) -> ExactSum | Extremum | Hits | None:
    if kind is MeasureKind.TIME_ABOVE:
        kind = defn.measure.aggregate
    elif defn.window.kind is not WindowKind.INSTANT and kind is not MeasureKind.ONLINE_SHARE:
        return None  # windowed measures aggregate their samples, not their members
    if kind in _SUMS:
        return ExactSum()
    if kind in _EXTREMA:
        return Extremum(highest=kind is MeasureKind.MAX)
    if kind is MeasureKind.ONLINE_SHARE:
        return Hits(defn.measure.online_values)
    return None


def _window(kind: MeasureKind, defn: IndicatorDef) -> Window | None:
    if defn.window.kind is WindowKind.INSTANT:
        return None
    if kind in _SUMS:
        return SumWindow()
    if kind in _EXTREMA:
        return ExtremumWindow(highest=kind is MeasureKind.MAX)
    if kind is MeasureKind.PERCENTILE:
        return ValueWindow()
    return Window()  # count, rate, online_share, time_above: how many samples, not their values


def number(value: Any) -> float | None:
    """A finite number as a float; None for anything else (text, booleans, NaN, infinities, absent)."""
    if type(value) is float:
        return value if value - value == 0.0 else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        out = float(value)
    except OverflowError:  # an integer beyond any float
        return None
    return out if math.isfinite(out) else None


class IndicatorState:
    """The live state of one indicator."""

    __slots__ = (
        "above",
        "acc",
        "attr",
        "bucket",
        "defn",
        "dirty",
        "kind",
        "members",
        "numeric",
        "query",
        "query_attrs",
        "routes",
        "severity",
        "size",
        "ticked",
        "tracks_values",
        "value",
        "window",
        "windowed",
    )

    def __init__(self, defn: IndicatorDef, query: EntityQuery | None) -> None:
        kind = defn.measure.kind
        self.defn = defn
        self.kind = kind
        self.query = query
        """Filters beyond type and area, evaluated per change (None when type and area decide membership)."""
        self.query_attrs = frozenset() if query is None else query_attrs(query)
        self.attr = defn.measure.attr
        self.windowed = defn.window.kind is not WindowKind.INSTANT
        self.numeric = kind in _NUMERIC
        """Values are read as floats (None when not a finite number)."""
        self.members: dict[str, Any] = {}
        """Filtered indicators: entity id → its value of the measured attribute (None: it has none)."""
        self.size = 0
        """Unfiltered indicators: how many twins are routed to it."""
        self.routes: list[Route] = []
        """Unfiltered indicators: the routes leading to it (their members are its members)."""
        self.acc = _member_accumulator(kind, defn)
        self.tracks_values = self.acc is not None or (kind is MeasureKind.PERCENTILE and not self.windowed)
        """Whether a member's new value can change the result (else only joining and leaving can)."""
        self.window = _window(kind, defn)
        self.above: deque[tuple[float, bool]] = deque()
        """time_above: (epoch seconds, whether the aggregate was above the threshold from then on)."""
        self.bucket = 0.0
        self.dirty = True
        self.value: float | None = None
        self.severity: Severity | None = None
        self.ticked: float | None = None

    def read(self, raw: Any) -> Any:
        """A member's value as this indicator keeps it: a float or None for numeric measures, else as is."""
        if self.attr is None:
            return None
        return number(raw) if self.numeric else raw

    # -- membership -----------------------------------------------------------------------------------
    def join(self, value: Any) -> None:
        """An unfiltered indicator gains a member with ``value``."""
        self.size += 1
        self.dirty = True
        if self.acc is not None:
            self.acc.replace(MISSING, value)

    def leave(self, value: Any) -> None:
        """An unfiltered indicator loses a member that had ``value``."""
        self.size -= 1
        self.dirty = True
        if self.acc is not None:
            self.acc.replace(value, MISSING)

    def update(self, old: Any, new: Any) -> None:
        """An unfiltered indicator's member changed value."""
        if old != new and self.tracks_values:
            self.dirty = True
            if self.acc is not None:
                self.acc.replace(old, new)

    def put(self, entity_id: str, value: Any) -> None:
        """A filtered indicator: ``entity_id`` passes the filters and its current value is ``value``."""
        members = self.members
        old = members.get(entity_id, MISSING)
        if old != value:
            members[entity_id] = value
            self.dirty = True
            acc = self.acc
            if acc is not None:
                acc.replace(old, value)

    def drop(self, entity_id: str) -> None:
        """A filtered indicator: ``entity_id`` is not (or no longer) a member."""
        old = self.members.pop(entity_id, MISSING)
        if old is not MISSING:
            self.dirty = True
            if self.acc is not None:
                self.acc.replace(old, MISSING)

    def sample(self, epoch: float, value: Any) -> None:
        """A value reported at ``epoch`` (windowed indicators)."""
        if self.window is not None:
            self.window.add(epoch, value)
            self.dirty = True

    @property
    def count(self) -> int:
        """How many members the indicator has."""
        return len(self.members) if self.query is not None else self.size

    @property
    def samples(self) -> int:
        """How many reported values the window holds."""
        return 0 if self.window is None else self.window.count

    def items(self) -> Iterator[tuple[str, Any]]:
        """(entity id, value) of every member."""
        if self.query is not None:
            yield from list(self.members.items())
            return
        attr = self.attr
        for route in list(self.routes):  # snapshots: an API thread may ask while the stream is folded in
            for entity_id, member in list(route.members.items()):
                yield entity_id, self.read(member.values.get(attr) if attr else None)

    def values(self) -> list[Any]:
        """The members' non-None values (a rescan: kept to plain loops)."""
        if self.query is not None:
            return [v for v in self.members.values() if v is not None]
        attr = self.attr
        if attr is None:
            return []
        out: list[Any] = []
        append = out.append
        numeric = self.numeric
        for route in self.routes:
            for member in route.members.values():
                value = member.values.get(attr)
                if value is None:
                    continue
                if numeric and not (type(value) is float and value - value == 0.0):
                    value = number(value)
                    if value is None:
                        continue
                append(value)
        return out

    # -- evaluating -----------------------------------------------------------------------------------
    def age(self, t: float) -> None:
        """Move the window to end at ``t`` (epoch seconds)."""
        w = self.defn.window
        start = t - w.seconds
        if w.kind is WindowKind.TUMBLING:
            bucket = math.floor(t / w.seconds) * w.seconds
            if bucket != self.bucket:
                self.bucket = bucket
                self.dirty = True
            start = bucket
        if self.window is not None and self.window.evict(start):
            self.dirty = True

    def compute(self, t: float) -> float | None:
        """The indicator's value at ``t`` from the running aggregates."""
        kind = self.kind
        m = self.defn.measure
        window = self.window
        acc = self.acc
        if kind is MeasureKind.COUNT:
            return float(self.count if window is None else window.count)
        if kind is MeasureKind.RATE:
            assert window is not None
            return window.count / self.defn.window.seconds * m.per_seconds
        if kind is MeasureKind.ONLINE_SHARE:
            assert isinstance(acc, Hits)
            size = self.count
            return acc.count / size * m.scale if size else None
        if kind is MeasureKind.TIME_ABOVE:
            return self._time_above(t)
        if kind is MeasureKind.PERCENTILE:
            if isinstance(window, ValueWindow):
                return percentile(window.values(), m.percentile)
            return percentile(self.values(), m.percentile)
        if window is None:
            return self._members_aggregate(kind)
        if isinstance(window, SumWindow):
            return sum_of(window.acc, kind is MeasureKind.AVG)
        assert isinstance(window, ExtremumWindow)
        return window.result()

    def _members_aggregate(self, kind: MeasureKind) -> float | None:
        acc = self.acc
        if isinstance(acc, ExactSum):
            return sum_of(acc, kind is MeasureKind.AVG)
        assert isinstance(acc, Extremum)
        return acc.result(self.values)

    def _time_above(self, t: float) -> float:
        m = self.defn.measure
        current = self._members_aggregate(m.aggregate)
        is_above = current is not None and current > (m.threshold or 0.0)
        above = self.above
        if not above or above[-1][1] != is_above:
            above.append((t, is_above))
        start = t - self.defn.window.seconds
        while len(above) > 1 and above[1][0] <= start:
            above.popleft()
        total = 0.0
        spans = list(above)
        for i, (since, up) in enumerate(spans):
            until = spans[i + 1][0] if i + 1 < len(spans) else t
            if up:
                total += max(0.0, until - max(since, start))
        return total
