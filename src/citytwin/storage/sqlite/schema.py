"""Versioned schema migrations: ``migrations/NNNN_name.sql`` files shipped as package data.

:func:`migrate` applies the pending files in one ``BEGIN IMMEDIATE`` transaction, so two processes opening
the same database at once cannot both apply them, and a failed migration leaves the previous version intact.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from functools import cache
from importlib import resources

from citytwin.core.timeutil import format_instant
from citytwin.errors import StorageUnavailable

_FILE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""


@cache
def migrations() -> tuple[tuple[int, str, str], ...]:
    """(version, file name, SQL) of every shipped migration, in version order."""
    folder = resources.files("citytwin.storage.sqlite").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        match = _FILE.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [v for v, _, _ in found]
    if versions != list(range(1, len(versions) + 1)):
        raise StorageUnavailable(f"SQLite migrations are not numbered 1..n: {versions}")
    return tuple(found)


def statements(script: str) -> list[str]:
    """Split a script into complete statements (trigger bodies keep their inner semicolons)."""
    out: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        if not pending and (not line.strip() or line.lstrip().startswith("--")):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    if pending.strip():
        raise StorageUnavailable(f"incomplete statement at the end of a migration: {pending.strip()[:80]!r}")
    return out


def current_version(conn: sqlite3.Connection) -> int:
    """The highest applied version (0 for an empty database)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply pending migrations in one transaction; returns the versions applied (empty when current)."""
    known = migrations()
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(_VERSION_TABLE)
        current = current_version(conn)
        if current > len(known):
            raise StorageUnavailable(
                f"the database has schema version {current}, newer than this citytwin knows ({len(known)})"
            )
        applied = []
        for version, name, script in known[current:]:
            for statement in statements(script):
                conn.execute(statement)
            now = format_instant(datetime.now(UTC))
            conn.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                (version, name, now),
            )
            applied.append(version)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return applied
