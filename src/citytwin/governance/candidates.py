"""Candidate values: what a non-authoritative source said about a datum, kept beside the twin, not in it.

One store document (kind ``candidate``) per (entity, source) holds that source's candidate attribute
instances, each in its normalized NGSI-LD form with its ``provenance`` sub-property. Candidates stay out of
the entity so that queries, indicators and the NGSI-LD API see only authoritative values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from citytwin.core.entities import Attribute
from citytwin.errors import ResourceNotFound
from citytwin.storage.base import TenantStore

CANDIDATE_KIND = "candidate"


def candidate_doc_id(entity_id: str, source: str) -> str:
    """The document id of one source's candidates for one entity."""
    return f"{entity_id}|{source}"


@dataclass(slots=True)
class Candidate:
    """A value kept as a candidate: the instance (with provenance) and where it came from."""

    entity_id: str
    entity_type: str
    attribute: str
    instance: Attribute
    source: str
    batch_id: str | None
    imported_at: str | None
    category: str
    authority: str | None
    conflict_id: str | None = None

    @property
    def dataset_id(self) -> str | None:
        """The datasetId of the instance (None: the default instance)."""
        return self.instance.dataset_id

    def to_entry(self) -> dict[str, Any]:
        """The stored entry."""
        return {
            "attribute": self.attribute,
            "datasetId": self.dataset_id,
            "instance": self.instance.to_dict(),
            "source": self.source,
            "importBatch": self.batch_id,
            "importedAt": self.imported_at,
            "category": self.category,
            "authority": self.authority,
            "conflict": self.conflict_id,
            "status": "candidate",
        }


def save_candidates(tenant: TenantStore, candidates: Iterable[Candidate]) -> int:
    """Merge candidates into their (entity, source) documents; returns how many documents were written."""
    grouped: dict[tuple[str, str], list[Candidate]] = {}
    for cand in candidates:
        grouped.setdefault((cand.entity_id, cand.source), []).append(cand)
    for (entity_id, source), items in grouped.items():
        doc_id = candidate_doc_id(entity_id, source)
        try:
            doc = tenant.get_document(CANDIDATE_KIND, doc_id)
        except ResourceNotFound:
            doc = {"entityId": entity_id, "entityType": items[0].entity_type, "source": source, "entries": []}
        entries = {(e["attribute"], e["datasetId"]): e for e in doc["entries"]}
        for cand in items:
            entries[(cand.attribute, cand.dataset_id)] = cand.to_entry()
        doc["entries"] = list(entries.values())
        tenant.put_document(CANDIDATE_KIND, doc_id, doc)
    return len(grouped)


def candidates_for(tenant: TenantStore, entity_id: str, sources: Iterable[str]) -> list[dict[str, Any]]:
    """The stored candidate entries for an entity from any of ``sources``."""
    out: list[dict[str, Any]] = []
    for source in dict.fromkeys(sources):
        try:
            doc = tenant.get_document(CANDIDATE_KIND, candidate_doc_id(entity_id, source))
        except ResourceNotFound:
            continue
        out.extend(doc["entries"])
    return out


def mark_candidate(
    tenant: TenantStore, entity_id: str, source: str, attribute: str, dataset_id: str | None, *, status: str
) -> None:
    """Set the status (``accepted``, ``rejected``) of one candidate entry, if it is still stored."""
    doc_id = candidate_doc_id(entity_id, source)
    try:
        doc = tenant.get_document(CANDIDATE_KIND, doc_id)
    except ResourceNotFound:
        return
    for entry in doc["entries"]:
        if entry["attribute"] == attribute and entry["datasetId"] == dataset_id:
            entry["status"] = status
    tenant.put_document(CANDIDATE_KIND, doc_id, doc)
