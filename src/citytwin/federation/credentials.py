"""Who this broker is at each context source, and whose request it forwards.

The operator configures a credential per registration (or per endpoint) in a file named by
``CITYTWIN_FEDERATION_CREDENTIALS`` (YAML or JSON, kept outside the repository, mode 0600)::

    sources:
      - registration: urn:ngsi-ld:ContextSourceRegistration:futian   # or endpoint: https://futian.example
        tenant: ""            # optional: only for this tenant's registration
        api_key: ctk_...      # sent as X-API-Key
        # bearer: eyJ...      # sent as Authorization: Bearer ...
        # headers: {X-Gateway-Key: ...}
        forward_caller: false # true: send the caller's own Authorization / X-API-Key (same identity provider)

Every forwarded request carries the caller's identity for the source's audit trail — ``X-Request-ID``
(the request's id, so the two ledgers can be joined), ``X-Purpose`` and ``X-Citytwin-On-Behalf-Of``
(``user:alice``; informative: the source grants what the *credential* may do) — and the registration's
credential. The caller's own bearer token or API key is never sent to a source unless its entry says
``forward_caller: true``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from citytwin.errors import BadRequestData
from citytwin.federation.registration import Registration

ON_BEHALF_OF = "X-Citytwin-On-Behalf-Of"
PER_REQUEST = frozenset({"X-Request-ID", "X-Purpose"})
"""Identity headers that change with every request (left out of the answer cache's key)."""
_KEYS = frozenset({"registration", "endpoint", "tenant", "api_key", "bearer", "headers", "forward_caller"})


@dataclass(frozen=True, slots=True)
class Caller:
    """The request being answered: its actor, id, purpose and the credentials it came with."""

    actor: str
    request_id: str = ""
    purpose: str = ""
    authorization: str | None = None
    api_key: str | None = None


@dataclass(frozen=True, slots=True)
class SourceCredential:
    """How this broker authenticates at one source."""

    registration: str | None = None
    endpoint: str | None = None
    tenant: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    forward_caller: bool = False

    def matches(self, reg: Registration, tenant: str) -> bool:
        """Whether this entry is for ``reg`` (of ``tenant``)."""
        if self.tenant is not None and self.tenant != tenant:
            return False
        if self.registration is not None:
            return self.registration == reg.id
        return self.endpoint is not None and reg.endpoint.rstrip("/").startswith(self.endpoint.rstrip("/"))


def _entry(raw: Any, index: int) -> SourceCredential:
    where = f"federation credentials, source #{index + 1}"
    if not isinstance(raw, Mapping):
        raise BadRequestData(f"{where}: must be a mapping")
    unknown = set(raw) - _KEYS
    if unknown:
        raise BadRequestData(f"{where}: unknown member(s) {sorted(unknown)}; known: {sorted(_KEYS)}")
    if not raw.get("registration") and not raw.get("endpoint"):
        raise BadRequestData(f"{where}: name a registration id or an endpoint")
    headers: dict[str, str] = {}
    extra = raw.get("headers") or {}
    if not isinstance(extra, Mapping) or not all(isinstance(v, str) for v in extra.values()):
        raise BadRequestData(f"{where}: headers must map names to strings")
    headers.update({str(k): v for k, v in extra.items()})
    if raw.get("api_key"):
        headers["X-API-Key"] = str(raw["api_key"])
    if raw.get("bearer"):
        headers["Authorization"] = f"Bearer {raw['bearer']}"
    tenant = raw.get("tenant")
    return SourceCredential(
        registration=str(raw["registration"]) if raw.get("registration") else None,
        endpoint=str(raw["endpoint"]) if raw.get("endpoint") else None,
        tenant=None if tenant is None else str(tenant),
        headers=tuple(headers.items()),
        forward_caller=bool(raw.get("forward_caller", False)),
    )


class Credentials:
    """The configured credentials, looked up per registration (first matching entry wins)."""

    def __init__(self, entries: tuple[SourceCredential, ...] = ()) -> None:
        self.entries = entries

    @classmethod
    def load(cls, path: Path) -> Credentials:
        """Read the credentials file (BadRequestData naming what is wrong)."""
        try:
            raw = yaml.safe_load(path.expanduser().read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as err:
            raise BadRequestData(f"cannot read the federation credentials {path}: {err}") from None
        sources = raw.get("sources") if isinstance(raw, Mapping) else None
        if not isinstance(sources, list):
            raise BadRequestData(f"federation credentials {path}: expected a mapping with a 'sources' list")
        return cls(tuple(_entry(item, i) for i, item in enumerate(sources)))

    def find(self, reg: Registration, tenant: str) -> SourceCredential | None:
        """The entry for ``reg``, if any."""
        return next((e for e in self.entries if e.matches(reg, tenant)), None)

    def headers(self, reg: Registration, tenant: str, caller: Caller | None) -> dict[str, str]:
        """What a request forwarded to ``reg`` on behalf of ``caller`` carries besides NGSI-LD headers."""
        out: dict[str, str] = {}
        if caller is not None:
            out[ON_BEHALF_OF] = caller.actor
            if caller.request_id:
                out["X-Request-ID"] = caller.request_id
            if caller.purpose:
                out["X-Purpose"] = caller.purpose
        found = self.find(reg, tenant)
        if found is None:
            return out
        out.update(found.headers)
        if found.forward_caller and caller is not None:
            if caller.authorization:
                out["Authorization"] = caller.authorization
            if caller.api_key:
                out["X-API-Key"] = caller.api_key
        return out
