"""Share agreements (数据共享协议): which slice of a tenant's data a consumer may use, how, why, until when.

A :class:`ShareAgreement` is data: the provider tenant, the consumer (users, departments and/or a district
tenant), the scope (datasets, entity types, attributes, area, grade, what is shown in clear), the modes of use
(``query`` through the NGSI-LD API, ``subscription`` push, periodic ``export`` files, ``backflow`` into the
consumer's tenant), the purpose and the expiry. Agreements are store documents (kind ``share-agreement``,
default tenant) so every process of a deployment sees them, on either backend.

An agreement grants nothing by itself: :meth:`ShareAgreement.rules` turns it into ordinary policy rules bound
to the consumer (``share:<id>``) and to the agreement's own job subject (``share:<id>:job``, for exports and
backflow), which :mod:`citytwin.governance.sharing_policy` adds to the active policy while the agreement is in
force. Expired or revoked agreements yield no rules, so the consumer is back to what the policy alone allows.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Final

from citytwin.core.indicators.model import parse_duration
from citytwin.core.ledger import LedgerEntry
from citytwin.core.policy import Classification, Rule, Subject, parse_rule
from citytwin.core.timeutil import Clock, format_instant, parse_instant, to_micros, utc_now
from citytwin.errors import AlreadyExists, BadRequestData, CitytwinError, ResourceNotFound
from citytwin.storage.base import DEFAULT_TENANT, Store, TenantStore

KIND: Final = "share-agreement"
"""Store document kind of agreements (default tenant)."""
STATE_KIND: Final = "share-state"
VERSION_ID: Final = "agreements"
"""The document whose counter tells other processes that agreements changed."""
MODES: Final = ("query", "subscription", "export", "backflow")
FORMATS: Final = ("gpkg", "csv", "ndjson")
CONFLICTS: Final = ("keep", "source")
"""A copy changed at the district: ``keep`` the district's version, or let the ``source`` overwrite it."""
RULE_PREFIX: Final = "share:"
_ACTIONS: Final = {"query": "read", "subscription": "subscribe", "export": "export"}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,127}$")
_TENANT = re.compile(r"^[A-Za-z0-9_\-.:]{1,64}$")

Record = Callable[[LedgerEntry], None]
SUBSCRIPTION_PREFIX: Final = "urn:ngsi-ld:Subscription:share-"
"""Subscriptions under an agreement are named ``<prefix><agreement>-<12 hex digits>``."""
_SUB_SUFFIX = re.compile(r"-[0-9a-f]{12}$")


def subscription_id(agreement_id: str) -> str:
    """A new id for a subscription created under the agreement."""
    return f"{SUBSCRIPTION_PREFIX}{agreement_id}-{uuid.uuid4().hex[:12]}"


def agreement_of_subscription(sub_id: str) -> str | None:
    """The agreement a subscription id was made for (:func:`subscription_id`), or None."""
    if not sub_id.startswith(SUBSCRIPTION_PREFIX) or not _SUB_SUFFIX.search(sub_id):
        return None
    return sub_id[len(SUBSCRIPTION_PREFIX) : -13] or None


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) and i.strip() for i in items):
        raise BadRequestData(f"{where} must be a name or a list of non-empty names")
    return tuple(dict.fromkeys(i.strip() for i in items))


def _tenant(raw: Any, where: str) -> str:
    if raw is None or raw == "":
        return DEFAULT_TENANT
    if not isinstance(raw, str) or not _TENANT.match(raw):
        raise BadRequestData(f"{where} must be a tenant name (1-64 letters, digits, '_', '-', '.', ':')")
    return raw


def _instant(raw: Any, where: str) -> datetime:
    if not isinstance(raw, str):
        raise BadRequestData(f"{where} must be an ISO 8601 date-time")
    try:
        return parse_instant(raw)
    except CitytwinError:
        raise BadRequestData(f"{where}: {raw!r} is not an ISO 8601 date-time") from None


def _check_keys(raw: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        raise BadRequestData(f"{where}: unknown member(s) {unknown}; known: {', '.join(allowed)}")


def _mapping(raw: Any, where: str) -> Mapping[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise BadRequestData(f"{where} must be an object")
    return raw


@dataclass(frozen=True, slots=True)
class Consumer:
    """Who uses the data: named users (account or token subjects), departments, district tenants (all given
    must hold: a department's staff of one district)."""

    users: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    tenants: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """A stable name for per-consumer monitoring (``department:深圳市水务局``, ``tenant:futian`` ...)."""
        parts = [f"user:{u}" for u in sorted(self.users)]
        parts += [f"department:{d}" for d in sorted(self.departments)]
        parts += [f"tenant:{t}" for t in sorted(self.tenants)]
        return ",".join(parts)

    def matches(self, subject: Subject) -> bool:
        """Whether ``subject`` is this consumer (as the agreement's rule decides it)."""
        return (
            (not self.users or subject.id in self.users)
            and (not self.departments or subject.department in self.departments)
            and (not self.tenants or subject.tenant in self.tenants)
        )

    def subjects(self) -> dict[str, list[str]]:
        """The ``subjects`` member of the policy rule binding this consumer."""
        out: dict[str, list[str]] = {}
        if self.users:
            out["users"] = list(self.users)
        if self.departments:
            out["departments"] = list(self.departments)
        if self.tenants:
            out["tenants"] = list(self.tenants)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Stored form."""
        return {
            "users": list(self.users),
            "departments": list(self.departments),
            "tenants": list(self.tenants),
        }

    @classmethod
    def from_dict(cls, raw: Any) -> Consumer:
        """Validated from a mapping; at least one of users, departments, tenants."""
        data = _mapping(raw, "consumer")
        _check_keys(data, ("users", "departments", "tenants"), "consumer")
        tenants = _strings(data.get("tenants"), "consumer.tenants")
        for name in tenants:
            _tenant(name, "consumer.tenants")
        found = cls(
            _strings(data.get("users"), "consumer.users"),
            _strings(data.get("departments"), "consumer.departments"),
            tenants,
        )
        if not (found.users or found.departments or found.tenants):
            raise BadRequestData("consumer must name users, departments or tenants")
        return found


@dataclass(frozen=True, slots=True)
class Scope:
    """What is shared: the policy resources and attributes of the agreement's rules."""

    datasets: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()
    """Attributes shown (empty: all the grade allows); ``id`` and ``type`` always are."""
    area: Mapping[str, Any] | None = None
    """``{"admin_codes": [...]}`` and/or ``{"polygon": GeoJSON}``, as in a policy rule."""
    max_grade: int | None = None
    clear: tuple[str, ...] = ()
    """Masking kinds or attribute names shown unmasked (default: everything personal stays masked)."""

    def resources(self, provider: str) -> dict[str, Any]:
        """The ``resources`` member of the agreement's policy rules."""
        out: dict[str, Any] = {"tenants": [provider]}
        if self.datasets:
            out["datasets"] = list(self.datasets)
        if self.types:
            out["types"] = list(self.types)
        if self.area is not None:
            out["area"] = dict(self.area)
        if self.max_grade is not None:
            out["max_grade"] = self.max_grade
        return out

    def to_dict(self) -> dict[str, Any]:
        """Stored form."""
        out: dict[str, Any] = {
            "datasets": list(self.datasets),
            "types": list(self.types),
            "attributes": list(self.attributes),
            "clear": list(self.clear),
        }
        if self.area is not None:
            out["area"] = dict(self.area)
        if self.max_grade is not None:
            out["maxGrade"] = self.max_grade
        return out

    @classmethod
    def from_dict(cls, raw: Any) -> Scope:
        """Validated from a mapping (the policy parser checks area and grade)."""
        data = _mapping(raw, "scope")
        _check_keys(data, ("datasets", "types", "attributes", "area", "maxGrade", "clear"), "scope")
        area = data.get("area")
        if area is not None and not isinstance(area, Mapping):
            raise BadRequestData("scope.area must be an object with admin_codes and/or polygon")
        grade = data.get("maxGrade")
        return cls(
            datasets=_strings(data.get("datasets"), "scope.datasets"),
            types=_strings(data.get("types"), "scope.types"),
            attributes=_strings(data.get("attributes"), "scope.attributes"),
            area=dict(area) if area is not None else None,
            max_grade=grade,
            clear=_strings(data.get("clear"), "scope.clear"),
        )


@dataclass(frozen=True, slots=True)
class ExportPlan:
    """Periodic bulk export: formats, and how often (None: only when asked)."""

    formats: tuple[str, ...] = ("ndjson",)
    period: str | None = None
    period_s: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Stored form."""
        return {"formats": list(self.formats), "period": self.period}

    @classmethod
    def from_dict(cls, raw: Any) -> ExportPlan:
        """Validated from a mapping."""
        data = _mapping(raw, "export")
        _check_keys(data, ("formats", "period"), "export")
        formats = _strings(data.get("formats", ["ndjson"]), "export.formats")
        bad = [f for f in formats if f not in FORMATS]
        if bad or not formats:
            raise BadRequestData(f"export.formats: {bad or formats} not supported; use {', '.join(FORMATS)}")
        period = data.get("period")
        seconds = None if period is None else parse_duration(period, "export.period")
        return cls(formats, None if period is None else str(period), seconds)


@dataclass(frozen=True, slots=True)
class BackflowPlan:
    """Backflow (回流) into the consumer's tenant: in real time or in periodic batches."""

    mode: str = "realtime"
    period: str = "PT1H"
    period_s: float = 3600.0
    """Batch period; for ``realtime``, how often a full reconciliation runs besides the change stream."""
    on_conflict: str = "keep"
    delete_missing: bool = True
    """Remove copies whose source left the scope (or was deleted)."""

    def to_dict(self) -> dict[str, Any]:
        """Stored form."""
        return {
            "mode": self.mode,
            "period": self.period,
            "onConflict": self.on_conflict,
            "deleteMissing": self.delete_missing,
        }

    @classmethod
    def from_dict(cls, raw: Any) -> BackflowPlan:
        """Validated from a mapping."""
        data = _mapping(raw, "backflow")
        _check_keys(data, ("mode", "period", "onConflict", "deleteMissing"), "backflow")
        mode = data.get("mode", "realtime")
        if mode not in ("realtime", "batch"):
            raise BadRequestData(f"backflow.mode must be realtime or batch, got {mode!r}")
        conflict = data.get("onConflict", "keep")
        if conflict not in CONFLICTS:
            raise BadRequestData(
                f"backflow.onConflict must be one of {', '.join(CONFLICTS)}, got {conflict!r}"
            )
        delete = data.get("deleteMissing", True)
        if not isinstance(delete, bool):
            raise BadRequestData("backflow.deleteMissing must be true or false")
        period = str(data.get("period", "PT1H"))
        return cls(mode, period, parse_duration(period, "backflow.period"), conflict, delete)


@dataclass(frozen=True, slots=True)
class Monitoring:
    """When a use is an anomaly: its volume above ``factor`` × the median of the last ``window`` uses of the
    same mode, once ``min_history`` uses are known, and at least ``min_volume`` entities."""

    factor: float = 3.0
    window: int = 20
    min_history: int = 5
    min_volume: int = 100

    def to_dict(self) -> dict[str, Any]:
        """Stored form."""
        return {
            "factor": self.factor,
            "window": self.window,
            "minHistory": self.min_history,
            "minVolume": self.min_volume,
        }

    @classmethod
    def from_dict(cls, raw: Any) -> Monitoring:
        """Validated from a mapping (defaults for what is absent)."""
        data = _mapping(raw, "monitoring")
        _check_keys(data, ("factor", "window", "minHistory", "minVolume"), "monitoring")
        factor = data.get("factor", 3.0)
        if isinstance(factor, bool) or not isinstance(factor, int | float) or factor <= 1:
            raise BadRequestData("monitoring.factor must be a number above 1")
        ints = {}
        for key, default, low in (("window", 20, 1), ("minHistory", 5, 1), ("minVolume", 100, 0)):
            value = data.get(key, default)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise BadRequestData(f"monitoring.{key} must be an integer ≥ {low}")
            ints[key] = value
        return cls(float(factor), ints["window"], ints["minHistory"], ints["minVolume"])


_MEMBERS = (
    "id",
    "title",
    "purpose",
    "provider",
    "consumer",
    "scope",
    "modes",
    "export",
    "backflow",
    "monitoring",
    "validFrom",
    "expiresAt",
    "status",
    "createdAt",
    "createdBy",
    "updatedAt",
    "revokedAt",
    "revokedBy",
    "subscriptions",
)
_READ_ONLY = ("createdAt", "createdBy", "updatedAt", "revokedAt", "revokedBy", "subscriptions", "state")


@dataclass(frozen=True, slots=True)
class ShareAgreement:
    """One agreement (see the module docstring)."""

    id: str
    purpose: str
    consumer: Consumer
    expires_at: datetime
    provider: str = DEFAULT_TENANT
    scope: Scope = field(default_factory=Scope)
    modes: tuple[str, ...] = ("query",)
    title: str = ""
    export: ExportPlan | None = None
    backflow: BackflowPlan | None = None
    monitoring: Monitoring = field(default_factory=Monitoring)
    valid_from: datetime | None = None
    status: str = "active"
    """Stored status: ``active`` or ``revoked``; :meth:`state` adds ``pending`` and ``expired``."""
    created_at: str = ""
    created_by: str = ""
    updated_at: str = ""
    revoked_at: str | None = None
    revoked_by: str | None = None
    subscriptions: tuple[str, ...] = ()
    """NGSI-LD subscriptions created under the agreement (in the provider tenant)."""

    def state(self, now: datetime) -> str:
        """``revoked``, ``pending`` (before validFrom), ``expired`` or ``active``."""
        if self.status == "revoked":
            return "revoked"
        if self.valid_from is not None and now < self.valid_from:
            return "pending"
        return "expired" if now >= self.expires_at else "active"

    def in_force(self, now: datetime) -> bool:
        """Whether the agreement grants anything now."""
        return self.state(now) == "active"

    @property
    def job_subject(self) -> Subject:
        """Who exports and copies for the agreement: a service subject of the consumer's department/tenant."""
        tenant = self.consumer.tenants[0] if len(self.consumer.tenants) == 1 else None
        dept = self.consumer.departments[0] if len(self.consumer.departments) == 1 else None
        return Subject(f"{RULE_PREFIX}{self.id}", "service", frozenset(), dept, tenant)

    @property
    def backflow_target(self) -> str:
        """The tenant backflow copies into (the consumer's only tenant)."""
        return self.consumer.tenants[0] if self.consumer.tenants else DEFAULT_TENANT

    def rules(self) -> tuple[Rule, ...]:
        """The policy rules the agreement yields: the consumer's (``share:<id>``) and its jobs'."""
        resources = self.scope.resources(self.provider)
        attributes = list(self.scope.attributes) or None
        clear = list(self.scope.clear)
        out: list[Rule] = []
        actions = sorted({_ACTIONS[m] for m in self.modes if m in _ACTIONS})
        if actions:
            raw = {
                "id": f"{RULE_PREFIX}{self.id}",
                "subjects": self.consumer.subjects(),
                "actions": actions,
                "resources": resources,
                "attributes": attributes,
                "clear": clear,
                "description": f"share agreement {self.id}: {self.purpose}",
            }
            out.append(parse_rule(raw, 0))
        if "export" in self.modes or "backflow" in self.modes:
            raw = {
                "id": f"{RULE_PREFIX}{self.id}:job",
                "subjects": {"users": [self.job_subject.id], "kinds": ["service"]},
                "actions": ["export"],
                "resources": resources,
                "attributes": attributes,
                "clear": clear,
                "description": f"exports and backflow of share agreement {self.id}",
            }
            out.append(parse_rule(raw, 1))
        return tuple(out)

    def check(self, classification: Classification | None = None) -> ShareAgreement:
        """Raise BadRequestData unless consistent (datasets known to the policy when it is given)."""
        if not _ID.match(self.id):
            raise BadRequestData(f"agreement id {self.id!r}: use 1-128 letters, digits, '.', '_', '-'")
        if not self.purpose.strip():
            raise BadRequestData("an agreement needs a purpose (数据使用目的)")
        bad = [m for m in self.modes if m not in MODES]
        if bad or not self.modes:
            raise BadRequestData(f"modes {bad or list(self.modes)} not supported; use {', '.join(MODES)}")
        if self.valid_from is not None and self.valid_from >= self.expires_at:
            raise BadRequestData("validFrom must be before expiresAt")
        if "backflow" in self.modes:
            if len(self.consumer.tenants) != 1:
                raise BadRequestData("a backflow agreement names exactly one consumer tenant to copy into")
            if self.backflow_target == self.provider:
                raise BadRequestData("backflow copies into another tenant than the provider's")
        if classification is not None and self.scope.datasets:
            known = {c.dataset for c in classification.types.values() if c.dataset}
            unknown = sorted(set(self.scope.datasets) - known)
            if unknown:
                raise BadRequestData(
                    f"scope.datasets {unknown} are not classified datasets; known: {', '.join(sorted(known))}"
                )
        self.rules()  # the policy parser validates area, grade, names
        return self

    # -- forms ---------------------------------------------------------------------------------------------
    def to_dict(self, now: datetime | None = None) -> dict[str, Any]:
        """Stored and served form (camelCase); ``state`` when ``now`` is given."""
        out: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "purpose": self.purpose,
            "provider": {"tenant": self.provider},
            "consumer": self.consumer.to_dict(),
            "consumerKey": self.consumer.key,
            "scope": self.scope.to_dict(),
            "modes": list(self.modes),
            "export": self.export.to_dict() if self.export is not None else None,
            "backflow": self.backflow.to_dict() if self.backflow is not None else None,
            "monitoring": self.monitoring.to_dict(),
            "validFrom": format_instant(self.valid_from) if self.valid_from is not None else None,
            "expiresAt": format_instant(self.expires_at),
            "status": self.status,
            "createdAt": self.created_at,
            "createdBy": self.created_by,
            "updatedAt": self.updated_at,
            "revokedAt": self.revoked_at,
            "revokedBy": self.revoked_by,
            "subscriptions": list(self.subscriptions),
        }
        if now is not None:
            out["state"] = self.state(now)
        return out

    @classmethod
    def from_dict(cls, raw: Any, *, trusted: bool = False) -> ShareAgreement:
        """From a request body (``trusted``: the stored form, bookkeeping members kept)."""
        data = dict(_mapping(raw, "agreement"))
        data.pop("consumerKey", None)
        data.pop("state", None)
        if not trusted:
            for key in _READ_ONLY:
                data.pop(key, None)
        _check_keys(data, _MEMBERS, "agreement")
        for key in ("id", "purpose", "expiresAt", "consumer"):
            if data.get(key) in (None, ""):
                raise BadRequestData(f"agreement: '{key}' is required")
        if not isinstance(data["id"], str) or not isinstance(data["purpose"], str):
            raise BadRequestData("agreement: id and purpose must be strings")
        provider = _mapping(data.get("provider"), "provider")
        _check_keys(provider, ("tenant",), "provider")
        modes = _strings(data.get("modes", ["query"]), "modes")
        export = data.get("export")
        if export is None and "export" in modes:
            export = {}
        backflow = data.get("backflow")
        if backflow is None and "backflow" in modes:
            backflow = {}
        status = data.get("status", "active")
        if status not in ("active", "revoked"):
            raise BadRequestData(f"status must be active or revoked, got {status!r}")
        title = data.get("title") or ""
        if not isinstance(title, str):
            raise BadRequestData("title must be a string")
        return cls(
            id=data["id"],
            purpose=data["purpose"],
            consumer=Consumer.from_dict(data["consumer"]),
            expires_at=_instant(data["expiresAt"], "expiresAt"),
            provider=_tenant(provider.get("tenant"), "provider.tenant"),
            scope=Scope.from_dict(data.get("scope")),
            modes=modes,
            title=title,
            export=ExportPlan.from_dict(export) if export is not None else None,
            backflow=BackflowPlan.from_dict(backflow) if backflow is not None else None,
            monitoring=Monitoring.from_dict(data.get("monitoring")),
            valid_from=_instant(data["validFrom"], "validFrom") if data.get("validFrom") else None,
            status=status,
            created_at=str(data.get("createdAt") or ""),
            created_by=str(data.get("createdBy") or ""),
            updated_at=str(data.get("updatedAt") or ""),
            revoked_at=data.get("revokedAt"),
            revoked_by=data.get("revokedBy"),
            subscriptions=_strings(data.get("subscriptions"), "subscriptions"),
        )


class Agreements:
    """Agreements kept in a store (default-tenant documents); every change is ledgered as ``administer``."""

    def __init__(self, store: Store, *, clock: Clock = utc_now, record: Record | None = None) -> None:
        self.store = store
        self.clock = clock
        self.record = record

    def _docs(self) -> TenantStore:
        return self.store.tenant(DEFAULT_TENANT)

    def get(self, agreement_id: str) -> ShareAgreement:
        """One agreement (ResourceNotFound)."""
        try:
            doc = self._docs().get_document(KIND, agreement_id)
        except ResourceNotFound:
            raise ResourceNotFound(f"share agreement {agreement_id} not found") from None
        return ShareAgreement.from_dict(doc, trusted=True)

    def all(self) -> list[ShareAgreement]:
        """Every agreement, by id."""
        out: list[ShareAgreement] = []
        offset = 0
        while True:
            page = self._docs().list_documents(KIND, limit=1000, offset=offset)
            out.extend(ShareAgreement.from_dict(doc, trusted=True) for _, doc in page)
            if len(page) < 1000:
                return out
            offset += 1000

    def version(self) -> int:
        """The change counter (0: no agreement was ever stored)."""
        try:
            return int(self._docs().get_document(STATE_KIND, VERSION_ID).get("version", 0))
        except ResourceNotFound:
            return 0

    def _bump(self) -> None:
        self._docs().put_document(STATE_KIND, VERSION_ID, {"version": self.version() + 1})

    def put(
        self,
        agreement: ShareAgreement,
        *,
        actor: str,
        classification: Classification | None = None,
        create: bool = False,
        request_id: str = "",
        purpose: str = "",
    ) -> tuple[ShareAgreement, bool]:
        """Create or replace (``create``: AlreadyExists when the id is taken); (stored, created)."""
        agreement.check(classification)
        now = format_instant(self.clock())
        try:
            old: ShareAgreement | None = self.get(agreement.id)
        except ResourceNotFound:
            old = None
        if old is not None and create:
            raise AlreadyExists(f"share agreement {agreement.id} already exists")
        stored = replace(
            agreement,
            created_at=old.created_at if old is not None else now,
            created_by=old.created_by if old is not None else actor,
            updated_at=now,
            subscriptions=old.subscriptions if old is not None else (),
            revoked_at=None if agreement.status == "active" else (agreement.revoked_at or now),
            revoked_by=None if agreement.status == "active" else (agreement.revoked_by or actor),
        )
        self._save(stored, actor, request_id, purpose)
        return stored, old is None

    def revoke(
        self, agreement_id: str, *, actor: str, request_id: str = "", purpose: str = ""
    ) -> ShareAgreement:
        """Revoke now (kept for audit, grants nothing from now on)."""
        found = self.get(agreement_id)
        now = format_instant(self.clock())
        stored = replace(found, status="revoked", revoked_at=now, revoked_by=actor, updated_at=now)
        self._save(stored, actor, request_id, purpose)
        return stored

    def delete(self, agreement_id: str, *, actor: str, request_id: str = "", purpose: str = "") -> None:
        """Remove an agreement (its ledger records stay)."""
        self.get(agreement_id)
        self._docs().delete_document(KIND, agreement_id)
        self._bump()
        self._ledger(
            actor, agreement_id, ("deleted",), {"id": agreement_id}, request_id=request_id, purpose=purpose
        )

    def set_subscriptions(self, agreement_id: str, subscriptions: tuple[str, ...]) -> ShareAgreement:
        """Remember the subscriptions created under an agreement (no policy change: not re-versioned)."""
        stored = replace(self.get(agreement_id), subscriptions=subscriptions)
        self._docs().put_document(KIND, stored.id, stored.to_dict())
        return stored

    def _save(self, stored: ShareAgreement, actor: str, request_id: str, purpose: str) -> None:
        doc = stored.to_dict()
        self._docs().put_document(KIND, stored.id, doc)
        self._bump()
        attrs = (stored.status, *stored.modes)
        self._ledger(actor, stored.id, attrs, doc, request_id=request_id, purpose=purpose)

    def _ledger(
        self,
        actor: str,
        agreement_id: str,
        attrs: tuple[str, ...],
        data: Any,
        *,
        request_id: str,
        purpose: str,
    ) -> None:
        if self.record is None:
            return
        from citytwin.governance.ledger_writer import data_digest

        self.record(
            LedgerEntry(
                at_us=to_micros(self.clock()),
                actor=actor,
                action="administer",
                resource=f"{RULE_PREFIX}{agreement_id}",
                attributes=attrs,
                purpose=purpose,
                request_id=request_id,
                digest=data_digest(data),
            )
        )
