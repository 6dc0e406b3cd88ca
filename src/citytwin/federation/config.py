"""Federation settings (``CITYTWIN_FEDERATION_*``), built by the app at startup and passed in."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class FederationSettings(BaseSettings):
    """How this broker forwards to context sources."""

    model_config = SettingsConfigDict(env_prefix="CITYTWIN_FEDERATION_", extra="ignore")

    timeout_ms: float = Field(
        default=3000,
        ge=1,
        description="Per-source timeout of a forwarded request unless its registration sets one.",
    )
    cache_ttl_s: float = Field(
        default=2.0,
        ge=0,
        description="Seconds a tenant's registrations are cached before the store is re-read.",
    )
    alias: str | None = Field(
        default=None,
        description="This broker's name in Via headers; by default one generated once and kept in the store.",
    )
    page_size: int = Field(
        default=1000,
        ge=1,
        description="Entities asked of a source per forwarded request when paging through it.",
    )
    max_connections: int = Field(
        default=200, ge=1, description="Open connections to context sources, at most."
    )
    credentials: Path | None = Field(
        default=None,
        description="This broker's credential per context source (YAML file; docs/federation.md).",
    )
    public_url: str | None = Field(
        default=None,
        description="This broker's URL as context sources reach it (for notifications of propagated"
        " subscriptions); by default http://<host>:<port> of the server.",
    )
    propagate_s: float = Field(
        default=2.0,
        ge=0,
        description="Seconds between two passes propagating subscriptions to context sources (0: never).",
    )
