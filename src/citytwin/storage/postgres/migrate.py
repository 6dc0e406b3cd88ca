"""Versioned schema migrations shipped as package data (``migrations/NNNN_name.sql``).

``migrate`` is idempotent and safe when several processes run it at once: everything happens in one
transaction that first takes a database-wide advisory lock, so a second migrator waits and then finds
nothing left to do. PostGIS is created in ``public`` under the same lock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from psycopg import errors as pg_errors
from psycopg import sql

from citytwin.errors import InternalError
from citytwin.storage.postgres.connection import Conn

# Any fixed 64-bit key works; this one is "citytwin" in ASCII, so it is recognisable in pg_locks.
MIGRATION_LOCK_KEY = 0x6369747974776E
_FILE_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    """One migration script."""

    version: int
    name: str
    script: str


@cache
def migrations() -> tuple[Migration, ...]:
    """Every shipped migration in version order."""
    found: list[Migration] = []
    folder = resources.files("citytwin.storage.postgres").joinpath("migrations")
    for entry in folder.iterdir():
        match = _FILE_RE.match(entry.name)
        if match is None:
            continue
        found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise InternalError(f"PostgreSQL migrations must be numbered 1..n without gaps, found {versions}")
    return tuple(found)


def current_version(conn: Conn, schema: str) -> int:
    """The schema's version: 0 when it (or its version table) does not exist yet."""
    row = conn.execute("select to_regclass(%s)", [f'"{schema}".schema_version']).fetchone()
    if row is None or row[0] is None:
        return 0
    query = sql.SQL("select coalesce(max(version), 0) from {}.schema_version").format(sql.Identifier(schema))
    got = conn.execute(query).fetchone()
    return int(got[0]) if got else 0


def migrate(conn: Conn, schema: str) -> list[int]:
    """Create PostGIS, the schema and apply pending migrations in one locked transaction."""
    ident = sql.Identifier(schema)
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s)", [MIGRATION_LOCK_KEY])
        _ensure_postgis(conn)
        conn.execute(sql.SQL("create schema if not exists {}").format(ident))
        conn.execute(
            sql.SQL(
                "create table if not exists {}.schema_version (version integer primary key,"
                " name text not null, applied_at timestamptz not null default now())"
            ).format(ident)
        )
        done = current_version(conn, schema)
        applied: list[int] = []
        conn.execute(sql.SQL("set local search_path to {}, public").format(ident))
        for step in migrations():
            if step.version <= done:
                continue
            conn.execute(step.script.encode("utf-8"))
            conn.execute(
                sql.SQL("insert into {}.schema_version (version, name) values (%s, %s)").format(ident),
                [step.version, step.name],
            )
            applied.append(step.version)
    return applied


def _ensure_postgis(conn: Conn) -> None:
    if conn.execute("select 1 from pg_extension where extname = 'postgis'").fetchone():
        return
    # Other tools may create the extension without our lock: losing that race is fine.
    try:
        with conn.transaction():
            conn.execute("create extension if not exists postgis schema public")
    except (pg_errors.UniqueViolation, pg_errors.DuplicateObject):
        pass
