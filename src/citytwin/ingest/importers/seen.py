"""The ids an import has admitted so far, with the row of each, in 20 bytes a row.

An import must refuse a second row with the id of an earlier one and name that row. A dict of a million ids
holds ~200 bytes a row (the id strings, the ints, the table); this keeps a 96-bit fingerprint of each id
(Python's 64-bit string hash and a CRC-32 of its UTF-8 bytes, two independent functions) and its row, in
sorted numpy runs merged as they grow (like a log-structured merge tree), so a batch's lookups are a few
binary searches. Two ids sharing both hashes would be taken for one: among a million ids the odds are about
1e-17, far below those of the 70-bit keys the ids themselves are made of. The fingerprints only live in this
process (Python's string hash is salted per process), which is all an import needs.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

_RUNS = 8
"""Runs kept before the smaller ones are merged (a lookup searches each run)."""


Fingerprints = tuple[NDArray[np.int64], NDArray[np.uint32]]


def fingerprints(ids: Sequence[str]) -> Fingerprints:
    """The two hashes of each id."""
    high = np.fromiter(map(hash, ids), dtype=np.int64, count=len(ids))
    try:
        low = np.fromiter(map(zlib.crc32, map(str.encode, ids)), dtype=np.uint32, count=len(ids))
    except UnicodeEncodeError:  # lone surrogates
        encoded = (i.encode("utf-8", "surrogatepass") for i in ids)
        low = np.fromiter(map(zlib.crc32, encoded), dtype=np.uint32, count=len(ids))
    return high, low


def subset(prints: Fingerprints, index: Sequence[int]) -> Fingerprints:
    """The fingerprints at positions ``index``."""
    at = np.asarray(index, dtype=np.int64)
    return prints[0][at], prints[1][at]


class SeenIds:
    """Fingerprint → first row of the ids admitted so far; ``discard`` forgets one again."""

    def __init__(self) -> None:
        self._runs: list[tuple[NDArray[np.int64], NDArray[np.uint32], NDArray[np.int64]]] = []
        self._removed: set[tuple[int, int]] = set()
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def __contains__(self, entity_id: object) -> bool:
        if not isinstance(entity_id, str):
            return False
        return bool(self.rows_of([entity_id])[0] >= 0)

    def add(self, ids: Sequence[str], rows: Sequence[int], prints: Fingerprints | None = None) -> None:
        """Remember ``ids`` (new, distinct) first seen at ``rows`` (``prints``: their fingerprints)."""
        if not ids:
            return
        high, low = prints if prints is not None else fingerprints(ids)
        order = np.argsort(high, kind="stable")
        self._runs.append((high[order], low[order], np.asarray(rows, dtype=np.int64)[order]))
        self._count += len(ids)
        if self._removed:
            self._removed.difference_update(zip(high.tolist(), low.tolist(), strict=True))
        self._merge()

    def rows_of(self, ids: Sequence[str], prints: Fingerprints | None = None) -> NDArray[np.int64]:
        """The first row of each id (-1 for ids not seen; ``prints``: their fingerprints)."""
        out = np.full(len(ids), -1, dtype=np.int64)
        if not ids or not self._runs:
            return out
        high, low = prints if prints is not None else fingerprints(ids)
        for run_high, run_low, run_rows in self._runs:
            at = np.searchsorted(run_high, high)
            inside = np.flatnonzero(at < run_high.size)
            same = inside[run_high[at[inside]] == high[inside]]
            if same.size == 0:
                continue
            exact = run_low[at[same]] == low[same]
            out[same[exact]] = run_rows[at[same[exact]]]
            for pos in same[~exact].tolist():  # another id with the same 64-bit hash sorts first
                k = int(at[pos])
                while k < run_high.size and run_high[k] == high[pos]:
                    if run_low[k] == low[pos]:
                        out[pos] = run_rows[k]
                        break
                    k += 1
        if self._removed:
            for pos, key in enumerate(zip(high.tolist(), low.tolist(), strict=True)):
                if key in self._removed:
                    out[pos] = -1
        return out

    def discard(self, entity_id: str) -> None:
        """Forget an id (a held row rejected at the end of the import)."""
        if entity_id in self:
            high, low = fingerprints([entity_id])
            self._removed.add((int(high[0]), int(low[0])))
            self._count -= 1

    def _merge(self) -> None:
        # Run sizes stay geometric (a binary counter): merge the newest into its predecessor while it is as
        # large, so each fingerprint is re-sorted O(log n) times over the import.
        runs = self._runs
        while len(runs) > 1 and (len(runs) > _RUNS or runs[-1][0].size >= runs[-2][0].size):
            (h1, l1, r1), (h2, l2, r2) = runs[-2], runs[-1]
            high = np.concatenate((h1, h2))
            order = np.argsort(high, kind="stable")
            runs[-2:] = [(high[order], np.concatenate((l1, l2))[order], np.concatenate((r1, r2))[order])]

    @property
    def nbytes(self) -> int:
        """Memory held by the fingerprints and rows."""
        return sum(h.nbytes + lo.nbytes + r.nbytes for h, lo, r in self._runs)
