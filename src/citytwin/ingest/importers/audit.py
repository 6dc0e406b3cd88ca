"""The ledger record of one committed import: who imported which dataset, how many rows, and from what file.

One ``import`` record per batch: resource ``dataset:<id>?rows=<imported>``, the batch id as request id (the
per-entity write records of the batch carry it too, and so does the lineage batch), the entity types as
attributes, and the SHA-256 of the source file as digest — an auditor hashes the file to check it is the
one that was imported.
"""

from __future__ import annotations

from pathlib import Path

from citytwin.core.ledger import LedgerEntry
from citytwin.core.timeutil import to_micros, utc_now
from citytwin.governance.enforce_context import RequestContext
from citytwin.ingest.exporters import file_sha256
from citytwin.ingest.importers.report import ImportReport


def import_record(report: ImportReport, ctx: RequestContext, tenant: str, path: Path) -> LedgerEntry:
    """The ledger record of a committed import."""
    return LedgerEntry(
        at_us=to_micros(utc_now()),
        actor=ctx.actor,
        action="import",
        resource=f"dataset:{report.dataset}?rows={report.imported}",
        tenant=tenant,
        attributes=tuple(sorted(report.entity_types)),
        purpose=ctx.purpose,
        request_id=report.batch_id,
        digest=file_sha256(path),
    )
