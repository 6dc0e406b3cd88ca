"""The gazetteer and geocoder over the Shenzhen backbone plus a few real buildings, POIs and roads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from citytwin.cli import main
from citytwin.core.codes import beidou
from citytwin.core.entities import Attribute, AttrType, Entity, prop
from citytwin.core.geometry import to_geojson
from citytwin.demo.hierarchy import admin_entities, area_id
from citytwin.demo.partitions import community_partitions
from citytwin.ingest.geocode import MIN_SCORE, Gazetteer, GeocodeMatch
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store

PAFC = (114.0503, 22.5333)  # 平安金融中心, 益田路5033号 (WGS84)
KEXING = (113.9437, 22.5495)  # 科兴科学园, 科苑路15号
NORTH_STATION = (114.0290, 22.6096)  # 深圳北站
KEYUAN = [(113.9445, 22.5100), (113.9440, 22.5300), (113.9435, 22.5600)]  # 科苑路, numbers 1 → 199


def place(kind: str, key: str, geom: BaseGeometry, **props: Any) -> Entity:
    entity = Entity(id=f"urn:ngsi-ld:{kind}:test-{key}", types=(kind,))
    entity.set("location", Attribute(AttrType.GEOPROPERTY, to_geojson(geom)))
    for name, value in props.items():
        entity.set(name, prop(value))
    return entity


def places() -> list[Entity]:
    """Real Shenzhen places in the shapes importers write them."""
    pafc = place("Building", "pafc", Point(PAFC), address="福田区益田路5033号")
    pafc.set(
        "name", Attribute(AttrType.LANGUAGE_PROPERTY, {"zh": "平安金融中心", "en": "Ping An Finance Centre"})
    )
    return [
        pafc,
        place("Building", "kexing", Point(KEXING), name="科兴科学园", address="深圳市南山区科苑路15号"),
        place(
            "Building",
            "caifu",
            Point(114.0556, 22.5381),
            name="财富大厦",
            address={
                "addressRegion": "广东省",
                "addressLocality": "深圳市",
                "district": "福田区",
                "streetAddress": "福华三路88号",
            },
        ),
        place("PointOfInterest", "north", Point(NORTH_STATION), name="深圳北站"),
        # Two hospitals go by the same short name in two districts.
        place("PointOfInterest", "hosp-ns", Point(113.9213, 22.5376), name="人民医院"),
        place("PointOfInterest", "hosp-ft", Point(114.0853, 22.5412), name="人民医院"),
        place("Road", "keyuan", LineString(KEYUAN), name="科苑路", houseNumberFrom=1, houseNumberTo=199),
        place("RoadSegment", "shennan-w", LineString([(113.90, 22.540), (114.00, 22.540)]), name="深南大道"),
        place("RoadSegment", "shennan-e", LineString([(114.00, 22.540), (114.10, 22.545)]), name="深南大道"),
        # Not places: an unnamed building and a road node.
        place("Building", "anon", Point(114.06, 22.54)),
        place("RoadNode", "n1", Point(114.0, 22.54), name="junction"),
    ]


@pytest.fixture(scope="module")
def backbone() -> list[Entity]:
    return admin_entities()


@pytest.fixture(scope="module")
def gazetteer(backbone: list[Entity]) -> Gazetteer:
    return Gazetteer.from_entities([*backbone, *places()])


def community_of(lng: float, lat: float) -> str:
    hits = [c for c, g in community_partitions().items() if g.covers(Point(lng, lat))]
    assert len(hits) == 1
    return hits[0]


def located(match: GeocodeMatch | None, entity_key: str | None, level: str) -> GeocodeMatch:
    assert match is not None
    if entity_key is not None:
        assert match.entity_id is not None and match.entity_id.endswith(entity_key)
    assert match.level == level
    assert 0 <= match.score <= 1
    assert match.grid_code == beidou.encode(match.lng, match.lat, 10)
    return match


def test_building_by_name_within_the_named_district(gazetteer: Gazetteer) -> None:
    match = located(gazetteer.geocode("深圳市福田区平安金融中心"), "test-pafc", "building")
    assert (match.lng, match.lat) == PAFC
    assert match.score == 1.0
    assert match.admin_code == community_of(*PAFC)
    assert match.admin_code.startswith("440304")
    # The English name works too, and so does the name alone (a little less sure without an area).
    assert located(gazetteer.geocode("Ping An Finance Centre"), "test-pafc", "building").score == 0.95


def test_building_by_its_address(gazetteer: Gazetteer) -> None:
    by_address = located(gazetteer.geocode("深圳市南山区粤海街道科技园科苑路15号"), "test-kexing", "building")
    assert by_address.score == 0.95
    named = located(gazetteer.geocode("南山区科苑路15号科兴科学园A栋1201室"), "test-kexing", "building")
    assert named.score == 1.0
    located(gazetteer.geocode("福田区福华三路８８号"), "test-caifu", "building")  # a PostalAddress object


def test_house_number_is_interpolated_along_a_numbered_road(gazetteer: Gazetteer) -> None:
    match = located(gazetteer.geocode("南山区科苑路100号"), None, "grid")
    assert match.entity_id is None  # registered to a grid cell, not to an entity
    line = LineString(KEYUAN)
    expected = line.interpolate((100 - 1) / (199 - 1), normalized=True)
    assert Point(match.lng, match.lat).distance(expected) < 1e-9
    assert match.score == 0.85
    assert match.admin_code == community_of(match.lng, match.lat)
    # Beyond the range: the end of the road.
    end = located(gazetteer.geocode("南山区科苑路500号"), None, "grid")
    assert Point(end.lng, end.lat).distance(Point(KEYUAN[-1])) < 1e-9


def test_road_without_number_lands_on_the_road_in_the_named_area(gazetteer: Gazetteer) -> None:
    futian = located(gazetteer.geocode("福田区深南大道"), "test-shennan-e", "road")
    assert futian.score == 0.7
    assert futian.admin_code is not None and futian.admin_code.startswith("440304")
    assert LineString([(114.00, 22.540), (114.10, 22.545)]).distance(Point(futian.lng, futian.lat)) < 1e-9
    nanshan = located(gazetteer.geocode("南山区深南大道"), "test-shennan-w", "road")
    assert nanshan.admin_code is not None and nanshan.admin_code.startswith("440305")


def test_small_differences_in_names_still_match(gazetteer: Gazetteer) -> None:
    typo = located(gazetteer.geocode("福田区平安金融中新"), "test-pafc", "building")
    missing = located(gazetteer.geocode("福田区平安金中心"), "test-pafc", "building")
    extra = located(gazetteer.geocode("福田区平安金融中心大"), "test-pafc", "building")
    for match in (typo, missing, extra):
        assert MIN_SCORE <= match.score < 0.95
    road = located(gazetteer.geocode("南山区科院路"), "test-keyuan", "road")
    assert road.score < 0.7


def test_the_named_area_decides_between_places_of_the_same_name(gazetteer: Gazetteer) -> None:
    nanshan = located(gazetteer.geocode("南山区人民医院"), "test-hosp-ns", "poi")
    futian = located(gazetteer.geocode("福田区人民医院"), "test-hosp-ft", "poi")
    assert nanshan.score == futian.score == 1.0
    unsure = gazetteer.geocode("人民医院")
    assert unsure is not None and unsure.score < MIN_SCORE


def test_administrative_levels(gazetteer: Gazetteer, backbone: list[Entity]) -> None:
    community = located(gazetteer.geocode("南山区粤海街道科技园社区"), None, "community")
    assert community.entity_id == area_id("440305007003")
    assert community.admin_code == "440305007003"
    assert community_partitions()["440305007003"].contains(Point(community.lng, community.lat))
    assert community.score >= MIN_SCORE
    street = located(gazetteer.geocode("深圳市南山区粤海街道"), None, "street")
    district = located(gazetteer.geocode("龙华区"), None, "district")
    assert (street.admin_code, district.admin_code) == ("440305007", "440309")
    # Too coarse to register a record in space.
    assert street.score < MIN_SCORE and district.score < MIN_SCORE
    # A community name several streets share: placed, but not registered.
    shared = located(gazetteer.geocode("海滨社区"), None, "community")
    assert shared.score < MIN_SCORE


def test_contradicting_parts_lower_the_score(gazetteer: Gazetteer) -> None:
    right = gazetteer.geocode("南山区粤海街道科技园社区")
    wrong = gazetteer.geocode("福田区粤海街道科技园社区")
    assert right is not None and wrong is not None
    assert wrong.entity_id == right.entity_id and wrong.score < right.score


def test_unmatched_addresses_are_none(gazetteer: Gazetteer) -> None:
    assert gazetteer.geocode("北京市朝阳区建国路88号") is None
    assert gazetteer.geocode("") is None
    assert gazetteer.geocode("   ，。") is None
    assert gazetteer.geocode_many(["深圳北站", "不存在的大厦", "南山区科苑路15号"])[1] is None


def test_geocode_many_keeps_the_order(gazetteer: Gazetteer) -> None:
    texts = ["深圳北站", "南山区科苑路15号", "火星基地", "福田区平安金融中心"]
    matches = gazetteer.geocode_many(texts)
    assert [m.query if m else None for m in matches] == [
        "深圳北站",
        "南山区科苑路15号",
        None,
        "福田区平安金融中心",
    ]
    assert matches == [gazetteer.geocode(t) for t in texts]


def test_batches_compute_loose_points_like_single_calls(gazetteer: Gazetteer) -> None:
    # Large batches encode grid codes and find communities with numpy; single calls do it point by point.
    texts = [f"南山区科苑路{n}号" for n in range(2, 160, 3)] + ["福田区深南大道", "深圳市南山区深南大道"]
    batch = gazetteer.geocode_many(texts)
    assert len([m for m in batch if m is not None and m.level == "grid"]) >= 32
    assert batch == [gazetteer.geocode(t) for t in texts]


def test_places_added_before_their_areas_are_placed_once_areas_arrive(backbone: list[Entity]) -> None:
    gazetteer = Gazetteer.from_entities(places())
    early = gazetteer.geocode("深圳北站")
    assert early is not None and early.admin_code is None
    gazetteer.add(backbone)
    late = located(gazetteer.geocode("龙华区深圳北站"), "test-north", "poi")
    assert late.admin_code == community_of(*NORTH_STATION)
    assert late.score == 1.0
    # A building an import has just written is found at once.
    gazetteer.add([place("Building", "new", Point(114.02, 22.61), name="北站汇隆中心")])
    located(gazetteer.geocode("龙华区北站汇隆中心"), "test-new", "building")


WORDS = [
    "深圳市",
    "南山区",
    "科苑路",
    "15号",
    "平安",
    "金融",
    "中心",
    "社区",
    "路",
    "A栋",
    "人民医院",
    " ",
    "１",
    "大厦",
]


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS)) | st.lists(st.text(max_size=4)))
def test_never_raises_and_scores_stay_in_range(gazetteer: Gazetteer, words: list[str]) -> None:
    match = gazetteer.geocode("".join(words))
    assert match is None or (
        0 <= match.score <= 1 and match.grid_code == beidou.encode(match.lng, match.lat, 10)
    )


def test_from_store_reads_the_twin(store: Store, gazetteer: Gazetteer, backbone: list[Entity]) -> None:
    twin = store.tenant()
    result = twin.upsert_many([*backbone, *places()])
    assert not result.errors
    seen: list[int] = []
    stored = Gazetteer.from_store(twin, progress=seen.append, page=300)
    # Every named or addressed entity is read (the unnamed building is not); the road node is not a place.
    assert seen[:2] == [300, 600] and seen[-1] == len(backbone) + len(places()) - 1
    assert stored.size == gazetteer.size == seen[-1] - 1
    for text in (
        "福田区平安金融中心",
        "南山区科苑路100号",
        "福田区深南大道",
        "南山区粤海街道科技园社区",
        "福田区平安金融中新",
    ):
        assert stored.geocode(text) == gazetteer.geocode(text), text


def test_cli_geocode_and_parse(tmp_path: Path, backbone: list[Entity]) -> None:
    url = f"sqlite:///{tmp_path / 'twin.db'}"
    with open_store(url) as store:
        store.tenant().upsert_many([*backbone, *places()])
    out = CliRunner().invoke(main, ["geocode", "--db", url, "福田区平安金融中心", "火星基地"])
    assert out.exit_code == 0, out.output
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert lines[0]["match"]["entity_id"] == "urn:ngsi-ld:Building:test-pafc"
    assert lines[0]["registered"] is True
    assert lines[1] == {"query": "火星基地", "match": None, "registered": False}
    parsed = CliRunner().invoke(main, ["address", "parse", "深圳市南山区粤海街道科技园科苑路15号"])
    assert parsed.exit_code == 0, parsed.output
    body = json.loads(parsed.stdout)
    assert body["parts"]["road"] == "科苑路" and body["codes"]["street"] == "440305007"
    missing = CliRunner().invoke(main, ["address", "parse"])
    assert missing.exit_code != 0 and "ADDRESS" in missing.output


def test_cli_warns_on_an_empty_twin(tmp_path: Path) -> None:
    out = CliRunner().invoke(
        main, ["geocode", "--db", f"sqlite:///{tmp_path / 'empty.db'}", "南山区科苑路15号"]
    )
    assert out.exit_code == 0
    assert "no named places or areas" in out.stderr
    assert json.loads(out.stdout)["match"] is None
