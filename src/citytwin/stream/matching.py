"""Compiled subscriptions: filters parsed once, matched against every change, indexed by entity type.

:class:`CompiledSubscription` holds what matching and rendering need, built once per subscription version
(the q / geo / scope parsers of the query routes, the core evaluator). :class:`SubscriptionIndex` finds the
candidates of a change by (tenant, type), so the cost of a change grows with the subscriptions on its type,
not with all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec

from citytwin.core.entities import Entity
from citytwin.core.events import ChangeKind
from citytwin.core.query import EntityQuery, GeoFilter, Predicate
from citytwin.core.query_eval import evaluate, geo_holds
from citytwin.core.scopeq import ScopeExpr, parse_scope_q, scope_matches
from citytwin.core.timeutil import parse_instant
from citytwin.core.typeexpr import parse_types
from citytwin.ngsild.context import LdContext
from citytwin.ngsild.linked import Join, LinkedQ, parse_join, parse_linked_q
from citytwin.ngsild.representation import Format, Projection, projection
from citytwin.ngsild.routes_query import Selector, geo_filter
from citytwin.stream.changes import Change
from citytwin.stream.delivery import Endpoint
from citytwin.stream.guard import NotificationScope
from citytwin.stream.subscription import (
    DEFAULT_TRIGGERS,
    FORMATS,
    StoredSubscription,
    q_text,
    subscription_status,
)
from citytwin.stream.temporalq import TemporalQ

_RENDER_IDS: dict[tuple[Any, ...], int] = {}
NO_JOIN = Join()


def _render_id(key: tuple[Any, ...]) -> int:
    """A small number per distinct way of rendering (cheap to hash for every change and subscription)."""
    return _RENDER_IDS.setdefault(key, len(_RENDER_IDS) + 1)


_MATCH_MEMBERS = ("entities", "watchedAttributes", "notificationTrigger", "q", "geoQ", "scopeQ", "temporalQ")
_MATCH_KEY = msgspec.json.Encoder(order="sorted").encode
_CREATED = frozenset({"attributeCreated", "entityUpdated"})
_UPDATED = frozenset({"attributeUpdated", "entityUpdated"})
_DELETED = frozenset({"attributeDeleted", "entityUpdated"})


@dataclass(slots=True, eq=False)
class CompiledSubscription:
    """One subscription ready to match changes and render notifications."""

    tenant: str
    stored: StoredSubscription
    ctx: LdContext
    """The @context it was written with (``q`` terms are expanded with it)."""
    render_ctx: LdContext
    """The @context notifications are compacted with (``jsonldContext``, else ``ctx``)."""
    selectors: tuple[Selector, ...]
    watched: frozenset[str] | None
    triggers: frozenset[str]
    q: Predicate | None
    geo: GeoFilter | None
    scope: ScopeExpr | None
    endpoint: Endpoint
    fmt: Format
    sys_attrs: bool
    show_changes: bool
    project: Projection
    lang: str | None
    time_interval: float | None
    throttling: float
    index_types: tuple[str, ...] | None
    """Types whose changes can match (None: any type)."""
    render_key: int = 0
    """Subscriptions with equal keys render a change identically (they share the rendering)."""
    match_key: bytes = b""
    """Subscriptions with equal keys match exactly the same changes (they share the evaluation)."""
    id: str = ""
    key: tuple[str, str] = ("", "")
    """(tenant, id)."""
    access: NotificationScope | None = None
    """What its owner may be notified of (None: everything; see :mod:`citytwin.stream.guard`)."""
    temporal: TemporalQ | None = None
    """Its ``temporalQ`` (see :mod:`citytwin.stream.temporalq`)."""
    datasets: frozenset[str | None] | None = None
    """Its ``datasetId``: the instances notifications carry (None: all; ``None`` inside: the default one)."""
    linked: tuple[LinkedQ, Predicate] | None = None
    """The part of ``q`` over linked entities (``rel{attr}``), checked with store reads before sending."""
    join: Join = NO_JOIN
    """``notification.join`` / ``joinLevel``: linked entities sent with the notified ones (clause 4.5.23)."""

    def __post_init__(self) -> None:
        self.id = self.stored.id
        self.key = (self.tenant, self.stored.id)

    def status(self, now: datetime) -> str:
        """``active``, ``paused`` or ``expired``."""
        return subscription_status(self.stored.body, now)

    @property
    def expires_at(self) -> datetime | None:
        """When it expires, if ever."""
        raw = self.stored.body.get("expiresAt")
        return None if raw is None else parse_instant(raw)

    # -- matching -------------------------------------------------------------------------------------
    def selects(self, entity: Entity) -> bool:
        """Whether the entity is one the subscription is about (selectors, q, geoQ, scopeQ, temporalQ)."""
        if not self._selects(entity):
            return False
        return self.temporal is None or self.temporal.entity(entity, self.watched)

    def _selects(self, entity: Entity) -> bool:
        if self.selectors and not any(s.matches(entity) for s in self.selectors):
            return False
        if self.scope is not None and not scope_matches(self.scope, entity.scope):
            return False
        if self.q is not None and not evaluate(self.q, entity):
            return False
        if self.geo is not None:
            geom = entity.location(self.geo.geoproperty)
            if geom is None or not geo_holds(geom, self.geo):
                return False
        return True

    def triggered(self, change: Change) -> bool:
        """Whether the kind of change is one the notificationTrigger asks for (watchedAttributes applied)."""
        triggers, watched = self.triggers, self.watched
        if change.kind is ChangeKind.DELETED:
            # A deleted entity loses its attributes too: attributeDeleted on a watched one notifies it.
            if "entityDeleted" in triggers:
                return True
            return "attributeDeleted" in triggers and _hits(watched, change.deleted)
        if change.kind is ChangeKind.CREATED:
            if "entityCreated" in triggers:
                return watched is None or not watched.isdisjoint(change.created)
            return bool(triggers & _CREATED) and (watched is None or not watched.isdisjoint(change.created))
        return (
            (bool(change.created) and bool(triggers & _CREATED) and _hits(watched, change.created))
            or (bool(change.updated) and bool(triggers & _UPDATED) and _hits(watched, change.updated))
            or (bool(change.deleted) and bool(triggers & _DELETED) and _hits(watched, change.deleted))
            or (bool(triggers & _DELETED) and _dropped_hits(watched, change))
        )

    def matches(self, change: Change) -> bool:
        """Whether the change must be notified (status and throttling are the deliverer's business)."""
        if not (change.tenant == self.tenant and self.triggered(change) and self._selects(change.subject)):
            return False
        return self.temporal is None or self.temporal.change(change, self.watched)

    def filters(self) -> EntityQuery:
        """Its ``q`` and ``geoQ`` as a query (what the owner must see in clear for a match to count)."""
        return EntityQuery(q=self.q, geo=self.geo)

    def queries(self, limit: int) -> list[EntityQuery]:
        """Store queries for the current matching entities (periodic notifications), one per selector."""
        out = []
        for sel in self.selectors or (Selector(),):
            out.append(EntityQuery(ids=sel.ids, id_pattern=sel.id_pattern, types=sel.types, q=self.q,
                                   geo=self.geo, attrs=self.project.attrs, limit=limit))  # fmt: skip
        return out


def _selector(sel: dict[str, Any]) -> Selector:
    ids = (sel["id"],) if "id" in sel else ()
    return Selector(ids, sel.get("idPattern"), parse_types(sel["type"]))


def _hits(watched: frozenset[str] | None, names: tuple[str, ...]) -> bool:
    return watched is None or not watched.isdisjoint(names)


def _dropped_hits(watched: frozenset[str] | None, change: Change) -> bool:
    dropped = dropped_instances(change)
    return bool(dropped) and _hits(watched, dropped)


def dropped_instances(change: Change) -> tuple[str, ...]:
    """Updated attributes that lost an instance (a datasetId deleted while others remain)."""
    before, after = change.previous, change.entity
    if before is None or after is None or not change.updated:
        return ()
    out = []
    for name in change.updated:
        now = {i.dataset_id for i in after.attrs.get(name, ())}
        if any(i.dataset_id not in now for i in before.attrs.get(name, ())):
            out.append(name)
    return tuple(out)


def compile_subscription(
    tenant: str, stored: StoredSubscription, ctx: LdContext, render_ctx: LdContext
) -> CompiledSubscription:
    """Compile a stored subscription (its filters were validated when it was written)."""
    body = stored.body
    selectors = tuple(_selector(sel) for sel in body.get("entities", ()))
    watched = frozenset(body["watchedAttributes"]) if "watchedAttributes" in body else None
    # q holds the client's terms, expanded with its context; every other name is stored already.
    q: Predicate | None = None
    linked: tuple[LinkedQ, Predicate] | None = None
    if "q" in body:
        # The plain part of q is matched with each change; a linked part needs the targets from the store.
        lq = parse_linked_q(q_text(body["q"]), expand=ctx.to_store)
        q, rest = lq.split()
        linked = None if rest is None else (lq, rest)
    geo = None
    if "geoQ" in body:
        g = body["geoQ"]
        parsed = geo_filter(g["georel"], g["geometry"], g["coordinates"], None, ctx)
        if parsed is not None and "geoproperty" in g:
            parsed = GeoFilter(
                parsed.rel, parsed.geometry, parsed.max_distance, parsed.min_distance, g["geoproperty"]
            )
        geo = parsed
    scope = parse_scope_q(body["scopeQ"]) if "scopeQ" in body else None
    notification = body["notification"]
    fmt: Format = FORMATS[notification.get("format", "normalized")]  # type: ignore[assignment]
    project = projection(
        _Stored(),
        notification.get("attributes", ()),
        notification.get("pick", ()),
        notification.get("omit", ()),
    )
    index: tuple[str, ...] | None = None
    if selectors:
        keys: list[str] = []
        for sel in selectors:
            if not sel.types:
                keys = []
                break
            keys.extend(min(group) for group in sel.types)
        index = tuple(dict.fromkeys(keys)) or None
    endpoint = Endpoint.from_dict(notification["endpoint"])
    sys_attrs = bool(notification.get("sysAttrs", False))
    show = bool(notification.get("showChanges", False))
    lang = body.get("lang")
    geo_out = endpoint.accept == "application/geo+json"
    ld_out = endpoint.accept == "application/ld+json"
    triggers = frozenset(body.get("notificationTrigger", DEFAULT_TRIGGERS))
    datasets = (
        frozenset(None if d == "@none" else d for d in body["datasetId"]) if "datasetId" in body else None
    )
    # Deletions are rendered by the triggers and watched attributes (see notification._deleted).
    deletion = (triggers, watched)
    return CompiledSubscription(
        tenant=tenant,
        stored=stored,
        ctx=ctx,
        render_ctx=render_ctx,
        selectors=selectors,
        watched=watched,
        triggers=triggers,
        q=q,
        geo=geo,
        scope=scope,
        endpoint=endpoint,
        fmt=fmt,
        sys_attrs=sys_attrs,
        show_changes=show,
        project=project,
        lang=lang,
        time_interval=body.get("timeInterval"),
        temporal=TemporalQ.from_stored(body["temporalQ"]) if "temporalQ" in body else None,
        throttling=float(body.get("throttling", 0) or 0),
        index_types=index,
        datasets=datasets,
        join=_join(notification),
        linked=linked,
        render_key=_render_id(
            (render_ctx.link_url, fmt, sys_attrs, show, project, lang, geo_out, ld_out, datasets, deletion)
        ),
        match_key=_MATCH_KEY([tenant, ctx.link_url, {k: body[k] for k in _MATCH_MEMBERS if k in body}]),
    )


def _join(notification: dict[str, Any]) -> Join:
    mode = notification.get("join")
    if mode in (None, "@none"):
        return NO_JOIN
    return parse_join(mode, notification.get("joinLevel"), None)


class _Stored:
    """The identity name mapping: subscription bodies already hold stored names."""

    def to_store(self, term: str) -> str:
        return term

    def from_store(self, name: str) -> str:
        return name


class SubscriptionIndex:
    """Compiled subscriptions by (tenant, id), and by (tenant, type) for matching."""

    def __init__(self) -> None:
        self._subs: dict[tuple[str, str], CompiledSubscription] = {}
        self._by_type: dict[tuple[str, str], dict[tuple[str, str], CompiledSubscription]] = {}
        self._any: dict[str, dict[tuple[str, str], CompiledSubscription]] = {}

    def __len__(self) -> int:
        return len(self._subs)

    def __iter__(self) -> Iterator[CompiledSubscription]:
        return iter(list(self._subs.values()))

    def get(self, key: tuple[str, str]) -> CompiledSubscription | None:
        """The subscription with that key."""
        return self._subs.get(key)

    def put(self, sub: CompiledSubscription) -> None:
        """Add or replace a subscription."""
        self.remove(sub.key)
        self._subs[sub.key] = sub
        if sub.index_types is None:
            self._any.setdefault(sub.tenant, {})[sub.key] = sub
        else:
            for t in sub.index_types:
                self._by_type.setdefault((sub.tenant, t), {})[sub.key] = sub

    def remove(self, key: tuple[str, str]) -> CompiledSubscription | None:
        """Forget a subscription; returns it."""
        old = self._subs.pop(key, None)
        if old is None:
            return None
        if old.index_types is None:
            self._any.get(old.tenant, {}).pop(key, None)
        else:
            for t in old.index_types:
                bucket = self._by_type.get((old.tenant, t))
                if bucket is not None:
                    bucket.pop(key, None)
                    if not bucket:
                        del self._by_type[(old.tenant, t)]
        return old

    def candidates(self, change: Change) -> list[CompiledSubscription]:
        """Subscriptions that may match the change (by tenant and type); each once."""
        tenant = change.tenant
        found: dict[tuple[str, str], CompiledSubscription] = {}
        wild = self._any.get(tenant)
        if wild:
            found.update(wild)
        by_type = self._by_type
        for t in change.types:
            bucket = by_type.get((tenant, t))
            if bucket:
                found.update(bucket)
        return list(found.values())
