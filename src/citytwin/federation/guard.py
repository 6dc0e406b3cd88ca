"""Local policy over what context sources answer: a remote broker may return what the subject may not see.

:func:`remote_guard` gives, for a governed request, a :class:`RemoteGuard` built from the subject's ``read``
view of the tenant (the same view the local store enforces). Every entity a source sends passes through it
before it is merged: an entity the subject may not see is dropped, attributes it may not see are removed,
personal data is masked, and an entity matched on an attribute the subject may not test in clear (``q``,
``georel``) is dropped, as the governed store does locally. Temporal representations (JSON in the client's
@context) are judged by the entity's local facts when this broker has it, else by type alone.

Counts: a restricted subject's federated count is what was read and passed the guard (a source's own count
would reveal how many entities it holds that the subject may not see). What the sources returned is ledgered
as a read, one record per source (``csource:<registration id>``).

Writes forwarded to sources (:mod:`.writes`) pass :class:`WriteGuard` first: the local policy decides whether
the subject may write them at all, with the same checks the governed store makes locally (404 for an entity
it cannot see, 403 for what it sees but may not change), judged on the entity as this broker holds it or, when
only the source has it, as the source shows it. Every forwarded write that a source accepted is ledgered on
this broker (action ``create``, ``update``, ``delete`` or ``write``; resource ``csource:<registration id>``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from citytwin.core.entities import Entity
from citytwin.core.ledger import LedgerEntry
from citytwin.core.policy_view import Decision, PolicyView
from citytwin.core.query import EntityQuery
from citytwin.core.timeutil import to_micros
from citytwin.governance import enforce_writes
from citytwin.governance.enforce import GovernedTenantStore, filter_names
from citytwin.governance.ledger_writer import data_digest
from citytwin.ngsild.context import LdContext
from citytwin.ngsild.request import Call

_Item = TypeVar("_Item")
_TEMPORAL_MEMBERS = frozenset({"id", "type", "scope", "@context", "createdAt", "modifiedAt"})


class RemoteGuard:
    """The request subject's read decisions applied to entities from context sources."""

    def __init__(self, store: GovernedTenantStore, query: EntityQuery | None = None) -> None:
        self.store = store
        self.view: PolicyView = store.view("read")
        names = filter_names(query) if query is not None else set()
        self.sensitive = sorted(n for n in names if not self.view.always_clear(n))

    @property
    def restricted(self) -> bool:
        """Whether anything is filtered (an unrestricted subject's answers pass as they are)."""
        return not self.view.unrestricted

    @property
    def ledgers(self) -> bool:
        """Whether the subject's reads are ledgered (as ``GovernedTenantStore.ledger_read`` decides)."""
        enf = self.store.enforcement
        mode = enf.read_mode
        return not (enf.record is None or mode == "off" or (mode == "restricted" and self.view.unrestricted))

    def entity(self, entity: Entity | None) -> Entity | None:
        """The entity as the subject may see it (None: not at all)."""
        if entity is None or not self.restricted:
            return entity
        decision = self.store.decided(entity, self.view, self.sensitive)
        return None if decision is None else decision.apply(entity)

    def parser(self, parse: Callable[[_Item], Entity | None]) -> Callable[[_Item], Entity | None]:
        """``parse`` followed by this guard."""
        if not self.restricted:
            return parse
        return lambda item: self.entity(parse(item))

    def ledger(self, source: str, entities: Sequence[Entity]) -> None:
        """Ledger what one source contributed to the answer (if reads of this subject are ledgered)."""
        if entities:
            self.store.ledger_read(f"csource:{source}", entities, self.view)

    def ledger_temporal(self, sources: str, items: Sequence[dict[str, Any]], ctx: LdContext) -> None:
        """Ledger temporal representations the sources contributed (names, and a digest of the JSON)."""
        enf = self.store.enforcement
        record = enf.record
        mode = enf.read_mode
        if not items or record is None or mode == "off" or (mode == "restricted" and not self.restricted):
            return
        rc, tenant, at = self.store.ctx, self.store.tenant, to_micros(enf.clock())
        names = sorted({ctx.to_store(k) for i in items for k in i if k not in _TEMPORAL_MEMBERS})
        found = list(items)

        def build() -> LedgerEntry:
            return LedgerEntry(
                at_us=at,
                actor=rc.actor,
                action="read",
                resource=f"csource:{sources}",
                tenant=tenant,
                attributes=tuple(names),
                purpose=rc.purpose,
                request_id=rc.request_id,
                digest=data_digest(found),
            )

        record(build)

    # -- temporal representations -----------------------------------------------------------------------
    def temporal(self, items: Iterable[dict[str, Any]], ctx: LdContext) -> list[dict[str, Any]]:
        """Temporal representations (client terms) cut and masked for the subject."""
        listed = [i for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)]
        if not self.restricted or not listed:
            return listed
        known = self.store.inner.get_many(list(dict.fromkeys(i["id"] for i in listed)))
        out = []
        for item in listed:
            local = known.get(item["id"])
            if local is not None:
                decision = self.view.decide(local)
            else:
                raw = item.get("type", [])
                types = tuple(
                    ctx.to_store(t) for t in (raw if isinstance(raw, list) else [raw]) if isinstance(t, str)
                )
                decision = self.view.decide_facts(types, None, None)
            if decision is not None:
                out.append(_temporal_cut(item, decision, ctx))
        return out


def _temporal_cut(item: dict[str, Any], decision: Decision, ctx: LdContext) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for term, value in item.items():
        if term in _TEMPORAL_MEMBERS:
            out[term] = value
            continue
        name = ctx.to_store(term)
        if not decision.visible(name):
            continue
        if decision.mask_kind(name) is None:
            out[term] = value
            continue
        masked = _masked(value, name, decision)
        if masked is not None:
            out[term] = masked
    return out


def _masked(value: Any, name: str, decision: Decision) -> Any:
    """Instances with masked values; aggregated buckets of a masked attribute are dropped (None)."""
    if isinstance(value, list):
        return [_masked_instance(i, name, decision) for i in value]
    if isinstance(value, dict):
        if "values" in value and isinstance(value["values"], list):
            pairs = [
                [decision.mask_raw(name, p[0]), *p[1:]] if isinstance(p, list) and p else p
                for p in value["values"]
            ]
            return {**value, "values": pairs}
        if "value" in value:
            return _masked_instance(value, name, decision)
        return None  # aggregated: sums and extremes would reveal what masking hides
    return decision.mask_raw(name, value)


def _masked_instance(inst: Any, name: str, decision: Decision) -> Any:
    if isinstance(inst, dict) and "value" in inst:
        return {**inst, "value": decision.mask_raw(name, inst["value"])}
    return inst


def remote_guard(call: Call, query: EntityQuery | None = None) -> RemoteGuard | None:
    """The guard of a request on a governed store (None: the platform's own request, nothing to guard)."""
    store = call.store
    if not isinstance(store, GovernedTenantStore):
        return None
    return RemoteGuard(store, query)


# -- writes forwarded to context sources ------------------------------------------------------------------


class WriteGuard:
    """The request subject's write decisions on forwarded writes, and their ledger records."""

    def __init__(self, store: GovernedTenantStore) -> None:
        self.store = store

    @property
    def restricted(self) -> bool:
        """Whether the subject's writes or reads are limited (else every check passes at once)."""
        return not (self.store.view("write").unrestricted and self.store.view("read").unrestricted)

    def check(self, old: Entity | None, patch: Entity, *, replace: bool = False) -> frozenset[str]:
        """Raise 404/403 unless the subject may write ``patch`` onto ``old`` (None: a new entity).

        Returns the attributes of ``patch`` that are masked values sent back unchanged: they are not
        forwarded, so a read-modify-write round trip does not overwrite a source's clear value with its mask.
        """
        if not self.restricted:
            return frozenset()
        if old is None:
            enforce_writes.checked_new(self.store, patch)
            return frozenset()
        if replace:
            out = enforce_writes.checked_replace(self.store, patch, old)
        else:
            out = enforce_writes.checked_merge(self.store, patch, old)
        return frozenset(n for n in patch.attrs if n in old.attrs and out.attrs.get(n) is old.attrs[n])

    def check_delete(self, old: Entity, names: Iterable[str] = ()) -> None:
        """Raise 404/403 unless the subject may delete the entity (or these attributes of it)."""
        if self.restricted:
            gone = {n: list(old.attrs.get(n, ())) for n in names}
            enforce_writes.checked_merge(self.store, Entity(old.id, old.types, gone), old)

    def ledger(self, registration: str, action: str, names: Iterable[str], data: Any) -> None:
        """Ledger one write a source accepted (every forwarded write, whatever the subject)."""
        enf = self.store.enforcement
        record = enf.record
        if record is None:
            return
        rc, tenant, at = self.store.ctx, self.store.tenant, to_micros(enf.clock())
        attributes = tuple(sorted(set(names)))

        def build() -> LedgerEntry:
            return LedgerEntry(
                at_us=at,
                actor=rc.actor,
                action=action,
                resource=f"csource:{registration}",
                tenant=tenant,
                attributes=attributes,
                purpose=rc.purpose,
                request_id=rc.request_id,
                digest=data_digest(data),
            )

        record(build)


def write_guard(call: Call) -> WriteGuard | None:
    """The write guard of a request on a governed store (None: the platform's own request)."""
    store = call.store
    return WriteGuard(store) if isinstance(store, GovernedTenantStore) else None
