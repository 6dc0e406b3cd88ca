"""The active policy: loaded from YAML, changeable at run time, shared by every process of a deployment.

The packaged ``citytwin/data/policies/default.yaml`` (or ``CITYTWIN_POLICY_FILE``) is the starting policy. An
administrator replaces it with :meth:`PolicyRegistry.put` (``citytwin policy load FILE``, ``PUT
/governance/policy``): the document is validated, stored in the store (document kind ``policy``, id
``active``, default tenant) so every process sees it, and the change is ledgered. Processes re-read the stored
version every ``refresh_s`` seconds (:meth:`PolicyRegistry.refresh`, run by a timer in the server).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from citytwin.core.ledger import LedgerEntry
from citytwin.core.policy import PolicySet, Subject, parse_policy
from citytwin.core.policy_view import PolicyView
from citytwin.core.timeutil import Clock, format_instant, to_micros, utc_now
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.storage.base import DEFAULT_TENANT, Store

KIND = "policy"
ACTIVE = "active"
_VIEWS = 20_000
"""Cached views before the cache is emptied (a view per subject, action and tenant)."""


def default_document() -> dict[str, Any]:
    """The packaged default policy."""
    text = files("citytwin.data").joinpath("policies/default.yaml").read_text("utf-8")
    return load_text(text, "default.yaml")


def load_text(text: str, name: str = "policy") -> dict[str, Any]:
    """A policy document from YAML (or JSON) text, validated (BadRequestData naming what is wrong)."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise BadRequestData(f"{name}: not valid YAML: {err}") from None
    if not isinstance(raw, dict):
        raise BadRequestData(f"{name}: a policy document is a mapping with rules")
    parse_policy(raw)  # validate now: a broken policy must never become active
    return raw


def load_file(path: Path) -> dict[str, Any]:
    """A policy document from a YAML file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise BadRequestData(f"cannot read policy file {path}: {err}") from None
    return load_text(text, str(path))


class PolicyRegistry:
    """The active :class:`PolicySet` and the per-subject views built from it."""

    def __init__(
        self,
        store: Store | None,
        *,
        initial: Mapping[str, Any] | None = None,
        clock: Clock = utc_now,
        record: Callable[[LedgerEntry], None] | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.record = record
        self._lock = threading.Lock()
        self._document: dict[str, Any] = dict(initial) if initial is not None else default_document()
        self._stored_version = 0
        self.policy: PolicySet = parse_policy(self._document)
        self._views: dict[tuple[Subject, str, str], PolicyView] = {}
        self.refresh()

    def document(self) -> dict[str, Any]:
        """The active policy document and its stored version (0: the initial one, never replaced)."""
        return {"version": self._stored_version, "document": self._document}

    def view(self, subject: Subject, action: str, tenant: str) -> PolicyView:
        """What ``subject`` may do with ``tenant``'s entities for ``action`` (cached)."""
        key = (subject, action, tenant)
        found = self._views.get(key)
        if found is None:
            found = PolicyView(self.policy, subject, action, tenant)
            if len(self._views) >= _VIEWS:
                self._views = {}
            self._views[key] = found
        return found

    def _activate(self, document: dict[str, Any], version: int) -> None:
        policy = parse_policy(document)
        with self._lock:
            self._document, self._stored_version, self.policy = document, version, policy
            self._views = {}

    def refresh(self) -> bool:
        """Adopt a newer stored policy, if any; True when the active policy changed."""
        if self.store is None:
            return False
        try:
            stored = self.store.tenant(DEFAULT_TENANT).get_document(KIND, ACTIVE)
        except ResourceNotFound:
            return False
        version = int(stored.get("version", 0))
        if version == self._stored_version:
            return False
        self._activate(stored["document"], version)
        return True

    def put(self, document: Mapping[str, Any], *, actor: str, request_id: str = "", purpose: str = "") -> int:
        """Validate, store and activate a new policy; ledgered as an ``administer`` record. Its version."""
        if self.store is None:
            raise BadRequestData("this policy registry has no store to keep a policy in")
        doc = dict(document)
        parse_policy(doc)
        tenant = self.store.tenant(DEFAULT_TENANT)
        try:
            version = int(tenant.get_document(KIND, ACTIVE).get("version", 0)) + 1
        except ResourceNotFound:
            version = 1
        now = self.clock()
        tenant.put_document(
            KIND,
            ACTIVE,
            {"version": version, "document": doc, "updatedBy": actor, "updatedAt": format_instant(now)},
        )
        self._activate(doc, version)
        if self.record is not None:
            from citytwin.governance.ledger_writer import data_digest

            self.record(
                LedgerEntry(
                    at_us=to_micros(now),
                    actor=actor,
                    action="administer",
                    resource=f"policy:{ACTIVE}",
                    attributes=tuple(sorted(r.id for r in self.policy.rules)),
                    purpose=purpose,
                    request_id=request_id,
                    digest=data_digest(doc),
                )
            )
        return version
