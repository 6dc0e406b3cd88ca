"""``citytwin indicators list|show|explain``, ``citytwin rules list`` and ``citytwin contacts list|check``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from citytwin.clierrors import clean_errors

if TYPE_CHECKING:
    from citytwin.analytics.contacts import Contact


def _emit(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


_CATALOGUE = click.option(
    "--catalogue",
    "extra",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An extra indicator YAML file (added to the shipped catalogue). Repeatable.",
)


@click.group()
def indicators() -> None:
    """Live city indicators: the catalogue, and how a value is computed."""


@indicators.command("list")
@_CATALOGUE
@click.option("--domain", default=None, help="Only this domain (water, gas, traffic, events ...).")
@click.option("--area", default=None, help="Only indicators of this admin area or inside it (e.g. 440305).")
@clean_errors
def list_(extra: tuple[Path, ...], domain: str | None, area: str | None) -> None:
    """One line per indicator: id, domain, area, measure, name."""
    from citytwin.analytics.indicators import load_catalogue
    from citytwin.core.query_eval import admin_prefix

    prefix = None if area is None else admin_prefix(area)
    shown = 0
    for d in load_catalogue(extra):
        if (domain and d.domain != domain) or (prefix and not (d.area_code or "").startswith(prefix)):
            continue
        click.echo(f"{d.id}\t{d.domain}\t{d.area_code or '-'}\t{d.measure.kind.value}\t{d.name_zh}")
        shown += 1
    click.echo(f"{shown} indicators", err=True)


@indicators.command("show")
@_CATALOGUE
@click.argument("ident")
@clean_errors
def show(extra: tuple[Path, ...], ident: str) -> None:
    """The definition of indicator IDENT as JSON."""
    from citytwin.analytics.indicators import load_catalogue
    from citytwin.errors import ResourceNotFound

    for d in load_catalogue(extra):
        if d.id == ident:
            _emit(
                {
                    "id": d.id,
                    "name": {"zh": d.name_zh, "en": d.name_en},
                    "domain": d.domain,
                    "unit": d.unit,
                    "owner": d.owner,
                    "area": d.area_code,
                    "template": d.template,
                    "entities": {
                        "types": list(d.entities.types),
                        "adminCode": d.entities.admin_code,
                        "q": d.entities.q,
                        "gridPrefix": d.entities.grid_prefix,
                        "levels": [lv.name for lv in d.entities.levels],
                    },
                    "measure": {k: getattr(d.measure, k) for k in d.measure.__slots__},
                    "window": {"kind": d.window.kind.value, "seconds": d.window.seconds},
                    "thresholds": [
                        {"op": t.op, "value": t.value, "severity": t.severity.value} for t in d.thresholds
                    ],
                }
            )
            return
    raise ResourceNotFound(f"no indicator {ident!r}: see `citytwin indicators list`")


@indicators.command("explain")
@_CATALOGUE
@click.option("--db", "url", default="sqlite:///citytwin.db", envvar="CITYTWIN_DB", show_default=True)
@click.option("--tenant", default="", help="NGSILD-Tenant (default tenant when empty).")
@click.argument("ident")
@clean_errors
def explain(extra: tuple[Path, ...], url: str, tenant: str, ident: str) -> None:
    """The entity set, the current inputs (from the store at URL) and the calculation of IDENT.

    Windowed indicators start empty here (their window fills from the live stream); ask a running
    server's ``GET /indicators/IDENT/explain`` for the live window.
    """
    from citytwin.analytics.indicators import load_catalogue
    from citytwin.core.indicators.engine import IndicatorEngine
    from citytwin.core.query import EntityQuery, types_of
    from citytwin.core.timeutil import utc_now
    from citytwin.storage.registry import open_store

    defs = load_catalogue(extra)
    chosen = [d for d in defs if d.id == ident]
    if not chosen:
        from citytwin.errors import ResourceNotFound

        raise ResourceNotFound(f"no indicator {ident!r}: see `citytwin indicators list`")
    wanted = {chosen[0].measure.numerator, chosen[0].measure.denominator} - {None}
    engine = IndicatorEngine([d for d in defs if d.id == ident or d.id in wanted])
    now = utc_now()
    with open_store(url) as store:
        t = store.tenant(tenant)
        for kind in sorted(engine.watched_types()):
            offset = 0
            while True:
                page = t.query(EntityQuery(types=types_of(kind), limit=1000, offset=offset)).entities
                engine.load(page, now)
                if len(page) < 1000:
                    break
                offset += 1000
    engine.tick(now)
    _emit(engine.explain(ident))


@click.group()
def rules() -> None:
    """Alert rules."""


@rules.command("list")
@click.option(
    "--file",
    "files_",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An extra rule YAML file. Repeatable.",
)
@clean_errors
def rules_list(files_: tuple[Path, ...]) -> None:
    """One line per rule: id, kind, severity, event category, name."""
    from citytwin.analytics.alerts import load_rules

    for r in load_rules(files_):
        click.echo(f"{r.id}\t{r.kind.value}\t{r.severity.value}\t{r.category}\t{r.name_zh}")


_CONTACTS_FILE = click.option(
    "--file",
    "path",
    default=None,
    envvar="CITYTWIN_CONTACTS_FILE",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The contact directory (default: CITYTWIN_CONTACTS_FILE, else the shipped demo one).",
)
_BROKER = click.option(
    "--broker",
    default=None,
    envvar="CITYTWIN_MQTT_URL",
    help="Broker of MQTT topics the file names no broker for.",
)


@click.group()
def contacts() -> None:
    """The event desk's contact directory and the subscriptions it maps to."""


def _coverage(c: Contact) -> str:
    parts = [
        f"{name}={','.join(values)}"
        for name, values in (("categories", c.categories), ("departments", c.departments), ("areas", c.areas))
        if values
    ]
    if c.level is not None:
        parts.append(f"level>={c.level}")
    return " ".join(parts) or "assigned events only"


@contacts.command("list")
@_CONTACTS_FILE
@_BROKER
@click.option("--json", "as_json", is_flag=True, help="The NGSI-LD subscriptions as JSON instead.")
@clean_errors
def contacts_list(path: Path | None, broker: str | None, as_json: bool) -> None:
    """Each contact, what it covers, and its subscriptions (endpoint and q)."""
    from citytwin.analytics.contacts import endpoints, load_directory, subscription_id, subscriptions

    directory = load_directory(path, broker=broker)
    if as_json:
        _emit(list(subscriptions(directory).values()))
        return
    for c in directory.contacts:
        click.echo(f"{c.id}\t{c.name or '-'}\t{_coverage(c)}")
        for channel, endpoint in endpoints(c, directory.broker).items():
            click.echo(f"  {subscription_id(c.id, channel)} -> {endpoint['uri']}")
        click.echo(f"    q: {c.q()}")
    click.echo(f"{len(directory.contacts)} contacts from {directory.source}", err=True)


@contacts.command("check")
@_CONTACTS_FILE
@_BROKER
@click.option("--db", "url", default=None, help="Also compare with the subscriptions stored there.")
@click.option("--tenant", default="", help="NGSILD-Tenant of the desk (default tenant when empty).")
@clean_errors
def contacts_check(path: Path | None, broker: str | None, url: str | None, tenant: str) -> None:
    """Validate the directory; with --db, say what the server would change (exit 1 when out of sync)."""
    import sys

    from citytwin.analytics.contacts import load_directory, subscriptions
    from citytwin.analytics.contacts_sync import desired_bodies, managed_subscriptions, plan
    from citytwin.core.timeutil import utc_now

    directory = load_directory(path, broker=broker)
    count = len(subscriptions(directory))
    click.echo(f"ok: {len(directory.contacts)} contacts, {count} subscriptions from {directory.source}")
    if url is None:
        return
    from citytwin.storage.registry import open_store

    with open_store(url) as store:
        steps = plan(desired_bodies(directory, utc_now()), managed_subscriptions(store, tenant))
    for kind, ids in (("create", steps.create), ("update", steps.update), ("remove", steps.remove)):
        for sub_id in ids:
            click.echo(f"{kind}\t{sub_id}")
    click.echo(
        f"{'in sync' if not steps.changes else 'out of sync'}: {len(steps.create)} to create, "
        f"{len(steps.update)} to update, {len(steps.remove)} to remove, {len(steps.unchanged)} unchanged"
    )
    if steps.changes:
        sys.exit(1)


COMMANDS = (indicators, rules, contacts)
