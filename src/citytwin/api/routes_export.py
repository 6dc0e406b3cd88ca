"""``GET /export``: a query's entities as a file (GeoJSON, NDJSON, CSV, GeoPackage), as the caller may export.

Parameters: ``type``, ``q``, ``attrs``, ``id`` (stored names, as ``citytwin export`` takes them),
``adminCode`` (an area prefix) and ``format`` (default ``geojson``); the tenant is ``NGSILD-Tenant``. Rows,
attributes and masking follow the policy's ``export`` rules for the request's subject (403 when they grant
it nothing in the tenant); each export is one ``export`` ledger record whose digest is the file's SHA-256.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from citytwin.errors import BadRequestData
from citytwin.governance.enforce import Enforcement
from citytwin.governance.enforce_context import PermissionDenied, current_or_system
from citytwin.governance.export import ExportingTenantStore, export_query, run_export
from citytwin.ingest.exporters import FORMATS, MEDIA_TYPES
from citytwin.ngsild.request import run, tenant_name


async def export(request: Request) -> Response:
    """GET /export: the file, with ``X-Export-SHA256`` and ``X-Export-Count`` headers."""
    params = request.query_params
    fmt = params.get("format", "geojson")
    if fmt not in FORMATS:
        raise BadRequestData(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    query = export_query(
        types=params.get("type"),
        q=params.get("q"),
        attrs=params.get("attrs"),
        admin_code=params.get("adminCode"),
        ids=params.get("id"),
    )
    gov = request.app.state.governance
    tenant = tenant_name(request)
    ctx = current_or_system()
    enforcement = Enforcement(gov.policies, record=None, read_mode="off")
    store = ExportingTenantStore(gov.store.tenant(tenant), ctx, enforcement, gov.store.scheme)
    if ctx.governed and store.view("export").nothing:
        raise PermissionDenied(f"{ctx.actor} may not export anything in tenant {tenant!r}")
    record = gov.writer.submit if gov.writer is not None else None
    fd, name = tempfile.mkstemp(prefix="citytwin-export-", suffix=f".{fmt}")
    os.close(fd)
    path = Path(name)
    try:
        written = await run(run_export, store, query, fmt, path, record=record)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    headers = {"X-Export-SHA256": written.sha256, "X-Export-Count": str(written.count)}
    return FileResponse(
        path,
        media_type=MEDIA_TYPES[fmt],
        filename=f"export.{fmt}",
        headers=headers,
        background=BackgroundTask(path.unlink, missing_ok=True),
    )


def export_routes() -> list[Route]:
    """The routes of this module."""
    return [Route("/export", export, methods=["GET"])]
