"""The base of store wrappers: a :class:`Store` around another, every store-level call passed through.

:class:`~citytwin.stream.observed.ObservedStore` (change events), :class:`~citytwin.governance.enforce.
GovernedStore` (policy) and :class:`~citytwin.governance.encryption_store.EncryptedStore` (encryption at
rest) wrap a store and hand out their own tenant stores. What they leave alone — migrations, the tenants,
the change log, stream state, leases, backend extras — is the inner store's, passed through once here.
Closing a wrapper closes the store it wraps.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from citytwin.storage.base import DEFAULT_TENANT, LoggedChange, Store, TenantStore


class WrappedStore(Store):
    """``store`` behind a wrapper that decides what its :meth:`tenant` stores do."""

    def __init__(self, store: Store) -> None:
        super().__init__(store.url, clock=store.clock)
        self.inner = store
        self.scheme = store.scheme

    @abstractmethod
    def tenant(self, name: str = DEFAULT_TENANT) -> TenantStore:
        """The wrapper's store of one tenant."""

    def migrate(self) -> list[int]:
        return self.inner.migrate()

    def schema_version(self) -> int:
        return self.inner.schema_version()

    def tenants(self) -> list[str]:
        return self.inner.tenants()

    def close(self) -> None:
        self.inner.close()

    # The change log and stream state are the store's own (Store defines them, so __getattr__ is not asked).
    def append_changes(self, changes: Sequence[LoggedChange]) -> int:
        return self.inner.append_changes(changes)

    def read_changes(self, after: int, limit: int = 1000) -> list[LoggedChange]:
        return self.inner.read_changes(after, limit)

    def last_change_seq(self) -> int:
        return self.inner.last_change_seq()

    def trim_changes(self, upto: int) -> int:
        return self.inner.trim_changes(upto)

    def load_stream_state(self, prefix: str) -> dict[str, tuple[int, bytes]]:
        return self.inner.load_stream_state(prefix)

    def save_stream_state(self, items: Mapping[str, tuple[int, bytes]]) -> None:
        self.inner.save_stream_state(items)

    def delete_stream_state(self, names: Iterable[str]) -> None:
        self.inner.delete_stream_state(names)

    def acquire_lease(self, name: str, owner: str, until_us: int, now_us: int) -> bool:
        return self.inner.acquire_lease(name, owner, until_us, now_us)

    def release_lease(self, name: str, owner: str) -> None:
        self.inner.release_lease(name, owner)

    def live_leases(self, prefix: str, now_us: int) -> dict[str, str]:
        return self.inner.live_leases(prefix, now_us)

    def document_tenants(self, kind: str) -> list[str]:
        return self.inner.document_tenants(kind)

    def __getattr__(self, name: str) -> Any:
        # Backend extras (pools, bulk loaders, the ledger's tables, tile caches) stay reachable.
        return getattr(self.inner, name)
