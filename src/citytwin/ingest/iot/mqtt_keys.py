"""Per-device keys: one secret per registered device, for the broker's login and for signed payloads.

A device key (``ctd_`` + 256 random bits, shown once by ``citytwin devices mqtt-key``) is what the device
gives the broker as its password; its MQTT username is its code (``CODE@tenant`` outside the default
tenant). The broker checks it against the password file ``citytwin devices mqtt-acl`` writes
(:mod:`citytwin.ingest.iot.mqtt_acl`), and its ACL lets the device publish only on its own topics.

Ingest checks payloads that carry a credential of their own (docs/mqtt.md, "Per-device keys"):

* ``"key": "<device key>"`` (a device that cannot sign): it must be the key of the device the topic names;
* ``"sig": "<hex HMAC-SHA256>"`` as the payload's **last** member, over the payload's bytes without it
  (``{...,"sig":"…"}`` signs ``{...}``), keyed with the device's signing key
  ``HMAC-SHA256(device key, "citytwin-device-signature")``.

A payload whose key or signature is not the topic device's is a dead letter (``bad_key``, never replayed);
its key is not kept. Payloads carrying neither are left to the broker's authentication.

What the store keeps per device (documents of kind ``iot.devicekey`` in its tenant, id = code): the SHA-256
of the key (to check payload keys), the signing key (to check signatures: whoever reads the store can
forge signed payloads, but not log in to the broker) and the broker's PBKDF2-SHA512 hash of it (for the
password file). Never the key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import msgspec

from citytwin.core.codes import device_code
from citytwin.core.devices import Reason
from citytwin.core.timeutil import Clock, format_instant, utc_now
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.ingest.iot.deadletter import NewLetter
from citytwin.ingest.iot.pipeline import IngestOutcome, IngestPipeline, MessageResult, RawMessage
from citytwin.ingest.iot.registry import DeviceRegistry
from citytwin.storage.base import DEFAULT_TENANT, Store

KEY_KIND = "iot.devicekey"
KEY_PREFIX = "ctd_"
SIGNING_LABEL = b"citytwin-device-signature"
BROKER_ITERATIONS = 101
"""Mosquitto's own default (``mosquitto_passwd``); the keys have 256 bits, so stretching adds nothing."""
CACHE_S = 30.0
"""How long a looked-up key is trusted before it is read again (a revoked key stops within this)."""
_SIG_TAIL = re.compile(rb',\s*"sig"\s*:\s*"([0-9a-fA-F]{64})"\s*}\s*$')
_MARKERS = (b'"key"', b'"sig"')


class _Credentials(msgspec.Struct):
    """The credential members of a payload object (everything else is the pipeline's)."""

    key: str | None = None
    sig: str | None = None


_CREDENTIALS = msgspec.json.Decoder(_Credentials)
_ANY = msgspec.json.Decoder()
_ENCODE = msgspec.json.Encoder().encode


def username(tenant: str, code: str) -> str:
    """A device's MQTT username: its code; ``CODE@tenant`` outside the default tenant (no code or tenant has
    an ``@``)."""
    return code if tenant == DEFAULT_TENANT else f"{code}@{tenant}"


def signing_key(key: str) -> bytes:
    """The key a device signs payloads with, derived from its device key."""
    return hmac.new(key.encode(), SIGNING_LABEL, hashlib.sha256).digest()


def sign(payload: bytes, key: str) -> bytes:
    """A JSON-object payload with its ``sig`` member appended (what a device sends)."""
    body = payload.rstrip()
    if not body.endswith(b"}"):
        raise BadRequestData("only a JSON object payload can be signed")
    sig = hmac.new(signing_key(key), body, hashlib.sha256).hexdigest()
    inner = body[:-1].rstrip()
    joiner = b"" if inner.endswith(b"{") else b","
    return inner + joiner + b'"sig":"' + sig.encode() + b'"}'


def broker_hash(secret: str, *, salt: bytes | None = None, iterations: int = BROKER_ITERATIONS) -> str:
    """The Mosquitto 2 password-file hash of ``secret``: ``$7$iterations$salt$PBKDF2-SHA512`` (base64)."""
    salt = salt if salt is not None else secrets.token_bytes(12)
    digest = hashlib.pbkdf2_hmac("sha512", secret.encode(), salt, iterations, 64)
    return f"$7${iterations}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True, slots=True)
class DeviceKey:
    """What is kept of one device's key."""

    tenant: str
    code: str
    key_hash: str
    signing_key: bytes
    broker_hash: str
    created_at: str = ""

    @property
    def username(self) -> str:
        """The device's MQTT username."""
        return username(self.tenant, self.code)

    def to_doc(self) -> dict[str, Any]:
        """The stored document."""
        return {"code": self.code, "keyHash": self.key_hash, "signingKey": self.signing_key.hex(),
                "brokerHash": self.broker_hash, "createdAt": self.created_at}  # fmt: skip

    @classmethod
    def from_doc(cls, tenant: str, doc: dict[str, Any]) -> DeviceKey:
        """Inverse of :meth:`to_doc`."""
        return cls(tenant, doc["code"], doc["keyHash"], bytes.fromhex(doc["signingKey"]), doc["brokerHash"],
                   doc.get("createdAt", ""))  # fmt: skip

    def holds(self, key: str) -> bool:
        """Whether ``key`` is this device's key (constant time)."""
        return hmac.compare_digest(_key_hash(key), self.key_hash)

    def signed(self, signed_bytes: bytes, sig: str) -> bool:
        """Whether ``sig`` is this device's signature of ``signed_bytes`` (constant time)."""
        expected = hmac.new(self.signing_key, signed_bytes, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, sig.lower())


class DeviceKeys:
    """Device keys kept in a store: issue, revoke, list; cached look-ups for ingest."""

    def __init__(self, store: Store, *, clock: Clock = utc_now, cache_s: float = CACHE_S) -> None:
        self.store = store
        self.clock = clock
        self.cache_s = cache_s
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str], tuple[float, DeviceKey | None]] = {}

    def issue(
        self, tenant: str, code: str, *, registry: DeviceRegistry | None = None
    ) -> tuple[str, DeviceKey]:
        """A new key for a registered device (replacing its old one): the key, shown once, and its record."""
        canonical = device_code.parse(code).code
        found = (registry or DeviceRegistry(self.store)).lookup(tenant, canonical)
        if found is None:
            raise ResourceNotFound(f"device {canonical} is not registered in tenant {tenant!r}")
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        record = DeviceKey(tenant, canonical, _key_hash(key), signing_key(key), broker_hash(key),
                           format_instant(self.clock()))  # fmt: skip
        self.store.tenant(tenant).put_document(KEY_KIND, canonical, record.to_doc())
        self._forget(tenant, canonical)
        return key, record

    def revoke(self, tenant: str, code: str) -> None:
        """Delete a device's key (ResourceNotFound when it has none)."""
        canonical = device_code.normalize(code)
        self.store.tenant(tenant).delete_document(KEY_KIND, canonical)
        self._forget(tenant, canonical)

    def get(self, tenant: str, code: str) -> DeviceKey | None:
        """The key record of a canonical code (cached for ``cache_s``; None: the device has no key)."""
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get((tenant, code))
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            found: DeviceKey | None = DeviceKey.from_doc(
                tenant, self.store.tenant(tenant).get_document(KEY_KIND, code)
            )
        except ResourceNotFound:
            found = None
        with self._lock:
            if len(self._cache) > 500_000:
                self._cache.clear()
            self._cache[(tenant, code)] = (now + self.cache_s, found)
        return found

    def all(self) -> Iterator[DeviceKey]:
        """Every device key of every tenant, by tenant and code."""
        for tenant in sorted(self.store.document_tenants(KEY_KIND)):
            offset = 0
            while True:
                page = self.store.tenant(tenant).list_documents(KEY_KIND, limit=1000, offset=offset)
                for _, doc in page:
                    yield DeviceKey.from_doc(tenant, doc)
                if len(page) < 1000:
                    break
                offset += 1000

    def _forget(self, tenant: str, code: str) -> None:
        with self._lock:
            self._cache.pop((tenant, code), None)

    # -- checking payloads ---------------------------------------------------------------------------------
    def refusal(self, message: RawMessage) -> NewLetter | None:
        """The dead letter of a device-topic payload whose key or signature is not its device's, else None."""
        payload = message.payload
        topic_code = message.device_code
        if topic_code is None or not any(m in payload for m in _MARKERS):
            return None  # gateway batches and payloads without credentials: the broker authenticated them
        if payload.lstrip()[:1] != b"{":
            return None  # an array of readings carries no credentials
        try:
            found = _CREDENTIALS.decode(payload)
        except msgspec.DecodeError:
            return None  # not a payload object: the pipeline says why
        if found.key is None and found.sig is None:
            return None  # "key" or "sig" inside a reading, not credentials
        tail = _SIG_TAIL.search(payload)
        code = device_code.normalize(topic_code)
        record = self.get(message.tenant, code)  # a store failure propagates: the worker retries the batch
        problem = None
        if record is None:
            problem = f"device {code} has no key: the payload's credentials cannot be its"
        elif found.key is not None and not record.holds(found.key):
            problem = f"the payload's key is not the key of device {code}"
        elif found.sig is not None and tail is None:
            problem = "a signature must be the payload's last member"
        elif tail is not None and not record.signed(payload[: tail.start()] + b"}", tail.group(1).decode()):
            problem = f"the payload's signature is not one of device {code}"
        if problem is None:
            return None
        return NewLetter(Reason.BAD_KEY, problem, _without_key(payload), code, message.transport, message.ref,
                         message.received_at)  # fmt: skip


def _without_key(payload: bytes) -> bytes:
    """The payload as kept in a dead letter: a device key it carries is a secret (or a guess of one)."""
    try:
        doc = _ANY.decode(payload)
    except msgspec.DecodeError:
        return payload
    if isinstance(doc, dict) and "key" in doc:
        doc["key"] = "(removed)"
        return _ENCODE(doc)
    return payload


class KeyCheckedIngest:
    """An ingest pipeline whose device-topic payloads are checked for their key or signature first."""

    def __init__(self, pipeline: IngestPipeline, keys: DeviceKeys) -> None:
        self.pipeline = pipeline
        self.keys = keys

    @property
    def registry(self) -> DeviceRegistry:
        """The pipeline's device registry (commands resolve devices with it)."""
        return self.pipeline.registry

    def ingest(self, messages: Sequence[RawMessage]) -> IngestOutcome:
        """Dead-letter the refused payloads, ingest the others; returns after the durable write."""
        refused: dict[int, NewLetter] = {}
        for pos, message in enumerate(messages):
            letter = self.keys.refusal(message)
            if letter is not None:
                refused[pos] = letter
        if not refused:
            return self.pipeline.ingest(messages)
        passed = [m for pos, m in enumerate(messages) if pos not in refused]
        outcome = self.pipeline.ingest(passed) if passed else IngestOutcome()
        by_tenant: dict[str, list[NewLetter]] = {}
        for pos, letter in refused.items():
            by_tenant.setdefault(messages[pos].tenant, []).append(letter)
        # Written after the others: a batch retried after a store failure adds them once.
        for tenant, letters in by_tenant.items():
            self.pipeline.dead_letters.add(tenant, letters)
        results = iter(outcome.results)
        merged: list[MessageResult] = []
        for pos in range(len(messages)):
            letter = refused.get(pos)
            if letter is None:
                merged.append(next(results))
            else:
                merged.append(MessageResult(rejected=1, reasons=[letter.reason.value], letters=[letter]))
        outcome.results = merged
        outcome.rejected += len(refused)
        shown = [{"reason": x.reason.value, "detail": x.detail, "device": x.device} for x in refused.values()]
        outcome.dead_letters = (shown + outcome.dead_letters)[:100]
        return outcome
