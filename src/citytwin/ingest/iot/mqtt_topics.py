"""The MQTT topic scheme and broker URLs (documented in docs/mqtt.md).

Uplink:   ``citytwin/{tenant}/{device_code}/telemetry``           one device, one reading or a batch
          ``citytwin/{tenant}/gateway/{gateway_id}/telemetry``    a gateway's batch for many devices
Downlink: ``citytwin/{tenant}/{device_code}/command``             commands to a device (QoS 1)
          ``citytwin/{tenant}/{device_code}/command/ack``         the device's acknowledgement

``{tenant}`` is ``_`` for the default tenant. Ingest workers share the uplink through the shared
subscription group ``citytwin-ingest``, so each message goes to exactly one worker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urlsplit

from citytwin.errors import BadRequestData
from citytwin.storage.base import DEFAULT_TENANT

ROOT = "citytwin"
DEFAULT_TENANT_SEGMENT = "_"
GATEWAY_SEGMENT = "gateway"
INGEST_GROUP = "citytwin-ingest"
"""Shared-subscription group of the ingest workers (every worker of one deployment uses it)."""
COMMAND_ACK_GROUP = "citytwin-commands"
"""Shared-subscription group of the processes that track command acknowledgements."""

TELEMETRY_FILTER = f"{ROOT}/+/+/telemetry"
GATEWAY_FILTER = f"{ROOT}/+/{GATEWAY_SEGMENT}/+/telemetry"
COMMAND_ACK_FILTER = f"{ROOT}/+/+/command/ack"

# A topic level must not hold MQTT wildcards or separators; tenants follow the API's tenant rule.
_SEGMENT = re.compile(r"^[^/+#\x00]{1,128}$")
_TENANT = re.compile(r"^[A-Za-z0-9_\-.:]{1,64}$")

TopicKind = Literal["telemetry", "gateway", "command", "ack"]


def shared(topic_filter: str, group: str = INGEST_GROUP) -> str:
    """The shared-subscription form of a filter: ``$share/{group}/{filter}``."""
    return f"$share/{group}/{topic_filter}"


def ingest_filters(tenant: str | None = None, group: str = INGEST_GROUP) -> tuple[str, ...]:
    """The shared uplink subscriptions: every tenant, or one tenant's topics only."""
    if tenant is None:
        return (shared(TELEMETRY_FILTER, group), shared(GATEWAY_FILTER, group))
    seg = tenant_segment(tenant)
    return (
        shared(TELEMETRY_FILTER.replace("/+/+/", f"/{seg}/+/", 1), group),
        shared(GATEWAY_FILTER.replace("/+/", f"/{seg}/", 1), group),
    )


def tenant_segment(tenant: str) -> str:
    """The topic level naming ``tenant`` (``_`` for the default tenant)."""
    if tenant == DEFAULT_TENANT:
        return DEFAULT_TENANT_SEGMENT
    if tenant == DEFAULT_TENANT_SEGMENT or not _TENANT.match(tenant):
        raise BadRequestData(f"tenant {tenant!r} cannot be named in an MQTT topic")
    return tenant


def _device_segment(device_code: str) -> str:
    if not _SEGMENT.match(device_code) or device_code == GATEWAY_SEGMENT:
        raise BadRequestData(f"device code {device_code!r} cannot be named in an MQTT topic")
    return device_code


def telemetry_topic(tenant: str, device_code: str) -> str:
    """Where a device publishes its readings."""
    return f"{ROOT}/{tenant_segment(tenant)}/{_device_segment(device_code)}/telemetry"


def gateway_topic(tenant: str, gateway_id: str) -> str:
    """Where a gateway publishes batches for many devices (each reading names its device)."""
    if not _SEGMENT.match(gateway_id):
        raise BadRequestData(f"gateway id {gateway_id!r} cannot be named in an MQTT topic")
    return f"{ROOT}/{tenant_segment(tenant)}/{GATEWAY_SEGMENT}/{gateway_id}/telemetry"


def command_topic(tenant: str, device_code: str) -> str:
    """Where commands to a device are published."""
    return f"{ROOT}/{tenant_segment(tenant)}/{_device_segment(device_code)}/command"


def ack_topic(tenant: str, device_code: str) -> str:
    """Where a device acknowledges the commands it received."""
    return command_topic(tenant, device_code) + "/ack"


@dataclass(frozen=True, slots=True)
class Topic:
    """A parsed citytwin topic: its kind, tenant and the device (or gateway) it names."""

    kind: TopicKind
    tenant: str
    device_code: str | None = None
    gateway_id: str | None = None


def parse_topic(topic: str) -> Topic | None:
    """Parse a topic of the scheme; None when it is not one (foreign topics are ignored, not errors)."""
    parts = topic.split("/")
    if len(parts) < 4 or parts[0] != ROOT:
        return None
    tenant_part = parts[1]
    if tenant_part == DEFAULT_TENANT_SEGMENT:
        tenant = DEFAULT_TENANT
    elif _TENANT.match(tenant_part):
        tenant = tenant_part
    else:
        return None
    n = len(parts)
    if n == 4 and parts[3] == "telemetry" and parts[2] != GATEWAY_SEGMENT and parts[2]:
        return Topic("telemetry", tenant, device_code=parts[2])
    if n == 5 and parts[2] == GATEWAY_SEGMENT and parts[4] == "telemetry" and parts[3]:
        return Topic("gateway", tenant, gateway_id=parts[3])
    if n == 4 and parts[3] == "command" and parts[2]:
        return Topic("command", tenant, device_code=parts[2])
    if n == 5 and parts[3] == "command" and parts[4] == "ack" and parts[2]:
        return Topic("ack", tenant, device_code=parts[2])
    return None


@dataclass(frozen=True, slots=True)
class BrokerAddress:
    """Where the broker listens and how to log in (``mqtt://[user[:password]@]host[:port]``)."""

    host: str
    port: int = 1883
    username: str | None = None
    password: str | None = None

    def __str__(self) -> str:
        user = f"{self.username}@" if self.username else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"mqtt://{user}{host}:{self.port}"  # never shows the password


DEFAULT_BROKER = "mqtt://127.0.0.1:1883"


def parse_broker_url(url: str) -> BrokerAddress:
    """Parse ``mqtt://host:port`` (also ``tcp://``); raises BadRequestData for anything else."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as err:
        raise BadRequestData(f"bad MQTT broker URL {url!r}: {err}") from None
    if parts.scheme not in ("mqtt", "tcp") or not parts.hostname:
        raise BadRequestData(f"bad MQTT broker URL {url!r}: expected mqtt://host[:port]")
    if parts.path not in ("", "/") or parts.query:
        raise BadRequestData(f"bad MQTT broker URL {url!r}: no path or query is allowed")
    return BrokerAddress(
        host=parts.hostname,
        port=port or 1883,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )
