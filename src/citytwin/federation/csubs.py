"""Context source registration subscriptions (``/csourceSubscriptions``, ETSI GS CIM 009 V1.8.1 clause 5.11).

A subscription names the registrations it watches like a query does (``entities``, ``watchedAttributes``,
``geoQ``, ``scopeQ``, ``csf``/``q`` over registration properties). When it is created or updated it is
sent every registration that matches (``newlyMatching``); afterwards, every time a registration is
created, updated or deleted it is sent that registration with ``newlyMatching``, ``updated`` or
``noLongerMatching``, showing only the RegistrationInfos the subscription watches. ``temporalQ`` is matched
against ``observationInterval`` or ``managementInterval``; a subscription with ``timeInterval`` is instead
sent every registration it matches at each interval, on a schedule that survives restarts
(:mod:`citytwin.federation.csubs_periodic`).

Notifications (type ``ContextSourceNotification``) go out through the platform's one delivery path
(:class:`citytwin.stream.delivery.Deliverer`: HTTP(S) or MQTT endpoints, ``receiverInfo``), in order per
subscription, retried with back-off while the receiver fails. They are queued in memory: registration changes
are rare and their subscribers can re-read the registrations, so this queue is not made durable.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import msgspec

from citytwin.core.entities import check_name
from citytwin.core.qlang import parse_q
from citytwin.core.query import And, GeoFilter, Predicate
from citytwin.core.query_eval import compile_regex
from citytwin.core.scopeq import ScopeExpr, parse_scope_q
from citytwin.core.timeutil import Clock, format_instant, parse_instant, utc_now
from citytwin.errors import BadRequestData, CitytwinError
from citytwin.federation.csubs_periodic import PeriodicSchedules, all_documents
from citytwin.federation.matching import SourceQuery, matching_infos
from citytwin.federation.registration import KIND as REGISTRATIONS
from citytwin.federation.registration import (
    RegInfo,
    Registration,
    interval_overlaps,
    render,
    time_member,
    time_window,
)
from citytwin.ngsild.context import LdContext
from citytwin.ngsild.representation import NameMap
from citytwin.storage.base import Store
from citytwin.stream.delivery import Backoff, Deliverer, Endpoint, Message

log = logging.getLogger(__name__)

KIND = "csourceSubscription"
TYPE = "Subscription"
NOTIFICATION = "ContextSourceNotification"
FORMATS = ("normalized", "concise", "keyValues", "simplified")
MAX_ATTEMPTS = 8
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
_STATUS = ("timesSent", "timesFailed", "lastNotification", "lastSuccess", "lastFailure")


def new_id() -> str:
    """A fresh subscription id."""
    return f"urn:ngsi-ld:Subscription:{uuid.uuid4()}"


# -- checking and showing ---------------------------------------------------------------------------------


def stored_subscription(
    body: Any, ctx: LdContext, *, now: datetime, created_at: str | None = None, creating: bool = True
) -> dict[str, Any]:
    """The stored document of a csourceSubscription body (400 BadRequestData naming what is wrong).

    A new subscription cannot expire in the past; an update may set a past ``expiresAt`` (it then expires).
    """
    if not isinstance(body, dict):
        raise BadRequestData(f"a subscription must be a JSON object, got {type(body).__name__}")
    if body.get("type") != TYPE:
        raise BadRequestData(f"the subscription's type must be {TYPE!r}, got {body.get('type')!r}")
    sub_id = body.get("id") or new_id()
    if not isinstance(sub_id, str) or ":" not in sub_id:
        raise BadRequestData(f"the subscription id must be a URI, got {sub_id!r}")
    doc: dict[str, Any] = {"id": sub_id, "type": TYPE}
    for key, value in body.items():
        if key in ("id", "type", "@context", "createdAt", "modifiedAt", "status", *_STATUS):
            continue
        doc[key] = _member(key, value, ctx, now if creating else None)
    if "notification" not in doc:
        raise BadRequestData("a subscription needs a notification member with an endpoint")
    doc["jsonldContext"] = ctx.reference
    stamp = format_instant(now)
    doc["createdAt"] = created_at or stamp
    doc["modifiedAt"] = stamp
    try:
        Watch.from_doc(doc, ctx)  # everything it derives (q, csf, geoQ, scopeQ, temporalQ) must parse
    except BadRequestData:
        raise
    except CitytwinError as err:
        if err.status != 400:
            raise
        # Clause 5.11.2 (through 5.8.1.4): a member that breaks clause 5.2.12, a malformed q among them, is
        # BadRequestData, whatever the query parser calls its syntax error (TP 038_08_03).
        raise BadRequestData(err.detail) from None
    return doc


def _member(key: str, value: Any, ctx: LdContext, now: datetime | None) -> Any:
    if key == "entities":
        return _selectors(value, ctx)
    if key == "watchedAttributes":
        if not isinstance(value, list) or not value or not all(isinstance(a, str) for a in value):
            raise BadRequestData("watchedAttributes must be a non-empty array of attribute names")
        return [ctx.to_store(check_name(a)) for a in value]
    if key in ("q", "csf", "scopeQ", "subscriptionName", "description"):
        if not isinstance(value, str) or not value:
            raise BadRequestData(f"{key} must be a non-empty string")
        return value
    if key == "geoQ":
        if not isinstance(value, dict):
            raise BadRequestData("geoQ must be an object with georel, geometry and coordinates")
        return value
    if key == "notification":
        return _notification(value, ctx)
    if key == "expiresAt":
        if not isinstance(value, str):
            raise BadRequestData(f"expiresAt must be a date-time, got {value!r}")
        if now is not None and parse_instant(value) <= now:
            raise BadRequestData(f"expiresAt must be a date-time in the future, got {value!r}")
        parse_instant(value)
        return value
    if key == "isActive":
        if not isinstance(value, bool):
            raise BadRequestData("isActive must be true or false")
        return value
    if key == "throttling":
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise BadRequestData("throttling must be a non-negative number of seconds")
        return value
    if key == "timeInterval":
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise BadRequestData("timeInterval must be a positive number of seconds")
        return value
    if key == "temporalQ":
        return _temporal_q(value)
    return value


def _temporal_q(value: Any) -> dict[str, Any]:
    """A TemporalQuery over the registrations' observationInterval or managementInterval (clause 5.11.7)."""
    if not isinstance(value, dict) or set(value) - {"timerel", "timeAt", "endTimeAt", "timeproperty"}:
        raise BadRequestData("temporalQ must be an object with timerel, timeAt, endTimeAt and timeproperty")
    if not all(isinstance(v, str) for v in value.values()):
        raise BadRequestData("the members of temporalQ are strings")
    if time_window(value.get("timerel"), value.get("timeAt"), value.get("endTimeAt")) is None:
        raise BadRequestData("temporalQ needs timerel and timeAt")
    time_member(value.get("timeproperty"))
    return dict(value)


def _selectors(value: Any, ctx: LdContext) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        raise BadRequestData("entities must be a non-empty array of EntitySelector objects")
    out = []
    for n, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("type"), str) or not item["type"]:
            raise BadRequestData(f"entities[{n}] needs a type")
        sel: dict[str, Any] = {"type": ctx.to_store(check_name(item["type"]))}
        if "id" in item:
            if not isinstance(item["id"], str) or not _URI.match(item["id"]):
                raise BadRequestData(f"entities[{n}].id must be a URI")
            sel["id"] = item["id"]
        if "idPattern" in item:
            if not isinstance(item["idPattern"], str):
                raise BadRequestData(f"entities[{n}].idPattern must be a string")
            compile_regex(item["idPattern"])
            sel["idPattern"] = item["idPattern"]
        out.append(sel)
    return out


def _notification(value: Any, ctx: LdContext) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadRequestData("notification must be an object with an endpoint")
    out: dict[str, Any] = {"endpoint": Endpoint.from_dict(value.get("endpoint")).to_dict()}
    fmt = value.get("format", "normalized")
    if fmt not in FORMATS:
        raise BadRequestData(f"notification.format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    out["format"] = fmt
    if "attributes" in value:
        attrs = value["attributes"]
        if not isinstance(attrs, list) or not attrs or not all(isinstance(a, str) for a in attrs):
            raise BadRequestData("notification.attributes must be a non-empty array of names")
        out["attributes"] = [ctx.to_store(check_name(a)) for a in attrs]
    return out


def render_subscription(
    doc: Mapping[str, Any], names: NameMap, *, sys_attrs: bool, now: datetime
) -> dict[str, Any]:
    """The subscription as a client sees it, with its status (``active``, ``paused``, ``expired``)."""
    out: dict[str, Any] = {}
    for key, value in doc.items():
        if key == "jsonldContext" or (key in ("createdAt", "modifiedAt") and not sys_attrs):
            continue
        if key == "entities":
            out[key] = [{**s, "type": names.from_store(s["type"])} for s in value]
        elif key == "watchedAttributes":
            out[key] = [names.from_store(a) for a in value]
        elif key == "notification":
            note = dict(value)
            if "attributes" in note:
                note["attributes"] = [names.from_store(a) for a in note["attributes"]]
            out[key] = note
        else:
            out[key] = value
    expired = "expiresAt" in doc and parse_instant(doc["expiresAt"]) <= now
    out["status"] = "expired" if expired else ("active" if doc.get("isActive", True) else "paused")
    return out


def merged_subscription(
    old: Mapping[str, Any], fragment: Any, ctx: LdContext, *, now: datetime
) -> dict[str, Any]:
    """An update (PATCH): members of the fragment replace the old ones (``null`` removes one)."""
    if not isinstance(fragment, dict):
        raise BadRequestData(f"the update must be a JSON object, got {type(fragment).__name__}")
    if "id" in fragment and fragment["id"] != old["id"]:
        raise BadRequestData(f"the id of subscription {old['id']} cannot change")
    if "type" in fragment and fragment["type"] != TYPE:
        raise BadRequestData(f"the subscription's type must be {TYPE!r}, got {fragment['type']!r}")
    wire = render_subscription(old, ctx, sys_attrs=False, now=now)
    wire.pop("status", None)
    for key, value in fragment.items():
        if key == "@context":
            continue
        if value is None or value == "urn:ngsi-ld:null":
            wire.pop(key, None)
        else:
            wire[key] = value
    wire.setdefault("type", TYPE)
    doc = stored_subscription(wire, ctx, now=now, created_at=old.get("createdAt"), creating=False)
    for key in _STATUS:  # delivery counters survive an update
        if key in old.get("notification", {}):
            doc["notification"][key] = old["notification"][key]
    return doc


# -- matching ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Watch:
    """A subscription parsed for matching registrations."""

    id: str
    queries: tuple[SourceQuery, ...]
    active: bool
    expires_at: datetime | None
    endpoint: Endpoint
    throttling_s: float = 0.0
    interval_s: float = 0.0
    """``timeInterval``: notify every registration it matches this often, and on no change."""
    window: tuple[datetime | None, datetime | None] | None = None
    time_member: str = "observationInterval"
    doc: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any], ctx: LdContext) -> Watch:
        """The parsed form of a stored subscription."""
        from citytwin.ngsild.routes_query import geo_filter

        tq: Mapping[str, Any] = doc.get("temporalQ") or {}
        preds = [parse_q(doc[k], expand=ctx.to_store) for k in ("q", "csf") if k in doc]
        csf: Predicate | None = preds[0] if len(preds) == 1 else (And(tuple(preds)) if preds else None)
        geo: GeoFilter | None = None
        if "geoQ" in doc:
            g = doc["geoQ"]
            geo = geo_filter(
                g.get("georel"), g.get("geometry"), g.get("coordinates"), g.get("geoproperty"), ctx
            )
        scope: ScopeExpr | None = parse_scope_q(doc["scopeQ"]) if "scopeQ" in doc else None
        attrs = tuple(doc.get("watchedAttributes", ()))
        selectors = doc.get("entities") or [None]
        queries = tuple(
            SourceQuery(
                types=(frozenset({s["type"]}),) if s else (),
                ids=(s["id"],) if s and "id" in s else (),
                id_pattern=s.get("idPattern") if s else None,
                attrs=attrs,
                geo=geo,
                scope=scope,
                csf=csf,
            )
            for s in selectors
        )
        return cls(
            id=doc["id"],
            queries=queries,
            active=bool(doc.get("isActive", True)),
            expires_at=parse_instant(doc["expiresAt"]) if "expiresAt" in doc else None,
            endpoint=Endpoint.from_dict(doc["notification"]["endpoint"]),
            throttling_s=float(doc.get("throttling", 0)),
            interval_s=float(doc.get("timeInterval", 0)),
            window=time_window(tq.get("timerel"), tq.get("timeAt"), tq.get("endTimeAt")) if tq else None,
            time_member=time_member(tq.get("timeproperty")) if tq else "observationInterval",
            doc=doc,
        )

    def live(self, now: datetime) -> bool:
        """Whether the subscription sends notifications now."""
        return self.active and (self.expires_at is None or self.expires_at > now)

    def matches(self, reg: Registration | None, now: datetime) -> bool:
        """Whether the registration is one the subscription watches."""
        return bool(self.relevant(reg, now))

    def relevant(self, reg: Registration | None, now: datetime) -> list[RegInfo]:
        """The RegistrationInfos of ``reg`` the subscription watches (empty: it does not match)."""
        if reg is None:
            return []
        if self.window is not None and not interval_overlaps(reg.doc.get(self.time_member), self.window):
            return []
        found: list[RegInfo] = []
        for query in self.queries:
            found.extend(i for i in matching_infos(reg, query, now) if i not in found)
        return found


def trigger(watch: Watch, old: Registration | None, new: Registration | None, now: datetime) -> str | None:
    """The triggerReason of a registration change for a subscription (None: nothing to send)."""
    before, after = watch.matches(old, now), watch.matches(new, now)
    if after:
        return "updated" if before else "newlyMatching"
    return "noLongerMatching" if before else None


# -- notifying --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Queue:
    items: asyncio.Queue[tuple[str, dict[str, Any]]]
    task: asyncio.Task[None] | None = None


class CsourceNotifier:
    """Sends ContextSourceNotifications in order per subscription, retrying while the receiver fails."""

    def __init__(
        self,
        store: Store,
        resolve: Any,
        *,
        clock: Clock = utc_now,
        deliverer: Deliverer | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        self.store = store
        self.resolve = resolve
        self.clock = clock
        self._deliverer = deliverer
        self.backoff = backoff or Backoff(first_s=0.5, max_s=30.0)
        self._queues: dict[tuple[str, str], _Queue] = {}
        self.periodic = PeriodicSchedules(store, self._send_periodic, clock=clock)
        """The schedules of the ``timeInterval`` subscriptions (:mod:`citytwin.federation.csubs_periodic`)."""
        self.sent = 0

    @property
    def deliverer(self) -> Deliverer:
        """The delivery path (created on first use)."""
        if self._deliverer is None:
            self._deliverer = Deliverer()
        return self._deliverer

    async def aclose(self) -> None:
        """Stop the senders and close connections."""
        await self.periodic.aclose()
        for queue in self._queues.values():
            if queue.task is not None:
                queue.task.cancel()
        for queue in self._queues.values():
            if queue.task is not None:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await queue.task
        self._queues.clear()
        if self._deliverer is not None:
            await self._deliverer.aclose()

    async def watches(self, tenant: str) -> list[Watch]:
        """The tenant's subscriptions, parsed (unparsable ones are skipped and logged)."""
        from citytwin.ngsild.request import run

        docs = await run(all_documents, self.store, tenant)
        out = []
        for doc in docs:
            try:
                ctx = await self.resolve(doc.get("jsonldContext"))
                out.append(Watch.from_doc(doc, ctx))
            except Exception:  # a subscription that no longer parses must not stop the others
                log.exception("csourceSubscription %s cannot be evaluated", doc.get("id"))
        return out

    async def registration_changed(
        self, tenant: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
    ) -> int:
        """Queue the notifications one registration change causes; returns how many."""
        now = self.clock()
        old_reg = Registration.from_doc(old) if old is not None else None
        new_reg = Registration.from_doc(new) if new is not None else None
        queued = 0
        for watch in await self.watches(tenant):
            if not watch.live(now) or watch.interval_s:
                continue  # a periodic subscription is notified on its schedule only
            reason = trigger(watch, old_reg, new_reg, now)
            if reason is None:
                continue
            doc = new if new is not None and reason != "noLongerMatching" else old
            assert doc is not None
            await self.notify(tenant, watch, [doc], reason)
            queued += 1
        return queued

    async def initial(self, tenant: str, watch: Watch, registrations: Iterable[Registration]) -> None:
        """The first notification of a new (or updated) subscription: every registration it matches now.

        A subscription with ``timeInterval`` is then sent every registration it matches at each interval.
        """
        self.forget(tenant, watch.id)
        await self._send_matching(tenant, watch, registrations)
        if watch.interval_s:
            self.periodic.start(tenant, watch.id, self.clock() + timedelta(seconds=watch.interval_s))

    async def resume(self) -> int:
        """Restart the schedules of the stored periodic subscriptions (the app's startup); how many."""
        return await self.periodic.resume()

    def forget(self, tenant: str, sub_id: str) -> None:
        """Stop the periodic notifications of a subscription (deleted, or about to be replaced)."""
        self.periodic.stop(tenant, sub_id)

    async def _send_matching(self, tenant: str, watch: Watch, registrations: Iterable[Registration]) -> None:
        now = self.clock()
        docs = [r.doc for r in registrations if watch.matches(r, now)]
        if docs and watch.live(now):
            await self.notify(tenant, watch, docs, "newlyMatching")

    async def _send_periodic(self, tenant: str, doc: Mapping[str, Any]) -> None:
        """One periodic notification: every registration the stored subscription matches now."""
        from citytwin.ngsild.request import run

        watch = Watch.from_doc(doc, await self.resolve(doc.get("jsonldContext")))
        docs = await run(all_documents, self.store, tenant, REGISTRATIONS)
        await self._send_matching(tenant, watch, [Registration.from_doc(d) for d in docs])

    async def notify(self, tenant: str, watch: Watch, docs: list[Mapping[str, Any]], reason: str) -> None:
        """Build one notification and queue it behind the subscription's earlier ones."""
        ctx = await self.resolve(watch.doc.get("jsonldContext"))
        now = self.clock()
        # A registration has no attribute values to simplify: every format shows it whole, less the
        # RegistrationInfos the subscription does not watch (clause 5.11.7).
        data = [_relevant(render(d, ctx, sys_attrs=False), watch, d, now) for d in docs]
        payload = {
            "id": f"urn:ngsi-ld:{NOTIFICATION}:{uuid.uuid4()}",
            "type": NOTIFICATION,
            "subscriptionId": watch.id,
            "notifiedAt": format_instant(self.clock()),
            "triggerReason": reason,
            "data": data,
        }
        if watch.endpoint.accept == "application/ld+json":
            payload["@context"] = ctx.body_context()
        key = (tenant, watch.id)
        queue = self._queues.get(key)
        if queue is None:
            queue = self._queues[key] = _Queue(asyncio.Queue())
        queue.items.put_nowait((tenant, payload))
        if queue.task is None or queue.task.done():
            queue.task = asyncio.create_task(self._drain(key, watch, ctx))

    async def _drain(self, key: tuple[str, str], watch: Watch, ctx: LdContext) -> None:
        queue = self._queues[key]
        while not queue.items.empty():
            tenant, payload = queue.items.get_nowait()
            headers = {"NGSILD-Tenant": tenant} if tenant else {}
            if watch.endpoint.accept != "application/ld+json":
                headers["Link"] = ctx.link_header()
            message = Message(
                msgspec.json.encode(payload), content_type=watch.endpoint.accept, headers=headers
            )
            for attempt in range(MAX_ATTEMPTS):
                outcome = await self.deliverer.send(watch.endpoint, message)
                await self._record(tenant, watch.id, outcome.ok, first=attempt == 0)
                if outcome.ok:
                    self.sent += 1
                    break
                await asyncio.sleep(self.backoff.delay(attempt, floor_s=watch.endpoint.cooldown_s))
            if watch.throttling_s:
                await asyncio.sleep(watch.throttling_s)

    async def _record(self, tenant: str, sub_id: str, ok: bool, *, first: bool) -> None:
        from citytwin.ngsild.request import run

        stamp = format_instant(self.clock())
        await run(_record_status, self.store, tenant, sub_id, ok, stamp, first=first)


def _relevant(shown: dict[str, Any], watch: Watch, doc: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """A rendered registration cut to the RegistrationInfos ``watch`` matches, entity types as arrays."""
    reg = Registration.from_doc(doc)
    infos = watch.relevant(reg, now)
    keep = [n for n, info in enumerate(reg.information) if info in infos] or range(len(reg.information))
    information = []
    for n in keep:
        info = dict(shown["information"][n])
        if "entities" in info:
            info["entities"] = [
                {**e, "type": e["type"] if isinstance(e["type"], list) else [e["type"]]}
                for e in info["entities"]
            ]
        information.append(info)
    return {**shown, "information": information}


def _record_status(store: Store, tenant: str, sub_id: str, ok: bool, stamp: str, *, first: bool) -> None:
    """Store a delivery outcome. A notification counts once in ``timesSent`` (and, if its first attempt
    failed, once in ``timesFailed``); its retries only move ``status`` and the timestamps."""
    from citytwin.errors import ResourceNotFound

    t = store.tenant(tenant)
    try:
        doc = t.get_document(KIND, sub_id)
    except ResourceNotFound:
        return  # deleted meanwhile
    note = doc["notification"]
    if first:
        note["timesSent"] = int(note.get("timesSent", 0)) + 1
    note["lastNotification"] = stamp
    if ok:
        note["lastSuccess"] = stamp
        note["status"] = "ok"
    else:
        if first:
            note["timesFailed"] = int(note.get("timesFailed", 0)) + 1
        note["lastFailure"] = stamp
        note["status"] = "failed"
    t.put_document(KIND, sub_id, doc)
