"""Telemetry payloads decoded with msgspec into typed structs.

One payload is JSON in one of three shapes (documented in ``docs/devices.md``)::

    {"device": "440304W020000001X", "ts": "2025-06-01T08:00:00Z", "values": {"pressure": 312.5}}
    [ {reading}, {reading}, ... ]
    {"device": "...", "readings": [{"ts": ..., "values": {...}}, ...]}    # one device's or a gateway's batch

``device`` may be left out when the transport names the device (MQTT topic, HTTP ``?device=``). The time
is ``ts`` or ``observedAt``: ISO 8601 text, or epoch seconds / milliseconds. A value is a number, boolean or
string in the field's canonical unit, or ``{"value": 0.31, "unitCode": "MPA"}`` in an accepted input unit.

Decoding is typed in one pass; only when that fails does it fall back to item-by-item decoding, so that one
malformed reading in a batch of thousands costs the others nothing (each bad item becomes a dead letter).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import msgspec

Time = str | int | float | None


class Reading(msgspec.Struct, omit_defaults=True, gc=False):
    """One reading as sent: device code, time and values (unknown members are ignored)."""

    values: dict[str, Any] = {}
    device: str | None = None
    ts: Time = None
    observedAt: Time = None  # noqa: N815 (the NGSI-LD member name)

    @property
    def time(self) -> Time:
        """``ts``, else ``observedAt``."""
        return self.ts if self.ts is not None else self.observedAt


class Envelope(msgspec.Struct, omit_defaults=True, gc=False):
    """A JSON object payload: one reading, or a batch under ``readings`` with a shared device."""

    readings: list[Reading] | None = None
    values: dict[str, Any] | None = None
    device: str | None = None
    ts: Time = None
    observedAt: Time = None  # noqa: N815


_LIST = msgspec.json.Decoder(list[Reading])
_OBJECT = msgspec.json.Decoder(Envelope)
_ANY = msgspec.json.Decoder()
_ENCODE = msgspec.json.Encoder().encode


@dataclass(slots=True)
class Decoded:
    """A payload's readings plus the items that could not be read (raw JSON, why)."""

    readings: list[Reading] = field(default_factory=list)
    bad: list[tuple[bytes, str]] = field(default_factory=list)
    default_device: str | None = None
    """The device a batch envelope names for readings that name none."""


class Unparsable(ValueError):
    """The payload as a whole is not JSON or not one of the reading shapes."""


def decode(payload: bytes) -> Decoded:
    """The readings of one payload; raises Unparsable when nothing in it can be read."""
    start = payload.lstrip()[:1]
    try:
        if start == b"[":
            return Decoded(_LIST.decode(payload))
        if start == b"{":
            env = _OBJECT.decode(payload)
            return _unwrap(env)
    except msgspec.ValidationError:
        return _item_by_item(payload)
    except msgspec.DecodeError as err:
        raise Unparsable(f"not valid JSON: {err}") from None
    raise Unparsable("a payload must be a JSON object or array of readings")


def _unwrap(env: Envelope) -> Decoded:
    if env.readings is not None:
        if env.values is not None:
            raise Unparsable("an envelope has either 'readings' or 'values', not both")
        return Decoded(env.readings, default_device=env.device)
    if env.values is None:
        raise Unparsable("a reading needs 'values' (an object of field values)")
    return Decoded([Reading(env.values, env.device, env.ts, env.observedAt)])


def _convert(item: Any) -> Reading:
    reading = msgspec.convert(item, Reading)
    if not isinstance(item, dict) or "values" not in item:
        raise msgspec.ValidationError("a reading needs 'values' (an object of field values)")
    return reading


def _item_by_item(payload: bytes) -> Decoded:
    """The slow path: readings that decode, and each one that does not with its own reason."""
    try:
        doc = _ANY.decode(payload)
    except msgspec.DecodeError as err:  # pragma: no cover - the typed pass already parsed the JSON
        raise Unparsable(f"not valid JSON: {err}") from None
    out = Decoded()
    if isinstance(doc, dict):
        if "readings" not in doc:
            try:
                out.readings.append(_convert(doc))
            except msgspec.ValidationError as err:
                raise Unparsable(f"not a reading: {err}") from None
            return out
        device = doc.get("device")
        out.default_device = device if isinstance(device, str) else None
        doc = doc["readings"]
        if not isinstance(doc, list):
            raise Unparsable("'readings' must be an array")
    for item in doc:
        try:
            out.readings.append(_convert(item))
        except msgspec.ValidationError as err:
            out.bad.append((_ENCODE(item), f"not a reading: {err}"))
    return out


def encode(reading: Reading, device: str | None = None) -> bytes:
    """One reading as JSON (for a dead letter), naming ``device`` when the reading does not."""
    if device is not None and reading.device is None:
        reading = Reading(reading.values, device, reading.ts, reading.observedAt)
    return _ENCODE(reading)
