"""The ledger tables in PostgreSQL (schema: migration 0005; see citytwin.storage.ledger).

Appends take a transaction-scoped advisory lock and re-read the tip under it, so writers in several
processes extend one chain, one after the other. Rows go in with binary COPY.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from citytwin.storage.ledger import ZERO, LedgerBlockRow, LedgerRow, LedgerTip

if TYPE_CHECKING:
    from citytwin.storage.postgres.store import PostgresStore

# "ctledg" in ASCII: recognisable in pg_locks, distinct from the migration and change-log locks.
APPEND_LOCK_KEY = 0x6374_6C65_6467
_RECORD_COLUMNS = "seq, at_us, tenant, actor, action, resource, attrs, purpose, request_id, digest, chain"
_BLOCK_COLUMNS = "height, first_seq, last_seq, sealed_at_us, merkle_root, prev_hash, chain_head, hash"


def _row(r: Sequence[Any]) -> Any:
    # bytea comes back as bytes already; keep tuples (the verifier indexes them)
    return tuple(r)


def _tip(conn: Any) -> LedgerTip:
    last = conn.execute("select seq, chain from ledger_records order by seq desc limit 1").fetchone()
    block = conn.execute(
        "select height, hash, last_seq from ledger_blocks order by height desc limit 1"
    ).fetchone()
    return LedgerTip(
        seq=int(last[0]) if last else 0,
        chain=bytes(last[1]) if last else ZERO,
        height=int(block[0]) if block else 0,
        block_hash=bytes(block[1]) if block else ZERO,
        sealed_seq=int(block[2]) if block else 0,
    )


def tip(store: PostgresStore) -> LedgerTip:
    """The current tip."""
    with store.pool.connection() as conn:
        return _tip(conn)


def append(
    store: PostgresStore, expect: LedgerTip, rows: Sequence[LedgerRow], blocks: Sequence[LedgerBlockRow]
) -> bool:
    """Compare-and-append in one transaction under the ledger lock."""
    with store.pool.connection() as conn, conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s)", [APPEND_LOCK_KEY])
        if _tip(conn) != expect:
            return False
        if rows:
            with conn.cursor().copy(f"copy ledger_records ({_RECORD_COLUMNS}) from stdin") as copy:
                for row in rows:
                    copy.write_row(row)
        if blocks:
            with conn.cursor().copy(f"copy ledger_blocks ({_BLOCK_COLUMNS}) from stdin") as copy:
                for block in blocks:
                    copy.write_row(block)
    return True


def rows_after(store: PostgresStore, after: int, limit: int) -> list[LedgerRow]:
    """Records with seq > after, in seq order."""
    sql = f"select {_RECORD_COLUMNS} from ledger_records where seq > %s order by seq limit %s"
    with store.pool.connection() as conn:
        return [_row(r) for r in conn.execute(sql, [after, limit]).fetchall()]


def blocks_after(store: PostgresStore, after: int, limit: int) -> list[LedgerBlockRow]:
    """Blocks with height > after."""
    sql = f"select {_BLOCK_COLUMNS} from ledger_blocks where height > %s order by height limit %s"
    with store.pool.connection() as conn:
        return [_row(r) for r in conn.execute(sql, [after, limit]).fetchall()]


def block_of(store: PostgresStore, seq: int) -> LedgerBlockRow | None:
    """The block sealing record seq."""
    sql = (
        f"select {_BLOCK_COLUMNS} from ledger_blocks where first_seq <= %s and last_seq >= %s"
        " order by height limit 1"
    )
    with store.pool.connection() as conn:
        row = conn.execute(sql, [seq, seq]).fetchone()
    return None if row is None else _row(row)
