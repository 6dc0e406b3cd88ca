"""Shared pieces of the encryption tests: key files, settings, and everything a database holds, read raw."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from citytwin.governance.encryption_config import new_key_document, write_key_file
from citytwin.settings import EncryptionSettings
from tests.conftest import PG_DSN

PERSON = "urn:ngsi-ld:Person:enc-1"
PHONE = "13812345678"
ID_NUMBER = "440305199001011234"
NAME = "欧阳娜娜"
CLEAR_MARKER = "clear-marker-7f3a"
"""A value of an attribute no rule encrypts: the raw dump must show it (the check can fail)."""


def key_file(folder: Path) -> Path:
    """A fresh key file (one active key) in ``folder``."""
    path = folder / "keys.json"
    write_key_file(path, new_key_document())
    return path


def settings_for(keys: Path | None = None, rules: Path | None = None) -> EncryptionSettings:
    """Encryption settings that ignore the environment."""
    return EncryptionSettings(keys=keys, key=None, file=rules)


def raw_dump(url: str) -> str:
    """Every row of every table of the store as text, read without citytwin (and the SQLite files' bytes)."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///").split("?")[0])
        parts = [p.read_bytes().decode("utf-8", "replace") for p in (path, Path(f"{path}-wal")) if p.exists()]
        with sqlite3.connect(path) as conn:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in tables:
                rows = conn.execute(f'SELECT * FROM "{table}"').fetchall()
                parts.extend(repr(r) for r in rows)
                parts.extend(
                    bytes(c).decode("utf-8", "replace") for r in rows for c in r if isinstance(c, bytes)
                )
        conn.close()
        return "\n".join(parts)
    import psycopg

    schema = parse_qs(urlsplit(url).query)["schema"][0]
    parts = []
    with psycopg.connect(PG_DSN) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "select table_name from information_schema.tables where table_schema = %s", (schema,)
            )
        ]
        for table in tables:
            for (text,) in conn.execute(f'select t::text from "{schema}"."{table}" t'):
                parts.append(text)
            for row in conn.execute(f'select * from "{schema}"."{table}"'):
                parts.extend(
                    bytes(c).decode("utf-8", "replace") for c in row if isinstance(c, bytes | memoryview)
                )
    return "\n".join(parts)
