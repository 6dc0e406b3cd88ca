"""Context source registrations (ETSI GS CIM 009 V1.8.1 clauses 5.2.9, 5.2.10, 5.2.34, 5.9): checked, shown.

A registration is kept as a JSON document in the tenant's document store (kind :data:`KIND`), in *stored
names*: entity types and attribute names in ``information`` and the names of additional members are mapped
with the request's @context like entity bodies are, so a registration made under one context matches queries
made under another. :func:`stored_document` checks a request body and gives that document;
:func:`render` shows it again under a request's context; :class:`Registration` is the parsed form matching
and forwarding use.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from shapely.geometry.base import BaseGeometry

from citytwin.core.entities import check_name
from citytwin.core.geometry import parse_geojson
from citytwin.core.query_eval import compile_regex
from citytwin.core.timeutil import format_instant, parse_instant
from citytwin.errors import BadRequestData, CitytwinError
from citytwin.federation import operations as ops
from citytwin.ngsild.representation import NameMap

KIND = "csourceRegistration"
"""Document kind of registrations in the store."""
TYPE = "ContextSourceRegistration"
MODES = ("inclusive", "exclusive", "redirect", "auxiliary")
GEO_MEMBERS = ("location", "observationSpace", "operationSpace")
STATUS_MEMBERS = frozenset({"status", "timesSent", "timesFailed", "lastSuccess", "lastFailure"})
SYSTEM_MEMBERS = frozenset({"createdAt", "modifiedAt", "deletedAt", *STATUS_MEMBERS})
"""Members the broker maintains: ignored in request bodies."""
KNOWN = frozenset(
    {
        *("id", "type", "registrationName", "description", "information", "tenant", "observationInterval"),
        *("managementInterval", *GEO_MEMBERS, "expiresAt", "endpoint", "contextSourceInfo", "scope", "mode"),
        *("operations", "refreshRate", "management", "contextSourceAlias"),
    }
)
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
URI = _URI
"""What an id must look like (an absolute URI)."""
_TENANT = re.compile(r"^[A-Za-z0-9_\-.:]{1,64}$")
_DURATION = re.compile(
    r"^P(?!$)(?:(?P<D>\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)


def new_id() -> str:
    """A fresh registration id."""
    return f"urn:ngsi-ld:ContextSourceRegistration:{uuid.uuid4()}"


def duration_seconds(text: Any, what: str) -> float:
    """An ISO 8601 duration of days, hours, minutes and seconds (``PT30S``, ``P1DT2H``) in seconds."""
    match = _DURATION.match(text) if isinstance(text, str) else None
    if match is None:
        raise BadRequestData(f"{what} must be an ISO 8601 duration such as PT30S or PT1H, got {text!r}")
    parts = {k: float(v) for k, v in match.groupdict().items() if v is not None}
    return parts.get("D", 0) * 86400 + parts.get("h", 0) * 3600 + parts.get("m", 0) * 60 + parts.get("s", 0)


# -- the parsed form --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntityInfo:
    """Entities a source may provide: any of ``types``, narrowed to ``id`` or ``id_pattern`` when given."""

    types: tuple[str, ...]
    id: str | None = None
    id_pattern: str | None = None
    type_set: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "type_set", frozenset(self.types))

    def covers(self, entity_id: str, types: tuple[str, ...]) -> bool:
        """Whether an entity with this id and these types falls under this EntityInfo."""
        if self.type_set.isdisjoint(types):
            return False
        if self.id is not None:
            return entity_id == self.id
        return self.id_pattern is None or bool(compile_regex(self.id_pattern).search(entity_id))


@dataclass(frozen=True, slots=True)
class RegInfo:
    """One RegistrationInfo: entities (empty: any) and attribute names (None: every attribute)."""

    entities: tuple[EntityInfo, ...] = ()
    attrs: frozenset[str] | None = None

    def covers(self, entity_id: str, types: tuple[str, ...]) -> bool:
        """Whether an entity falls under this RegistrationInfo."""
        return not self.entities or any(e.covers(entity_id, types) for e in self.entities)


@dataclass(frozen=True, slots=True)
class Management:
    """RegistrationManagementInfo: how to forward to the source."""

    local_only: bool = False
    cache_s: float = 0.0
    timeout_ms: float | None = None
    cooldown_ms: float = 0.0


@dataclass(frozen=True, slots=True)
class Registration:
    """A stored registration parsed for matching and forwarding (names are stored names)."""

    id: str
    endpoint: str
    information: tuple[RegInfo, ...]
    mode: str = "inclusive"
    operations: frozenset[str] = ops.GROUPS["federationOps"]
    tenant: str | None = None
    spaces: tuple[BaseGeometry, ...] = ()
    scope: tuple[str, ...] = ()
    expires_at: datetime | None = None
    observation: tuple[datetime | None, datetime | None] | None = None
    management_interval: tuple[datetime | None, datetime | None] | None = None
    management: Management = field(default_factory=Management)
    info_headers: tuple[tuple[str, str], ...] = ()
    jsonld_context: str | None = None
    alias: str | None = None
    doc: Mapping[str, Any] = field(default_factory=dict)

    @property
    def covers_all(self) -> bool:
        """Whether the registration covers every entity and attribute (no information narrows it)."""
        return all(i.attrs is None and not i.entities for i in self.information)

    @property
    def api_root(self) -> str:
        """The NGSI-LD API root of the source (``endpoint`` + ``/ngsi-ld/v1`` unless it already ends so)."""
        base = self.endpoint.rstrip("/")
        return base if base.endswith("/ngsi-ld/v1") else base + "/ngsi-ld/v1"

    def expired(self, now: datetime) -> bool:
        """Whether ``expiresAt`` has passed."""
        return self.expires_at is not None and self.expires_at <= now

    def supports(self, operation: str) -> bool:
        """Whether the source offers ``operation``."""
        return operation in self.operations

    def covers(self, entity_id: str, types: tuple[str, ...]) -> list[RegInfo]:
        """The RegistrationInfos an entity falls under."""
        return [i for i in self.information if i.covers(entity_id, types)]

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Registration:
        """The parsed form of a stored document (assumed checked by :func:`stored_document`)."""
        infos = tuple(_reg_info(i) for i in doc["information"])
        mode = doc.get("mode", "inclusive")
        names = doc.get("operations") or ops.default_operations(mode)
        man = doc.get("management") or {}
        source_info = tuple((str(kv["key"]), str(kv["value"])) for kv in doc.get("contextSourceInfo", ()))
        headers = tuple((k, v) for k, v in source_info if k != "jsonldContext")
        jsonld = next((v for k, v in source_info if k == "jsonldContext"), None)
        return cls(
            id=doc["id"],
            endpoint=doc["endpoint"],
            information=infos,
            mode=mode,
            operations=ops.expand(names),
            tenant=doc.get("tenant"),
            spaces=tuple(parse_geojson(doc[g]) for g in GEO_MEMBERS if g in doc),
            scope=_scopes(doc.get("scope")),
            expires_at=parse_instant(doc["expiresAt"]) if "expiresAt" in doc else None,
            observation=_interval(doc.get("observationInterval")),
            management_interval=_interval(doc.get("managementInterval")),
            management=Management(
                local_only=bool(man.get("localOnly", False)),
                cache_s=duration_seconds(man["cacheDuration"], "cacheDuration")
                if "cacheDuration" in man
                else 0,
                timeout_ms=float(man["timeout"]) if "timeout" in man else None,
                cooldown_ms=float(man.get("cooldown", 0)),
            ),
            info_headers=headers,
            jsonld_context=jsonld,
            alias=doc.get("contextSourceAlias"),
            doc=doc,
        )


def _reg_info(raw: Mapping[str, Any]) -> RegInfo:
    entities = tuple(
        EntityInfo(
            tuple(e["type"]) if isinstance(e["type"], list) else (e["type"],), e.get("id"), e.get("idPattern")
        )
        for e in raw.get("entities", ())
    )
    names = [*raw.get("propertyNames", ()), *raw.get("relationshipNames", ())]
    return RegInfo(entities, frozenset(names) if names else None)


def _scopes(raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    return tuple(raw) if isinstance(raw, list) else (raw,)


def _interval(raw: Any) -> tuple[datetime | None, datetime | None] | None:
    if not raw:
        return None
    start = parse_instant(raw["startAt"]) if raw.get("startAt") else None
    end = parse_instant(raw["endAt"]) if raw.get("endAt") else None
    return start, end


def interval_overlaps(raw: Any, window: tuple[datetime | None, datetime | None]) -> bool:
    """Whether a TimeInterval member (``observationInterval``, ``managementInterval``; None: absent, which
    matches any window) overlaps the window of a temporal query."""
    return overlaps(_interval(raw), window)


def overlaps(
    interval: tuple[datetime | None, datetime | None] | None, window: tuple[datetime | None, datetime | None]
) -> bool:
    """Whether an interval (None: none declared, which matches any window; open ends allowed) overlaps a
    window (open ends allowed)."""
    if interval is None:
        return True
    start, end = interval
    w_start, w_end = window
    if end is not None and w_start is not None and end < w_start:
        return False
    return not (start is not None and w_end is not None and w_end < start)


# -- temporal queries over registrations -----------------------------------------------------------------


TIME_MEMBERS = {
    "observedAt": "observationInterval",
    "createdAt": "managementInterval",
    "modifiedAt": "managementInterval",
}


def time_window(
    rel: str | None, at: str | None, end: str | None
) -> tuple[datetime | None, datetime | None] | None:
    """The window of a temporal query (``timerel``, ``timeAt``, ``endTimeAt``); 400 BadRequestData if
    malformed."""
    if rel is None:
        return None
    if at is None:
        raise BadRequestData("timerel needs timeAt")
    try:
        start = parse_instant(at)
        if rel == "before":
            return None, start
        if rel == "after":
            return start, None
        if rel == "between":
            if end is None:
                raise BadRequestData("timerel=between needs endTimeAt")
            return start, parse_instant(end)
    except CitytwinError as err:
        raise err if isinstance(err, BadRequestData) else BadRequestData(err.detail) from None
    raise BadRequestData(f"timerel must be before, after or between, got {rel!r}")


def time_member(timeproperty: str | None) -> str:
    """The registration member a temporal query is matched against: observedAt (the default) looks at
    ``observationInterval``, createdAt and modifiedAt at ``managementInterval`` (clause 5.10.2.4)."""
    member = TIME_MEMBERS.get(timeproperty or "observedAt")
    if member is None:
        raise BadRequestData(
            f"timeproperty must be observedAt, createdAt or modifiedAt, got {timeproperty!r}"
        )
    return member


# -- checking request bodies ------------------------------------------------------------------------------


def stored_document(
    body: Any, names: NameMap, *, now: datetime, created_at: str | None = None, new_expiry: bool = True
) -> dict[str, Any]:
    """The stored document of a registration body (400 BadRequestData naming what is wrong).

    ``new_expiry``: an ``expiresAt`` in the body is new and must lie ahead (an update keeps an old one as is).
    """
    if not isinstance(body, dict):
        raise BadRequestData(
            f"a context source registration must be a JSON object, got {type(body).__name__}"
        )
    if body.get("type") != TYPE:
        raise BadRequestData(f"the registration's type must be {TYPE!r}, got {body.get('type')!r}")
    reg_id = body.get("id")
    if reg_id is None:
        reg_id = new_id()
    elif not (isinstance(reg_id, str) and _URI.match(reg_id)):
        raise BadRequestData(f"the registration id must be a URI, got {reg_id!r}")
    doc: dict[str, Any] = {"id": reg_id, "type": TYPE}
    for key, value in body.items():
        if key in ("id", "type", "@context") or key in SYSTEM_MEMBERS:
            continue
        if key == "expiresAt" and not new_expiry:
            parse_instant(value)
            doc[key] = value
        elif key in KNOWN:
            doc[key] = _member(key, value, names, now)
        else:
            check_name(key)
            doc[names.to_store(key)] = value
    for required in ("information", "endpoint"):
        if required not in doc:
            raise BadRequestData(f"a context source registration needs {required!r}")
    _check_mode(doc)
    stamp = format_instant(now)
    doc["createdAt"] = created_at or stamp
    doc["modifiedAt"] = stamp
    Registration.from_doc(doc)  # everything it derives must parse
    return doc


def merged_document(
    old: Mapping[str, Any], fragment: Any, names: NameMap, *, now: datetime
) -> dict[str, Any]:
    """An update (PATCH) of a stored registration: members of the fragment replace the old ones.

    ``null`` removes an optional member. The id and type cannot change.
    """
    if not isinstance(fragment, dict):
        raise BadRequestData(f"the update must be a JSON object, got {type(fragment).__name__}")
    if "id" in fragment and fragment["id"] != old["id"]:
        raise BadRequestData(f"the id of registration {old['id']} cannot change")
    if "type" in fragment and fragment["type"] != TYPE:
        raise BadRequestData(f"the registration's type must be {TYPE!r}")
    wire = render(old, names, sys_attrs=False)
    for key, value in fragment.items():
        if key == "@context":
            continue
        if value is None or value == "urn:ngsi-ld:null":
            wire.pop(key, None)
        else:
            wire[key] = value
    return stored_document(
        wire, names, now=now, created_at=old.get("createdAt"), new_expiry="expiresAt" in fragment
    )


def _member(key: str, value: Any, names: NameMap, now: datetime) -> Any:
    """One known member, checked; names inside ``information`` mapped to stored names."""
    if key == "information":
        return _information(value, names)
    if key == "endpoint":
        return _endpoint(value)
    if key in ("registrationName", "description", "contextSourceAlias", "refreshRate"):
        if not isinstance(value, str) or not value:
            raise BadRequestData(f"{key} must be a non-empty string")
        if key == "refreshRate":
            duration_seconds(value, key)
        return value
    if key == "mode":
        if value not in MODES:
            raise BadRequestData(f"mode must be one of {', '.join(MODES)}, got {value!r}")
        return value
    if key == "operations":
        if not isinstance(value, list) or not value or not all(isinstance(o, str) for o in value):
            raise BadRequestData("operations must be a non-empty array of operation or group names")
        ops.expand(value)
        return list(dict.fromkeys(value))
    if key == "tenant":
        if not isinstance(value, str) or not _TENANT.match(value):
            raise BadRequestData(
                f"tenant must be a tenant name (1-64 letters, digits, '_-.:'), got {value!r}"
            )
        return value
    if key in GEO_MEMBERS:
        parse_geojson(value, what=key)
        return value
    if key == "expiresAt":
        if not isinstance(value, str) or parse_instant(value) <= now:
            raise BadRequestData(f"expiresAt must be a date-time in the future, got {value!r}")
        return value
    if key in ("observationInterval", "managementInterval"):
        return _time_interval(key, value)
    if key == "scope":
        return _scope_member(value)
    if key == "management":
        return _management(value)
    return _source_info(value)  # contextSourceInfo


def _information(value: Any, names: NameMap) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        raise BadRequestData("information must be a non-empty array of RegistrationInfo objects")
    out = []
    for n, item in enumerate(value):
        where = f"information[{n}]"
        if not isinstance(item, dict):
            raise BadRequestData(f"{where} must be an object")
        unknown = set(item) - {"entities", "propertyNames", "relationshipNames"}
        if unknown:
            raise BadRequestData(f"{where} has unknown members {sorted(unknown)}")
        if not item:
            raise BadRequestData(f"{where} needs entities, propertyNames or relationshipNames")
        info: dict[str, Any] = {}
        if "entities" in item:
            info["entities"] = _entity_infos(item["entities"], names, where)
        for key in ("propertyNames", "relationshipNames"):
            if key in item:
                raw = item[key]
                if not isinstance(raw, list) or not raw or not all(isinstance(a, str) for a in raw):
                    raise BadRequestData(f"{where}.{key} must be a non-empty array of attribute names")
                info[key] = [names.to_store(check_name(a)) for a in raw]
        out.append(info)
    return out


def _entity_infos(value: Any, names: NameMap, where: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        raise BadRequestData(f"{where}.entities must be a non-empty array of EntityInfo objects")
    out = []
    for n, item in enumerate(value):
        here = f"{where}.entities[{n}]"
        if not isinstance(item, dict):
            raise BadRequestData(f"{here} must be an object")
        unknown = set(item) - {"id", "idPattern", "type"}
        if unknown:
            raise BadRequestData(f"{here} has unknown members {sorted(unknown)}")
        raw = item.get("type")
        types: list[Any] = raw if isinstance(raw, list) else [raw]
        if not types or not all(isinstance(t, str) and t for t in types):
            raise BadRequestData(f"{here} needs a type (an entity type name or an array of them)")
        stored = [names.to_store(check_name(str(t))) for t in types]
        info: dict[str, Any] = {"type": stored if isinstance(raw, list) else stored[0]}
        if "id" in item:
            if not (isinstance(item["id"], str) and _URI.match(item["id"])):
                raise BadRequestData(f"{here}.id must be a URI, got {item['id']!r}")
            info["id"] = item["id"]
        if "idPattern" in item:
            if not isinstance(item["idPattern"], str):
                raise BadRequestData(f"{here}.idPattern must be a string (a regular expression)")
            compile_regex(item["idPattern"])
            info["idPattern"] = item["idPattern"]
        out.append(info)
    return out


def _endpoint(value: Any) -> str:
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadRequestData(f"endpoint must be an http(s) URL of an NGSI-LD API, got {value!r}")
    return str(value)


def _time_interval(key: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or "startAt" not in value or set(value) - {"startAt", "endAt"}:
        raise BadRequestData(f"{key} must be an object with startAt and optionally endAt")
    start = parse_instant(value["startAt"])
    if "endAt" in value and parse_instant(value["endAt"]) < start:
        raise BadRequestData(f"{key}: endAt is before startAt")
    return dict(value)


def _scope_member(value: Any) -> Any:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(s, str) and s.startswith("/") for s in items):
        raise BadRequestData(f"scope must be a scope (starting with '/') or an array of them, got {value!r}")
    return value


def _management(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadRequestData("management must be an object (localOnly, cacheDuration, timeout, cooldown)")
    unknown = set(value) - {"localOnly", "cacheDuration", "timeout", "cooldown"}
    if unknown:
        raise BadRequestData(f"management has unknown members {sorted(unknown)}")
    if "localOnly" in value and not isinstance(value["localOnly"], bool):
        raise BadRequestData("management.localOnly must be true or false")
    if "cacheDuration" in value:
        duration_seconds(value["cacheDuration"], "management.cacheDuration")
    for key in ("timeout", "cooldown"):
        if key in value:
            number = value[key]
            if isinstance(number, bool) or not isinstance(number, int | float) or number < 1:
                raise BadRequestData(f"management.{key} must be a number of milliseconds (at least 1)")
    return dict(value)


def _source_info(value: Any) -> list[dict[str, str]]:
    ok = isinstance(value, list) and all(
        isinstance(kv, dict) and set(kv) == {"key", "value"} and all(isinstance(v, str) for v in kv.values())
        for kv in value
    )
    if not ok:
        raise BadRequestData("contextSourceInfo must be an array of {key, value} string pairs")
    for kv in value:
        if kv["key"] != "jsonldContext" and not re.match(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$", kv["key"]):
            raise BadRequestData(f"contextSourceInfo key {kv['key']!r} cannot be sent as an HTTP header")
    return list(value)


def _check_mode(doc: Mapping[str, Any]) -> None:
    """Mode rules (clause 5.9.2.4): auxiliary is read-only; exclusive names ids and attributes."""
    mode = doc.get("mode", "inclusive")
    if mode == "auxiliary" and "operations" in doc:
        extra = set(doc["operations"]) - ops.AUXILIARY_ALLOWED
        if extra:
            raise BadRequestData(
                f"an auxiliary registration may only offer retrieveOps, retrieveEntity or queryEntity, "
                f"not {sorted(extra)}"
            )
    if mode == "exclusive":
        # 4.3.6.3: an exclusive registration relates to specific attributes of specific entities. Every
        # RegistrationInfo names the attributes, and the registration names at least one entity id (a
        # RegistrationInfo that only gives a type or an id pattern cannot claim an entity on its own).
        infos = doc["information"]
        for n, info in enumerate(infos):
            if not info.get("entities"):
                raise BadRequestData(
                    f"an exclusive registration names the entities it provides (information[{n}].entities)"
                )
            if "propertyNames" not in info and "relationshipNames" not in info:
                raise BadRequestData(
                    f"an exclusive registration names the attributes it provides (information[{n}])"
                )
        if not any("id" in e for info in infos for e in info["entities"]):
            raise BadRequestData(
                "an exclusive registration names entity ids: an entity type or an id pattern alone cannot "
                "be exclusive"
            )


# -- showing ----------------------------------------------------------------------------------------------


def render(
    doc: Mapping[str, Any], names: NameMap, *, sys_attrs: bool, status: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The registration as a client sees it under its @context (stored names compacted)."""
    out: dict[str, Any] = {}
    for key, value in doc.items():
        if key in ("createdAt", "modifiedAt"):
            if sys_attrs:
                out[key] = value
        elif key == "information":
            out[key] = [_render_info(i, names) for i in value]
        elif key in KNOWN:
            out[key] = value
        else:
            out[names.from_store(key)] = value
    if status:
        out.update(status)
    return out


def _render_info(info: Mapping[str, Any], names: NameMap) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "entities" in info:
        rendered = []
        for e in info["entities"]:
            item = dict(e)
            t = e["type"]
            item["type"] = [names.from_store(x) for x in t] if isinstance(t, list) else names.from_store(t)
            rendered.append(item)
        out["entities"] = rendered
    for key in ("propertyNames", "relationshipNames"):
        if key in info:
            out[key] = [names.from_store(a) for a in info[key]]
    return out


def extras(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Additional (non-standard) members of a stored document, by stored name."""
    return {k: v for k, v in doc.items() if k not in KNOWN and k not in SYSTEM_MEMBERS}
