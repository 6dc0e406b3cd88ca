"""The broker's password file and ACL for per-device keys (``citytwin devices mqtt-acl``; docs/mqtt.md).

Mosquitto authenticates each device by its username (its code, ``CODE@tenant`` outside the default tenant)
and its device key, against a ``password_file`` of PBKDF2-SHA512 hashes (Mosquitto's own ``$7$`` format);
the ``acl_file`` then lets each device

* write its readings on ``citytwin/{tenant}/{code}/telemetry`` and its command answers on ``.../command/ack``,
* read its commands on ``citytwin/{tenant}/{code}/command``,

and nothing else. Devices of the default tenant are covered by three ``pattern`` rules (``%u`` is the
username, which is the code); devices of other tenants get a ``user`` block each. The platform's own account
(ingest, commands) reads and writes ``citytwin/#``. Files are replaced atomically, so a broker reloading them
(``SIGHUP``) never reads half a file.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from citytwin.core.timeutil import format_instant, utc_now
from citytwin.errors import BadRequestData
from citytwin.ingest.iot.mqtt_keys import DeviceKey, broker_hash
from citytwin.ingest.iot.mqtt_topics import (
    DEFAULT_TENANT_SEGMENT,
    ROOT,
    ack_topic,
    command_topic,
    telemetry_topic,
)
from citytwin.storage.base import DEFAULT_TENANT

SERVICE_USER = "citytwin"
"""The platform's own broker account (ingest workers, the command channel)."""
_USER_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


@dataclass(frozen=True, slots=True)
class BrokerFiles:
    """What was written."""

    password_file: Path
    acl_file: Path
    devices: int
    tenants: int

    def to_json(self) -> dict[str, object]:
        """A JSON-ready summary (no secret)."""
        return {"passwordFile": str(self.password_file), "aclFile": str(self.acl_file),
                "devices": self.devices, "tenants": self.tenants}  # fmt: skip


def _check_user(name: str) -> str:
    if not name or not set(name) <= _USER_CHARS:
        raise BadRequestData(f"broker user {name!r}: use letters, digits, '.', '_' and '-'")
    return name


def password_text(keys: Iterable[DeviceKey], service_user: str, service_hash: str) -> str:
    """The password file: ``username:hash`` per line, the platform's account first."""
    lines = [f"{_check_user(service_user)}:{service_hash}"]
    lines.extend(f"{k.username}:{k.broker_hash}" for k in keys)
    return "\n".join(lines) + "\n"


def acl_text(keys: Iterable[DeviceKey], service_user: str, *, extra: str = "") -> str:
    """The ACL file: the platform's account, patterns for default-tenant devices, a block per other device."""
    root = f"{ROOT}/{DEFAULT_TENANT_SEGMENT}/%u"
    out = [
        f"# Written by `citytwin devices mqtt-acl` at {format_instant(utc_now())}: regenerate, do not edit.",
        "",
        "# Devices of the default tenant (username = device code): their own topics only.",
        f"pattern write {root}/telemetry",
        f"pattern write {root}/command/ack",
        f"pattern read {root}/command",
        "",
        "# The platform: ingest workers and the command channel.",
        f"user {_check_user(service_user)}",
        f"topic readwrite {ROOT}/#",
    ]
    for key in keys:
        if key.tenant == DEFAULT_TENANT:
            continue
        out += [
            "",
            f"user {key.username}",
            f"topic write {telemetry_topic(key.tenant, key.code)}",
            f"topic write {ack_topic(key.tenant, key.code)}",
            f"topic read {command_topic(key.tenant, key.code)}",
        ]
    if extra.strip():
        out += ["", "# Appended from --append:", extra.strip()]
    return "\n".join(out) + "\n"


def _replace(path: Path, text: str, mode: int) -> None:
    """Write ``text`` to ``path`` atomically with ``mode``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def service_password(path: Path) -> str:
    """The platform account's password, read from ``path`` (created, mode 0600, when it does not exist)."""
    if path.exists():
        secret = path.read_text(encoding="utf-8").strip()
        if not secret:
            raise BadRequestData(f"the service password file {path} is empty")
        return secret
    secret = secrets.token_urlsafe(32)
    _replace(path, secret + "\n", 0o600)
    return secret


def write_broker_files(
    keys: Iterable[DeviceKey],
    password_file: Path,
    acl_file: Path,
    *,
    service_user: str = SERVICE_USER,
    service_secret: str,
    extra_acl: str = "",
) -> BrokerFiles:
    """Write the password file (mode 0640: the broker's group reads it) and the ACL file."""
    found = list(keys)
    _replace(password_file, password_text(found, service_user, broker_hash(service_secret)), 0o640)
    _replace(acl_file, acl_text(found, service_user, extra=extra_acl), 0o644)
    return BrokerFiles(password_file, acl_file, len(found), len({k.tenant for k in found}))
