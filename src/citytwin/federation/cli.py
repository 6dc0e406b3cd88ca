"""``citytwin federate``: run a city platform federating district platforms (the "1+11+N" demo)."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from types import FrameType

import click

from citytwin.clierrors import clean_errors
from citytwin.errors import BadRequestData


def _district(text: str) -> tuple[str, int]:
    code, sep, port = text.partition(":")
    if not sep or not code.isdigit() or not port.isdigit():
        raise BadRequestData(f"--district takes CODE:PORT such as 440304:8001, got {text!r}")
    if not 1 <= int(port) <= 65535:
        raise BadRequestData(f"--district {text}: the port must be 1..65535")
    return code, int(port)


def _stop_on_term(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@click.group("federate", invoke_without_command=True)
@click.pass_context
def federate(ctx: click.Context) -> None:
    """A city platform and district platforms queried as one (NGSI-LD context sources)."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(up)


@federate.command("up")
@click.option(
    "--city-port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="City API port."
)
@click.option(
    "--district",
    "districts",
    multiple=True,
    metavar="CODE:PORT",
    default=("440304:8001", "440305:8002"),
    show_default=True,
    help="A district platform: GB/T 2260 code and port (repeat for more).",
)
@click.option(
    "--dir",
    "directory",
    default=Path("var/federation"),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the platforms' stores and logs live.",
)
@click.option(
    "--timeout-ms", default=2000, show_default=True, type=click.IntRange(1), help="Per-district timeout."
)
@clean_errors
def up(city_port: int, districts: tuple[str, ...], directory: Path, timeout_ms: int) -> None:
    """Seed and start the city and district platforms, register the districts, serve until Ctrl-C."""
    from citytwin.demo.hierarchy import district_boundaries
    from citytwin.federation import demo
    from citytwin.storage.registry import open_store

    parts = [_district(d) for d in districts]
    known = district_boundaries()
    for code, _ in parts:
        if code not in known:
            raise BadRequestData(f"{code} is not one of Shenzhen's districts: {', '.join(sorted(known))}")
    ports = [city_port, *(p for _, p in parts)]
    if len(set(ports)) != len(ports) or len({c for c, _ in parts}) != len(parts):
        raise BadRequestData("every platform needs its own port, and every district may appear once")
    directory.mkdir(parents=True, exist_ok=True)
    fed = demo.plan(directory, city_port, parts)
    fed.progress = lambda message: click.echo(message, err=True)
    for code, platform in fed.districts.items():
        with open_store(platform.db) as store:
            counts = demo.seed_district(store, code)
        summary = ", ".join(f"{n} {t}" for t, n in counts.items())
        click.echo(f"seeded {demo.district_name(code)} ({code}) platform: {summary}", err=True)
    with open_store(fed.city.db) as store:
        demo.seed_city(store)
    signal.signal(signal.SIGTERM, _stop_on_term)
    # Ctrl-C stops everything even when this process was started with SIGINT ignored (a background job of a
    # non-interactive shell, nohup): Python then installs no KeyboardInterrupt handler of its own.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        fed.start()
        fed.register(timeout_ms)
        click.echo(f"city platform:     {fed.city.url}")
        for code, platform in fed.districts.items():
            pid = platform.process.pid if platform.process else "?"
            click.echo(f"district {code}:   {platform.url}  ({demo.district_name(code)}, pid {pid})")
        click.echo("try:")
        for line in demo.examples(fed.city.url):
            click.echo(f"  {line}")
        click.echo("ready: press Ctrl-C to stop every platform", nl=True)
        reported: set[str] = set()
        while True:
            time.sleep(0.5)
            for platform in fed.platforms:
                if (
                    platform.process is not None
                    and platform.process.poll() is not None
                    and platform.name not in reported
                ):
                    reported.add(platform.name)
                    click.echo(
                        f"{platform.name} platform stopped (exit {platform.process.returncode})", err=True
                    )
    except KeyboardInterrupt:
        click.echo("stopping", err=True)
    finally:
        # A second Ctrl-C (or the terminal's, sent to the children too) must not cut the shutdown short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        fed.stop()
