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

import logging
import threading
from dataclasses import dataclass
from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from citytwin.analytics.alerts import AlertService, load_rules
from citytwin.analytics.indicators import IndicatorService, load_catalogue
from citytwin.analytics.workorders import Report, WorkOrderDesk, point_of
from citytwin.core.indicators.model import IndicatorDef
from citytwin.core.query_eval import admin_prefix
from citytwin.core.timeutil import format_instant
from citytwin.core.workorders.lifecycle import WorkOrder
from citytwin.errors import BadRequestData, CitytwinError, ResourceNotFound
from citytwin.ngsild.request import run
from citytwin.storage.base import DEFAULT_TENANT, Store
from citytwin.stream.bus import EventBus

log = logging.getLogger(__name__)
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

    @classmethod
    def start(cls, store: Store, bus: EventBus, *, tenant: str = DEFAULT_TENANT) -> AnalyticsRuntime:
        """Load catalogues and state, and start ticking (call it off the event loop: it reads the store)."""
        desk = WorkOrderDesk(store, tenant=tenant)
        indicators = IndicatorService(store, bus, load_catalogue(), tenant=tenant)
        alerts = AlertService(store, bus, load_rules(), desk=desk, tenant=tenant)
        indicators.start()
        alerts.start()
        runtime = cls(indicators, alerts, desk, _stop=threading.Event())
        runtime._sweeper = threading.Thread(target=runtime._sweep, name="sla-sweep", daemon=True)
        runtime._sweeper.start()
        return runtime

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
        if self._sweeper is not None:
            self._sweeper.join(timeout=5)
        self.alerts.close()
        self.indicators.close()


def _runtime(request: Request) -> AnalyticsRuntime:
    runtime: AnalyticsRuntime | None = getattr(request.app.state, "analytics", None)
    if runtime is None:
        raise AnalyticsUnavailable("analytics are not running here: start the server with --analytics")
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


async def list_indicators(request: Request) -> Response:
    """GET /indicators: definitions and current values, filtered by domain and area."""
    runtime = _runtime(request)
    domain = request.query_params.get("domain")
    area = request.query_params.get("area")
    prefix = None if area is None else admin_prefix(area)
    chosen = [
        d
        for d in runtime.indicators.engine.definitions
        if (domain is None or d.domain == domain)
        and (prefix is None or (d.area_code is not None and d.area_code.startswith(prefix)))
    ]
    limit, offset = _int(request, "limit", 100), _int(request, "offset", 0)
    page = [_indicator(d, runtime) for d in chosen[offset : offset + limit]]
    return _json(page, headers={"NGSILD-Results-Count": str(len(chosen))})


async def get_indicator(request: Request) -> Response:
    """GET /indicators/{id}."""
    runtime = _runtime(request)
    ident = request.path_params["ident"]
    defn = runtime.indicators.definitions.get(ident)
    if defn is None:
        raise ResourceNotFound(f"no indicator {ident!r}")
    return _json(_indicator(defn, runtime))


async def explain_indicator(request: Request) -> Response:
    """GET /indicators/{id}/explain: the entity set, the current inputs and the calculation."""
    runtime = _runtime(request)
    ident = request.path_params["ident"]
    if ident not in runtime.indicators.definitions:
        raise ResourceNotFound(f"no indicator {ident!r}")
    return _json(runtime.indicators.explain(ident))


async def open_alerts(request: Request) -> Response:
    """GET /alerts: alerts raised and not yet resolved."""
    runtime = _runtime(request)
    return _json(
        [
            {
                "rule": a.rule_id,
                "entity": a.entity_id,
                "severity": a.severity.value,
                "category": a.category,
                "raisedAt": format_instant(a.at),
                "value": a.value,
                "message": a.message,
            }
            for a in runtime.alerts.engine.open_alerts()
        ]
    )


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
    """POST /events: file a citizen or department report; it is placed and assigned a department."""
    runtime = _runtime(request)
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
    order = await run(runtime.desk.report, report, actor=str(body.get("reporter") or source))
    return _json(order_json(order), 201, headers={"Location": f"/events/{order.id}"})


async def get_event(request: Request) -> Response:
    """GET /events/{id}."""
    runtime = _runtime(request)
    return _json(order_json(await run(runtime.desk.get, request.path_params["ident"])))


async def act_on_event(request: Request) -> Response:
    """POST /events/{id}/actions: {action, actor, assignee?, note?}."""
    runtime = _runtime(request)
    body = await _body(request)
    if not body.get("action") or not body.get("actor"):
        raise BadRequestData("give 'action' and 'actor'")
    order = await run(
        runtime.desk.act,
        request.path_params["ident"],
        str(body["action"]),
        actor=str(body["actor"]),
        assignee=body.get("assignee"),
        note=str(body.get("note", "")),
    )
    return _json(order_json(order))


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
