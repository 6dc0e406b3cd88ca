"""The Chinese address parser against hand-written Shenzhen addresses, plus properties over generated ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from citytwin.core.address import (
    FIELDS,
    ParsedAddress,
    community_display_name,
    house_number,
    normalize,
    parse_address,
    resolve_admin,
    segments,
)
from citytwin.core.codes import admin

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "data" / "addresses_shenzhen.yaml").read_text("utf-8")
)


def test_the_set_is_large_enough() -> None:
    assert len(CASES) >= 50
    assert len({c["address"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["address"].strip() for c in CASES])
def test_hand_written_address(case: dict[str, Any]) -> None:
    parsed = parse_address(case["address"])
    expected = {name: case.get(name) for name in (*FIELDS, "rest")}
    got = {name: getattr(parsed, name) for name in (*FIELDS, "rest")}
    assert got == expected
    match = resolve_admin(parsed)
    codes = case.get("codes", {})
    assert (match.district, match.street, match.community) == (
        codes.get("district"),
        codes.get("street"),
        codes.get("community"),
    )
    assert match.candidates == tuple(case.get("candidates", ()))
    assert match.consistent is case.get("consistent", True)


def test_expected_codes_name_the_areas_written() -> None:
    # Guard the data file itself: every expected code is a real area whose name matches the text.
    for case in CASES:
        codes = case.get("codes", {})
        if "street" in codes and case.get("street") and case.get("consistent", True):
            name = admin.lookup(codes["street"]).name
            assert case["street"] in (name, name.removeprefix("深圳市")) or codes["street"] == "440305400"
        if "community" in codes:
            assert community_display_name(admin.lookup(codes["community"]).name) == case["community"]


def test_every_real_street_and_community_name_is_recognised() -> None:
    for district in admin.districts():
        for street in admin.streets(district.code):
            parsed = parse_address(district.name + street.name + "建设路1号")
            assert (parsed.district, parsed.street, parsed.road, parsed.number) == (
                district.name,
                street.name,
                "建设路",
                "1号",
            )
            for community in admin.communities(street.code):
                text = street.name + community_display_name(community.name)
                match = resolve_admin(parse_address(text))
                assert match.street == street.code
                # Several committees of one community share its name: the first code stands for them.
                assert match.community is not None
                assert match.community[:9] == street.code
                assert community_display_name(admin.lookup(match.community).name) == (
                    community_display_name(community.name)
                )


def test_district_short_names_do_not_swallow_roads_or_streets() -> None:
    assert parse_address("龙岗大道8288号").road == "龙岗大道"
    assert parse_address("龙岗大道8288号").district is None
    assert parse_address("龙岗街道龙岗大道").street == "龙岗街道"
    assert parse_address("福田口岸").district is None
    assert parse_address("福田社区").community == "福田社区"
    assert resolve_admin(parse_address("龙华区")).district == "440309"


def test_normalize() -> None:
    assert normalize("南山区 科苑路１５号（Ａ座）") == "南山区科苑路15号A座"
    assert normalize("3#楼") == "3号楼"
    assert normalize(None) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("15号", 15),
        ("15-1号", 15),
        ("十五号", 15),
        ("一百零八号", 108),
        ("二十号", 20),
        ("甲号", None),
        (None, None),
    ],
)
def test_house_number(text: str | None, value: int | None) -> None:
    assert house_number(text) == value


def test_parts_and_compose() -> None:
    parsed = parse_address("深圳市南山区粤海街道科技园科苑路15号")
    assert parsed.parts()[0] == ("city", "深圳市")
    assert parsed.parts()[-1] == ("rest", "科技园")
    assert parsed.compose() == "深圳市南山区粤海街道科苑路15号科技园"
    full = parse_address("福田区福华三路88号财富大厦")
    assert full.rest is None
    assert full.compose() == "福田区福华三路88号财富大厦"


# -- properties ---------------------------------------------------------------------------------------------

_ORDER = {name: i for i, name in enumerate(FIELDS)}


def _check_invariants(text: str) -> ParsedAddress:
    parsed = parse_address(text)
    pieces = segments(text)
    norm = normalize(text)
    assert "".join(piece for _, piece in pieces) == norm
    labelled = [label for label, _ in pieces if label != "rest"]
    assert labelled == sorted(labelled, key=_ORDER.__getitem__), "fields must appear in address order"
    assert len(set(labelled)) == len(labelled)
    # The fields, read left to right, are the pieces of the text in order; rest holds what is left.
    cursor = 0
    leftover = []
    for label, piece in pieces:
        assert norm.startswith(piece, cursor)
        cursor += len(piece)
        if label == "rest":
            leftover.append(piece)
        else:
            assert getattr(parsed, label) == piece
    assert parsed.rest == ("".join(leftover) or None)
    if parsed.rest is None:
        assert parsed.compose() == norm
    resolve_admin(parsed)
    return parsed


VOCAB = [
    "深圳市",
    "南山区",
    "南山",
    "粤海街道",
    "科技园社区",
    "科苑路",
    "深南大道",
    "15号",
    "#",
    "栋",
    "A座",
    "1201室",
    "大厦",
    "花园",
    "与",
    "附近",
    "区",
    "社区",
    "街道",
    "路",
    "号",
    "１２",
    " ",
    "，",
    "-",
    "之",
]


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40))
def test_never_raises_on_any_text(text: str) -> None:
    _check_invariants(text)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(VOCAB) | st.text(alphabet="路街道号栋区社南山科技园0123456789AB", max_size=3))
)
def test_never_raises_on_address_like_text(words: list[str]) -> None:
    _check_invariants("".join(words))


def _areas() -> list[tuple[admin.AdminArea, admin.AdminArea, admin.AdminArea]]:
    out = []
    for district in admin.districts():
        for street in admin.streets(district.code):
            out.extend((district, street, c) for c in admin.communities(street.code))
    return out


ROADS = [
    "科苑路",
    "深南大道",
    "福华三路",
    "宝民一路",
    "高新南七道",
    "人民南路",
    "东门老街",
    "沙河西路",
    "民治大道",
]
BUILDINGS = [
    "财富大厦",
    "科兴科学园",
    "龙联花园",
    "海岸城购物中心",
    "平安金融中心",
    "北站小区",
    "正大时代华庭",
]


@st.composite
def structured(draw: st.DrawFn) -> tuple[str, dict[str, str | None]]:
    """An address assembled from real areas and road/building shapes, with parts left out at random."""
    district, street, community = draw(st.sampled_from(_areas()))
    keep = {name: draw(st.booleans()) for name in ("city", "district", "street", "community", "road")}
    parts: dict[str, str | None] = {name: None for name in FIELDS}
    if keep["city"]:
        parts["city"] = "深圳市"
    if keep["district"]:
        parts["district"] = district.name
    if keep["street"]:
        parts["street"] = street.name
    if keep["community"]:
        parts["community"] = community_display_name(community.name)
    if keep["road"]:
        parts["road"] = draw(st.sampled_from(ROADS))
        if draw(st.booleans()):
            parts["number"] = f"{draw(st.integers(1, 9999))}号"
    if draw(st.booleans()):
        parts["building"] = draw(st.sampled_from(BUILDINGS))
        if draw(st.booleans()):
            parts["unit"] = (
                f"{draw(st.sampled_from(['A', 'B', '1', '12']))}{draw(st.sampled_from(['栋', '座']))}"
            )
        if draw(st.booleans()):
            parts["room"] = f"{draw(st.integers(101, 3299))}室"
    text = "".join(p for p in (parts[name] for name in FIELDS) if p)
    # Noise the parser must shrug off: spaces, full-width digits, a comma after the district.
    if draw(st.booleans()):
        text = text.replace("区", "区 ", 1)
    if draw(st.booleans()):
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return text, parts


@settings(max_examples=300, deadline=None)
@given(structured())
def test_recovers_the_parts_it_was_built_from(sample: tuple[str, dict[str, str | None]]) -> None:
    text, parts = sample
    if not text:
        return
    parsed = _check_invariants(text)
    got = {name: getattr(parsed, name) for name in FIELDS}
    assert got == parts
    assert parsed.rest is None
    # Recomposing and parsing again gives the same parts.
    assert parse_address(parsed.compose()) == parsed
