"""Enforcement in the store: the request's subject sees and changes only what the policy lets it.

``GovernedStore(store, enforcement)`` wraps the API's store the way ``ObservedStore`` does, so the NGSI-LD
routes (entities, query, batch, temporal) are governed without knowing it: ``tenant(name)`` hands out a
:class:`GovernedTenantStore` bound to the current request's subject (:mod:`.enforce_context`), or the plain
tenant store outside requests and for the platform's own work.

* Row level: an invisible entity does not exist for the subject (``get`` is 404, queries omit it, counts do
  not include it). The store filters what it can (per branch of the row filter: types, an admin-code
  prefix, a polygon), so restricted queries page and count in SQL (several branches: merged by id, counted by
  inclusion-exclusion); what it cannot is filtered here while paging.
* Attribute level: invisible attributes are absent; personal data is masked unless the policy grants clear
  access. A filter (``q``, ``georel``) may only use attributes the subject sees in clear on that entity;
  otherwise the entity does not match, so a filter cannot probe hidden values.
* Writes (``enforce_writes``): 404 for what the subject cannot see, 403 for what it sees but may not change;
  attributes it cannot see are kept as they are, masked values sent back unchanged keep the stored value.
* Every governed read is ledgered (who, what, which attributes, a digest of what was returned).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import combinations
from typing import Any

from citytwin.core.entities import LOCATION, Entity
from citytwin.core.ledger import LedgerEntry
from citytwin.core.policy_view import Decision, PolicyView, Pushdown, restrict_admin, restrict_types
from citytwin.core.query import (
    Aggregate,
    AggregateBucket,
    AggregateQuery,
    And,
    AttributeInstance,
    Compare,
    EntityQuery,
    Exists,
    GeoFilter,
    GeoRel,
    HistoryQuery,
    Not,
    Or,
    Predicate,
    QueryResult,
    TimeRel,
)
from citytwin.core.timeutil import Clock, to_micros, utc_now
from citytwin.errors import ResourceNotFound
from citytwin.governance import enforce_writes
from citytwin.governance.enforce_context import RequestContext, current
from citytwin.governance.enforce_multitype import MultiTypes
from citytwin.governance.enforce_policy import PolicyRegistry
from citytwin.storage.base import DEFAULT_TENANT, BatchResult, Store, TenantStore
from citytwin.stream.wrapper import WrappedStore

SCAN = 1000
"""Entities per store query while paging through results the store cannot filter exactly."""
MAX_BRANCHES = 3
"""Most row-filter branches merged in SQL (counting needs 2^n - 1 count queries); more are scanned."""
READ_MODES = ("all", "restricted", "off")


@dataclass(slots=True)
class Enforcement:
    """What governed stores share: the policy registry, where reads are ledgered, and the clock."""

    policies: PolicyRegistry
    record: Callable[[Any], None] | None = None
    """``LedgerWriter.submit`` (takes a LedgerEntry or a function building one), or None."""
    read_mode: str = "all"
    """``all`` ledgers every governed read, ``restricted`` only reads of restricted subjects, ``off`` none."""
    clock: Clock = utc_now
    multitypes: MultiTypes = field(default_factory=MultiTypes)
    """Whether type branches that only multi-typed entities could pass can be skipped."""


class GovernedStore(WrappedStore):
    """``store`` with every request's reads and writes decided by policy; closing it closes ``store``."""

    def __init__(self, store: Store, enforcement: Enforcement) -> None:
        super().__init__(store)
        self.enforcement = enforcement

    def tenant(self, name: str = DEFAULT_TENANT) -> TenantStore:
        inner = self.inner.tenant(name)
        ctx = current()
        if ctx is None or not ctx.governed:
            return inner
        return GovernedTenantStore(inner, ctx, self.enforcement, self.scheme)


def filter_names(query: EntityQuery) -> set[str]:
    """Attributes a query's filters read (``q`` paths, the geo-query's property)."""
    names: set[str] = set()

    def walk(p: Predicate) -> None:
        if isinstance(p, Compare | Exists):
            names.add(p.path[0])
        elif isinstance(p, Not):
            walk(p.item)
        elif isinstance(p, And | Or):
            for item in p.items:
                walk(item)

    if query.q is not None:
        walk(query.q)
    if query.geo is not None:
        names.add(query.geo.geoproperty)
    return names


def push(query: EntityQuery, branch: Pushdown) -> tuple[EntityQuery | None, bool]:
    """``query`` narrowed to one branch of the row filter (None: nothing can match) and whether the store
    then filters that branch exactly (a second geo-filter cannot be added to one that has one)."""
    pushed = query
    if branch.types is not None:
        if not branch.types:
            return None, True
        pushed = replace(pushed, types=restrict_types(pushed.types, branch.types))
    if branch.admin_code is not None:
        code = restrict_admin(pushed.admin_code, branch.admin_code)
        if code is None:
            return None, True
        pushed = replace(pushed, admin_code=code)
    exact = branch.exact
    if branch.polygon is not None:
        if pushed.geo is None:
            pushed = replace(pushed, geo=GeoFilter(GeoRel.INTERSECTS, branch.polygon))
        else:
            exact = False
    return pushed, exact


def describe(query: EntityQuery) -> str:
    """A short description of a query for its ledger record."""
    parts = []
    if query.ids:
        parts.append(f"ids={len(query.ids)}")
    if query.types:
        parts.append("type=" + "|".join(",".join(sorted(g)) for g in query.types))
    if query.q is not None:
        parts.append("q=" + ",".join(sorted(filter_names(replace(query, geo=None)))))
    if query.geo is not None:
        parts.append(f"georel={query.geo.rel.value}")
    if query.admin_code:
        parts.append(f"admin={query.admin_code}")
    if query.grid_prefix:
        parts.append(f"grid={query.grid_prefix}")
    return "entities?" + "&".join(parts)


class GovernedTenantStore(TenantStore):
    """One tenant as one subject sees it."""

    def __init__(
        self, inner: TenantStore, ctx: RequestContext, enforcement: Enforcement, scheme: str
    ) -> None:
        self.inner = inner
        self.tenant = inner.tenant
        self.ctx = ctx
        self.enforcement = enforcement
        self.scheme = scheme
        self._views: dict[str, PolicyView] = {}

    def view(self, action: str) -> PolicyView:
        """The subject's view for ``action`` in this tenant."""
        found = self._views.get(action)
        if found is None:
            found = self._views[action] = self.enforcement.policies.view(
                self.ctx.subject, action, self.tenant
            )
        return found

    def not_found(self, entity_id: str) -> ResourceNotFound:
        """The same 404 the store gives for an entity that does not exist (existence cannot be probed)."""
        if self.scheme == "sqlite":
            return ResourceNotFound(f"entity {entity_id} not found")
        return ResourceNotFound(f"entity {entity_id} was not found")

    # -- the ledger ------------------------------------------------------------------------------------------
    def ledger_read(self, resource: str, entities: Sequence[Entity], view: PolicyView) -> None:
        """Queue the ledger record of a read of ``entities`` (digest computed on the ledger thread)."""
        if self._ledgers(view):
            found = list(entities)
            # The digest covers the entities as returned, in the model's own JSON (twice as fast to encode as
            # the NGSI-LD form, and reads outnumber writes).
            self._ledger(resource, lambda: (_names(found), found))

    def _ledgers(self, view: PolicyView) -> bool:
        enf = self.enforcement
        return not (
            enf.record is None
            or enf.read_mode == "off"
            or (enf.read_mode == "restricted" and view.unrestricted)
        )

    def _ledger(self, resource: str, payload: Callable[[], tuple[list[str], Any]]) -> None:
        enf = self.enforcement
        assert enf.record is not None
        ctx, tenant, at = self.ctx, self.tenant, to_micros(enf.clock())

        def build() -> LedgerEntry:
            from citytwin.governance.ledger_writer import data_digest

            names, data = payload()
            return LedgerEntry(
                at_us=at,
                actor=ctx.actor,
                action="read",
                resource=resource,
                tenant=tenant,
                attributes=tuple(names),
                purpose=ctx.purpose,
                request_id=ctx.request_id,
                digest=data_digest(data),
            )

        enf.record(build)

    # -- entity reads ----------------------------------------------------------------------------------------
    def get(self, entity_id: str, *, attrs: Sequence[str] = ()) -> Entity:
        view = self.view("read")
        if view.unrestricted:
            entity = self.inner.get(entity_id, attrs=attrs)
        elif view.nothing:
            raise self.not_found(entity_id)
        else:
            full = self.inner.get(entity_id)
            decision = view.decide(full)
            if decision is None:
                raise self.not_found(entity_id)
            entity = decision.apply(full, attrs)
        self.ledger_read(entity_id, [entity], view)
        return entity

    def get_many(self, entity_ids: Sequence[str]) -> dict[str, Entity]:
        view = self.view("read")
        found = self.inner.get_many(entity_ids)
        if not view.unrestricted:
            found = {i: d.apply(e) for i, e in found.items() if (d := view.decide(e)) is not None}
        if found:
            self.ledger_read(f"entities?ids={len(entity_ids)}", list(found.values()), view)
        return found

    def decided(self, entity: Entity, view: PolicyView, sensitive: Sequence[str]) -> Decision | None:
        """The decision for a query result, None when it is invisible or matched on what it may not test."""
        decision = view.decide(entity)
        if decision is None:
            return None
        for name in sensitive:
            if name in entity.attrs and not decision.clear(name):
                return None
        return decision

    def query(self, query: EntityQuery) -> QueryResult:
        view = self.view("read")
        if view.unrestricted:
            result = self.inner.query(query)
        elif view.nothing:
            result = QueryResult([], 0 if query.count else None)
        else:
            result = self._restricted_query(query, view)
        self.ledger_read(describe(query), result.entities, view)
        return result

    def _restricted_query(self, query: EntityQuery, view: PolicyView) -> QueryResult:
        empty = QueryResult([], 0 if query.count else None)
        sensitive = sorted(n for n in filter_names(query) if not view.always_clear(n))
        base = query
        if query.attrs:  # what the decision needs comes along, and is projected away afterwards
            base = replace(query, attrs=tuple(sorted({*query.attrs, *sensitive, "adminCode", LOCATION})))
        pushed: list[tuple[EntityQuery, bool]] = []
        for branch in view.branches:
            narrowed, ok = push(base, branch)
            if narrowed is None:
                continue
            if (
                query.types
                and branch.types is not None
                and all(group.isdisjoint(branch.types) for group in query.types)
                and not self.enforcement.multitypes.any_match(self.inner, narrowed.types)
            ):
                continue  # only an entity of a queried type and a branch type could pass: there is none
            pushed.append((narrowed, ok))
        if not pushed:
            return empty
        exact = view.exact and not sensitive and all(ok for _, ok in pushed)
        if exact and len(pushed) == 1:
            result = self.inner.query(pushed[0][0])
            page = [d.apply(e, query.attrs) for e in result.entities if (d := view.decide(e)) is not None]
            return QueryResult(page, result.count)
        polygons = any(b.polygon is not None for b in view.branches)
        if exact and len(pushed) <= MAX_BRANCHES and not polygons:
            return self._merged(query, [q for q, _ in pushed], view)
        scan_base = pushed[0][0] if len(pushed) == 1 else base
        return self._scan(scan_base, query, view, sensitive)

    def _merged(self, query: EntityQuery, branches: list[EntityQuery], view: PolicyView) -> QueryResult:
        """Visible = in any branch: merge the branches' first pages by id; count by inclusion-exclusion."""
        need = query.offset + query.limit
        lists = [self.inner.query(replace(b, limit=need, offset=0, count=False)).entities for b in branches]
        merged: list[Entity] = []
        last = None
        for entity in heapq.merge(*lists, key=lambda e: e.id):
            if entity.id != last:
                merged.append(entity)
                last = entity.id
        page = [
            d.apply(e, query.attrs) for e in merged[query.offset : need] if (d := view.decide(e)) is not None
        ]
        count = None
        if query.count:
            count = 0
            for size in range(1, len(view.branches) + 1):
                for subset in combinations(view.branches, size):
                    both: EntityQuery | None = query
                    for branch in subset:
                        both = push(both, branch)[0] if both is not None else None
                    if both is not None:
                        n = self.inner.query(replace(both, limit=0, offset=0, count=True)).count or 0
                        count += n if size % 2 else -n
        return QueryResult(page, count)

    def _scan(
        self, pushed: EntityQuery, query: EntityQuery, view: PolicyView, sensitive: list[str]
    ) -> QueryResult:
        """Page through results the store cannot filter exactly, counting visible ones when asked."""
        page: list[Entity] = []
        seen = 0
        start = 0
        end = query.offset + query.limit
        while True:
            chunk = self.inner.query(replace(pushed, limit=SCAN, offset=start, count=False)).entities
            for entity in chunk:
                decision = self.decided(entity, view, sensitive)
                if decision is None:
                    continue
                if query.offset <= seen < end:
                    page.append(decision.apply(entity, query.attrs))
                seen += 1
            if len(chunk) < SCAN or (not query.count and seen >= end):
                break
            start += SCAN
        return QueryResult(page, seen if query.count else None)

    # -- history ---------------------------------------------------------------------------------------------
    def _decisions(
        self, view: PolicyView, instances: Iterable[AttributeInstance]
    ) -> dict[str, Decision | None]:
        """Decision per entity of the instances (entities gone from the store are judged by type alone)."""
        types: dict[str, str | None] = {}
        for inst in instances:
            types.setdefault(inst.entity_id, inst.entity_type)
        ids = list(types)
        found: dict[str, Entity] = {}
        for start in range(0, len(ids), SCAN):
            found.update(self.inner.get_many(ids[start : start + SCAN]))
        out: dict[str, Decision | None] = {}
        for entity_id, entity_type in types.items():
            entity = found.get(entity_id)
            if entity is not None:
                out[entity_id] = view.decide(entity)
            else:
                out[entity_id] = view.decide_facts((entity_type,) if entity_type else (), None, None)
        return out

    def read_history(self, query: HistoryQuery) -> list[AttributeInstance]:
        view = self.view("read")
        found = self.inner.read_history(query)
        if not view.unrestricted:
            decisions = self._decisions(view, found)
            kept: list[AttributeInstance] = []
            for inst in found:
                decision = decisions.get(inst.entity_id)
                if decision is None or not decision.visible(inst.attr):
                    continue
                if decision.mask_kind(inst.attr) is not None:
                    inst = replace(inst, value=decision.mask_raw(inst.attr, inst.value))  # noqa: PLW2901
                kept.append(inst)
            found = kept
        if found and self._ledgers(view):
            ids = sorted({i.entity_id for i in found})
            resource = ids[0] if len(ids) == 1 else f"temporal?ids={len(ids)}"
            rows = list(found)
            self._ledger(
                resource,
                lambda: (
                    sorted({i.attr for i in rows}),
                    [[i.entity_id, i.attr, i.observed_at.isoformat(), i.dataset_id, i.value] for i in rows],
                ),
            )
        return found

    def dataset_series(self, series: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = self.inner.dataset_series(series)
        return found

    def aggregate_history(self, query: AggregateQuery) -> list[AggregateBucket]:
        """The aggregates of the series the subject sees in clear: a masked attribute is not aggregated for
        the subject (sums and extremes would reveal it), nor is a hidden one.

        The store takes the periods' start (without a window start) and the whole-range end (without a
        period or window end) from every series it reads, so a read that met series left out here is
        redone over the kept series alone, those left out moving no period: the store reads entities ×
        attributes, so entities that leave out the same attributes are read together (a group). With
        several groups, the window is first fixed to the kept series' first and last instances, for one
        start and end across the answer as the store has.
        """
        view = self.view("read")
        buckets = self.inner.aggregate_history(query)
        if view.unrestricted or not buckets:
            return buckets
        probes = [AttributeInstance(b.entity_id, b.attr, b.start, None) for b in buckets]
        decisions = self._decisions(view, probes)
        kept = [b for b in buckets if _aggregable(decisions.get(b.entity_id), b.attr)]
        if not kept or len(kept) == len(buckets):
            return kept
        start, end = query.history.bounds()
        open_end = query.period is None and end is None
        if start is not None and not open_end:
            return kept  # the window gave the periods: the series left out moved none
        groups = _kept_groups(buckets, kept, decisions)
        history = query.history
        if len(groups) > 1:
            history = self._kept_window(query, groups)
        out: list[AggregateBucket] = []
        for ids, attrs in groups:
            narrowed = replace(history, entity_ids=tuple(ids), attrs=tuple(sorted(attrs)))
            again = self.inner.aggregate_history(replace(query, history=narrowed))
            out.extend(b for b in again if _aggregable(decisions.get(b.entity_id), b.attr))
        if len(groups) > 1:
            out.sort(key=lambda b: (b.entity_id, b.attr, b.start))  # the store's order
        return out

    def _kept_window(
        self, query: AggregateQuery, groups: Sequence[tuple[list[str], set[str]]]
    ) -> HistoryQuery:
        """``query``'s history with its window from the first instance of the kept series (without a
        window start) to just after their last (without a period or a window end): one count per group,
        no period."""
        history = query.history
        start, end = history.bounds()
        first: list[datetime] = []
        last: list[datetime] = []
        for ids, attrs in groups:
            probe = replace(history, entity_ids=tuple(ids), attrs=tuple(sorted(attrs)))
            for b in self.inner.aggregate_history(AggregateQuery(probe, (Aggregate.TOTAL_COUNT,))):
                first.append(b.start)
                last.append(b.end)
        if not first:
            return history
        lo = start if start is not None else min(first)
        hi = end if end is not None else max(last) if query.period is None else None
        if hi is None:
            return replace(history, timerel=TimeRel.AFTER, time_at=lo, end_time_at=None)
        return replace(history, timerel=TimeRel.BETWEEN, time_at=lo, end_time_at=hi)

    # -- writes (enforce_writes) ---------------------------------------------------------------------------
    def create(self, entity: Entity, *, history: bool = False) -> Entity:
        return self.inner.create(enforce_writes.checked_new(self, entity), history=history)

    def replace(self, entity: Entity, *, history: bool = False, if_modified: str | None = None) -> Entity:
        checked = enforce_writes.checked_replace(self, entity)
        return self.inner.replace(checked, history=history, if_modified=if_modified)

    def merge(self, patch: Entity, *, history: bool = False) -> Entity:
        return self.inner.merge(enforce_writes.checked_merge(self, patch), history=history)

    def delete(self, entity_id: str) -> None:
        enforce_writes.check_delete(self, entity_id)
        self.inner.delete(entity_id)

    def upsert_many(
        self, entities: Iterable[Entity], *, merge: bool = False, history: bool = False
    ) -> BatchResult:
        allowed, refused = enforce_writes.checked_batch(self, list(entities), merge=merge)
        result = self.inner.upsert_many(allowed, merge=merge, history=history)
        result.errors.extend(refused)
        return result

    def create_many(self, entities: Iterable[Entity], *, history: bool = False) -> BatchResult:
        allowed, refused = enforce_writes.checked_batch(self, list(entities), merge=False, new=True)
        result = self.inner.create_many(allowed, history=history)
        result.errors.extend(refused)
        return result

    def delete_many(self, entity_ids: Iterable[str]) -> BatchResult:
        allowed, refused = enforce_writes.checked_deletes(self, list(entity_ids))
        result = self.inner.delete_many(allowed)
        result.errors.extend(refused)
        return result

    def purge(self, query: EntityQuery) -> int:
        ids = enforce_writes.purgeable(self, query)
        return len(self.inner.delete_many(ids).success) if ids else 0

    def append_history(self, instances: Iterable[AttributeInstance]) -> int:
        batch = list(instances)
        enforce_writes.check_history_write(self, batch)
        return self.inner.append_history(batch)

    def delete_history(
        self,
        entity_id: str,
        attr: str | None = None,
        *,
        dataset_id: str | None = None,
        instance_id: str | None = None,
    ) -> int:
        enforce_writes.check_history_delete(self, entity_id)
        return self.inner.delete_history(entity_id, attr, dataset_id=dataset_id, instance_id=instance_id)

    # -- documents: subscriptions need the subscribe action, registrations administer ---------------------
    def put_document(self, kind: str, doc_id: str, doc: dict[str, Any]) -> None:
        enforce_writes.check_document(self, kind)
        self.inner.put_document(kind, doc_id, doc)

    def get_document(self, kind: str, doc_id: str) -> dict[str, Any]:
        return self.inner.get_document(kind, doc_id)

    def list_documents(
        self, kind: str, *, limit: int = 1000, offset: int = 0
    ) -> list[tuple[str, dict[str, Any]]]:
        return self.inner.list_documents(kind, limit=limit, offset=offset)

    def delete_document(self, kind: str, doc_id: str) -> None:
        enforce_writes.check_document(self, kind)
        self.inner.delete_document(kind, doc_id)

    def __getattr__(self, name: str) -> Any:
        # Backend extras (bulk paths) know nothing of policy: only a subject with unrestricted read and write
        # access reaches them; for others they do not exist, so callers fall back to the governed methods.
        if name.startswith("_") or not (self.view("read").unrestricted and self.view("write").unrestricted):
            raise AttributeError(name)
        return getattr(self.inner, name)


def _aggregable(decision: Decision | None, attr: str) -> bool:
    """Whether the subject may have the attribute aggregated: visible, and in clear."""
    return decision is not None and decision.visible(attr) and decision.mask_kind(attr) is None


def _kept_groups(
    buckets: Sequence[AggregateBucket], kept: Sequence[AggregateBucket], decisions: dict[str, Decision | None]
) -> list[tuple[list[str], set[str]]]:
    """The entities of the kept buckets grouped by the attributes (of those read) they leave out, with the
    attributes kept in each group: every entity × attribute of a group is a series the subject sees in
    clear, or none the store holds."""
    names = {b.attr for b in buckets}
    per_entity: dict[str, set[str]] = {}
    for b in kept:
        per_entity.setdefault(b.entity_id, set()).add(b.attr)
    groups: dict[frozenset[str], tuple[list[str], set[str]]] = {}
    for entity_id, kept_attrs in per_entity.items():
        decision = decisions[entity_id]
        left_out = frozenset(a for a in names if not _aggregable(decision, a))
        ids, attrs = groups.setdefault(left_out, ([], set()))
        ids.append(entity_id)
        attrs |= kept_attrs
    return list(groups.values())


def _names(entities: Sequence[Entity]) -> list[str]:
    return sorted({n for e in entities for n in e.attrs})


def iter_visible(store: GovernedTenantStore, query: EntityQuery) -> Iterator[Entity]:
    """Every entity of ``query`` the subject sees (no paging), for bulk paths such as purge and export."""
    offset = 0
    while True:
        page = store.query(replace(query, limit=SCAN, offset=offset, count=False)).entities
        yield from page
        if len(page) < SCAN:
            return
        offset += SCAN
