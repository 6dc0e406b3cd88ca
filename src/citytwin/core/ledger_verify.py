"""Recompute a stored ledger and report what does not match, record by record and block by block.

Pure: the caller (``citytwin.governance.ledger_store``) streams stored rows in ``seq`` order into
:class:`ChainVerifier` and gives it the stored block headers and any anchored block hashes. The loop is kept
flat (one msgspec encode and two SHA-256 per record, one more per record for the Merkle trees) because a
million records must verify in seconds.

A stored record row is ``(seq, at_us, tenant, actor, action, resource, attributes, purpose, request_id,
digest, chain)`` with ``attributes`` a list of strings or its stored JSON text and ``chain`` 32 bytes (leaf
hashes are never stored: they are recomputed from the content); a stored block row is ``(height,
first_seq, last_seq, sealed_at_us, merkle_root, prev_hash, chain_head, hash)``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec

from citytwin.core.ledger import FORMAT, GENESIS, LEAF_PREFIX, BlockHeader, merkle_root

_ENCODE = msgspec.json.Encoder().encode
_sha256 = hashlib.sha256
MAX_FINDINGS = 20
"""Findings kept in a report (the count covers all)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One mismatch: the record (or block) where it shows and why."""

    reason: str
    seq: int | None = None
    height: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"seq": self.seq, "height": self.height, "reason": self.reason}


@dataclass(slots=True)
class VerifyReport:
    """What verification found: counts, the first tampered record, and the first findings."""

    records: int = 0
    blocks: int = 0
    last_seq: int = 0
    sealed_seq: int = 0
    anchors_checked: int = 0
    problems: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing was found."""
        return self.problems == 0

    @property
    def first_tampered(self) -> int | None:
        """The lowest record seq any finding points at (a block finding points at its first record)."""
        seqs = [f.seq for f in self.findings if f.seq is not None]
        return min(seqs) if seqs else None

    def to_dict(self) -> dict[str, Any]:
        """JSON form (the CLI prints it)."""
        return {
            "ok": self.ok,
            "records": self.records,
            "blocks": self.blocks,
            "lastSeq": self.last_seq,
            "sealedSeq": self.sealed_seq,
            "anchorsChecked": self.anchors_checked,
            "problems": self.problems,
            "firstTamperedSeq": self.first_tampered,
            "findings": [f.to_dict() for f in self.findings],
        }


def header_of(row: Sequence[Any]) -> BlockHeader:
    """A block header from a stored block row."""
    return BlockHeader(
        height=int(row[0]),
        first_seq=int(row[1]),
        last_seq=int(row[2]),
        sealed_at_us=int(row[3]),
        merkle_root=bytes(row[4]),
        prev_hash=bytes(row[5]),
        chain_head=bytes(row[6]),
    )


class ChainVerifier:
    """Feed stored rows in seq order (:meth:`feed`), then :meth:`finish` for the report."""

    def __init__(self, blocks: Sequence[Sequence[Any]], anchored: Mapping[int, bytes] | None = None) -> None:
        self.report = VerifyReport()
        self._chain = GENESIS
        self._expect = 1
        self._blocks: list[BlockHeader] = []
        self._check_blocks(blocks, anchored or {})
        self._next_block = 0
        self._leaves: list[bytes] = []
        self._dirty = False
        """A record of the current block was already reported (block findings then name no record)."""

    def _find(self, reason: str, seq: int | None = None, height: int | None = None) -> None:
        self.report.problems += 1
        if len(self.report.findings) < MAX_FINDINGS:
            self.report.findings.append(Finding(reason, seq, height))

    def _check_blocks(self, rows: Sequence[Sequence[Any]], anchored: Mapping[int, bytes]) -> None:
        """Headers on their own: heights 1..n, contiguous ranges, hashes and the previous-hash links."""
        prev_hash = GENESIS
        next_first = 1
        for row in rows:
            header = header_of(row)
            height = header.height
            computed = header.hash
            expected_height = len(self._blocks) + 1
            if height != expected_height:
                missing = f"block {expected_height} is missing (found {height})"
                self._find(missing, next_first, expected_height)
            if header.first_seq != next_first or header.last_seq < header.first_seq:
                self._find(
                    f"block {height} covers {header.first_seq}..{header.last_seq}, expected to start at"
                    f" {next_first}",
                    min(next_first, header.first_seq),
                    height,
                )
            if bytes(row[7]) != computed:
                self._find(f"block {height}: stored hash does not match its header", header.first_seq, height)
            if header.prev_hash != prev_hash:
                self._find(f"block {height}: previous-block link broken", header.first_seq, height)
            anchor = anchored.get(height)
            if anchor is not None:
                self.report.anchors_checked += 1
                if anchor != computed:
                    self._find(f"block {height}: differs from its anchored hash", header.first_seq, height)
            self._blocks.append(header)
            prev_hash = computed
            next_first = header.last_seq + 1
        missing_anchors = sorted(h for h in anchored if h > len(self._blocks))
        if missing_anchors:
            h = missing_anchors[0]
            self._find(f"block {h} is anchored but no longer in the ledger", next_first, h)
        self.report.blocks = len(self._blocks)
        self.report.sealed_seq = next_first - 1

    def feed(self, rows: Sequence[Sequence[Any]]) -> None:
        """Check the next rows (ascending seq, continuing where the previous call stopped)."""
        enc, sha, leaf_prefix, raw = _ENCODE, _sha256, LEAF_PREFIX, msgspec.Raw
        chain = self._chain
        expect = self._expect
        leaves = self._leaves
        blocks = self._blocks
        nb = self._next_block
        block_last = blocks[nb].last_seq if nb < len(blocks) else -1
        for row in rows:
            seq = row[0]
            if seq != expect:
                if seq > expect:
                    self._find(f"records {expect}..{seq - 1} are missing", expect)
                else:
                    self._find(f"record {seq} appears out of order after {expect - 1}", seq)
                self._dirty = True
                expect = seq
            attrs = row[6]
            if attrs.__class__ is not list:  # stored JSON text: hashed exactly as stored
                attrs = raw(attrs)
            leaf = sha(
                leaf_prefix
                + enc([FORMAT, seq, row[1], row[2], row[3], row[4], row[5], attrs, row[7], row[8], row[9]])
            ).digest()
            chain = sha(chain + leaf).digest()
            if chain != row[10]:
                self._find("hash chain broken: record edited, reordered, or a record before it removed", seq)
                self._dirty = True
                chain = bytes(row[10])  # resynchronise, so one edit is reported once
            leaves.append(leaf)
            if seq == block_last:
                self._close_block(blocks[nb], leaves, chain)
                leaves = self._leaves = []
                nb += 1
                block_last = blocks[nb].last_seq if nb < len(blocks) else -1
            elif block_last != -1 and seq > block_last:
                leaves = self._leaves = self._skip_blocks(nb, seq, leaves)
                nb = self._next_block
                block_last = blocks[nb].last_seq if nb < len(blocks) else -1
            expect = seq + 1
            self.report.records += 1
        self._chain, self._expect, self._next_block = chain, expect, nb
        self.report.last_seq = expect - 1

    def _close_block(self, header: BlockHeader, leaves: list[bytes], chain: bytes) -> None:
        # When a record of the block was reported already, the block's own findings point at no record:
        # the first tampered record is the one found, not the block's first.
        seq = None if self._dirty else header.first_seq
        self._dirty = False
        if len(leaves) != header.count:
            found = f"block {header.height} holds {header.count} records, {len(leaves)} found"
            self._find(found, seq, header.height)
        elif merkle_root(leaves) != header.merkle_root:
            self._find(
                f"block {header.height}: Merkle root differs (records {header.first_seq}..{header.last_seq}"
                " rewritten)",
                seq,
                header.height,
            )
        if chain != header.chain_head:
            self._find(f"block {header.height}: chain head differs", seq, header.height)

    def _skip_blocks(self, nb: int, seq: int, leaves: list[bytes]) -> list[bytes]:
        """Rows jumped past the end of block ``nb`` (its last records are gone): report and move on."""
        blocks = self._blocks
        while nb < len(blocks) and blocks[nb].last_seq < seq:
            h = blocks[nb]
            self._find(f"block {h.height}: its last records are missing", None, h.height)
            nb += 1
        self._next_block = nb
        # The current row belongs to the next block (if any): keep only its leaf.
        return leaves[-1:] if nb < len(blocks) and blocks[nb].first_seq <= seq else []

    def finish(self) -> VerifyReport:
        """The report, after checking that every sealed record was seen."""
        if self._next_block < len(self._blocks):
            h = self._blocks[self._next_block]
            self._find(
                f"sealed records up to {self.report.sealed_seq} are missing (last seen {self._expect - 1})",
                max(self._expect, h.first_seq),
                h.height,
            )
        return self.report
