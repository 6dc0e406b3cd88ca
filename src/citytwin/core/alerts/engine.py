"""Alert evaluation from the change stream (pure: no I/O; time comes from events and :meth:`sweep`).

:meth:`AlertEngine.apply` folds one entity change into the rules over that entity's type and returns the
alert transitions it causes; :meth:`AlertEngine.sweep` handles what only time can trigger (silence, dwell,
rate windows emptying) and is called by the adapter every second with the injected clock's time.

De-duplication: at most one open alert per (rule, entity); a condition that persists raises nothing new.
Auto-resolve: the alert resolves when its condition clears (threshold past the clearing bound, data arrives,
the vehicle leaves the fence ...). Suppression: after resolving, the same (rule, entity) stays quiet for the
rule's ``suppress`` period even if the condition returns.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from shapely.geometry import Point, Polygon

from citytwin.core.alerts.model import Alert, AlertState, RuleDef, RuleKind
from citytwin.core.entities import ADMIN_CODE, LEVEL, LOCATION, Entity
from citytwin.core.events import ChangeKind, EntityChange
from citytwin.core.geometry import representative_lnglat
from citytwin.core.indicators.engine import predicate_attrs
from citytwin.core.qlang import parse_q
from citytwin.core.query import EntityQuery
from citytwin.core.query_eval import admin_key, admin_prefix, matches
from citytwin.core.timeutil import parse_instant
from citytwin.errors import BadRequestData


@dataclass(slots=True)
class _Track:
    """What one rule remembers about one entity."""

    open: Alert | None = None
    quiet_until: float = 0.0
    samples: deque[tuple[float, float]] = field(default_factory=deque)
    last_presence: float | None = None
    inside: bool | None = None
    inside_since: float | None = None


@dataclass(slots=True)
class _Rule:
    defn: RuleDef
    query: EntityQuery | None
    area: str | None
    fence: Polygon | None
    tracks: dict[str, _Track] = field(default_factory=dict)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    out = float(value)
    return out if math.isfinite(out) else None


def _when(entity: Entity, attr: str | None, fallback: datetime) -> float:
    inst = None if attr is None else entity.attr(attr)
    if inst is not None and inst.observed_at:
        try:
            return parse_instant(inst.observed_at).timestamp()
        except (ValueError, BadRequestData):
            pass
    return fallback.timestamp()


def active_seconds(start: float, end: float, hours: tuple[int, int] | None, utc_offset_h: float) -> float:
    """Seconds of [start, end] that fall inside the local daily ``hours`` [from, to) (all of it when None)."""
    if end <= start:
        return 0.0
    if hours is None:
        return end - start
    lo, hi = hours
    offset = utc_offset_h * 3600.0
    day0 = math.floor((start + offset) / 86400.0) * 86400.0 - offset
    total = 0.0
    day = day0
    while day < end:
        a, b = day + lo * 3600.0, day + hi * 3600.0
        total += max(0.0, min(b, end) - max(a, start))
        day += 86400.0
    return total


class AlertEngine:
    """Open alerts of a set of rules, maintained from entity changes and the passage of time."""

    def __init__(self, rules: Iterable[RuleDef]) -> None:
        self._rules: dict[str, _Rule] = {}
        self._by_type: dict[str, list[_Rule]] = {}
        self._composites: list[_Rule] = []
        self._raised_at: dict[tuple[str, str], float] = {}
        self._filter_attrs: dict[str, set[str]] = {}
        self._state: dict[str, Entity] = {}
        """Entity id → the attributes rule filters read, merged from every change seen (trimmed)."""
        for d in rules:
            if d.id in self._rules:
                raise BadRequestData(f"rule {d.id!r} is declared twice")
            es = d.entities
            extra = es.levels or es.polygon or es.grid_prefix or es.q
            query = (
                EntityQuery(
                    levels=es.levels, grid_prefix=es.grid_prefix, q=None if es.q is None else parse_q(es.q)
                )
                if extra
                else None
            )
            fence = Polygon(d.polygon) if d.kind is RuleKind.GEOFENCE else None
            area = None if es.admin_code is None else admin_prefix(es.admin_code)
            rule = self._rules[d.id] = _Rule(d, query, area, fence)
            if d.kind is RuleKind.COMPOSITE:
                self._composites.append(rule)
            for t in es.types:
                self._by_type.setdefault(t, []).append(rule)
                if query is not None:  # filters read the twin's state, which a reading's patch lacks
                    needs = self._filter_attrs.setdefault(t, set())
                    needs.update(predicate_attrs(query.q))
                    if es.levels:
                        needs.add(LEVEL)
                    if es.grid_prefix:
                        needs.add(LOCATION)
        for rule in self._composites:
            for part in rule.defn.all_of:
                if part not in self._rules:
                    raise BadRequestData(f"rule {rule.defn.id!r}: all_of names unknown rule {part!r}")
        self._admin: dict[str, str | None] = {}

    @property
    def rules(self) -> list[RuleDef]:
        """Every rule, in declaration order."""
        return [r.defn for r in self._rules.values()]

    def open_alerts(self) -> list[Alert]:
        """Alerts raised and not yet resolved."""
        return [t.open for r in self._rules.values() for t in r.tracks.values() if t.open is not None]

    # -- feeding --------------------------------------------------------------------------------------
    def load(self, entities: Iterable[Entity], at: datetime) -> None:
        """Start-up state: entities present now count as reporting now (silence is measured from here)."""
        for entity in entities:
            for rule in self._matching(entity):
                track = rule.tracks.setdefault(entity.id, _Track())
                d = rule.defn
                if d.kind is RuleKind.ABSENCE and d.min_value is None and track.last_presence is None:
                    track.last_presence = at.timestamp()

    def _matching(self, entity: Entity) -> list[_Rule]:
        rules = [r for t in entity.types for r in self._by_type.get(t, ())]
        if not rules:
            return []
        raw = entity.value(ADMIN_CODE)
        if raw is not None:
            self._admin[entity.id] = admin_key(raw)
        code = self._admin.get(entity.id)
        state = self._filter_state(entity) if any(r.query is not None for r in rules) else entity
        return [
            r
            for r in rules
            if (r.area is None or (code is not None and code.startswith(r.area)))
            and (r.query is None or matches(state, r.query))
        ]

    def _filter_state(self, entity: Entity) -> Entity:
        """The twin as rule filters see it: this change's attributes over what earlier changes said."""
        needs = set().union(*(self._filter_attrs.get(t, ()) for t in entity.types))
        held = self._state.get(entity.id)
        if held is None or held.types != entity.types:
            held = self._state[entity.id] = Entity(id=entity.id, types=entity.types, attrs={})
        for name in needs:
            found = entity.attrs.get(name)
            if found is not None:
                held.attrs[name] = found
        return held

    def apply(self, change: EntityChange) -> list[Alert]:
        """The alert transitions one change causes (composites included)."""
        if change.kind is ChangeKind.DELETED or change.entity is None:
            self._admin.pop(change.entity_id, None)
            self._state.pop(change.entity_id, None)
            return []
        entity = change.entity
        out: list[Alert] = []
        for rule in self._matching(entity):
            track = rule.tracks.setdefault(entity.id, _Track())
            kind = rule.defn.kind
            if kind is RuleKind.THRESHOLD:
                self._threshold(rule, track, entity, change.at, out)
            elif kind is RuleKind.RATE:
                self._rate(rule, track, entity, change.at, out)
            elif kind is RuleKind.ABSENCE:
                self._presence(rule, track, entity, change.at, out)
            elif kind is RuleKind.GEOFENCE:
                self._fence(rule, track, entity, change.at, out)
        return self._compose(out)

    def sweep(self, now: datetime) -> list[Alert]:
        """Time-driven transitions: silence past its limit, dwell reached, rate windows emptied."""
        t = now.timestamp()
        out: list[Alert] = []
        for rule in self._rules.values():
            d = rule.defn
            for entity_id, track in rule.tracks.items():
                if d.kind is RuleKind.ABSENCE and track.open is None and track.last_presence is not None:
                    if t - track.last_presence > d.baseline:
                        continue  # not "normally reporting" any more: nothing usual has stopped
                    silent = active_seconds(track.last_presence, t, d.active_hours, d.utc_offset_hours)
                    if silent >= d.silent_for:
                        self._raise(
                            rule, track, entity_id, now, round(silent), f"silent for {silent:.0f} s", out
                        )
                elif d.kind is RuleKind.GEOFENCE and d.trigger == "dwell" and track.open is None:
                    if track.inside and track.inside_since is not None and t - track.inside_since >= d.dwell:
                        self._raise(
                            rule, track, entity_id, now, t - track.inside_since, "dwelling in fence", out
                        )
                elif d.kind is RuleKind.RATE and track.open is not None:
                    while track.samples and track.samples[0][0] < t - d.window:
                        track.samples.popleft()
                    if self._change(d, track) <= d.max_change:
                        self._resolve(rule, track, now, None, out)
        return self._compose(out)

    # -- rule kinds -----------------------------------------------------------------------------------
    def _threshold(self, rule: _Rule, track: _Track, entity: Entity, at: datetime, out: list[Alert]) -> None:
        d = rule.defn
        value = _number(entity.value(d.attr or ""))
        if value is None:
            return
        now = at if (ts := _when(entity, d.attr, at)) == at.timestamp() else datetime.fromtimestamp(ts, UTC)
        if track.open is None and d.crossed(value):
            self._raise(rule, track, entity.id, now, value, f"{d.attr} {d.op} {d.value:g} ({value:g})", out)
        elif track.open is not None and d.cleared(value):
            self._resolve(rule, track, now, value, out)

    @staticmethod
    def _change(d: RuleDef, track: _Track) -> float:
        if len(track.samples) < 2:
            return 0.0
        values = [v for _, v in track.samples]
        last = values[-1]
        if d.direction == "up":
            return last - min(values)
        if d.direction == "down":
            return max(values) - last
        return max(values) - min(values)

    def _rate(self, rule: _Rule, track: _Track, entity: Entity, at: datetime, out: list[Alert]) -> None:
        d = rule.defn
        value = _number(entity.value(d.attr or ""))
        if value is None:
            return
        t = _when(entity, d.attr, at)
        track.samples.append((t, value))
        while track.samples and track.samples[0][0] < t - d.window:
            track.samples.popleft()
        delta = self._change(d, track)
        now = datetime.fromtimestamp(t, UTC)
        if track.open is None and delta > d.max_change:
            self._raise(
                rule, track, entity.id, now, delta, f"{d.attr} changed by {delta:g} in {d.window:g} s", out
            )
        elif track.open is not None and delta <= d.max_change:
            self._resolve(rule, track, now, delta, out)

    def _presence(self, rule: _Rule, track: _Track, entity: Entity, at: datetime, out: list[Alert]) -> None:
        d = rule.defn
        if d.attr is not None:
            inst = entity.attr(d.attr)
            if inst is None:
                return
            value = _number(inst.value)
            if d.min_value is not None and (value is None or value <= d.min_value):
                return  # a reading, but not the presence this rule waits for (e.g. zero flow)
        t = _when(entity, d.attr, at)
        track.last_presence = max(track.last_presence or t, t)
        if track.open is not None:
            self._resolve(rule, track, datetime.fromtimestamp(t, UTC), None, out)

    def _fence(self, rule: _Rule, track: _Track, entity: Entity, at: datetime, out: list[Alert]) -> None:
        geom = entity.location()
        if geom is None or rule.fence is None:
            return
        d = rule.defn
        lng, lat = representative_lnglat(geom)
        inside = rule.fence.contains(Point(lng, lat))
        was = track.inside
        if inside == was:
            return
        track.inside = inside
        track.inside_since = at.timestamp() if inside else None
        entering = inside and was is not True
        leaving = (not inside) and was is True
        if d.trigger == "enter":
            if entering:
                self._raise(rule, track, entity.id, at, [lng, lat], "entered the geofence", out)
            elif leaving:
                self._resolve(rule, track, at, [lng, lat], out)
        elif d.trigger == "exit":
            if leaving:
                self._raise(rule, track, entity.id, at, [lng, lat], "left the geofence", out)
            elif entering:
                self._resolve(rule, track, at, [lng, lat], out)
        elif leaving:  # dwell: resolves on leaving; raising happens in sweep()
            self._resolve(rule, track, at, [lng, lat], out)

    # -- transitions ----------------------------------------------------------------------------------
    def _raise(  # noqa: PLR0917 - an internal helper called from every rule kind
        self, rule: _Rule, track: _Track, entity_id: str, at: datetime, value: Any, why: str, out: list[Alert]
    ) -> None:
        if track.open is not None or at.timestamp() < track.quiet_until:
            return
        d = rule.defn
        alert = Alert(d.id, entity_id, AlertState.RAISED, d.severity, d.category, at, value, why)
        track.open = alert
        out.append(alert)

    def _resolve(self, rule: _Rule, track: _Track, at: datetime, value: Any, out: list[Alert]) -> None:
        if track.open is None:
            return
        d = rule.defn
        out.append(
            Alert(
                d.id, track.open.entity_id, AlertState.RESOLVED, d.severity, d.category, at, value, "cleared"
            )
        )
        track.open = None
        track.quiet_until = at.timestamp() + d.suppress

    def _compose(self, alerts: list[Alert]) -> list[Alert]:
        if not self._composites or not alerts:
            return alerts
        out = list(alerts)
        for alert in alerts:
            for rule in self._composites:
                d = rule.defn
                if alert.rule_id not in d.all_of:
                    continue
                subject = alert.entity_id if d.same_entity else "*"
                if alert.state is AlertState.RAISED:
                    self._raised_at[(alert.rule_id, subject)] = alert.at.timestamp()
                    times = [self._raised_at.get((part, subject)) for part in d.all_of]
                    if all(x is not None for x in times):
                        spread = max(times) - min(times)  # type: ignore[type-var, operator]
                        if spread <= d.within:
                            track = rule.tracks.setdefault(subject, _Track())
                            why = f"{' and '.join(d.all_of)} within {d.within:g} s"
                            self._raise(rule, track, alert.entity_id, alert.at, list(d.all_of), why, out)
                else:
                    self._raised_at.pop((alert.rule_id, subject), None)
                    found = rule.tracks.get(subject)
                    if found is not None:
                        self._resolve(rule, found, alert.at, None, out)
        return out
