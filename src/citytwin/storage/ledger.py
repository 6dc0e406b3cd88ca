"""What a store offers the tamper-evident ledger (schema: migration 0005 of both backends).

Kept out of :class:`~citytwin.storage.base.Store` on purpose: wrappers (``ObservedStore``, the governed store)
forward unknown attributes to the store they wrap, so ``ledger_storage(wrapper)`` reaches the backend without
every wrapper learning these methods. Hash computation is not the store's business: the caller
(``citytwin.governance.ledger_store``) computes rows and blocks, and :meth:`LedgerStorage.ledger_append`
commits them only if the ledger's tip is still the one they were computed from (compare-and-append under the
backend's write lock), so appends from several processes still form one chain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from citytwin.errors import OperationNotSupported

LedgerRow = tuple[int, int, str, str, str, str, str, str, str, str, bytes]
"""``(seq, at_us, tenant, actor, action, resource, attrs_json, purpose, request_id, digest, chain)``."""
LedgerBlockRow = tuple[int, int, int, int, bytes, bytes, bytes, bytes]
"""``(height, first_seq, last_seq, sealed_at_us, merkle_root, prev_hash, chain_head, hash)``."""
ZERO = bytes(32)


@dataclass(frozen=True, slots=True)
class LedgerTip:
    """The end of the ledger: last record and its chain hash, last block, and the last sealed record."""

    seq: int = 0
    chain: bytes = ZERO
    height: int = 0
    block_hash: bytes = ZERO
    sealed_seq: int = 0


@runtime_checkable
class LedgerStorage(Protocol):
    """The ledger tables of a backend."""

    def ledger_tip(self) -> LedgerTip:
        """The current tip (all zero for an empty ledger)."""

    def ledger_append(
        self, expect: LedgerTip, rows: Sequence[LedgerRow], blocks: Sequence[LedgerBlockRow]
    ) -> bool:
        """Insert ``rows`` and ``blocks`` in one transaction if the tip is still ``expect``; False if not."""

    def ledger_rows(self, after: int, limit: int) -> list[LedgerRow]:
        """Up to ``limit`` records with ``seq > after``, in seq order."""

    def ledger_blocks(self, after: int = 0, limit: int = 1_000_000) -> list[LedgerBlockRow]:
        """Blocks with ``height > after`` in height order."""

    def ledger_block_of(self, seq: int) -> LedgerBlockRow | None:
        """The block that seals record ``seq`` (None while unsealed or absent)."""


def ledger_storage(store: object) -> LedgerStorage:
    """The ledger tables behind ``store`` (or a wrapper of it); OperationNotSupported when it has none."""
    if isinstance(store, LedgerStorage):
        return store
    raise OperationNotSupported(f"the {getattr(store, 'scheme', type(store).__name__)} store keeps no ledger")
