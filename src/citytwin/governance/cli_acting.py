"""``citytwin catalog`` and ``citytwin conflicts`` act as a checked subject (docs/security.md).

The same identities as the other commands (:func:`.cli_session.cli_subject`): ``--user NAME``
(``CITYTWIN_USER``) or a token / API key in ``CITYTWIN_TOKEN``; with authentication off and neither given, the
local operator ``cli:<os user>@<host>`` (an administrator). What each command needs in the tenant it names:

* reading the catalog (``list``, ``show``, ``summary``, ``sources``): ``read``;
* changing it (``register``, ``sources --load``): ``administer``, ledgered as ``administer`` records
  (``dataset:<id>``, ``source-registry``) with the subject as actor;
* conflicts (``list``, ``show``): ``read``, and only the conflicts on entities the subject reads with that
  attribute visible in clear (a conflict carries the attribute's values); ``resolve`` needs, on top, that the
  subject may change that attribute of that entity (404 / 403 as over the API); the candidate is written
  through the governed store, so the entity's update is ledgered with the subject as actor, and the
  resolution itself is ledgered as a ``write`` of ``conflict:<id>``.

Anything refused stops with ``error: …`` (exit 2) before anything is changed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from citytwin.core.policy import Subject
from citytwin.core.policy_view import PolicyView
from citytwin.errors import ResourceNotFound
from citytwin.governance.cli_admin import policies
from citytwin.governance.cli_common import cli_store, ledger_change
from citytwin.governance.conflict_access import conflict_seen, conflicts_seen
from citytwin.governance.conflicts import Conflict, Conflicts
from citytwin.governance.enforce_context import PermissionDenied
from citytwin.governance.enforce_policy import PolicyRegistry
from citytwin.settings import Settings
from citytwin.storage.base import Store, TenantStore


@dataclass(slots=True)
class Acting:
    """One command's subject on one tenant of an open store."""

    subject: Subject
    store: Store
    tenant: str
    registry: PolicyRegistry
    settings: Settings

    @property
    def twin(self) -> TenantStore:
        """The tenant's store (the platform's view: callers decide what the subject gets)."""
        return self.store.tenant(self.tenant)

    def view(self, action: str) -> PolicyView:
        """The subject's view of the tenant for ``action``."""
        return self.registry.view(self.subject, action, self.tenant)

    def ledger(self, action: str, resource: str, attributes: Sequence[str] = (), digest: str = "") -> None:
        """Ledger one change this command made, as its subject."""
        ledger_change(
            self.store,
            action,
            resource,
            attributes,
            actor=self.subject.actor,
            tenant=self.tenant,
            digest=digest,
        )


@contextmanager
def acting(url: str, tenant: str, user: str | None, action: str) -> Iterator[Acting]:
    """The store at ``url`` and the command's subject, which must be allowed ``action`` in ``tenant``."""
    from citytwin.governance.cli_session import cli_subject

    settings = Settings()
    token = os.environ.get("CITYTWIN_TOKEN") or None
    with cli_store(url) as store:
        subject = cli_subject(store, settings, user=user, token=token)
        registry = policies(store, settings)
        if registry.view(subject, action, tenant).nothing:
            raise PermissionDenied(f"{subject.actor} may not {action} anything in tenant {tenant!r}")
        yield Acting(subject, store, tenant, registry, settings)


def visible_conflicts(act: Acting, found: Iterable[Conflict]) -> list[Conflict]:
    """The conflicts the command's subject may see."""
    return conflicts_seen(act.view("read"), act.twin, found)


def visible_conflict(act: Acting, conflict_id: str) -> Conflict:
    """One conflict the command's subject may see; the same 404 as a missing one otherwise."""
    return conflict_seen(act.view("read"), act.twin, conflict_id)


def resolve_conflict(act: Acting, conflict_id: str, *, keep: str, by: str, note: str | None) -> Conflict:
    """Resolve a conflict the subject sees and may change (module docstring); ledgered."""
    from citytwin.governance import enforce_writes
    from citytwin.governance.cli_session import CliSession
    from citytwin.governance.ledger_writer import data_digest

    conflict = visible_conflict(act, conflict_id)
    with CliSession(act.store, act.settings, act.subject) as session:
        governed = session.tenant(act.tenant, "write")
        try:
            entity = act.twin.get(conflict.entity_id)
        except ResourceNotFound:
            entity = None
        if entity is not None:
            enforce_writes.check_change(governed, entity, [conflict.attribute])
        elif not (act.view("write").unrestricted and act.view("read").unrestricted):
            raise ResourceNotFound(f"conflict {conflict_id} was not found")
        resolved = Conflicts(governed).resolve(conflict_id, keep=keep, by=by, note=note)
    act.ledger(
        "write",
        f"conflict:{resolved.id}",
        [resolved.attribute],
        digest=data_digest(resolved.to_dict()),
    )
    return resolved
