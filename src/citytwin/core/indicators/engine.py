"""Incremental evaluation of live indicators from the change stream (pure: no I/O, time is passed in).

The engine never queries a store. It is fed the twin's changes (:meth:`IndicatorEngine.apply_many` or
:meth:`IndicatorEngine.apply`) and, for the state at start-up, :meth:`IndicatorEngine.load`; it keeps per
indicator an :class:`~citytwin.core.indicators.state.IndicatorState`: the members' current values and
running aggregates over them and over the window (exact sums, extrema, hit counts; see
:mod:`citytwin.core.indicators.accumulators`), updated by delta. :meth:`IndicatorEngine.tick` reads those
aggregates for the indicators that changed or whose window moved and returns the values that changed; the
adapter calls it every second and writes the values back as twin entities.

Dispatch is by (entity type, admin-area prefix): a change of a rain gauge in 440305001001 only visits the
indicators declared over that type in 4403, 440305, 440305001 or 440305001001 (or with no area), and of
those only the ones a touched attribute concerns (:mod:`citytwin.core.indicators.routing`), so 2,000+
indicators cost a couple of dictionary lookups per change. Filters that need the twin's state (level,
polygon, grid cell, q) are evaluated with the core query evaluator on a trimmed copy of the entity that keeps
only the attributes some indicator reads, and only when the change touches an attribute they read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any

from shapely.geometry import Polygon

from citytwin.core.entities import ADMIN_CODE, Attribute, Entity
from citytwin.core.events import ChangeKind, EntityChange
from citytwin.core.indicators.accumulators import MISSING
from citytwin.core.indicators.model import IndicatorDef, MeasureKind, Severity, WindowKind
from citytwin.core.indicators.routing import (
    Entry,
    Member,
    Plan,
    Route,
    default_instance,
    raw_value,
    samples,
)
from citytwin.core.indicators.state import IndicatorState, number, predicate_attrs
from citytwin.core.qlang import parse_q
from citytwin.core.query import EntityQuery, GeoFilter, GeoRel
from citytwin.core.query_eval import admin_key, matches
from citytwin.core.timeutil import parse_instant
from citytwin.errors import BadRequestData

__all__ = ["IndicatorEngine", "IndicatorValue", "predicate_attrs"]

_PREFIX_LENGTHS = (2, 4, 6, 9, 12)
_MEMO_LIMIT = 65_536
"""Entries kept in the engine's small memos (area codes, observedAt texts) before they start over."""


@dataclass(slots=True)
class IndicatorValue:
    """An indicator's value at one tick."""

    id: str
    value: float | None
    severity: Severity | None
    at: datetime
    members: int
    samples: int


def _parse_epoch(text: Any) -> float | None:
    try:
        return parse_instant(text).timestamp()
    except (ValueError, BadRequestData):
        return None


class IndicatorEngine:
    """Live values of a set of indicators, maintained from entity changes."""

    def __init__(self, definitions: Iterable[IndicatorDef]) -> None:
        self._states: dict[str, IndicatorState] = {}
        self._index: dict[tuple[str, str], list[IndicatorState]] = {}
        self._keep: dict[str, set[str]] = {}
        """Entity type → attribute names some indicator over that type reads."""
        self._measured: dict[str, set[str]] = {}
        """Entity type → attribute names some indicator over that type measures (twins keep their values)."""
        self._filters: dict[str, set[str]] = {}
        """Entity type → attribute names some filter over that type reads (twins keep their instances)."""
        self._cache: dict[str, Member] = {}
        self._keep_cache: dict[tuple[str, ...], frozenset[str]] = {}
        self._routes: dict[tuple[tuple[str, ...], str | None], Route] = {}
        self._plan_tables: dict[tuple[Any, ...], dict[tuple[str, ...], Plan]] = {}
        self._codes: dict[str, str | None] = {}
        self._instants: dict[str, float | None] = {}
        self._last_at: datetime | None = None
        self._last_epoch = 0.0
        ratios: list[IndicatorDef] = []
        for d in definitions:
            if d.id in self._states:
                raise BadRequestData(f"indicator {d.id!r} is declared twice")
            if d.measure.kind is MeasureKind.RATIO:
                ratios.append(d)
                self._states[d.id] = IndicatorState(d, None)
                continue
            state = IndicatorState(d, self._extra_filters(d))
            self._states[d.id] = state
            area = "" if d.entities.admin_code is None else d.entities.admin_code
            measured = {d.measure.attr} if d.measure.attr else set()
            for t in d.entities.types:
                self._index.setdefault((t, area), []).append(state)
                self._keep.setdefault(t, {ADMIN_CODE}).update(measured, state.query_attrs)
                self._measured.setdefault(t, set()).update(measured)
                self._filters.setdefault(t, set()).update(state.query_attrs)
        for d in ratios:
            for ref in (d.measure.numerator, d.measure.denominator):
                if ref not in self._states:
                    raise BadRequestData(f"indicator {d.id!r}: ratio refers to unknown indicator {ref!r}")
        self._ratios = ratios
        self._live = [s for s in self._states.values() if s.kind is not MeasureKind.RATIO]

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

    def _state(self, indicator_id: str) -> IndicatorState:
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
            if self._keep_for(entity.types):
                self._fold(entity.id, entity.types, entity, at, (), live=False)

    def apply(self, change: EntityChange) -> None:
        """Fold one change into every indicator it concerns."""
        self.apply_many((change,))

    def apply_many(self, changes: Iterable[EntityChange]) -> None:
        """Fold changes, in order, into every indicator they concern.

        The common change (a known twin, in place, some attributes touched) takes the short path
        (:meth:`_steps`); first sight, moves, type changes and whole-entity changes take :meth:`_fold`.
        """
        cache = self._cache
        deleted = ChangeKind.DELETED
        for change in changes:
            entity = change.entity
            if change.kind is deleted or entity is None:
                if change.kind is deleted:
                    self._delete(change.entity_id)
                continue
            member = cache.get(change.entity_id)
            touched = change.attrs
            given = entity.attrs
            if (
                member is None
                or not touched
                or member.types != change.types
                or (
                    self._area(given[ADMIN_CODE][0].value) != member.code
                    if ADMIN_CODE in given
                    else ADMIN_CODE in touched and member.code is not None  # its area was removed
                )
            ):
                if self._keep_for(change.types):
                    self._fold(change.entity_id, change.types, entity, change.at, touched, live=True)
                continue
            route = member.route
            plan = route.plans.get(touched)
            if plan is None:
                plan = route.plan(touched)
            self._steps(plan, member, change.entity_id, given, change.at)

    def _delete(self, entity_id: str) -> None:
        """The twin is gone: it leaves every indicator it was in."""
        member = self._cache.pop(entity_id, None)
        if member is not None:  # a twin never seen is in no indicator
            self._depart(entity_id, member.route, member.values, None)
            del member.route.members[entity_id]

    def _keep_for(self, types: tuple[str, ...]) -> frozenset[str]:
        """Every attribute some indicator over ``types`` reads (empty: no indicator watches them)."""
        found = self._keep_cache.get(types)
        if found is None:
            found = self._keep_cache[types] = frozenset().union(*(self._keep.get(t, ()) for t in types))
        return found

    def _area(self, raw: Any) -> str | None:
        """``admin_key`` of an adminCode value, memoised (a city has a few thousand area codes)."""
        if type(raw) is not str:
            return admin_key(raw)
        found = self._codes.get(raw, MISSING)
        if found is MISSING:
            if len(self._codes) >= _MEMO_LIMIT:
                self._codes.clear()
            found = self._codes[raw] = admin_key(raw)
        return found  # type: ignore[no-any-return]

    def _route(self, types: tuple[str, ...], code: str | None) -> Route:
        """The shared route of every twin with these types in this area (one per community, not per twin)."""
        found = self._routes.get((types, code))
        if found is None:
            filters = frozenset().union(*(self._filters.get(t, ()) for t in types))
            measured = frozenset().union(*(self._measured.get(t, ()) for t in types))
            candidates = self._candidate_list(types, code)
            plans = self._plan_tables.setdefault((types, *map(id, candidates)), {})
            found = self._routes[(types, code)] = Route(candidates, measured, filters, plans)
        return found

    def _candidate_list(self, types: tuple[str, ...], code: str | None) -> list[IndicatorState]:
        keys = [""] if code is None else ["", *(code[:n] for n in _PREFIX_LENGTHS if n <= len(code))]
        out: list[IndicatorState] = []
        seen: set[int] = set()
        for t in types:
            for key in keys:
                for state in self._index.get((t, key), ()):
                    if id(state) not in seen:
                        seen.add(id(state))
                        out.append(state)
        return out

    def _steps(
        self,
        plan: Plan,
        member: Member,
        entity_id: str,
        given: dict[str, list[Attribute]],
        at: datetime,
    ) -> None:
        """Fold a live change of a known twin, in place, into its route's indicators (the hot path)."""
        for name in plan.filters:  # what the write touched, and nothing else, is what changed
            if name in given:
                member.entity.attrs[name] = given[name]
            else:
                member.entity.attrs.pop(name, None)  # an explicit removal
        values = member.values
        for step in plan.steps:
            attr = step.attr
            inst = None
            if attr is not None:
                instances = given.get(attr)
                if instances:
                    inst = instances[0]
                    if inst.dataset_id is not None:
                        inst = default_instance(instances)
                new = None if inst is None else inst.value
                old = values.get(attr)
                values[attr] = new
                if step.raws and old != new:
                    for state in step.raws:
                        state.dirty = True
                        acc = state.acc
                        if acc is not None:
                            acc.replace(old, new)
                if step.numeric:  # members' numbers: floats, or None for anything else
                    new = new if type(new) is float and new - new == 0.0 else number(new)
                    old = old if type(old) is float and old - old == 0.0 else number(old)
                    if old != new:
                        for state in step.numbers:
                            state.dirty = True
                            acc = state.acc
                            if acc is not None:
                                acc.replace(old, new)
            else:
                new = None
            if step.windows:
                epoch = self._epoch(inst, at)
                for window in step.windows:
                    window.add(epoch, new)
            if step.filtered:
                self._check(step.filtered, member, entity_id, inst, at)

    def _check(
        self,
        entries: tuple[Entry, ...],
        member: Member,
        entity_id: str,
        inst: Attribute | None,
        at: datetime,
    ) -> None:
        """Fold a change into filtered indicators: re-check the filters it concerns, set the value."""
        for state, recheck, sampled in entries:
            if recheck:
                if not matches(member.entity, state.query):  # type: ignore[arg-type]
                    state.drop(entity_id)
                    continue
            elif entity_id not in state.members:
                continue  # its filters read nothing this change touched: still not a member
            value = state.read(member.values.get(state.attr) if state.attr else None)
            state.put(entity_id, value)
            if sampled:
                state.sample(self._epoch(inst if state.attr else None, at), value)

    def _fold(
        self,
        entity_id: str,
        types: tuple[str, ...],
        entity: Entity,
        at: datetime,
        touched: tuple[str, ...],
        *,
        live: bool,
    ) -> None:
        """Fold a twin seen for the first time, moved, retyped or replaced whole (the general path)."""
        given = entity.attrs
        member = self._cache.get(entity_id)
        if member is not None and member.types == types:
            before = dict(member.values)
            came_from = route = member.route
            for name in touched or tuple(given):  # a whole-entity change carries everything
                if name in route.filters:
                    if name in given:
                        member.entity.attrs[name] = given[name]
                    else:
                        member.entity.attrs.pop(name, None)
                if name in route.measured:
                    member.values[name] = raw_value(given.get(name))
            if ADMIN_CODE in given or ADMIN_CODE in touched:
                code = self._area(given[ADMIN_CODE][0].value) if ADMIN_CODE in given else None
                if code != member.code:  # moved to another area (or out of every one): other indicators now
                    member.code, member.route = code, self._route(types, code)
                    del came_from.members[entity_id]
                    member.route.members[entity_id] = member
            self._depart(entity_id, came_from, before, member.route)
            self._arrive(
                member, entity_id, given, touched, at=at, live=live, came_from=came_from, before=before
            )
            return
        # First sight (or a type change): keep what indicators over these types read.
        measured = frozenset().union(*(self._measured.get(t, ()) for t in types))
        filters = frozenset().union(*(self._filters.get(t, ()) for t in types))
        values = {n: raw_value(given[n]) for n in measured if n in given}
        held = {n: given[n] for n in filters if n in given}
        code = self._area(given[ADMIN_CODE][0].value) if ADMIN_CODE in given else None
        if member is not None:
            values = {**{n: v for n, v in member.values.items() if n in measured}, **values}
            held = {**{n: v for n, v in member.entity.attrs.items() if n in filters}, **held}
            if ADMIN_CODE not in given:
                code = member.code
            self._depart(entity_id, member.route, member.values, None)
            del member.route.members[entity_id]
        route = self._route(types, code)
        member = Member(Entity(id=entity_id, types=types, attrs=held), types, code, route, values)
        self._cache[entity_id] = member
        route.members[entity_id] = member
        self._arrive(member, entity_id, given, touched, at=at, live=live, came_from=None, before={})

    def _arrive(
        self,
        member: Member,
        entity_id: str,
        given: dict[str, list[Attribute]],
        touched: tuple[str, ...],
        *,
        at: datetime,
        live: bool,
        came_from: Route | None,
        before: dict[str, Any],
    ) -> None:
        """Bring every indicator of the twin's route up to date with it.

        ``before`` holds its values when it was on ``came_from`` (None: first sight): indicators of both
        routes take the change of value, the others take a new member.
        """
        route = member.route
        values = member.values
        if came_from is None:
            stayed: set[int] = set()
        elif came_from is route:
            stayed = {id(s) for s in route.candidates}
        else:
            stayed = {id(s) for s in came_from.candidates}
        for state in route.candidates:
            attr = state.attr
            value = state.read(values.get(attr) if attr else None)
            if state.query is not None:
                if not matches(member.entity, state.query):
                    state.drop(entity_id)
                    continue
                state.put(entity_id, value)
            elif id(state) in stayed:
                state.update(state.read(before.get(attr) if attr else None), value)
            else:
                state.join(value)
            if samples(state, touched, live):
                inst = default_instance(given.get(attr)) if attr else None
                state.sample(self._epoch(inst, at), value)

    @staticmethod
    def _depart(entity_id: str, route: Route, values: dict[str, Any], going_to: Route | None) -> None:
        """The twin, with ``values``, leaves the indicators of ``route`` that ``going_to`` does not have."""
        if going_to is route:
            return
        staying = set() if going_to is None else {id(s) for s in going_to.candidates}
        for state in route.candidates:
            if id(state) in staying:
                continue
            if state.query is not None:
                state.drop(entity_id)
            else:
                state.leave(state.read(values.get(state.attr) if state.attr else None))

    def _epoch(self, inst: Attribute | None, at: datetime) -> float:
        """The reading's ``observedAt`` (epoch seconds), else the change's time."""
        observed = None if inst is None else inst.observed_at
        if observed:
            if type(observed) is str:
                found = self._instants.get(observed, MISSING)
                if found is MISSING:
                    if len(self._instants) >= _MEMO_LIMIT:
                        self._instants.clear()
                    found = self._instants[observed] = _parse_epoch(observed)
            else:
                found = _parse_epoch(observed)
            if found is not None:
                return found  # type: ignore[no-any-return]
        if at is not self._last_at:
            self._last_at, self._last_epoch = at, at.timestamp()
        return self._last_epoch

    # -- evaluating -----------------------------------------------------------------------------------
    def tick(self, now: datetime) -> list[IndicatorValue]:
        """Recompute what changed or aged; returns the indicators whose value (or severity) changed."""
        t = now.timestamp()
        out: list[IndicatorValue] = []
        for state in self._live:
            if state.windowed:
                state.age(t)
            elif not state.dirty:
                continue
            state.dirty = False
            self._emit(state, state.compute(t), now, t, out)
        for d in self._ratios:
            state = self._states[d.id]
            num = self._states[d.measure.numerator or ""].value
            den = self._states[d.measure.denominator or ""].value
            value = None if num is None or not den else num / den * d.measure.scale
            self._emit(state, value, now, t, out)
        return out

    @staticmethod
    def _emit(
        state: IndicatorState, value: float | None, now: datetime, t: float, out: list[IndicatorValue]
    ) -> None:
        # Values that compare equal cross the same thresholds: the severity is only worked out on a change.
        changed = value != state.value or state.ticked is None
        state.value = value
        if changed:
            state.severity = state.defn.severity(value)
            out.append(IndicatorValue(state.defn.id, value, state.severity, now, state.count, state.samples))
        state.ticked = t

    # -- explaining -----------------------------------------------------------------------------------
    def explain(self, indicator_id: str, *, limit: int = 20) -> dict[str, Any]:
        """The entity set, the current inputs and the calculation of one indicator."""
        state = self._state(indicator_id)
        d = state.defn
        m = d.measure
        inputs = [{"entity": k, "value": v} for k, v in islice(state.items(), limit)]
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
            "members": state.count,
            "samplesInWindow": state.samples,
            "inputs": inputs,
            "calculation": calc,
            "value": state.value,
            "unit": d.unit,
            "severity": d.severity(state.value),
            "thresholds": [
                {"op": t.op, "value": t.value, "severity": t.severity.value} for t in d.thresholds
            ],
        }
