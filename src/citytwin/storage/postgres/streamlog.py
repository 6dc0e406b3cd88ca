"""The change log, stream cursors and leases in PostgreSQL (schema: migration 0004).

Several processes may append at once. An identity column hands out seq values at insert time, not at
commit, so two concurrent appends could become visible out of seq order and a reader that already moved
past the larger seq would miss the smaller one. Appends therefore take a transaction-scoped advisory lock:
they commit one after the other, in seq order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import msgspec

from citytwin.storage.base import LoggedChange

if TYPE_CHECKING:
    from citytwin.storage.postgres.store import PostgresStore

# "ctlog" in ASCII: recognisable in pg_locks, distinct from the migration lock.
APPEND_LOCK_KEY = 0x6374_6C6F_67
_ENCODE = msgspec.json.Encoder().encode
_DECODE = msgspec.json.Decoder(list[str]).decode
_COPY = "copy change_log (tenant, entity_id, kind, types, at_us, writer, payload) from stdin"


def append(store: PostgresStore, changes: Sequence[LoggedChange]) -> int:
    """Append in one transaction under the append lock; the seq of the last row."""
    if not changes:
        return 0
    with store.pool.connection() as conn, conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s)", [APPEND_LOCK_KEY])
        with conn.cursor().copy(_COPY) as copy:
            for c in changes:
                types = _ENCODE(list(c.types)).decode()
                copy.write_row((c.tenant, c.entity_id, c.kind, types, c.at_us, c.writer, c.payload))
        row = conn.execute("select max(seq) from change_log").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def read(store: PostgresStore, after: int, limit: int) -> list[LoggedChange]:
    """Rows with seq > after, in seq order."""
    with store.pool.connection() as conn:
        rows = conn.execute(
            "select seq, tenant, entity_id, kind, types, at_us, writer, payload from change_log"
            " where seq > %s order by seq limit %s",
            [after, limit],
        ).fetchall()
    return [LoggedChange(r[0], r[1], r[2], r[3], tuple(_DECODE(r[4])), r[5], r[6], bytes(r[7])) for r in rows]


def last_seq(store: PostgresStore) -> int:
    """The highest seq handed out so far (the identity sequence survives trimming)."""
    with store.pool.connection() as conn:
        row = conn.execute(
            "select pg_sequence_last_value(pg_get_serial_sequence('change_log', 'seq')::regclass)"
        ).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def trim(store: PostgresStore, upto: int) -> int:
    """Delete rows with seq <= upto."""
    with store.pool.connection() as conn:
        return conn.execute("delete from change_log where seq <= %s", [upto]).rowcount


def _prefix_range(prefix: str) -> tuple[str, str]:
    return prefix, prefix + "\U0010ffff"


def load_state(store: PostgresStore, prefix: str) -> dict[str, tuple[int, bytes]]:
    """Cursors named with the prefix."""
    with store.pool.connection() as conn:
        rows = conn.execute(
            "select name, seq, state from stream_state where name >= %s and name < %s", _prefix_range(prefix)
        ).fetchall()
    return {r[0]: (int(r[1]), bytes(r[2])) for r in rows}


def save_state(store: PostgresStore, items: Mapping[str, tuple[int, bytes]]) -> None:
    """Upsert cursors in one transaction."""
    if not items:
        return
    rows = [(name, seq, state) for name, (seq, state) in items.items()]
    with store.pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
        cur.executemany(
            "insert into stream_state (name, seq, state) values (%s, %s, %s)"
            " on conflict (name) do update set seq = excluded.seq, state = excluded.state",
            rows,
        )


def delete_state(store: PostgresStore, names: Iterable[str]) -> None:
    """Forget cursors."""
    doomed = list(names)
    if doomed:
        with store.pool.connection() as conn:
            conn.execute("delete from stream_state where name = any(%s)", [doomed])


def acquire_lease(store: PostgresStore, name: str, owner: str, until_us: int, now_us: int) -> bool:
    """Take or renew a lease unless someone else holds an unexpired one."""
    with store.pool.connection() as conn:
        row = conn.execute(
            "insert into stream_leases (name, owner, until_us) values (%s, %s, %s)"
            " on conflict (name) do update set owner = excluded.owner, until_us = excluded.until_us"
            " where stream_leases.owner = excluded.owner or stream_leases.until_us < %s"
            " returning owner",
            [name, owner, until_us, now_us],
        ).fetchone()
    return row is not None and row[0] == owner


def release_lease(store: PostgresStore, name: str, owner: str) -> None:
    """Give a lease back."""
    with store.pool.connection() as conn:
        conn.execute("delete from stream_leases where name = %s and owner = %s", [name, owner])


def live_leases(store: PostgresStore, prefix: str, now_us: int) -> dict[str, str]:
    """Unexpired leases named with the prefix."""
    low, high = _prefix_range(prefix)
    with store.pool.connection() as conn:
        rows = conn.execute(
            "select name, owner from stream_leases where name >= %s and name < %s and until_us >= %s",
            [low, high, now_us],
        ).fetchall()
    return {r[0]: r[1] for r in rows}


def document_tenants(store: PostgresStore, kind: str) -> list[str]:
    """Tenants with a document of this kind."""
    with store.pool.connection() as conn:
        rows = conn.execute(
            "select distinct tenant from documents where kind = %s order by tenant", [kind]
        ).fetchall()
    return [r[0] for r in rows]
