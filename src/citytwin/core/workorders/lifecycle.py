"""The life of a grid-management event (事件/工单): reported → assigned → accepted → in progress → resolved →
closed, with reopen and SLA escalation from community to street, district and city.

Everything here is pure: :func:`apply_action` returns a new :class:`WorkOrder` with the transition recorded
(actor, time, note) or raises :class:`InvalidTransition` naming the allowed actions; :func:`escalations_due`
says which orders have overrun their SLA at a given time. Category policies (department per level, SLA
durations) are data (:class:`CategoryPolicy`, loaded from YAML by the adapter).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from citytwin.errors import BadRequestData, OperationNotSupported


class Status(StrEnum):
    """Where an event is in its life."""

    REPORTED = "reported"
    ASSIGNED = "assigned"
    ACCEPTED = "accepted"
    IN_PROGRESS = "inProgress"
    RESOLVED = "resolved"
    CLOSED = "closed"


class Action(StrEnum):
    """What a person (or the SLA timer) does to an event."""

    ASSIGN = "assign"
    ACCEPT = "accept"
    START = "start"
    RESOLVE = "resolve"
    CLOSE = "close"
    REOPEN = "reopen"
    ESCALATE = "escalate"


LEVELS = ("community", "street", "district", "city")
"""Handling levels, lowest first; escalation moves one step up."""

_NEXT: Mapping[Action, tuple[frozenset[Status], Status | None]] = {
    Action.ASSIGN: (frozenset({Status.REPORTED, Status.ASSIGNED}), Status.ASSIGNED),
    Action.ACCEPT: (frozenset({Status.ASSIGNED}), Status.ACCEPTED),
    Action.START: (frozenset({Status.ACCEPTED}), Status.IN_PROGRESS),
    Action.RESOLVE: (frozenset({Status.ACCEPTED, Status.IN_PROGRESS}), Status.RESOLVED),
    Action.CLOSE: (frozenset({Status.RESOLVED}), Status.CLOSED),
    Action.REOPEN: (frozenset({Status.RESOLVED, Status.CLOSED}), Status.ASSIGNED),
    Action.ESCALATE: (
        frozenset({Status.REPORTED, Status.ASSIGNED, Status.ACCEPTED, Status.IN_PROGRESS}),
        None,  # status kept; the handling level and department move up
    ),
}


class InvalidTransition(OperationNotSupported):
    """The action is not allowed in the event's current status."""


@dataclass(frozen=True, slots=True)
class Transition:
    """One recorded step: who did what, when, from which status to which, and why."""

    action: Action
    actor: str
    at: datetime
    from_status: Status
    to_status: Status
    level: str
    department: str
    assignee: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class CategoryPolicy:
    """How events of one category are handled: the department per level and the SLA timers."""

    category: str
    departments: Mapping[str, str]
    """Level → responsible department (e.g. community → 社区工作站, district → 区水务局)."""
    accept_within: timedelta = timedelta(hours=2)
    resolve_within: timedelta = timedelta(days=1)
    name_zh: str = ""

    def department(self, level: str) -> str:
        """The department at ``level`` (the nearest lower level's, when that level names none)."""
        for lvl in reversed(LEVELS[: LEVELS.index(level) + 1]):
            if lvl in self.departments:
                return self.departments[lvl]
        return next(iter(self.departments.values()), "")


@dataclass(frozen=True, slots=True)
class WorkOrder:
    """A grid-management event with its placement, current handling and full history."""

    id: str
    category: str
    source: str
    """``alert``, ``citizen`` or ``department``."""
    description: str
    lnglat: tuple[float, float] | None
    community: str | None
    grid_code: str | None
    reported_at: datetime
    status: Status = Status.REPORTED
    level: str = "community"
    department: str = ""
    assignee: str | None = None
    due_at: datetime | None = None
    photo_url: str | None = None
    reporter: str | None = None
    ref: str | None = None
    """What raised it: an alert key, a citizen request number, a department ticket."""
    history: tuple[Transition, ...] = field(default_factory=tuple)

    @property
    def open(self) -> bool:
        """Not yet closed."""
        return self.status is not Status.CLOSED

    def area_at(self, level: str) -> str | None:
        """The admin code of the area handling it at ``level`` (community 12, street 9, district 6 digits)."""
        if self.community is None:
            return None
        return {
            "community": self.community,
            "street": self.community[:9],
            "district": self.community[:6],
        }.get(level, self.community[:4])


def new_order(
    *,
    ident: str,
    category: str,
    source: str,
    description: str,
    lnglat: tuple[float, float] | None,
    community: str | None,
    grid_code: str | None,
    at: datetime,
    policy: CategoryPolicy,
    actor: str = "system",
    photo_url: str | None = None,
    reporter: str | None = None,
    ref: str | None = None,
) -> WorkOrder:
    """A reported event placed at its community with the category's department and acceptance deadline."""
    level = "community" if community else "district"
    order = WorkOrder(
        id=ident,
        category=category,
        source=source,
        description=description,
        lnglat=lnglat,
        community=community,
        grid_code=grid_code,
        reported_at=at,
        level=level,
        department=policy.department(level),
        due_at=at + policy.accept_within,
        photo_url=photo_url,
        reporter=reporter,
        ref=ref,
    )
    first = Transition(Action.ASSIGN, actor, at, Status.REPORTED, Status.REPORTED, level, order.department)
    return replace(order, history=(replace(first, note="reported"),))


def apply_action(
    order: WorkOrder,
    action: Action | str,
    *,
    actor: str,
    at: datetime,
    policy: CategoryPolicy,
    assignee: str | None = None,
    note: str = "",
) -> WorkOrder:
    """The order after ``action``; raises InvalidTransition when the status does not allow it."""
    try:
        act = Action(action)
    except ValueError:
        raise BadRequestData(f"unknown action {action!r}: use one of {', '.join(Action)}") from None
    allowed, target = _NEXT[act]
    if order.status not in allowed:
        can = ", ".join(a.value for a, (src, _) in _NEXT.items() if order.status in src)
        raise InvalidTransition(f"cannot {act.value} an event that is {order.status.value}; allowed: {can}")
    level, department, due = order.level, order.department, order.due_at
    status = order.status if target is None else target
    if act is Action.ESCALATE:
        if level == LEVELS[-1]:
            raise InvalidTransition("the event is already handled at city level")
        level = LEVELS[LEVELS.index(level) + 1]
        department = policy.department(level)
        assignee = None
        due = at + (
            policy.accept_within
            if order.status in (Status.REPORTED, Status.ASSIGNED)
            else policy.resolve_within
        )
    elif act in (Action.ASSIGN, Action.REOPEN):
        if act is Action.ASSIGN and not assignee:
            raise BadRequestData("assign needs an assignee")
        due = at + policy.accept_within
    elif act is Action.ACCEPT:
        due = at + policy.resolve_within
        assignee = assignee or order.assignee
    elif act in (Action.RESOLVE, Action.CLOSE):
        due = None
    step = Transition(
        act, actor, at, order.status, status, level, department, assignee or order.assignee, note
    )
    return replace(
        order,
        status=status,
        level=level,
        department=department,
        assignee=assignee if act in (Action.ASSIGN, Action.ESCALATE) else (assignee or order.assignee),
        due_at=due,
        history=(*order.history, step),
    )


def escalations_due(order: WorkOrder, now: datetime) -> bool:
    """Whether the order has overrun its current deadline and can still move up a level."""
    return (
        order.due_at is not None
        and now >= order.due_at
        and order.status not in (Status.RESOLVED, Status.CLOSED)
        and order.level != LEVELS[-1]
    )


def parse_policy(raw: Mapping[str, Any]) -> CategoryPolicy:
    """A category policy from YAML: ``{category, name, departments: {level: dept}, accept_within, ...}``."""
    from citytwin.core.indicators.model import parse_duration

    where = f"category {raw.get('category', '?')!r}"
    category = raw.get("category")
    departments = raw.get("departments")
    if not isinstance(category, str) or not category:
        raise BadRequestData(f"{where}: 'category' is required")
    if not isinstance(departments, Mapping) or not departments or not set(departments) <= set(LEVELS):
        raise BadRequestData(f"{where}: 'departments' maps levels ({', '.join(LEVELS)}) to departments")
    return CategoryPolicy(
        category=category,
        departments=dict(departments),
        accept_within=timedelta(
            seconds=parse_duration(raw.get("accept_within", "2h"), f"{where}.accept_within")
        ),
        resolve_within=timedelta(
            seconds=parse_duration(raw.get("resolve_within", "1d"), f"{where}.resolve_within")
        ),
        name_zh=str(raw.get("name", category)),
    )
