"""``citytwin keys encryption``: key files for encryption at rest, rotation, key usage, retiring old keys.

Registered under ``citytwin keys`` (:mod:`citytwin.governance.cli_security`). JSON goes to stdout, progress to
stderr. The key file is ``--keys`` or ``CITYTWIN_ENCRYPTION_KEYS``; it is written with mode 0600 and never
inside a repository (``--force`` to override, for throw-away setups only). The commands that open the store
act as ``--user`` / ``CITYTWIN_TOKEN``'s account (an administrator when authentication is on,
:mod:`.cli_admin`); rotations, re-encryptions and retirements are ledgered (``administer``, resource
``encryption-key:<kid>``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from citytwin.clierrors import clean_errors
from citytwin.governance.cli_admin import acting_admin, user_option
from citytwin.governance.cli_common import cli_store, db_option, emit, ledger_change
from citytwin.settings import EncryptionSettings

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_KEY_FILE = Path("~/.config/citytwin/encryption-keys.json")


def _keys(func: F) -> F:
    return click.option(
        "--keys",
        "key_file",
        envvar="CITYTWIN_ENCRYPTION_KEYS",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="The key file (default: CITYTWIN_ENCRYPTION_KEYS).",
    )(func)


def _progress(quiet: bool) -> Callable[[str, int], None] | None:
    if quiet:
        return None

    def show(what: str, done: int) -> None:
        click.echo(f"{what}: {done:,}", err=True)

    return show


def _actor(url: str, user: str | None) -> str:
    """The acting administrator's ledger actor, checked before anything is changed."""
    with cli_store(url) as store:
        return acting_admin(store, user).actor


def _settings(key_file: Path) -> EncryptionSettings:
    """The environment's settings with ``key_file`` as the key ring (and no single key)."""
    return EncryptionSettings().model_copy(update={"keys": key_file, "key": None})


@click.group("encryption")
def encryption() -> None:
    """Encryption at rest: key files, rotation, key usage (docs/security.md, "Encryption at rest")."""


@encryption.command("new")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=str(DEFAULT_KEY_FILE),
    show_default=True,
    help="Where to write the key file (must not exist).",
)
@click.option(
    "--include-env-key",
    is_flag=True,
    help="Keep CITYTWIN_ENCRYPTION_KEY in the file (not active), to move from a single key to a key file.",
)
@click.option("--force", is_flag=True, help="Write even inside a repository.")
@clean_errors
def encryption_new(out: Path, include_env_key: bool, force: bool) -> None:
    """Create a key file holding one fresh active key (mode 0600)."""
    from citytwin.core.fieldcrypt import decode_secret, fingerprint
    from citytwin.governance.encryption_config import new_key_document, write_key_file

    path = out.expanduser()
    if path.exists():
        raise click.ClickException(f"{path} exists: rotate it (citytwin keys encryption rotate) instead")
    document = new_key_document()
    if include_env_key:
        secret = EncryptionSettings().key
        if secret is None:
            raise click.ClickException("--include-env-key: CITYTWIN_ENCRYPTION_KEY is not set")
        text = secret.get_secret_value().strip()
        document["keys"][fingerprint(decode_secret(text, "CITYTWIN_ENCRYPTION_KEY"))] = text
    write_key_file(path, document, allow_repository=force)
    click.echo(f"set CITYTWIN_ENCRYPTION_KEYS={path} for every citytwin process", err=True)
    emit({"file": str(path), "active": document["active"], "keys": sorted(document["keys"])})


@encryption.command("rotate")
@db_option
@_keys
@click.option("--no-reencrypt", is_flag=True, help="Only add the new active key; re-encrypt later.")
@click.option("--force", is_flag=True, help="Write the key file even inside a repository.")
@click.option("--quiet", is_flag=True, help="No progress on stderr.")
@user_option
@clean_errors
def encryption_rotate(  # noqa: PLR0917 (one parameter per CLI option)
    url: str, key_file: Path, no_reencrypt: bool, force: bool, quiet: bool, user: str | None
) -> None:
    """Add a fresh active key to the key file, then re-encrypt every stored value with it.

    Old keys stay in the file and keep decrypting. Restart running servers so they encrypt with the new key,
    then run ``reencrypt`` once more for what they wrote meanwhile; ``status`` shows what still uses old keys.
    """
    from citytwin.governance.encryption_config import add_active_key, read_key_document, write_key_file

    actor = _actor(url, user)
    path = key_file.expanduser()
    document, kid = add_active_key(read_key_document(path))
    write_key_file(path, document, allow_repository=force)
    click.echo(f"new active key {kid} written to {path}", err=True)
    if no_reencrypt:
        with cli_store(url) as store:
            ledger_change(store, "administer", f"encryption-key:{kid}", ["rotate"], actor=actor)
        emit({"active": kid})
        return
    emit(_reencrypt(url, path, quiet, user, ["rotate", "reencrypt"]))


@encryption.command("reencrypt")
@db_option
@_keys
@click.option("--quiet", is_flag=True, help="No progress on stderr.")
@user_option
@clean_errors
def encryption_reencrypt(url: str, key_file: Path, quiet: bool, user: str | None) -> None:
    """Re-encrypt what does not use the active key yet, and encrypt sensitive values still in clear
    (idempotent: resumes a rotation that stopped, or encrypts an existing database)."""
    emit(_reencrypt(url, key_file.expanduser(), quiet, user, ["reencrypt"]))


def _reencrypt(url: str, path: Path, quiet: bool, user: str | None, what: list[str]) -> dict[str, Any]:
    from citytwin.governance.encryption_config import field_encryption
    from citytwin.governance.encryption_rotate import reencrypt
    from citytwin.storage.registry import open_store

    settings = _settings(path)
    encryption = field_encryption(settings)
    assert encryption is not None
    assert encryption.ring is not None
    with open_store(url, encryption=settings) as store:
        admin = acting_admin(store, user)
        done = reencrypt(store, encryption, progress=_progress(quiet)).to_dict()
        admin.ledger(f"encryption-key:{encryption.ring.active}", what)
        return done


@encryption.command("status")
@db_option
@_keys
@user_option
@clean_errors
def encryption_status(url: str, key_file: Path, user: str | None) -> None:
    """Stored values per key id (and sensitive values still in clear), in entities and history."""
    from citytwin.governance.encryption_config import field_encryption
    from citytwin.governance.encryption_rotate import key_usage
    from citytwin.storage.registry import open_store

    settings = _settings(key_file.expanduser())
    encryption = field_encryption(settings)
    assert encryption is not None and encryption.ring is not None
    with open_store(url, encryption=settings) as store:
        acting_admin(store, user)
        usage = key_usage(store, encryption)
    emit({"active": encryption.ring.active, "keys": sorted(encryption.ring.keys), **usage.to_dict()})


@encryption.command("retire")
@db_option
@_keys
@click.argument("kid")
@click.option("--force", is_flag=True, help="Retire even though stored values still use the key.")
@user_option
@clean_errors
def encryption_retire(url: str, key_file: Path, kid: str, force: bool, user: str | None) -> None:
    """Remove the old key KID from the key file once no stored value uses it."""
    from citytwin.governance.encryption_config import (
        field_encryption,
        read_key_document,
        retire_key,
        write_key_file,
    )
    from citytwin.governance.encryption_rotate import key_usage
    from citytwin.storage.registry import open_store

    path = key_file.expanduser()
    settings = _settings(path)
    encryption = field_encryption(settings)
    assert encryption is not None
    document = retire_key(read_key_document(path), kid)
    with open_store(url, encryption=settings) as store:
        admin = acting_admin(store, user)
        still = key_usage(store, encryption).uses(kid)
        if still and not force:
            raise click.ClickException(f"{still:,} stored values still use {kid}: run reencrypt first")
        write_key_file(path, document, allow_repository=True)
        admin.ledger(f"encryption-key:{kid}", ["retired"])
    emit({"retired": kid, "keys": sorted(document["keys"]), "stillUsing": still})
