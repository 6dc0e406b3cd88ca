"""The change log, stream cursors and leases of the embedded store (schema: migration 0004).

Appends go through the store's one writer, so ``seq`` (AUTOINCREMENT) grows in commit order; readers use
their own connections and never wait for the writer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import msgspec

from citytwin.storage.base import LoggedChange
from citytwin.storage.sqlite.connection import insert_rows

if TYPE_CHECKING:
    from citytwin.storage.sqlite.store import SQLiteStore

_ENCODE = msgspec.json.Encoder().encode
_DECODE = msgspec.json.Decoder(list[str]).decode
_LAST = "SELECT seq FROM sqlite_sequence WHERE name = 'change_log'"


def append(store: SQLiteStore, changes: Sequence[LoggedChange]) -> int:
    """Append in one transaction; the seq of the last row (rows of one call get consecutive seqs)."""
    if not changes:
        return 0
    rows = [
        (c.tenant, c.entity_id, c.kind, _ENCODE(list(c.types)).decode(), c.at_us, c.writer, c.payload)
        for c in changes
    ]
    with store.write() as conn:
        insert_rows(
            conn, "INSERT INTO change_log (tenant, entity_id, kind, types, at_us, writer, payload)", rows
        )
        row = conn.execute(_LAST).fetchone()
    return int(row[0])


def read(store: SQLiteStore, after: int, limit: int) -> list[LoggedChange]:
    """Rows with seq > after, in seq order."""
    sql = (
        "SELECT seq, tenant, entity_id, kind, types, at_us, writer, payload FROM change_log"
        " WHERE seq > ? ORDER BY seq LIMIT ?"
    )
    with store.read() as conn:
        rows = conn.execute(sql, (after, limit)).fetchall()
    return [LoggedChange(r[0], r[1], r[2], r[3], tuple(_DECODE(r[4])), r[5], r[6], bytes(r[7])) for r in rows]


def last_seq(store: SQLiteStore) -> int:
    """The highest seq ever assigned (survives trimming, thanks to AUTOINCREMENT)."""
    with store.read() as conn:
        row = conn.execute(_LAST).fetchone()
    return int(row[0]) if row else 0


def trim(store: SQLiteStore, upto: int) -> int:
    """Delete rows with seq <= upto."""
    with store.write() as conn:
        return conn.execute("DELETE FROM change_log WHERE seq <= ?", (upto,)).rowcount


def _prefix_range(prefix: str) -> tuple[str, str]:
    # Every name starting with the prefix sorts in [prefix, prefix + U+10FFFF).
    return prefix, prefix + "\U0010ffff"


def load_state(store: SQLiteStore, prefix: str) -> dict[str, tuple[int, bytes]]:
    """Cursors named with the prefix."""
    with store.read() as conn:
        rows = conn.execute(
            "SELECT name, seq, state FROM stream_state WHERE name >= ? AND name < ?", _prefix_range(prefix)
        ).fetchall()
    return {r[0]: (int(r[1]), bytes(r[2])) for r in rows}


def save_state(store: SQLiteStore, items: Mapping[str, tuple[int, bytes]]) -> None:
    """Upsert cursors in one transaction."""
    if not items:
        return
    rows = [(name, seq, state) for name, (seq, state) in items.items()]
    with store.write() as conn:
        conn.executemany("INSERT OR REPLACE INTO stream_state (name, seq, state) VALUES (?, ?, ?)", rows)


def delete_state(store: SQLiteStore, names: Iterable[str]) -> None:
    """Forget cursors."""
    doomed = [(n,) for n in names]
    if doomed:
        with store.write() as conn:
            conn.executemany("DELETE FROM stream_state WHERE name = ?", doomed)


def acquire_lease(store: SQLiteStore, name: str, owner: str, until_us: int, now_us: int) -> bool:
    """Take or renew a lease unless someone else holds an unexpired one."""
    with store.write() as conn:
        conn.execute(
            "INSERT INTO stream_leases (name, owner, until_us) VALUES (?, ?, ?)"
            " ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until_us = excluded.until_us"
            " WHERE stream_leases.owner = excluded.owner OR stream_leases.until_us < ?",
            (name, owner, until_us, now_us),
        )
        row = conn.execute("SELECT owner FROM stream_leases WHERE name = ?", (name,)).fetchone()
    return row is not None and row[0] == owner


def release_lease(store: SQLiteStore, name: str, owner: str) -> None:
    """Give a lease back."""
    with store.write() as conn:
        conn.execute("DELETE FROM stream_leases WHERE name = ? AND owner = ?", (name, owner))


def live_leases(store: SQLiteStore, prefix: str, now_us: int) -> dict[str, str]:
    """Unexpired leases named with the prefix."""
    low, high = _prefix_range(prefix)
    with store.read() as conn:
        rows = conn.execute(
            "SELECT name, owner FROM stream_leases WHERE name >= ? AND name < ? AND until_us >= ?",
            (low, high, now_us),
        ).fetchall()
    return {r[0]: r[1] for r in rows}


def document_tenants(store: SQLiteStore, kind: str) -> list[str]:
    """Tenants with a document of this kind."""
    with store.read() as conn:
        rows = conn.execute(
            "SELECT DISTINCT tenant FROM documents WHERE kind = ? ORDER BY tenant", (kind,)
        ).fetchall()
    return [r[0] for r in rows]
