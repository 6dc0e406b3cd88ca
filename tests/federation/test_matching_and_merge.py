"""Discovery matching, narrowing and merge precedence of the federation, on the real district boundaries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from shapely.geometry import Point

from citytwin.core.entities import Attribute, AttrType, Entity, prop
from citytwin.core.geometry import to_geojson
from citytwin.core.qlang import parse_q
from citytwin.core.query import GeoFilter, GeoRel
from citytwin.core.scopeq import parse_scope_q
from citytwin.demo.hierarchy import district_boundaries
from citytwin.errors import BadRequestData
from citytwin.federation import operations as ops
from citytwin.federation.matching import SourceQuery, facts, keep_provided, matching_infos, narrowing
from citytwin.federation.merge import Answer, merge_one, merge_page, merge_temporal, merge_type_lists
from citytwin.federation.registration import Registration, render, stored_document
from citytwin.federation.service import via_names
from citytwin.ngsild.context import builtin_context

NOW = datetime(2026, 5, 1, tzinfo=UTC)
CTX = builtin_context()
FUTIAN_CENTRE = Point(114.0553, 22.5216)  # 福田区政府
NANSHAN_CENTRE = Point(113.9305, 22.5329)  # 南山区政府


def reg(**members: Any) -> Registration:
    body = {
        "type": "ContextSourceRegistration",
        "id": members.pop("id", "urn:ngsi-ld:ContextSourceRegistration:r1"),
        "endpoint": members.pop("endpoint", "http://127.0.0.1:9/"),
        "information": members.pop("information", [{"entities": [{"type": "Building"}]}]),
        **members,
    }
    return Registration.from_doc(stored_document(body, CTX, now=NOW))


def futian(**members: Any) -> Registration:
    return reg(location=to_geojson(district_boundaries()["440304"].simplify(0.001)), **members)


def test_type_id_and_pattern_selection() -> None:
    r = reg(information=[{"entities": [{"type": "Building", "idPattern": "^urn:ngsi-ld:Building:ft-"}]}])
    building = (frozenset({"Building"}),)
    assert matching_infos(r, SourceQuery(types=building), NOW)
    assert not matching_infos(r, SourceQuery(types=(frozenset({"Road"}),)), NOW)
    assert matching_infos(r, SourceQuery(ids=("urn:ngsi-ld:Building:ft-7",)), NOW)
    assert not matching_infos(r, SourceQuery(ids=("urn:ngsi-ld:Building:ns-7",)), NOW)
    one = reg(information=[{"entities": [{"type": "Building", "id": "urn:ngsi-ld:Building:x"}]}])
    assert matching_infos(one, SourceQuery(id_pattern="x$"), NOW)
    assert not matching_infos(one, SourceQuery(id_pattern="y$"), NOW)
    assert not matching_infos(one, SourceQuery(ids=("urn:ngsi-ld:Building:y",)), NOW)


def test_attribute_selection_and_narrowing() -> None:
    r = reg(information=[{"entities": [{"type": "Building"}], "propertyNames": ["height", "floors"]}])
    assert not matching_infos(r, SourceQuery(attrs=("name",)), NOW)
    infos = matching_infos(r, SourceQuery(attrs=("height", "name")), NOW)
    assert infos
    narrow = narrowing(infos, SourceQuery(attrs=("height", "name")))
    assert narrow.attrs == {"height"} and narrow.types == ("Building",) and narrow.ids is None
    everything = narrowing(matching_infos(r, SourceQuery(), NOW), SourceQuery())
    assert everything.attrs == {"height", "floors"}


def test_geo_selection_uses_the_registered_area() -> None:
    r = futian()
    inside = GeoFilter(GeoRel.INTERSECTS, FUTIAN_CENTRE.buffer(0.001))
    outside = GeoFilter(GeoRel.WITHIN, NANSHAN_CENTRE.buffer(0.002))
    assert matching_infos(r, SourceQuery(geo=inside), NOW)
    assert not matching_infos(r, SourceQuery(geo=outside), NOW)
    # 南山's centre is a few km from 福田's western edge: near 10 km reaches it, near 500 m does not.
    assert matching_infos(
        r, SourceQuery(geo=GeoFilter(GeoRel.NEAR, NANSHAN_CENTRE, max_distance=10_000)), NOW
    )
    assert not matching_infos(
        r, SourceQuery(geo=GeoFilter(GeoRel.NEAR, NANSHAN_CENTRE, max_distance=500)), NOW
    )
    # Entities disjoint from a small box in 福田 can still be in 福田.
    assert matching_infos(r, SourceQuery(geo=GeoFilter(GeoRel.DISJOINT, FUTIAN_CENTRE.buffer(0.001))), NOW)
    # A registration without a location may hold anything anywhere.
    assert matching_infos(reg(), SourceQuery(geo=outside), NOW)


def test_scope_time_window_csf_expiry_and_operations() -> None:
    r = reg(
        scope="/sz/futian",
        observationInterval={"startAt": "2026-01-01T00:00:00Z", "endAt": "2026-02-01T00:00:00Z"},
        expiresAt="2026-06-01T00:00:00Z",
        sourceType={"type": "Property", "value": "archive"},
        operations=["retrieveOps", "queryTemporal"],
    )
    assert matching_infos(r, SourceQuery(scope=parse_scope_q("/sz/#")), NOW)
    assert not matching_infos(r, SourceQuery(scope=parse_scope_q("/gz/#")), NOW)
    january = (datetime(2026, 1, 10, tzinfo=UTC), None)
    march = (datetime(2026, 3, 1, tzinfo=UTC), None)
    assert matching_infos(r, SourceQuery(window=january), NOW)
    assert not matching_infos(r, SourceQuery(window=march), NOW)
    assert matching_infos(r, SourceQuery(csf=parse_q('sourceType=="archive"')), NOW)
    assert matching_infos(r, SourceQuery(csf=parse_q('endpoint=="http://127.0.0.1:9/"')), NOW)
    assert not matching_infos(r, SourceQuery(csf=parse_q('sourceType=="live"')), NOW)
    assert facts(r).value("sourceType") == "archive"
    assert matching_infos(r, SourceQuery(ops.QUERY_ENTITY), NOW)
    assert matching_infos(r, SourceQuery(ops.QUERY_TEMPORAL), NOW)
    assert not matching_infos(r, SourceQuery(ops.RETRIEVE_ENTITY_TYPES), NOW)
    assert not matching_infos(r, SourceQuery(), NOW + timedelta(days=60))  # expired


def test_operation_groups() -> None:
    assert ops.expand(["federationOps"]) >= {ops.QUERY_ENTITY, ops.QUERY_BATCH, ops.RETRIEVE_ENTITY_TYPES}
    assert ops.QUERY_TEMPORAL not in ops.expand(["federationOps"])
    assert ops.expand(["retrieveOps"]) == {ops.RETRIEVE_ENTITY, ops.QUERY_ENTITY}
    with pytest.raises(BadRequestData, match="neither"):
        ops.expand(["everythingOps"])
    assert reg().supports(ops.QUERY_BATCH)  # default: federationOps
    assert not reg(mode="auxiliary").supports(ops.QUERY_BATCH)  # auxiliary default: retrieveOps


def test_registration_names_follow_the_context() -> None:
    doc = stored_document(
        {
            "type": "ContextSourceRegistration",
            "endpoint": "http://example.org",
            "information": [{"entities": [{"type": "Building"}], "propertyNames": ["height"]}],
            "sourceType": "live",
        },
        CTX,
        now=NOW,
    )
    assert doc["id"].startswith("urn:ngsi-ld:ContextSourceRegistration:")
    assert doc["createdAt"] == doc["modifiedAt"] == "2026-05-01T00:00:00Z"
    shown = render(doc, CTX, sys_attrs=False)
    assert shown["information"] == [{"entities": [{"type": "Building"}], "propertyNames": ["height"]}]
    assert shown["sourceType"] == "live" and "createdAt" not in shown


def building(entity_id: str, **attrs: Attribute) -> Entity:
    return Entity(entity_id, ("Building",), {k: [v] for k, v in attrs.items()})


def test_keep_provided_cuts_to_the_registration() -> None:
    r = reg(information=[{"entities": [{"type": "Building"}], "propertyNames": ["height"]}])
    got = keep_provided(r, building("urn:ngsi-ld:Building:1", height=prop(3), secret=prop("x")))
    assert got is not None and set(got.attrs) == {"height"}
    assert keep_provided(r, Entity("urn:ngsi-ld:Road:1", ("Road",))) is None


def test_inclusive_sources_merge_and_the_newest_instance_wins() -> None:
    a, b = (
        reg(id="urn:ngsi-ld:ContextSourceRegistration:a"),
        reg(id="urn:ngsi-ld:ContextSourceRegistration:b"),
    )
    old = building(
        "urn:ngsi-ld:Building:1", height=prop(10, observed_at="2026-01-01T00:00:00Z"), name=prop("A")
    )
    new = building(
        "urn:ngsi-ld:Building:1", height=prop(12, observed_at="2026-02-01T00:00:00Z"), floors=prop(4)
    )
    merged = merge_one([(Answer(None), old), (Answer(a), new)], [a, b])
    assert merged is not None
    assert merged.value("height") == 12 and merged.value("name") == "A" and merged.value("floors") == 4


def test_exclusive_attributes_come_from_their_source_only() -> None:
    exclusive = reg(
        id="urn:ngsi-ld:ContextSourceRegistration:ex",
        mode="exclusive",
        information=[
            {"entities": [{"type": "Building", "id": "urn:ngsi-ld:Building:1"}], "propertyNames": ["height"]}
        ],
    )
    local = building(
        "urn:ngsi-ld:Building:1", height=prop(99, observed_at="2026-03-01T00:00:00Z"), name=prop("A")
    )
    remote = building("urn:ngsi-ld:Building:1", height=prop(12, observed_at="2026-01-01T00:00:00Z"))
    merged = merge_one([(Answer(None), local), (Answer(exclusive), remote)], [exclusive])
    assert merged is not None and merged.value("height") == 12 and merged.value("name") == "A"
    # The exclusive source did not answer: the local value is still not shown.
    alone = merge_one([(Answer(None), local)], [exclusive])
    assert alone is not None and alone.value("height") is None and alone.value("name") == "A"


def test_redirect_and_auxiliary_precedence() -> None:
    redirect = reg(id="urn:ngsi-ld:ContextSourceRegistration:rd", mode="redirect")
    aux = reg(id="urn:ngsi-ld:ContextSourceRegistration:aux", mode="auxiliary")
    local = building("urn:ngsi-ld:Building:1", name=prop("local"))
    remote = building("urn:ngsi-ld:Building:1", name=prop("remote"))
    merged = merge_one([(Answer(None), local), (Answer(redirect), remote)], [redirect])
    assert merged is not None and merged.value("name") == "remote"
    fallback = building("urn:ngsi-ld:Building:1", name=prop("aux"), note=prop("only aux has it"))
    merged = merge_one([(Answer(aux), fallback), (Answer(None), local)], [aux])
    assert (
        merged is not None and merged.value("name") == "local" and merged.value("note") == "only aux has it"
    )
    only_aux = merge_one([(Answer(aux), fallback)], [aux])
    assert only_aux is not None and only_aux.value("name") == "aux"


def test_pages_of_the_union_are_consistent_and_counted() -> None:
    a, b = (
        reg(id="urn:ngsi-ld:ContextSourceRegistration:a"),
        reg(id="urn:ngsi-ld:ContextSourceRegistration:b"),
    )
    ids_a = [f"urn:ngsi-ld:Building:{i:02d}" for i in range(0, 20, 2)]
    ids_b = [f"urn:ngsi-ld:Building:{i:02d}" for i in range(1, 20, 2)] + ["urn:ngsi-ld:Building:00"]
    answers = [
        Answer(a, [building(i) for i in sorted(ids_a)], len(ids_a)),
        Answer(b, [building(i) for i in sorted(ids_b)], len(ids_b)),
    ]
    seen: list[str] = []
    for offset in range(0, 25, 7):
        page = merge_page(answers, [a, b], limit=7, offset=offset, count=True)
        assert page.count == 20
        seen += [e.id for e in page.entities]
    assert seen == [f"urn:ngsi-ld:Building:{i:02d}" for i in range(20)]


def test_temporal_and_type_lists_merge() -> None:
    one = {
        "id": "urn:x:1",
        "type": "Sensor",
        "t": [{"type": "Property", "value": 1, "observedAt": "2026-01-01T01:00:00Z"}],
    }
    two = {
        "id": "urn:x:1",
        "type": ["Sensor", "Device"],
        "t": [
            {"type": "Property", "value": 0, "observedAt": "2026-01-01T00:00:00Z"},
            {"type": "Property", "value": 1, "observedAt": "2026-01-01T01:00:00Z"},
        ],
    }
    merged = merge_temporal([one, two])
    assert merged["type"] == ["Sensor", "Device"]
    assert [i["value"] for i in merged["t"]] == [0, 1]
    lists = merge_type_lists([{"typeList": ["A", "B"]}, {"typeList": ["C", "A"]}], details=False)
    assert lists["typeList"] == ["A", "B", "C"]
    detailed = merge_type_lists(
        [[{"typeName": "A", "attributeNames": ["x"]}], [{"typeName": "A", "attributeNames": ["y"]}]],
        details=True,
    )
    assert detailed == [{"typeName": "A", "attributeNames": ["x", "y"]}]


def test_via_names() -> None:
    assert via_names("1.1 citytwin-a, HTTP/1.1 proxy.example (squid)") == {"citytwin-a", "proxy.example"}
    assert via_names("") == set()


def test_geo_attribute_value() -> None:
    # Instances pass through as the source gave them (a GeoProperty stays one).
    r = reg()
    geo = Attribute(AttrType.GEOPROPERTY, to_geojson(FUTIAN_CENTRE))
    got = keep_provided(r, building("urn:ngsi-ld:Building:1", location=geo))
    assert got is not None and got.attr("location") is geo


def test_fast_parse_of_source_answers_equals_the_checked_parser() -> None:
    from citytwin.federation.wire import _checked, remote_entity
    from citytwin.ngsild.representation import render_entity

    entity = Entity(
        "urn:ngsi-ld:Building:1",
        ("Building", "Landmark"),
        scope=("/sz/futian",),
        created_at="2026-01-01T00:00:00Z",
        modified_at="2026-01-02T00:00:00Z",
    )
    entity.set(
        "height",
        prop(30, unit_code="MTR", observed_at="2026-01-01T00:00:00Z", modified_at="2026-01-02T00:00:00Z"),
    )
    entity.set("height", prop(31, dataset_id="urn:ngsi-ld:Dataset:lidar"))
    entity.set("usage", Attribute(AttrType.VOCAB_PROPERTY, "office"))
    entity.set("name", Attribute(AttrType.LANGUAGE_PROPERTY, {"zh": "平安金融中心", "en": "Ping An"}))
    entity.set("owner", Attribute(AttrType.RELATIONSHIP, "urn:ngsi-ld:Org:1", sub={"since": prop(2017)}))
    entity.set("location", Attribute(AttrType.GEOPROPERTY, to_geojson(FUTIAN_CENTRE)))
    wire = render_entity(entity, CTX, "normalized", sys_attrs=True)
    fast, checked = remote_entity(wire, CTX), _checked(wire, CTX)
    assert fast == checked
    assert (
        fast.attr("height").modified_at == "2026-01-02T00:00:00Z"
        and fast.created_at == "2026-01-01T00:00:00Z"
    )
    concise = {"id": "urn:ngsi-ld:Building:2", "type": "Building", "height": 12}  # not the fast path's form
    assert remote_entity(concise, CTX).value("height") == 12
    with pytest.raises(BadRequestData):
        remote_entity({"id": "not a uri", "type": "Building"}, CTX)
