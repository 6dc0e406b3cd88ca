"""The event desk's contact directory: who is told about grid-management events, and where.

A contact is a person or a team with an id (the id dispatchers name as ``assignee``), a webhook URL and/or
an MQTT topic on the configured broker, and what it covers: categories, departments, admin areas (code
prefixes: city ``4403``, district ``440305``, street ``440305007``, community ``440305007003``) and the
handling level from which on it cares (``street``: once an event is escalated to street level or above).

The directory is data (``citytwin/data/workorders/contacts.yaml``, a demo whose endpoints are MQTT topics
on the local broker; an operator file replaces it through ``CITYTWIN_CONTACTS_FILE``). It is delivered by
the platform's own machinery: :func:`subscriptions` turns each contact endpoint into one NGSI-LD
subscription on ``GridEvent`` (id ``urn:ngsi-ld:Subscription:contact:<id>:<webhook|mqtt>``) whose ``q``
says which events concern the contact, watching ``transitions`` so that every lifecycle transition is
notified once; :mod:`citytwin.analytics.contacts_sync` keeps the store's subscriptions equal to that.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from citytwin.analytics.workorders import EVENT_TYPE, PREVIOUS_ASSIGNEE, load_policies
from citytwin.core.codes.admin import normalize
from citytwin.core.entities import ADMIN_CODE
from citytwin.core.workorders.lifecycle import LEVELS, CategoryPolicy
from citytwin.errors import BadRequestData, CitytwinError

SUBSCRIPTION_PREFIX = "urn:ngsi-ld:Subscription:contact:"
"""Every subscription the desk manages has an id starting with this; the desk owns them all."""
DEFAULT_BROKER = "mqtt://127.0.0.1:1883"
"""Where MQTT topics are published when neither the directory nor ``CITYTWIN_MQTT_URL`` names a broker."""
WATCHED = ("transitions",)
"""Every lifecycle transition (and the report itself) rewrites ``transitions``; nothing else notifies."""
MQTT_QOS = "1"
"""Contacts get their MQTT notifications acknowledged by the broker (PUBACK)."""
SHIPPED = "the shipped demo directory (citytwin/data/workorders/contacts.yaml)"

_ID = re.compile(r"[\w.\-]+")
_FIELDS = frozenset(
    {"id", "name", "webhook", "headers", "mqtt", "categories", "departments", "areas", "level"}
)


@dataclass(frozen=True, slots=True)
class Contact:
    """One entry of the directory."""

    id: str
    name: str = ""
    webhook: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    """Sent with every webhook call (a token the receiver checks, for instance)."""
    mqtt: str | None = None
    """A topic on the directory's broker, or a whole ``mqtt(s)://host:port/topic`` URL."""
    categories: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    """Canonical admin-code prefixes (``440300`` is kept as ``4403``)."""
    level: str | None = None
    """The lowest handling level it cares about (None: every level)."""

    @property
    def covers(self) -> bool:
        """Whether it covers events beyond the ones assigned to it."""
        return bool(self.categories or self.departments or self.areas or self.level)

    def q(self) -> str:
        """The NGSI-LD ``q`` selecting the events that concern it: assigned to it, or inside its coverage."""
        mine = _strings(self.id)
        parts = [f"assignee=={mine}", f"{PREVIOUS_ASSIGNEE}=={mine}"]
        coverage = []
        if self.categories:
            coverage.append(f"category=={_strings(*self.categories)}")
        if self.departments:
            coverage.append(f"department=={_strings(*self.departments)}")
        if self.areas:
            coverage.append(f'{ADMIN_CODE}~="^({"|".join(self.areas)})"')
        if self.level is not None:
            coverage.append(f"level=={_strings(*LEVELS[LEVELS.index(self.level) :])}")
        if coverage:
            parts.append(f"({';'.join(coverage)})")
        return "|".join(parts)


@dataclass(frozen=True, slots=True)
class Directory:
    """The contacts, the broker their MQTT topics are on, and where they were read from."""

    contacts: tuple[Contact, ...]
    broker: str
    source: str

    def get(self, ident: str) -> Contact | None:
        """The contact with this id, if any."""
        return next((c for c in self.contacts if c.id == ident), None)


def _strings(*values: str) -> str:
    """Quoted q values (a comma list when several)."""
    return ",".join(json.dumps(v, ensure_ascii=False) for v in values)


def subscription_id(contact_id: str, channel: str) -> str:
    """The id of the subscription delivering to one of a contact's endpoints (``webhook`` or ``mqtt``)."""
    return f"{SUBSCRIPTION_PREFIX}{contact_id}:{channel}"


def _mqtt_uri(contact: Contact, broker: str) -> str:
    assert contact.mqtt is not None
    if contact.mqtt.startswith(("mqtt://", "mqtts://")):
        return contact.mqtt
    return f"{broker.rstrip('/')}/{quote(contact.mqtt.strip('/'), safe='/')}"


def endpoints(contact: Contact, broker: str) -> dict[str, dict[str, Any]]:
    """The NGSI-LD endpoints of a contact by channel (``webhook``, ``mqtt``)."""
    out: dict[str, dict[str, Any]] = {}
    if contact.webhook is not None:
        hook: dict[str, Any] = {"uri": contact.webhook, "accept": "application/json"}
        if contact.headers:
            hook["receiverInfo"] = [{"key": k, "value": v} for k, v in contact.headers]
        out["webhook"] = hook
    if contact.mqtt is not None:
        out["mqtt"] = {
            "uri": _mqtt_uri(contact, broker),
            "accept": "application/json",
            "notifierInfo": [{"key": "MQTT-QoS", "value": MQTT_QOS}],
        }
    return out


def subscriptions(directory: Directory) -> dict[str, dict[str, Any]]:
    """The NGSI-LD subscriptions (request bodies, core @context) the directory maps to, by id."""
    out: dict[str, dict[str, Any]] = {}
    for contact in directory.contacts:
        label = f"{contact.id} ({contact.name})" if contact.name else contact.id
        for channel, endpoint in endpoints(contact, directory.broker).items():
            sub_id = subscription_id(contact.id, channel)
            out[sub_id] = {
                "id": sub_id,
                "type": "Subscription",
                "subscriptionName": f"contact {label} via {channel}",
                "description": f"Kept by the event desk from {directory.source}: edit that file, not this.",
                "entities": [{"type": EVENT_TYPE}],
                "watchedAttributes": list(WATCHED),
                "q": contact.q(),
                "notification": {"format": "keyValues", "endpoint": endpoint},
            }
    return out


# -- reading and validating ----------------------------------------------------------------------------


def _texts(raw: Any, where: str, member: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw or not all(isinstance(v, str) and v.strip() for v in raw):
        raise BadRequestData(f"{where}: '{member}' must be a non-empty list of strings")
    return tuple(dict.fromkeys(v.strip() for v in raw))


def _known(values: tuple[str, ...], allowed: Iterable[str], where: str, member: str) -> None:
    known = set(allowed)
    unknown = [v for v in values if v not in known]
    if unknown:
        raise BadRequestData(
            f"{where}: unknown {member} {', '.join(map(repr, unknown))}; known: {', '.join(sorted(known))}"
        )


def _areas(raw: Any, where: str) -> tuple[str, ...]:
    out = []
    for code in _texts(raw, where, "areas"):
        try:
            out.append(normalize(code))
        except CitytwinError as err:
            raise BadRequestData(f"{where}: area {code!r} is not an admin code ({err.detail})") from None
    return tuple(dict.fromkeys(out))


def _endpoint(uri: Any, where: str, member: str, schemes: tuple[str, ...]) -> str | None:
    from citytwin.stream.delivery import Endpoint

    if uri is None:
        return None
    if not isinstance(uri, str) or not uri.strip():
        raise BadRequestData(f"{where}: '{member}' must be a string")
    if not uri.startswith(schemes):
        if member == "webhook":
            raise BadRequestData(f"{where}: webhook {uri!r} must be an http:// or https:// URL")
        return uri.strip()  # a topic on the directory's broker, checked once the broker is known
    try:
        Endpoint.from_dict({"uri": uri})
    except CitytwinError as err:
        raise BadRequestData(f"{where}: {member}: {err.detail}") from None
    return uri


def _headers(raw: Any, where: str) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping) or not all(isinstance(v, str) for v in raw.values()):
        raise BadRequestData(f"{where}: 'headers' maps header names to string values")
    return tuple((str(k), v) for k, v in raw.items())


def parse_contact(raw: Any, index: int, policies: Mapping[str, CategoryPolicy]) -> Contact:
    """One directory entry, validated (BadRequestData names the entry and what is wrong)."""
    where = f"contact #{index + 1}"
    if not isinstance(raw, Mapping):
        raise BadRequestData(f"{where}: must be a mapping with at least 'id' and 'webhook' or 'mqtt'")
    ident = raw.get("id")
    if not isinstance(ident, str) or not _ID.fullmatch(ident):
        raise BadRequestData(f"{where}: 'id' must be letters, digits, '.', '_' or '-' (got {ident!r})")
    where = f"contact {ident!r}"
    extra = sorted(set(raw) - _FIELDS)
    if extra:
        raise BadRequestData(
            f"{where}: unknown field(s) {', '.join(extra)}; use {', '.join(sorted(_FIELDS))}"
        )
    level = raw.get("level")
    if level is not None and level not in LEVELS:
        raise BadRequestData(f"{where}: level {level!r} is not one of {', '.join(LEVELS)}")
    categories = _texts(raw.get("categories"), where, "categories")
    departments = _texts(raw.get("departments"), where, "departments")
    _known(categories, policies, where, "categories")
    _known(departments, {d for p in policies.values() for d in p.departments.values()}, where, "departments")
    contact = Contact(
        id=ident,
        name=str(raw.get("name") or ""),
        webhook=_endpoint(raw.get("webhook"), where, "webhook", ("http://", "https://")),
        headers=_headers(raw.get("headers"), where),
        mqtt=_endpoint(raw.get("mqtt"), where, "mqtt", ("mqtt://", "mqtts://")),
        categories=categories,
        departments=departments,
        areas=_areas(raw.get("areas"), where),
        level=level,
    )
    if contact.webhook is None and contact.mqtt is None:
        raise BadRequestData(f"{where}: give a 'webhook' URL or an 'mqtt' topic (or both)")
    return contact


def parse_directory(
    raw: Any,
    *,
    source: str,
    broker: str | None = None,
    policies: Mapping[str, CategoryPolicy] | None = None,
) -> Directory:
    """A directory from its YAML document; ``broker`` is used when the document names none."""
    from citytwin.stream.delivery import Endpoint

    if not isinstance(raw, Mapping) or not isinstance(raw.get("contacts"), list):
        raise BadRequestData(f"contacts file {source}: expected a mapping with a 'contacts' list")
    extra = sorted(set(raw) - {"contacts", "broker"})
    if extra:
        raise BadRequestData(f"contacts file {source}: unknown top-level key(s) {', '.join(extra)}")
    chosen = policies if policies is not None else load_policies()
    contacts = [parse_contact(item, i, chosen) for i, item in enumerate(raw["contacts"])]
    seen: set[str] = set()
    for c in contacts:
        if c.id in seen:
            raise BadRequestData(f"contacts file {source}: contact {c.id!r} is listed twice")
        seen.add(c.id)
    url = str(raw.get("broker") or broker or DEFAULT_BROKER).rstrip("/")
    if not url.startswith(("mqtt://", "mqtts://")):
        raise BadRequestData(f"contacts file {source}: broker {url!r} must be an mqtt:// or mqtts:// URL")
    directory = Directory(tuple(contacts), url, source)
    for c in directory.contacts:  # topics become URLs on the broker only now: check them as sent
        for channel, endpoint in endpoints(c, url).items():
            try:
                Endpoint.from_dict(endpoint)
            except CitytwinError as err:
                raise BadRequestData(f"contact {c.id!r}: {channel}: {err.detail}") from None
    return directory


def load_directory(path: Path | None = None, *, broker: str | None = None) -> Directory:
    """The operator's directory at ``path``, else the shipped demo one."""
    if path is None:
        text = files("citytwin.data").joinpath("workorders/contacts.yaml").read_text("utf-8")
        source = SHIPPED
    else:
        try:
            text, source = Path(path).read_text("utf-8"), str(path)
        except OSError as err:
            raise BadRequestData(f"contacts file {path}: cannot be read ({err.strerror})") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise BadRequestData(f"contacts file {source}: not valid YAML ({err})") from None
    return parse_directory(raw, source=source, broker=broker)
