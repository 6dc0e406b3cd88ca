"""A 3D Tiles 1.1 tileset of buildings: a quadtree with additive refinement by visual importance.

Every building is drawn by exactly one tile. A node whose subtree holds more than ``per_tile`` buildings
keeps the ``per_tile`` heaviest (footprint area × height) as its own content and hands the rest to four
children split at its centre; smaller subtrees are leaves. From afar the viewer draws the root (a
city's towers), closer in it adds the children (refine ``ADD``), so a city of 600,000 buildings opens with
a few thousand. A node's geometric error is the size of the largest building its subtree leaves out (the
taller or wider of height and √area), so a tile is refined when the buildings it omits would be visible.

Updates are incremental: a changed building stays in (or a new one joins) the leaf under its centre,
and only the tiles whose buildings changed get a new content version; the tree is rebuilt when a building
falls outside the root or a leaf grows past ``4 × per_tile``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from citytwin.core.gcpause import gc_paused
from citytwin.tiles.buildings import BuildingRecord, columns
from citytwin.tiles.extrude import extrude
from citytwin.tiles.geodesy import EnuFrame, region
from citytwin.tiles.glb import write_glb

PER_TILE = 2000
MAX_DEPTH = 14
ROOT_ERROR_FACTOR = 4.0
MIN_ROOT_ERROR = 500.0


@dataclass(slots=True, eq=False)
class Node:
    """One quadtree cell: its bounds, the buildings it draws, its children and content version."""

    key: str
    bounds: tuple[float, float, float, float]
    ids: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    version: int = 1
    depth: int = 0

    def frame(self) -> EnuFrame:
        """The east-north-up frame this tile's vertices are written in: the centre of its cell."""
        w, s, e, n = self.bounds
        return EnuFrame((w + e) / 2, (s + n) / 2)

    def quadrant(self, lng: float, lat: float) -> int:
        """Which child quadrant (0 SW, 1 SE, 2 NW, 3 NE) a point falls in."""
        w, s, e, n = self.bounds
        return (1 if lng >= (w + e) / 2 else 0) + (2 if lat >= (s + n) / 2 else 0)


@dataclass(frozen=True, slots=True)
class _Points:
    """Building ids and their representative points, heaviest first."""

    ids: list[str]
    xs: npt.NDArray[np.float64]
    ys: npt.NDArray[np.float64]


def _child_bounds(bounds: tuple[float, float, float, float], q: int) -> tuple[float, float, float, float]:
    w, s, e, n = bounds
    mx, my = (w + e) / 2, (s + n) / 2
    return (mx if q & 1 else w, my if q & 2 else s, e if q & 1 else mx, n if q & 2 else my)


class BuildingTiles:
    """The tree, the building records and the content of every tile (generated on demand)."""

    def __init__(
        self,
        recs: Iterable[BuildingRecord],
        *,
        per_tile: int = PER_TILE,
        max_depth: int = MAX_DEPTH,
        first_version: int = 1,
    ) -> None:
        """``first_version``: where content versions start (the server uses the clock, so a restarted
        server never repeats a version a browser may have kept)."""
        self.per_tile = per_tile
        self.max_depth = max_depth
        self.records: dict[str, BuildingRecord] = {r.id: r for r in recs}
        self.version = first_version
        self._rebuild()

    # -- structure ---------------------------------------------------------------------------------------
    def _rebuild(self) -> None:
        recs = list(self.records.values())
        self.nodes: dict[str, Node] = {}
        self.where: dict[str, str] = {}
        if recs:
            lng = np.array([r.lng for r in recs])
            lat = np.array([r.lat for r in recs])
            pad = 1e-6
            bounds = (float(lng.min()) - pad, float(lat.min()) - pad, float(lng.max()) + pad,
                      float(lat.max()) + pad)  # fmt: skip
        else:
            bounds = (0.0, 0.0, 0.0, 0.0)
        weights = np.array([r.weight for r in recs])
        order = np.argsort(-weights, kind="stable")
        ids = [recs[i].id for i in order]
        # Content versions only grow, across rebuilds too: a browser may keep a versioned tile for good.
        self.version += 1
        with gc_paused():  # a node and id lists per tile, over every building
            xs = np.array([recs[i].lng for i in order], dtype=np.float64)
            ys = np.array([recs[i].lat for i in order], dtype=np.float64)
            root = Node("r", bounds, version=self.version)
            self.root = self._split(root, np.arange(len(ids)), _Points(ids, xs, ys))

    def _split(self, node: Node, picks: npt.NDArray[np.int64], points: _Points) -> Node:
        """Fill ``node`` from positions in ``points`` sorted heaviest first (recursively, vectorised)."""
        self.nodes[node.key] = node
        if len(picks) <= self.per_tile or node.depth >= self.max_depth:
            node.ids = [points.ids[i] for i in picks.tolist()]
        else:
            node.ids = [points.ids[i] for i in picks[: self.per_tile].tolist()]
            rest = picks[self.per_tile :]
            w, s, e, n = node.bounds
            quadrant = (points.xs[rest] >= (w + e) / 2).astype(np.int8) + 2 * (
                points.ys[rest] >= (s + n) / 2
            ).astype(np.int8)
            for q in range(4):
                part = rest[quadrant == q]  # keeps the heaviest-first order
                if len(part):
                    child = Node(node.key + str(q), _child_bounds(node.bounds, q), version=self.version,
                                 depth=node.depth + 1)  # fmt: skip
                    node.children.append(self._split(child, part, points))
        for i in node.ids:
            self.where[i] = node.key
        return node

    def _leaf_for(self, lng: float, lat: float) -> Node | None:
        w, s, e, n = self.root.bounds
        if not (w <= lng <= e and s <= lat <= n):
            return None
        node = self.root
        while node.children:
            q = node.quadrant(lng, lat)
            key = node.key + str(q)
            nxt = next((c for c in node.children if c.key == key), None)
            if nxt is None:
                # No child in that quadrant yet: open one (it starts empty).
                nxt = Node(key, _child_bounds(node.bounds, q), version=self.version, depth=node.depth + 1)
                node.children.append(nxt)
                self.nodes[nxt.key] = nxt
            node = nxt
        return node

    # -- updates -----------------------------------------------------------------------------------------
    def apply(self, upserts: Sequence[BuildingRecord], removed: Iterable[str] = ()) -> set[str]:
        """Add, change or remove buildings; returns the keys of the tiles whose content changed."""
        dirty: set[str] = set()
        for i in removed:
            key = self.where.pop(i, None)
            self.records.pop(i, None)
            if key is not None:
                self.nodes[key].ids.remove(i)
                dirty.add(key)
        rebuild = False
        for rec in upserts:
            old = self.where.get(rec.id)
            self.records[rec.id] = rec
            if old is not None:
                w, s, e, n = self.nodes[old].bounds
                if w <= rec.lng <= e and s <= rec.lat <= n:
                    dirty.add(old)  # still inside its tile's cell: redraw it there
                    continue
                self.nodes[old].ids.remove(rec.id)
                del self.where[rec.id]
                dirty.add(old)
            leaf = self._leaf_for(rec.lng, rec.lat)
            if leaf is None or len(leaf.ids) >= 4 * self.per_tile:
                rebuild = True
                continue
            leaf.ids.append(rec.id)
            self.where[rec.id] = leaf.key
            dirty.add(leaf.key)
        if rebuild:
            self._rebuild()
            return set(self.nodes)
        if dirty:
            self.version += 1
            for key in dirty:
                self.nodes[key].version = self.version
        return dirty

    # -- output ------------------------------------------------------------------------------------------
    def content(self, key: str) -> bytes | None:
        """The GLB of one tile (None when the tile draws nothing or does not exist)."""
        node = self.nodes.get(key)
        if node is None or not node.ids:
            return None
        return content_glb([self.records[i] for i in node.ids], node.frame())

    def tileset(self, content_url: str = "content/{key}.glb?v={version}") -> dict[str, Any]:
        """The tileset.json document; ``content_url`` is formatted with each tile's key and version."""
        if not self.records:
            return {
                "asset": {"version": "1.1", "tilesetVersion": str(self.version)},
                "geometricError": 0.0,
                "root": {"boundingVolume": region(0, 0, 0, 0, 0, 0), "geometricError": 0.0, "refine": "ADD"},
            }
        root, _ = self._tile(self.root, content_url, np.eye(4))
        return {
            "asset": {"version": "1.1", "tilesetVersion": str(self.version), "generator": "citytwin"},
            "properties": {"buildings": {"count": len(self.records)}},
            "geometricError": max(root["geometricError"] * ROOT_ERROR_FACTOR, MIN_ROOT_ERROR),
            "root": root,
        }

    def _tile(self, node: Node, content_url: str, parent_world: Any) -> tuple[dict[str, Any], float]:
        """A node as a tile, and the size of the largest building its subtree draws."""
        own = [self.records[i] for i in node.ids]
        # A tile's transform applies to its children too, so each one is given relative to its parent.
        world = node.frame().matrix() if own else parent_world
        lng0, lat0, lng1, lat1, h0, h1, biggest = _extent(own)
        error = 0.0
        children = []
        for child in node.children:
            if not self._count(child):
                continue
            tile, child_biggest = self._tile(child, content_url, world)
            vol = tile["boundingVolume"]["region"]
            lng0, lat0 = min(lng0, np.degrees(vol[0])), min(lat0, np.degrees(vol[1]))
            lng1, lat1 = max(lng1, np.degrees(vol[2])), max(lat1, np.degrees(vol[3]))
            h0, h1 = min(h0, vol[4]), max(h1, vol[5])
            # Left out while this tile is drawn alone: everything below it.
            error = max(error, tile["geometricError"], child_biggest)
            biggest = max(biggest, child_biggest)
            children.append(tile)
        out: dict[str, Any] = {
            "boundingVolume": region(lng0, lat0, lng1, lat1, h0, h1),
            "geometricError": float(error),
            "refine": "ADD",
        }
        if own:
            relative = np.linalg.solve(parent_world, world)
            out["transform"] = [float(v) for v in relative.T.reshape(-1)]
            out["content"] = {"uri": content_url.format(key=node.key, version=node.version)}
        if children:
            out["children"] = children
        return out, biggest

    def _count(self, node: Node) -> int:
        return len(node.ids) + sum(self._count(c) for c in node.children)


def _extent(recs: Sequence[BuildingRecord]) -> tuple[float, float, float, float, float, float, float]:
    if not recs:
        return (np.inf, np.inf, -np.inf, -np.inf, np.inf, -np.inf, 0.0)
    b = np.array([(*r.bbox, r.base, r.top, r.size) for r in recs])
    lo, hi = b.min(axis=0), b.max(axis=0)
    return (float(lo[0]), float(lo[1]), float(hi[2]), float(hi[3]), float(lo[4]), float(hi[5]), float(hi[6]))


def content_glb(
    recs: Sequence[BuildingRecord], frame: EnuFrame | None = None, omit: frozenset[str] = frozenset()
) -> bytes:
    """One tile's GLB: the extruded buildings, their ids and properties (less the ``omit`` columns);
    vertices in ``frame`` (default: at the buildings' centre)."""
    frame = frame or content_frame(recs)
    geoms = np.array([r.geom for r in recs], dtype=object)
    with gc_paused():  # thousands of parts and arrays per tile: collecting midway rescans the whole heap
        mesh = extrude(geoms, [r.base for r in recs], [r.top for r in recs], frame)
        return write_glb(mesh, columns(recs, omit), len(recs))


def content_frame(recs: Sequence[BuildingRecord]) -> EnuFrame:
    """The east-north-up frame a tile's vertices are written in: the centre of its buildings."""
    lng0, lat0, lng1, lat1, *_ = _extent(recs)
    return EnuFrame((lng0 + lng1) / 2, (lat0 + lat1) / 2)
