"""Passwords of local accounts, for people logging in to the viewer (``POST /auth/token``).

A password is kept as a scrypt hash (RFC 7914; N=2^14, r=8, p=1, a 16-byte random salt) in a document of kind
``password`` named after the account, in the default tenant; the account document itself is unchanged, so
API keys and tokens work as before. ``citytwin users password NAME`` sets one. A login checks the password
(in constant time, and as slowly for an unknown name as for a known one) and that the account is enabled;
:class:`LoginThrottle` refuses a name after repeated failures for a while.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable

from citytwin.core.timeutil import Clock, format_instant, utc_now
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.governance.auth import Account, Accounts
from citytwin.governance.enforce_context import Unauthenticated
from citytwin.storage.base import DEFAULT_TENANT, Store

KIND = "password"
N, R, P = 2**14, 8, 1
MIN_LENGTH = 10
_WRONG = "unknown account or wrong password"


def _hash(password: str, salt: bytes, n: int = N, r: int = R, p: int = P) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32, maxmem=64 * 1024 * 1024
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def set_password(store: Store, name: str, password: str, *, clock: Clock = utc_now) -> None:
    """Set (or replace) the password of account ``name`` (BadRequestData when too short)."""
    Accounts(store).get(name)  # ResourceNotFound for an unknown account
    if len(password) < MIN_LENGTH:
        raise BadRequestData(f"a password needs at least {MIN_LENGTH} characters")
    salt = secrets.token_bytes(16)
    doc = {
        "algorithm": "scrypt",
        "n": N,
        "r": R,
        "p": P,
        "salt": _b64(salt),
        "hash": _b64(_hash(password, salt)),
        "setAt": format_instant(clock()),
    }
    store.tenant(DEFAULT_TENANT).put_document(KIND, name, doc)


def check_password(store: Store, name: str, password: str) -> Account:
    """The enabled account whose password this is (Unauthenticated otherwise, with one message for all)."""
    docs = store.tenant(DEFAULT_TENANT)
    try:
        doc = docs.get_document(KIND, name)
    except ResourceNotFound:
        _hash(password, b"\0" * 16)  # as slow as a real check: the answer's time tells nothing
        raise Unauthenticated(_WRONG) from None
    try:
        salt = base64.b64decode(doc["salt"])
        expected = base64.b64decode(doc["hash"])
        given = _hash(password, salt, int(doc["n"]), int(doc["r"]), int(doc["p"]))
    except (KeyError, ValueError):
        raise Unauthenticated(_WRONG) from None
    if not hmac.compare_digest(given, expected):
        raise Unauthenticated(_WRONG)
    try:
        account = Accounts(store).get(name)
    except ResourceNotFound:
        raise Unauthenticated(_WRONG) from None
    if account.disabled:
        raise Unauthenticated(f"account {name} is disabled")
    return account


class LoginThrottle:
    """Refuses a name for ``lock_s`` after ``limit`` failed logins within ``window_s`` (per process)."""

    def __init__(
        self,
        limit: int = 5,
        window_s: float = 300.0,
        lock_s: float = 300.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self.lock_s = lock_s
        self.monotonic = monotonic
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def check(self, name: str) -> None:
        """Unauthenticated while ``name`` is locked out."""
        now = self.monotonic()
        with self._lock:
            recent = [t for t in self._failures.get(name, []) if now - t < max(self.window_s, self.lock_s)]
            self._failures[name] = recent
            if len(recent) >= self.limit and now - recent[-1] < self.lock_s:
                raise Unauthenticated("too many failed logins for this account: try again later")

    def failed(self, name: str) -> None:
        """Count a failed login."""
        with self._lock:
            found = self._failures.setdefault(name, [])
            found.append(self.monotonic())
            if len(self._failures) > 100_000:
                self._failures.clear()

    def succeeded(self, name: str) -> None:
        """Forget the failures of ``name``."""
        with self._lock:
            self._failures.pop(name, None)
