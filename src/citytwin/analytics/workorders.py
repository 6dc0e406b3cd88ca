"""The grid-management desk: events from alerts, citizens and departments become ``GridEvent`` twins.

Each event is placed on arrival (community from its location, grid cell, department from its category
policy), then moves through its lifecycle by people's actions and the SLA timer (:meth:`WorkOrderDesk.sweep`
escalates overdue events one level up). Every transition is kept on the twin (``transitions``, a JSON
property) and its status history is in the temporal API; writes go through the observed store, so
subscribers (the assignee and the contacts of :mod:`citytwin.analytics.contacts` over webhooks and MQTT, the
WebSocket feed of dashboards) and indicators (open events per community, SLA compliance per street, mean
time to resolve) see every change.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib.resources import files
from typing import Any

import yaml

from citytwin.core.entities import ADMIN_CODE, LOCATION, Attribute, AttrType, Entity, geo, prop
from citytwin.core.geometry import parse_geojson
from citytwin.core.query import EntityQuery, types_of
from citytwin.core.timeutil import Clock, format_instant, parse_instant, utc_now
from citytwin.core.workorders.lifecycle import (
    Action,
    CategoryPolicy,
    Status,
    Transition,
    WorkOrder,
    apply_action,
    escalations_due,
    new_order,
    parse_policy,
)
from citytwin.core.workorders.placement import Placer
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.storage.base import DEFAULT_TENANT, Store

EVENT_TYPE = "GridEvent"
COMMUNITY_TYPE = "Community"
PREVIOUS_ASSIGNEE = "previousAssignee"
"""Set on the twin by the transition that took the event away from someone (reassigned, escalated), so
that the person it was taken from is notified of that transition too (docs/analytics.md, Contacts)."""
_PAGE = 1000


def load_policies(extra: Iterable[Mapping[str, Any]] = ()) -> dict[str, CategoryPolicy]:
    """The shipped category policies (``citytwin/data/workorders/categories.yaml``) plus ``extra`` ones."""
    text = files("citytwin.data").joinpath("workorders/categories.yaml").read_text("utf-8")
    raw = [*(yaml.safe_load(text) or {}).get("categories", ()), *extra]
    policies = {p.category: p for p in map(parse_policy, raw)}
    if "other" not in policies:
        raise BadRequestData("the category policies must define 'other' (where unknown categories go)")
    return policies


@dataclass(frozen=True, slots=True)
class Report:
    """An incoming event before placement."""

    category: str
    description: str
    lng: float | None = None
    lat: float | None = None
    source: str = "citizen"
    photo_url: str | None = None
    reporter: str | None = None
    ref: str | None = None
    community: str | None = None
    """Known community code (e.g. an alert from a device bound in that community); else placed by location."""


def _transition_json(t: Transition) -> dict[str, Any]:
    return {
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


def _transition_from(d: Mapping[str, Any]) -> Transition:
    return Transition(
        Action(d["action"]),
        d["actor"],
        parse_instant(d["at"]),
        Status(d["from"]),
        Status(d["to"]),
        d["level"],
        d["department"],
        d.get("assignee"),
        d.get("note", ""),
    )


def to_entity(order: WorkOrder, *, previous_assignee: str | None = None) -> Entity:
    """The ``GridEvent`` twin of a work order (``previous_assignee``: whom the last transition relieved)."""
    at = format_instant(order.history[-1].at) if order.history else None
    attrs: dict[str, list[Attribute]] = {
        "category": [prop(order.category)],
        "source": [prop(order.source)],
        "description": [prop(order.description)],
        "status": [prop(order.status.value, observed_at=at)],
        "level": [prop(order.level, observed_at=at)],
        "department": [prop(order.department, observed_at=at)],
        "reportedAt": [prop(format_instant(order.reported_at))],
        "transitions": [Attribute(AttrType.JSON_PROPERTY, [_transition_json(t) for t in order.history])],
        "slaStatus": [prop(_sla_status(order), observed_at=at)],
    }
    optional = {
        "assignee": order.assignee,
        "dueAt": None if order.due_at is None else format_instant(order.due_at),
        "photoUrl": order.photo_url,
        "reporter": order.reporter,
        "ref": order.ref,
        "gridCode": order.grid_code,
        ADMIN_CODE: order.community,
        PREVIOUS_ASSIGNEE: previous_assignee,
    }
    for name, value in optional.items():
        if value is not None:
            attrs[name] = [prop(value)]
    if order.lnglat is not None:
        attrs[LOCATION] = [geo({"type": "Point", "coordinates": list(order.lnglat)})]
    resolved = next((t.at for t in reversed(order.history) if t.to_status is Status.RESOLVED), None)
    if resolved is not None:
        attrs["resolveSeconds"] = [prop((resolved - order.reported_at).total_seconds(), observed_at=at)]
    return Entity(id=order.id, types=(EVENT_TYPE,), attrs=attrs)


def _sla_status(order: WorkOrder) -> str:
    escalated = any(t.action is Action.ESCALATE for t in order.history)
    return "breached" if escalated else "met"


def from_entity(entity: Entity) -> WorkOrder:
    """The work order a ``GridEvent`` twin holds."""
    loc = entity.location()
    lnglat = None if loc is None else (float(loc.x), float(loc.y))
    due = entity.value("dueAt")
    return WorkOrder(
        id=entity.id,
        category=str(entity.value("category")),
        source=str(entity.value("source")),
        description=str(entity.value("description", "")),
        lnglat=lnglat,
        community=entity.value(ADMIN_CODE),
        grid_code=entity.value("gridCode"),
        reported_at=parse_instant(str(entity.value("reportedAt"))),
        status=Status(entity.value("status")),
        level=str(entity.value("level")),
        department=str(entity.value("department", "")),
        assignee=entity.value("assignee"),
        due_at=None if due is None else parse_instant(str(due)),
        photo_url=entity.value("photoUrl"),
        reporter=entity.value("reporter"),
        ref=entity.value("ref"),
        history=tuple(_transition_from(d) for d in entity.value("transitions") or ()),
    )


class WorkOrderDesk:
    """Creates, places, moves and escalates grid-management events of one tenant."""

    def __init__(
        self,
        store: Store,
        *,
        policies: Mapping[str, CategoryPolicy] | None = None,
        placer: Placer | None = None,
        tenant: str = DEFAULT_TENANT,
        clock: Clock = utc_now,
    ) -> None:
        self.store = store
        self.tenant = tenant
        self.clock = clock
        self.policies = dict(policies) if policies is not None else load_policies()
        self.placer = placer if placer is not None else Placer(self._communities())
        self._due: list[tuple[datetime, int, str]] = []
        self._tie = itertools.count()
        self._lock = threading.Lock()
        self._load_open()

    def _communities(self) -> Iterable[tuple[str, Any]]:
        for page in self.store.tenant(self.tenant).iter_query(EntityQuery(types=types_of(COMMUNITY_TYPE))):
            for e in page:
                loc, code = e.location(), e.value(ADMIN_CODE)
                if loc is not None and loc.geom_type in ("Polygon", "MultiPolygon") and code:
                    yield str(code), loc

    def _load_open(self) -> None:
        for page in self.store.tenant(self.tenant).iter_query(EntityQuery(types=types_of(EVENT_TYPE))):
            for e in page:
                due = e.value("dueAt")
                if due is not None and e.value("status") not in (Status.RESOLVED.value, Status.CLOSED.value):
                    heapq.heappush(self._due, (parse_instant(str(due)), next(self._tie), e.id))

    def policy(self, category: str) -> CategoryPolicy:
        """The policy of ``category`` (``other`` for categories nobody declared)."""
        return self.policies.get(category) or self.policies["other"]

    # -- reporting ------------------------------------------------------------------------------------
    def report_many(self, reports: Sequence[Report], *, actor: str = "system") -> list[WorkOrder]:
        """Place and store many events at once (one vectorised placement, one batch write)."""
        now = self.clock()
        located = [i for i, r in enumerate(reports) if r.lng is not None and r.lat is not None]
        lngs = [float(reports[i].lng) for i in located]  # type: ignore[arg-type]
        lats = [float(reports[i].lat) for i in located]  # type: ignore[arg-type]
        placed = dict(zip(located, self.placer.place_many(lngs, lats), strict=True))
        grids = dict(zip(located, self.placer.grid_codes(lngs, lats), strict=True)) if located else {}
        orders = []
        for i, r in enumerate(reports):
            if not r.category or not r.description:
                raise BadRequestData(f"report {i}: 'category' and 'description' are required")
            if r.lng is None and r.community is None:
                raise BadRequestData(f"report {i}: give a location (lng, lat) or a community code")
            orders.append(
                new_order(
                    ident=f"urn:ngsi-ld:{EVENT_TYPE}:{uuid.uuid4().hex}",
                    category=r.category,
                    source=r.source,
                    description=r.description,
                    lnglat=None if i not in placed else (float(r.lng), float(r.lat)),  # type: ignore[arg-type]
                    community=r.community or placed.get(i),
                    grid_code=grids.get(i),
                    at=now,
                    policy=self.policy(r.category),
                    actor=actor,
                    photo_url=r.photo_url,
                    reporter=r.reporter,
                    ref=r.ref,
                )
            )
        self.store.tenant(self.tenant).upsert_many([to_entity(o) for o in orders], history=True)
        with self._lock:
            for o in orders:
                if o.due_at is not None:
                    heapq.heappush(self._due, (o.due_at, next(self._tie), o.id))
        return orders

    def report(self, report: Report, *, actor: str = "system") -> WorkOrder:
        """Place and store one event."""
        return self.report_many([report], actor=actor)[0]

    # -- handling -------------------------------------------------------------------------------------
    def get(self, event_id: str) -> WorkOrder:
        """The current state of an event (raises ResourceNotFound)."""
        entity = self.store.tenant(self.tenant).get(event_id)
        if EVENT_TYPE not in entity.types:
            raise ResourceNotFound(f"{event_id} is not a {EVENT_TYPE}")
        return from_entity(entity)

    def act(
        self, event_id: str, action: str, *, actor: str, assignee: str | None = None, note: str = ""
    ) -> WorkOrder:
        """Apply a person's action and store the result."""
        with self._lock:
            order = self.get(event_id)
            moved = apply_action(
                order,
                action,
                actor=actor,
                at=self.clock(),
                policy=self.policy(order.category),
                assignee=assignee,
                note=note,
            )
            self.store.tenant(self.tenant).replace(_twin(order, moved), history=True)
            if moved.due_at is not None and moved.due_at != order.due_at:
                heapq.heappush(self._due, (moved.due_at, next(self._tie), moved.id))
        return moved

    def sweep(self) -> list[WorkOrder]:
        """Escalate every event whose SLA deadline has passed; returns the escalated ones."""
        now = self.clock()
        out = []
        with self._lock:
            while self._due and self._due[0][0] <= now:
                _, _, event_id = heapq.heappop(self._due)
                try:
                    order = self.get(event_id)
                except ResourceNotFound:
                    continue
                if not escalations_due(order, now):
                    continue  # handled in time, or the deadline moved (a newer heap entry exists)
                moved = apply_action(
                    order,
                    Action.ESCALATE,
                    actor="sla-timer",
                    at=now,
                    policy=self.policy(order.category),
                    note=f"SLA overrun (due {format_instant(order.due_at)})"
                    if order.due_at
                    else "SLA overrun",
                )
                self.store.tenant(self.tenant).replace(_twin(order, moved), history=True)
                if moved.due_at is not None:
                    heapq.heappush(self._due, (moved.due_at, next(self._tie), moved.id))
                out.append(moved)
        return out


def _twin(before: WorkOrder, after: WorkOrder) -> Entity:
    """The twin after a transition, naming the assignee it relieved (if any)."""
    relieved = before.assignee if before.assignee and before.assignee != after.assignee else None
    return to_entity(after, previous_assignee=relieved)


def point_of(value: Any) -> tuple[float, float] | None:
    """(lng, lat) from a GeoJSON Point or a [lng, lat] pair (None when absent)."""
    if value is None:
        return None
    if isinstance(value, list | tuple) and len(value) == 2:
        return float(value[0]), float(value[1])
    geom = parse_geojson(value)
    if geom.geom_type != "Point":
        raise BadRequestData("an event location must be a GeoJSON Point or [lng, lat]")
    return float(geom.x), float(geom.y)
