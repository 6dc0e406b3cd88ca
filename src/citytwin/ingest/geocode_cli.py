"""``citytwin geocode`` and ``citytwin address parse``: addresses from the command line, as JSON lines."""

from __future__ import annotations

import json
import sys

import click

from citytwin.clierrors import clean_errors


def _emit(obj: object) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


def _addresses(given: tuple[str, ...], from_stdin: bool) -> list[str]:
    items = list(given)
    if from_stdin:
        items.extend(line.strip() for line in sys.stdin if line.strip())
    if not items:
        raise click.UsageError("give at least one ADDRESS (or --stdin)")
    return items


def _progress(read: int) -> None:
    # Large twins take a while to index: say so every 50,000 entities.
    if read and read % 50_000 < 2_000:
        click.echo(f"gazetteer: read {read:,} entities", err=True)


@click.command("geocode")
@click.option(
    "--db",
    "url",
    envvar="CITYTWIN_DB",
    default=None,
    help="The twin's store (default: CITYTWIN_DB or the settings' default).",
)
@click.option("--tenant", default=None, help="NGSI-LD tenant (default: the default tenant).")
@click.option(
    "--stdin", "from_stdin", is_flag=True, help="Also read addresses from standard input, one a line."
)
@click.argument("addresses", nargs=-1)
@clean_errors
def geocode(url: str | None, tenant: str | None, from_stdin: bool, addresses: tuple[str, ...]) -> None:
    """Place each ADDRESS on the twin: one JSON line per address with its match (or null) and score.

    ``registered`` says whether the score reaches MIN_SCORE, the bar an import uses to register a record.
    """
    from citytwin.ingest.geocode import MIN_SCORE, Gazetteer
    from citytwin.settings import DEFAULT_DB
    from citytwin.storage.registry import open_store

    items = _addresses(addresses, from_stdin)
    with open_store(url or DEFAULT_DB) as store:
        twin = store.tenant(tenant) if tenant else store.tenant()
        gazetteer = Gazetteer.from_store(twin, progress=_progress)
    if gazetteer.size == 0:
        click.echo(
            "warning: the twin holds no named places or areas; load some first (e.g. `citytwin demo run "
            "--no-serve`), so every address is unmatched",
            err=True,
        )
    for text, match in zip(items, gazetteer.geocode_many(items), strict=True):
        found = None if match is None else match.to_dict()
        registered = match is not None and match.score >= MIN_SCORE
        _emit({"query": text, "match": found, "registered": registered})


@click.group("address")
def address() -> None:
    """Chinese addresses: parse them into their parts."""


@address.command("parse")
@click.option(
    "--stdin", "from_stdin", is_flag=True, help="Also read addresses from standard input, one a line."
)
@click.argument("addresses", nargs=-1)
@clean_errors
def address_parse(from_stdin: bool, addresses: tuple[str, ...]) -> None:
    """Print the parts of each ADDRESS and the GB/T 2260 codes they name, one JSON line each."""
    from citytwin.core.address import parse_address, resolve_admin

    for text in _addresses(addresses, from_stdin):
        parsed = parse_address(text)
        codes = resolve_admin(parsed)
        _emit(
            {
                "address": text,
                "parts": dict(parsed.parts()),
                "codes": {
                    "district": codes.district,
                    "street": codes.street,
                    "community": codes.community,
                    "candidates": list(codes.candidates),
                    "consistent": codes.consistent,
                },
            }
        )


COMMANDS = (geocode, address)
