"""Typed settings with the ``CITYTWIN_`` prefix. Built explicitly and passed in; never read at import time."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
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
    temporal_instance_limit: int = Field(
        default=10_000,
        ge=1,
        description="Most attribute instances in one temporal answer; longer ones are paged (206, 6.3.10).",
    )
    pg_dsn: str = Field(
        default="postgresql://postgres@127.0.0.1:5432/test",
        description="PostgreSQL DSN used by tests and benchmarks of the PostGIS backend.",
    )
    analytics: bool = Field(
        default=False, description="Run live indicators, alert rules and the event desk in the server."
    )
    contacts_file: Path | None = Field(
        default=None,
        description="The event desk's contact directory (YAML) instead of the shipped demo one.",
    )
    # -- MQTT (docs/mqtt.md) -------------------------------------------------------------------------
    mqtt_url: str | None = Field(
        default=None, description="MQTT broker (mqtt://host:port) for device commands and in-server ingest."
    )
    mqtt_ingest: bool = Field(default=False, description="Run MQTT ingest inside the API server.")
    mqtt_tenant: str | None = Field(default=None, description="In-server ingest: only this tenant's topics.")
    mqtt_client_id: str = Field(
        default="citytwin-serve-ingest", description="Stable client id (broker session) of in-server ingest."
    )
    mqtt_share_group: str = Field(default="citytwin-ingest", description="Shared-subscription group, ingest.")
    mqtt_ack_group: str = Field(
        default="citytwin-commands", description="Shared-subscription group taking command acknowledgements."
    )
    command_timeout_s: float = Field(
        default=300.0, gt=0, description="Seconds a device has to acknowledge a command before it expires."
    )
    # -- governance and security (docs/security.md, docs/ledger.md) ---------------------------------------
    auth: bool = Field(
        default=False, description="Require authentication (always required on a non-loopback bind)."
    )
    auth_audience: str = Field(default="citytwin", description="The audience (aud) tokens must name.")
    auth_issuer: str | None = Field(default=None, description="Issuer (iss) of the OIDC identity provider.")
    auth_jwks: str | None = Field(default=None, description="The identity provider's keys: JWKS file or URL.")
    auth_leeway_s: float = Field(default=60.0, ge=0, description="Clock skew allowed on exp and nbf.")
    auth_local_issuer: str = Field(default="citytwin-local", description="Issuer of locally issued tokens.")
    auth_signing_key: Path | None = Field(
        default=None, description="Local token-signing key (default ~/.config/citytwin/...)."
    )
    auth_token_ttl_s: int = Field(default=3600, ge=60, description="Lifetime of locally issued tokens.")
    demo_identity: str = Field(
        default="demo", description="The subject requests act as while authentication is off (loopback only)."
    )
    policy_file: Path | None = Field(default=None, description="Access policy YAML (default: shipped).")
    ledger: bool = Field(default=True, description="Ledger every write and governed read in the server.")
    ledger_reads: str = Field(
        default="auto",
        pattern="^(auto|all|restricted|off)$",
        description="Reads ledgered: auto = all with authentication on, else those of restricted subjects.",
    )
    ledger_block_size: int = Field(default=1024, ge=1, description="Ledger records per sealed block.")
    ledger_seal_after_s: float = Field(default=5.0, gt=0, description="Quiet seconds before a block seals.")
    ledger_anchor_file: Path | None = Field(default=None, description="File anchor for sealed ledger blocks.")
    share_export_dir: Path = Field(
        default=Path("var/exports"), description="Where share-agreement exports are written (docs/sharing.md)"
    )
    share_interval_s: float = Field(
        default=0.5, gt=0, description="Share agreements' background round: backflow, due exports, counters."
    )


class EncryptionSettings(BaseSettings):
    """Encryption at rest of sensitive attributes (``CITYTWIN_ENCRYPTION_*``; docs/security.md).

    Read by :func:`citytwin.storage.registry.open_store` when it opens a store, so every process that opens
    one (server, importers, ingest workers, CLI) encrypts alike.
    """

    model_config = SettingsConfigDict(env_prefix="CITYTWIN_ENCRYPTION_", extra="ignore")

    keys: Path | None = Field(
        default=None,
        description="Key file (JSON or YAML: the active key id, base64 keys), outside the repository, 0600.",
    )
    key: SecretStr | None = Field(default=None, description="One base64 32-byte key instead of a key file.")
    file: Path | None = Field(
        default=None,
        description="Which attributes are encrypted (YAML); default: the shipped list once a key is set.",
    )
