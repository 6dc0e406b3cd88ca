"""Conflicts between a candidate and the authoritative value of a datum: recorded, listed and resolved.

A conflict is one store document (kind ``conflict``) per (entity, attribute, datasetId, candidate source), so
a source that sends the same disagreement again updates its conflict instead of adding one. A data steward
resolves it by keeping the authoritative value or the candidate; keeping the candidate writes it into the
twin with its provenance plus who resolved it, when, and which authoritative value it overrides. A later
import from the authority that repeats the overridden value does not undo the steward's decision.
"""

from __future__ import annotations

import builtins
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from citytwin.core.entities import Attribute, AttrType, Entity
from citytwin.core.timeutil import Clock, format_instant, utc_now
from citytwin.errors import AlreadyExists, BadRequestData, ResourceNotFound
from citytwin.governance.candidates import mark_candidate
from citytwin.governance.compare import Tolerance, compare
from citytwin.governance.lineage import PROVENANCE, provenance_of
from citytwin.storage.base import TenantStore

CONFLICT_KIND = "conflict"
STATUSES = ("open", "resolved")
KEEP = ("authoritative", "candidate")
SYSTEM = "citytwin"
"""The ``by`` of resolutions the platform makes itself (the values came to agree)."""
_PAGE = 1000


class ConflictAlreadyResolved(AlreadyExists):
    """The conflict has a resolution already (409)."""

    title = "Conflict already resolved"


def conflict_id(entity_id: str, attribute: str, dataset_id: str | None, source: str) -> str:
    """The stable id of the conflict of one source's candidate for one attribute instance."""
    key = "\x1f".join((entity_id, attribute, dataset_id or "", source))
    return "cf-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


@dataclass(slots=True)
class Conflict:
    """A candidate value that disagrees with the authoritative one beyond the standard's tolerance."""

    id: str
    entity_id: str
    entity_type: str
    attribute: str
    dataset_id: str | None
    attribute_type: str
    category: str
    source: str
    """The candidate's source."""
    authority: str
    dataset: str | None
    """The catalogued dataset the candidate came in with (when the import named one)."""
    candidate_value: Any
    authoritative_value: Any
    candidate_instance: dict[str, Any]
    candidate_provenance: dict[str, Any] | None
    authoritative_provenance: dict[str, Any] | None
    measure: str
    difference: float | None
    tolerance: dict[str, float]
    batch_id: str | None
    detected_at: str
    last_seen_at: str
    status: str = "open"
    resolution: dict[str, Any] | None = None
    history: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document (camelCase)."""
        return {_CAMEL[f.name]: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Conflict:
        """Parse the stored document."""
        return cls(**{f: data[c] for f, c in _CAMEL.items() if c in data})


_CAMEL = {f.name: re.sub(r"_([a-z])", lambda m: m.group(1).upper(), f.name) for f in fields(Conflict)}


class Conflicts:
    """The tenant's conflicts: list, fetch, resolve, and reconcile them with a new import."""

    def __init__(self, tenant: TenantStore, *, clock: Clock = utc_now) -> None:
        self.tenant = tenant
        self.clock = clock

    def get(self, conflict_id: str) -> Conflict:
        """One conflict (raises ResourceNotFound)."""
        try:
            return Conflict.from_dict(self.tenant.get_document(CONFLICT_KIND, conflict_id))
        except ResourceNotFound:
            raise ResourceNotFound(f"conflict {conflict_id!r} not found") from None

    def save(self, conflict: Conflict) -> None:
        """Store a conflict (replacing one with the same id)."""
        self.tenant.put_document(CONFLICT_KIND, conflict.id, conflict.to_dict())

    def all(self) -> builtins.list[Conflict]:
        """Every conflict, ordered by id."""
        out: builtins.list[Conflict] = []
        offset = 0
        while True:
            page = self.tenant.list_documents(CONFLICT_KIND, limit=_PAGE, offset=offset)
            out.extend(Conflict.from_dict(doc) for _, doc in page)
            if len(page) < _PAGE:
                return out
            offset += _PAGE

    def list(
        self,
        *,
        dataset: str | None = None,
        entity_type: str | None = None,
        attribute: str | None = None,
        status: str | None = None,
        entity_id: str | None = None,
        source: str | None = None,
    ) -> builtins.list[Conflict]:
        """Conflicts matching every given filter, oldest first; ``dataset`` matches the dataset or source."""
        if status is not None and status not in STATUSES:
            raise BadRequestData(f"conflict status must be one of {', '.join(STATUSES)}, got {status!r}")
        out = [
            c
            for c in self.all()
            if (dataset is None or dataset in (c.dataset, c.source))
            and (entity_type is None or c.entity_type == entity_type)
            and (attribute is None or c.attribute == attribute)
            and (status is None or c.status == status)
            and (entity_id is None or c.entity_id == entity_id)
            and (source is None or c.source == source)
        ]
        return sorted(out, key=lambda c: (c.detected_at, c.id))

    def resolve(self, conflict_id: str, *, keep: str, by: str, note: str | None = None) -> Conflict:
        """Resolve an open conflict: keep the authoritative value, or write the candidate into the twin."""
        if keep not in KEEP:
            raise BadRequestData(f"keep must be 'authoritative' or 'candidate', got {keep!r}")
        if not isinstance(by, str) or not by.strip():
            raise BadRequestData("a resolution needs the steward who made it ('by')")
        if note is not None and not isinstance(note, str):
            raise BadRequestData("note must be a string")
        conflict = self.get(conflict_id)
        if conflict.status != "open":
            by_whom = (conflict.resolution or {}).get("by")
            raise ConflictAlreadyResolved(f"conflict {conflict_id} was already resolved by {by_whom}")
        at = format_instant(self.clock())
        if keep == "candidate":
            self._write_candidate(conflict, by.strip(), at)
        conflict.status = "resolved"
        conflict.resolution = {"keep": keep, "by": by.strip(), "at": at, "note": note}
        self.save(conflict)
        status = "accepted" if keep == "candidate" else "rejected"
        mark_candidate(
            self.tenant,
            conflict.entity_id,
            conflict.source,
            conflict.attribute,
            conflict.dataset_id,
            status=status,
        )
        return conflict

    def _write_candidate(self, conflict: Conflict, by: str, at: str) -> None:
        current = self.tenant.get(conflict.entity_id)
        inst = Attribute.from_dict(conflict.attribute, conflict.candidate_instance)
        prov = dict(provenance_of(inst) or {"source": conflict.source})
        prov.update(
            resolvedBy=by, resolvedAt=at, conflict=conflict.id, overrides=conflict.authoritative_value
        )
        inst.sub[PROVENANCE] = Attribute(AttrType.PROPERTY, prov)
        patch = Entity(id=current.id, types=current.types)
        patch.set(conflict.attribute, inst)
        self.tenant.merge(patch)

    def reconcile(
        self,
        detected: Iterable[Conflict],
        agreeing: Iterable[str],
        written: Mapping[str, Entity],
        *,
        batch_id: str,
    ) -> dict[str, int]:
        """Fold one import's findings into the stored conflicts; returns counts opened/updated/closed.

        ``detected``: disagreements found; ``agreeing``: ids of conflicts whose candidate now agrees;
        ``written``: the entities the import wrote, whose authoritative values may settle open conflicts.
        """
        existing = {c.id: c for c in self.all()}
        counts = {"opened": 0, "updated": 0, "closed": 0, "unchanged": 0}
        at = format_instant(self.clock())
        seen: set[str] = set()
        for found in detected:
            seen.add(found.id)
            held = existing.get(found.id)
            if held is None:
                self.save(found)
                counts["opened"] += 1
            elif held.status == "open":
                found.detected_at, found.history = held.detected_at, held.history
                self.save(found)
                counts["updated"] += 1
            elif (found.candidate_value, found.authoritative_value) == (
                held.candidate_value,
                held.authoritative_value,
            ):
                held.last_seen_at = found.last_seen_at  # the steward already decided on exactly this
                self.save(held)
                counts["unchanged"] += 1
            else:
                found.history = [*held.history, _past(held)]
                self.save(found)
                counts["opened"] += 1
        for cid in agreeing:
            held = existing.get(cid)
            if held is not None and held.status == "open" and cid not in seen:
                self._close(held, at, "the candidate now agrees with the authoritative value")
                counts["closed"] += 1
                seen.add(cid)
        for held in existing.values():
            if held.status != "open" or held.id in seen or held.entity_id not in written:
                continue
            inst = written[held.entity_id].attr(held.attribute, held.dataset_id)
            prov = provenance_of(inst)
            if inst is None or prov is None or prov.get("source") != held.authority:
                continue
            if prov.get("importBatch") != batch_id:
                continue
            diff = compare(
                AttrType(held.attribute_type), held.candidate_value, inst.value, Tolerance(**held.tolerance)
            )
            if diff.agree:
                self._close(held, at, "the authoritative value now agrees with the candidate")
                counts["closed"] += 1
            else:
                held.authoritative_value, held.authoritative_provenance = inst.value, prov
                held.difference, held.last_seen_at = diff.amount, at
                self.save(held)
                counts["updated"] += 1
        return counts

    def _close(self, conflict: Conflict, at: str, note: str) -> None:
        conflict.status = "resolved"
        conflict.resolution = {"keep": "authoritative", "by": SYSTEM, "at": at, "note": note}
        self.save(conflict)


def _past(conflict: Conflict) -> dict[str, Any]:
    return {
        "candidateValue": conflict.candidate_value,
        "authoritativeValue": conflict.authoritative_value,
        "detectedAt": conflict.detected_at,
        "resolution": conflict.resolution,
    }
