"""Incremental evaluation of live indicators from the change stream (pure: no I/O, time is passed in).

The engine never queries a store. It is fed the twin's changes (:meth:`IndicatorEngine.apply`, one
:class:`~citytwin.core.events.EntityChange` at a time, or :meth:`IndicatorEngine.load` for the state at
start-up) and keeps, per indicator, just what its measure needs: the members' current values for instant
measures, the reported values inside the window for windowed ones. :meth:`IndicatorEngine.tick` recomputes
the indicators that changed or whose window moved, with C-level builtins over those small collections, and
returns their new values; the adapter calls it every second and writes the values back as twin entities.

Dispatch is by (entity type, admin-area prefix): a change of a rain gauge in 440305001001 only visits the
indicators declared over that type in 4403, 440305, 440305001 or 440305001001 (or with no area), so 1,000+
indicators cost a few dictionary lookups per change. Filters that need the twin's state (level, polygon,
grid cell, q) are evaluated with the core query evaluator on a trimmed copy of the entity that keeps only
the attributes some indicator reads.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from shapely.geometry import Polygon

from citytwin.core.entities import ADMIN_CODE, LEVEL, LOCATION, Attribute, Entity
from citytwin.core.events import ChangeKind, EntityChange
from citytwin.core.indicators.model import IndicatorDef, MeasureKind, Severity, WindowKind
from citytwin.core.qlang import parse_q
from citytwin.core.query import Compare, EntityQuery, Exists, GeoFilter, GeoRel, Not, Predicate
from citytwin.core.query_eval import admin_key, matches
from citytwin.core.timeutil import parse_instant
from citytwin.errors import BadRequestData

_PREFIX_LENGTHS = (2, 4, 6, 9, 12)
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


@dataclass(slots=True)
class IndicatorValue:
    """An indicator's value at one tick."""

    id: str
    value: float | None
    severity: Severity | None
    at: datetime
    members: int
    samples: int


@dataclass(slots=True)
class _State:
    defn: IndicatorDef
    query: EntityQuery | None
    """Filters beyond type and area, evaluated per change (None when type and area decide membership)."""
    members: dict[str, Any] = field(default_factory=dict)
    """Entity id → its current value of the measured attribute (None when it has none)."""
    samples: deque[tuple[float, Any]] = field(default_factory=deque)
    """(epoch seconds, value) reported inside the window, in arrival order."""
    above: deque[tuple[float, bool]] = field(default_factory=deque)
    """time_above: (epoch seconds, whether the aggregate was above the threshold from then on)."""
    bucket: float = 0.0
    attr: str | None = None
    windowed: bool = False
    numeric: bool = False
    """Members' values are stored as floats (None when not a finite number): aggregates need no conversion."""
    dirty: bool = True
    value: float | None = None
    ticked: float | None = None


@dataclass(slots=True)
class _Route:
    """The indicators over one (types, area): all, by measured attribute, and those to always visit."""

    candidates: list[_State]
    by_attr: dict[str, list[_State]]
    always: list[_State]
    """Filtered indicators (membership may change with any attribute) and counts of changes in a window."""


@dataclass(slots=True)
class _Member:
    """A twin some indicator reads: its trimmed state, area and the route to the indicators over it."""

    entity: Entity
    types: tuple[str, ...]
    code: str | None
    route: _Route

    @property
    def candidates(self) -> list[_State]:
        """Every indicator over this twin's types and area."""
        return self.route.candidates


def predicate_attrs(pred: Predicate | None) -> set[str]:
    """The attribute names a q predicate reads."""
    if pred is None:
        return set()
    if isinstance(pred, Compare | Exists):
        return {pred.path[0]}
    if isinstance(pred, Not):
        return predicate_attrs(pred.item)
    return set().union(*(predicate_attrs(p) for p in pred.items))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    out = float(value)
    return out if math.isfinite(out) else None


def _epoch(inst: Attribute | None, fallback: datetime) -> float:
    if inst is not None and inst.observed_at:
        try:
            return parse_instant(inst.observed_at).timestamp()
        except (ValueError, BadRequestData):
            pass
    return fallback.timestamp()


class IndicatorEngine:
    """Live values of a set of indicators, maintained from entity changes."""

    def __init__(self, definitions: Iterable[IndicatorDef]) -> None:
        self._states: dict[str, _State] = {}
        self._index: dict[tuple[str, str], list[_State]] = {}
        self._keep: dict[str, set[str]] = {}
        """Entity type → attribute names some indicator over that type reads (trimmed cache)."""
        self._cache: dict[str, _Member] = {}
        self._keep_cache: dict[tuple[str, ...], frozenset[str]] = {}
        self._routes: dict[tuple[tuple[str, ...], str | None], _Route] = {}
        ratios: list[IndicatorDef] = []
        for d in definitions:
            if d.id in self._states:
                raise BadRequestData(f"indicator {d.id!r} is declared twice")
            if d.measure.kind is MeasureKind.RATIO:
                ratios.append(d)
                self._states[d.id] = _State(d, None)
                continue
            state = _State(d, self._extra_filters(d))
            state.attr = d.measure.attr
            state.windowed = d.window.kind is not WindowKind.INSTANT
            state.numeric = d.measure.kind in _NUMERIC
            self._states[d.id] = state
            area = "" if d.entities.admin_code is None else d.entities.admin_code
            for t in d.entities.types:
                self._index.setdefault((t, area), []).append(state)
                keep = self._keep.setdefault(t, {ADMIN_CODE})
                keep.update(a for a in (d.measure.attr,) if a)
                if state.query is not None:
                    keep.update(predicate_attrs(state.query.q))
                    if state.query.levels:
                        keep.add(LEVEL)
                    if state.query.geo is not None or state.query.grid_prefix:
                        keep.add(LOCATION)
        for d in ratios:
            for ref in (d.measure.numerator, d.measure.denominator):
                if ref not in self._states:
                    raise BadRequestData(f"indicator {d.id!r}: ratio refers to unknown indicator {ref!r}")
        self._ratios = ratios

    @staticmethod
    def _extra_filters(d: IndicatorDef) -> EntityQuery | None:
        es = d.entities
        if not (es.levels or es.polygon or es.grid_prefix or es.q):
            return None
        geo = None if es.polygon is None else GeoFilter(GeoRel.WITHIN, Polygon(es.polygon))
        return EntityQuery(
            levels=es.levels,
            grid_prefix=es.grid_prefix,
            q=None if es.q is None else parse_q(es.q),
            geo=geo,
        )

    # -- introspection ----------------------------------------------------------------------------------
    @property
    def definitions(self) -> list[IndicatorDef]:
        """Every indicator, in declaration order."""
        return [s.defn for s in self._states.values()]

    def definition(self, indicator_id: str) -> IndicatorDef:
        """One indicator's definition (raises ResourceNotFound-like BadRequestData when unknown)."""
        return self._state(indicator_id).defn

    def value(self, indicator_id: str) -> float | None:
        """The value computed at the last tick."""
        return self._state(indicator_id).value

    def _state(self, indicator_id: str) -> _State:
        try:
            return self._states[indicator_id]
        except KeyError:
            raise BadRequestData(f"no indicator {indicator_id!r}") from None

    def watched_types(self) -> set[str]:
        """Entity types any indicator reads (what the adapter loads at start-up)."""
        return {t for t, _ in self._index}

    # -- feeding --------------------------------------------------------------------------------------
    def load(self, entities: Iterable[Entity], at: datetime) -> None:
        """Take the current state of twins (start-up); adds no window samples."""
        for entity in entities:
            self._fold(entity.id, entity.types, entity, at, sample=False)

    def apply(self, change: EntityChange) -> None:
        """Fold one change into every indicator it concerns."""
        if change.kind is ChangeKind.DELETED:
            member = self._cache.pop(change.entity_id, None)
            if member is not None:
                states = member.candidates
            else:
                previous = change.previous
                code = None if previous is None else admin_key(previous.value(ADMIN_CODE))
                states = self._candidate_list(change.types, code)
            for state in states:
                if state.members.pop(change.entity_id, _MISSING) is not _MISSING:
                    state.dirty = True
            return
        if change.entity is None or not self._keep_for(change.types):
            return
        self._fold(
            change.entity_id, change.types, change.entity, change.at, sample=True, touched=change.attrs
        )

    def _keep_for(self, types: tuple[str, ...]) -> frozenset[str]:
        found = self._keep_cache.get(types)
        if found is None:
            found = self._keep_cache[types] = frozenset().union(*(self._keep.get(t, ()) for t in types))
        return found

    def _route(self, types: tuple[str, ...], code: str | None) -> _Route:
        """The shared route of every twin with these types in this area (one per community, not per twin)."""
        found = self._routes.get((types, code))
        if found is None:
            candidates = self._candidate_list(types, code)
            by_attr: dict[str, list[_State]] = {}
            always: list[_State] = []
            for state in candidates:
                if state.query is not None or state.attr is None:
                    always.append(state)
                else:
                    by_attr.setdefault(state.attr, []).append(state)
            found = self._routes[(types, code)] = _Route(candidates, by_attr, always)
        return found

    def _candidate_list(self, types: tuple[str, ...], code: str | None) -> list[_State]:
        keys = [""] if code is None else ["", *(code[:n] for n in _PREFIX_LENGTHS if n <= len(code))]
        out: list[_State] = []
        seen: set[int] = set()
        for t in types:
            for key in keys:
                for state in self._index.get((t, key), ()):
                    if id(state) not in seen:
                        seen.add(id(state))
                        out.append(state)
        return out

    def _fold(
        self,
        entity_id: str,
        types: tuple[str, ...],
        entity: Entity,
        at: datetime,
        *,
        sample: bool,
        touched: tuple[str, ...] = (),
    ) -> None:
        keep = self._keep_for(types)
        member = self._cache.get(entity_id)
        fresh = member is None or member.types != types
        if member is None or member.types != types:
            # First sight (or a type change): keep a trimmed copy holding only what indicators read.
            attrs = {n: entity.attrs[n] for n in keep if n in entity.attrs}
            if member is not None:
                attrs = {**{n: v for n, v in member.entity.attrs.items() if n in keep}, **attrs}
                self._leave(entity_id, member.candidates, [])
            code = admin_key(attrs[ADMIN_CODE][0].value) if ADMIN_CODE in attrs else None
            member = _Member(
                Entity(id=entity_id, types=types, attrs=attrs), types, code, self._route(types, code)
            )
            self._cache[entity_id] = member
        else:
            held = member.entity.attrs
            for name, found in entity.attrs.items():  # a patch carries few attributes: walk those
                if name in keep:
                    held[name] = found
            for name in touched:
                if name in keep and name not in entity.attrs:
                    held.pop(name, None)  # an explicit removal
            if ADMIN_CODE in entity.attrs:
                code = admin_key(entity.attrs[ADMIN_CODE][0].value)
                if code != member.code:  # moved to another area: other indicators now
                    moved = self._route(types, code)
                    self._leave(entity_id, member.candidates, moved.candidates)
                    member.code, member.route = code, moved
                    fresh = True
        held_entity = member.entity
        route = member.route
        if fresh or not touched:
            states = route.candidates
        else:  # only what reads a touched attribute, plus filtered sets and change counts
            states = list(route.always)
            for name in touched:
                found_states = route.by_attr.get(name)
                if found_states:
                    states.extend(found_states)
        for state in states:
            if state.query is not None and not matches(held_entity, state.query):
                if state.members.pop(entity_id, _MISSING) is not _MISSING:
                    state.dirty = True
                continue
            attr = state.attr
            inst = None if attr is None else held_entity.attr(attr)
            value = None if inst is None else inst.value
            if state.numeric:
                value = _number(value)
            if state.members.get(entity_id, _MISSING) != value:
                state.members[entity_id] = value
                state.dirty = True
            if sample and state.windowed and (attr is None or attr in touched):
                state.samples.append((_epoch(inst, at), value))
                state.dirty = True

    @staticmethod
    def _leave(entity_id: str, before: list[_State], after: list[_State]) -> None:
        staying = {id(s) for s in after}
        for state in before:
            if id(state) not in staying and state.members.pop(entity_id, _MISSING) is not _MISSING:
                state.dirty = True

    # -- evaluating -----------------------------------------------------------------------------------
    def tick(self, now: datetime) -> list[IndicatorValue]:
        """Recompute what changed or aged; returns the indicators whose value (or severity) changed."""
        t = now.timestamp()
        out: list[IndicatorValue] = []
        for state in self._states.values():
            if state.defn.measure.kind is MeasureKind.RATIO:
                continue
            windowed = state.defn.window.kind is not WindowKind.INSTANT
            if windowed:
                self._age(state, t)
            if not (state.dirty or windowed):
                continue
            state.dirty = False
            self._emit(state, self._compute(state, t), now, out)
        for d in self._ratios:
            state = self._states[d.id]
            num = self._states[d.measure.numerator or ""].value
            den = self._states[d.measure.denominator or ""].value
            value = None if num is None or not den else num / den * d.measure.scale
            self._emit(state, value, now, out)
        return out

    def _emit(self, state: _State, value: float | None, now: datetime, out: list[IndicatorValue]) -> None:
        changed = value != state.value or state.ticked is None
        old_sev = state.defn.severity(state.value)
        state.value = value
        state.ticked = now.timestamp()
        if changed or old_sev != state.defn.severity(value):
            out.append(
                IndicatorValue(
                    state.defn.id,
                    value,
                    state.defn.severity(value),
                    now,
                    len(state.members),
                    len(state.samples),
                )
            )

    def _age(self, state: _State, t: float) -> None:
        w = state.defn.window
        start = t - w.seconds
        if w.kind is WindowKind.TUMBLING:
            bucket = math.floor(t / w.seconds) * w.seconds
            if bucket != state.bucket:
                state.bucket = bucket
                state.dirty = True
            start = bucket
        samples = state.samples
        while samples and samples[0][0] < start:
            samples.popleft()
            state.dirty = True

    def _compute(self, state: _State, t: float) -> float | None:
        m = state.defn.measure
        kind = m.kind
        windowed = state.defn.window.kind is not WindowKind.INSTANT
        if kind is MeasureKind.COUNT:
            return float(len(state.samples) if windowed else len(state.members))
        if kind is MeasureKind.RATE:
            return len(state.samples) / state.defn.window.seconds * m.per_seconds
        if kind is MeasureKind.ONLINE_SHARE:
            if not state.members:
                return None
            online = sum(1 for v in state.members.values() if v in m.online_values)
            return online / len(state.members) * m.scale
        if kind is MeasureKind.TIME_ABOVE:
            return self._time_above(state, t)
        values = [v for v in self._inputs(state, windowed) if v is not None]  # numeric: stored as floats
        return _aggregate(kind, values, m.percentile)

    @staticmethod
    def _inputs(state: _State, windowed: bool) -> Iterable[Any]:
        return (v for _, v in state.samples) if windowed else state.members.values()

    def _time_above(self, state: _State, t: float) -> float:
        m = state.defn.measure
        current = _aggregate(m.aggregate, [v for v in state.members.values() if v is not None])
        is_above = current is not None and current > (m.threshold or 0.0)
        if not state.above or state.above[-1][1] != is_above:
            state.above.append((t, is_above))
        start = t - state.defn.window.seconds
        while len(state.above) > 1 and state.above[1][0] <= start:
            state.above.popleft()
        total = 0.0
        spans = list(state.above)
        for i, (since, up) in enumerate(spans):
            until = spans[i + 1][0] if i + 1 < len(spans) else t
            if up:
                total += max(0.0, until - max(since, start))
        return total

    # -- explaining -----------------------------------------------------------------------------------
    def explain(self, indicator_id: str, *, limit: int = 20) -> dict[str, Any]:
        """The entity set, the current inputs and the calculation of one indicator."""
        state = self._state(indicator_id)
        d = state.defn
        m = d.measure
        inputs = [{"entity": k, "value": v} for k, v in list(state.members.items())[:limit]]
        if m.kind is MeasureKind.RATIO:
            num, den = self._states[m.numerator or ""], self._states[m.denominator or ""]
            calc = f"{num.defn.id} / {den.defn.id} × {m.scale:g} = {num.value} / {den.value} × {m.scale:g}"
        else:
            over = "reported values in the window" if d.window.kind is not WindowKind.INSTANT else "members"
            calc = f"{m.kind.value}({m.attr or '*'}) over {over}"
            if m.kind is MeasureKind.PERCENTILE:
                calc = f"p{m.percentile:g}({m.attr}) over {over}"
            if m.kind is MeasureKind.TIME_ABOVE:
                calc = f"seconds in window with {m.aggregate.value}({m.attr}) > {m.threshold:g}"
        return {
            "id": d.id,
            "name": {"zh": d.name_zh, "en": d.name_en},
            "entitySet": {
                "types": list(d.entities.types),
                "adminCode": d.entities.admin_code,
                "levels": [lvl.name for lvl in d.entities.levels],
                "gridPrefix": d.entities.grid_prefix,
                "polygon": None if d.entities.polygon is None else [list(p) for p in d.entities.polygon],
                "q": d.entities.q,
            },
            "window": {"kind": d.window.kind.value, "seconds": d.window.seconds},
            "members": len(state.members),
            "samplesInWindow": len(state.samples),
            "inputs": inputs,
            "calculation": calc,
            "value": state.value,
            "unit": d.unit,
            "severity": d.severity(state.value),
            "thresholds": [
                {"op": t.op, "value": t.value, "severity": t.severity.value} for t in d.thresholds
            ],
        }


_MISSING: Any = object()


def _aggregate(kind: MeasureKind, values: list[float], percentile: float | None = None) -> float | None:
    """sum / avg / min / max / percentile (linear interpolation, like numpy's default) of ``values``."""
    if not values:
        return 0.0 if kind is MeasureKind.SUM else None
    if kind is MeasureKind.SUM:
        return math.fsum(values)
    if kind is MeasureKind.AVG:
        return math.fsum(values) / len(values)
    if kind is MeasureKind.MIN:
        return min(values)
    if kind is MeasureKind.MAX:
        return max(values)
    ordered = sorted(values)
    pos = (len(ordered) - 1) * (percentile or 0.0) / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)
