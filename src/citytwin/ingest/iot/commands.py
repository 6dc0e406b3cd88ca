"""Device commands (control side): recorded, published on the downlink topic, tracked until acknowledged.

A command moves ``pending`` (recorded) → ``sent`` (the broker took it, QoS 1) → ``acknowledged`` or
``failed`` (the device answered on ``.../command/ack``), or → ``expired`` when no answer came before its
deadline (a clock-driven :meth:`CommandService.sweep`; reads also show an overdue command as expired).
Records are store documents of kind ``iot-command``; open ones are also indexed under ``iot-command-open``
so the sweep reads only those. A device's answer is a document of its own (``iot-command-answer``), so the
process that records it (any member of the acknowledgement group) never overwrites, nor is overwritten by,
the process that marks the command sent: the answer wins when both are there.
"""

from __future__ import annotations

import contextlib
import logging
import re
import secrets
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import msgspec

from citytwin.core.codes import device_code
from citytwin.core.timeutil import Clock, format_instant, parse_instant, utc_now
from citytwin.errors import BadRequestData, CitytwinError, ResourceNotFound
from citytwin.ingest.iot.mqtt_downlink import NO_MATCHING_SUBSCRIBERS, BrokerUnavailable, MqttCommandChannel
from citytwin.ingest.iot.mqtt_topics import command_topic
from citytwin.storage.base import Store

if TYPE_CHECKING:
    from citytwin.ingest.iot.registry import DeviceRegistry

log = logging.getLogger(__name__)

KIND = "iot-command"
OPEN_KIND = "iot-command-open"
ANSWER_KIND = "iot-command-answer"
DEFAULT_TIMEOUT_S = 300.0
MAX_TIMEOUT_S = 7 * 86_400.0
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]{0,63}$")
_ENCODE = msgspec.json.Encoder().encode
_ACK_WORDS = {
    "acknowledged": "acknowledged",
    "ack": "acknowledged",
    "ok": "acknowledged",
    "success": "acknowledged",
    "done": "acknowledged",
    "failed": "failed",
    "error": "failed",
    "rejected": "failed",
}


class CommandState(StrEnum):
    """Where a command is in its life."""

    PENDING = "pending"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    FAILED = "failed"
    EXPIRED = "expired"


OPEN = frozenset({CommandState.PENDING, CommandState.SENT})


@dataclass(frozen=True, slots=True)
class Command:
    """One command to one device, with its state and times."""

    id: str
    device: str
    name: str
    params: dict[str, Any]
    issued_by: str
    issued_at: datetime
    expires_at: datetime
    state: CommandState = CommandState.PENDING
    sent_at: datetime | None = None
    answered_at: datetime | None = None
    detail: str | None = None
    result: Any = None
    tenant: str = ""

    def to_json(self) -> dict[str, Any]:
        """The public (and stored) representation."""
        out: dict[str, Any] = {
            "id": self.id,
            "device": self.device,
            "name": self.name,
            "params": self.params,
            "issuedBy": self.issued_by,
            "issuedAt": format_instant(self.issued_at),
            "expiresAt": format_instant(self.expires_at),
            "state": self.state.value,
        }
        if self.sent_at is not None:
            out["sentAt"] = format_instant(self.sent_at)
        if self.answered_at is not None:
            out["answeredAt"] = format_instant(self.answered_at)
        if self.detail is not None:
            out["detail"] = self.detail
        if self.result is not None:
            out["result"] = self.result
        return out

    @classmethod
    def from_json(cls, doc: dict[str, Any], tenant: str = "") -> Command:
        """Read a stored record."""
        return cls(
            id=doc["id"],
            device=doc["device"],
            name=doc["name"],
            params=doc.get("params") or {},
            issued_by=doc.get("issuedBy", ""),
            issued_at=parse_instant(doc["issuedAt"]),
            expires_at=parse_instant(doc["expiresAt"]),
            state=CommandState(doc["state"]),
            sent_at=parse_instant(doc["sentAt"]) if doc.get("sentAt") else None,
            answered_at=parse_instant(doc["answeredAt"]) if doc.get("answeredAt") else None,
            detail=doc.get("detail"),
            result=doc.get("result"),
            tenant=tenant,
        )

    def downlink(self) -> bytes:
        """The payload published to the device."""
        return _ENCODE(
            {
                "id": self.id,
                "name": self.name,
                "params": self.params,
                "issuedAt": format_instant(self.issued_at),
                "expiresAt": format_instant(self.expires_at),
            }
        )


def check_params(params: Any) -> dict[str, Any]:
    """Command parameters: a JSON object (raises BadRequestData otherwise)."""
    if params is None:
        return {}
    if not isinstance(params, dict) or not all(isinstance(k, str) and k for k in params):
        raise BadRequestData("command params must be a JSON object with non-empty names")
    return params


@dataclass(slots=True)
class CommandService:
    """Issues commands, applies acknowledgements and expires overdue commands, on one store."""

    store: Store
    channel: MqttCommandChannel | None = None
    clock: Clock = utc_now
    default_timeout_s: float = DEFAULT_TIMEOUT_S
    resolve_device: Callable[[str, str], str | None] | None = None
    """(tenant, device code as given) → the registered device's canonical code, or None when unknown.
    Without one, any code that can name a topic is accepted as given."""
    _lock: threading.RLock = field(default_factory=threading.RLock)

    # -- issuing -------------------------------------------------------------------------------------
    def issue(
        self,
        tenant: str,
        device: str,
        name: str,
        params: Any = None,
        *,
        issued_by: str = "",
        timeout_s: float | None = None,
        publish_wait_s: float = 2.0,
    ) -> Command:
        """Record a command and publish it; waits up to ``publish_wait_s`` for the broker to take it."""
        if not isinstance(name, str) or not _NAME.match(name):
            raise BadRequestData(f"command name {name!r}: a letter, then up to 63 of [A-Za-z0-9_.-]")
        timeout = self.default_timeout_s if timeout_s is None else timeout_s
        if not 0 < timeout <= MAX_TIMEOUT_S:
            raise BadRequestData(f"command timeout must be within (0, {MAX_TIMEOUT_S:.0f}] seconds")
        command_topic(tenant, device)  # validates the tenant and the code as topic levels
        if self.channel is None:
            raise BrokerUnavailable("no MQTT broker is configured for commands (serve --mqtt URL)")
        if self.resolve_device is not None:
            found = self.resolve_device(tenant, device)
            if found is None:
                raise ResourceNotFound(f"device {device!r} is not registered")
            device = found
        topic = command_topic(tenant, device)
        now = self.clock()
        command = Command(
            id=f"{int(now.timestamp() * 1000):012x}{secrets.token_hex(6)}",  # time-ordered, unguessable
            device=device,
            name=name,
            params=check_params(params),
            issued_by=issued_by,
            issued_at=now,
            expires_at=now + timedelta(seconds=timeout),
            tenant=tenant,
        )
        self._save(command)
        done = threading.Event()

        def published(code: int | None, text: str) -> None:
            if code == NO_MATCHING_SUBSCRIBERS:
                self._transition(tenant, command.id, CommandState.FAILED, detail="no device was subscribed")
            else:
                self._transition(tenant, command.id, CommandState.SENT)
            done.set()

        self.channel.publish(topic, command.downlink(), published)
        done.wait(publish_wait_s)
        return self.get(tenant, command.id)

    # -- acknowledgements ----------------------------------------------------------------------------
    def apply_ack(self, tenant: str, device_code: str, payload: bytes) -> Command | None:
        """Record one device acknowledgement (``{"id", "status", "detail"?, "result"?}``); None if ignored."""
        try:
            ack = msgspec.json.decode(payload)
        except msgspec.DecodeError:
            log.warning("command ack from %s is not JSON: %r", device_code, payload[:200])
            return None
        if not isinstance(ack, dict) or not isinstance(ack.get("id"), str):
            log.warning("command ack from %s names no command id", device_code)
            return None
        state = _ACK_WORDS.get(str(ack.get("status", "acknowledged")).lower())
        if state is None:
            log.warning("command ack from %s has an unknown status %r", device_code, ack.get("status"))
            return None
        detail = ack.get("detail")
        return self._answer(
            tenant,
            ack["id"],
            device_code,
            CommandState(state),
            detail=str(detail) if detail is not None else None,
            result=ack.get("result"),
        )

    # -- expiry ----------------------------------------------------------------------------------------
    def sweep(self, now: datetime | None = None) -> int:
        """Expire every open command past its deadline (all tenants); returns how many."""
        at = self.clock() if now is None else now
        expired = 0
        for tenant in self.store.tenants():
            for doc_id, doc in list(self._all(tenant, OPEN_KIND)):
                if parse_instant(doc["expiresAt"]) <= at:
                    done = self._transition(tenant, doc_id, CommandState.EXPIRED, at=at)
                    expired += done is not None and done.state is CommandState.EXPIRED
        return expired

    def _all(self, tenant: str, kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
        ts = self.store.tenant(tenant)
        offset = 0
        while True:
            page = ts.list_documents(kind, limit=1000, offset=offset)
            yield from page
            if len(page) < 1000:
                return
            offset += len(page)

    # -- reading -----------------------------------------------------------------------------------------
    def get(self, tenant: str, command_id: str) -> Command:
        """One command (raises ResourceNotFound); an overdue open command reads as expired."""
        found = self._load(tenant, command_id)
        if found is None:
            raise ResourceNotFound(f"command {command_id!r} not found")
        return self._as_of(found)

    def list(
        self,
        tenant: str,
        *,
        device: str | None = None,
        state: CommandState | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Command]:
        """Commands, oldest first, optionally of one device and/or in one state."""
        out: list[Command] = []
        skipped = 0
        ts = self.store.tenant(tenant)
        answers = dict(self._all(tenant, ANSWER_KIND))
        page_offset = 0
        while len(out) < limit:
            page = ts.list_documents(KIND, limit=1000, offset=page_offset)
            for doc_id, doc in page:
                if device is not None and doc.get("device") != device:
                    continue
                command = self._as_of(_compose(Command.from_json(doc, tenant), answers.get(doc_id)))
                if state is not None and command.state is not state:
                    continue
                if skipped < offset:
                    skipped += 1
                    continue
                out.append(command)
                if len(out) >= limit:
                    break
            if len(page) < 1000:
                break
            page_offset += len(page)
        return out

    def _as_of(self, command: Command) -> Command:
        if command.state in OPEN and command.expires_at <= self.clock():
            return replace(command, state=CommandState.EXPIRED, answered_at=None)
        return command

    # -- state changes -------------------------------------------------------------------------------
    def _save(self, command: Command) -> None:
        ts = self.store.tenant(command.tenant)
        ts.put_document(KIND, command.id, command.to_json())
        if command.state in OPEN:
            ts.put_document(OPEN_KIND, command.id, {"expiresAt": format_instant(command.expires_at)})
        else:
            with contextlib.suppress(ResourceNotFound):
                ts.delete_document(OPEN_KIND, command.id)

    def _load(self, tenant: str, command_id: str) -> Command | None:
        """The record with the device's answer applied; None when unknown."""
        ts = self.store.tenant(tenant)
        try:
            doc = ts.get_document(KIND, command_id)
        except ResourceNotFound:
            return None
        try:
            answer: dict[str, Any] | None = ts.get_document(ANSWER_KIND, command_id)
        except ResourceNotFound:
            answer = None
        return _compose(Command.from_json(doc, tenant), answer)

    def _close_open(self, tenant: str, command_id: str) -> None:
        with contextlib.suppress(ResourceNotFound):
            self.store.tenant(tenant).delete_document(OPEN_KIND, command_id)

    def _transition(
        self,
        tenant: str,
        command_id: str,
        to: CommandState,
        *,
        detail: str | None = None,
        at: datetime | None = None,
    ) -> Command | None:
        """Mark a command sent, failed (nobody subscribed) or expired; None when unknown."""
        with self._lock:
            command = self._load(tenant, command_id)
            if command is None:
                log.warning("command %s (tenant %r) is unknown", command_id, tenant)
                return None
            if command.state not in OPEN or (
                to is CommandState.SENT and command.state is not CommandState.PENDING
            ):
                if command.state not in OPEN:
                    self._close_open(tenant, command_id)  # answered: nothing left to expire
                return command
            now = self.clock() if at is None else at
            if to is CommandState.SENT:
                updated = replace(command, state=to, sent_at=now)
            else:
                updated = replace(command, state=to, answered_at=now, detail=detail)
            self._save(updated)
            return updated

    def _answer(
        self,
        tenant: str,
        command_id: str,
        device: str,
        to: CommandState,
        *,
        detail: str | None,
        result: Any,
    ) -> Command | None:
        """Record the device's answer; None when the command is unknown or another device's."""
        with self._lock:
            command = self._load(tenant, command_id)
            if command is None:
                log.warning("command %s (tenant %r) is unknown", command_id, tenant)
                return None
            if command.device != device:
                log.warning("device %s answered command %s of device %s", device, command_id, command.device)
                return None
            if command.state not in OPEN:
                return command  # a repeated or late answer changes nothing
            answer: dict[str, Any] = {"state": to.value, "answeredAt": format_instant(self.clock())}
            if detail is not None:
                answer["detail"] = detail
            if result is not None:
                answer["result"] = result
            self.store.tenant(tenant).put_document(ANSWER_KIND, command_id, answer)
            self._close_open(tenant, command_id)
            return _compose(command, answer)


def _compose(command: Command, answer: dict[str, Any] | None) -> Command:
    """A record with the device's answer (if any) applied; an answer after the deadline reads as expired."""
    if answer is None or command.state not in OPEN:
        return command
    at = parse_instant(answer["answeredAt"])
    state = CommandState(answer["state"])
    if at > command.expires_at:
        # Past its deadline the command counts as expired, whatever the device says now.
        detail = f"answered {state.value} after its deadline"
        return replace(
            command, state=CommandState.EXPIRED, answered_at=at, detail=detail, result=answer.get("result")
        )
    return replace(
        command, state=state, answered_at=at, detail=answer.get("detail"), result=answer.get("result")
    )


def registered(registry: DeviceRegistry) -> Callable[[str, str], str | None]:
    """A ``resolve_device`` backed by the device registry (codes are normalised and checked first)."""

    def resolve(tenant: str, code: str) -> str | None:
        try:
            canonical = device_code.parse(code).code
        except CitytwinError:
            return None
        record = registry.lookup(tenant, canonical)
        return None if record is None else record.code

    return resolve
