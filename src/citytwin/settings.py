"""Typed settings with the ``CITYTWIN_`` prefix. Built explicitly and passed in; never read at import time."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB = "sqlite:///citytwin.db"


class Settings(BaseSettings):
    """Runtime configuration of a citytwin process (environment ``CITYTWIN_*`` or arguments)."""

    model_config = SettingsConfigDict(env_prefix="CITYTWIN_", extra="ignore")

    db: str = Field(default=DEFAULT_DB, description="Store URL: sqlite:///path.db or postgresql://...")
    host: str = Field(default="127.0.0.1", description="Address the API binds to.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port the API listens on.")
    data_dir: Path = Field(default=Path("var"), description="Where the embedded store and caches live.")
    max_page_size: int = Field(default=1000, ge=1, description="Largest `limit` a query may ask for.")
    pg_dsn: str = Field(
        default="postgresql://postgres@127.0.0.1:5432/test",
        description="PostgreSQL DSN used by tests and benchmarks of the PostGIS backend.",
    )
