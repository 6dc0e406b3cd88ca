"""CLI: ``citytwin devices import|list|show|types|sweep`` and ``citytwin deadletter list|replay|purge``."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from citytwin.clierrors import clean_errors
from citytwin.settings import DEFAULT_DB

_db = click.option(
    "--db",
    "url",
    envvar="CITYTWIN_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="sqlite:///path.db (embedded) or postgresql://user@host:port/db",
)
_tenant = click.option("--tenant", default="", show_default=True, help="Tenant ('' is the default tenant).")


def _emit(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


def _service(url: str) -> Any:
    from citytwin.ingest.iot.service import IoTService
    from citytwin.storage.registry import open_store

    return IoTService.create(open_store(url))


@click.group("devices")
def devices() -> None:
    """IoT devices: registry, health and commands."""


@devices.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_db
@_tenant
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json", "ndjson"]), help="Default: from the suffix."
)
@click.option(
    "--verify-twins/--no-verify-twins",
    default=True,
    show_default=True,
    help="Check that bound twins exist and have a type the device type allows.",
)
@click.option("--codes-out", type=click.Path(dir_okay=False, path_type=Path), help="Write row,code as CSV.")
@clean_errors
def devices_import(
    *, file: Path, url: str, tenant: str, fmt: str | None, verify_twins: bool, codes_out: Path | None
) -> None:
    """Register the devices listed in FILE (CSV with a header, JSON array, or NDJSON); print a summary."""
    from citytwin.ingest.iot.registration import detect_format, read_rows

    chosen = fmt or detect_format(file.name)
    rows = list(read_rows(file.read_bytes(), chosen))
    service = _service(url)
    started = time.perf_counter()
    try:
        service.ensure_loaded()

        def progress(done: int, total: int) -> None:
            rate = done / max(time.perf_counter() - started, 1e-9)
            click.echo(f"registered {done}/{total} rows ({rate:,.0f}/s)", err=True)

        result = service.registry.register(
            tenant, rows, verify_twins=verify_twins, progress=progress, total=len(rows)
        )
    finally:
        service.store.close()
    if codes_out is not None:
        codes_out.write_text(
            "row,code\n" + "".join(f"{n},{c or ''}\n" for n, c in enumerate(result.codes, start=1)),
            encoding="utf-8",
        )
    summary = result.to_json(with_codes=False)
    summary["errors"] = summary["errors"][:50]
    summary["seconds"] = round(time.perf_counter() - started, 3)
    _emit(summary)
    if result.errors:
        sys.exit(1)


@devices.command("list")
@_db
@_tenant
@click.option("--type", "kind", help="Only devices of this type (catalogue id).")
@click.option(
    "--state", type=click.Choice(["online", "stale", "offline", "unknown"]), help="Only this state."
)
@click.option("--limit", default=100, show_default=True, type=click.IntRange(0, None))
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0, None))
@clean_errors
def devices_list(
    *, url: str, tenant: str, kind: str | None, state: str | None, limit: int, offset: int
) -> None:
    """Print registered devices, one JSON object per line, in code order."""
    from citytwin.ingest.iot.http import describe

    service = _service(url)
    try:
        service.ensure_loaded()
        records = sorted(
            (
                r
                for r in service.registry.records(tenant).values()
                if (kind is None or r.type.id == kind) and (state is None or r.state == state)
            ),
            key=lambda r: r.code,
        )
    finally:
        service.store.close()
    for record in records[offset : offset + limit]:
        _emit(describe(record))


@devices.command("show")
@click.argument("code")
@_db
@_tenant
@clean_errors
def devices_show(*, code: str, url: str, tenant: str) -> None:
    """Print one device: its registry view and its Device entity."""
    from citytwin.core.codes import device_code
    from citytwin.errors import ResourceNotFound
    from citytwin.ingest.iot.http import describe

    canonical = device_code.parse(code).code
    service = _service(url)
    try:
        service.ensure_loaded()
        record = service.registry.lookup(tenant, canonical)
        if record is None:
            raise ResourceNotFound(f"device {canonical} is not registered")
        entity = service.store.tenant(tenant).get(record.entity_id)
    finally:
        service.store.close()
    _emit({**describe(record), "entity": entity.to_dict()})


@devices.command("types")
def devices_types() -> None:
    """Print the device type catalogue, one JSON object per line."""
    from citytwin.ingest.iot.catalog import shipped_types

    for kind in shipped_types().values():
        _emit(kind.describe())


@devices.command("sweep")
@_db
@clean_errors
def devices_sweep(*, url: str) -> None:
    """Run the device health sweep once (stale / offline from the reporting interval)."""
    service = _service(url)
    try:
        service.ensure_loaded()
        result = service.health.sweep(progress=lambda msg: click.echo(msg, err=True))
    finally:
        service.store.close()
    _emit(result.to_json())


# -- dead letters -----------------------------------------------------------------------------------------

_REASONS = click.Choice(
    [
        "unparsable",
        "missing_device",
        "bad_code",
        "unknown_device",
        "wrong_type",
        "bad_value",
        "bad_unit",
        "out_of_range",
        "missing_time",
        "bad_time",
    ]
)


@click.group("deadletter")
def deadletter() -> None:
    """Readings that could not be accepted: list, replay after a fix, purge."""


@deadletter.command("list")
@_db
@_tenant
@click.option("--reason", type=_REASONS, help="Only this reason.")
@click.option("--device", help="Only this device code.")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(0, None))
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0, None))
@clean_errors
def deadletter_list(
    *, url: str, tenant: str, reason: str | None, device: str | None, limit: int, offset: int
) -> None:
    """Print dead letters, one JSON object per line (counts per reason on stderr)."""
    from citytwin.core.codes.device_code import normalize

    service = _service(url)
    code = None if device is None else normalize(device)
    try:
        letters = service.dead_letters.list(tenant, reason=reason, device=code, limit=limit, offset=offset)
        counts = service.dead_letters.counts(tenant, device=code)
    finally:
        service.store.close()
    for letter in letters:
        _emit(letter.to_json())
    click.echo(json.dumps({"counts": counts}), err=True)


@deadletter.command("replay")
@_db
@_tenant
@click.option("--reason", type=_REASONS, help="Only this reason.")
@click.option("--device", help="Only this device code.")
@clean_errors
def deadletter_replay(*, url: str, tenant: str, reason: str | None, device: str | None) -> None:
    """Re-run dead letters through the pipeline; those that now pass are written and removed."""
    from citytwin.core.codes.device_code import normalize

    service = _service(url)
    try:
        result = service.pipeline.replay(
            tenant,
            reason=reason,
            device=None if device is None else normalize(device),
            progress=lambda done, _: click.echo(f"replayed {done}", err=True),
        )
    finally:
        service.store.close()
    _emit(result)


@deadletter.command("purge")
@_db
@_tenant
@click.option("--reason", type=_REASONS, help="Only this reason.")
@click.option("--device", help="Only this device code.")
@clean_errors
def deadletter_purge(*, url: str, tenant: str, reason: str | None, device: str | None) -> None:
    """Delete dead letters for good."""
    from citytwin.core.codes.device_code import normalize

    service = _service(url)
    try:
        removed = service.dead_letters.purge(
            tenant, reason=reason, device=None if device is None else normalize(device)
        )
    finally:
        service.store.close()
    _emit({"deleted": removed})


def register(main: click.Group) -> None:
    """Add ``devices`` and ``deadletter`` to ``citytwin`` (keeping what others added to ``devices``)."""
    existing = main.commands.get("devices")
    if isinstance(existing, click.Group):
        for name, command in devices.commands.items():
            existing.add_command(command, name)
    else:
        main.add_command(devices)
    main.add_command(deadletter)
