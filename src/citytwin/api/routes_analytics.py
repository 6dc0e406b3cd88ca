"""Live indicators, alerts and grid-management events over HTTP (outside the NGSI-LD base path).

* ``GET /indicators`` (``domain``, ``area`` admin-code prefix, ``limit``/``offset``),
  ``GET /indicators/{id}``, ``GET /indicators/{id}/explain``;
* ``GET /alerts`` — open alerts;
* ``POST /events`` — a citizen or department report (category, description, location, photoUrl, reporter);
  ``GET /events/{id}``; ``POST /events/{id}/actions`` — assign / accept / start / resolve / close / reopen /
  escalate, with the actor and a note.

The indicator, alert and event twins themselves (``CityIndicator``, ``Alert``, ``GridEvent``) are ordinary
NGSI-LD entities: query, subscribe and read their history through ``/ngsi-ld/v1``.
:class:`AnalyticsRuntime` runs the three services for one tenant inside the server when
``CITYTWIN_ANALYTICS=1`` (``serve --analytics``).
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import msgspec
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from citytwin.analytics.alerts import ALERT_TYPE, AlertService, alert_id, load_rules
from citytwin.analytics.indicators import INDICATOR_TYPE, IndicatorService, load_catalogue
from citytwin.analytics.workorders import EVENT_TYPE, Report, WorkOrderDesk, point_of
from citytwin.core.indicators.model import IndicatorDef
from citytwin.core.query import EntityQuery, types_of
from citytwin.core.query_eval import admin_prefix
from citytwin.core.timeutil import format_instant
from citytwin.core.workorders.lifecycle import WorkOrder
from citytwin.errors import BadRequestData, CitytwinError, ResourceNotFound
from citytwin.governance.enforce_routes import RouteGuard, entity_set_shown, request_guard, shown
from citytwin.ngsild.request import run
from citytwin.storage.base import DEFAULT_TENANT, Store
from citytwin.stream.bus import EventBus

log = logging.getLogger(__name__)
LOAD_WAIT_S = 120.0
"""How long an analytics request waits for the start-up load before answering 503."""
_ENCODE = msgspec.json.Encoder().encode
_DECODE = msgspec.json.Decoder().decode


class AnalyticsUnavailable(CitytwinError):
    """The analytics services are not running in this server."""

    status = 503
    problem = "InternalError"
    title = "Analytics not running"


@dataclass(slots=True)
class AnalyticsRuntime:
    """Indicators, alerts and the event desk of one tenant, ticking in background threads."""

    indicators: IndicatorService
    alerts: AlertService
    desk: WorkOrderDesk
    _sweeper: threading.Thread | None = None
    _stop: threading.Event | None = None
    _loader: threading.Thread | None = None
    loaded: threading.Event = field(default_factory=threading.Event)
    """Set once the engines hold the twin's state (or loading failed: ``load_error``)."""
    load_error: Exception | None = None

    @classmethod
    def start(
        cls, store: Store, bus: EventBus, *, tenant: str = DEFAULT_TENANT, background: bool = True
    ) -> AnalyticsRuntime:
        """Follow the bus, then load the watched state and start ticking; call it off the event loop.

        With ``background`` the load runs in a thread, so a server answers while a large twin (the demo's
        220,000 watched entities take half a minute) is read; analytics requests wait for it (``ready``).
        """
        desk = WorkOrderDesk(store, tenant=tenant)
        indicators = IndicatorService(store, bus, load_catalogue(), tenant=tenant)
        alerts = AlertService(store, bus, load_rules(), desk=desk, tenant=tenant)
        indicators.follow()
        alerts.follow()
        runtime = cls(indicators, alerts, desk, _stop=threading.Event())
        if background:
            runtime._loader = threading.Thread(target=runtime._load, name="analytics-load", daemon=True)
            runtime._loader.start()
        else:
            runtime._load()
        return runtime

    def _load(self) -> None:
        """One pass over the watched types feeds both engines (each twin read and decoded once), then tick."""
        assert self._stop is not None
        ind, alerts = self.indicators, self.alerts
        for_ind, for_alerts = ind.watched_types(), alerts.watched_types()
        try:
            tenant = ind.store.tenant(ind.tenant)
            ind_now, alerts_now = ind.clock(), alerts.clock()
            for kind in sorted(for_ind | for_alerts):
                for page in tenant.iter_query(EntityQuery(types=types_of(kind))):
                    if self._stop.is_set():  # closing: the store is about to go
                        return
                    if kind in for_ind:
                        ind.engine.load(page, ind_now)
                    if kind in for_alerts:
                        alerts.engine.load(page, alerts_now)
            ind.step()
            ind.tick_in_background()
            alerts.tick_in_background()
            self._sweeper = threading.Thread(target=self._sweep, name="sla-sweep", daemon=True)
            self._sweeper.start()
            # The engines' state lives as long as the server, like what the lifespan froze before serving:
            # kept out of the collector's full passes, which would rescan it every few thousand requests.
            gc.collect()
            gc.freeze()
        except Exception as err:
            self.load_error = err
            log.exception("analytics could not load the twin's state")
        finally:
            self.loaded.set()

    async def ready(self, timeout_s: float = LOAD_WAIT_S) -> None:
        """Wait (off the event loop) until the state is loaded; 503 when it failed or takes too long."""
        if not self.loaded.is_set():
            await run(self.loaded.wait, timeout_s)
        if not self.loaded.is_set():
            raise AnalyticsUnavailable("analytics are still loading the twin's state; retry shortly")
        if self.load_error is not None:
            raise AnalyticsUnavailable(f"analytics could not load the twin's state: {self.load_error}")

    def _sweep(self) -> None:
        assert self._stop is not None
        while not self._stop.wait(1.0):
            try:
                self.desk.sweep()
            except Exception:  # a failed sweep is retried next second
                log.exception("SLA sweep failed")

    def close(self) -> None:
        """Stop every thread."""
        if self._stop is not None:
            self._stop.set()
        if self._loader is not None:
            self._loader.join(timeout=30)
        if self._sweeper is not None:
            self._sweeper.join(timeout=5)
        self.alerts.close()
        self.indicators.close()


async def _runtime(request: Request) -> AnalyticsRuntime:
    runtime: AnalyticsRuntime | None = getattr(request.app.state, "analytics", None)
    if runtime is None:
        raise AnalyticsUnavailable("analytics are not running here: start the server with --analytics")
    await runtime.ready()
    return runtime


def _json(content: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(_ENCODE(content), status_code=status, media_type="application/json", headers=headers)


def _int(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isdigit():
        raise BadRequestData(f"{name} must be a non-negative integer, got {raw!r}")
    return int(raw)


def _indicator(defn: IndicatorDef, runtime: AnalyticsRuntime) -> dict[str, Any]:
    value = runtime.indicators.engine.value(defn.id)
    return {
        "id": defn.id,
        "entityId": f"urn:ngsi-ld:CityIndicator:{defn.id}",
        "name": {"zh": defn.name_zh, "en": defn.name_en},
        "domain": defn.domain,
        "unit": defn.unit,
        "area": defn.area_code,
        "owner": defn.owner,
        "measure": defn.measure.kind.value,
        "window": {"kind": defn.window.kind.value, "seconds": defn.window.seconds},
        "value": value,
        "severity": None if (sev := defn.severity(value)) is None else sev.value,
    }


INDICATOR_FIELDS = {
    "name": "name",
    "domain": "domain",
    "unit": "unit",
    "area": "adminCode",
    "owner": "owner",
    "measure": "measure",
    "window": "window",
    "value": "value",
    "severity": "severity",
}
"""Members of an indicator's answer → attributes of its ``CityIndicator`` twin."""
ALERT_FIELDS = {
    "rule": "subCategory",
    "entity": "alertSource",
    "severity": "severity",
    "category": "category",
    "raisedAt": "dateIssued",
    "value": "triggerValue",
    "message": "description",
}
"""Members of an alert's answer → attributes of its ``Alert`` twin."""
EVENT_FIELDS = {
    "category": "category",
    "source": "source",
    "description": "description",
    "location": "location",
    "community": "adminCode",
    "gridCode": "gridCode",
    "status": "status",
    "level": "level",
    "department": "department",
    "assignee": "assignee",
    "dueAt": "dueAt",
    "reportedAt": "reportedAt",
    "photoUrl": "photoUrl",
    "reporter": "reporter",
    "transitions": "transitions",
}
"""Members of an event's answer → attributes of its ``GridEvent`` twin."""


def _point(lnglat: tuple[float, float] | None) -> Callable[[], BaseGeometry | None]:
    return lambda: None if lnglat is None else Point(lnglat)


def _indicator_seen(defn: IndicatorDef, runtime: AnalyticsRuntime, guard: RouteGuard | None) -> Any:
    """The indicator as the subject sees it, or None when its twin is invisible."""
    doc = _indicator(defn, runtime)
    if guard is None or guard.unrestricted():
        return doc
    decision = guard.decide((INDICATOR_TYPE,), defn.area_code)
    return None if decision is None else shown(doc, decision, INDICATOR_FIELDS)


async def list_indicators(request: Request) -> Response:
    """GET /indicators: definitions and current values, filtered by domain and area (and the policy)."""
    runtime = await _runtime(request)
    guard = request_guard(request)
    domain = request.query_params.get("domain")
    area = request.query_params.get("area")
    prefix = None if area is None else admin_prefix(area)
    chosen = [
        d
        for d in runtime.indicators.engine.definitions
        if (domain is None or d.domain == domain)
        and (prefix is None or (d.area_code is not None and d.area_code.startswith(prefix)))
    ]
    if guard is not None and not guard.unrestricted():
        chosen = [d for d in chosen if guard.decide((INDICATOR_TYPE,), d.area_code) is not None]
    limit, offset = _int(request, "limit", 100), _int(request, "offset", 0)
    page = [_indicator_seen(d, runtime, guard) for d in chosen[offset : offset + limit]]
    return _json(page, headers={"NGSILD-Results-Count": str(len(chosen))})


def _visible_indicator(request: Request, runtime: AnalyticsRuntime) -> tuple[IndicatorDef, Any]:
    ident = request.path_params["ident"]
    defn = runtime.indicators.definitions.get(ident)
    seen = None if defn is None else _indicator_seen(defn, runtime, request_guard(request))
    if defn is None or seen is None:
        raise ResourceNotFound(f"no indicator {ident!r}")
    return defn, seen


async def get_indicator(request: Request) -> Response:
    """GET /indicators/{id}."""
    return _json(_visible_indicator(request, await _runtime(request))[1])


async def explain_indicator(request: Request) -> Response:
    """GET /indicators/{id}/explain: the entity set, the current inputs (those the subject sees in clear)
    and the calculation."""
    runtime = await _runtime(request)
    defn, seen = _visible_indicator(request, runtime)
    explained = runtime.indicators.explain(defn.id)
    guard = request_guard(request)
    if guard is None or guard.unrestricted():
        return _json(explained)
    for member in ("value", "severity"):  # the indicator's own value, as its twin shows it
        if member in explained and member not in seen:
            del explained[member]
    # The definition: types it may not read and a filter it may not test in clear are withheld.
    entity_set, withheld = entity_set_shown(explained["entitySet"], guard.view("read"))
    explained["entitySet"] = entity_set
    if withheld:
        explained["withheld"] = [f"entitySet.{m}" for m in withheld]
    if not _ratio_parts_seen(defn, runtime, guard):  # a ratio's calculation shows its parts' values
        explained["calculation"] = f"{defn.measure.numerator} / {defn.measure.denominator}"
        explained.setdefault("withheld", []).append("calculation")
    explained["inputs"] = await run(_clear_inputs, runtime, guard, explained["inputs"], defn.measure.attr)
    return _json(explained)


def _ratio_parts_seen(defn: IndicatorDef, runtime: AnalyticsRuntime, guard: RouteGuard) -> bool:
    """Whether the subject sees the value of each part of a ratio indicator (True for other kinds)."""
    for part in (defn.measure.numerator, defn.measure.denominator):
        other = runtime.indicators.definitions.get(part) if part else None
        if part and (other is None or "value" not in (_indicator_seen(other, runtime, guard) or {})):
            return False
    return True


def _clear_inputs(
    runtime: AnalyticsRuntime, guard: RouteGuard, inputs: list[dict[str, Any]], attr: str | None
) -> list[dict[str, Any]]:
    """The inputs whose entity the subject reads, with the measured attribute in clear."""
    service = runtime.indicators
    found = service.store.tenant(service.tenant).get_many([i["entity"] for i in inputs])
    out = []
    for item in inputs:
        entity = found.get(item["entity"])
        decision = None if entity is None else guard.decide(entity.types, entity.admin_code, entity.location)
        if decision is not None and (attr is None or decision.clear(attr)):
            out.append(item)
    return out


async def open_alerts(request: Request) -> Response:
    """GET /alerts: alerts raised and not yet resolved (those whose twin the subject sees)."""
    runtime = await _runtime(request)
    guard = request_guard(request)
    alerts = [
        (
            a,
            {
                "rule": a.rule_id,
                "entity": a.entity_id,
                "severity": a.severity.value,
                "category": a.category,
                "raisedAt": format_instant(a.at),
                "value": a.value,
                "message": a.message,
            },
        )
        for a in await run(runtime.alerts.open_alerts)
    ]
    if guard is None or guard.unrestricted():
        return _json([doc for _, doc in alerts])
    twins = await run(
        runtime.alerts.store.tenant(runtime.alerts.tenant).get_many,
        [alert_id(a, doc["raisedAt"]) for a, doc in alerts],
    )
    out = []
    for a, doc in alerts:
        twin = twins.get(alert_id(a, doc["raisedAt"]))
        facts = ((ALERT_TYPE,), None, None) if twin is None else (twin.types, twin.admin_code, twin.location)
        decision = guard.decide(*facts)
        if decision is not None:
            out.append(shown(doc, decision, ALERT_FIELDS))
    return _json(out)


def order_json(order: WorkOrder) -> dict[str, Any]:
    """The API form of a work order."""
    return {
        "id": order.id,
        "category": order.category,
        "source": order.source,
        "description": order.description,
        "location": None if order.lnglat is None else {"type": "Point", "coordinates": list(order.lnglat)},
        "community": order.community,
        "gridCode": order.grid_code,
        "status": order.status.value,
        "level": order.level,
        "department": order.department,
        "assignee": order.assignee,
        "dueAt": None if order.due_at is None else format_instant(order.due_at),
        "reportedAt": format_instant(order.reported_at),
        "photoUrl": order.photo_url,
        "reporter": order.reporter,
        "transitions": [
            {
                "action": t.action.value,
                "actor": t.actor,
                "at": format_instant(t.at),
                "from": t.from_status.value,
                "to": t.to_status.value,
                "level": t.level,
                "department": t.department,
                "assignee": t.assignee,
                "note": t.note,
            }
            for t in order.history
        ],
    }


async def _body(request: Request) -> dict[str, Any]:
    try:
        body = _DECODE(await request.body())
    except msgspec.DecodeError as err:
        raise BadRequestData(f"the body is not valid JSON: {err}") from err
    if not isinstance(body, dict):
        raise BadRequestData("the body must be a JSON object")
    return body


async def report_event(request: Request) -> Response:
    """POST /events: file a citizen or department report; it is placed and assigned a department.

    The subject needs ``write`` on ``GridEvent`` twins of the area the report is placed in (403)."""
    runtime = await _runtime(request)
    body = await _body(request)
    point = point_of(body.get("location"))
    source = body.get("source", "citizen")
    if source not in ("citizen", "department"):
        raise BadRequestData("source must be 'citizen' or 'department' (alerts file their own events)")
    report = Report(
        category=str(body.get("category") or ""),
        description=str(body.get("description") or ""),
        lng=None if point is None else point[0],
        lat=None if point is None else point[1],
        source=source,
        photo_url=body.get("photoUrl"),
        reporter=body.get("reporter"),
        ref=body.get("ref"),
        community=body.get("community"),
    )
    guard = request_guard(request)
    if guard is not None and not guard.unrestricted("write"):
        community = report.community
        if community is None and point is not None:
            community = runtime.desk.placer.place(point[0], point[1])
        guard.require_new("write", (EVENT_TYPE,), community, "file events", _point(point))
    order = await run(runtime.desk.report, report, actor=str(body.get("reporter") or source))
    return _json(_order_seen(order, guard), 201, headers={"Location": f"/events/{order.id}"})


def _order_seen(order: WorkOrder, guard: RouteGuard | None) -> dict[str, Any]:
    """The event as the subject sees it (404 when its twin is invisible)."""
    doc = order_json(order)
    if guard is None or guard.unrestricted():
        return doc
    decision = guard.decide((EVENT_TYPE,), order.community, _point(order.lnglat))
    if decision is None:
        raise ResourceNotFound(f"entity {order.id} was not found")
    return shown(doc, decision, EVENT_FIELDS)


async def get_event(request: Request) -> Response:
    """GET /events/{id}."""
    runtime = await _runtime(request)
    order = await run(runtime.desk.get, request.path_params["ident"])
    return _json(_order_seen(order, request_guard(request)))


async def act_on_event(request: Request) -> Response:
    """POST /events/{id}/actions: {action, actor, assignee?, note?}; 404 for an event the subject cannot
    see, 403 without ``write`` on it."""
    runtime = await _runtime(request)
    body = await _body(request)
    if not body.get("action") or not body.get("actor"):
        raise BadRequestData("give 'action' and 'actor'")
    ident = request.path_params["ident"]
    guard = request_guard(request)
    if guard is not None and not (guard.unrestricted() and guard.unrestricted("write")):
        current = await run(runtime.desk.get, ident)
        guard.require("write", (EVENT_TYPE,), current.community, f"event {ident}", _point(current.lnglat))
    order = await run(
        runtime.desk.act,
        ident,
        str(body["action"]),
        actor=str(body["actor"]),
        assignee=body.get("assignee"),
        note=str(body.get("note", "")),
    )
    return _json(_order_seen(order, guard))


def analytics_routes() -> list[BaseRoute]:
    """The routes of this module."""
    return [
        Route("/indicators", list_indicators, methods=["GET"]),
        Route("/indicators/{ident}", get_indicator, methods=["GET"]),
        Route("/indicators/{ident}/explain", explain_indicator, methods=["GET"]),
        Route("/alerts", open_alerts, methods=["GET"]),
        Route("/events", report_event, methods=["POST"]),
        Route("/events/{ident:path}/actions", act_on_event, methods=["POST"]),
        Route("/events/{ident:path}", get_event, methods=["GET"]),
    ]
