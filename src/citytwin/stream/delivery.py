"""Delivering a payload to an endpoint: HTTP(S) POST or MQTT publish, with timeouts, limits and retries.

This is the one delivery path of the platform; NGSI-LD subscription notifications use it, and so can any
other notifier (context source registration subscriptions, alerts)::

    endpoint = Endpoint.from_dict({"uri": "http://receiver:8080/notify",
                                   "receiverInfo": [{"key": "X-Auth", "value": "secret"}]})
    deliverer = Deliverer()                       # one per process; aclose() at shutdown
    outcome = await deliverer.send(endpoint, Message(body=b'{...}', content_type="application/json"))
    if not outcome.ok:
        await timer.sleep(Backoff().delay(attempt))  # then send again: nothing is dropped

* :class:`Endpoint` parses and validates an NGSI-LD Endpoint (clause 5.2.15): ``uri`` (``http``, ``https``,
  ``mqtt``, ``mqtts``), ``accept``, ``timeout`` / ``cooldown`` (milliseconds), ``receiverInfo`` (sent as HTTP
  headers, or in the MQTT message's ``metadata``) and ``notifierInfo`` (``MQTT-QoS`` 0/1/2,
  ``MQTT-Version`` mqtt3.1.1/mqtt5.0).
* :class:`Deliverer` sends one :class:`Message` and reports an :class:`Outcome`; it never raises for a
  failed delivery. Each target (scheme, host, port) gets at most ``per_target`` deliveries at once and every
  attempt has a timeout, so a slow or unreachable receiver only delays the notifications addressed to it.
* :class:`Backoff` is the retry schedule (exponential, capped, with the endpoint's ``cooldown`` as floor).
* :class:`citytwin.stream.outbox.Outbox` adds a durable, ordered queue on top for notifiers that produce
  their payloads one by one; subscriptions derive theirs from the durable change log instead
  (:mod:`citytwin.stream.notifier`).

MQTT messages follow the NGSI-LD MQTT binding: ``{"metadata": {"Content-Type": ..., "Link": ...,
<receiverInfo>}, "body": <notification>}`` published on the URI's topic.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import msgspec

from citytwin.errors import BadRequestData
from citytwin.stream.httpclient import HttpClient, HttpError

SCHEMES = frozenset({"http", "https", "mqtt", "mqtts"})
ACCEPTS = frozenset({"application/json", "application/ld+json", "application/geo+json"})
MQTT_QOS = "MQTT-QoS"
MQTT_VERSION = "MQTT-Version"
MQTT_VERSIONS = frozenset({"mqtt3.1.1", "mqtt5.0"})
DEFAULT_TIMEOUT_S = 10.0
_ENCODE = msgspec.json.Encoder().encode
_HEADER_NAME = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _key_values(raw: Any, member: str) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise BadRequestData(f"endpoint.{member} must be an array of {{key, value}} objects")
    out: list[tuple[str, str]] = []
    for item in raw:
        if not (isinstance(item, dict) and isinstance(item.get("key"), str) and item["key"]):
            raise BadRequestData(f"endpoint.{member}: every item needs a non-empty string 'key'")
        value = item.get("value")
        if not isinstance(value, str):
            raise BadRequestData(f"endpoint.{member}: the value of {item['key']!r} must be a string")
        out.append((item["key"], value))
    return tuple(out)


def _millis(raw: Any, member: str) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw <= 0:
        raise BadRequestData(f"endpoint.{member} must be a positive number of milliseconds")
    return float(raw) / 1000


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where and how to deliver (NGSI-LD Endpoint, clause 5.2.15)."""

    uri: str
    accept: str = "application/json"
    timeout_s: float | None = None
    cooldown_s: float | None = None
    receiver_info: tuple[tuple[str, str], ...] = ()
    notifier_info: tuple[tuple[str, str], ...] = ()
    scheme: str = field(init=False, default="")
    """``http``, ``https``, ``mqtt`` or ``mqtts``."""
    target: tuple[str, str, int] = field(init=False, default=("", "", 0))
    """(scheme, host, port): the unit of the per-target concurrency limit."""

    def __post_init__(self) -> None:
        parts = urlsplit(self.uri)
        default = {"http": 80, "https": 443, "mqtt": 1883, "mqtts": 8883}.get(parts.scheme, 0)
        object.__setattr__(self, "scheme", parts.scheme)
        object.__setattr__(self, "target", (parts.scheme, parts.hostname or "", parts.port or default))

    @classmethod
    def from_dict(cls, data: Any) -> Endpoint:
        """Parse and validate an Endpoint object (BadRequestData names what is wrong)."""
        if not isinstance(data, dict):
            raise BadRequestData("notification.endpoint must be an object with a 'uri'")
        uri = data.get("uri")
        if not isinstance(uri, str) or not uri:
            raise BadRequestData("notification.endpoint.uri is required")
        parts = urlsplit(uri)
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise BadRequestData(
                f"endpoint uri {uri!r} is not supported: use http(s):// or mqtt(s):// with a host"
            )
        try:
            parts.port  # noqa: B018 (raises ValueError for a bad port)
        except ValueError:
            raise BadRequestData(f"endpoint uri {uri!r} has an invalid port") from None
        if parts.scheme.startswith("mqtt") and not parts.path.strip("/"):
            raise BadRequestData(f"MQTT endpoint {uri!r} names no topic (mqtt://host:port/topic)")
        accept = data.get("accept", "application/json")
        if accept not in ACCEPTS:
            raise BadRequestData(f"endpoint.accept {accept!r} is not one of {', '.join(sorted(ACCEPTS))}")
        receiver = _key_values(data.get("receiverInfo"), "receiverInfo")
        if not parts.scheme.startswith("mqtt"):
            for key, value in receiver:
                if not set(key) <= _HEADER_NAME or "\n" in value or "\r" in value:
                    raise BadRequestData(f"receiverInfo {key!r} cannot be sent as an HTTP header")
        notifier = _key_values(data.get("notifierInfo"), "notifierInfo")
        for key, value in notifier:
            if key == MQTT_QOS and value not in ("0", "1", "2"):
                raise BadRequestData(f"notifierInfo MQTT-QoS must be 0, 1 or 2, got {value!r}")
            if key == MQTT_VERSION and value not in MQTT_VERSIONS:
                raise BadRequestData(f"notifierInfo MQTT-Version must be mqtt3.1.1 or mqtt5.0, got {value!r}")
        return cls(
            uri,
            accept,
            _millis(data.get("timeout"), "timeout"),
            _millis(data.get("cooldown"), "cooldown"),
            receiver,
            notifier,
        )

    def to_dict(self) -> dict[str, Any]:
        """The Endpoint object as the API shows it."""
        out: dict[str, Any] = {"uri": self.uri, "accept": self.accept}
        if self.timeout_s is not None:
            out["timeout"] = self.timeout_s * 1000
        if self.cooldown_s is not None:
            out["cooldown"] = self.cooldown_s * 1000
        if self.receiver_info:
            out["receiverInfo"] = [{"key": k, "value": v} for k, v in self.receiver_info]
        if self.notifier_info:
            out["notifierInfo"] = [{"key": k, "value": v} for k, v in self.notifier_info]
        return out

    def notifier(self, key: str, default: str) -> str:
        """A notifierInfo value."""
        return next((v for k, v in self.notifier_info if k == key), default)


@dataclass(frozen=True, slots=True)
class Message:
    """A payload to deliver: body bytes, media type and extra headers (Link, NGSILD-Tenant ...)."""

    body: bytes
    content_type: str = "application/json"
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one delivery attempt."""

    ok: bool
    status: int | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential retry delays: ``first_s · factor^attempt``, at most ``max_s``, with ±``jitter``."""

    first_s: float = 0.5
    factor: float = 2.0
    max_s: float = 60.0
    jitter: float = 0.1

    def delay(self, attempt: int, *, floor_s: float | None = None) -> float:
        """Seconds to wait before retry number ``attempt`` (0-based); never below ``floor_s``."""
        base = min(self.max_s, self.first_s * self.factor ** min(attempt, 64))
        spread = base * self.jitter * (2 * random.random() - 1) if self.jitter else 0.0
        return max(base + spread, floor_s or 0.0, 0.0)


class Deliverer:
    """Sends messages to HTTP(S) and MQTT endpoints (see the module docstring); one per process."""

    def __init__(self, *, timeout_s: float = DEFAULT_TIMEOUT_S, per_target: int = 16) -> None:
        self.timeout_s = timeout_s
        self.per_target = per_target
        self._limits: dict[tuple[str, str, int], asyncio.Semaphore] = {}
        self._http = HttpClient()
        self._mqtt: Any = None

    def _limit(self, endpoint: Endpoint) -> asyncio.Semaphore:
        key = endpoint.target
        found = self._limits.get(key)
        if found is None:
            found = self._limits[key] = asyncio.Semaphore(self.per_target)
        return found

    async def send(self, endpoint: Endpoint, message: Message) -> Outcome:
        """Deliver once; an Outcome says whether the receiver took it (never raises for a failure)."""
        timeout = min(endpoint.timeout_s or self.timeout_s, self.timeout_s)
        async with self._limit(endpoint):
            try:
                if endpoint.scheme in ("http", "https"):
                    return await self._post(endpoint, message, timeout)
                return await self._publish(endpoint, message, timeout)
            except TimeoutError:
                return Outcome(False, None, f"no answer within {timeout:g} s")

    async def _post(self, endpoint: Endpoint, message: Message, timeout: float) -> Outcome:
        headers = {"Content-Type": message.content_type, **message.headers}
        headers.update(endpoint.receiver_info)
        try:
            status = await self._http.post(endpoint.uri, message.body, headers, timeout)
        except HttpError as err:
            return Outcome(False, None, str(err))
        except (OSError, ValueError) as err:  # TLS failures, a malformed answer
            return Outcome(False, None, f"{type(err).__name__}: {err}")
        if 200 <= status < 300:
            return Outcome(True, status)
        return Outcome(False, status, f"the receiver answered {status}")

    async def _publish(self, endpoint: Endpoint, message: Message, timeout: float) -> Outcome:
        if self._mqtt is None:
            from citytwin.stream.mqtt import MqttPublishers

            self._mqtt = MqttPublishers()
        metadata = {"Content-Type": message.content_type, **message.headers, **dict(endpoint.receiver_info)}
        # The body is already JSON: splice it in rather than decoding and encoding it again.
        payload = b'{"metadata":' + _ENCODE(metadata) + b',"body":' + message.body + b"}"
        result: Outcome = await self._mqtt.publish(endpoint, payload, timeout)
        return result

    async def aclose(self) -> None:
        """Close connections (HTTP pool, MQTT clients)."""
        await self._http.aclose()
        if self._mqtt is not None:
            await self._mqtt.aclose()
