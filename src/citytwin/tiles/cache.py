"""Building tiles per tenant: built from the store on first use, kept fresh by the change stream.

The first request of a tenant starts a build on a worker thread (reading the buildings page by page, with
progress); later changes to buildings arrive as :class:`~citytwin.core.events.EntityChange` events and are
queued, and the next request folds them into the tree, so only the tiles whose buildings changed get new
content. Only writes that touch what a tile shows (footprint, location, heights, floors, name, use, area)
count: a live sensor value on a building never rebuilds anything. Tile contents are generated on demand
and kept in a byte-bounded LRU.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import msgspec

from citytwin.core.entities import Entity
from citytwin.core.events import ChangeKind, EntityChange
from citytwin.core.query import EntityQuery, types_of
from citytwin.core.timeutil import Clock, utc_now
from citytwin.storage.base import Store
from citytwin.tiles.buildings import SHOWN_ATTRS, records
from citytwin.tiles.tileset import PER_TILE, BuildingTiles, content_glb

log = logging.getLogger(__name__)

BUILDING_TYPES = ("Building",)
PAGE = 5000
CONTENT_BUDGET = 256 * 1024 * 1024
CONTENT_URL = "content/{key}.glb?v={version}"
_ENCODE = msgspec.json.Encoder().encode


@dataclass(slots=True)
class Build:
    """The state of one tenant's tiles: building (with progress), ready, or failed."""

    state: str = "building"
    loaded: int = 0
    total: int | None = None
    skipped: int = 0
    started: float = field(default_factory=time.monotonic)
    seconds: float | None = None
    error: str | None = None
    tiles: BuildingTiles | None = None
    tileset_json: bytes | None = None
    tileset_version: int = 0
    done: threading.Event = field(default_factory=threading.Event)

    def to_dict(self) -> dict[str, Any]:
        """The status document (``GET /tiles/buildings/status``)."""
        out: dict[str, Any] = {"state": self.state, "loaded": self.loaded, "total": self.total}
        if self.total:
            out["progress"] = round(min(self.loaded / self.total, 1.0), 4)
        if self.tiles is not None:
            out.update(
                buildings=len(self.tiles.records),
                tiles=sum(1 for n in self.tiles.nodes.values() if n.ids),
                version=self.tiles.version,
            )
        if self.skipped:
            out["skipped"] = self.skipped
        if self.seconds is not None:
            out["buildSeconds"] = round(self.seconds, 3)
        if self.error:
            out["error"] = self.error
        return out


class TilesCache:
    """Building tiles of every tenant of one store."""

    def __init__(
        self,
        store: Store,
        *,
        types: Sequence[str] = BUILDING_TYPES,
        per_tile: int = PER_TILE,
        content_budget: int = CONTENT_BUDGET,
        page: int = PAGE,
        clock: Clock = utc_now,
        cut: Callable[[Entity], Entity | None] | None = None,
        omit: frozenset[str] = frozenset(),
        content_url: str = CONTENT_URL,
    ) -> None:
        self.store = store
        self.cut = cut
        """A subject's view of a changed entity (None: invisible to it); None for the platform's cache."""
        self.omit = omit
        """Property-table columns left out of every tile (see :func:`~citytwin.tiles.buildings.columns`)."""
        self.content_url = content_url
        self.clock = clock
        self.types = tuple(types)
        self.per_tile = per_tile
        self.page = page
        self._builds: dict[str, Build] = {}
        self._pending: dict[str, dict[str, Entity | None]] = {}
        self._lock = threading.Lock()
        self._contents: OrderedDict[tuple[str, str, int], bytes] = OrderedDict()
        self._content_bytes = 0
        self._budget = content_budget
        self.builds_started = 0

    # -- change stream -------------------------------------------------------------------------------------
    def on_change(self, change: EntityChange) -> None:
        """Bus listener: queue a change of a building that alters its tile (runs on the writer's thread)."""
        self.note(change.tenant, change.entity_id, change.types, change.kind, change.attrs, change.entity)

    def note(  # noqa: PLR0917  (the fields of a change, from either of two change types)
        self,
        tenant: str,
        entity_id: str,
        types: Sequence[str],
        kind: ChangeKind,
        attrs: Sequence[str],
        entity: Entity | None,
    ) -> None:
        """Queue one entity change (``attrs``: the attributes it touched; empty means all)."""
        if not any(t in self.types for t in types):
            return
        if kind is ChangeKind.UPDATED and attrs and SHOWN_ATTRS.isdisjoint(attrs):
            return
        if self.cut is not None and entity is not None:
            entity = self.cut(entity)  # invisible now: dropped from this subject's tiles like a deletion
        with self._lock:
            if tenant not in self._builds:
                return  # never built: the first build reads the store as it is then
            self._pending.setdefault(tenant, {})[entity_id] = entity

    # -- builds --------------------------------------------------------------------------------------------
    def status(self, tenant: str, *, start: bool = True) -> Build | None:
        """The tenant's build (starting it in the background when asked and none exists)."""
        with self._lock:
            build = self._builds.get(tenant)
            if build is None and start:
                build = self._builds[tenant] = Build()
                self.builds_started += 1
                threading.Thread(target=self._build, args=(tenant, build), daemon=True,
                                 name=f"tiles-build-{tenant or 'default'}").start()  # fmt: skip
        return build

    def ready(self, tenant: str, timeout: float | None = None) -> Build:
        """The tenant's finished build (waits for it; TimeoutError when it takes longer than ``timeout``)."""
        build = self.status(tenant)
        assert build is not None
        if not build.done.wait(timeout):
            raise TimeoutError(f"the tiles of tenant {tenant!r} are still being built")
        return build

    def _build(self, tenant: str, build: Build, progress: Callable[[Build], None] | None = None) -> None:
        try:
            twin = self.store.tenant(tenant)
            query = EntityQuery(
                types=types_of(*self.types), attrs=tuple(sorted(SHOWN_ATTRS)), limit=self.page
            )
            build.total = twin.query(replace(query, limit=0, count=True)).count
            recs = []
            offset = 0
            while True:
                page = twin.query(replace(query, offset=offset)).entities
                got, skipped = records(page)
                recs.extend(got)
                build.skipped += len(skipped)
                build.loaded += len(page)
                offset += len(page)
                if progress is not None:
                    progress(build)
                if len(page) < self.page:
                    break
            tiles = BuildingTiles(recs, per_tile=self.per_tile, first_version=int(self.clock().timestamp()))
            build.tiles = tiles
            build.state = "ready"
        except Exception as err:  # reported through the status endpoint; a later request retries
            log.exception("building the tiles of tenant %r failed", tenant)
            build.state = "failed"
            build.error = f"{type(err).__name__}: {err}"
            with self._lock:
                self._builds.pop(tenant, None)
        finally:
            build.seconds = time.monotonic() - build.started
            build.done.set()

    def refresh(self, tenant: str, timeout: float | None = None) -> Build:
        """The tenant's build with every queued change folded in."""
        build = self.ready(tenant, timeout)
        if build.tiles is None:
            return build
        with self._lock:
            pending = self._pending.pop(tenant, None)
        if pending:
            upserts, skipped = records([e for e in pending.values() if e is not None])
            gone = [i for i, e in pending.items() if e is None] + skipped
            with self._lock:  # the tree is read and changed under the lock only
                build.tiles.apply(upserts, removed=gone)
        return build

    # -- outputs -------------------------------------------------------------------------------------------
    def tileset(self, tenant: str, timeout: float | None = None) -> bytes:
        """The tenant's tileset.json (current, serialised once per version)."""
        build = self.refresh(tenant, timeout)
        if build.tiles is None:
            raise RuntimeError(build.error or "the tiles could not be built")
        with self._lock:
            if build.tileset_json is None or build.tileset_version != build.tiles.version:
                build.tileset_json = _ENCODE(build.tiles.tileset(self.content_url))
                build.tileset_version = build.tiles.version
            return build.tileset_json

    def content(self, tenant: str, key: str, timeout: float | None = None) -> bytes | None:
        """One tile's GLB (None when there is no such tile)."""
        build = self.refresh(tenant, timeout)
        tiles = build.tiles
        if tiles is None:
            return None
        with self._lock:
            node = tiles.nodes.get(key)
            if node is None:
                return None
            cache_key = (tenant, key, node.version)
            hit = self._contents.get(cache_key)
            if hit is not None:
                self._contents.move_to_end(cache_key)
                return hit
            recs = [tiles.records[i] for i in node.ids]
            frame = node.frame()
        if not recs:
            return None
        data = content_glb(recs, frame, self.omit)  # outside the lock: generating a tile takes milliseconds
        with self._lock:
            self._contents[cache_key] = data
            self._content_bytes += len(data)
            while self._content_bytes > self._budget and len(self._contents) > 1:
                _, old = self._contents.popitem(last=False)
                self._content_bytes -= len(old)
        return data

    def forget(self, tenant: str) -> None:
        """Drop a tenant's tiles (the next request rebuilds them from the store)."""
        with self._lock:
            self._builds.pop(tenant, None)
            self._pending.pop(tenant, None)
            for k in [k for k in self._contents if k[0] == tenant]:
                self._content_bytes -= len(self._contents.pop(k))
