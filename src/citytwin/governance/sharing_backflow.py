"""Backflow (数据回流): a city-level dataset copied into a district tenant, with provenance to its source.

A backflow agreement names the provider tenant (usually the city, ``""``), the district tenant it copies
into (its only consumer tenant) and a scope. :class:`Backflow` copies what the agreement's job subject may
export (so the policy decides rows, attributes and masking) into the district tenant, each copy carrying a
``backflow`` Property::

    {"agreement": "futian-buildings", "tenant": "", "entity": "urn:ngsi-ld:Building:…",
     "modifiedAt": "<the source's modifiedAt>", "copiedAt": "…", "digest": "<SHA-256 of the copy as written>"}

``digest`` covers the copy's content without the ``backflow`` member and without system times, so a copy
whose digest no longer matches was **changed at the district** after it was copied. Such a copy is kept as
the district left it (``onConflict: keep``, the default) or overwritten by the next change of the source
(``source``); either way the change is recorded in a document of kind ``backflow-edit`` in the district
tenant (when, which attributes, whether the source overwrote it), and :meth:`Backflow.diverged` lists every
copy changed at the district with the attributes that now differ from the source.

:meth:`Backflow.sync` is the periodic batch (and the reconciliation of real-time agreements);
:meth:`Backflow.apply` applies changes read from the change log (``citytwin.governance.sharing_runtime``).
Writes run as the job subject (``service:share:<id>``) with the agreement's purpose, so the ledger records
them like any other write.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final

import msgspec

from citytwin.core.entities import Entity, prop
from citytwin.core.qlang import parse_q
from citytwin.core.query import EntityQuery
from citytwin.core.timeutil import Clock, format_instant, utc_now
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.governance.enforce_context import RequestContext, acting_as
from citytwin.governance.enforce_policy import PolicyRegistry
from citytwin.governance.ledger_writer import data_digest
from citytwin.governance.sharing import ShareAgreement
from citytwin.governance.sharing_export import shared_entities
from citytwin.governance.sharing_monitor import UsageMonitor, Use
from citytwin.storage.base import Store, TenantStore

BACKFLOW: Final = "backflow"
"""The Property every copy carries (its source and the digest of what was copied)."""
EDIT_KIND: Final = "backflow-edit"
"""District-tenant documents recording changes made at the district to copies."""
PAGE: Final = 1000
MAX_EDITS: Final = 20
_ENCODE = msgspec.json.Encoder().encode


def content_digest(entity: Entity) -> str:
    """SHA-256 of an entity's normalized form without the ``backflow`` member and system times."""
    data = entity.to_dict()
    data.pop(BACKFLOW, None)
    return data_digest(data)


def marker(entity: Entity | None) -> dict[str, Any] | None:
    """The ``backflow`` value of a copy (None: not a copy)."""
    if entity is None:
        return None
    value = entity.value(BACKFLOW)
    return value if isinstance(value, dict) and "digest" in value else None


@dataclass(slots=True)
class SyncReport:
    """What one batch or one set of changes did."""

    agreement: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)
    """Copies changed at the district, kept as they are (onConflict keep)."""
    overwritten: list[str] = field(default_factory=list)
    """Copies changed at the district, overwritten by the source (onConflict source)."""
    skipped: list[str] = field(default_factory=list)
    """District entities with a source's id that are not copies: never touched."""
    bytes: int = 0

    @property
    def written(self) -> int:
        """Copies created, updated or overwritten."""
        return len(self.created) + len(self.updated) + len(self.overwritten)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (lists as counts, the ids of district-changed copies kept)."""
        return {
            "agreement": self.agreement,
            "created": len(self.created),
            "updated": len(self.updated),
            "deleted": len(self.deleted),
            "unchanged": self.unchanged,
            "kept": self.kept,
            "overwritten": self.overwritten,
            "skipped": self.skipped,
            "bytes": self.bytes,
        }


class Backflow:
    """Copies one agreement's scope from the provider tenant into the district tenant (module docstring)."""

    def __init__(
        self,
        store: Store,
        policies: PolicyRegistry,
        agreement: ShareAgreement,
        *,
        monitor: UsageMonitor | None = None,
        clock: Clock = utc_now,
    ) -> None:
        if "backflow" not in agreement.modes or agreement.backflow is None:
            raise BadRequestData(f"share agreement {agreement.id} is not a backflow agreement")
        self.store = store
        self.policies = policies
        self.agreement = agreement
        self.plan = agreement.backflow
        self.monitor = monitor
        self.clock = clock
        self.job = RequestContext(agreement.job_subject, purpose=agreement.purpose, governed=False)

    @property
    def source(self) -> TenantStore:
        """The provider tenant (the platform's view)."""
        return self.store.tenant(self.agreement.provider)

    @property
    def target(self) -> TenantStore:
        """The district tenant copies go to."""
        return self.store.tenant(self.agreement.backflow_target)

    # -- one copy ------------------------------------------------------------------------------------------
    def copy_of(self, shared: Entity, source_modified: str | None) -> Entity:
        """The district copy of a shared (policy-filtered) entity, with its ``backflow`` Property."""
        copy = Entity(
            id=shared.id,
            types=shared.types,
            attrs={k: list(v) for k, v in shared.attrs.items()},
            scope=shared.scope,
        )
        copy.attrs.pop(BACKFLOW, None)
        value = {
            "agreement": self.agreement.id,
            "tenant": self.agreement.provider,
            "entity": shared.id,
            "modifiedAt": source_modified,
            "copiedAt": format_instant(self.clock()),
            "digest": content_digest(copy),
        }
        copy.set(BACKFLOW, prop(value))
        return copy

    def _decide(self, copy: Entity, existing: Entity | None, report: SyncReport, edits: list[Entity]) -> bool:
        """Whether to write ``copy`` over ``existing`` (the report says why or why not)."""
        new = marker(copy)
        assert new is not None
        if existing is None:
            report.created.append(copy.id)
            return True
        old = marker(existing)
        if old is None or old.get("agreement") != self.agreement.id:
            report.skipped.append(copy.id)
            return False
        if content_digest(existing) != old["digest"]:
            edits.append(existing)
            if self.plan.on_conflict == "keep":
                report.kept.append(copy.id)
                return False
            report.overwritten.append(copy.id)
            return True
        if new["digest"] == old["digest"]:
            report.unchanged += 1
            return False
        report.updated.append(copy.id)
        return True

    def _write(self, copies: list[Entity], deletions: list[str], report: SyncReport) -> None:
        with acting_as(self.job):
            if copies:
                result = self.target.upsert_many(copies)
                if result.errors:
                    raise BadRequestData(
                        f"backflow {self.agreement.id}: {len(result.errors)} copies were refused, first "
                        f"{result.errors[0].entity_id}: {result.errors[0].problem.get('detail')}"
                    )
                report.bytes += sum(len(_ENCODE(c.to_dict())) for c in copies)
            if deletions:
                self.target.delete_many(deletions)
                report.deleted.extend(deletions)

    # -- batch ---------------------------------------------------------------------------------------------
    def sync(self, *, actor: str = "") -> SyncReport:
        """Bring every copy up to date with the source (create, update, delete), respecting district edits."""
        report = SyncReport(self.agreement.id)
        seen: set[str] = set()
        pending: list[Entity] = []
        deleted_here = self._deleted_at_district()
        for shared in shared_entities(self.store, self.policies, self.agreement):
            if shared.id in deleted_here and self.plan.on_conflict == "keep":
                report.kept.append(shared.id)
                seen.add(shared.id)
                continue
            pending.append(shared)
            seen.add(shared.id)
            if len(pending) >= PAGE:
                self._sync_page(pending, report)
                pending = []
        if pending:
            self._sync_page(pending, report)
        if self.plan.delete_missing:
            orphans = [c.id for c in self.copies(marker_only=True) if c.id not in seen]
            for start in range(0, len(orphans), PAGE):
                self._remove(orphans[start : start + PAGE], report)
        self._count(report, actor or self.job.actor)
        return report

    def _sync_page(self, shared: list[Entity], report: SyncReport) -> None:
        existing = self.target.get_many([e.id for e in shared])
        writes: list[Entity] = []
        edits: list[Entity] = []
        for entity in shared:
            copy = self.copy_of(entity, entity.modified_at)  # the policy's copy keeps the source's times
            if self._decide(copy, existing.get(entity.id), report, edits):
                writes.append(copy)
        if edits:
            self._note(edits, "overwritten" if self.plan.on_conflict == "source" else "kept")
        self._write(writes, [], report)

    def copies(self, *, marker_only: bool = False) -> Iterator[Entity]:
        """Every copy of this agreement in the district tenant (``marker_only``: just their ``backflow``)."""
        query = EntityQuery(
            q=parse_q(f'{BACKFLOW}[agreement]=="{self.agreement.id}"'),
            attrs=(BACKFLOW,) if marker_only else (),
        )
        for page in self.target.iter_query(query, page=PAGE):
            yield from page

    # -- real time -------------------------------------------------------------------------------------------
    def apply(self, source_ids: Iterable[str], *, actor: str = "") -> SyncReport:
        """Bring the copies of these source entities up to date (they changed, or were deleted)."""
        report = SyncReport(self.agreement.id)
        ids = list(dict.fromkeys(source_ids))
        view = self.policies.view(self.agreement.job_subject, "export", self.agreement.provider)
        for start in range(0, len(ids), PAGE):
            chunk = ids[start : start + PAGE]
            sources = self.source.get_many(chunk)
            existing = self.target.get_many(chunk)
            writes: list[Entity] = []
            edits: list[Entity] = []
            gone: list[str] = []
            for entity_id in chunk:
                entity = sources.get(entity_id)
                decision = view.decide(entity) if entity is not None else None
                if entity is None or decision is None or not self._in_scope(entity):
                    if self.plan.delete_missing and marker(existing.get(entity_id)) is not None:
                        gone.append(entity_id)
                    continue
                copy = self.copy_of(decision.apply(entity), entity.modified_at)
                if self._decide(copy, existing.get(entity_id), report, edits):
                    writes.append(copy)
            if edits:
                self._note(edits, "overwritten" if self.plan.on_conflict == "source" else "kept")
            self._write(writes, [], report)
            self._remove(gone, report, existing)
        self._count(report, actor or self.job.actor)
        return report

    def _remove(self, ids: list[str], report: SyncReport, known: dict[str, Entity] | None = None) -> None:
        """Delete the copies of sources that left the scope, unless changed at the district (and kept)."""
        if not ids:
            return
        found = known if known is not None else self.target.get_many(ids)
        gone: list[str] = []
        for entity_id in ids:
            copy = found.get(entity_id)
            old = marker(copy)
            if copy is None or old is None or old.get("agreement") != self.agreement.id:
                continue
            if content_digest(copy) != old["digest"]:
                self._note([copy], "source-removed")
                if self.plan.on_conflict == "keep":
                    report.kept.append(entity_id)
                    continue
            gone.append(entity_id)
        self._write([], gone, report)

    def _in_scope(self, entity: Entity) -> bool:
        types = self.agreement.scope.types
        return not types or not set(types).isdisjoint(entity.types)

    # -- district changes ------------------------------------------------------------------------------------
    def observe(
        self, entity_id: str, after: Entity | None, before: Entity | None, changed: Iterable[str], at: str
    ) -> bool:
        """Record a change the district made to a copy (True when it was one, not the backflow's write)."""
        if after is not None:
            old = marker(after)
            if old is None or old.get("agreement") != self.agreement.id:
                return False
            if content_digest(after) == old["digest"]:
                return False  # the backflow's own write, or the district put back what was copied
            self._record_edit(entity_id, old, sorted(set(changed) - {BACKFLOW}), "updated", at)
            return True
        old = marker(before)
        if old is None or old.get("agreement") != self.agreement.id:
            return False
        self._record_edit(entity_id, old, [], "deleted", at)
        return True

    def _note(self, copies: list[Entity], outcome: str) -> None:
        """Record (for copies found changed while syncing) that the district changed them, and the outcome."""
        for copy in copies:
            old = marker(copy)
            if old is not None:
                self._record_edit(copy.id, old, [], outcome, copy.modified_at or format_instant(self.clock()))

    def _record_edit(self, entity_id: str, old: dict[str, Any], attrs: list[str], kind: str, at: str) -> None:
        target = self.target
        try:
            doc = target.get_document(EDIT_KIND, entity_id)
        except ResourceNotFound:
            doc = {
                "entity": entity_id,
                "agreement": self.agreement.id,
                "sourceTenant": old.get("tenant", ""),
                "sourceEntity": old.get("entity", entity_id),
                "copiedAt": old.get("copiedAt"),
                "firstAt": at,
                "edits": [],
            }
        edits = list(doc.get("edits", []))
        last = edits[-1] if edits else None
        entry = {"at": at, "kind": kind, "attributes": attrs}
        if (
            last is not None
            and last.get("kind") == kind
            and last.get("attributes") == attrs
            and kind != "updated"
        ):
            return  # the same sync outcome found again
        doc["edits"] = [*edits, entry][-MAX_EDITS:]
        doc["lastAt"] = at
        doc["copiedAt"] = old.get("copiedAt")
        target.put_document(EDIT_KIND, entity_id, doc)

    def _deleted_at_district(self) -> set[str]:
        out: set[str] = set()
        offset = 0
        while True:
            page = self.target.list_documents(EDIT_KIND, limit=PAGE, offset=offset)
            for entity_id, doc in page:
                edits = doc.get("edits") or []
                if doc.get("agreement") == self.agreement.id and edits and edits[-1].get("kind") == "deleted":
                    out.add(entity_id)
            if len(page) < PAGE:
                return out
            offset += PAGE

    def diverged(self) -> list[dict[str, Any]]:
        """Copies changed at the district since they were copied: which attributes now differ, and when."""
        out: list[dict[str, Any]] = []
        view = self.policies.view(self.agreement.job_subject, "export", self.agreement.provider)
        recorded = {
            entity_id: doc
            for entity_id, doc in _all_documents(self.target, EDIT_KIND)
            if doc.get("agreement") == self.agreement.id
        }
        found: set[str] = set()
        batch: list[Entity] = []

        def check(copies: list[Entity]) -> None:
            sources = self.source.get_many([c.id for c in copies])
            for copy in copies:
                old = marker(copy)
                assert old is not None
                if content_digest(copy) == old["digest"]:
                    continue
                source = sources.get(copy.id)
                decision = view.decide(source) if source is not None else None
                shared = decision.apply(source) if decision is not None and source is not None else None
                out.append(_divergence(copy, old, shared, source, recorded.get(copy.id)))
                found.add(copy.id)

        for copy in self.copies():
            batch.append(copy)
            if len(batch) >= PAGE:
                check(batch)
                batch = []
        if batch:
            check(batch)
        for entity_id, doc in sorted(recorded.items()):
            edits = doc.get("edits") or []
            if entity_id not in found and edits and edits[-1].get("kind") == "deleted":
                out.append(
                    {
                        "id": entity_id,
                        "deletedAtDistrict": True,
                        "copiedAt": doc.get("copiedAt"),
                        "edits": edits,
                        "sourceTenant": doc.get("sourceTenant", ""),
                    }
                )
        return out

    def _count(self, report: SyncReport, actor: str) -> None:
        if self.monitor is None or not (report.written or report.deleted):
            return
        self.monitor.record(
            self.agreement,
            Use(
                "backflow",
                report.written + len(report.deleted),
                report.bytes,
                actor,
                self.clock(),
                attributes=("created", "updated", "deleted"),
                detail=_ENCODE(report.to_dict()).decode(),
            ),
        )


def _divergence(
    copy: Entity,
    old: dict[str, Any],
    shared: Entity | None,
    source: Entity | None,
    doc: dict[str, Any] | None,
) -> dict[str, Any]:
    """One entry of :meth:`Backflow.diverged`."""
    mine = {k: [i.to_dict() for i in v] for k, v in copy.attrs.items() if k != BACKFLOW}
    theirs = {k: [i.to_dict() for i in v] for k, v in shared.attrs.items()} if shared is not None else {}
    changed = sorted(n for n in set(mine) | set(theirs) if mine.get(n) != theirs.get(n))
    source_modified = source.modified_at if source is not None else None
    return {
        "id": copy.id,
        "sourceTenant": old.get("tenant", ""),
        "sourceEntity": old.get("entity", copy.id),
        "copiedAt": old.get("copiedAt"),
        "changedAt": copy.modified_at,
        "attributes": changed,
        "sourceExists": source is not None,
        "sourceChangedSinceCopy": source is not None and source_modified != old.get("modifiedAt"),
        "edits": (doc or {}).get("edits", []),
    }


def _all_documents(tenant: TenantStore, kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
    offset = 0
    while True:
        page = tenant.list_documents(kind, limit=PAGE, offset=offset)
        yield from page
        if len(page) < PAGE:
            return
        offset += PAGE
