"""Attribute values encrypted at rest: AES-256-GCM envelopes with a keyed hash for equality (pure).

A value becomes an *envelope*, a small JSON object stored in place of the value::

    {"enc": "v1", "kid": "k2025…", "n": "<nonce>", "ct": "<ciphertext+tag>", "h": "<keyed hash>", "t": "…"}

* ``ct``: AES-256-GCM of the value's JSON text under the key ``kid``, with a random 96-bit nonce ``n``. The
  associated data binds the ciphertext to its place: tenant, entity id, attribute name, the original
  attribute type ``t`` (absent for Properties) and ``h``; a ciphertext copied to another entity, attribute
  or tenant, or an edited ``h``, fails authentication.
* ``h``: HMAC-SHA256 of the canonical JSON of the value (numbers normalised: ``1.0`` is ``1``), keyed by a
  separate hash key and prefixed with tenant and attribute, so equal values of one attribute in one tenant
  have equal hashes and nothing else does. A JSON array gets one hash per item (``==`` on an array matches
  any item). Equality queries compare hashes; nothing else about the value can be queried.

Every key of a :class:`Keyring` is one 32-byte secret from which the AES key and the hash key are derived
(HKDF-SHA256, distinct labels). The active key encrypts; every key decrypts, and queries hash with every
key, so values stay readable and findable while a rotation re-encrypts them.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

import msgspec
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from citytwin.errors import BadRequestData, CitytwinError

VERSION: Final = "v1"
KEY_BYTES: Final = 32
NONCE_BYTES: Final = 12
ENVELOPE_KEYS: Final = frozenset({"enc", "kid", "n", "ct", "h", "t"})
_REQUIRED: Final = frozenset({"enc", "kid", "n", "ct", "h"})
_KID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_ENC_LABEL: Final = b"citytwin/field-encryption/aes-256-gcm/v1"
_HASH_LABEL: Final = b"citytwin/field-encryption/hmac-sha256/v1"
_AAD_PREFIX: Final = b"citytwin-enc-v1"
_ENCODE = msgspec.json.Encoder()
_CANONICAL = msgspec.json.Encoder(order="sorted")
_DECODE = msgspec.json.Decoder()


class EncryptionUnavailable(CitytwinError):
    """Sensitive attributes are configured but no encryption key is: the write is refused (fail closed)."""

    status = 503
    problem = "InternalError"
    title = "Encryption unavailable"


class DecryptionFailed(CitytwinError):
    """A stored envelope cannot be decrypted: unknown key id, or the ciphertext or its binding was altered."""

    status = 500
    problem = "InternalError"
    title = "Encrypted value cannot be read"


def _b64(raw: bytes) -> str:
    return binascii.b2a_base64(raw, newline=False).decode("ascii")


def _unb64(text: str) -> bytes:
    return binascii.a2b_base64(text, strict_mode=True)


@dataclass(frozen=True, slots=True)
class DataKey:
    """One key of the ring: its id and the AES and hash keys derived from its secret."""

    kid: str
    aead: AESGCM = field(repr=False)
    hash_key: bytes = field(repr=False)

    @classmethod
    def derive(cls, kid: str, secret: bytes) -> DataKey:
        """The key ``kid`` from its 32-byte secret (BadRequestData when either is malformed)."""
        if not isinstance(kid, str) or not _KID.match(kid):
            raise BadRequestData(f"encryption key id {kid!r} must be 1-64 letters, digits, '_', '.' or '-'")
        if len(secret) != KEY_BYTES:
            raise BadRequestData(f"encryption key {kid!r} must be {KEY_BYTES} bytes, got {len(secret)}")
        enc = HKDF(hashes.SHA256(), KEY_BYTES, salt=None, info=_ENC_LABEL).derive(secret)
        mac = HKDF(hashes.SHA256(), KEY_BYTES, salt=None, info=_HASH_LABEL).derive(secret)
        return cls(kid, AESGCM(enc), mac)


def decode_secret(text: str, what: str = "encryption key") -> bytes:
    """A 32-byte key from base64 (standard or URL-safe alphabet); BadRequestData otherwise."""
    if not isinstance(text, str):
        raise BadRequestData(f"{what} must be a base64 string")
    cleaned = text.strip()
    try:
        standard = cleaned.replace("-", "+").replace("_", "/").rstrip("=")
        raw = base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
    except ValueError:
        raise BadRequestData(f"{what} is not valid base64") from None
    if len(raw) != KEY_BYTES:
        raise BadRequestData(f"{what} must decode to {KEY_BYTES} bytes, got {len(raw)}")
    return raw


def new_secret() -> str:
    """A fresh random 32-byte key, base64."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def fingerprint(secret: bytes) -> str:
    """A stable, non-secret id for a key given without one (``CITYTWIN_ENCRYPTION_KEY``)."""
    return "k" + hashlib.sha256(b"citytwin-key-id\x00" + secret).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Keyring:
    """Every key that may decrypt, and the one that encrypts."""

    keys: Mapping[str, DataKey]
    active: str

    def __post_init__(self) -> None:
        if self.active not in self.keys:
            raise BadRequestData(f"the active encryption key {self.active!r} is not in the key ring")

    @property
    def current(self) -> DataKey:
        """The key new envelopes are written with."""
        return self.keys[self.active]

    @classmethod
    def single(cls, secret: bytes) -> Keyring:
        """A ring of one key, named by its fingerprint."""
        kid = fingerprint(secret)
        return cls({kid: DataKey.derive(kid, secret)}, kid)

    @classmethod
    def from_document(cls, raw: Any, name: str = "key file") -> Keyring:
        """A ring from ``{"active": KID, "keys": {KID: base64, ...}}`` (BadRequestData naming the problem)."""
        if not isinstance(raw, Mapping) or not isinstance(raw.get("keys"), Mapping) or not raw["keys"]:
            raise BadRequestData(f"{name}: expected {{'active': KID, 'keys': {{KID: base64 key, ...}}}}")
        unknown = set(raw) - {"active", "keys", "retired"}
        if unknown:
            raise BadRequestData(f"{name}: unknown member(s) {sorted(unknown)}")
        keys = {
            str(kid): DataKey.derive(str(kid), decode_secret(secret, f"{name}: key {kid!r}"))
            for kid, secret in raw["keys"].items()
        }
        active = raw.get("active")
        if not isinstance(active, str) or active not in keys:
            raise BadRequestData(f"{name}: 'active' must name one of the keys {sorted(keys)}")
        return cls(keys, active)


# -- canonical form and keyed hashes ------------------------------------------------------------------------


def _normal(value: Any) -> Any:
    """Numbers in one form (an integral float is an int), so ``1.0`` and ``1`` hash alike."""
    cls = value.__class__
    if cls is float:
        return int(value) if value.is_integer() and math.isfinite(value) else value
    if cls is list or cls is tuple:
        return [_normal(v) for v in value]
    if cls is dict:
        return {k: _normal(v) for k, v in value.items()}
    return value


def canonical(value: Any) -> bytes:
    """The canonical JSON of a value (sorted keys, normalised numbers): what the keyed hash covers."""
    if value.__class__ is str:
        return _ENCODE.encode(value)
    return _CANONICAL.encode(_normal(value))


_HEADS: dict[tuple[str, str], bytes] = {}


def _head(tenant: str, attr: str) -> bytes:
    """The unambiguous (length-prefixed) tenant and attribute the keyed hash starts with."""
    found = _HEADS.get((tenant, attr))
    if found is None:
        if len(_HEADS) > 10_000:
            _HEADS.clear()
        found = _HEADS[(tenant, attr)] = f"{len(tenant)}:{tenant}{len(attr)}:{attr}".encode()
    return found


def _mac(key: DataKey, tenant: str, attr: str, value: Any) -> str:
    return _b64(hmac.digest(key.hash_key, _head(tenant, attr) + canonical(value), "sha256"))


def keyed_hash(key: DataKey, tenant: str, attr: str, value: Any) -> str | list[str]:
    """The ``h`` of a value: one hash, or one per item of a JSON array (any-item equality)."""
    if value.__class__ is list:
        return [_mac(key, tenant, attr, v) for v in value]
    return _mac(key, tenant, attr, value)


def query_hashes(ring: Keyring, tenant: str, attr: str, values: Iterable[Any]) -> tuple[str, ...]:
    """The hashes a stored value equal to any of ``values`` may carry (one per key and value form)."""
    out: list[str] = []
    for value in values:
        for form in _forms(value):
            out.extend(_mac(key, tenant, attr, form) for key in ring.keys.values())
    return tuple(dict.fromkeys(out))


def _forms(value: Any) -> list[Any]:
    """A query scalar as the JSON values it stands for: a datetime as its usual ISO 8601 spellings."""
    if not isinstance(value, datetime):
        return [value]
    moment = value.astimezone(UTC) if value.tzinfo is not None else value
    base = moment.strftime("%Y-%m-%dT%H:%M:%S")
    fractions = [""]
    if moment.microsecond:
        fractions = [f".{moment.microsecond:06d}"]
        if moment.microsecond % 1000 == 0:
            fractions.append(f".{moment.microsecond // 1000:03d}")
    else:
        fractions += [".000", ".000000"]
    return [base + f + z for f in fractions for z in ("Z", "+00:00")]


# -- envelopes ----------------------------------------------------------------------------------------------


def is_envelope(value: Any) -> bool:
    """Whether a stored value is an envelope (a dict with exactly the envelope's members, ``enc`` = v1)."""
    return (
        value.__class__ is dict
        and value.get("enc") == VERSION
        and _REQUIRED.issubset(value)
        and ENVELOPE_KEYS.issuperset(value)
    )


def _aad(tenant: str, entity_id: str, attr: str, kind: str | None, h: Any) -> bytes:
    return _AAD_PREFIX + _ENCODE.encode([tenant, entity_id, attr, kind, h])


def seal(
    ring: Keyring, tenant: str, entity_id: str, attr: str, value: Any, *, kind: str | None = None
) -> dict[str, Any]:
    """The envelope of ``value`` of attribute ``attr`` of ``entity_id`` (``kind``: the attribute type when it
    is not a Property, restored on opening)."""
    key = ring.current
    h = keyed_hash(key, tenant, attr, value)
    nonce = os.urandom(NONCE_BYTES)
    ct = key.aead.encrypt(nonce, _ENCODE.encode(value), _aad(tenant, entity_id, attr, kind, h))
    out: dict[str, Any] = {"enc": VERSION, "kid": key.kid, "n": _b64(nonce), "ct": _b64(ct), "h": h}
    if kind is not None:
        out["t"] = kind
    return out


def unseal(ring: Keyring, tenant: str, entity_id: str, attr: str, envelope: Mapping[str, Any]) -> Any:
    """The value inside an envelope (DecryptionFailed when its key is unknown or anything was altered)."""
    kid = envelope.get("kid")
    key = ring.keys.get(kid) if isinstance(kid, str) else None
    where = f"attribute {attr!r} of {entity_id}"
    if key is None:
        raise DecryptionFailed(f"{where} is encrypted with key {kid!r}, which the key ring does not hold")
    try:
        aad = _aad(tenant, entity_id, attr, envelope.get("t"), envelope["h"])
        plain = key.aead.decrypt(_unb64(envelope["n"]), _unb64(envelope["ct"]), aad)
    except (InvalidTag, ValueError, TypeError, KeyError, binascii.Error):
        raise DecryptionFailed(
            f"{where}: the encrypted value fails authentication (altered or moved)"
        ) from None
    return _DECODE.decode(plain)


def reseal(
    ring: Keyring, tenant: str, entity_id: str, attr: str, envelope: Mapping[str, Any]
) -> dict[str, Any]:
    """The envelope re-encrypted with the active key (unchanged when it already uses it)."""
    if envelope.get("kid") == ring.active:
        return dict(envelope)
    value = unseal(ring, tenant, entity_id, attr, envelope)
    return seal(ring, tenant, entity_id, attr, value, kind=envelope.get("t"))


# -- opaque byte strings (change-log payloads) -------------------------------------------------------------

BLOB_MAGIC: Final = b"\x00ctenc1"
"""Prefix of an encrypted byte string; the plain ones citytwin stores never start with a NUL byte."""


def seal_bytes(ring: Keyring, data: bytes, aad: bytes) -> bytes:
    """``data`` encrypted with the active key: magic, key id (length-prefixed), nonce, ciphertext."""
    key = ring.current
    kid = key.kid.encode()
    nonce = os.urandom(NONCE_BYTES)
    return BLOB_MAGIC + bytes([len(kid)]) + kid + nonce + key.aead.encrypt(nonce, data, aad)


def unseal_bytes(ring: Keyring, blob: bytes, aad: bytes, what: str) -> bytes:
    """The plain bytes of :func:`seal_bytes` output (DecryptionFailed naming ``what`` when they cannot be)."""
    at = len(BLOB_MAGIC)
    size = blob[at]
    kid = blob[at + 1 : at + 1 + size].decode("ascii", "replace")
    key = ring.keys.get(kid)
    if key is None:
        raise DecryptionFailed(f"{what} is encrypted with key {kid!r}, which the key ring does not hold")
    start = at + 1 + size
    try:
        return key.aead.decrypt(blob[start : start + NONCE_BYTES], blob[start + NONCE_BYTES :], aad)
    except (InvalidTag, ValueError):
        raise DecryptionFailed(f"{what} fails authentication (altered, or moved from elsewhere)") from None
