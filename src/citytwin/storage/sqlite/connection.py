"""SQLite connections: URL options, pragmas, the SQL functions queries use, and driver-error conversion.

Durability: the database runs in WAL mode with ``synchronous=NORMAL`` by default. A committed transaction is
then in the WAL file before the write call returns, so it survives the process being killed (``kill -9``); it
is only fsynced at checkpoints, so a power cut or OS crash can lose the last transactions (never corrupt the
database). ``?synchronous=full`` fsyncs the WAL on every commit and survives power loss too, at a write cost.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from citytwin.core.query_eval import compile_regex, instant_micros
from citytwin.errors import BadRequestData, CitytwinError, StorageUnavailable

SYNCHRONOUS = ("normal", "full")
MMAP_BYTES = 1 << 34
_OPTIONS = frozenset({"synchronous", "busy_timeout_ms", "cache_mb"})


@dataclass(frozen=True, slots=True)
class Options:
    """What a ``sqlite:///path?synchronous=full&busy_timeout_ms=10000&cache_mb=64`` URL asks for."""

    path: str
    synchronous: str = "normal"
    busy_timeout_ms: int = 10_000
    cache_mb: int = 64

    @property
    def memory(self) -> bool:
        """An in-memory database: one connection serves reads and writes."""
        return self.path == ":memory:"


def parse_url(url: str) -> Options:
    """Parse ``sqlite:///relative.db``, ``sqlite:////absolute/path.db`` or ``sqlite:///:memory:``."""
    parts = urlsplit(url)
    if parts.scheme.split("+")[0] != "sqlite":
        raise BadRequestData(f"not an SQLite URL: {url!r}")
    if parts.netloc:
        raise BadRequestData(f"SQLite URL {url!r} has a host; use sqlite:///path/to/file.db")
    path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
    if not path:
        raise BadRequestData(f"SQLite URL {url!r} names no file; use sqlite:///path/to/file.db")
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = set(query) - _OPTIONS
    if unknown:
        raise BadRequestData(f"unknown SQLite URL option(s) {sorted(unknown)}; known: {sorted(_OPTIONS)}")
    synchronous = query.get("synchronous", ["normal"])[-1].lower()
    if synchronous not in SYNCHRONOUS:
        raise BadRequestData(f"synchronous={synchronous!r}: expected one of {', '.join(SYNCHRONOUS)}")
    return Options(
        path=path,
        synchronous=synchronous,
        busy_timeout_ms=_positive_int(query, "busy_timeout_ms", 10_000),
        cache_mb=_positive_int(query, "cache_mb", 64),
    )


def _positive_int(query: dict[str, list[str]], name: str, default: int) -> int:
    raw = query.get(name, [str(default)])[-1]
    if not raw.isdigit() or int(raw) <= 0:
        raise BadRequestData(f"SQLite URL option {name}={raw!r} must be a positive integer")
    return int(raw)


def _regexp(pattern: Any, value: Any) -> bool:
    # SQLite calls regexp(pattern, value) for "value REGEXP pattern"; patterns were validated beforehand.
    if not isinstance(value, str) or not isinstance(pattern, str):
        return False
    try:
        return compile_regex(pattern).search(value) is not None
    except CitytwinError:
        return False


def connect(options: Options, *, writer: bool) -> sqlite3.Connection:
    """Open a connection with the pragmas and SQL functions every citytwin query relies on."""
    with converted("open"):
        conn = sqlite3.connect(
            options.path,
            timeout=options.busy_timeout_ms / 1000,
            isolation_level=None,  # transactions are explicit: BEGIN IMMEDIATE for writes
            check_same_thread=False,  # guarded by the store's writer lock or used by one thread
            cached_statements=256,
        )
        try:
            if writer and not options.memory:
                mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise StorageUnavailable(f"SQLite database {options.path!r} cannot use WAL mode ({mode})")
            conn.execute(f"PRAGMA synchronous={options.synchronous.upper()}")  # from a fixed list
            conn.execute(f"PRAGMA busy_timeout={int(options.busy_timeout_ms)}")
            conn.execute(f"PRAGMA cache_size={-1024 * int(options.cache_mb)}")
            conn.execute("PRAGMA temp_store=MEMORY")
            if not options.memory:
                # Memory-mapped reads skip a read() call per page; SQLite caps the window (2 GiB by default).
                conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
            if not writer and not options.memory:
                conn.execute("PRAGMA query_only=1")
            conn.create_function("regexp", 2, _regexp, deterministic=True)
            conn.create_function("ct_instant", 1, instant_micros, deterministic=True)
        except BaseException:
            conn.close()
            raise
    return conn


MAX_PARAMETERS = 32_000
"""Parameters per statement, under SQLite's default limit of 32766 (3.32+)."""


def insert_rows(conn: sqlite3.Connection, head: str, rows: Sequence[Sequence[Any]]) -> None:
    """``head VALUES (...), (...)`` with as many rows per statement as the parameter limit allows.

    ``executemany`` gives the GIL back around every row; while another thread holds it (the batch writer
    prepares the next chunk on a helper thread) each hand-back waits up to the interpreter's switch
    interval, so bulk rows go in a few thousand per statement.
    """
    if not rows:
        return
    width = len(rows[0])
    start = 0
    for count in statement_sizes(len(rows), max(1, MAX_PARAMETERS // width)):
        part = rows[start : start + count]
        conn.execute(_values_sql(head, width, count), list(chain.from_iterable(part)))
        start += count


def statement_sizes(n: int, per: int) -> Iterator[int]:
    """Rows per statement for ``n`` rows: ``per`` while that many are left, then powers of two.

    A compiled statement of a few thousand rows takes some 3 MB in the connection's statement cache; sizes
    from a small fixed set keep that cache (256 statements) from filling with one statement per batch
    size a long-running server happens to see.
    """
    while n >= per:
        yield per
        n -= per
    while n:
        count = 1 << (n.bit_length() - 1)
        yield count
        n -= count


@lru_cache(maxsize=128)
def _values_sql(head: str, width: int, count: int) -> str:
    one = f"({', '.join('?' * width)})"
    return f"{head} VALUES " + ", ".join([one] * count)


@contextmanager
def converted(what: str) -> Iterator[None]:
    """Turn driver exceptions into StorageUnavailable at the adapter boundary."""
    try:
        yield
    except CitytwinError:
        raise
    except sqlite3.Error as err:
        raise StorageUnavailable(f"SQLite {what} failed: {err}") from err
