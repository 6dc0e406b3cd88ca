"""The relationship graph over the real Shenzhen admin hierarchy, buildings and enterprises (both stores)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from citytwin.core.codes import admin
from citytwin.core.entities import Attribute, AttrType, Entity, rel
from citytwin.core.graph import neighbourhood, outgoing
from citytwin.demo.hierarchy import admin_entities, area_id
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.governance.graph import relationship_graph
from citytwin.governance.sources import SourceArbiter
from citytwin.storage.base import Store, TenantStore
from tests.governance.helpers import KEJIYUAN, Clock, building, building_id, enterprise

YUEHAI = "440305007"  # 粤海街道, 南山区
NANSHAN = "440305"


def nanshan_backbone() -> list[Entity]:
    """The real city → 南山区 → its streets → 粤海街道's communities, from the demo's admin entities."""
    wanted = {area_id("4403"), area_id(NANSHAN)}
    wanted |= {area_id(s.code) for s in admin.streets(NANSHAN)}
    wanted |= {area_id(c.code) for c in admin.communities(YUEHAI)}
    return [e for e in admin_entities() if e.id in wanted]


def seeded(store: Store) -> TenantStore:
    twin = store.tenant()
    assert twin.upsert_many(nanshan_backbone()).errors == []
    buildings = [building(n, height=20.0 + n) for n in (1, 2, 3)]
    companies = [
        enterprise(101, "深圳市腾讯计算机系统有限公司", building_id(1)),
        enterprise(102, "深圳市大疆创新科技有限公司", building_id(1)),
        enterprise(103, "中兴通讯股份有限公司", building_id(2)),
    ]
    assert twin.upsert_many([*buildings, *companies]).errors == []
    return twin


def test_the_admin_hierarchy_links_by_part_of() -> None:
    # What the graph walks: every community is partOf its street, every street partOf its district.
    by_id = {e.id: e for e in nanshan_backbone()}
    kejiyuan = by_id[KEJIYUAN]
    assert [(e.name, e.target) for e in outgoing(kejiyuan)] == [("partOf", area_id(YUEHAI))]
    assert [e.target for e in outgoing(by_id[area_id(YUEHAI)])] == [area_id(NANSHAN)]


def test_neighbourhood_of_a_community(store: Store) -> None:
    twin = seeded(store)
    graph = relationship_graph(twin, KEJIYUAN, depth=1)
    assert set(graph.nodes) == {KEJIYUAN, area_id(YUEHAI), *(building_id(n) for n in (1, 2, 3))}
    assert {(e.source, e.name, e.target) for e in graph.edges} == {
        (KEJIYUAN, "partOf", area_id(YUEHAI)),
        *((building_id(n), "locatedIn", KEJIYUAN) for n in (1, 2, 3)),
    }
    assert graph.nodes[area_id(YUEHAI)].name == "粤海街道"
    assert graph.nodes[KEJIYUAN].level == "community" and graph.nodes[KEJIYUAN].admin_code == "440305007003"
    # Two hops: the district, the sibling communities, and the enterprises in the buildings.
    wide = relationship_graph(twin, KEJIYUAN, depth=2)
    siblings = {area_id(c.code) for c in admin.communities(YUEHAI)} - {KEJIYUAN}
    companies = {e.id for e in (enterprise(101, "", ""), enterprise(102, "", ""), enterprise(103, "", ""))}
    assert set(wide.nodes) == set(graph.nodes) | {area_id(NANSHAN)} | siblings | companies
    assert {n.depth for n in wide.nodes.values() if n.id in siblings | companies} == {2}
    assert len(wide.edges) == 1 + 3 + 1 + len(siblings) + 3
    assert not wide.truncated


def test_outgoing_only_walks_up_to_the_city(store: Store) -> None:
    twin = seeded(store)
    tencent = enterprise(101, "", "").id
    graph = relationship_graph(twin, tencent, depth=5, direction="out")
    chain = [n.id for n in sorted(graph.nodes.values(), key=lambda n: n.depth)]
    assert chain == [tencent, building_id(1), KEJIYUAN, area_id(YUEHAI), area_id(NANSHAN), area_id("4403")]
    assert [graph.nodes[i].types[0] for i in chain] == [
        "Organization",
        "Building",
        "Community",
        "SubDistrict",
        "District",
        "City",
    ]
    incoming = relationship_graph(twin, building_id(1), depth=3, direction="in")
    assert set(incoming.nodes) == {building_id(1), tencent, enterprise(102, "", "").id}


def test_tree_view_and_json(store: Store) -> None:
    twin = seeded(store)
    graph = relationship_graph(twin, building_id(1), depth=2)
    lines = graph.tree()
    assert lines[0] == f"{building_id(1)} (Building)"
    text = "\n".join(lines)
    assert f"─locatedIn→ {KEJIYUAN} (Community 科技园社区居委会)" in text
    assert f"\n│   └── ─partOf→ {area_id(YUEHAI)} (SubDistrict 粤海街道)\n" in text
    assert "←locatedIn─ urn:ngsi-ld:Organization:" in text
    doc = graph.to_dict()
    assert doc["root"] == building_id(1) and doc["depth"] == 2 and doc["truncated"] is False
    assert doc["nodes"][0] == {"id": building_id(1), "type": "Building", "depth": 0, "level": "building",
                               "adminCode": "440305007003"}  # fmt: skip
    assert {"source": building_id(1), "target": KEJIYUAN, "relationship": "locatedIn"} in doc["edges"]


def test_limits_missing_targets_and_custom_relationships(store: Store) -> None:
    twin = seeded(store)
    small = relationship_graph(twin, area_id(YUEHAI), depth=1, max_nodes=5)
    assert small.truncated and len(small.nodes) == 5
    assert "truncated" in small.tree()[-1]
    # A relationship to an entity the twin does not hold yet is shown as missing.
    orphan = building(9, community="urn:ngsi-ld:Community:not-yet")
    twin.upsert_many([orphan])
    graph = relationship_graph(twin, building_id(9), depth=1)
    assert graph.nodes["urn:ngsi-ld:Community:not-yet"].missing
    # A relationship name outside the defaults is found inwards once an import has used it ...
    pump = Entity(id="urn:ngsi-ld:Facility:pump-1", types=("Facility",))
    pump.set("drainsTo", rel(building_id(2)))
    unseen = relationship_graph(twin, building_id(2), depth=1, direction="in")
    twin.upsert_many([pump])
    assert "urn:ngsi-ld:Facility:pump-1" not in relationship_graph(twin, building_id(2), depth=1).nodes
    arbiter = SourceArbiter(twin, clock=Clock())
    outcome = arbiter.apply([pump], source="sz-water", batch_id="w-1", category="city-entity")
    twin.upsert_many(outcome.entities)
    arbiter.commit(outcome)
    found = relationship_graph(twin, building_id(2), depth=1, direction="in")
    assert "urn:ngsi-ld:Facility:pump-1" in found.nodes
    assert set(found.nodes) - set(unseen.nodes) == {"urn:ngsi-ld:Facility:pump-1"}
    # ... or when the caller names it.
    other = Entity(id="urn:ngsi-ld:Device:cam-7", types=("Device",))
    other.set("monitors", rel(building_id(3)))
    twin.upsert_many([other])
    named = relationship_graph(twin, building_id(3), depth=1, direction="in", relationships=["monitors"])
    assert "urn:ngsi-ld:Device:cam-7" in named.nodes
    with pytest.raises(ResourceNotFound):
        relationship_graph(twin, "urn:ngsi-ld:Building:nowhere")
    with pytest.raises(BadRequestData, match=r"depth must be an integer 0\.\.6"):
        relationship_graph(twin, KEJIYUAN, depth=7)


# -- the pure walk ----------------------------------------------------------------------------------------


def walk_over(entities: list[Entity], root: str, **kwargs: object) -> dict[str, int]:
    by_id = {e.id: e for e in entities}

    def fetch(ids: Sequence[str]) -> Mapping[str, Entity]:
        return {i: by_id[i] for i in ids if i in by_id}

    def incoming(ids: Sequence[str]) -> list[Entity]:
        wanted = set(ids)
        return [e for e in entities if any(edge.target in wanted for edge in outgoing(e))]

    graph = neighbourhood(by_id[root], fetch=fetch, incoming=incoming, **kwargs)  # type: ignore[arg-type]
    return {node_id: node.depth for node_id, node in graph.nodes.items()}


def test_pure_walk_handles_cycles_lists_and_depth_zero() -> None:
    a = Entity(id="urn:x:a", types=("T",))
    b = Entity(id="urn:x:b", types=("T",))
    c = Entity(id="urn:x:c", types=("T",))
    a.set("next", rel("urn:x:b"))
    b.set("next", rel("urn:x:a"))  # a cycle
    b.set("members", Attribute(AttrType.LIST_RELATIONSHIP, [{"object": "urn:x:c"}]))
    c.set("peers", rel(["urn:x:a", "urn:x:b"]))  # one relationship, two objects
    assert walk_over([a, b, c], "urn:x:a", depth=0) == {"urn:x:a": 0}
    assert walk_over([a, b, c], "urn:x:a", depth=1, direction="out") == {"urn:x:a": 0, "urn:x:b": 1}
    assert walk_over([a, b, c], "urn:x:a", depth=2, direction="out") == {
        "urn:x:a": 0,
        "urn:x:b": 1,
        "urn:x:c": 2,
    }
    assert walk_over([a, b, c], "urn:x:a", depth=1, direction="in") == {
        "urn:x:a": 0,
        "urn:x:b": 1,
        "urn:x:c": 1,
    }
    with pytest.raises(BadRequestData, match="direction"):
        walk_over([a], "urn:x:a", depth=1, direction="sideways")
