"""Open a store by URL: ``sqlite:///path/to/city.db`` (embedded default) or ``postgresql://...``."""

from __future__ import annotations

from urllib.parse import urlsplit

from citytwin.core.timeutil import Clock, utc_now
from citytwin.errors import BadRequestData
from citytwin.storage.base import Store

SCHEMES = ("sqlite", "postgresql", "postgres")


def open_store(url: str, *, clock: Clock = utc_now, migrate: bool = True) -> Store:
    """Open (and by default migrate) the store the URL names."""
    scheme = urlsplit(url).scheme.split("+")[0]
    store: Store
    if scheme == "sqlite":
        from citytwin.storage.sqlite.store import SQLiteStore

        store = SQLiteStore(url, clock=clock)
    elif scheme in ("postgresql", "postgres"):
        from citytwin.storage.postgres.store import PostgresStore

        store = PostgresStore(url, clock=clock)
    else:
        raise BadRequestData(
            f"unsupported database URL {url!r}: use sqlite:///path/to/file.db or postgresql://user@host:port/db"
        )
    if migrate:
        store.migrate()
    return store
