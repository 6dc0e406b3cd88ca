"""The spatial index: an R*Tree over grid tiles whose boxes cover their entities' bounds.

Why not one R*Tree entry per entity: an R*Tree insert costs 8-14 µs in SQLite (it rewrites a node blob and
two shadow-table rows), more than half of the 20 µs an entity may take at the 50k entities/s the platform
needs for city-scale loads. Entities are already ordered by their BeiDou grid integer in ``entities_grid``,
so the R*Tree indexes *tiles* instead: a tile is one column of level-5 cells inside a level-4 cell (4" of
longitude by 1' of latitude, ~115 m x 1.85 km at Shenzhen), a contiguous range of grid integers, and its box
is the tile's own cell grown by half a cell width (so buildings straddling its edge need no growth), further
grown by any location that sticks out (a district polygon grows its tile to its own extent). Loading a
city touches each tile's R*Tree entry about once; a query reads a handful of tile ranges from the covering
grid index, rejects by the stored bounds there, and refines exactly (see :mod:`citytwin.storage.georefine`).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from citytwin.core.codes import beidou, beidou_vector
from citytwin.core.codes.beidou import UNITS_PER_DEGREE, cell_units
from citytwin.core.codes.beidou_vector import int_digits
from citytwin.storage.codec import dumps
from citytwin.storage.georefine import Box
from citytwin.storage.sqlite.connection import insert_rows

POLAR = -1
"""Tile (and grid value) of locations whose representative point lies in the polar caps."""


def _tile_span() -> int:
    lo, hi = beidou_vector.int_range(beidou.encode(114.0, 22.5, 5))
    return 15 * (hi - lo)  # a level-5 digit is column * 15 + row: 15 consecutive digits make a column


TILE_SPAN = _tile_span()
_NO_GRID = -(1 << 62)  # below every grid integer and POLAR: marks entities without a location


def tile_of(grids: NDArray[np.int64]) -> NDArray[np.int64]:
    """Tile keys of grid integers (POLAR for POLAR)."""
    keys: NDArray[np.int64] = np.where(grids < 0, POLAR, grids // TILE_SPAN)
    return keys


def _cell(digits: list[int], level: int) -> Box:
    """(west, south, east, north) in degrees of the level cell of ``digits``, exactly as beidou.decode."""
    west_u, south_u, east_u, north_u = cell_units(digits[: level + 2])
    d = UNITS_PER_DEGREE
    return west_u / d, south_u / d, east_u / d, north_u / d


@lru_cache(maxsize=65_536)
def cell_box(tile: int) -> Box:
    """The tile's cell grown by half a cell width on every side.

    Computed from the tile's digits (a few µs) rather than through code strings (tens of µs): a write
    spread over a city meets thousands of tiles the cache has not seen yet.
    """
    digits = int_digits(tile * TILE_SPAN)
    west, _, east, _ = _cell(digits, 5)
    _, south, _, north = _cell(digits, 4)
    margin = (east - west) / 2
    return west - margin, south - margin, east + margin, north + margin


def _union(a: Box, b: Box) -> Box:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def _inside(a: Box, b: Box) -> bool:
    return a[0] >= b[0] and a[1] >= b[1] and a[2] <= b[2] and a[3] <= b[3]


class TileCache:
    """Tile boxes known to be committed, per (tenant, tile): lets a writer skip tiles that need no growth.

    Boxes only ever grow, so a box remembered here is never larger than the stored one and "inside the
    remembered box" implies "inside the stored box". Boxes enter the cache only after their transaction
    committed (:meth:`remember`), never from a transaction that may still roll back.
    """

    def __init__(self) -> None:
        self._boxes: dict[tuple[str, int], Box] = {}
        self._lock = threading.Lock()

    def get(self, tenant: str, tile: int) -> Box | None:
        """The remembered box of a tile."""
        return self._boxes.get((tenant, tile))

    def remember(self, tenant: str, boxes: dict[int, Box]) -> None:
        """Record boxes that are now committed."""
        with self._lock:
            for tile, box in boxes.items():
                self._boxes[(tenant, tile)] = box


def cover(
    conn: sqlite3.Connection,
    tenant: str,
    grids: Sequence[int | None],
    bounds: tuple[
        Sequence[float | None], Sequence[float | None], Sequence[float | None], Sequence[float | None]
    ],
    cache: TileCache,
) -> dict[int, Box]:
    """Grow (or create) the tiles of written locations so their boxes cover the locations' bounds.

    Returns the boxes read or written, for :meth:`TileCache.remember` once the transaction has committed.
    """
    # Whole columns go to numpy at C speed (None becomes NaN); entities without a location drop out.
    box = np.column_stack([np.array(column, dtype=np.float64) for column in bounds])
    if None in grids:
        g = np.array([_NO_GRID if v is None else v for v in grids], dtype=np.int64)
        keep = g != _NO_GRID
        g, box = g[keep], box[keep]
    else:
        g = np.array(grids, dtype=np.int64)
    if len(g) == 0:
        return {}
    keys = tile_of(g)
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    box = box[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    lo = np.minimum.reduceat(box[:, :2], starts)
    hi = np.maximum.reduceat(box[:, 2:], starts)
    needs: dict[int, Box] = {}
    for key, (x0, y0), (x1, y1) in zip(keys[starts].tolist(), lo.tolist(), hi.tolist(), strict=True):
        known = cache.get(tenant, key)
        if known is None or not _inside((x0, y0, x1, y1), known):
            needs[key] = (x0, y0, x1, y1)
    if not needs:
        return {}
    stored = {
        row[0]: (row[1], (row[2], row[3], row[4], row[5]))
        for row in conn.execute(
            "SELECT tile, tid, minx, miny, maxx, maxy FROM grid_tiles WHERE tenant = ?"
            " AND tile IN (SELECT value FROM json_each(?))",
            (tenant, dumps(list(needs))),
        )
    }
    out: dict[int, Box] = {}
    rows: list[tuple[Any, ...]] = []  # tiles to write, as (tid, tenant, tile, minx, miny, maxx, maxy)
    next_tid = None
    for key, need in needs.items():
        found = stored.get(key)
        if found is None:
            if next_tid is None:
                next_tid = int(conn.execute("SELECT coalesce(max(tid), 0) + 1 FROM grid_tiles").fetchone()[0])
            new = need if key == POLAR else _union(cell_box(key), need)
            rows.append((next_tid, tenant, key, *new))
            next_tid += 1
        elif not _inside(need, found[1]):
            new = _union(found[1], need)
            rows.append((found[0], tenant, key, *new))
        else:
            new = found[1]
        out[key] = new
    # Multi-row statements: one GIL hand-over per few thousand tiles, not one per tile.
    insert_rows(conn, "INSERT OR REPLACE INTO grid_tiles (tid, tenant, tile, minx, miny, maxx, maxy)", rows)
    insert_rows(
        conn,
        "INSERT OR REPLACE INTO tile_bbox (tid, minx, maxx, miny, maxy)",
        [(r[0], r[3], r[5], r[4], r[6]) for r in rows],
    )
    return out


def ranges(conn: sqlite3.Connection, tenant: str, box: Box) -> list[tuple[int, int]]:
    """Inclusive grid-integer ranges of the tiles whose box meets ``box``, adjacent tiles merged."""
    minx, miny, maxx, maxy = box
    keys = [
        row[0]
        for row in conn.execute(
            "SELECT t.tile FROM tile_bbox AS r CROSS JOIN grid_tiles AS t WHERE t.tid = r.tid AND r.minx <= ?"
            " AND r.maxx >= ? AND r.miny <= ? AND r.maxy >= ? AND t.tenant = ? ORDER BY t.tile",
            (maxx, minx, maxy, miny, tenant),
        )
    ]
    out: list[tuple[int, int]] = []
    for key in keys:
        if key == POLAR:
            out.append((POLAR, POLAR))
        elif out and out[-1][1] == key * TILE_SPAN - 1:
            out[-1] = (out[-1][0], (key + 1) * TILE_SPAN - 1)
        else:
            out.append((key * TILE_SPAN, (key + 1) * TILE_SPAN - 1))
    return out
