"""Connections to PostgreSQL: URL parsing, a small thread-safe pool, and driver-error translation.

Every psycopg exception is converted here, at the adapter boundary, into a :mod:`citytwin.errors` class.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql
from psycopg.adapt import Loader
from psycopg.pq import Format, TransactionStatus

from citytwin.errors import (
    AlreadyExists,
    BadRequestData,
    CitytwinError,
    InternalError,
    StorageUnavailable,
)

SCHEMA_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
DEFAULT_SCHEMA = "public"
CONNECT_TIMEOUT_S = 5

Conn = psycopg.Connection[Any]


@dataclass(frozen=True, slots=True)
class PgTarget:
    """Where a store lives: the libpq conninfo (without ``schema``), the schema, and a printable address."""

    conninfo: str
    schema: str
    address: str


def parse_url(url: str) -> PgTarget:
    """Split a ``postgresql://`` URL into conninfo and schema; the schema must be a plain identifier."""
    parts = urlsplit(url)
    scheme = parts.scheme.split("+")[0]
    if scheme not in ("postgresql", "postgres"):
        raise BadRequestData(f"not a PostgreSQL URL: {scheme}://...")
    params = parse_qsl(parts.query, keep_blank_values=True)
    schemas = [v for k, v in params if k == "schema"]
    schema = schemas[-1] if schemas else DEFAULT_SCHEMA
    if not SCHEMA_RE.match(schema):
        raise BadRequestData(
            f"schema {schema!r} is not a plain identifier"
            " (letters, digits and '_', not starting with a digit)"
        )
    rest = urlencode([(k, v) for k, v in params if k != "schema"])
    conninfo = urlunsplit(("postgresql", parts.netloc, parts.path, rest, ""))
    host = parts.hostname or "localhost"
    address = f"{host}:{parts.port or 5432}"
    return PgTarget(conninfo=conninfo, schema=schema, address=address)


class _RawJsonLoader(Loader):
    """jsonb/json in text format as raw JSON bytes: callers decode them with msgspec, often lazily."""

    def load(self, data: Any) -> bytes:
        return bytes(data)


class _RawJsonbBinaryLoader(Loader):
    """jsonb in binary format (a version byte, then the text) as raw JSON bytes."""

    format = Format.BINARY

    def load(self, data: Any) -> bytes:
        return bytes(data[1:])


def translate(err: psycopg.Error, address: str) -> CitytwinError:
    """The citytwin error for a driver exception (the caller raises it ``from err``)."""
    if isinstance(err, pg_errors.UniqueViolation):
        return AlreadyExists(f"already exists: {_primary(err)}")
    if isinstance(err, psycopg.DataError | psycopg.IntegrityError):
        # Values PostgreSQL cannot hold (NUL in text, a bad regular expression, out-of-range numbers).
        return BadRequestData(f"the database refused the data: {_primary(err)}")
    if isinstance(err, pg_errors.UndefinedTable):
        return StorageUnavailable(f"the database at {address} is not migrated: {_primary(err)}")
    if isinstance(err, psycopg.OperationalError | psycopg.InterfaceError):
        return StorageUnavailable(f"PostgreSQL at {address} is not reachable: {_primary(err)}")
    return InternalError(f"PostgreSQL at {address} failed: {_primary(err)}")


def _primary(err: psycopg.Error) -> str:
    diag = getattr(err, "diag", None)
    primary = diag.message_primary if diag is not None else None
    if primary:
        return str(primary)
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


class Pool:
    """A small pool of autocommit connections whose search_path is the store schema, then ``public``."""

    def __init__(self, target: PgTarget, *, max_idle: int = 8) -> None:
        self.target = target
        self.max_idle = max_idle
        self._idle: list[Conn] = []
        self._lock = threading.Lock()
        self._closed = False

    def connect(self) -> Conn:
        """A new configured connection (StorageUnavailable when the server cannot be reached)."""
        try:
            conn = psycopg.connect(self.target.conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as err:
            raise StorageUnavailable(
                f"PostgreSQL at {self.target.address} is not reachable: {_primary(err)}"
            ) from err
        try:
            # One round trip. Notices ("relation already exists, skipping" for the stage tables) are noise;
            # UTC makes every timestamptz come back as a UTC datetime.
            setup = sql.SQL(
                "set search_path to {}, public; set client_min_messages to warning; set timezone to 'UTC'"
            )
            conn.execute(setup.format(sql.Identifier(self.target.schema)))
            for name in ("json", "jsonb"):
                conn.adapters.register_loader(name, _RawJsonLoader)
            conn.adapters.register_loader("jsonb", _RawJsonbBinaryLoader)
        except psycopg.Error as err:
            conn.close()
            raise translate(err, self.target.address) from err
        return conn

    @contextmanager
    def connection(self) -> Iterator[Conn]:
        """Borrow a connection; driver errors raised inside are translated to citytwin errors."""
        conn = self._take()
        try:
            yield conn
        except psycopg.Error as err:
            self._give_back(conn)
            raise translate(err, self.target.address) from err
        except BaseException:
            self._give_back(conn)
            raise
        self._give_back(conn)

    @contextmanager
    def dedicated(self) -> Iterator[Conn]:
        """A connection outside the pool, closed afterwards (migrations); errors are translated."""
        conn = self.connect()
        try:
            yield conn
        except psycopg.Error as err:
            raise translate(err, self.target.address) from err
        finally:
            conn.close()

    def _take(self) -> Conn:
        with self._lock:
            if self._closed:
                raise StorageUnavailable(f"the store at {self.target.address} is closed")
            if self._idle:
                return self._idle.pop()
        return self.connect()

    def _give_back(self, conn: Conn) -> None:
        usable = not conn.closed and conn.info.transaction_status == TransactionStatus.IDLE
        with self._lock:
            if usable and not self._closed and len(self._idle) < self.max_idle:
                self._idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        """Close idle connections and refuse new borrowings; idempotent."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
