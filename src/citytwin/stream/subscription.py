"""NGSI-LD subscriptions (ETSI GS CIM 009 V1.8: clauses 5.2.12 Subscription, 5.2.14 NotificationParams,
5.8 operations): validation, the stored form, and the representation clients read back.

A subscription is kept as a store document (kind :data:`~citytwin.stream.demand.SUBSCRIPTION_KIND`) holding
its members with attribute and type names in stored form (so any client @context reads them back in its own
terms), the ``q`` / ``scopeQ`` strings as given, and the @context reference of the request that created it
(``q`` is expanded with it). Delivery status (``timesSent`` ...) lives with the subscription's cursor in the
stream state, not in the document, because it changes with every notification.

``temporalQ`` is checked and applied by :mod:`citytwin.stream.temporalq`; ``csf`` (the ``q`` grammar over
context source registrations) selects the registrations the subscription is propagated to, and
``localOnly: true`` keeps it to this broker (:mod:`citytwin.federation.propagation`). ``datasetId`` picks the
attribute instances notified; ``notification.join`` / ``joinLevel`` add linked entities (clause 4.5.23).
Members the Subscription data type does not define are ignored, as JSON-LD expansion drops unknown terms;
the system's members (``status``, ``timesSent`` ...) are ignored when a client sends them.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import unquote

from citytwin.core.entities import check_name
from citytwin.core.qlang import parse_q
from citytwin.core.scopeq import parse_scope_q
from citytwin.core.timeutil import format_instant, parse_instant
from citytwin.errors import BadRequestData, CitytwinError
from citytwin.ngsild.context import LdContext
from citytwin.ngsild.linked import parse_linked_q
from citytwin.ngsild.representation import NGSI_LD_NULL
from citytwin.ngsild.routes_query import geo_filter
from citytwin.stream import temporalq
from citytwin.stream.delivery import Endpoint

TRIGGERS = (
    "entityCreated",
    "entityUpdated",
    "entityDeleted",
    "attributeCreated",
    "attributeUpdated",
    "attributeDeleted",
)
DEFAULT_TRIGGERS = ("attributeCreated", "attributeUpdated")
"""NGSI-LD's default: ``entityUpdated`` is attributeCreated + attributeUpdated + attributeDeleted."""
FORMATS = {
    "normalized": "normalized",
    "concise": "concise",
    "keyValues": "keyValues",
    "simplified": "keyValues",
}
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
_TYPE_TOKEN = re.compile(r"[^,;|()\s]+")
_TOP = (
    "id", "type", "subscriptionName", "description", "entities", "watchedAttributes", "notificationTrigger",
    "timeInterval", "q", "geoQ", "scopeQ", "csf", "lang", "isActive", "notification", "expiresAt",
    "throttling", "temporalQ", "localOnly", "datasetId",
)  # fmt: skip
_ENDPOINT = ("uri", "accept", "timeout", "cooldown", "receiverInfo", "notifierInfo")
_NOTIFICATION = (
    "attributes",
    "pick",
    "omit",
    "sysAttrs",
    "format",
    "showChanges",
    "endpoint",
    "join",
    "joinLevel",
)
_READ_ONLY = frozenset(
    {"status", "timesSent", "timesFailed", "lastNotification", "lastSuccess", "lastFailure"}
)

Names = Callable[[str], str]


def q_text(value: str) -> str:
    """A ``q`` as evaluated: percent-escapes decoded, as in a URL query (clients copy them from one)."""
    return unquote(value) if "%" in value else value


def is_uri(value: Any) -> bool:
    """Whether ``value`` is an absolute URI (what NGSI-LD ids must be)."""
    return isinstance(value, str) and bool(_URI.match(value))


def _is_null(value: Any) -> bool:
    return value is None or value == NGSI_LD_NULL


# -- members: request terms → stored form -----------------------------------------------------------------


def _names(raw: Any, member: str, to_store: Names) -> list[str]:
    if not isinstance(raw, list) or not raw or not all(isinstance(n, str) and n for n in raw):
        raise BadRequestData(f"{member} must be a non-empty array of attribute names")
    return list(dict.fromkeys(to_store(check_name(n)) for n in raw))


def map_type_expression(text: str, fn: Names) -> str:
    """A type expression with each type name mapped by ``fn`` (operators and grouping kept)."""
    return _TYPE_TOKEN.sub(lambda m: fn(m.group(0)), text)


def _entities(raw: Any, to_store: Names) -> list[dict[str, Any]]:
    from citytwin.core.query_eval import compile_regex
    from citytwin.core.typeexpr import parse_types

    if not isinstance(raw, list) or not raw:
        raise BadRequestData("entities must be a non-empty array of EntitySelector objects")
    out: list[dict[str, Any]] = []
    for item in raw:
        if not isinstance(item, dict):
            raise BadRequestData("every item of entities must be an object (EntitySelector)")
        selector: dict[str, Any] = {}
        if "id" in item:
            if not is_uri(item["id"]):
                raise BadRequestData(f"entities: id {item['id']!r} is not a URI")
            selector["id"] = item["id"]
        if "idPattern" in item:
            if not isinstance(item["idPattern"], str):
                raise BadRequestData("entities: idPattern must be a string (a regular expression)")
            compile_regex(item["idPattern"])
            selector["idPattern"] = item["idPattern"]
        types = item.get("type")
        if not isinstance(types, str) or not types.strip():
            raise BadRequestData("entities: every EntitySelector needs a 'type'")
        try:
            parse_types(types)
        except CitytwinError as err:
            raise BadRequestData(f"entities: type {types!r}: {err.detail}") from None
        selector["type"] = map_type_expression(types, to_store)
        out.append(selector)
    return out


def _number(raw: Any, member: str, *, zero: bool) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < 0 or (raw == 0 and not zero):
        raise BadRequestData(f"{member} must be a {'non-negative' if zero else 'positive'} number of seconds")
    return raw


def _geo_q(raw: Any, ctx: LdContext) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise BadRequestData("geoQ must be an object with geometry, coordinates and georel")
    for key in ("geometry", "coordinates", "georel"):
        if key not in raw:
            raise BadRequestData(f"geoQ needs {key!r}")
    if raw.get("geoproperty") is not None and not isinstance(raw["geoproperty"], str):
        raise BadRequestData("geoQ.geoproperty must be an attribute name")
    geo_filter(raw["georel"], raw["geometry"], raw["coordinates"], raw.get("geoproperty"), ctx)
    out = {"geometry": raw["geometry"], "coordinates": raw["coordinates"], "georel": raw["georel"]}
    if raw.get("geoproperty"):
        out["geoproperty"] = ctx.to_store(raw["geoproperty"])
    return out


def _notification(raw: Any, to_store: Names, current: dict[str, Any] | None = None) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise BadRequestData("notification must be an object (NotificationParams)")
    out = dict(current or {})
    for key, value in raw.items():
        if key in _READ_ONLY:
            continue  # clients may echo what they read; the system owns these members
        if key not in _NOTIFICATION:
            raise BadRequestData(f"notification has an unknown member {key!r}")
        if _is_null(value):
            out.pop(key, None)
        elif key in ("attributes", "pick", "omit"):
            out[key] = _names(value, f"notification.{key}", to_store)
        elif key in ("sysAttrs", "showChanges"):
            if not isinstance(value, bool):
                raise BadRequestData(f"notification.{key} must be true or false")
            out[key] = value
        elif key == "join":
            if value not in ("flat", "inline", "@none"):
                raise BadRequestData(f"notification.join must be flat, inline or @none, got {value!r}")
            out[key] = value
        elif key == "joinLevel":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise BadRequestData("notification.joinLevel must be a positive integer")
            out[key] = value
        elif key == "format":
            if value not in FORMATS:
                raise BadRequestData(f"notification.format {value!r} is not one of {', '.join(FORMATS)}")
            out[key] = value
        else:
            Endpoint.from_dict(value)  # validates; the members are kept as the client gave them
            out[key] = {k: v for k, v in value.items() if k in _ENDPOINT}
    if "endpoint" not in out:
        raise BadRequestData("notification.endpoint is required")
    if out.get("showChanges") and FORMATS.get(out.get("format", "normalized")) == "keyValues":
        raise BadRequestData("showChanges cannot be used with the keyValues (simplified) format")
    if "pick" in out and "omit" in out:
        raise BadRequestData("notification.pick and notification.omit cannot be used together")
    if "attributes" in out and ("pick" in out or "omit" in out):
        raise BadRequestData("notification.attributes cannot be used with notification.pick or omit")
    return out


def _dataset_ids(raw: Any) -> list[str]:
    """``datasetId``: a URI or an array of URIs (the instances notifications carry)."""
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not items or not all(is_uri(i) or i == "@none" for i in items):
        raise BadRequestData("datasetId must be a URI or a non-empty array of URIs")
    return list(dict.fromkeys(items))


def _member(key: str, value: Any, ctx: LdContext, current: dict[str, Any]) -> Any:
    """One top-level member in stored form (BadRequestData when invalid)."""
    to_store = ctx.to_store
    if key in ("subscriptionName", "description", "lang"):
        if not isinstance(value, str):
            raise BadRequestData(f"{key} must be a string")
        return value
    if key == "entities":
        return _entities(value, to_store)
    if key == "watchedAttributes":
        return _names(value, key, to_store)
    if key == "notificationTrigger":
        if not isinstance(value, list) or not value or not all(v in TRIGGERS for v in value):
            raise BadRequestData(f"notificationTrigger must be a non-empty array of {', '.join(TRIGGERS)}")
        return list(dict.fromkeys(value))
    if key == "timeInterval":
        return _number(value, key, zero=False)
    if key == "throttling":
        return _number(value, key, zero=True)
    if key in ("q", "csf"):
        if not isinstance(value, str) or not value.strip():
            raise BadRequestData(f"{key} must be a non-empty string")
        try:
            if key == "q":  # 4.9: terms over linked entities (rel{attr}) are allowed in a subscription's q
                parse_linked_q(q_text(value), expand=to_store)
            else:
                parse_q(value, expand=to_store)
        except CitytwinError as err:
            raise BadRequestData(f"{key}: {err.detail}") from None
        return value
    if key == "scopeQ":
        if not isinstance(value, str):
            raise BadRequestData("scopeQ must be a string")
        try:
            parse_scope_q(value)
        except CitytwinError as err:
            raise BadRequestData(f"scopeQ: {err.detail}") from None
        return value
    if key == "geoQ":
        return _geo_q(value, ctx)
    if key in ("isActive", "localOnly"):
        if not isinstance(value, bool):
            raise BadRequestData(f"{key} must be true or false")
        return value
    if key == "expiresAt":
        if not isinstance(value, str):
            raise BadRequestData("expiresAt must be a date-time string")
        return format_instant(parse_instant(value))
    if key == "notification":
        return _notification(value, to_store, current.get("notification"))
    if key == "temporalQ":
        return temporalq.checked(value)
    if key == "datasetId":
        return _dataset_ids(value)
    raise BadRequestData(f"unknown subscription member {key!r}")


def _check_whole(body: dict[str, Any], now: datetime, *, creating: bool) -> None:
    if "entities" not in body and "watchedAttributes" not in body:
        raise BadRequestData("a subscription needs entities or watchedAttributes (or both)")
    if "notification" not in body:
        raise BadRequestData("a subscription needs notification (with an endpoint)")
    if "timeInterval" in body:
        if "watchedAttributes" in body:
            raise BadRequestData("timeInterval and watchedAttributes cannot be used together")
        if body.get("throttling"):
            raise BadRequestData("timeInterval and throttling cannot be used together")
        if "entities" not in body:
            raise BadRequestData("a periodic subscription (timeInterval) needs entities")
    if creating and "expiresAt" in body and parse_instant(body["expiresAt"]) <= now:
        raise BadRequestData(f"expiresAt {body['expiresAt']} is not in the future")


def new_subscription(payload: Any, ctx: LdContext, now: datetime) -> dict[str, Any]:
    """The stored body of a subscription created from ``payload`` (an id is made when it has none)."""
    if not isinstance(payload, dict):
        raise BadRequestData("a subscription must be a JSON object")
    if payload.get("type") != "Subscription":
        raise BadRequestData(f"the subscription's type must be 'Subscription', got {payload.get('type')!r}")
    sub_id = payload.get("id", f"urn:ngsi-ld:Subscription:{uuid.uuid4()}")
    if not is_uri(sub_id):
        raise BadRequestData(f"subscription id {sub_id!r} is not a URI")
    body: dict[str, Any] = {"id": sub_id, "type": "Subscription"}
    for key, value in payload.items():
        if key in ("id", "type", "@context", "jsonldContext", "status", "createdAt", "modifiedAt"):
            continue
        if key not in _TOP:
            continue  # a term the subscription data type does not define (JSON-LD drops it too)
        if value is None:
            continue
        body[key] = _member(key, value, ctx, body)
    if "jsonldContext" in payload:
        if not is_uri(payload["jsonldContext"]):
            raise BadRequestData("jsonldContext must be the URI of an @context")
        body["jsonldContext"] = payload["jsonldContext"]
    _check_whole(body, now, creating=True)
    return body


def patched_subscription(
    current: dict[str, Any], fragment: Any, ctx: LdContext, now: datetime
) -> dict[str, Any]:
    """``current`` with a PATCH fragment applied (members replaced; null removes; notification merged)."""
    if not isinstance(fragment, dict) or not fragment:
        raise BadRequestData("the update must be a non-empty JSON object (a subscription fragment)")
    if "id" in fragment and fragment["id"] != current["id"]:
        raise BadRequestData("the fragment's id differs from the subscription's id")
    if "type" in fragment and fragment["type"] != "Subscription":
        raise BadRequestData("the fragment's type must be 'Subscription'")
    body = dict(current)
    for key, value in fragment.items():
        if key in ("id", "type", "@context", "status", "createdAt", "modifiedAt"):
            continue
        if key == "jsonldContext":
            if _is_null(value):
                body.pop(key, None)
            elif not is_uri(value):
                raise BadRequestData("jsonldContext must be the URI of an @context")
            else:
                body[key] = value
            continue
        if key not in _TOP:
            continue  # as on create: not a member of the Subscription data type
        if _is_null(value):
            if key == "notification":
                raise BadRequestData("notification cannot be removed")
            body.pop(key, None)
        else:
            body[key] = _member(key, value, ctx, body)
    _check_whole(body, now, creating="expiresAt" in fragment)
    return body


# -- the stored document -----------------------------------------------------------------------------------


@dataclass(slots=True)
class StoredSubscription:
    """A subscription document: the body, the @context reference it was written with, system times."""

    body: dict[str, Any]
    context: Any = None
    created_at: str = ""
    modified_at: str = ""
    link: str = ""
    """The URL of the @context it was written with (its jsonldContext unless one was given)."""
    owner: dict[str, Any] | None = None
    """The subject that created it (notifications carry only what it may see); None: the platform."""

    @property
    def id(self) -> str:
        """The subscription id."""
        value: str = self.body["id"]
        return value

    def to_doc(self) -> dict[str, Any]:
        """The document stored for it."""
        doc = {"body": self.body, "context": self.context, "createdAt": self.created_at,
               "modifiedAt": self.modified_at, "link": self.link}  # fmt: skip
        if self.owner is not None:
            doc["owner"] = self.owner
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> StoredSubscription:
        """Inverse of :meth:`to_doc`."""
        return cls(doc["body"], doc.get("context"), doc.get("createdAt", ""), doc.get("modifiedAt", ""),
                   doc.get("link", ""), doc.get("owner"))  # fmt: skip


@dataclass(slots=True)
class DeliveryStatus:
    """Notification status members (clause 5.2.14) plus the subscription's cursor in the change log."""

    cursor: int = 0
    times_sent: int = 0
    times_failed: int = 0
    last_notification: str | None = None
    last_success: str | None = None
    last_failure: str | None = None
    last_ok: bool | None = None

    def to_state(self) -> dict[str, Any]:
        """The persisted form (without the cursor, which is stored beside it)."""
        return {"sent": self.times_sent, "failed": self.times_failed, "last": self.last_notification,
                "success": self.last_success, "failure": self.last_failure, "ok": self.last_ok}  # fmt: skip

    @classmethod
    def from_state(cls, cursor: int, state: dict[str, Any]) -> DeliveryStatus:
        """Inverse of :meth:`to_state`."""
        return cls(cursor, int(state.get("sent", 0)), int(state.get("failed", 0)), state.get("last"),
                   state.get("success"), state.get("failure"), state.get("ok"))  # fmt: skip


def subscription_status(body: dict[str, Any], now: datetime) -> str:
    """``active``, ``paused`` (isActive false) or ``expired`` (expiresAt passed)."""
    expires = body.get("expiresAt")
    if expires is not None and parse_instant(expires) <= now:
        return "expired"
    return "paused" if body.get("isActive") is False else "active"


def render_subscription(
    stored: StoredSubscription,
    status: DeliveryStatus,
    ctx: LdContext,
    now: datetime,
    *,
    sys_attrs: bool = False,
) -> dict[str, Any]:
    """The Subscription as GET returns it, names compacted against ``ctx``."""
    body = stored.body
    from_store = ctx.from_store
    out: dict[str, Any] = {"id": body["id"], "type": "Subscription"}
    for key in ("subscriptionName", "description"):
        if key in body:
            out[key] = body[key]
    if "entities" in body:
        out["entities"] = [
            {**sel, "type": map_type_expression(sel["type"], from_store)} for sel in body["entities"]
        ]
    if "watchedAttributes" in body:
        out["watchedAttributes"] = [from_store(n) for n in body["watchedAttributes"]]
    out["notificationTrigger"] = list(body.get("notificationTrigger", DEFAULT_TRIGGERS))
    for key in ("timeInterval", "q", "scopeQ", "csf", "lang", "temporalQ"):
        if key in body:
            out[key] = body[key]
    if "geoQ" in body:
        geo = dict(body["geoQ"])
        if "geoproperty" in geo:
            geo["geoproperty"] = from_store(geo["geoproperty"])
        out["geoQ"] = geo
    for key in ("isActive", "localOnly"):
        if key in body:
            out[key] = body[key]
    notification = dict(body["notification"])
    for key in ("attributes", "pick", "omit"):
        if key in notification:
            notification[key] = [from_store(n) for n in notification[key]]
    if status.last_ok is not None:
        notification["status"] = "ok" if status.last_ok else "failed"
    # System members appear once there is something to report (the suite compares a fresh one exactly).
    if status.times_sent:
        notification["timesSent"] = status.times_sent
    if status.times_failed:
        notification["timesFailed"] = status.times_failed
    for key, value in (("lastNotification", status.last_notification), ("lastSuccess", status.last_success),
                       ("lastFailure", status.last_failure)):  # fmt: skip
        if value is not None:
            notification[key] = value
    out["notification"] = notification
    for key in ("expiresAt", "throttling", "datasetId"):
        if key in body:
            out[key] = body[key]
    out["status"] = subscription_status(body, now)
    if "jsonldContext" in body:  # a client member: absent, notifications use the creating @context
        out["jsonldContext"] = body["jsonldContext"]
    if sys_attrs:
        out["createdAt"] = stored.created_at
        out["modifiedAt"] = stored.modified_at
    return out
