"""Tiles built from the store (both backends) and kept fresh by the change bus: a height change redraws one
tile, a live sensor value redraws nothing, a deletion removes the building."""

from __future__ import annotations

import pytest

from citytwin.core.entities import Entity, prop
from citytwin.storage.base import Store
from citytwin.stream.bus import EventBus
from citytwin.stream.observed import ObservedStore
from citytwin.tiles.cache import TilesCache
from citytwin.tiles.glb import property_values, read_glb
from tests.tiles.conftest import block


@pytest.fixture
def observed(store: Store) -> tuple[ObservedStore, TilesCache]:
    bus = EventBus()
    observed = ObservedStore(store, bus, origin="test")
    cache = TilesCache(observed, per_tile=40, page=25)
    bus.subscribe(cache.on_change)
    return observed, cache


def _ids_in(cache: TilesCache, tenant: str = "") -> dict[str, float]:
    build = cache.refresh(tenant, 30)
    assert build.tiles is not None
    out: dict[str, float] = {}
    for key, node in build.tiles.nodes.items():
        if node.ids:
            doc, payload = read_glb(cache.content(tenant, key, 30) or b"")
            out.update(
                zip(property_values(doc, payload, "id"), property_values(doc, payload, "height"), strict=True)
            )
    return out


def test_build_from_the_store_with_progress(observed: tuple[ObservedStore, TilesCache]) -> None:
    store, cache = observed
    twins = block(120)
    twins.append(Entity("urn:ngsi-ld:Building:no-geometry", ("Building",), {"height": [prop(5.0)]}))
    store.tenant().create_many(twins)
    build = cache.ready("", 60)
    assert build.state == "ready"
    status = build.to_dict()
    assert status["total"] == 121 and status["loaded"] == 121 and status["progress"] == 1.0
    assert status["buildings"] == 120 and status["skipped"] == 1
    heights = _ids_in(cache)
    assert len(heights) == 120
    assert heights[twins[3].id] == pytest.approx(twins[3].value("height"))
    tileset = cache.tileset("", 30)
    assert b'"tilesetVersion"' in tileset


def test_changes_refresh_only_what_they_touch(observed: tuple[ObservedStore, TilesCache]) -> None:
    store, cache = observed
    twins = block(120)
    store.tenant().create_many(twins)
    before = cache.ready("", 60).tiles
    assert before is not None
    version = before.version
    # A live value on a building: no tile changes.
    store.tenant().merge(Entity(twins[0].id, ("Building",), {"temperature": [prop(31.0)]}))
    cache.refresh("", 30)
    assert before.version == version
    # A new height: the building's tile gets a new version and the new height.
    key = before.where[twins[1].id]
    tile_version = before.nodes[key].version
    store.tenant().merge(Entity(twins[1].id, ("Building",), {"height": [prop(222.0)]}))
    after = cache.refresh("", 30).tiles
    assert after is before and after.version == version + 1
    assert after.nodes[key].version == after.version > tile_version
    assert _ids_in(cache)[twins[1].id] == pytest.approx(222.0)
    # Deleted and created.
    store.tenant().delete(twins[2].id)
    extra = block(1, lng0=113.9305, lat0=22.5205)[0]
    extra = Entity("urn:ngsi-ld:Building:late", extra.types, extra.attrs)
    store.tenant().create(extra)
    heights = _ids_in(cache)
    assert twins[2].id not in heights and "urn:ngsi-ld:Building:late" in heights
    assert b"urn:ngsi-ld:Building:late" not in cache.tileset("", 30)  # ids live in the tiles, not the index


def test_tenants_are_separate(observed: tuple[ObservedStore, TilesCache]) -> None:
    store, cache = observed
    store.tenant("futian").create_many(block(10))
    store.tenant().create_many(block(30))
    assert len(_ids_in(cache, "futian")) == 10
    assert len(_ids_in(cache, "")) == 30
    cache.forget("futian")
    assert cache.status("futian", start=False) is None
