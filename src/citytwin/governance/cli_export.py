"""``citytwin export``: a query's entities as GeoJSON, NDJSON, CSV or GeoPackage, as the subject may export.

Registered in :mod:`citytwin.cli`. The command acts as ``--user`` / ``CITYTWIN_TOKEN``'s account (the local
operator while authentication is off; see :mod:`.cli_session`), reads through the policy's ``export``
rules and ledgers the export (docs/security.md). The file goes to ``--out`` (stdout when omitted, except
for GeoPackage); a JSON summary (count, attributes, bytes, SHA-256) goes to stderr.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from citytwin.clierrors import clean_errors
from citytwin.ingest.exporters import FORMATS
from citytwin.settings import DEFAULT_DB


@click.command("export")
@click.option("--db", "url", envvar="CITYTWIN_DB", default=DEFAULT_DB, show_default=True, help="Store URL.")
@click.option("--tenant", default="", envvar="CITYTWIN_TENANT", help="Tenant (NGSILD-Tenant); default: none.")
@click.option("--type", "types", help="Entity types, NGSI-LD syntax: Building or Building,Road.")
@click.option("--q", "q", help="NGSI-LD q filter over stored attribute names, e.g. 'height>50'.")
@click.option("--attrs", help="Only these attributes (comma-separated).")
@click.option("--admin-code", help="Only entities in this area (GB/T 2260 code prefix, e.g. 440305).")
@click.option("--id", "ids", help="Only these entity ids (comma-separated).")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="geojson", show_default=True, help="File format."
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here (default: stdout; a GeoPackage needs a file).",
)
@click.option("--user", envvar="CITYTWIN_USER", help="Act as this account (see citytwin import --help).")
@click.option("--purpose", default="", help="Declared purpose, kept in the export's ledger record.")
@clean_errors
def export(  # noqa: PLR0917 (one parameter per CLI option)
    url: str,
    tenant: str,
    types: str | None,
    q: str | None,
    attrs: str | None,
    admin_code: str | None,
    ids: str | None,
    fmt: str,
    out: Path | None,
    user: str | None,
    purpose: str,
) -> None:
    """Export entities (filtered and masked by the policy's export rules for the acting subject)."""
    from citytwin.governance.cli_session import CliSession, cli_subject
    from citytwin.governance.export import export_query, run_export
    from citytwin.settings import Settings
    from citytwin.storage.registry import open_store

    query = export_query(types=types, q=q, attrs=attrs, admin_code=admin_code, ids=ids)
    settings = Settings()
    with open_store(url, migrate=False) as store:
        subject = cli_subject(store, settings, user=user, token=os.environ.get("CITYTWIN_TOKEN"))
        with CliSession(store, settings, subject, purpose=purpose, origin="export") as session:
            session.require("export", tenant)
            target = out if out is not None else sys.stdout.buffer
            written = run_export(session.tenant(tenant, "export"), query, fmt, target, record=session.record)
    click.echo(json.dumps(written.to_dict(), ensure_ascii=False), err=True)
