"""Provenance on every entity and attribute, import batch records, and lineage: which imports made this twin?

:func:`stamp` puts a ``provenance`` sub-property ``{source, importBatch, importedAt}`` on each attribute
instance and a ``provenance`` Property on the entity (the latest import, plus ``batches`` and ``sources``:
every import that touched it, newest last). Both are ordinary NGSI-LD members, so they survive the API round
trip on either store. Batch records are store documents (kind ``import-batch``); a batch lists its entity
ids only when small, so lineage is derived from the entity's provenance (and its candidates), never a scan.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import lru_cache
from typing import Any

from citytwin.core.entities import Attribute, AttrType, Entity
from citytwin.core.timeutil import format_instant, parse_instant
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.governance.candidates import candidates_for
from citytwin.storage.base import TenantStore

PROVENANCE = "provenance"
"""Name of the provenance Property (on the entity) and sub-property (on each attribute instance)."""
BATCH_KIND = "import-batch"
MAX_LISTED_IDS = 10_000
"""A batch record lists its entity ids up to this many; bigger batches keep only the count."""
MAX_HISTORY = 32
"""How many batch ids the entity-level provenance keeps (oldest dropped first)."""
BATCH_STATUSES = frozenset({"running", "completed", "failed"})
_BATCH_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,255}$")
_PAGE = 1000


def provenance_value(source: str, batch_id: str, at: datetime) -> dict[str, str]:
    """The provenance object of one import: ``{source, importBatch, importedAt}``."""
    return {"source": source, "importBatch": batch_id, "importedAt": format_instant(at)}


@lru_cache(maxsize=64)
def provenance_sub(source: str, batch_id: str, at_text: str) -> Attribute:
    """The provenance sub-property of one import, one shared instance per (source, batch, time)."""
    # One instance per import, shared by every attribute it stamps: stores and renderers only read it, and a
    # million-row import then pays a dict assignment per attribute instead of an object.
    return Attribute(AttrType.PROPERTY, {"source": source, "importBatch": batch_id, "importedAt": at_text})


def stamp(entity: Entity, *, source: str, batch_id: str, at: datetime) -> Entity:
    """Put provenance on the entity and on each attribute instance (in place); returns the entity."""
    if not isinstance(source, str) or not source.strip():
        raise BadRequestData("provenance needs a non-empty source name")
    check_batch_id(batch_id)
    at_text = format_instant(at)
    sub = provenance_sub(source, batch_id, at_text)
    for name, instances in entity.attrs.items():
        if name == PROVENANCE:
            continue
        for inst in instances:
            inst.sub[PROVENANCE] = sub
    entity.attrs[PROVENANCE] = [entity_provenance(source, batch_id, at_text)]
    return entity


def stamp_missing(entity: Entity, *, source: str, batch_id: str, at: datetime) -> Entity:
    """Like :func:`stamp`, but keeps provenance an attribute already carries (in place)."""
    at_text = format_instant(at)
    sub = provenance_sub(source, batch_id, at_text)
    for name, instances in entity.attrs.items():
        if name == PROVENANCE:
            continue
        for inst in instances:
            if PROVENANCE not in inst.sub:
                inst.sub[PROVENANCE] = sub
    entity.attrs[PROVENANCE] = [entity_provenance(source, batch_id, at_text)]
    return entity


def entity_provenance(
    source: str, batch_id: str, at_text: str, previous: Mapping[str, Any] | None = None
) -> Attribute:
    """The entity-level provenance Property, carrying on the batches and sources of ``previous``."""
    batches = list(previous.get("batches", [])) if previous else []
    sources = list(previous.get("sources", [])) if previous else []
    batches = [*[b for b in batches if b != batch_id][-(MAX_HISTORY - 1) :], batch_id]
    sources = [*(s for s in sources if s != source), source]
    value = {
        "source": source,
        "importBatch": batch_id,
        "importedAt": at_text,
        "batches": batches,
        "sources": sources,
    }
    return Attribute(AttrType.PROPERTY, value)


def provenance_of(inst: Attribute | None) -> dict[str, Any] | None:
    """The provenance object of an attribute instance (or of the entity-level Property), if any."""
    if inst is None:
        return None
    if isinstance(inst.value, dict) and "importBatch" in inst.value and not inst.sub.get(PROVENANCE):
        return inst.value  # the entity-level Property itself
    sub = inst.sub.get(PROVENANCE)
    if sub is None or not isinstance(sub.value, dict):
        return None
    return sub.value


def check_batch_id(batch_id: Any) -> str:
    """Validate an import batch id (1-256 letters, digits, '.', '_', ':', '-')."""
    if not isinstance(batch_id, str) or not _BATCH_ID.match(batch_id):
        raise BadRequestData(
            f"import batch id {batch_id!r} must be 1-256 letters, digits, '.', '_', ':' or '-'"
        )
    return batch_id


@dataclass(slots=True)
class ImportBatch:
    """One import run: what was imported from where, when, with which outcome."""

    id: str
    dataset_id: str | None = None
    source: str | None = None
    category: str | None = None
    file: str | None = None
    crs: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    status: str = "completed"
    counts: dict[str, int] = field(default_factory=dict)
    """read, imported, rejected, registered, unregistered, candidates, conflicts ..."""
    entity_ids: list[str] = field(default_factory=list)
    """The entities written (kept only up to MAX_LISTED_IDS; see ``entity_count``)."""
    entity_count: int | None = None
    entity_types: list[str] = field(default_factory=list)
    message: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON document (camelCase)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[_CAMEL[f.name]] = format_instant(value) if isinstance(value, datetime) else value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ImportBatch:
        """Parse the stored document."""
        kwargs = {f: data[c] for f, c in _CAMEL.items() if c in data}
        for key in ("started_at", "finished_at"):
            if isinstance(kwargs.get(key), str):
                kwargs[key] = parse_instant(kwargs[key])
        return cls(**kwargs)


_CAMEL = {f.name: re.sub(r"_([a-z])", lambda m: m.group(1).upper(), f.name) for f in fields(ImportBatch)}


class Lineage:
    """Import batch records and the lineage of twins, from the tenant's store."""

    def __init__(self, tenant: TenantStore) -> None:
        self.tenant = tenant

    def record_batch(self, batch: ImportBatch) -> None:
        """Store a batch record (replacing one with the same id); large id lists are kept as a count."""
        check_batch_id(batch.id)
        if batch.status not in BATCH_STATUSES:
            raise BadRequestData(f"batch status must be one of {', '.join(sorted(BATCH_STATUSES))}")
        for key, value in batch.counts.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise BadRequestData(f"batch count {key!r} must be a non-negative integer")
        doc = batch.to_dict()
        count = batch.entity_count if batch.entity_count is not None else len(batch.entity_ids)
        doc["entityCount"] = count
        listed = len(batch.entity_ids) <= MAX_LISTED_IDS
        doc["entityIds"] = list(batch.entity_ids) if listed else []
        doc["entityIdsListed"] = listed and len(batch.entity_ids) == count
        self.tenant.put_document(BATCH_KIND, batch.id, doc)

    def batch(self, batch_id: str) -> ImportBatch:
        """One batch record (raises ResourceNotFound)."""
        try:
            return ImportBatch.from_dict(self.tenant.get_document(BATCH_KIND, batch_id))
        except ResourceNotFound:
            raise ResourceNotFound(f"import batch {batch_id!r} is not recorded") from None

    def batches(self, *, dataset_id: str | None = None, source: str | None = None) -> list[ImportBatch]:
        """Every recorded batch (optionally of one dataset or source), oldest first."""
        out = []
        offset = 0
        while True:
            page = self.tenant.list_documents(BATCH_KIND, limit=_PAGE, offset=offset)
            for _, doc in page:
                if dataset_id is not None and doc.get("datasetId") != dataset_id:
                    continue
                if source is not None and doc.get("source") != source:
                    continue
                out.append(ImportBatch.from_dict(doc))
            if len(page) < _PAGE:
                break
            offset += _PAGE
        return sorted(out, key=_batch_order)

    def batches_for(self, entity_id: str) -> list[ImportBatch]:
        """Which imports produced this twin? Batches named by its provenance and candidates, oldest first."""
        return self.trace(entity_id)[1]

    def trace(self, entity_id: str) -> tuple[dict[str, Any], list[ImportBatch]]:
        """The lineage report of an entity (provenance per attribute, candidates) and its batches."""
        entity = self.tenant.get(entity_id)
        own = provenance_of(entity.attr(PROVENANCE)) or {}
        seen: dict[str, dict[str, Any]] = {b: {} for b in own.get("batches", []) if isinstance(b, str)}
        sources: list[str] = [s for s in own.get("sources", []) if isinstance(s, str)]
        if isinstance(own.get("importBatch"), str):
            seen[own["importBatch"]] = own
        attributes = []
        for name, inst in entity.iter_instances():
            if name == PROVENANCE:
                continue
            prov = provenance_of(inst)
            attributes.append({"attribute": name, "datasetId": inst.dataset_id, "provenance": prov})
            if prov and isinstance(prov.get("importBatch"), str):
                seen[prov["importBatch"]] = prov
                sources.append(str(prov.get("source")))
        records = self._records(seen)
        sources += [b.source for b in records.values() if b.source]
        candidates = candidates_for(self.tenant, entity_id, sources)
        extra = {c["importBatch"]: c for c in candidates if c.get("importBatch") not in records}
        records.update(self._records(extra))
        batches = sorted(records.values(), key=_batch_order)
        report = {
            "entityId": entity.id,
            "type": entity.type,
            "provenance": own or None,
            "attributes": attributes,
            "candidates": [{k: v for k, v in c.items() if k != "instance"}
                           | {"value": c["instance"].get(_value_key(c["instance"]))} for c in candidates],
            "batches": [b.to_dict() for b in batches],
        }  # fmt: skip
        return report, batches

    def _records(self, seen: Mapping[str, Mapping[str, Any]]) -> dict[str, ImportBatch]:
        """Batch records by id; a batch nobody recorded is described from the provenance that names it."""
        out: dict[str, ImportBatch] = {}
        for batch_id, prov in seen.items():
            try:
                out[batch_id] = self.batch(batch_id)
            except ResourceNotFound:
                # Written by a tool that stamps provenance but keeps no batch records.
                at = prov.get("importedAt")
                out[batch_id] = ImportBatch(
                    id=batch_id,
                    source=prov.get("source"),
                    started_at=parse_instant(at) if isinstance(at, str) else None,
                    status="unrecorded",
                )
        return out


def _value_key(instance: Mapping[str, Any]) -> str:
    kind = instance.get("type", "Property")
    try:
        return AttrType(kind).value_key
    except ValueError:
        return "value"


def _batch_order(batch: ImportBatch) -> tuple[str, str]:
    when = batch.started_at or batch.finished_at
    return (format_instant(when) if when else "", batch.id)
