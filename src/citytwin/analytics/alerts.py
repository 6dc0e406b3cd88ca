"""The alert service: rules evaluated on the change stream; raised alerts become ``Alert`` twins and events.

Each raised alert is written as an ``Alert`` entity (Smart Data Models shape: ``category``, ``subCategory``,
``severity``, ``alertSource``, ``dateIssued``, ``validTo`` once resolved, ``description``) and, for rules that
name an event category, filed as a grid-management event at the alerting twin's community, so that a
reading → alert → event → push chain runs without anyone polling. Resolution closes the ``Alert`` twin
(status ``resolved``); the event stays with the people handling it.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import deque
from collections.abc import Iterable, Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from citytwin.analytics.workorders import Report, WorkOrderDesk
from citytwin.core.alerts.engine import AlertEngine
from citytwin.core.alerts.model import Alert, AlertState, RuleDef, parse_rule
from citytwin.core.entities import ADMIN_CODE, Entity, prop, rel
from citytwin.core.events import EntityChange
from citytwin.core.geometry import representative_lnglat
from citytwin.core.query import EntityQuery, types_of
from citytwin.core.timeutil import Clock, format_instant, utc_now
from citytwin.errors import BadRequestData, CitytwinError
from citytwin.storage.base import DEFAULT_TENANT, Store
from citytwin.stream.bus import EventBus, Subscription

log = logging.getLogger(__name__)

ALERT_TYPE = "Alert"
_PAGE = 1000
NO_EVENT = "none"
"""A rule whose ``category`` is this raises alerts but files no event."""


def load_rules(paths: Iterable[Path] = (), *, shipped: bool = True) -> list[RuleDef]:
    """The shipped rules (``citytwin/data/rules/*.yaml``) and/or the YAML files given."""
    texts: list[tuple[str, str]] = []
    if shipped:
        folder = files("citytwin.data").joinpath("rules")
        texts += [
            (f.name, f.read_text("utf-8"))
            for f in sorted(folder.iterdir(), key=lambda f: f.name)
            if f.name.endswith((".yaml", ".yml"))
        ]
    texts += [(str(p), Path(p).read_text("utf-8")) for p in paths]
    rules: list[RuleDef] = []
    for name, text in texts:
        doc = yaml.safe_load(text) or {}
        if not isinstance(doc, Mapping):
            raise BadRequestData(f"rule file {name}: expected a mapping with a 'rules' list")
        rules.extend(parse_rule(r) for r in doc.get("rules") or ())
    return rules


def alert_id(alert: Alert, raised_at: str) -> str:
    """A stable id per raised alert (rule, entity, time), so a replayed change cannot file it twice."""
    digest = hashlib.sha1(f"{alert.key}|{raised_at}".encode()).hexdigest()[:20]
    return f"urn:ngsi-ld:{ALERT_TYPE}:{digest}"


class AlertService:
    """Feeds an :class:`AlertEngine` from the bus, sweeps it every ``interval`` seconds, records alerts."""

    def __init__(
        self,
        store: Store,
        bus: EventBus,
        rules: list[RuleDef],
        *,
        desk: WorkOrderDesk | None = None,
        tenant: str = DEFAULT_TENANT,
        clock: Clock = utc_now,
        interval: float = 1.0,
    ) -> None:
        self.engine = AlertEngine(rules)
        self.rules = {r.id: r for r in rules}
        self.store = store
        self.bus = bus
        self.desk = desk
        self.tenant = tenant
        self.clock = clock
        self.interval = interval
        self._inbox: deque[EntityChange] = deque()
        self._open: dict[str, str] = {}
        """Alert key → the id of its open Alert twin."""
        self._sub: Subscription | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.raised = 0
        self.events_filed = 0

    def start(self, *, background: bool = True) -> None:
        """Load the state of the watched types and follow the stream."""
        self.follow()
        tenant = self.store.tenant(self.tenant)
        now = self.clock()
        for kind in sorted(self.watched_types()):
            for page in tenant.iter_query(EntityQuery(types=types_of(kind))):
                self.engine.load(page, now)
        if background:
            self.tick_in_background()

    def follow(self) -> None:
        """Subscribe to the bus, before any loading, so no change is missed."""
        self._sub = self.bus.subscribe(self._inbox.append, tenant=self.tenant)

    def watched_types(self) -> set[str]:
        """The entity types whose current state the rules start from."""
        return {t for r in self.rules.values() for t in r.entities.types}

    def tick_in_background(self) -> None:
        """Sweep every ``interval`` seconds in a daemon thread until :meth:`close`."""
        self._thread = threading.Thread(target=self._run, name="alerts", daemon=True)
        self._thread.start()

    def step(self) -> list[Alert]:
        """Evaluate what arrived and what time triggered; record the transitions; return them."""
        with self._lock:
            out: list[Alert] = []
            entities: dict[str, Entity] = {}
            while self._inbox:
                change = self._inbox.popleft()
                if change.type == ALERT_TYPE:
                    continue
                found = self.engine.apply(change)
                if found and change.entity is not None:
                    entities[change.entity_id] = change.entity
                out.extend(found)
            out.extend(self.engine.sweep(self.clock()))
            if out:
                self._record(out, entities)
            return out

    def open_alerts(self) -> list[Alert]:
        """The alerts raised and not resolved, each with its twin stored.

        Read between steps, never while a step has raised an alert and not yet written its twin (a reader
        deciding by the twin would miss it).
        """
        with self._lock:
            return list(self.engine.open_alerts())

    def _record(self, alerts: list[Alert], entities: Mapping[str, Entity]) -> None:
        tenant = self.store.tenant(self.tenant)
        twins: list[Entity] = []
        reports: list[Report] = []
        for alert in alerts:
            at = format_instant(alert.at)
            rule = self.rules[alert.rule_id]
            if alert.state is AlertState.RAISED:
                ident = alert_id(alert, at)
                self._open[alert.key] = ident
                self.raised += 1
                attrs = {
                    "category": [prop(rule.category)],
                    "subCategory": [prop(rule.id)],
                    "severity": [prop(alert.severity.value)],
                    "status": [prop("raised", observed_at=at)],
                    "description": [prop(f"{rule.name_zh}: {alert.message}")],
                    "dateIssued": [prop(at)],
                    "alertSource": [rel(alert.entity_id)],
                }
                if alert.value is not None:
                    attrs["triggerValue"] = [prop(alert.value)]
                source = entities.get(alert.entity_id) or self._fetch(alert.entity_id)
                code = None if source is None else source.value(ADMIN_CODE)
                if code is not None:
                    attrs[ADMIN_CODE] = [prop(code)]
                twins.append(Entity(id=ident, types=(ALERT_TYPE,), attrs=attrs))
                if self.desk is not None and rule.category != NO_EVENT:
                    report = self._report(alert, rule, source, code)
                    if report is not None:
                        reports.append(report)
            else:
                ident = self._open.pop(alert.key, "")
                if ident:
                    twins.append(
                        Entity(
                            id=ident,
                            types=(ALERT_TYPE,),
                            attrs={"status": [prop("resolved", observed_at=at)], "validTo": [prop(at)]},
                        )
                    )
        if twins:
            tenant.upsert_many(twins, merge=True, history=True)
        if reports and self.desk is not None:
            self.desk.report_many(reports, actor="alert-service")
            self.events_filed += len(reports)

    def _fetch(self, entity_id: str) -> Entity | None:
        """The alerting twin (alerts raised by the clock come without a change to read it from)."""
        found = self.store.tenant(self.tenant).get_many([entity_id])
        return found.get(entity_id)

    @staticmethod
    def _report(alert: Alert, rule: RuleDef, source: Entity | None, code: Any) -> Report | None:
        lng = lat = None
        loc = None if source is None else source.location()
        if loc is not None:
            lng, lat = representative_lnglat(loc)
        community = None if code is None else str(code)
        if lng is None and community is None:
            log.warning("alert %s on %s: no location or area, no event filed", rule.id, alert.entity_id)
            return None
        return Report(
            category=rule.category,
            description=f"{rule.name_zh}: {alert.message} ({alert.entity_id})",
            lng=lng,
            lat=lat,
            source="alert",
            ref=alert.key,
            community=community,
        )

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.step()
            except CitytwinError as err:
                log.warning("alert step: %s", err.detail)
            except Exception:  # keep evaluating; the failed batch is logged
                log.exception("alert step failed")

    def close(self) -> None:
        """Stop evaluating and leave the stream."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._sub is not None:
            self._sub.close()
