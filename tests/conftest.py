"""Shared fixtures: the store fixture runs every contract test against each backend.

PostgreSQL comes from ``CITYTWIN_PG_DSN`` (default: the loopback test service). When it cannot be reached the
PostgreSQL cases skip, unless ``CITYTWIN_REQUIRE_SERVICES=1`` (as in CI), in which case they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from citytwin.storage.base import Store
from citytwin.storage.registry import open_store

PG_DSN = os.environ.get("CITYTWIN_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_SERVICES = os.environ.get("CITYTWIN_REQUIRE_SERVICES") == "1"

_pg_state: dict[str, str | None] = {}


def postgres_unavailable() -> str | None:
    """None when PostgreSQL with PostGIS is reachable, else the reason."""
    if "reason" not in _pg_state:
        try:
            import psycopg

            with psycopg.connect(PG_DSN, connect_timeout=3) as conn:
                row = conn.execute("select 1 from pg_available_extensions where name = 'postgis'").fetchone()
                _pg_state["reason"] = None if row else "PostGIS is not installed for the PostgreSQL server"
        except Exception as err:  # any driver failure means 'not reachable'
            _pg_state["reason"] = f"PostgreSQL not reachable at {PG_DSN}: {err}"
    return _pg_state["reason"]


def require_postgres() -> None:
    """Skip (or fail, when services are required) if PostgreSQL/PostGIS is unavailable."""
    reason = postgres_unavailable()
    if reason is None:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"CITYTWIN_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


MQTT_HOST = os.environ.get("CITYTWIN_MQTT_HOST", "127.0.0.1")
MQTT_PORT = int(os.environ.get("CITYTWIN_MQTT_PORT", "1883"))
_mqtt_state: dict[str, str | None] = {}


def mosquitto_unavailable() -> str | None:
    """None when the MQTT broker (Mosquitto, 127.0.0.1:1883 by default) accepts connections, else why not."""
    if "reason" not in _mqtt_state:
        import socket

        try:
            with socket.create_connection((MQTT_HOST, MQTT_PORT), timeout=3):
                _mqtt_state["reason"] = None
        except OSError as err:
            _mqtt_state["reason"] = f"MQTT broker not reachable at {MQTT_HOST}:{MQTT_PORT}: {err}"
    return _mqtt_state["reason"]


def require_mosquitto() -> None:
    """Skip (or fail, when services are required) if the MQTT broker is unavailable."""
    reason = mosquitto_unavailable()
    if reason is None:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"CITYTWIN_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def pg_url(schema: str) -> str:
    """A DSN for an isolated schema of the test database."""
    sep = "&" if "?" in PG_DSN else "?"
    return f"{PG_DSN}{sep}schema={schema}"


def drop_pg_schema(schema: str) -> None:
    """Remove a test schema and everything in it."""
    import psycopg

    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f'drop schema if exists "{schema}" cascade')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh embedded database file."""
    return f"sqlite:///{tmp_path / 'twin.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema in the PostgreSQL test database, dropped afterwards."""
    require_postgres()
    schema = f"ct_test_{uuid.uuid4().hex[:12]}"
    try:
        yield pg_url(schema)
    finally:
        drop_pg_schema(schema)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, empty store of each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'twin.db'}"
        return
    require_postgres()
    schema = f"ct_test_{uuid.uuid4().hex[:12]}"
    try:
        yield pg_url(schema)
    finally:
        drop_pg_schema(schema)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """A migrated, empty store of each backend."""
    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.close()
