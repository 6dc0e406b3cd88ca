"""The ``citytwin`` command: used by people, hooks and acceptance checks. Keep the command names stable."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from citytwin.clierrors import clean_errors

F = TypeVar("F", bound=Callable[..., Any])


def emit(obj: Any) -> None:
    """Print JSON on one line, keeping non-ASCII text readable."""
    click.echo(json.dumps(obj, ensure_ascii=False))


@click.group()
@click.version_option(package_name="citytwin")
def main() -> None:
    """citytwin: the city's digital twin platform."""


# -- grid -------------------------------------------------------------------------------------------------


@main.group()
def grid() -> None:
    """BeiDou grid location codes (GB/T 39409-2020)."""


@grid.command("encode")
@click.option("--level", default=10, show_default=True, type=int, help="Grid level 1..10.")
@click.argument("lng", type=float)
@click.argument("lat", type=float)
@click.argument("height_m", type=float, required=False)
@clean_errors
def grid_encode(level: int, lng: float, lat: float, height_m: float | None) -> None:
    """Print the grid code of LNG LAT (a 3D code when HEIGHT_M is given)."""
    from citytwin.core.codes import beidou

    code = beidou.encode(lng, lat, level) if height_m is None else beidou.encode3d(lng, lat, height_m, level)
    click.echo(code)


@grid.command("decode")
@click.argument("code")
@clean_errors
def grid_decode(code: str) -> None:
    """Print the level and bounding box of a 2D or 3D grid code as JSON."""
    from citytwin.core.codes import beidou

    emit(beidou.describe(code))


# -- ids --------------------------------------------------------------------------------------------------


@main.group()
def ids() -> None:
    """Identifiers: USCC, resident ID, GB/T 2260 administrative codes, city codes."""


@ids.command("validate")
@click.option(
    "--kind",
    type=click.Choice(["uscc", "resident_id", "admin_code", "city_code"]),
    help="Validate as this kind instead of detecting it.",
)
@click.argument("value")
def ids_validate(value: str, kind: str | None) -> None:
    """Validate VALUE; print JSON {kind, valid, reason}; exit 0 when valid, 1 when not."""
    from citytwin.core.codes.identify import validate_any

    result = validate_any(value, kind)
    emit({"kind": result.kind, "valid": result.valid, "reason": result.reason})
    sys.exit(0 if result.valid else 1)


# -- crs --------------------------------------------------------------------------------------------------


@main.group()
def crs() -> None:
    """Coordinate reference systems: WGS84/CGCS2000, EPSG codes, GCJ-02, BD-09."""


@crs.command("convert")
@click.option("--from", "src", required=True, help="Source CRS: wgs84, cgcs2000, gcj02, bd09 or EPSG:nnnn.")
@click.option("--to", "dst", required=True, help="Target CRS: wgs84, cgcs2000, gcj02, bd09 or EPSG:nnnn.")
@click.argument("x", type=float)
@click.argument("y", type=float)
@clean_errors
def crs_convert(src: str, dst: str, x: float, y: float) -> None:
    """Convert one coordinate pair X Y (longitude latitude, or easting northing) and print it."""
    from citytwin.core import crs as crs_mod

    xs, ys = crs_mod.convert([x], [y], src, dst)
    click.echo(f"{float(xs[0]):.8f} {float(ys[0]):.8f}")


# -- db ---------------------------------------------------------------------------------------------------


@main.group()
def db() -> None:
    """The twin store: create and migrate databases."""


def _db_option(func: F) -> F:
    from citytwin.settings import DEFAULT_DB

    return click.option(
        "--db",
        "url",
        envvar="CITYTWIN_DB",
        default=DEFAULT_DB,
        show_default=True,
        help="sqlite:///path.db (embedded) or postgresql://user@host:port/db",
    )(func)


@db.command("init")
@_db_option
@clean_errors
def db_init(url: str) -> None:
    """Create the database schema (idempotent) and print the schema version."""
    _migrate(url)


@db.command("migrate")
@_db_option
@clean_errors
def db_migrate(url: str) -> None:
    """Apply pending schema migrations and print what was applied."""
    _migrate(url)


def _migrate(url: str) -> None:
    from citytwin.storage.registry import open_store

    with open_store(url, migrate=False) as store:
        applied = store.migrate()
        emit({"db": _safe_url(url), "applied": applied, "schema_version": store.schema_version()})


def _safe_url(url: str) -> str:
    """The URL without a password, for output."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


# -- demo -------------------------------------------------------------------------------------------------


@main.group()
def demo() -> None:
    """The Shenzhen demo city."""


@demo.command("run")
@click.option(
    "--db",
    "url",
    envvar="CITYTWIN_DEMO_DB",
    default="sqlite:///var/demo.db",
    show_default=True,
    help="Store for the demo (embedded by default).",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="API port.")
@click.option(
    "--serve/--no-serve",
    "then_serve",
    default=True,
    show_default=True,
    help="Serve the twin after loading it.",
)
@clean_errors
def demo_run(url: str, port: int, then_serve: bool) -> None:
    """Load Shenzhen's real administrative backbone into the twin, tour it, then serve it over NGSI-LD."""
    from pathlib import Path

    from citytwin.demo.seed import seed, tour
    from citytwin.storage.registry import open_store

    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    with open_store(url) as store:
        counts = seed(store, progress=lambda msg: click.echo(msg, err=True))
        click.echo(f"loaded into {_safe_url(url)}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))
        for item in tour(store):
            emit(item)
    if then_serve:
        base = f"http://127.0.0.1:{port}/ngsi-ld/v1"
        click.echo(f"try: curl '{base}/entities?type=District&attrs=name,adminCode&options=keyValues'")
        click.echo("press Ctrl-C to stop")
        _serve(url, "127.0.0.1", port, workers=1)


# -- serve ------------------------------------------------------------------------------------------------


@main.command("serve")
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True, envvar="CITYTWIN_HOST", help="Bind address.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    envvar="CITYTWIN_PORT",
    help="Port.",
)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@clean_errors
def serve(url: str, host: str, port: int, workers: int) -> None:
    """Serve the NGSI-LD API with granian (ASGI) on HOST:PORT until interrupted."""
    _serve(url, host, port, workers)


def _serve(url: str, host: str, port: int, workers: int) -> None:
    import os

    from granian.constants import Interfaces
    from granian.server import Server

    from citytwin.storage.registry import open_store

    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///").split("?")[0]).parent.mkdir(parents=True, exist_ok=True)
    # Migrate once here, so workers starting together do not race to create the schema.
    open_store(url).close()
    # The factory builds Settings from the environment in each worker process.
    os.environ.update({"CITYTWIN_DB": url, "CITYTWIN_HOST": host, "CITYTWIN_PORT": str(port)})
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"citytwin NGSI-LD API on http://{shown}:{port}/ngsi-ld/v1 (store {_safe_url(url)})")
    Server(
        "citytwin.api.app:app_from_env",
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        workers=workers,
        factory=True,
    ).serve()


def _register_scenarios() -> None:
    from citytwin.scenarios.flood.cli import flood

    main.add_command(flood)


_register_scenarios()

if __name__ == "__main__":
    main()
