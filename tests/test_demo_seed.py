"""The demo backbone: real Shenzhen codes and boundaries, loaded into each backend and queried back."""

from __future__ import annotations

import shapely
from shapely.geometry import Point

from citytwin.core.codes import admin
from citytwin.core.query import EntityQuery, types_of
from citytwin.demo.hierarchy import admin_entities, area_id, district_boundaries
from citytwin.demo.seed import seed, tour
from citytwin.storage.base import Store


def test_backbone_has_every_area_with_parents_first() -> None:
    entities = admin_entities()
    counts: dict[str, int] = {}
    seen: set[str] = set()
    for entity in entities:
        counts[entity.type] = counts.get(entity.type, 0) + 1
        parent = entity.value("partOf")
        assert parent is None or parent in seen, f"{entity.id} comes before its parent {parent}"
        seen.add(entity.id)
    assert counts == {"City": 1, "District": 9, "SubDistrict": 79, "Community": 788}
    assert len(seen) == len(entities), "ids must be unique"


def test_boundaries_are_converted_from_gcj02() -> None:
    bounds = district_boundaries()
    assert set(bounds) == {a.code for a in admin.districts()}
    # 龙岗 includes the functional district 大鹏; it is the largest district by far.
    assert max(bounds, key=lambda code: bounds[code].area) == "440307"
    # The Futian civic centre (WGS84) lies in Futian; GCJ-02 outlines would sit ~0.6 km off to the east/south.
    assert bounds["440304"].contains(Point(114.0596, 22.5430))
    assert all(shapely.is_valid(g) for g in bounds.values())


def test_seed_and_tour_on_each_backend(store: Store) -> None:
    counts = seed(store, progress=lambda _msg: None)
    assert counts["Community"] == 788
    twin = store.tenant()
    nanshan = twin.query(EntityQuery(types=types_of("Community"), admin_code="440305", count=True, limit=1))
    assert nanshan.count == sum(len(admin.communities(s.code)) for s in admin.streets("440305"))
    answers = {a["question"]: a["answer"] for a in tour(store)}
    assert answers["Which district holds 平安金融中心 Ping An Finance Centre?"] == ["福田区"]
    assert answers["Which district holds 大梅沙 Dameisha beach?"] == ["盐田区"]
    assert answers["Which district holds 深圳北站 Shenzhen North Station?"] == ["龙华区"]
    assert answers["How many GB/T 2260 districts?"] == 9
    assert answers["What is 南山区's twin id?"] == area_id("440305")
    # Seeding twice is idempotent.
    seed(store, progress=lambda _msg: None)
    assert twin.query(EntityQuery(count=True, limit=0)).count == 877
