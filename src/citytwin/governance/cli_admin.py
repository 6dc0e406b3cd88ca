"""Who runs an administration command (``citytwin users|keys|policy|share|ledger``) and whether they may.

The same identities as ``import`` / ``export`` (:mod:`.cli_session`): ``--user NAME`` (``CITYTWIN_USER``) or a
bearer token / API key in ``CITYTWIN_TOKEN``. With authentication on (``CITYTWIN_AUTH=1``) a command needs
such a subject, and the active policy must let it ``administer`` (the ledger and policy readers also accept
``export``, like ``GET /governance/ledger``); otherwise it stops with a Forbidden or Unauthorized error
(exit 2) before it changes anything. With authentication off and no identity given, the command acts as the
local operator ``cli:<os user>@<host>``, as before.

**Bootstrap**: while no enabled account may ``administer``, ``citytwin users add NAME --role administrator``
runs without an identity even with authentication on (only to create an account that may administer); its
ledger record carries the purpose ``bootstrap``. From then on that account acts with ``--user NAME``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from citytwin.core.policy import Subject
from citytwin.governance.auth import Accounts
from citytwin.governance.cli_common import ledger_change, local_operator
from citytwin.governance.enforce_context import PermissionDenied
from citytwin.governance.enforce_policy import PolicyRegistry, load_file
from citytwin.settings import Settings
from citytwin.storage.base import Store

F = TypeVar("F", bound=Callable[..., Any])
ADMINISTER = ("administer",)
READ_GOVERNANCE = ("administer", "export")
"""What reading the ledger or the policy needs (as over HTTP)."""
BOOTSTRAP = "bootstrap"
"""The purpose of the ledger record of the first administrator's creation."""


def user_option(func: F) -> F:
    """The ``--user NAME`` option (``CITYTWIN_USER``), passed to the command as ``user``."""
    return click.option(
        "--user",
        envvar="CITYTWIN_USER",
        default=None,
        help="Act as this account (needed with CITYTWIN_AUTH=1, or a token in CITYTWIN_TOKEN).",
    )(func)


@dataclass(frozen=True, slots=True)
class Admin:
    """The subject an administration command acts as; ``bootstrap`` while it creates the first admin."""

    subject: Subject
    store: Store
    bootstrap: bool = False

    @property
    def actor(self) -> str:
        """The ledger actor (``user:alice``, ``cli:root@host``)."""
        return self.subject.actor

    @property
    def purpose(self) -> str:
        """The ledger purpose of this command's changes."""
        return BOOTSTRAP if self.bootstrap else ""

    def ledger(self, resource: str, attributes: Sequence[str] = ()) -> None:
        """Ledger one ``administer`` change made by this command."""
        ledger_change(self.store, "administer", resource, attributes, actor=self.actor, purpose=self.purpose)


def policies(store: Store, settings: Settings) -> PolicyRegistry:
    """The active policy of ``store`` (the policy file's until one is loaded)."""
    initial = load_file(settings.policy_file) if settings.policy_file else None
    return PolicyRegistry(store, initial=initial)


def may(registry: PolicyRegistry, subject: Subject, actions: Sequence[str]) -> bool:
    """Whether the policy lets ``subject`` do any of ``actions`` on the platform."""
    return any(not registry.view(subject, a, "").nothing for a in actions)


def administrators(store: Store, registry: PolicyRegistry) -> list[str]:
    """The enabled accounts the policy lets administer."""
    return [
        a.name for a in Accounts(store).all() if not a.disabled and may(registry, a.subject(), ADMINISTER)
    ]


def acting_admin(
    store: Store,
    user: str | None,
    *,
    actions: Sequence[str] = ADMINISTER,
    bootstrap: Subject | None = None,
) -> Admin:
    """Who this command acts as; Unauthenticated or PermissionDenied unless it may do ``actions``.

    ``bootstrap`` is the account ``users add`` is about to create: with authentication on and no identity
    given, the command may run while no administrator exists, if that account will administer.
    """
    from citytwin.governance.cli_session import cli_subject

    settings = Settings()
    token = os.environ.get("CITYTWIN_TOKEN") or None
    if not user and not token:
        if not settings.auth:
            return Admin(local_operator(), store)
        if bootstrap is not None:
            registry = policies(store, settings)
            if not administrators(store, registry):
                if not may(registry, bootstrap, ADMINISTER):
                    raise PermissionDenied(
                        "no administrator exists yet: the first account created without --user must be "
                        "one that may administer (e.g. --role administrator)"
                    )
                return Admin(local_operator(), store, bootstrap=True)
    subject = cli_subject(store, settings, user=user, token=token)  # Unauthenticated without an identity
    if not may(policies(store, settings), subject, actions):
        raise PermissionDenied(f"{subject.actor} may not {' or '.join(actions)} on this platform")
    return Admin(subject, store)
