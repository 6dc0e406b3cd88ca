"""The import's side of data governance: one datum one source, provenance, lineage and the catalog.

``SourceArbiter.apply`` decides what this source may write and stamps provenance (as ``lineage.stamp``
does) on every entity and attribute; after the entities are written, ``commit`` stores the dataset's
catalog record, the lineage of the batch and the arbiter's candidates and conflicts. If that fails, the
catalog and batch records are put back as they were, and the caller undoes the entity writes.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from citytwin.core.entities import Entity
from citytwin.core.timeutil import Clock
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.governance.catalog import Catalog, DatasetRecord, validate
from citytwin.governance.conflicts import Conflicts
from citytwin.governance.lineage import BATCH_KIND, MAX_LISTED_IDS, ImportBatch, Lineage
from citytwin.governance.sources import ArbiterOutcome, SourceArbiter
from citytwin.ingest.importers.model import ImportOptions
from citytwin.ingest.importers.report import ImportReport
from citytwin.storage.base import TenantStore


def categories() -> tuple[str, ...]:
    """The data categories of the catalog (the ten of the plan)."""
    from citytwin.governance.catalog import CATEGORIES

    return CATEGORIES


def check_category(category: str) -> str:
    """Validate ``--category`` against the catalog's categories."""
    known = categories()
    if category not in known:
        raise BadRequestData(f"unknown data category {category!r}; one of {', '.join(known)}")
    return category


class Governance:
    """Arbiter, provenance stamps, catalog and lineage for one import batch."""

    def __init__(
        self,
        tenant: TenantStore,
        *,
        source: str,
        batch_id: str,
        category: str,
        dataset: str,
        at: datetime,
        clock: Clock,
    ) -> None:
        self.tenant = tenant
        self.dataset = dataset
        self.clock = clock
        self.source = source
        self.batch_id = batch_id
        self.category = category
        self.at = at
        self.arbiter = SourceArbiter(tenant, clock=clock)
        self.catalog = Catalog(tenant, clock=clock)
        self.lineage = Lineage(tenant)
        self._outcomes: list[ArbiterOutcome] = []
        self._open = {c.entity_id for c in Conflicts(tenant).all() if c.status == "open"}
        self.candidates = 0
        self.conflicts = 0

    def check(self, report: ImportReport, options: ImportOptions) -> None:
        """Validate the catalog record the import will write, before any row is read (BadRequestData)."""
        validate(_record(None, report, options, self.at))

    def apply(self, entities: Sequence[Entity], current: Mapping[str, Entity] | None = None) -> list[Entity]:
        """What this source may write (existing entities merged with it), with provenance on everything.

        The arbiter stamps provenance itself (as ``lineage.stamp`` does, keeping the entity's earlier
        batches), so the entities are not stamped twice: that would cost a third of a large import.
        When ``current`` (what the store holds for their ids) holds none of them, the common case of a
        first import, the arbiter's bulk path for new entities gives the same outcome without judging.
        """
        if current is not None and not any(e.id in current for e in entities):
            outcome = self.arbiter.apply_new(
                entities,
                source=self.source,
                batch_id=self.batch_id,
                category=self.category,
                dataset=self.dataset,
            )
        else:
            outcome = self.arbiter.apply(
                entities,
                source=self.source,
                batch_id=self.batch_id,
                category=self.category,
                dataset=self.dataset,
                current=current,
            )
        written = outcome.entities
        self.candidates += len(outcome.candidates)
        self.conflicts += len(outcome.conflicts)
        # commit() reads the written entities only to settle open conflicts: keep just those, not a million.
        outcome.entities = [e for e in written if e.id in self._open]
        self._outcomes.append(outcome)
        return written

    def commit(
        self, report: ImportReport, options: ImportOptions, entity_ids: list[str], entity_count: int
    ) -> None:
        """Store the catalog record, the batch's lineage, then the candidates and conflicts.

        The arbiter's documents go last: they are the ones that cannot be taken back, so a failure before
        them leaves nothing, and the catalog record and batch record are removed again if they fail.
        """
        try:
            previous: DatasetRecord | None = self.catalog.get(report.dataset)
        except ResourceNotFound:
            previous = None
        self.catalog.upsert(_record(previous, report, options, self.at))
        batch = ImportBatch(
            id=self.batch_id,
            dataset_id=report.dataset,
            source=self.source,
            category=self.category,
            file=report.file,
            crs=report.declared_crs,
            started_at=self.at,
            finished_at=self.clock(),
            counts={
                "read": report.rows_read,
                "imported": report.imported,
                "rejected": report.rejected_count,
                "registered": report.registered,
                "unregistered": report.unregistered_count,
                "candidates": self.candidates,
                "conflicts": self.conflicts,
            },
            entity_ids=entity_ids if entity_count <= MAX_LISTED_IDS else [],
            entity_count=entity_count,
            entity_types=sorted(report.entity_types),
        )
        try:
            self.lineage.record_batch(batch)
            for outcome in self._outcomes:
                self.arbiter.commit(outcome)
        except Exception:
            self._undo(previous)
            raise

    def _undo(self, previous: DatasetRecord | None) -> None:
        with contextlib.suppress(ResourceNotFound):
            self.tenant.delete_document(BATCH_KIND, self.batch_id)
        if previous is not None:
            self.catalog.upsert(previous)
        else:
            with contextlib.suppress(ResourceNotFound):
                self.catalog.delete(self.dataset)


def _record(
    previous: DatasetRecord | None, report: ImportReport, options: ImportOptions, at: datetime
) -> DatasetRecord:
    fields: dict[str, Any] = {
        "category": report.category,
        "source": report.source,
        "crs": report.declared_crs,
        "coverage": report.coverage,
        "admin_codes": report.admin_codes,
        "entity_types": sorted(report.entity_types),
        "record_count": report.imported,
        "registered_count": report.registered,
        "rejected_count": report.rejected_count,
        "registration_rate": report.registration_rate,
        "last_update": at,
        "last_batch": report.batch_id,
        "standard": {"format": report.format, "crs": "EPSG:4326", "sourceCrs": report.declared_crs},
    }
    chosen = {
        "title": options.title,
        "subcategory": options.subcategory,
        "grade": options.grade,
        "owner_department": options.owner_department,
        "update_frequency": options.update_frequency,
    }
    fields.update({k: v for k, v in chosen.items() if v is not None})
    if previous is not None:
        return dataclasses.replace(previous, **fields)
    fields.setdefault("title", report.dataset)
    return DatasetRecord(id=report.dataset, **fields)
