"""The receiver of propagated subscriptions' notifications: ``POST /ngsi-ld/v1/csourceNotify``.

A source notifies a subordinate subscription (:mod:`.propagation`) here, naming the tenant and the local
subscription in the query and carrying the subscription's secret key (``X-Citytwin-Propagation-Key``); an
unknown subscription or a wrong key is 404. The entities (normalized, in the subscription's @context) are cut
to what the sending registration provides, passed through what the subscription's owner may see (the
notification guard of the local subscriptions), rendered as the subscription asks (format, attributes, pick
and omit, sysAttrs, lang, GeoJSON, its ``jsonldContext``) and sent to its endpoint through the platform's
one delivery path, as one notification of the local subscription. Duplicates are dropped: an entity is not
sent again while what would be sent equals what was sent last for it (a source retrying, two sources sending
the same state). The answer is ``204`` once the subscriber took the notification (or nothing was left to
send) and ``500`` when it did not, so the source retries.
"""

from __future__ import annotations

import hmac
from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from citytwin.core.entities import Entity
from citytwin.core.timeutil import format_instant
from citytwin.errors import BadRequestData, CitytwinError, InternalError, ResourceNotFound
from citytwin.federation.matching import keep_provided
from citytwin.federation.propagation import KEY_HEADER, KIND, Propagator
from citytwin.federation.registration import Registration
from citytwin.federation.service import Federation
from citytwin.federation.wire import remote_entity
from citytwin.ngsild.request import no_content, read_json, run
from citytwin.stream.demand import SUBSCRIPTION_KIND
from citytwin.stream.matching import CompiledSubscription
from citytwin.stream.notification import notification_id, notification_message, render_current
from citytwin.stream.subscription import StoredSubscription

_ENCODE = msgspec.json.Encoder().encode


def _document(fed: Federation, tenant: str, kind: str, doc_id: str) -> dict[str, Any] | None:
    try:
        return fed.store.tenant(tenant).get_document(kind, doc_id)
    except ResourceNotFound:
        return None


async def receive(request: Request, fed: Federation) -> Response:
    """Take one notification of a subordinate subscription and send it on (see the module docstring)."""
    params = request.query_params
    tenant, sub_id = params.get("tenant", ""), params.get("subscription", "")
    state = await run(_document, fed, tenant, KIND, sub_id) if sub_id else None
    given = request.headers.get(KEY_HEADER, "")
    if state is None or not hmac.compare_digest(str(state.get("key", "")), given):
        raise ResourceNotFound("no propagated subscription is notified here with that key")
    payload = await read_json(request)
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        raise BadRequestData("a notification must be an object with a data array")
    remote = next(
        (r for r in state["remotes"].values() if r.get("id") == payload.get("subscriptionId")), None
    )
    doc = await run(_document, fed, tenant, SUBSCRIPTION_KIND, sub_id)
    stream = getattr(request.app.state, "stream", None)
    if remote is None or doc is None or stream is None:
        return no_content()  # a subordinate no longer wanted: the next pass deletes it at the source
    prop = fed.propagation
    sub = await _compiled(prop, stream, tenant, StoredSubscription.from_doc(doc))
    now = stream.timer.now()
    if sub.status(now) != "active":
        return no_content()
    entities = await _entities(sub, Registration.from_doc(remote["registration"]), payload["data"])
    items: list[bytes] = []
    sent: list[Entity] = []
    keys: list[tuple[tuple[str, str, str], bytes]] = []
    for entity in entities:
        item = _ENCODE(render_current(entity, sub))
        key = (tenant, sub_id, entity.id)
        if prop.last.get(key) == item or any(k == key and i == item for k, i in keys):
            continue
        items.append(item)
        sent.append(entity)
        keys.append((key, item))
    if not items:
        return no_content()
    ident = notification_id()
    outcome = await fed.csubs.deliverer.send(
        sub.endpoint, notification_message(sub, items, format_instant(now), ident)
    )
    if not outcome.ok:
        raise InternalError(f"the subscriber did not take the notification: {outcome.detail}")
    for key, item in keys:
        prop.remember(key, item)
    access = sub.access
    if access is not None and access.ledgers():
        names = sorted({n for e in sent for n in e.attrs if sub.project.wants(n)})
        access.record(sub.id, [e.id for e in sent], names, ident)
    return no_content()


async def _compiled(
    prop: Propagator, stream: Any, tenant: str, stored: StoredSubscription
) -> CompiledSubscription:
    """The local subscription compiled as the notifier does (owner scope included); cached per version."""
    key = (tenant, stored.id)
    found = prop.compiled.get(key)
    if found is not None and found[0] == stored.modified_at:
        compiled: CompiledSubscription = found[1]
        return compiled
    compiled = await stream.compile(tenant, stored)
    if len(prop.compiled) > 10_000:
        prop.compiled.clear()
    prop.compiled[key] = (stored.modified_at, compiled)
    return compiled


async def _entities(sub: CompiledSubscription, reg: Registration, data: list[Any]) -> list[Entity]:
    """The notified entities as the owner may see them, cut to what the registration provides."""
    out = []
    for item in data:
        try:
            entity = keep_provided(reg, remote_entity(item, sub.ctx))
        except CitytwinError:
            continue  # a malformed entity is not sent on
        if entity is not None:
            out.append(entity)
    access = sub.access
    if access is None or not out:
        return out
    if access.refresh_due():
        await run(access.refresh)
    return [seen for e in out if (seen := access.entity(e)) is not None]
