"""Open a store by URL: ``sqlite:///path/to/city.db`` (embedded default) or ``postgresql://...``."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from citytwin.core.timeutil import Clock, utc_now
from citytwin.errors import BadRequestData
from citytwin.storage.base import Store

if TYPE_CHECKING:
    from citytwin.settings import EncryptionSettings

SCHEMES = ("sqlite", "postgresql", "postgres")


def open_store(
    url: str, *, clock: Clock = utc_now, migrate: bool = True, encryption: EncryptionSettings | None = None
) -> Store:
    """Open (and by default migrate) the store the URL names.

    With encryption at rest configured (``encryption``, else the ``CITYTWIN_ENCRYPTION_*`` environment), the
    store comes wrapped so that sensitive attributes are encrypted (docs/security.md, "Encryption at rest").
    """
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
    return _with_encryption(store, encryption)


def _with_encryption(store: Store, encryption: EncryptionSettings | None) -> Store:
    from citytwin.settings import EncryptionSettings

    settings = encryption if encryption is not None else EncryptionSettings()
    if settings.keys is None and settings.key is None and settings.file is None:
        return store
    from citytwin.governance.encryption_config import wrap

    try:
        return wrap(store, settings)
    except BaseException:
        store.close()
        raise
