"""Device registration rows (CSV, JSON, NDJSON) → NGSI-LD ``Device`` entities (Smart Data Models shape).

A row names the device by ``code`` (validated) or by ``district`` (+ optional ``sequence``; the registry
assigns the next free one), its ``type`` (a catalogue id; implied by the code), the twin it observes
(``twin``, an entity id), a location (``lon``/``lat`` or a GeoJSON ``location``), optionally the street or
community it stands in (``adminCode``, inside the code's district) and descriptive properties.
Camera types require their static attributes (``streamUrl``, ``viewDirection``, ``owner``).

The Device entity::

    id                  urn:ngsi-ld:Device:<code>
    type                Device
    deviceCode          the code                      deviceType        catalogue id (water-pressure ...)
    deviceCategory      ["sensor"] ...                controlledProperty ["pressure"] ...
    adminCode           the row's street / community code, else the owning district (from the code)
    controlledAsset     Relationship to the bound twin, with objectType = the twin's type
    deviceState         unknown | online | stale | offline (health; see citytwin.ingest.iot.health)
    location, name, owner, serialNumber, streamUrl, viewDirection ... when given
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import msgspec

from citytwin.core.codes import admin, device_code
from citytwin.core.devices import DeviceType
from citytwin.core.entities import Attribute, AttrType, Entity, geo, prop
from citytwin.errors import BadRequestData, CitytwinError, InvalidRequest

DEVICE_TYPE = "Device"
PROPERTY = AttrType.PROPERTY
STATE_UNKNOWN = "unknown"
OPTIONAL_TEXT = (
    "name",
    "description",
    "serialNumber",
    "manufacturerName",
    "modelName",
    "firmwareVersion",
    "owner",
    "dateInstalled",
    "source",
)
"""Descriptive Device properties a row may carry (Smart Data Models names)."""
_STRUCTURAL = frozenset(
    {
        "code",
        "type",
        "district",
        "sequence",
        "twin",
        "twinType",
        "lon",
        "lat",
        "location",
        "datasetId",
        "adminCode",
    }
)


@dataclass(frozen=True, slots=True)
class DeviceSpec:
    """A validated registration row: everything needed to write the Device entity."""

    code: str
    type: DeviceType
    entity: Entity
    twin_id: str | None
    twin_type: str | None
    dataset_id: str | None


@dataclass(frozen=True, slots=True)
class RowPlan:
    """A row after the checks that need no registry: its code may still have to be assigned."""

    row: int
    type: DeviceType
    code: str | None
    district: str
    sequence: int | None
    data: Mapping[str, Any]
    admin_code: str | None = None
    """The street (9 digits) or community (12) the device stands in; None: its district."""


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def plan_row(pos: int, data: Mapping[str, Any], types: Mapping[str, DeviceType]) -> RowPlan:
    """Check a row's keys, code, type and district; raises BadRequestData naming the row."""
    where = f"row {pos}"
    if not isinstance(data, Mapping):
        raise BadRequestData(f"{where}: a device must be an object, got {type(data).__name__}")
    unknown = [
        k for k in data if k not in _STRUCTURAL and k not in OPTIONAL_TEXT and _text(data[k]) is not None
    ]
    type_id = _text(data.get("type"))
    raw_code = _text(data.get("code"))
    kind: DeviceType | None = None
    if type_id is not None:
        kind = types.get(type_id)
        if kind is None:
            raise BadRequestData(
                f"{where}: unknown device type {type_id!r}; known: {', '.join(sorted(types))}"
            )
    code = None
    if raw_code is not None:
        try:
            parsed = device_code.parse(raw_code)
        except CitytwinError as err:
            raise BadRequestData(f"{where}: device code {raw_code!r}: {err.detail}") from None
        code = parsed.code
        by_code = next(
            (t for t in types.values() if t.domain == parsed.domain and t.code == parsed.type_code), None
        )
        if kind is None:
            if by_code is None:
                raise BadRequestData(
                    f"{where}: no device type has the code {parsed.domain}{parsed.type_code}"
                )
            kind = by_code
        elif by_code is not kind:
            raise BadRequestData(
                f"{where}: code {code} is a {parsed.domain}{parsed.type_code} device, "
                f"but type {kind.id!r} has the code {kind.domain}{kind.code}"
            )
        district = parsed.district
        given = _text(data.get("district"))
        if given is not None and given != district:
            raise BadRequestData(f"{where}: district {given} differs from the code's district {district}")
    else:
        if kind is None:
            raise BadRequestData(f"{where}: give a device code or a type")
        district = _text(data.get("district")) or ""
        if not district:
            raise BadRequestData(f"{where}: give a device code, or a district to number the device in")
    unknown = [k for k in unknown if k not in kind.static]
    if unknown:
        accepted = sorted({*_STRUCTURAL, *OPTIONAL_TEXT, *kind.static})
        raise BadRequestData(f"{where}: unknown column(s) {unknown}; accepted: {', '.join(accepted)}")
    sequence = None
    raw_seq = _text(data.get("sequence"))
    if raw_seq is not None:
        if code is not None:
            raise BadRequestData(f"{where}: give a code or a sequence, not both")
        if not raw_seq.isdigit():
            raise BadRequestData(f"{where}: sequence {raw_seq!r} must be a positive integer")
        sequence = int(raw_seq)
    area = _admin_code(_text(data.get("adminCode")), district, where)
    return RowPlan(pos, kind, code, district, sequence, data, area)


def _admin_code(raw: str | None, district: str, where: str) -> str | None:
    """A row's ``adminCode``: a known street or community inside ``district`` (canonical form), or None."""
    if raw is None:
        return None
    verdict = admin.is_valid_admin_code(raw)
    if not verdict.valid:
        raise BadRequestData(f"{where}: adminCode {raw!r}: {verdict.reason}")
    code = admin.normalize(raw)
    try:
        owner = admin.normalize(district)
    except CitytwinError as err:
        raise BadRequestData(f"{where}: district {district!r}: {err.detail}") from None
    if len(code) not in (9, 12):
        if code == owner:
            return None  # the district itself: what the device gets without an adminCode
        raise BadRequestData(
            f"{where}: adminCode {raw!r} must be a street (9 digits) or community (12 digits) code"
        )
    if not code.startswith(owner):
        name = admin.lookup(code).name
        raise BadRequestData(
            f"{where}: adminCode {code} ({name}) is not in district {district}, the device's owning district"
        )
    return code


def _location(data: Mapping[str, Any], where: str) -> Attribute | None:
    raw = data.get("location")
    if isinstance(raw, Mapping):
        return geo(raw.get("value", raw) if raw.get("type") == "GeoProperty" else raw)
    lon, lat = _text(data.get("lon")), _text(data.get("lat"))
    if lon is None and lat is None:
        if _text(raw) is not None:
            raise BadRequestData(f"{where}: location must be a GeoJSON object (or give lon and lat)")
        return None
    try:
        x, y = float(lon or ""), float(lat or "")
    except ValueError:
        raise BadRequestData(f"{where}: lon and lat must both be numbers, got {lon!r}, {lat!r}") from None
    # Checked here rather than by building a shapely point per device: the store parses locations in bulk.
    if not (-180 <= x <= 180 and -90 <= y <= 90):
        raise BadRequestData(f"{where}: lon {x} / lat {y} is outside WGS84 (lon -180..180, lat -90..90)")
    return Attribute(AttrType.GEOPROPERTY, {"type": "Point", "coordinates": [x, y]})


def build_spec(plan: RowPlan, code: str, twin_type: str | None) -> DeviceSpec:
    """The Device entity of a planned row whose code is now known; raises BadRequestData."""
    where = f"row {plan.row} ({code})"
    data, kind = plan.data, plan.type
    attrs: dict[str, list[Attribute]] = {
        "deviceCode": [Attribute(PROPERTY, code)],
        "deviceType": [Attribute(PROPERTY, kind.id)],
        "deviceCategory": [Attribute(PROPERTY, list(kind.category))],
        "adminCode": [Attribute(PROPERTY, plan.admin_code or plan.district)],
        "deviceState": [Attribute(PROPERTY, STATE_UNKNOWN)],
    }
    if kind.controlled_property:
        attrs["controlledProperty"] = [Attribute(PROPERTY, list(kind.controlled_property))]
    try:
        location = _location(data, where)
    except CitytwinError as err:
        raise BadRequestData(f"{where}: {err.detail}") from None
    if location is not None:
        attrs["location"] = [location]
    for name in OPTIONAL_TEXT:
        text = _text(data.get(name))
        if text is not None:
            attrs[name] = [Attribute(PROPERTY, text)]
    for name, spec in kind.static.items():
        raw = data.get(name)
        if _text(raw) is None:
            if spec.required:
                raise BadRequestData(f"{where}: a {kind.id} needs {name!r}")
            continue
        attrs[name] = [prop(spec.check(raw, where), unit_code=spec.unit)]
    twin_id = _text(data.get("twin"))
    if twin_id is not None:
        extra = {"objectType": twin_type} if twin_type else {}
        try:
            attrs["controlledAsset"] = [Attribute(AttrType.RELATIONSHIP, twin_id, extra=extra)]
            Entity(twin_id, (twin_type or DEVICE_TYPE,))  # checks the id is a URI
        except CitytwinError as err:
            raise BadRequestData(f"{where}: twin {twin_id!r}: {err.detail}") from None
    dataset_id = _text(data.get("datasetId"))
    if dataset_id == "device":
        dataset_id = device_code.URN_PREFIX + code
    if dataset_id is not None:
        if ":" not in dataset_id:
            raise BadRequestData(f"{where}: datasetId must be a URI or the word 'device'")
        attrs["twinDatasetId"] = [prop(dataset_id)]
    entity = Entity(device_code.URN_PREFIX + code, (DEVICE_TYPE,), attrs)
    return DeviceSpec(code, kind, entity, twin_id, twin_type, dataset_id)


def twin_relationship(entity: Entity) -> tuple[str | None, str | None]:
    """(bound twin id, its type) from a Device entity's ``controlledAsset``."""
    inst = entity.attr("controlledAsset")
    if inst is None or inst.type is not AttrType.RELATIONSHIP or not isinstance(inst.value, str):
        return None, None
    object_type = inst.extra.get("objectType")
    return inst.value, object_type if isinstance(object_type, str) else None


# -- input formats --------------------------------------------------------------------------------------

FORMATS = ("csv", "json", "ndjson")


def detect_format(name: str | None, media_type: str | None = None) -> str:
    """``csv``, ``json`` or ``ndjson`` from a file name or a media type."""
    media = (media_type or "").split(";")[0].strip().lower()
    if media in ("text/csv", "application/csv"):
        return "csv"
    if media in ("application/x-ndjson", "application/ndjson", "application/jsonl", "application/jsonlines"):
        return "ndjson"
    if media in ("application/json", "application/ld+json"):
        return "json"
    lower = (name or "").lower()
    for suffix, fmt in ((".csv", "csv"), (".ndjson", "ndjson"), (".jsonl", "ndjson"), (".json", "json")):
        if lower.endswith(suffix):
            return fmt
    raise InvalidRequest(f"cannot tell the format of {name or media_type!r}: use .csv, .json or .ndjson")


def read_rows(data: bytes, fmt: str) -> Iterator[dict[str, Any]]:
    """Rows of a CSV (header line), JSON (an array, or an object with ``devices``) or NDJSON document."""
    if fmt == "csv":
        text = data.decode("utf-8-sig")
        yield from csv.DictReader(io.StringIO(text))
        return
    if fmt == "ndjson":
        for number, line in enumerate(data.splitlines(), start=1):
            if line.strip():
                yield _object(line, f"line {number}")
        return
    try:
        doc = msgspec.json.decode(data)
    except msgspec.DecodeError as err:
        raise InvalidRequest(f"the device list is not valid JSON: {err}") from None
    if isinstance(doc, dict):
        doc = doc.get("devices", [doc])
    if not isinstance(doc, list):
        raise InvalidRequest("a JSON device list must be an array of objects (or {'devices': [...]})")
    yield from doc


def _object(line: bytes, where: str) -> dict[str, Any]:
    try:
        item = msgspec.json.decode(line)
    except msgspec.DecodeError as err:
        raise InvalidRequest(f"{where} is not valid JSON: {err}") from None
    if not isinstance(item, dict):
        raise InvalidRequest(f"{where}: each line must be a JSON object")
    return item
