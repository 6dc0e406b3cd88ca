"""``citytwin import FILE --as TYPE --category CAT ...``: one file into the twin, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import click

from citytwin.clierrors import clean_errors
from citytwin.ingest.importers.formats import FORMATS
from citytwin.ingest.importers.model import ImportOptions, Progress
from citytwin.ingest.importers.report import ImportFailed, ImportReport, parse_max_rejects
from citytwin.settings import DEFAULT_DB


def _progress(event: Progress) -> None:
    total = f" of {event.total:,}" if event.total else ""
    click.echo(f"{event.stage}: {event.done:,}{total} — {event.message}", err=True)


def _write_report(report: ImportReport, path: Path | None) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--as", "entity_type", help="Entity type of the rows, e.g. Building (IFC, OSM, CityJSON, DEM: optional)."
)
@click.option("--category", required=True, help="Data category: one of the catalog's ten (e.g. space-2d3d).")
@click.option(
    "--crs",
    help="CRS of the file: EPSG:nnnn, wgs84, cgcs2000, gcj02 or bd09 (default: the file's, else WGS84).",
)
@click.option("--source", help="Source name (department or system); default: the dataset id.")
@click.option("--db", "url", envvar="CITYTWIN_DB", default=DEFAULT_DB, show_default=True, help="Store URL.")
@click.option("--tenant", default="", envvar="CITYTWIN_TENANT", help="Tenant (NGSILD-Tenant); default: none.")
@click.option("--dataset", help="Dataset id in the catalog (default: from the file name).")
@click.option("--title", help="Dataset title for the catalog.")
@click.option("--id-column", help="Column whose value keys each row (a URN, city code, USCC or natural key).")
@click.option("--lng-column", help="Longitude / x column (CSV, Excel); found by name when not given.")
@click.option("--lat-column", help="Latitude / y column (CSV, Excel); found by name when not given.")
@click.option("--address-column", help="Address column (CSV, Excel), geocoded when a row has no coordinates.")
@click.option("--level", help="Model level of the rows (surface ... part, CIM1..CIM7); default by type.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Format (default: from the file name).")
@click.option("--layer", help="Layer of a GeoPackage or other multi-layer file.")
@click.option("--sheet", help="Excel worksheet (default: the first).")
@click.option("--encoding", help="Text encoding of a CSV (default: UTF-8, else GB18030).")
@click.option("--strict", is_flag=True, help="Abort, committing nothing, if any row is rejected.")
@click.option(
    "--max-rejects", help="Abort when more rows than this are rejected: a count (100) or ratio (0.05, 5%)."
)
@click.option(
    "--owner-code", default="440300", show_default=True, help="GB/T 2260 code of the registering area."
)
@click.option(
    "--raster-dir", type=click.Path(file_okay=False, path_type=Path), help="Where DEM rasters are kept."
)
@click.option("--grade", type=click.IntRange(1, 4), help="Catalog grade: 1 public .. 4 core/sensitive.")
@click.option("--owner-department", help="Catalog: the department that owns the dataset.")
@click.option("--update-frequency", help="Catalog: how often the dataset is updated (e.g. monthly, P1D).")
@click.option("--subcategory", help="Catalog: sub-category of the category.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the JSON report here.",
)
@click.option("--quiet", is_flag=True, help="No progress lines on stderr.")
@click.option(
    "--user",
    envvar="CITYTWIN_USER",
    help="Act as this account (needed with CITYTWIN_AUTH=1 unless CITYTWIN_TOKEN holds a token or API key).",
)
@click.option("--purpose", default="", help="Declared purpose, kept in the ledger records of the import.")
@click.option(
    "--relationship",
    "relationships",
    multiple=True,
    metavar="COLUMN=relName[:TargetType]",
    help="Make a column a Relationship (repeatable): URNs as they are, bare ids keyed as TargetType twins.",
)
@click.option(
    "--check-targets",
    is_flag=True,
    help="Reject rows whose relationship targets exist nowhere (store or file).",
)
@clean_errors
def import_(  # noqa: PLR0917 (one parameter per CLI option)
    file: Path,
    entity_type: str | None,
    category: str,
    crs: str | None,
    source: str | None,
    url: str,
    tenant: str,
    dataset: str | None,
    title: str | None,
    id_column: str | None,
    lng_column: str | None,
    lat_column: str | None,
    address_column: str | None,
    level: str | None,
    fmt: str | None,
    layer: str | None,
    sheet: str | None,
    encoding: str | None,
    strict: bool,
    max_rejects: str | None,
    owner_code: str,
    raster_dir: Path | None,
    grade: int | None,
    owner_department: str | None,
    update_frequency: str | None,
    subcategory: str | None,
    report_path: Path | None,
    quiet: bool,
    user: str | None,
    purpose: str,
    relationships: tuple[str, ...],
    check_targets: bool,
) -> None:
    """Import FILE (GeoJSON, GeoPackage, Shapefile, CSV, Excel, CityJSON, IFC, OSM, DEM GeoTIFF).

    All or nothing: a failed import commits nothing. Prints a summary; --report writes the JSON report.
    The import acts as --user / CITYTWIN_TOKEN's account (the local operator while authentication is off):
    the policy must let it write every entity, and the import and its writes are ledgered.
    """
    import os
    import uuid

    from citytwin.core.levels import ModelLevel
    from citytwin.governance.cli_session import CliSession, cli_subject
    from citytwin.ingest.importers.audit import import_record
    from citytwin.ingest.importers.pipeline import run_import
    from citytwin.settings import Settings
    from citytwin.storage.registry import open_store

    options = ImportOptions(
        category=category,
        entity_type=entity_type,
        crs=crs,
        source=source,
        dataset=dataset,
        title=title,
        id_column=id_column,
        lng_column=lng_column,
        lat_column=lat_column,
        address_column=address_column,
        level=ModelLevel.parse(level) if level else None,
        format=fmt,
        layer=layer,
        sheet=sheet,
        encoding=encoding,
        strict=strict,
        max_rejects=parse_max_rejects(max_rejects),
        owner_code=owner_code,
        raster_dir=raster_dir or Settings().data_dir / "rasters",
        grade=grade,
        owner_department=owner_department,
        update_frequency=update_frequency,
        subcategory=subcategory,
        relationships=relationships,
        check_targets=check_targets,
    )
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///").split("?")[0]).parent.mkdir(parents=True, exist_ok=True)
    settings = Settings()
    batch_id = f"urn:ngsi-ld:ImportBatch:{uuid.uuid4()}"
    with open_store(url) as store:
        subject = cli_subject(store, settings, user=user, token=os.environ.get("CITYTWIN_TOKEN"))
        with CliSession(
            store, settings, subject, purpose=purpose, request_id=batch_id, origin="import"
        ) as session:
            session.require("write", tenant)  # nothing at all to write: stop before reading the file
            try:
                report = run_import(
                    file,
                    session.tenant(tenant, "write"),
                    options,
                    progress=None if quiet else _progress,
                    batch_id=batch_id,
                )
            except ImportFailed as err:
                _write_report(err.report, report_path)
                click.echo(err.report.summary())
                raise
            session.record(import_record(report, session.ctx, tenant, file))
    _write_report(report, report_path)
    click.echo(report.summary())
