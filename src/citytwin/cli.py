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
    """Identifiers: USCC, resident ID, GB/T 2260 administrative codes, city codes, device codes."""


@ids.command("validate")
@click.option(
    "--kind",
    type=click.Choice(["uscc", "resident_id", "admin_code", "city_code", "device_code"]),
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
        # docs/security.md: without CITYTWIN_AUTH=1 the demo serves loopback only, as the demo identity.
        click.echo("requests act as the demo identity user:demo (administrator); see docs/security.md")
        click.echo("press Ctrl-C to stop")
        _serve(url, "127.0.0.1", port, workers=1)


def _say(msg: str) -> None:
    click.echo(msg, err=True)


@demo.command("generate")
@click.option(
    "--scale",
    type=click.Choice(["tiny", "demo", "district", "city"]),
    default="demo",
    show_default=True,
    help="How big a city: demo = 福田+南山, city = all of Shenzhen (~600,000 buildings).",
)
@click.option(
    "--db",
    "url",
    envvar="CITYTWIN_DEMO_DB",
    default="sqlite:///var/demo.db",
    show_default=True,
    help="Store to load the city into.",
)
@click.option(
    "--out",
    "folder",
    default=None,
    type=click.Path(file_okay=False),
    help="Where the generated files go (default var/demo/<scale>).",
)
@click.option(
    "--raster-dir",
    default="var/rasters",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Where the DEM raster is kept for the flood engine.",
)
@click.option("--force", is_flag=True, help="Generate and load again even if this city is already loaded.")
@click.option("--files-only", is_flag=True, help="Write the files, load nothing.")
@clean_errors
def demo_generate(
    *, scale: str, url: str, folder: str | None, raster_dir: str, force: bool, files_only: bool
) -> None:
    """Generate the Shenzhen demo city and load it through the importers, catalog and device registry."""
    from datetime import date
    from pathlib import Path

    from citytwin.demo.generate import build, stamp_matches, write_stamp
    from citytwin.demo.generate_load import load
    from citytwin.demo.generate_scale import scale_named
    from citytwin.storage.registry import open_store

    chosen = scale_named(scale)
    out = Path(folder) if folder else Path("var") / "demo" / scale
    if not force and not files_only and stamp_matches(out, chosen, url):
        click.echo(f"demo city ({scale}) already loaded into {_safe_url(url)}; --force to redo", err=True)
        return
    generated = build(chosen, out, today=date.today(), progress=_say)
    if files_only:
        emit({"folder": str(out), "counts": generated.counts})
        return
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    with open_store(url) as store:
        summary = load(store, generated, raster_dir=Path(raster_dir), progress=_say)
    write_stamp(out, chosen, url, summary)
    emit({"scale": scale, "db": _safe_url(url), **summary})


@demo.command("simulate")
@click.option(
    "--db",
    "url",
    envvar="CITYTWIN_DEMO_DB",
    default="sqlite:///var/demo.db",
    show_default=True,
    help="The twin whose registered devices are simulated.",
)
@click.option(
    "--api", default="http://127.0.0.1:8000", show_default=True, help="Server for HTTP ingest and vehicles."
)
@click.option(
    "--mqtt",
    "mqtt_url",
    default="mqtt://127.0.0.1:1883",
    show_default=True,
    help="Broker to publish telemetry to; HTTP is used when it does not answer. 'none': HTTP only.",
)
@click.option(
    "--step", default=5.0, show_default=True, type=click.FloatRange(0.1), help="Seconds between sends."
)
@click.option("--duration", default=None, type=click.FloatRange(1), help="Stop after this many seconds.")
@click.option("--vehicles/--no-vehicles", default=True, show_default=True, help="Replay the taxi trips.")
@click.option(
    "--token",
    envvar="CITYTWIN_TOKEN",
    default=None,
    help="Bearer token or API key for a server with authentication on (HTTP telemetry and vehicles).",
)
@click.option("--mqtt-user", envvar="CITYTWIN_MQTT_USER", default=None, help="Broker account (gateway).")
@click.option("--mqtt-password", envvar="CITYTWIN_MQTT_PASSWORD", default=None, help="Its password.")
@clean_errors
def demo_simulate(
    *,
    url: str,
    api: str,
    mqtt_url: str,
    step: float,
    duration: float | None,
    vehicles: bool,
    token: str | None,
    mqtt_user: str | None,
    mqtt_password: str | None,
) -> None:
    """Send live telemetry with diurnal patterns and scripted incidents, and replay taxi trips."""
    from urllib.parse import urlparse

    from citytwin.demo.simulate_run import HttpSink, MqttSink, Sink, load_devices, run, stop_on_signals
    from citytwin.storage.registry import open_store

    stop_on_signals()  # `kill` (as `make demo` stops it) ends it like Ctrl-C: quietly, exit 0
    try:
        with open_store(url) as store:
            devices = load_devices(store)
    except KeyboardInterrupt:
        _say("simulator stopped")
        return
    say = _say
    http = HttpSink(api, token=token)
    sink: Sink = http
    if mqtt_url != "none":
        parsed = urlparse(mqtt_url)
        try:
            sink = MqttSink(
                parsed.hostname or "127.0.0.1",
                parsed.port or 1883,
                username=mqtt_user or parsed.username,
                password=mqtt_password or parsed.password,
            )
        except OSError as err:
            say(f"no MQTT broker at {mqtt_url} ({err}); sending over HTTP to {api}")
    say(f"simulating {len(devices)} devices via {sink.name}")
    try:
        emit(
            run(
                devices,
                sink,
                step_s=step,
                duration_s=duration,
                vehicles=http if vehicles else None,
                progress=say,
            )
        )
    except KeyboardInterrupt:  # outside the loop (reading the taxi trips): stopped all the same
        say("simulator stopped")
    finally:
        http.close()
        if sink is not http:
            sink.close()  # type: ignore[attr-defined]


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
@click.option("--mqtt", default=None, envvar="CITYTWIN_MQTT_URL", help="MQTT broker for device commands.")
@click.option("--ingest/--no-ingest", default=False, help="Also run MQTT ingest in the server process.")
@click.option(
    "--analytics/--no-analytics",
    default=False,
    envvar="CITYTWIN_ANALYTICS",
    help="Run live indicators, alert rules and the event desk in the server.",
)
@click.option(
    "--temporal-instance-limit",
    default=10_000,
    show_default=True,
    type=click.IntRange(min=1),
    envvar="CITYTWIN_TEMPORAL_INSTANCE_LIMIT",
    help="Most attribute instances in one temporal answer; longer answers are paged (206 + Content-Range).",
)
@clean_errors
def serve(
    *,
    url: str,
    host: str,
    port: int,
    workers: int,
    mqtt: str | None,
    ingest: bool,
    analytics: bool,
    temporal_instance_limit: int,
) -> None:
    """Serve the NGSI-LD API with granian (ASGI) on HOST:PORT until interrupted."""
    import os

    if analytics:
        os.environ["CITYTWIN_ANALYTICS"] = "1"
    # The workers build Settings from the environment (app_from_env).
    os.environ["CITYTWIN_TEMPORAL_INSTANCE_LIMIT"] = str(temporal_instance_limit)
    from citytwin.ingest.iot.mqtt_cli import serve_environment

    serve_environment(mqtt, ingest=ingest, workers=workers)
    _serve(url, host, port, workers)


def _serve(url: str, host: str, port: int, workers: int) -> None:
    import os

    from citytwin.governance.auth import check_bind
    from citytwin.settings import Settings

    check_bind(Settings(), host)  # a non-loopback bind needs CITYTWIN_AUTH=1 (docs/security.md)

    from granian.constants import HTTPModes, Interfaces, RuntimeModes
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
        # HTTP/1.1 only (no HTTP/2 prior-knowledge probe on each connection), on one single-threaded Rust
        # runtime per worker: both cut the server's CPU per request (docs/benchmarks.md, bench_ngsild).
        http=HTTPModes.http1,
        runtime_mode=RuntimeModes.st,
    ).serve()


def _register_scenarios() -> None:
    from citytwin.scenarios.flood.cli import flood

    main.add_command(flood)


_register_scenarios()


def _register_governance() -> None:
    from citytwin.governance.cli import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_register_governance()


def _register_analytics() -> None:
    from citytwin.analytics.cli import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_register_analytics()


def _register_security() -> None:
    from citytwin.governance.cli_security import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_register_security()


def _register_passwords() -> None:
    from citytwin.governance.cli_passwords import users_password
    from citytwin.governance.cli_security import users

    users.add_command(users_password)  # citytwin users password NAME


_register_passwords()


def _register_sharing() -> None:
    from citytwin.governance.sharing_cli import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_register_sharing()


def _register_geocode() -> None:
    from citytwin.ingest.geocode_cli import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_register_geocode()


def _register_import() -> None:
    from citytwin.ingest.importers.cli import import_

    main.add_command(import_)


_register_import()


def _register_export() -> None:
    from citytwin.governance.cli_export import export

    main.add_command(export)


_register_export()


def _register_iot() -> None:
    from citytwin.ingest.iot.cli import register

    register(main)


_register_iot()


def _register_mqtt() -> None:
    # Last, so that `citytwin devices` (device registry) exists to take the `command` subcommand.
    from citytwin.ingest.iot.mqtt_cli import register

    register(main)


_register_mqtt()


def _register_federation() -> None:
    from citytwin.federation.cli import federate

    main.add_command(federate)


_register_federation()

if __name__ == "__main__":
    main()
