"""The ledger tables of the embedded store (schema: migration 0005; see citytwin.storage.ledger).

Appends go through the store's one writer inside ``BEGIN IMMEDIATE``, which also serialises them against
other processes writing the same file; the tip is re-read inside that transaction before inserting.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

from citytwin.storage.ledger import ZERO, LedgerBlockRow, LedgerRow, LedgerTip
from citytwin.storage.sqlite.connection import insert_rows

if TYPE_CHECKING:
    from citytwin.storage.sqlite.store import SQLiteStore

_RECORD_COLUMNS = "seq, at_us, tenant, actor, action, resource, attrs, purpose, request_id, digest, chain"
_BLOCK_COLUMNS = "height, first_seq, last_seq, sealed_at_us, merkle_root, prev_hash, chain_head, hash"


def _tip(conn: sqlite3.Connection) -> LedgerTip:
    last = conn.execute("SELECT seq, chain FROM ledger_records ORDER BY seq DESC LIMIT 1").fetchone()
    block = conn.execute(
        "SELECT height, hash, last_seq FROM ledger_blocks ORDER BY height DESC LIMIT 1"
    ).fetchone()
    return LedgerTip(
        seq=int(last[0]) if last else 0,
        chain=bytes(last[1]) if last else ZERO,
        height=int(block[0]) if block else 0,
        block_hash=bytes(block[1]) if block else ZERO,
        sealed_seq=int(block[2]) if block else 0,
    )


def tip(store: SQLiteStore) -> LedgerTip:
    """The current tip."""
    with store.read() as conn:
        return _tip(conn)


def append(
    store: SQLiteStore, expect: LedgerTip, rows: Sequence[LedgerRow], blocks: Sequence[LedgerBlockRow]
) -> bool:
    """Compare-and-append in one write transaction."""
    with store.write() as conn:
        if _tip(conn) != expect:
            return False
        insert_rows(conn, f"INSERT INTO ledger_records ({_RECORD_COLUMNS})", rows)
        insert_rows(conn, f"INSERT INTO ledger_blocks ({_BLOCK_COLUMNS})", blocks)
    return True


def rows_after(store: SQLiteStore, after: int, limit: int) -> list[LedgerRow]:
    """Records with seq > after, in seq order."""
    sql = f"SELECT {_RECORD_COLUMNS} FROM ledger_records WHERE seq > ? ORDER BY seq LIMIT ?"
    with store.read() as conn:
        return conn.execute(sql, (after, limit)).fetchall()


def blocks_after(store: SQLiteStore, after: int, limit: int) -> list[LedgerBlockRow]:
    """Blocks with height > after."""
    sql = f"SELECT {_BLOCK_COLUMNS} FROM ledger_blocks WHERE height > ? ORDER BY height LIMIT ?"
    with store.read() as conn:
        return conn.execute(sql, (after, limit)).fetchall()


def block_of(store: SQLiteStore, seq: int) -> LedgerBlockRow | None:
    """The block sealing record seq."""
    sql = (
        f"SELECT {_BLOCK_COLUMNS} FROM ledger_blocks WHERE first_seq <= ? AND last_seq >= ?"
        " ORDER BY height LIMIT 1"
    )
    with store.read() as conn:
        row: LedgerBlockRow | None = conn.execute(sql, (seq, seq)).fetchone()
    return row
