"""Encryption at rest from configuration: the key ring, the rules, and key files on disk.

Keys come from ``CITYTWIN_ENCRYPTION_KEYS`` (a key file) or ``CITYTWIN_ENCRYPTION_KEY`` (one base64 key),
never from the repository; the rules from ``CITYTWIN_ENCRYPTION_FILE`` or, once a key is set, the shipped
``citytwin/data/encryption/default.yaml``. A key file is JSON (or YAML)::

    {"active": "k20250301-1a2b3c", "keys": {"k20250301-1a2b3c": "<base64 of 32 random bytes>", ...},
     "retired": ["k20240101-0f0f0f", ...]}

``citytwin keys encryption new|rotate|reencrypt|status|retire`` writes and maintains it (mode 0600).
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import stat
import tempfile
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from citytwin.core.encryption_rules import EncryptionRules, parse_rules
from citytwin.core.fieldcrypt import Keyring, decode_secret, new_secret
from citytwin.errors import BadRequestData
from citytwin.governance.encryption_store import EncryptedStore, FieldEncryption
from citytwin.settings import EncryptionSettings
from citytwin.storage.base import Store

log = logging.getLogger(__name__)


def configured(settings: EncryptionSettings) -> bool:
    """Whether anything about encryption is configured (else stores open without the wrapper)."""
    return settings.keys is not None or settings.key is not None or settings.file is not None


def read_key_document(path: Path) -> dict[str, Any]:
    """The raw key document of a key file (BadRequestData when it cannot be read or parsed)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise BadRequestData(f"cannot read encryption key file {path}: {err}") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise BadRequestData(f"encryption key file {path} is not JSON or YAML: {err}") from None
    if not isinstance(raw, dict):
        raise BadRequestData(f"encryption key file {path}: expected an object with 'active' and 'keys'")
    return raw


def _warn_exposed(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning(
            "encryption key file %s is readable by other users (mode %o): chmod 600 it", path, mode & 0o777
        )
    repo = repository_of(path)
    if repo is not None:
        log.warning("encryption key file %s lies inside the repository %s: keep keys out of it", path, repo)


def load_keyring(settings: EncryptionSettings) -> Keyring | None:
    """The key ring the settings name (None: no key configured)."""
    if settings.keys is not None and settings.key is not None:
        raise BadRequestData("set CITYTWIN_ENCRYPTION_KEYS (a key file) or CITYTWIN_ENCRYPTION_KEY, not both")
    if settings.keys is not None:
        _warn_exposed(settings.keys)
        return Keyring.from_document(read_key_document(settings.keys), str(settings.keys))
    if settings.key is not None:
        return Keyring.single(decode_secret(settings.key.get_secret_value(), "CITYTWIN_ENCRYPTION_KEY"))
    return None


def default_rules_document() -> dict[str, Any]:
    """The shipped rules (``citytwin/data/encryption/default.yaml``)."""
    text = files("citytwin.data").joinpath("encryption/default.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    assert isinstance(raw, dict)
    return raw


def load_rules(settings: EncryptionSettings) -> EncryptionRules:
    """The rules of ``CITYTWIN_ENCRYPTION_FILE``, else the shipped ones."""
    if settings.file is None:
        return parse_rules(default_rules_document(), "citytwin/data/encryption/default.yaml")
    try:
        raw = yaml.safe_load(settings.file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise BadRequestData(f"cannot read encryption rules {settings.file}: {err}") from None
    return parse_rules(raw, str(settings.file))


def field_encryption(settings: EncryptionSettings) -> FieldEncryption | None:
    """What the settings ask for: None when nothing is configured."""
    if not configured(settings):
        return None
    ring = load_keyring(settings)
    rules = load_rules(settings)
    if ring is None and rules.rules:
        log.warning(
            "CITYTWIN_ENCRYPTION_FILE marks attributes sensitive but no encryption key is configured: "
            "writes of those attributes are refused (fail closed)"
        )
    return FieldEncryption(rules, ring)


def wrap(store: Store, settings: EncryptionSettings) -> Store:
    """``store`` with encryption at rest as configured (``store`` itself when nothing is)."""
    encryption = field_encryption(settings)
    return store if encryption is None else EncryptedStore(store, encryption)


# -- key files ----------------------------------------------------------------------------------------------


def repository_of(path: Path) -> Path | None:
    """The version-controlled work tree holding ``path`` (a folder with ``.git``), if any."""
    here = path.resolve().parent
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def new_key_id(now: datetime | None = None) -> str:
    """A fresh key id: the date and a random suffix (``k20250301-1a2b3c``)."""
    moment = now or datetime.now(UTC)
    return f"k{moment:%Y%m%d}-{secrets.token_hex(3)}"


def new_key_document() -> dict[str, Any]:
    """A key document holding one fresh active key."""
    kid = new_key_id()
    return {"active": kid, "keys": {kid: new_secret()}, "retired": []}


def write_key_file(path: Path, document: dict[str, Any], *, allow_repository: bool = False) -> None:
    """Write a key document atomically with mode 0600 (refused inside a repository unless allowed)."""
    Keyring.from_document(document, str(path))  # never write a file that would not load
    repo = repository_of(path)
    if repo is not None and not allow_repository:
        raise BadRequestData(
            f"{path} lies inside the repository {repo}: keep encryption keys outside it (or pass --force)"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".citytwin-keys-", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(document, out, indent=2)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_active_key(document: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """A copy of a key document with a fresh key made active (the old ones kept for decryption)."""
    kid = new_key_id()
    keys = dict(document.get("keys") or {})
    while kid in keys:
        kid = new_key_id()
    keys[kid] = new_secret()
    return {**document, "active": kid, "keys": keys}, kid


def retire_key(document: dict[str, Any], kid: str) -> dict[str, Any]:
    """A copy of a key document without key ``kid`` (never the active one), its id listed as retired."""
    keys = dict(document.get("keys") or {})
    if kid not in keys:
        raise BadRequestData(f"the key file holds no key {kid!r}; it holds {sorted(keys)}")
    if document.get("active") == kid:
        raise BadRequestData(f"{kid!r} is the active key: rotate to a new key before retiring it")
    del keys[kid]
    retired = [*(document.get("retired") or []), kid]
    return {**document, "keys": keys, "retired": retired}
