"""``citytwin share``: share agreements from the command line (docs/sharing.md).

Registered in :mod:`citytwin.cli`. JSON goes to stdout (one object per line for lists); platform errors print
one ``error: ...`` line and exit 2. Every command acts as ``--user`` / ``CITYTWIN_TOKEN``'s account, which
must be allowed to administer when authentication is on (:mod:`.cli_admin`; the local operator
``cli:<user>@<host>`` while it is off). Changes are ledgered (``administer``) with that actor; running servers
on the same store adopt them within a few seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from citytwin.clierrors import clean_errors
from citytwin.core.ledger import LedgerEntry
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.governance.cli_admin import acting_admin, user_option
from citytwin.governance.cli_common import cli_store, db_option, emit, read_document
from citytwin.governance.sharing import Agreements, ShareAgreement
from citytwin.settings import Settings
from citytwin.storage.base import Store

if TYPE_CHECKING:
    from citytwin.governance.sharing_policy import SharingPolicies


def _recorder(store: Store) -> Callable[[LedgerEntry], None]:
    from citytwin.governance.ledger_store import Ledger

    ledger = Ledger(store)

    def record(entry: LedgerEntry) -> None:
        ledger.append([entry])

    return record


def _policies(store: Store) -> SharingPolicies:
    from citytwin.governance.enforce_policy import load_file
    from citytwin.governance.sharing_policy import SharingPolicies

    settings = Settings()
    initial = load_file(settings.policy_file) if settings.policy_file else None
    return SharingPolicies(store, initial=initial)


@click.group()
def share() -> None:
    """Share agreements: who may use which data, how, why and until when (docs/sharing.md)."""


@share.command("list")
@db_option
@user_option
@click.option("--state", type=click.Choice(["active", "pending", "expired", "revoked"]), default=None)
@clean_errors
def share_list(url: str, state: str | None, user: str | None) -> None:
    """Every agreement (one JSON object per line)."""
    with cli_store(url) as store:
        acting_admin(store, user)
        repo = Agreements(store)
        now = repo.clock()
        for found in repo.all():
            if state is None or found.state(now) == state:
                emit(found.to_dict(now))


@share.command("show")
@db_option
@user_option
@click.argument("agreement_id")
@clean_errors
def share_show(url: str, agreement_id: str, user: str | None) -> None:
    """One agreement."""
    with cli_store(url) as store:
        acting_admin(store, user)
        repo = Agreements(store)
        emit(repo.get(agreement_id).to_dict(repo.clock()))


@share.command("put")
@db_option
@user_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--create", is_flag=True, help="Refuse to replace an existing agreement.")
@clean_errors
def share_put(url: str, file: str, create: bool, user: str | None) -> None:
    """Create or replace the agreement in FILE (YAML or JSON)."""
    agreement = ShareAgreement.from_dict(read_document(file))
    with cli_store(url) as store:
        admin = acting_admin(store, user)
        repo = Agreements(store, record=_recorder(store))
        classification = _policies(store).document_policy.classification
        stored, created = repo.put(agreement, actor=admin.actor, classification=classification, create=create)
        emit({**stored.to_dict(repo.clock()), "created": created})


@share.command("revoke")
@db_option
@user_option
@click.argument("agreement_id")
@clean_errors
def share_revoke(url: str, agreement_id: str, user: str | None) -> None:
    """Revoke an agreement now (kept for audit); its subscriptions are removed."""
    from citytwin.stream.demand import SUBSCRIPTION_KIND

    with cli_store(url) as store:
        admin = acting_admin(store, user)
        repo = Agreements(store, record=_recorder(store))
        found = repo.revoke(agreement_id, actor=admin.actor)
        for sub_id in found.subscriptions:
            try:
                store.tenant(found.provider).delete_document(SUBSCRIPTION_KIND, sub_id)
            except ResourceNotFound:
                continue
        emit(found.to_dict(repo.clock()))


@share.command("delete")
@db_option
@user_option
@click.argument("agreement_id")
@clean_errors
def share_delete(url: str, agreement_id: str, user: str | None) -> None:
    """Delete an agreement (its ledger records stay)."""
    with cli_store(url) as store:
        admin = acting_admin(store, user)
        Agreements(store, record=_recorder(store)).delete(agreement_id, actor=admin.actor)
    emit({"deleted": agreement_id})


@share.command("export")
@db_option
@user_option
@click.argument("agreement_id")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None, help="Export folder.")
@click.option("--format", "formats", multiple=True, type=click.Choice(["gpkg", "csv", "ndjson"]))
@clean_errors
def share_export(
    url: str, agreement_id: str, out_dir: str | None, formats: tuple[str, ...], user: str | None
) -> None:
    """Export what AGREEMENT_ID shares now (counted and ledgered like a scheduled export)."""
    from citytwin.governance.sharing_export import run_export
    from citytwin.governance.sharing_monitor import UsageMonitor

    target = Path(out_dir) if out_dir else Settings().share_export_dir
    with cli_store(url) as store:
        admin = acting_admin(store, user)
        record = _recorder(store)
        agreement = Agreements(store).get(agreement_id)
        monitor = UsageMonitor(store, record=record)
        result = run_export(
            store,
            _policies(store),
            agreement,
            target,
            actor=admin.actor,
            monitor=monitor,
            formats=formats or None,
        )
        monitor.flush()
    emit({**result.to_dict(), "folder": str(target / agreement_id)})


@share.command("sync")
@db_option
@user_option
@click.argument("agreement_id")
@clean_errors
def share_sync(url: str, agreement_id: str, user: str | None) -> None:
    """Run a backflow batch of AGREEMENT_ID now (a server running it in real time needs none)."""
    from citytwin.governance.sharing_backflow import Backflow
    from citytwin.governance.sharing_monitor import UsageMonitor

    with cli_store(url) as store:
        admin = acting_admin(store, user)
        agreement = Agreements(store).get(agreement_id)
        if not agreement.in_force(Agreements(store).clock()):
            raise ResourceNotFound(f"share agreement {agreement_id} is not in force")
        monitor = UsageMonitor(store, record=_recorder(store))
        report = Backflow(store, _policies(store), agreement, monitor=monitor).sync(actor=admin.actor)
        monitor.flush()
    emit(report.to_dict())


@share.command("changes")
@db_option
@user_option
@click.argument("agreement_id")
@clean_errors
def share_changes(url: str, agreement_id: str, user: str | None) -> None:
    """Copies of a backflow agreement changed at the district since they were copied (one per line)."""
    from citytwin.governance.sharing_backflow import Backflow

    with cli_store(url) as store:
        acting_admin(store, user)
        agreement = Agreements(store).get(agreement_id)
        for item in Backflow(store, _policies(store), agreement).diverged():
            emit(item)


@share.command("usage")
@db_option
@user_option
@click.argument("agreement_id", required=False)
@click.option("--consumer", default=None, help="A consumer key (department:…, tenant:…, user:…).")
@clean_errors
def share_usage(url: str, agreement_id: str | None, consumer: str | None, user: str | None) -> None:
    """Counters of one agreement, or of one consumer's agreements."""
    from citytwin.governance.sharing_monitor import UsageMonitor

    if (agreement_id is None) == (consumer is None):
        raise BadRequestData("name an agreement or --consumer")
    with cli_store(url) as store:
        acting_admin(store, user)
        repo = Agreements(store)
        monitor = UsageMonitor(store)
        if agreement_id is not None:
            emit(monitor.usage(repo.get(agreement_id)))
        else:
            assert consumer is not None
            emit(monitor.consumer_usage(consumer, repo.all()))


COMMANDS = (share,)
"""What :mod:`citytwin.cli` registers."""
