"""A subscription's ``temporalQ`` (ETSI GS CIM 009 V1.8.1 clauses 4.11, 5.2.12): checked, stored, applied.

``temporalQ`` takes the members of the temporal API's query (``timerel``, ``timeAt``, ``endTimeAt``,
``timeproperty``) with its grammar: ``timerel`` is ``before``, ``after`` or ``between`` and needs ``timeAt``;
``between`` needs an ``endTimeAt`` later than ``timeAt``; ``timeproperty`` is ``observedAt`` (default),
``createdAt``, ``modifiedAt`` or ``deletedAt``. The window is the temporal API's: ``before`` is
``[-∞, timeAt)``, ``after`` ``[timeAt, +∞)``, ``between`` ``[timeAt, endTimeAt)``.

A change matches only when an instance of an attribute it touched (a watched one, when the subscription
watches some) has its ``timeproperty`` inside the window: the created and updated instances as they are
after the change, the deleted ones as they were. ``deletedAt`` matches deletions only, at the time they
happened (an entity's deletion counts for all its attributes). Periodic notifications (``timeInterval``)
send the entities with such an instance now (never for ``deletedAt``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from citytwin.core.entities import Attribute, Entity
from citytwin.core.events import ChangeKind
from citytwin.core.timeutil import format_instant, parse_instant
from citytwin.errors import BadRequestData, CitytwinError
from citytwin.stream.changes import Change

TIMERELS = ("before", "after", "between")
TIME_PROPERTIES = ("observedAt", "createdAt", "modifiedAt", "deletedAt")
MEMBERS = ("timerel", "timeAt", "endTimeAt", "timeproperty")


def _instant(raw: Any, member: str) -> datetime:
    if not isinstance(raw, str):
        raise BadRequestData(f"temporalQ.{member} must be an ISO 8601 date-time string, got {raw!r}")
    try:
        return parse_instant(raw)
    except CitytwinError as err:
        raise BadRequestData(f"temporalQ.{member}: {err.detail}") from None


def checked(raw: Any) -> dict[str, Any]:
    """The stored form of a ``temporalQ`` member (BadRequestData naming what is wrong)."""
    if not isinstance(raw, Mapping):
        raise BadRequestData("temporalQ must be an object (timerel, timeAt, endTimeAt, timeproperty)")
    unknown = sorted(set(raw) - set(MEMBERS))
    if unknown:
        raise BadRequestData(f"temporalQ has unknown members {unknown}; it takes {', '.join(MEMBERS)}")
    rel = raw.get("timerel")
    if rel not in TIMERELS:
        raise BadRequestData(f"temporalQ.timerel must be before, after or between, got {rel!r}")
    if "timeAt" not in raw:
        raise BadRequestData(f"temporalQ.timerel={rel} needs timeAt")
    out: dict[str, Any] = {"timerel": rel, "timeAt": format_instant(_instant(raw["timeAt"], "timeAt"))}
    if rel == "between":
        if "endTimeAt" not in raw:
            raise BadRequestData("temporalQ.timerel=between needs endTimeAt")
        end = _instant(raw["endTimeAt"], "endTimeAt")
        if end <= parse_instant(out["timeAt"]):
            raise BadRequestData("temporalQ.endTimeAt must be later than timeAt")
        out["endTimeAt"] = format_instant(end)
    elif "endTimeAt" in raw:
        raise BadRequestData(f"temporalQ.endTimeAt is only for timerel=between, not {rel}")
    prop = raw.get("timeproperty", "observedAt")
    if prop not in TIME_PROPERTIES:
        raise BadRequestData(
            f"temporalQ.timeproperty must be one of {', '.join(TIME_PROPERTIES)}, got {prop!r}"
        )
    if "timeproperty" in raw:
        out["timeproperty"] = prop
    return out


@dataclass(frozen=True, slots=True)
class TemporalQ:
    """A compiled ``temporalQ``: the window ``[start, end)`` and the time property it tests."""

    start: datetime | None
    end: datetime | None
    prop: str = "observedAt"

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> TemporalQ:
        """Compile the stored form (see :func:`checked`)."""
        at = parse_instant(stored["timeAt"])
        rel = stored["timerel"]
        prop = stored.get("timeproperty", "observedAt")
        if rel == "before":
            return cls(None, at, prop)
        if rel == "after":
            return cls(at, None, prop)
        return cls(at, parse_instant(stored["endTimeAt"]), prop)

    def inside(self, text: str | None) -> bool:
        """Whether an instant (ISO 8601 text) lies in the window."""
        if text is None:
            return False
        when = parse_instant(text)
        return (self.start is None or when >= self.start) and (self.end is None or when < self.end)

    def _stamp(self, inst: Attribute) -> str | None:
        if self.prop == "observedAt":
            return inst.observed_at
        return inst.created_at if self.prop == "createdAt" else inst.modified_at

    def _any(self, entity: Entity | None, names: Iterable[str]) -> bool:
        if entity is None:
            return False
        return any(self.inside(self._stamp(i)) for n in names for i in entity.attrs.get(n, ()))

    def change(self, change: Change, watched: frozenset[str] | None) -> bool:
        """Whether a change passes: an instance it touched has its time property in the window."""

        def keep(names: Iterable[str]) -> list[str]:
            return [n for n in names if watched is None or n in watched]

        if change.kind is ChangeKind.DELETED:
            gone = keep(change.previous.attrs if change.previous is not None else ())
            if self.prop == "deletedAt":
                return (bool(gone) or watched is None) and self.inside(change.at)
            return self._any(change.previous, gone)
        deleted = keep(change.deleted)
        if self.prop == "deletedAt":
            return bool(deleted) and self.inside(change.at)
        return self._any(change.entity, keep((*change.created, *change.updated))) or self._any(
            change.previous, deleted
        )

    def entity(self, entity: Entity, watched: frozenset[str] | None) -> bool:
        """Whether an entity's current state passes (periodic notifications)."""
        if self.prop == "deletedAt":
            return False
        return self._any(entity, [n for n in entity.attrs if watched is None or n in watched])
