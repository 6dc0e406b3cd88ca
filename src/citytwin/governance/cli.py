"""``citytwin catalog``, ``citytwin conflicts``, ``citytwin lineage`` and ``citytwin graph``.

Registered in :mod:`citytwin.cli` with ``main.add_command``. JSON goes to stdout (one object per line for
lists, ``--json`` where the default is a table or tree); platform errors print one ``error: ...`` line and
exit 2. Every command acts as a checked subject (``--user`` / ``CITYTWIN_TOKEN``, see :mod:`.cli_acting`);
``lineage`` and ``graph`` read as that subject (what it may not see is absent or 404, reads are ledgered).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from citytwin.clierrors import clean_errors
from citytwin.errors import BadRequestData
from citytwin.governance.cli_acting import acting, resolve_conflict, visible_conflict, visible_conflicts
from citytwin.governance.cli_admin import user_option
from citytwin.governance.cli_common import db_option, emit, read_document
from citytwin.settings import DEFAULT_DB
from citytwin.storage.base import TenantStore

F = TypeVar("F", bound=Callable[..., Any])


def _store_options(func: F) -> F:
    func = click.option("--tenant", default="", show_default=True, help="Tenant (NGSILD-Tenant).")(func)
    return db_option(func)


# -- catalog ----------------------------------------------------------------------------------------------


def _pass_store_options(ctx: click.Context, url: str, tenant: str, user: str | None = None) -> None:
    """Let ``citytwin GROUP --db X SUBCOMMAND`` reach the subcommand (its own --db still wins)."""
    group = ctx.command
    assert isinstance(group, click.Group)
    given = {"url": url, "tenant": tenant, **({"user": user} if user else {})}
    ctx.default_map = {name: dict(given) for name in group.commands if name != "categories"}


@click.group("catalog", invoke_without_command=True)
@_store_options
@user_option
@click.pass_context
def catalog(ctx: click.Context, url: str, tenant: str, user: str | None) -> None:
    """The data resource catalog (数据资源目录); without a subcommand: ``catalog list``."""
    _pass_store_options(ctx, url, tenant, user)
    if ctx.invoked_subcommand is None:
        ctx.invoke(catalog_list, url=url, tenant=tenant, user=user)


@catalog.command("list")
@_store_options
@user_option
@click.option("--category", help="One of the ten data categories.")
@click.option("--grade", type=click.IntRange(1, 4), help="Sensitivity grade 1..4.")
@click.option("--owner", help="Owner department.")
@click.option("--json", "as_json", is_flag=True, help="One JSON record per line instead of a table.")
@clean_errors
def catalog_list(
    *,
    url: str = DEFAULT_DB,
    tenant: str = "",
    category: str | None = None,
    grade: int | None = None,
    owner: str | None = None,
    as_json: bool = False,
    user: str | None = None,
) -> None:
    """List catalogued datasets."""
    from citytwin.governance.catalog import Catalog

    with acting(url, tenant, user, "read") as act:
        records = Catalog(act.twin).list(category=category, grade=grade, owner=owner)
    if as_json:
        for record in records:
            emit(record.to_dict())
        return
    click.echo(f"{'id':32} {'category':20} {'grade':>5} {'records':>9} {'reg.rate':>8}  owner / title")
    for r in records:
        rate = "-" if r.registration_rate is None else f"{r.registration_rate:.1%}"
        owner_text = r.owner_department or "-"
        click.echo(
            f"{r.id:32} {r.category:20} {r.grade:>5} {r.record_count:>9} {rate:>8}  {owner_text} / {r.title}"
        )
    click.echo(f"{len(records)} dataset(s)")


@catalog.command("show")
@_store_options
@user_option
@click.argument("dataset_id")
@clean_errors
def catalog_show(url: str, tenant: str, user: str | None, dataset_id: str) -> None:
    """Print one dataset record as JSON."""
    from citytwin.governance.catalog import Catalog

    with acting(url, tenant, user, "read") as act:
        emit(Catalog(act.twin).get(dataset_id).to_dict(), indent=2)


@catalog.command("register")
@_store_options
@user_option
@click.argument("file", type=click.Path(dir_okay=False))
@clean_errors
def catalog_register(url: str, tenant: str, user: str | None, file: str) -> None:
    """Register (or replace) the dataset records in FILE (YAML or JSON: one record or a list); needs
    ``administer`` in the tenant, each record ledgered."""
    from citytwin.governance.catalog import Catalog, DatasetRecord, validate
    from citytwin.governance.ledger_writer import data_digest

    data = read_document(file)
    items = data if isinstance(data, list) else [data]
    records = [validate(DatasetRecord.from_dict(item)) for item in items]  # all checked before any write
    with acting(url, tenant, user, "administer") as act:
        cat = Catalog(act.twin)
        for record in records:
            stored = cat.upsert(record)
            act.ledger("administer", f"dataset:{stored.id}", ["catalog"], data_digest(stored.to_dict()))
    emit({"registered": [r.id for r in records]})


@catalog.command("categories")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
def catalog_categories(as_json: bool) -> None:
    """The ten data categories with their sub-categories, and the grades."""
    from citytwin.governance.catalog import declarations

    decl = declarations()
    if as_json:
        emit(decl.to_dict(), indent=2)
        return
    for cat in decl.categories.values():
        group = decl.groups[cat.group]
        click.echo(f"{cat.id:22} {cat.zh}  {cat.en}  [{group['zh']} {group['en']}]")
        for sub in cat.subcategories:
            click.echo(f"    {sub.id:26} {sub.zh}  {sub.en}")
    click.echo("grades: " + ", ".join(f"{lvl} {g['zh']} {g['en']}" for lvl, g in decl.grades.items()))


@catalog.command("summary")
@_store_options
@user_option
@clean_errors
def catalog_summary(url: str, tenant: str, user: str | None) -> None:
    """Datasets, records and registration rate per category, as JSON."""
    from citytwin.governance.catalog import Catalog

    with acting(url, tenant, user, "read") as act:
        emit(Catalog(act.twin).summary(), indent=2)


@catalog.command("sources")
@_store_options
@user_option
@click.option(
    "--load", "load", type=click.Path(dir_okay=False), help="Add or replace rules from a YAML file."
)
@clean_errors
def catalog_sources(url: str, tenant: str, user: str | None, load: str | None) -> None:
    """The authoritative source and standard of each datum (一数一源一标准), as JSON (``--load`` needs
    ``administer`` in the tenant and is ledgered)."""
    from citytwin.governance.ledger_writer import data_digest
    from citytwin.governance.registry import SourceRegistry, extend_tenant_registry

    data = read_document(load) if load is not None else None
    if load is not None and not isinstance(data, dict):
        raise BadRequestData(f"{load} must hold a mapping with 'sources' and 'rules'")
    with acting(url, tenant, user, "administer" if data is not None else "read") as act:
        if data is not None:
            registry = extend_tenant_registry(act.twin, data)
            act.ledger("administer", "source-registry", sorted(data), data_digest(data))
        else:
            registry = SourceRegistry.for_tenant(act.twin)
    emit(registry.to_dict(), indent=2)


# -- conflicts --------------------------------------------------------------------------------------------


@click.group("conflicts", invoke_without_command=True)
@_store_options
@user_option
@click.pass_context
def conflicts(ctx: click.Context, url: str, tenant: str, user: str | None) -> None:
    """Conflicts between candidate and authoritative values; without a subcommand: open ones."""
    _pass_store_options(ctx, url, tenant, user)
    if ctx.invoked_subcommand is None:
        ctx.invoke(conflicts_list, url=url, tenant=tenant, user=user, status="open")


@conflicts.command("list")
@_store_options
@user_option
@click.option("--dataset", help="The candidate's dataset or source.")
@click.option("--type", "entity_type", help="Entity type.")
@click.option("--attribute", help="Attribute name.")
@click.option("--status", type=click.Choice(["open", "resolved"]), help="Only open or resolved ones.")
@clean_errors
def conflicts_list(
    *,
    url: str = DEFAULT_DB,
    tenant: str = "",
    dataset: str | None = None,
    entity_type: str | None = None,
    attribute: str | None = None,
    status: str | None = None,
    user: str | None = None,
) -> None:
    """One JSON line per conflict the subject may see, oldest first."""
    from citytwin.governance.conflicts import Conflicts

    with acting(url, tenant, user, "read") as act:
        found = visible_conflicts(
            act,
            Conflicts(act.twin).list(
                dataset=dataset, entity_type=entity_type, attribute=attribute, status=status
            ),
        )
    for item in found:
        emit(
            {
                "id": item.id,
                "status": item.status,
                "entityId": item.entity_id,
                "attribute": item.attribute,
                "source": item.source,
                "authority": item.authority,
                "candidateValue": item.candidate_value,
                "authoritativeValue": item.authoritative_value,
                "difference": item.difference,
                "measure": item.measure,
            }
        )
    click.echo(f"{len(found)} conflict(s)", err=True)


@conflicts.command("show")
@_store_options
@user_option
@click.argument("conflict_id")
@clean_errors
def conflicts_show(url: str, tenant: str, user: str | None, conflict_id: str) -> None:
    """Print one conflict as JSON."""
    with acting(url, tenant, user, "read") as act:
        emit(visible_conflict(act, conflict_id).to_dict(), indent=2)


@conflicts.command("resolve")
@_store_options
@user_option
@click.argument("conflict_id")
@click.option("--keep", required=True, type=click.Choice(["authoritative", "candidate"]))
@click.option("--by", "by", default=None, help="The steward resolving it (default: $USER).")
@click.option("--note", default=None, help="Why.")
@clean_errors
def conflicts_resolve(
    *,
    url: str,
    tenant: str,
    user: str | None,
    conflict_id: str,
    keep: str,
    by: str | None,
    note: str | None,
) -> None:
    """Resolve a conflict, keeping the authoritative value or writing the candidate into the twin (the
    subject must be allowed to change that attribute of that entity; ledgered)."""
    steward = by or os.environ.get("USER") or os.environ.get("USERNAME") or ""
    with acting(url, tenant, user, "read") as act:
        resolved = resolve_conflict(act, conflict_id, keep=keep, by=steward, note=note)
    emit({"id": resolved.id, "status": resolved.status, "resolution": resolved.resolution})


# -- lineage and graph ------------------------------------------------------------------------------------


@contextmanager
def _reading(url: str, tenant: str, user: str | None) -> Iterator[TenantStore]:
    """The tenant as the command's subject reads it (the same decisions, masking and ledger as the API)."""
    from citytwin.governance.cli_session import CliSession

    with (
        acting(url, tenant, user, "read") as act,
        CliSession(act.store, act.settings, act.subject) as session,
    ):
        yield session.reader(tenant)


@click.command("lineage")
@_store_options
@user_option
@click.argument("entity_id")
@clean_errors
def lineage(url: str, tenant: str, entity_id: str, user: str | None = None) -> None:
    """Which imports produced ENTITY_ID: provenance per attribute, candidates and import batches (JSON)."""
    from citytwin.governance.lineage import Lineage

    with _reading(url, tenant, user) as twin:
        report, _ = Lineage(twin).trace(entity_id)
    emit(report, indent=2)


@click.command("graph")
@_store_options
@click.argument("entity_id")
@click.option(
    "--depth", default=2, show_default=True, type=click.IntRange(0, 6), help="Hops from the entity."
)
@click.option(
    "--direction",
    default="both",
    show_default=True,
    type=click.Choice(["out", "in", "both"]),
    help="out: follow relationships; in: who points here.",
)
@click.option("--limit", default=500, show_default=True, type=click.IntRange(1, 100_000), help="Most nodes.")
@click.option("--rel", "rels", multiple=True, help="Extra relationship name to follow inwards (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Nodes and edges as JSON instead of a tree.")
@user_option
@clean_errors
def graph(
    *,
    url: str,
    tenant: str,
    user: str | None = None,
    entity_id: str,
    depth: int,
    direction: str,
    limit: int,
    rels: tuple[str, ...],
    as_json: bool,
) -> None:
    """The relationship graph (关联映射图谱) around ENTITY_ID, as a tree (or JSON)."""
    from citytwin.governance.graph import relationship_graph

    with _reading(url, tenant, user) as twin:
        found = relationship_graph(
            twin,
            entity_id,
            depth=depth,
            direction="out" if direction == "out" else "in" if direction == "in" else "both",
            max_nodes=limit,
            relationships=rels,
        )
    if as_json:
        emit(found.to_dict())
        return
    for line in found.tree():
        click.echo(line)
    click.echo(f"{len(found.nodes)} node(s), {len(found.edges)} edge(s)", err=True)


COMMANDS = (catalog, conflicts, lineage, graph)
"""What :mod:`citytwin.cli` registers."""
