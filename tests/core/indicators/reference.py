"""A from-scratch reference for the indicator engine: the twins' state, and every value recomputed in full.

It keeps the state the change stream describes (which twin holds which attributes, every reported sample)
and, at each tick, computes every indicator again from the definitions alone: membership by type, area prefix
and filters, values with ``math.fsum`` / ``max`` / ``min`` / sorting, windows as the samples not yet evicted.
Nothing here is incremental, so agreeing with it after any sequence of changes means the engine's running
aggregates never drift from what a recomputation gives.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from shapely.geometry import Polygon

from citytwin.core.entities import ADMIN_CODE, LEVEL, LOCATION, Attribute, Entity
from citytwin.core.events import ChangeKind, EntityChange
from citytwin.core.indicators.model import IndicatorDef, MeasureKind, WindowKind
from citytwin.core.qlang import parse_q
from citytwin.core.query import Compare, EntityQuery, Exists, GeoFilter, GeoRel, Not, Predicate
from citytwin.core.query_eval import admin_key, matches
from citytwin.core.timeutil import parse_instant
from citytwin.errors import BadRequestData

NUMERIC = {
    MeasureKind.SUM,
    MeasureKind.AVG,
    MeasureKind.MIN,
    MeasureKind.MAX,
    MeasureKind.PERCENTILE,
    MeasureKind.TIME_ABOVE,
}


def _pred_attrs(pred: Predicate | None) -> set[str]:
    if pred is None:
        return set()
    if isinstance(pred, Compare | Exists):
        return {pred.path[0]}
    if isinstance(pred, Not):
        return _pred_attrs(pred.item)
    return set().union(*(_pred_attrs(p) for p in pred.items))


def _query(d: IndicatorDef) -> EntityQuery | None:
    es = d.entities
    if not (es.levels or es.polygon or es.grid_prefix or es.q):
        return None
    return EntityQuery(
        levels=es.levels,
        grid_prefix=es.grid_prefix,
        q=None if es.q is None else parse_q(es.q),
        geo=None if es.polygon is None else GeoFilter(GeoRel.WITHIN, Polygon(es.polygon)),
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        out = float(value)
    except OverflowError:
        return None
    return out if math.isfinite(out) else None


def _default(instances: list[Attribute] | None) -> Attribute | None:
    return next((i for i in instances or () if i.dataset_id is None), None)


def _epoch(inst: Attribute | None, at: datetime) -> float:
    if inst is not None and inst.observed_at:
        try:
            return parse_instant(inst.observed_at).timestamp()
        except (ValueError, BadRequestData):
            pass
    return at.timestamp()


def aggregate(kind: MeasureKind, values: list[float], pct: float | None = None) -> float | None:
    """The value of ``kind`` over ``values``, computed in full."""
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
    pos = (len(ordered) - 1) * (pct or 0.0) / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


@dataclass
class Twin:
    types: tuple[str, ...]
    attrs: dict[str, list[Attribute]]


@dataclass
class Reference:
    """The twins and samples a change stream describes; indicator values recomputed from them in full."""

    definitions: list[IndicatorDef]
    twins: dict[str, Twin] = field(default_factory=dict)
    samples: dict[str, list[tuple[float, Any]]] = field(default_factory=dict)
    spells: dict[str, list[tuple[float, bool]]] = field(default_factory=dict)
    values: dict[str, float | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.queries = {d.id: _query(d) for d in self.definitions}
        self.live = [d for d in self.definitions if d.measure.kind is not MeasureKind.RATIO]

    def reads(self, types: tuple[str, ...]) -> set[str]:
        """What indicators over ``types`` read (the rest of a twin cannot matter)."""
        out = {ADMIN_CODE}
        for d in self.live:
            if set(d.entities.types) & set(types):
                out |= {d.measure.attr} - {None}  # type: ignore[arg-type]
                query = self.queries[d.id]
                if query is not None:
                    out |= _pred_attrs(query.q)
                    out |= {LEVEL} if query.levels else set()
                    out |= {LOCATION} if query.geo is not None else set()
        return out

    # -- the stream --------------------------------------------------------------------------------------
    def apply(self, change: EntityChange, *, live: bool = True) -> None:
        """Take one change (``live=False``: the start-up load, which adds no samples)."""
        if change.kind is ChangeKind.DELETED:
            self.twins.pop(change.entity_id, None)
            return
        entity = change.entity
        if entity is None or not any(set(d.entities.types) & set(change.types) for d in self.live):
            return  # no indicator watches these types
        reads = self.reads(change.types)
        given = {n: v for n, v in entity.attrs.items() if n in reads}
        twin = self.twins.get(change.entity_id)
        if twin is None or twin.types != change.types:
            # First sight or a new type: what the twin had (and the new types read) plus what is given.
            kept = {} if twin is None else {n: v for n, v in twin.attrs.items() if n in reads}
            twin = self.twins[change.entity_id] = Twin(change.types, {**kept, **given})
        else:
            for name in change.attrs or tuple(given):
                if name in given:
                    twin.attrs[name] = given[name]
                elif name in reads:
                    twin.attrs.pop(name, None)
            if ADMIN_CODE in given:
                twin.attrs[ADMIN_CODE] = given[ADMIN_CODE]
        if not live:
            return
        for d in self.live:
            if d.window.kind is WindowKind.INSTANT or not self.member(d, change.entity_id, twin):
                continue
            attr = d.measure.attr
            if attr is None or attr in change.attrs:
                inst = _default(given.get(attr)) if attr else None
                self.samples.setdefault(d.id, []).append((_epoch(inst, change.at), self.read(d, twin)))

    # -- from scratch -----------------------------------------------------------------------------------
    def member(self, d: IndicatorDef, entity_id: str, twin: Twin) -> bool:
        """Whether the twin is in ``d``'s entity set: type, area prefix, filters."""
        if not set(d.entities.types) & set(twin.types):
            return False
        if d.entities.admin_code is not None:
            code = admin_key(twin.attrs[ADMIN_CODE][0].value) if ADMIN_CODE in twin.attrs else None
            if code is None or not code.startswith(d.entities.admin_code):
                return False
        query = self.queries[d.id]
        return query is None or matches(Entity(id=entity_id, types=twin.types, attrs=twin.attrs), query)

    @staticmethod
    def read(d: IndicatorDef, twin: Twin) -> Any:
        """The twin's value of ``d``'s attribute, as a number for numeric measures."""
        attr = d.measure.attr
        inst = _default(twin.attrs.get(attr)) if attr else None
        value = None if inst is None else inst.value
        return _number(value) if d.measure.kind in NUMERIC else value

    def members(self, d: IndicatorDef) -> dict[str, Any]:
        """Entity id → value, for every member of ``d``'s set."""
        return {i: self.read(d, t) for i, t in self.twins.items() if self.member(d, i, t)}

    def window(self, d: IndicatorDef, t: float) -> list[tuple[float, Any]]:
        """The samples in ``d``'s window at ``t``: evicted from the front while older than its start."""
        seconds = d.window.seconds
        start = math.floor(t / seconds) * seconds if d.window.kind is WindowKind.TUMBLING else t - seconds
        found = self.samples.setdefault(d.id, [])
        k = 0
        while k < len(found) and found[k][0] < start:
            k += 1
        del found[:k]
        return found

    def tick(self, now: datetime) -> dict[str, float | None]:
        """Every indicator's value at ``now``, computed in full."""
        t = now.timestamp()
        out: dict[str, float | None] = {}
        for d in self.live:
            out[d.id] = self.compute(d, t)
        for d in self.definitions:
            if d.measure.kind is MeasureKind.RATIO:
                num = out[d.measure.numerator or ""]
                den = out[d.measure.denominator or ""]
                out[d.id] = None if num is None or not den else num / den * d.measure.scale
        self.values = out
        return out

    def compute(self, d: IndicatorDef, t: float) -> float | None:
        m = d.measure
        members = self.members(d)
        windowed = d.window.kind is not WindowKind.INSTANT
        window = self.window(d, t) if windowed else []
        if m.kind is MeasureKind.COUNT:
            return float(len(window) if windowed else len(members))
        if m.kind is MeasureKind.RATE:
            return len(window) / d.window.seconds * m.per_seconds
        if m.kind is MeasureKind.ONLINE_SHARE:
            if not members:
                return None
            return sum(1 for v in members.values() if v in m.online_values) / len(members) * m.scale
        if m.kind is MeasureKind.TIME_ABOVE:
            current = aggregate(m.aggregate, [v for v in members.values() if v is not None])
            above = current is not None and current > (m.threshold or 0.0)
            spells = self.spells.setdefault(d.id, [])
            if not spells or spells[-1][1] != above:
                spells.append((t, above))
            start = t - d.window.seconds
            total = 0.0
            for i, (since, up) in enumerate(spells):
                until = spells[i + 1][0] if i + 1 < len(spells) else t
                if up:
                    total += max(0.0, until - max(since, start))
            return total
        inputs = [v for _, v in window] if windowed else list(members.values())
        return aggregate(m.kind, [v for v in inputs if v is not None], m.percentile)

    def sample_count(self, d: IndicatorDef) -> int:
        """Samples in ``d``'s window as of the last tick."""
        return len(self.samples.get(d.id, ()))
