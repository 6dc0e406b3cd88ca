"""The ledger on a store: append (one writer, batched), read, verify, seal blocks, prove, anchor.

:class:`Ledger` works on either backend through :mod:`citytwin.storage.ledger`. Appends are serialised by a
lock in this process and by compare-and-append in the database across processes: hashes are computed
outside the database transaction from the tip this process last saw, and recomputed if another writer
moved it. Blocks are sealed every ``block_size`` records (and on :meth:`Ledger.seal`), then published to the
anchors. :class:`LedgerWriter` (``ledger_writer.py``) feeds it from the change bus and governed reads.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import msgspec

from citytwin.core.ledger import (
    GENESIS,
    BlockHeader,
    InclusionProof,
    LedgerEntry,
    LedgerRecord,
    build_proof,
    canonical_row_text,
    leaf_hash,
    make_block,
    seal,
)
from citytwin.core.ledger_verify import ChainVerifier, VerifyReport, header_of
from citytwin.core.timeutil import Clock, to_micros, utc_now
from citytwin.errors import BadRequestData, CitytwinError, ResourceNotFound, StorageUnavailable
from citytwin.governance.ledger_anchor import Anchor
from citytwin.storage.ledger import LedgerBlockRow, LedgerRow, LedgerStorage, LedgerTip, ledger_storage

log = logging.getLogger(__name__)

BLOCK_SIZE = 1024
"""Records per block: a proof is then 10 sibling hashes; sealing costs one Merkle tree per 1024 records."""
VERIFY_BATCH = 100_000
_ATTRS = msgspec.json.Encoder().encode
_DECODE_ATTRS = msgspec.json.Decoder(list[str]).decode
_RETRIES = 8


@dataclass(frozen=True, slots=True)
class Appended:
    """What one append did: the seqs given and the blocks sealed."""

    first_seq: int
    last_seq: int
    blocks: tuple[BlockHeader, ...]


class Ledger:
    """The tamper-evident ledger kept in ``store`` (any store, or a wrapper of one)."""

    def __init__(
        self,
        store: object,
        *,
        block_size: int = BLOCK_SIZE,
        anchors: Sequence[Anchor] = (),
        clock: Clock = utc_now,
    ) -> None:
        if block_size < 1:
            raise BadRequestData("ledger block size must be at least 1")
        self.storage: LedgerStorage = ledger_storage(store)
        self.block_size = block_size
        self.anchors = tuple(anchors)
        self.clock = clock
        self._lock = threading.Lock()
        self._tip: LedgerTip | None = None
        self._unsealed: list[bytes] = []
        """Leaves of records ``tip.sealed_seq + 1 .. tip.seq`` (what the next block will hold)."""

    # -- appending -------------------------------------------------------------------------------------
    def _load(self) -> LedgerTip:
        tip = self.storage.ledger_tip()
        self._unsealed = self.leaves(tip.sealed_seq + 1, tip.seq) if tip.seq > tip.sealed_seq else []
        self._tip = tip
        return tip

    def append(self, entries: Sequence[LedgerEntry]) -> Appended:
        """Record entries in order (one transaction); seals every full block."""
        if not entries:
            tip = self.tip()
            return Appended(tip.seq + 1, tip.seq, ())
        for entry in entries:
            entry.check()
        with self._lock:
            for _ in range(_RETRIES):
                tip = self._tip if self._tip is not None else self._load()
                records = seal(entries, first_seq=tip.seq + 1, previous_chain=tip.chain)
                new_tip, blocks, unsealed = self._blocks_for(tip, records, force=False)
                rows = [_row(r) for r in records]
                if self.storage.ledger_append(tip, rows, [_block_row(b) for b in blocks]):
                    self._tip, self._unsealed = new_tip, unsealed
                    self._publish(blocks)
                    return Appended(records[0].seq, records[-1].seq, tuple(blocks))
                self._tip = None  # another writer moved the tip: reload and recompute
        raise StorageUnavailable("the ledger tip kept moving under concurrent writers; try again")

    def _blocks_for(
        self, tip: LedgerTip, records: Sequence[LedgerRecord], *, force: bool
    ) -> tuple[LedgerTip, list[BlockHeader], list[bytes]]:
        """Blocks sealed by appending ``records`` (and the rest, with ``force``); the new tip and tail."""
        leaves = [*self._unsealed, *(r.leaf for r in records)]
        chains = {r.seq: r.chain for r in records}
        chains[tip.seq] = tip.chain
        first = tip.sealed_seq + 1
        height, prev = tip.height, tip.block_hash
        now = to_micros(self.clock())
        blocks: list[BlockHeader] = []
        start = 0
        while len(leaves) - start >= self.block_size or (force and len(leaves) > start):
            take = leaves[start : start + self.block_size]
            last = first + len(take) - 1
            block = make_block(height + 1, first, take, chain_head=chains[last], prev_hash=prev, at_us=now)
            blocks.append(block)
            height, prev, first, start = block.height, block.hash, last + 1, start + len(take)
        last_seq = records[-1].seq if records else tip.seq
        last_chain = records[-1].chain if records else tip.chain
        return LedgerTip(last_seq, last_chain, height, prev, first - 1), blocks, leaves[start:]

    def seal(self) -> BlockHeader | None:
        """Seal the records not yet in a block into one (partial) block; None when there are none."""
        with self._lock:
            for _ in range(_RETRIES):
                tip = self._tip if self._tip is not None else self._load()
                if tip.seq == tip.sealed_seq:
                    return None
                new_tip, blocks, unsealed = self._blocks_for(tip, (), force=True)
                if self.storage.ledger_append(tip, [], [_block_row(b) for b in blocks]):
                    self._tip, self._unsealed = new_tip, unsealed
                    self._publish(blocks)
                    return blocks[-1]
                self._tip = None
        raise StorageUnavailable("the ledger tip kept moving under concurrent writers; try again")

    def _publish(self, blocks: Sequence[BlockHeader]) -> None:
        for anchor in self.anchors:
            try:
                anchor.publish(blocks)
            except CitytwinError as err:  # the records are committed; `citytwin ledger anchor` catches up
                log.error("ledger anchor %s failed: %s", anchor.name, err.detail)

    def anchor_pending(self) -> int:
        """Publish sealed blocks an anchor does not hold yet (after an anchor outage); returns how many."""
        blocks = [header_of(r) for r in self.storage.ledger_blocks()]
        published = 0
        for anchor in self.anchors:
            have = anchor.anchored()
            missing = [b for b in blocks if b.height not in have]
            anchor.publish(missing)
            published += len(missing)
        return published

    # -- reading ---------------------------------------------------------------------------------------
    def tip(self) -> LedgerTip:
        """The current tip, as stored."""
        return self.storage.ledger_tip()

    def known_tip(self) -> LedgerTip:
        """The tip as this process last appended or read it (no query when it has one): never ahead of the
        stored tip, which another process may have moved since."""
        with self._lock:
            return self._tip if self._tip is not None else self._load()

    def records(self, after: int = 0, limit: int = 100) -> list[LedgerRecord]:
        """Up to ``limit`` records after ``after``."""
        return [record_of(r) for r in self.storage.ledger_rows(after, limit)]

    def iter_records(self, after: int = 0, batch: int = 10_000) -> Iterator[LedgerRecord]:
        """Every record after ``after``, in seq order."""
        while True:
            rows = self.storage.ledger_rows(after, batch)
            if not rows:
                return
            for row in rows:
                yield record_of(row)
            after = rows[-1][0]

    def record(self, seq: int) -> LedgerRecord:
        """Record ``seq`` (ResourceNotFound when there is none)."""
        rows = self.storage.ledger_rows(seq - 1, 1)
        if not rows or rows[0][0] != seq:
            raise ResourceNotFound(f"ledger record {seq} does not exist")
        return record_of(rows[0])

    def leaves(self, first: int, last: int) -> list[bytes]:
        """Leaf hashes of records ``first..last``, recomputed from their stored content."""
        if last < first:
            return []
        rows = self.storage.ledger_rows(first - 1, last - first + 1)
        return [leaf_hash(canonical_row_text(r)) for r in rows]

    def blocks(self) -> list[BlockHeader]:
        """Every sealed block header."""
        return [header_of(r) for r in self.storage.ledger_blocks()]

    # -- verification and proofs -------------------------------------------------------------------------
    def verify(
        self, *, progress: Callable[[int, int], None] | None = None, batch: int = VERIFY_BATCH
    ) -> VerifyReport:
        """Recompute every hash, Merkle root and link; compare block hashes with the anchors."""
        anchored: dict[int, bytes] = {}
        for anchor in self.anchors:
            anchored.update(anchor.anchored())
        verifier = ChainVerifier(self.storage.ledger_blocks(), anchored)
        total = self.storage.ledger_tip().seq
        after = 0
        while True:
            rows = self.storage.ledger_rows(after, batch)
            if not rows:
                break
            verifier.feed(rows)
            after = rows[-1][0]
            if progress is not None:
                progress(verifier.report.records, total)
        return verifier.finish()

    def proof(self, seq: int) -> InclusionProof:
        """The inclusion proof of record ``seq`` (seals a pending block first if ``seq`` is unsealed)."""
        record = self.record(seq)
        row = self.storage.ledger_block_of(seq)
        if row is None:
            self.seal()
            row = self.storage.ledger_block_of(seq)
            if row is None:
                raise ResourceNotFound(f"ledger record {seq} is not sealed in a block")
        block = header_of(row)
        leaves = self.leaves(block.first_seq, block.last_seq)
        receipts = [r for a in self.anchors if (r := a.receipt(block.height)) is not None]
        return build_proof(seq, record.entry, block, leaves, receipts)


def _row(record: LedgerRecord) -> LedgerRow:
    e = record.entry
    attrs = _ATTRS(list(e.attributes)).decode()
    return (
        record.seq,
        e.at_us,
        e.tenant,
        e.actor,
        e.action,
        e.resource,
        attrs,
        e.purpose,
        e.request_id,
        e.digest,
        record.chain,
    )


def _block_row(block: BlockHeader) -> LedgerBlockRow:
    return (
        block.height,
        block.first_seq,
        block.last_seq,
        block.sealed_at_us,
        block.merkle_root,
        block.prev_hash,
        block.chain_head,
        block.hash,
    )


def record_of(row: LedgerRow) -> LedgerRecord:
    """A stored row as a record (attributes decoded)."""
    try:
        attrs = tuple(_DECODE_ATTRS(row[6]))
    except msgspec.DecodeError:
        attrs = (str(row[6]),)  # a tampered row still shows; verification reports it
    entry = LedgerEntry(
        at_us=int(row[1]),
        tenant=row[2],
        actor=row[3],
        action=row[4],
        resource=row[5],
        attributes=attrs,
        purpose=row[7],
        request_id=row[8],
        digest=row[9],
    )
    try:
        leaf = leaf_hash(canonical_row_text(row))
    except UnicodeEncodeError:  # only a tampered row can hold text that is not valid UTF-8
        leaf = bytes(32)
    return LedgerRecord(int(row[0]), entry, leaf, bytes(row[10]))


__all__ = ["BLOCK_SIZE", "GENESIS", "Appended", "Ledger", "VerifyReport", "record_of"]
