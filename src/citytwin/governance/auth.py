"""Authentication: API keys for machines, OAuth2/OIDC bearer JWTs for people and applications, local accounts.

* **Accounts** (embedded mode, ``citytwin users``): documents of kind ``account`` in the default tenant,
  each a subject with kind (user, service, device), roles, department, tenant and area.
* **API keys** (``citytwin keys``): ``ctk_<id>_<secret>``, scoped to one account. Only the SHA-256 of the key
  is stored (the secret has 256 bits of entropy, so a slow password hash adds nothing); it is shown once.
* **Tokens**: JWTs from an external identity provider are checked against its keys (a JWKS file or URL:
  ``CITYTWIN_AUTH_JWKS``) for signature, issuer, audience, expiry and not-before with a clock-skew leeway.
  ``citytwin users token NAME`` issues ES256 tokens signed by a local key kept outside the repository
  (``CITYTWIN_AUTH_SIGNING_KEY``, default ``~/.config/citytwin/token-signing-key.pem``, created mode 0600).

:func:`check_bind` refuses a non-loopback bind without authentication.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import os
import re
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from citytwin.core.policy import Subject
from citytwin.core.timeutil import Clock, format_instant, utc_now
from citytwin.errors import AlreadyExists, BadRequestData, CitytwinError, ResourceNotFound
from citytwin.governance.enforce_context import Unauthenticated
from citytwin.settings import Settings
from citytwin.storage.base import DEFAULT_TENANT, Store, TenantStore

ACCOUNT_KIND = "account"
KEY_KIND = "apikey"
ACCOUNT_KINDS = ("user", "service", "device")
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
"""Asymmetric algorithms only: never ``none``, never a shared-secret HMAC."""
DEFAULT_KEY_PATH = Path("~/.config/citytwin/token-signing-key.pem")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@\-]{0,127}$")
_KEY = re.compile(r"^ctk_([0-9a-f]{16})_([A-Za-z0-9_\-]{43})$")
_CACHE_S = 5.0
"""How long a looked-up key or account is trusted before it is read again (revocation takes this long)."""


# -- accounts and keys ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Account:
    """A local account: the subject its keys and tokens stand for."""

    name: str
    kind: str = "user"
    roles: tuple[str, ...] = ()
    department: str | None = None
    tenant: str | None = None
    area: str | None = None
    disabled: bool = False
    created_at: str = ""

    def subject(self) -> Subject:
        """The policy subject of this account."""
        return Subject(self.name, self.kind, frozenset(self.roles), self.department, self.tenant, self.area)

    def to_dict(self) -> dict[str, Any]:
        """Stored and printed form."""
        return {
            "name": self.name,
            "kind": self.kind,
            "roles": list(self.roles),
            "department": self.department,
            "tenant": self.tenant,
            "area": self.area,
            "disabled": self.disabled,
            "createdAt": self.created_at,
        }

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> Account:
        """From the stored form."""
        return cls(
            name=doc["name"],
            kind=doc.get("kind", "user"),
            roles=tuple(doc.get("roles", ())),
            department=doc.get("department"),
            tenant=doc.get("tenant"),
            area=doc.get("area"),
            disabled=bool(doc.get("disabled", False)),
            created_at=doc.get("createdAt", ""),
        )


def key_hash(key: str) -> str:
    """What is stored for an API key: SHA-256 (hex) of the whole key."""
    return hashlib.sha256(key.encode("ascii", "replace")).hexdigest()


class Accounts:
    """Accounts and API keys kept in a store (default tenant documents)."""

    def __init__(self, store: Store, *, clock: Clock = utc_now) -> None:
        self.store = store
        self.clock = clock

    def _docs(self) -> TenantStore:
        return self.store.tenant(DEFAULT_TENANT)

    def add(
        self,
        name: str,
        *,
        kind: str = "user",
        roles: tuple[str, ...] = (),
        department: str | None = None,
        tenant: str | None = None,
        area: str | None = None,
    ) -> Account:
        """Create an account (AlreadyExists when the name is taken)."""
        if not _NAME.match(name):
            raise BadRequestData(f"account name {name!r}: use 1-128 letters, digits, '.', '_', '@', '-'")
        if kind not in ACCOUNT_KINDS:
            raise BadRequestData(f"account kind must be one of {', '.join(ACCOUNT_KINDS)}, got {kind!r}")
        if area is not None and not area.isdigit():
            raise BadRequestData(f"area must be a GB/T 2260 code, got {area!r}")
        try:
            self._docs().get_document(ACCOUNT_KIND, name)
            raise AlreadyExists(f"account {name} already exists")
        except ResourceNotFound:
            pass
        created = format_instant(self.clock())
        account = Account(name, kind, tuple(roles), department, tenant, area, False, created)
        self._docs().put_document(ACCOUNT_KIND, name, account.to_dict())
        return account

    def get(self, name: str) -> Account:
        """An account (ResourceNotFound when absent)."""
        return Account.from_dict(self._docs().get_document(ACCOUNT_KIND, name))

    def all(self) -> list[Account]:
        """Every account, by name."""
        return [Account.from_dict(doc) for _, doc in self._docs().list_documents(ACCOUNT_KIND, limit=100_000)]

    def set_disabled(self, name: str, disabled: bool) -> Account:
        """Disable (or enable) an account: its keys and tokens stop working."""
        account = self.get(name)
        changed = Account(**{**_fields(account), "disabled": disabled})
        self._docs().put_document(ACCOUNT_KIND, name, changed.to_dict())
        return changed

    def create_key(self, account: str, *, label: str = "") -> tuple[str, dict[str, Any]]:
        """A new API key for ``account``: the key (shown once) and its stored record (without the key)."""
        self.get(account)
        key_id = secrets.token_hex(8)
        key = f"ctk_{key_id}_{secrets.token_urlsafe(32)}"
        record = {
            "id": key_id,
            "account": account,
            "label": label,
            "hash": key_hash(key),
            "createdAt": format_instant(self.clock()),
            "revokedAt": None,
        }
        self._docs().put_document(KEY_KIND, key_id, record)
        return key, record

    def revoke_key(self, key_id: str) -> dict[str, Any]:
        """Revoke a key by id (ResourceNotFound when unknown)."""
        record = self._docs().get_document(KEY_KIND, key_id)
        record["revokedAt"] = record.get("revokedAt") or format_instant(self.clock())
        self._docs().put_document(KEY_KIND, key_id, record)
        return record

    def keys(self, account: str | None = None) -> list[dict[str, Any]]:
        """Key records (never the keys), optionally of one account."""
        found = [doc for _, doc in self._docs().list_documents(KEY_KIND, limit=100_000)]
        return [{k: v for k, v in d.items() if k != "hash"} for d in found if account in (None, d["account"])]

    def by_key(self, key: str) -> Account:
        """The account an API key stands for (Unauthenticated when unknown, revoked or disabled)."""
        match = _KEY.match(key)
        if match is None:
            raise Unauthenticated("malformed API key")
        try:
            record = self._docs().get_document(KEY_KIND, match.group(1))
        except ResourceNotFound:
            raise Unauthenticated("unknown API key") from None
        if not hmac.compare_digest(record.get("hash", ""), key_hash(key)):
            raise Unauthenticated("unknown API key")
        if record.get("revokedAt"):
            raise Unauthenticated("the API key was revoked")
        return self._enabled(record["account"])

    def _enabled(self, name: str) -> Account:
        try:
            account = self.get(name)
        except ResourceNotFound:
            raise Unauthenticated(f"account {name} no longer exists") from None
        if account.disabled:
            raise Unauthenticated(f"account {name} is disabled")
        return account


def _fields(account: Account) -> dict[str, Any]:
    return {f: getattr(account, f) for f in Account.__slots__}


# -- the local signing key and tokens ---------------------------------------------------------------------


def signing_key_path(settings: Settings) -> Path:
    """Where the local token-signing key lives (``auth_signing_key`` or the default under ~/.config)."""
    return (settings.auth_signing_key or DEFAULT_KEY_PATH).expanduser()


def _inside_repository(path: Path) -> Path | None:
    for parent in path.resolve().parents:
        if (parent / ".git").exists():
            return parent
    return None


def ensure_signing_key(path: Path) -> ec.EllipticCurvePrivateKey:
    """Load the P-256 key at ``path``, creating it (mode 0600) on first use; never inside a repository."""
    path = path.expanduser()
    if path.exists():
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (OSError, ValueError) as err:
            raise BadRequestData(f"cannot read the token signing key {path}: {err}") from None
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise BadRequestData(f"the token signing key {path} is not an EC private key")
        return key
    repo = _inside_repository(path)
    if repo is not None:
        raise BadRequestData(f"refusing to create the token signing key inside the repository {repo}: {path}")
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    return key


def key_id(public: ec.EllipticCurvePublicKey) -> str:
    """A stable ``kid``: base64url of the SHA-256 of the public key (16 characters)."""
    der = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.urlsafe_b64encode(hashlib.sha256(der).digest()).decode()[:16]


def public_jwks(key: ec.EllipticCurvePrivateKey) -> dict[str, Any]:
    """The JWKS of the local key's public half (what ``/auth/jwks.json`` serves to other services)."""
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": key_id(key.public_key()), "use": "sig", "alg": "ES256"})
    return {"keys": [jwk]}


def issue_token(
    account: Account, settings: Settings, *, ttl_s: int | None = None, clock: Clock = utc_now
) -> str:
    """An ES256 JWT for a local account, signed with the local key."""
    if account.disabled:
        raise BadRequestData(f"account {account.name} is disabled")
    key = ensure_signing_key(signing_key_path(settings))
    now = int(clock().timestamp())
    claims = {
        "iss": settings.auth_local_issuer,
        "aud": settings.auth_audience,
        "sub": account.name,
        "iat": now,
        "nbf": now,
        "exp": now + (ttl_s or settings.auth_token_ttl_s),
        "jti": secrets.token_hex(8),
        "kind": account.kind,
        "roles": list(account.roles),
        "department": account.department,
        "tenant": account.tenant,
        "area": account.area,
    }
    return jwt.encode(claims, key, algorithm="ES256", headers={"kid": key_id(key.public_key())})


# -- checking credentials ------------------------------------------------------------------------------------


def load_jwks(source: str) -> jwt.PyJWKSet:
    """A JWKS from a file path or an https URL (fetched once here; :class:`Authenticator` refreshes it)."""
    try:
        if source.startswith(("https://", "http://")):
            import httpx

            response = httpx.get(source, timeout=10.0)
            response.raise_for_status()
            data = response.json()
        else:
            data = json.loads(Path(source).expanduser().read_text(encoding="utf-8"))
        return jwt.PyJWKSet.from_dict(data)
    except (OSError, ValueError, jwt.PyJWKSetError) as err:
        raise BadRequestData(f"cannot load the JWKS {source}: {err}") from None
    except Exception as err:  # httpx errors: the identity provider is unreachable
        raise BadRequestData(f"cannot fetch the JWKS {source}: {err}") from None


def _roles(claims: Mapping[str, Any]) -> frozenset[str]:
    found: set[str] = set()
    raw = claims.get("roles")
    if isinstance(raw, str):
        found.update(raw.split())
    elif isinstance(raw, list):
        found.update(str(r) for r in raw)
    realm = claims.get("realm_access")  # Keycloak puts realm roles here
    if isinstance(realm, Mapping) and isinstance(realm.get("roles"), list):
        found.update(str(r) for r in realm["roles"])
    return frozenset(found)


@dataclass
class Authenticator:
    """Turns request credentials into a :class:`Subject` (or raises Unauthenticated)."""

    settings: Settings
    accounts: Accounts
    clock: Clock = utc_now
    _jwks: jwt.PyJWKSet | None = None
    _jwks_at: float = 0.0
    _local: dict[str, Any] | None = None
    _cache: dict[str, tuple[float, Subject]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def authenticate(self, *, authorization: str | None, api_key: str | None) -> Subject:
        """The subject of a request's ``Authorization`` (Bearer JWT or key, ``ApiKey``) or ``X-API-Key``."""
        credential = api_key
        if authorization:
            scheme, _, value = authorization.strip().partition(" ")
            if scheme.lower() not in ("bearer", "apikey") or not value.strip():
                raise Unauthenticated("use Authorization: Bearer <token> or X-API-Key: <key>")
            credential = value.strip()
        if not credential:
            raise Unauthenticated("this server requires authentication (a bearer token or an API key)")
        cached = self._cache.get(credential)
        now = time.monotonic()
        if cached is not None and now - cached[0] < _CACHE_S:
            return cached[1]
        subject = self._key(credential) if credential.startswith("ctk_") else self._token(credential)
        with self._lock:
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[credential] = (now, subject)
        return subject

    def _key(self, key: str) -> Subject:
        return self.accounts.by_key(key).subject()

    def _token(self, token: str) -> Subject:
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError:
            raise Unauthenticated("the bearer token is not a JWT (or an API key)") from None
        alg = header.get("alg")
        if alg not in ALGORITHMS:
            raise Unauthenticated(f"token algorithm {alg!r} is not accepted")
        issuer = str(unverified.get("iss", ""))
        local = issuer == self.settings.auth_local_issuer
        if local:
            key: Any = self._local_key(header.get("kid"))
        elif self.settings.auth_issuer and issuer == self.settings.auth_issuer:
            key = self._provider_key(header.get("kid"))
        else:
            raise Unauthenticated(f"tokens of issuer {issuer!r} are not accepted here")
        claims = self._checked(token, key, alg, issuer)
        if local:
            return self.accounts._enabled(str(claims["sub"])).subject()
        kind = claims.get("kind") if claims.get("kind") in ACCOUNT_KINDS else "user"
        return Subject(
            str(claims["sub"]),
            str(kind),
            _roles(claims),
            claims.get("department"),
            claims.get("tenant"),
            claims.get("area"),
        )

    def _checked(self, token: str, key: Any, alg: str, issuer: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[alg],
                audience=self.settings.auth_audience,
                issuer=issuer,
                # Times are checked below against this authenticator's clock (tests drive it).
                options={
                    "verify_exp": False,
                    "verify_nbf": False,
                    "verify_iat": False,
                    "require": ["exp", "sub"],
                },
            )
        except jwt.InvalidAudienceError:
            audience = self.settings.auth_audience
            raise Unauthenticated(f"the token is not for this audience ({audience})") from None
        except jwt.PyJWTError as err:
            raise Unauthenticated(f"the token is not valid: {err}") from None
        now = self.clock().timestamp()
        leeway = self.settings.auth_leeway_s
        try:
            exp = float(claims["exp"])
            nbf = float(claims.get("nbf", 0))
        except (TypeError, ValueError):
            raise Unauthenticated("the token's exp or nbf is not a number") from None
        if exp + leeway <= now:
            raise Unauthenticated("the token has expired")
        if nbf - leeway > now:
            raise Unauthenticated("the token is not valid yet")
        return claims

    def _local_key(self, kid: Any) -> Any:
        if self._local is None:
            path = signing_key_path(self.settings)
            if not path.exists():
                raise Unauthenticated("no local signing key: this server issues no local tokens")
            key = ensure_signing_key(path)
            self._local = {key_id(key.public_key()): key.public_key()}
        found = self._local.get(str(kid))
        if found is None:
            raise Unauthenticated("the token was signed by another local key")
        return found

    def _provider_key(self, kid: Any) -> Any:
        source = self.settings.auth_jwks
        if not source:
            raise Unauthenticated("no JWKS is configured for the identity provider")
        stale = time.monotonic() - self._jwks_at > 300
        for attempt in (0, 1):
            if self._jwks is None or stale or attempt:
                try:
                    self._jwks, self._jwks_at = load_jwks(source), time.monotonic()
                except CitytwinError as err:
                    why = f"the identity provider's keys are unavailable: {err.detail}"
                    raise Unauthenticated(why) from None
            for jwk in self._jwks.keys:
                if kid is None or jwk.key_id == kid:
                    return jwk
            stale = False  # a key rotated at the provider: reload once
        raise Unauthenticated(f"no key {kid!r} in the identity provider's JWKS")


# -- binding -------------------------------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts local connections."""
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(settings: Settings, host: str | None = None) -> None:
    """Refuse to serve on a non-loopback address without authentication."""
    bind = host if host is not None else settings.host
    if not settings.auth and not is_loopback(bind):
        raise BadRequestData(
            f"refusing to serve on {bind} without authentication: set CITYTWIN_AUTH=1 (see docs/security.md)"
            " or bind to 127.0.0.1"
        )
