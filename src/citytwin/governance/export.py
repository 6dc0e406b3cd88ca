"""Subject-bound exports: a query's entities as the subject may export them, written to a file and ledgered.

The entities are read through :class:`ExportingTenantStore`: row filter, visible attributes and masking are
those of the policy's ``export`` rules for the subject (a deny rule of the policy applies as for any read;
share-agreement exports read through it too). One ``export`` ledger record per export: resource
``entities?<query>&count=<n>``, the exported attribute names, the declared purpose, and the SHA-256 of the
written file as digest (the file can be checked against the ledger). ``citytwin export`` and ``GET /export``
both come here; the file formats are :mod:`citytwin.ingest.exporters`'.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import IO

from citytwin.core.ledger import LedgerEntry
from citytwin.core.policy_view import PolicyView
from citytwin.core.qlang import parse_q
from citytwin.core.query import EntityQuery
from citytwin.core.timeutil import to_micros, utc_now
from citytwin.core.typeexpr import parse_types
from citytwin.errors import BadRequestData
from citytwin.governance.enforce import GovernedTenantStore, describe, iter_visible
from citytwin.governance.enforce_context import RequestContext
from citytwin.ingest.exporters import Written, write_entities


class ExportingTenantStore(GovernedTenantStore):
    """A tenant as a subject may export it: reads are decided by the ``export`` rules."""

    def view(self, action: str) -> PolicyView:
        """The subject's view: reads use the export rules."""
        return super().view("export" if action == "read" else action)


def export_query(
    *,
    types: str | None = None,
    q: str | None = None,
    attrs: str | None = None,
    admin_code: str | None = None,
    ids: str | None = None,
) -> EntityQuery:
    """The query of an export from its textual parts (stored attribute and type names)."""
    if admin_code is not None and not admin_code.isdigit():
        raise BadRequestData(f"adminCode must be a GB/T 2260 code prefix, got {admin_code!r}")
    return EntityQuery(
        ids=tuple(i for i in (ids or "").split(",") if i),
        types=parse_types(types) if types else (),
        q=parse_q(q) if q else None,
        admin_code=admin_code,
        attrs=tuple(a for a in (attrs or "").split(",") if a),
    )


def export_record(query: EntityQuery, written: Written, ctx: RequestContext, tenant: str) -> LedgerEntry:
    """The ledger record of one export."""
    resource = describe(replace(query, attrs=()))
    joiner = "" if resource.endswith("?") else "&"
    return LedgerEntry(
        at_us=to_micros(utc_now()),
        actor=ctx.actor,
        action="export",
        resource=f"{resource}{joiner}count={written.count}",
        tenant=tenant,
        attributes=tuple(written.attributes),
        purpose=ctx.purpose,
        request_id=ctx.request_id,
        digest=written.sha256,
    )


def run_export(
    store: GovernedTenantStore,
    query: EntityQuery,
    fmt: str,
    target: Path | IO[bytes],
    *,
    record: Callable[[LedgerEntry], None] | None = None,
) -> Written:
    """Write what ``store``'s subject may export of ``query`` to ``target``; ledger it through ``record``."""
    written = write_entities(iter_visible(store, query), fmt, target, layer=fmt_layer(query))
    if record is not None:
        record(export_record(query, written, store.ctx, store.tenant))
    return written


def fmt_layer(query: EntityQuery) -> str:
    """A GeoPackage layer name for the query: its types, else ``entities``."""
    names = sorted({t for group in query.types for t in group})
    return "_".join(names)[:60] if names else "entities"
