"""What the governance commands share: the ``--db`` option, opening the store, JSON output, reading a YAML or
JSON document, and the local operator who acts while authentication is off (docs/security.md; who may run
an administration command is :mod:`.cli_admin`'s concern).

Used by ``citytwin ledger|users|keys|policy`` (:mod:`.cli_security`), ``citytwin keys encryption``
(:mod:`.cli_encryption`), ``citytwin users password`` (:mod:`.cli_passwords`), ``citytwin share``
(:mod:`.sharing_cli`) and ``citytwin catalog|conflicts …`` (:mod:`.cli`, :mod:`.cli_acting`).
"""

from __future__ import annotations

import getpass
import json
import socket
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from citytwin.core.policy import Subject
from citytwin.errors import BadRequestData
from citytwin.settings import DEFAULT_DB
from citytwin.storage.base import Store

F = TypeVar("F", bound=Callable[..., Any])
OPERATOR_KIND = "cli"


def db_option(func: F) -> F:
    """The ``--db URL`` option (``CITYTWIN_DB``), passed to the command as ``url``."""
    return click.option(
        "--db",
        "url",
        envvar="CITYTWIN_DB",
        default=DEFAULT_DB,
        show_default=True,
        help="sqlite:///path.db or postgresql://user@host:port/db",
    )(func)


@contextmanager
def cli_store(url: str) -> Iterator[Store]:
    """The store at ``url``, migrated (an embedded database's folder is created first), closed after."""
    from citytwin.storage.registry import open_store

    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///").split("?")[0]).parent.mkdir(parents=True, exist_ok=True)
    with open_store(url) as store:
        yield store


def emit(obj: Any, indent: int | None = None) -> None:
    """One JSON document on stdout."""
    click.echo(json.dumps(obj, ensure_ascii=False, indent=indent))


def read_document(path: str) -> Any:
    """A YAML or JSON file's content (``.json``: JSON; otherwise YAML, which reads JSON too)."""
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise BadRequestData(f"cannot read {path}: {err.strerror}") from None
    try:
        return json.loads(text) if path.endswith(".json") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as err:
        kind = "JSON" if path.endswith(".json") else "YAML"
        raise BadRequestData(f"{path} is not valid {kind}: {err}") from None


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def local_operator() -> Subject:
    """The identity of command-line processes while authentication is off: ``cli:<user>@<host>``."""
    return Subject(f"{_os_user()}@{socket.gethostname()}", OPERATOR_KIND, frozenset({"administrator"}))


def ledger_change(
    store: Store,
    action: str,
    resource: str,
    attributes: Iterable[str] = (),
    *,
    actor: str | None = None,
    purpose: str = "",
    tenant: str = "",
    digest: str = "",
) -> None:
    """Ledger a change made from the command line (accounts, keys, policy, catalog records) as ``actor`` (the
    local operator when not given; see :mod:`.cli_admin`)."""
    from citytwin.core.ledger import LedgerEntry
    from citytwin.core.timeutil import to_micros, utc_now
    from citytwin.governance.ledger_store import Ledger

    entry = LedgerEntry(
        at_us=to_micros(utc_now()),
        actor=actor or local_operator().actor,
        action=action,
        resource=resource,
        attributes=tuple(attributes),
        purpose=purpose,
        tenant=tenant,
        digest=digest,
    )
    Ledger(store).append([entry])
