"""``citytwin ledger``, ``citytwin users``, ``citytwin keys`` and ``citytwin policy``.

Registered in :mod:`citytwin.cli`. JSON goes to stdout, progress to stderr; platform errors print one
``error: ...`` line and exit 2. ``citytwin ledger verify`` exits 1 when it finds tampering and names the first
tampered record. Settings (anchor file, signing key, token lifetime) come from ``CITYTWIN_*`` variables.
Every command that opens the store acts as ``--user`` / ``CITYTWIN_TOKEN``'s account, which must be allowed to
administer when authentication is on (:mod:`.cli_admin`); changes are ledgered with that account as actor.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from citytwin.clierrors import clean_errors
from citytwin.governance.cli_admin import READ_GOVERNANCE, acting_admin, user_option
from citytwin.governance.cli_common import cli_store, db_option, emit
from citytwin.settings import Settings


def _settings(anchor: str | None = None) -> Settings:
    settings = Settings()
    return settings.model_copy(update={"ledger_anchor_file": Path(anchor)}) if anchor else settings


# -- ledger --------------------------------------------------------------------------------------------------


@click.group()
def ledger() -> None:
    """The tamper-evident ledger: verify, prove, list, seal, anchor (docs/ledger.md)."""


_ANCHOR = click.option(
    "--anchor", default=None, envvar="CITYTWIN_LEDGER_ANCHOR_FILE", help="File anchor of sealed block hashes."
)


@ledger.command("verify")
@db_option
@_ANCHOR
@user_option
@click.option("--quiet", is_flag=True, help="No progress on stderr.")
@clean_errors
def ledger_verify(url: str, anchor: str | None, user: str | None, quiet: bool) -> None:
    """Recompute every record hash, Merkle root and link; report the first tampered record (exit 1)."""
    from citytwin.governance.enforce_runtime import ledger_of

    def progress(done: int, total: int) -> None:
        if not quiet:
            click.echo(f"verified {done:,} / {total:,} records", err=True)

    with cli_store(url) as store:
        acting_admin(store, user, actions=READ_GOVERNANCE)
        report = ledger_of(store, _settings(anchor)).verify(progress=progress)
    emit(report.to_dict())
    if not report.ok:
        click.echo(f"TAMPERED: first tampered record {report.first_tampered}", err=True)
        sys.exit(1)


@ledger.command("proof")
@db_option
@_ANCHOR
@user_option
@click.argument("record_id", type=click.IntRange(1))
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Write the proof to this file.")
@clean_errors
def ledger_proof(url: str, anchor: str | None, user: str | None, record_id: int, out: str | None) -> None:
    """Export the inclusion proof of RECORD_ID (JSON) that a third party checks with docs/ledger.md."""
    from citytwin.governance.enforce_runtime import ledger_of

    with cli_store(url) as store:
        acting_admin(store, user, actions=READ_GOVERNANCE)
        proof = ledger_of(store, _settings(anchor)).proof(record_id).to_dict()
    if out:
        Path(out).write_text(json.dumps(proof, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        click.echo(f"wrote {out}", err=True)
    else:
        emit(proof, indent=2)


@ledger.command("check-proof")
@click.argument("proof_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--block-hash", default=None, help="The block hash obtained independently (an anchor).")
@clean_errors
def ledger_check_proof(proof_file: str, block_hash: str | None) -> None:
    """Check an exported proof offline (no database); exit 1 when it does not hold."""
    from citytwin.core.ledger import verify_proof

    try:
        proof = json.loads(Path(proof_file).read_text(encoding="utf-8"))
    except ValueError as err:
        raise click.ClickException(f"{proof_file} is not JSON: {err}") from None
    trusted = block_hash
    if trusted is None:
        anchored = [a.get("hash") for a in proof.get("anchors", []) if isinstance(a, dict)]
        trusted = anchored[0] if anchored else None
    check = verify_proof(proof, trusted_block_hash=trusted)
    emit(
        {
            "valid": check.valid,
            "reason": check.reason,
            "blockHash": check.block_hash,
            "anchored": bool(trusted),
        }
    )
    if not check.valid:
        sys.exit(1)


@ledger.command("list")
@db_option
@click.option("--after", default=0, type=click.IntRange(0), help="Records after this seq.")
@click.option("--limit", default=100, type=click.IntRange(1), show_default=True)
@click.option("--actor", default=None, help="Only this actor (kind:id).")
@click.option("--resource", default=None, help="Only this resource (an entity id ...).")
@click.option("--action", default=None, help="Only this action (create, update, delete, read, ...).")
@user_option
@clean_errors
def ledger_list(
    *,
    url: str,
    after: int,
    limit: int,
    actor: str | None,
    resource: str | None,
    action: str | None,
    user: str | None,
) -> None:
    """Ledger records, one JSON object per line."""
    from citytwin.governance.ledger_store import Ledger

    wanted = {k: v for k, v in (("actor", actor), ("resource", resource), ("action", action)) if v}
    shown = 0
    with cli_store(url) as store:
        acting_admin(store, user, actions=READ_GOVERNANCE)
        for record in Ledger(store).iter_records(after):
            data = record.to_dict()
            if all(data[k] == v for k, v in wanted.items()):
                emit(data)
                shown += 1
                if shown >= limit:
                    break


@ledger.command("seal")
@db_option
@_ANCHOR
@user_option
@clean_errors
def ledger_seal(url: str, anchor: str | None, user: str | None) -> None:
    """Seal the records not yet in a block into one now (and anchor it)."""
    from citytwin.governance.enforce_runtime import ledger_of

    with cli_store(url) as store:
        acting_admin(store, user)
        block = ledger_of(store, _settings(anchor)).seal()
    emit(block.to_dict() if block is not None else {"sealed": None})


@ledger.command("anchor")
@db_option
@_ANCHOR
@user_option
@clean_errors
def ledger_anchor(url: str, anchor: str | None, user: str | None) -> None:
    """Publish sealed blocks the anchor does not hold yet (after an anchor outage)."""
    from citytwin.governance.enforce_runtime import ledger_of

    with cli_store(url) as store:
        acting_admin(store, user)
        found = ledger_of(store, _settings(anchor))
        if not found.anchors:
            raise click.ClickException("no anchor: give --anchor FILE or set CITYTWIN_LEDGER_ANCHOR_FILE")
        emit({"published": found.anchor_pending()})


# -- users and keys -----------------------------------------------------------------------------------------


@click.group()
def users() -> None:
    """Local accounts (embedded mode): add, list, disable, issue tokens."""


@users.command("add")
@db_option
@click.argument("name")
@click.option("--kind", type=click.Choice(["user", "service", "device"]), default="user", show_default=True)
@click.option("--role", "roles", multiple=True, help="A role (repeat for several): administrator, ...")
@click.option("--department", default=None, help="Department of the account.")
@click.option("--tenant", default=None, help="The district platform (tenant) the account belongs to.")
@click.option("--area", default=None, help="GB/T 2260 code of the account's area of responsibility.")
@user_option
@clean_errors
def users_add(
    *,
    url: str,
    user: str | None,
    name: str,
    kind: str,
    roles: tuple[str, ...],
    department: str | None,
    tenant: str | None,
    area: str | None,
) -> None:
    """Create the account NAME (the first administrator may be created without --user: docs/security.md)."""
    from citytwin.core.policy import Subject
    from citytwin.governance.auth import Accounts

    with cli_store(url) as store:
        future = Subject(name, kind, frozenset(roles), department, tenant, area)
        admin = acting_admin(store, user, bootstrap=future)
        account = Accounts(store).add(
            name, kind=kind, roles=roles, department=department, tenant=tenant, area=area
        )
        admin.ledger(f"account:{name}", sorted(roles))
    emit(account.to_dict())


@users.command("list")
@db_option
@user_option
@clean_errors
def users_list(url: str, user: str | None) -> None:
    """Every account, one JSON object per line."""
    from citytwin.governance.auth import Accounts

    with cli_store(url) as store:
        acting_admin(store, user)
        for account in Accounts(store).all():
            emit(account.to_dict())


@users.command("disable")
@db_option
@click.argument("name")
@click.option("--enable", is_flag=True, help="Enable the account again.")
@user_option
@clean_errors
def users_disable(url: str, name: str, enable: bool, user: str | None) -> None:
    """Disable NAME: its keys and tokens stop working at once (within seconds on running servers)."""
    from citytwin.governance.auth import Accounts

    with cli_store(url) as store:
        admin = acting_admin(store, user)
        account = Accounts(store).set_disabled(name, not enable)
        admin.ledger(f"account:{name}", ["enabled" if enable else "disabled"])
    emit(account.to_dict())


@users.command("token")
@db_option
@click.argument("name")
@click.option("--ttl", default=None, type=click.IntRange(60), help="Lifetime in seconds (default 3600).")
@user_option
@clean_errors
def users_token(url: str, name: str, ttl: int | None, user: str | None) -> None:
    """Issue a bearer token (JWT) for NAME, signed by the local key (CITYTWIN_AUTH_SIGNING_KEY)."""
    from citytwin.governance.auth import Accounts, issue_token, signing_key_path

    settings = Settings()
    with cli_store(url) as store:
        acting_admin(store, user)  # a token is no stored change: not ledgered
        token = issue_token(Accounts(store).get(name), settings, ttl_s=ttl)
    click.echo(f"signed with {signing_key_path(settings)}", err=True)
    click.echo(token)


@click.group()
def keys() -> None:
    """API keys for machines (devices, gateways, department systems)."""


@keys.command("create")
@db_option
@click.argument("account")
@click.option("--label", default="", help="What the key is for.")
@user_option
@clean_errors
def keys_create(url: str, account: str, label: str, user: str | None) -> None:
    """Create an API key for ACCOUNT; the key is printed once and only its hash is kept."""
    from citytwin.governance.auth import Accounts

    with cli_store(url) as store:
        admin = acting_admin(store, user)
        key, record = Accounts(store).create_key(account, label=label)
        admin.ledger(f"apikey:{record['id']}", [account])
    emit({"key": key, **{k: v for k, v in record.items() if k != "hash"}})


@keys.command("revoke")
@db_option
@click.argument("key_id")
@user_option
@clean_errors
def keys_revoke(url: str, key_id: str, user: str | None) -> None:
    """Revoke the key KEY_ID."""
    from citytwin.governance.auth import Accounts

    with cli_store(url) as store:
        admin = acting_admin(store, user)
        record = Accounts(store).revoke_key(key_id)
        admin.ledger(f"apikey:{key_id}", ["revoked"])
    emit({k: v for k, v in record.items() if k != "hash"})


@keys.command("list")
@db_option
@click.option("--account", default=None, help="Only this account's keys.")
@user_option
@clean_errors
def keys_list(url: str, account: str | None, user: str | None) -> None:
    """Key records (never the keys), one JSON object per line."""
    from citytwin.governance.auth import Accounts

    with cli_store(url) as store:
        acting_admin(store, user)
        for record in Accounts(store).keys(account):
            emit(record)


# -- policy -----------------------------------------------------------------------------------------------


@click.group()
def policy() -> None:
    """The access policy: show, validate and load (docs/security.md)."""


@policy.command("show")
@db_option
@user_option
@clean_errors
def policy_show(url: str, user: str | None) -> None:
    """The active policy document and its version."""
    from citytwin.governance.enforce_policy import PolicyRegistry

    with cli_store(url) as store:
        acting_admin(store, user, actions=READ_GOVERNANCE)
        emit(PolicyRegistry(store).document(), indent=2)


@policy.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@clean_errors
def policy_check(file: str) -> None:
    """Validate a policy file without loading it."""
    from citytwin.core.policy import parse_policy
    from citytwin.governance.enforce_policy import load_file

    parsed = parse_policy(load_file(Path(file)))
    emit({"valid": True, "rules": [r.id for r in parsed.rules]})


@policy.command("load")
@db_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@user_option
@clean_errors
def policy_load(url: str, file: str, user: str | None) -> None:
    """Validate FILE and make it the active policy of every server on this store (ledgered)."""
    from citytwin.core.ledger import LedgerEntry
    from citytwin.governance.enforce_policy import PolicyRegistry, load_file

    document = load_file(Path(file))
    with cli_store(url) as store:
        from citytwin.governance.ledger_store import Ledger

        admin = acting_admin(store, user)
        ledger = Ledger(store)

        def record(entry: LedgerEntry) -> None:
            ledger.append([entry])

        registry = PolicyRegistry(store, record=record)
        version = registry.put(document, actor=admin.actor)
    emit({"version": version, "rules": len(document.get("rules", []))})


def _register_encryption() -> None:
    from citytwin.governance.cli_encryption import encryption

    keys.add_command(encryption)  # citytwin keys encryption new|rotate|reencrypt|status|retire


_register_encryption()

COMMANDS = (ledger, users, keys, policy)
