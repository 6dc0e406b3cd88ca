"""PostgreSQL + PostGIS storage backend (``postgresql://user@host:port/db?schema=name``)."""

from __future__ import annotations

from citytwin.storage.postgres.store import PostgresStore, PostgresTenantStore

__all__ = ["PostgresStore", "PostgresTenantStore"]
