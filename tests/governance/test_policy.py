"""Policies as data (core.policy, core.policy_view) and masking (core.masking), on Shenzhen entities."""

from __future__ import annotations

from typing import Any

import pytest
from shapely.geometry import Point

from citytwin.core.codes import beidou
from citytwin.core.entities import Entity, geo, prop
from citytwin.core.masking import (
    mask_home_location,
    mask_id_number,
    mask_person_name,
    mask_phone,
    mask_value,
)
from citytwin.core.policy import Subject, parse_policy
from citytwin.core.policy_view import PolicyView, restrict_admin, restrict_types
from citytwin.errors import BadRequestData
from citytwin.governance.enforce_policy import default_document

FUTIAN, NANSHAN = "440304", "440305"
POLICY = parse_policy(default_document())


def person(n: int, admin: str, lnglat: tuple[float, float] = (114.0579, 22.5431)) -> Entity:
    e = Entity(f"urn:ngsi-ld:Person:{admin}-{n}", ("Person",))
    e.set("name", prop("欧阳娜娜"))
    e.set("phone", prop("13812345678"))
    e.set("idNumber", prop("440304199001011234"))
    e.set("adminCode", prop(admin))
    e.set("age", prop(81))
    e.set("location", geo({"type": "Point", "coordinates": list(lnglat)}))
    return e


def building(n: int, admin: str) -> Entity:
    e = Entity(f"urn:ngsi-ld:Building:{admin}-{n}", ("Building",))
    e.set("name", prop("平安金融中心"))
    e.set("height", prop(599.1))
    e.set("adminCode", prop(admin))
    return e


def view(subject: Subject, action: str = "read", tenant: str = "") -> PolicyView:
    return PolicyView(POLICY, subject, action, tenant)


ADMIN = Subject("root", roles=frozenset({"administrator"}))
OPERATOR = Subject("ops", roles=frozenset({"city-operator"}))
GRID = Subject("lw", roles=frozenset({"grid-worker"}), area=FUTIAN)
STAFF = Subject("ft", roles=frozenset({"district-staff"}), tenant="futian", area=FUTIAN)
PUBLIC = Subject("anyone")
PARTNER = Subject("p", roles=frozenset({"city-operator", "partner"}))


def test_administrators_are_unrestricted() -> None:
    v = view(ADMIN)
    assert v.unrestricted
    d = v.decide(person(1, FUTIAN))
    assert d is not None and d.everything


@pytest.mark.parametrize(
    ("subject", "entity", "visible", "masked"),
    [
        # operators: grade <= 3 attributes, personal data masked
        (
            OPERATOR,
            person(1, FUTIAN),
            {"name", "phone", "adminCode", "age", "location"},
            {"name", "phone", "location"},
        ),
        # grid workers in their own area: names and phones in clear, the ID number (grade 4) hidden
        (GRID, person(1, FUTIAN), {"name", "phone", "adminCode", "age", "location"}, {"location"}),
        (GRID, person(2, NANSHAN), None, None),
        # district staff read city-level base data of their area, never population
        (STAFF, building(1, FUTIAN), {"name", "height", "adminCode"}, set()),
        (STAFF, building(2, NANSHAN), None, None),
        (STAFF, person(3, FUTIAN), None, None),
        # anyone: grade-1 data only
        (PUBLIC, building(1, FUTIAN), None, None),
        # a partner who is also an operator is denied population data outright
        (PARTNER, person(1, FUTIAN), None, None),
        (PARTNER, building(1, FUTIAN), {"name", "height", "adminCode"}, set()),
    ],
)
def test_decisions(
    subject: Subject, entity: Entity, visible: set[str] | None, masked: set[str] | None
) -> None:
    decision = view(subject).decide(entity)
    if visible is None:
        assert decision is None
        return
    assert decision is not None
    shown = decision.apply(entity)
    assert set(shown.attrs) == visible
    assert {n for n in shown.attrs if decision.mask_kind(n)} == masked
    if "name" in masked:
        assert shown.value("name") == "欧阳**"
    if "phone" in masked:
        assert shown.value("phone") == "138****5678"
    if "phone" in entity.attrs:
        assert entity.value("phone") == "13812345678"  # the stored entity is never changed


def test_the_tenant_and_area_of_the_subject_bind_the_rule() -> None:
    # In its own tenant a district's staff sees population data of its area (grade 3), masked.
    own = PolicyView(POLICY, STAFF, "read", "futian")
    d = own.decide(person(1, FUTIAN))
    assert d is not None and d.mask_kind("name") == "person_name"
    assert own.decide(person(2, NANSHAN)) is None
    # In another district's tenant only the rule for everyone (grade-1 data) is left.
    other = PolicyView(POLICY, STAFF, "read", "nanshan")
    assert [r.id for r in other.allows] == ["public"]
    assert other.decide(building(1, FUTIAN)) is None
    # A district-staff account without an area cannot match "$area" rules at all.
    no_area = Subject("x", roles=frozenset({"district-staff"}), tenant="futian")
    assert [r.id for r in PolicyView(POLICY, no_area, "read", "futian").allows] == ["public"]


def test_write_views() -> None:
    assert view(OPERATOR, "write").decide(building(1, FUTIAN)) is not None
    assert view(OPERATOR, "write").decide(person(1, FUTIAN)) is None  # population is not theirs to write
    assert view(GRID, "write").nothing
    device = Subject("gw-01", kind="device")
    e = Entity("urn:ngsi-ld:AirQualityObserved:futian-01", ("AirQualityObserved",))
    assert view(device, "write").decide(e) is not None
    assert view(device, "write").decide(building(1, FUTIAN)) is None


def test_row_filter_branches_the_store_can_apply() -> None:
    # Grid workers: anything (grade <= 3) in their area, or public data anywhere: two exact branches.
    grid = view(GRID)
    assert grid.exact
    by_area = {b.admin_code: b for b in grid.branches}
    assert set(by_area) == {FUTIAN, None}
    assert by_area[FUTIAN].types is None
    public = by_area[None].types
    assert public is not None and {"City", "Community", "AirQualityObserved"} <= public
    assert "Building" not in public and "Person" not in public
    # District staff in the city tenant: base-data types of their area, or public data.
    staff = view(STAFF)
    area_types = next(b.types for b in staff.branches if b.admin_code == FUTIAN)
    assert area_types is not None and "Building" in area_types and "Person" not in area_types
    # Operators: no type is classified above grade 3, so "grade <= 3" is no filter at all.
    ops = view(OPERATOR)
    assert ops.exact and [b.types for b in ops.branches] == [None]
    assert not view(PARTNER).exact  # an entity-level deny is applied while paging
    assert view(Subject("nobody", kind="device"), "read").branches  # devices read public data too
    assert view(ADMIN).exact and view(ADMIN).branches[0].types is None


def test_always_clear() -> None:
    assert view(GRID).always_clear("age")
    assert not view(GRID).always_clear("idNumber")
    assert not view(OPERATOR).always_clear("phone")
    assert view(ADMIN).always_clear("phone")


def test_polygon_areas() -> None:
    doc: dict[str, Any] = {
        "rules": [
            {
                "id": "futian-cbd",
                "subjects": {"users": ["cbd"]},
                "actions": ["read"],
                "resources": {
                    "area": {
                        "polygon": {
                            "type": "Polygon",
                            "coordinates": [
                                [
                                    [114.05, 22.53],
                                    [114.07, 22.53],
                                    [114.07, 22.55],
                                    [114.05, 22.55],
                                    [114.05, 22.53],
                                ]
                            ],
                        }
                    }
                },
            }
        ]
    }
    v = PolicyView(parse_policy(doc), Subject("cbd"), "read", "")
    (branch,) = v.branches
    assert branch.polygon is not None and branch.polygon.contains(Point(114.06, 22.54))
    assert v.decide(person(1, FUTIAN, (114.0579, 22.5431))) is not None
    assert v.decide(person(2, FUTIAN, (114.10, 22.60))) is None


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"rules": [{"id": "a", "actions": ["steal"]}]}, "unknown action"),
        ({"rules": [{"id": "a", "resources": {"max_grade": 7}}]}, "grade 1..4"),
        ({"rules": [{"id": "a", "resources": {"colour": "red"}}]}, "unknown member"),
        ({"rules": [{"id": "a", "effect": "deny", "clear": "*"}]}, "cannot grant clear"),
        ({"rules": [{"id": "a"}, {"id": "a"}]}, "unique"),
        ({"rules": [{"id": "a", "resources": {"area": {"admin_codes": ["Futian"]}}}]}, "GB/T 2260"),
        ({"rules": "all"}, "must be a list"),
        ({"rules": [], "masking": {"rules": [{"kind": "shoe_size", "attributes": ["x"]}]}}, "kind must be"),
    ],
)
def test_bad_policies_are_rejected_with_the_reason(doc: dict[str, Any], message: str) -> None:
    with pytest.raises(BadRequestData, match=message):
        parse_policy(doc)


def test_the_shipped_policy_loads() -> None:
    ids = {r.id for r in POLICY.rules}
    assert {"administrators", "city-operators", "grid-workers", "public", "partners-no-population"} <= ids
    assert POLICY.classification.grade_of_types(("Person",)) == 3
    assert POLICY.classification.mask_kind("name", ("Person",)) == "person_name"
    assert POLICY.classification.mask_kind("name", ("Building",)) is None


# -- masking ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("440304199001011234", "440304********1234"),
        ("44030419900101123X", "440304********123X"),
        ("AB1234567", "AB*****67"),
    ],
)
def test_id_numbers(value: str, masked: str) -> None:
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138-1234-5678", "+86138****5678"),
        ("0755-86001234", "0755-****1234"),
        ("(0755)86001234", "0755-****1234"),
        ("12345", "*2345"),
    ],
)
def test_phones(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [("张三", "张*"), ("欧阳娜娜", "欧阳**"), ("王小明", "王**"), ("Li Wei", "L* W**"), ("欧阳", "欧*")],
)
def test_names(value: str, masked: str) -> None:
    assert mask_person_name(value) == masked


def test_home_location_is_coarsened_to_a_beidou_cell() -> None:
    home = {"type": "Point", "coordinates": [114.0579, 22.5431]}  # Futian CBD
    masked = mask_home_location(home, 4)
    assert masked is not None and masked["type"] == "Point"
    cell = beidou.decode(beidou.encode(114.0579, 22.5431, 4))
    lng, lat = masked["coordinates"]
    assert cell.west < lng < cell.east and cell.south < lat < cell.north
    assert (lng, lat) == pytest.approx(cell.centre, abs=1e-6)
    # Every home in the same cell gets the same masked location; polygons use their representative point.
    assert mask_home_location({"type": "Point", "coordinates": [114.0581, 22.5440]}, 4) == masked
    assert mask_value("home_location", "not a geometry") == "***"


def test_masking_never_echoes_odd_values() -> None:
    assert mask_value("phone", None) is None
    assert mask_value("person_name", {"zh": "张三", "en": "Zhang San"}) == {"zh": "张*", "en": "Z**** S**"}
    assert mask_value("unknown-kind", "secret") == "***"


def test_type_and_admin_restriction() -> None:
    allowed = frozenset({"Building", "Road"})
    assert restrict_types((), allowed) == (frozenset({"Building"}), frozenset({"Road"}))
    assert restrict_types((frozenset({"Building"}),), allowed) == (frozenset({"Building"}),)
    assert restrict_types((frozenset({"Device"}),), allowed) == (
        frozenset({"Device", "Building"}),
        frozenset({"Device", "Road"}),
    )
    assert restrict_admin(None, FUTIAN) == FUTIAN
    assert restrict_admin("440304007", FUTIAN) == "440304007"
    assert restrict_admin("4403", FUTIAN) == FUTIAN
    assert restrict_admin(NANSHAN, FUTIAN) is None


def test_the_fast_cell_centre_is_the_grid_codes_cell() -> None:
    import random

    from citytwin.core.masking import cell_centre

    rng = random.Random(2025)
    for _ in range(2000):
        lng, lat, level = rng.uniform(-179.9, 179.9), rng.uniform(-87.9, 87.9), rng.randint(1, 10)
        centre = cell_centre(lng, lat, level)
        assert centre == pytest.approx(beidou.decode(beidou.encode(lng, lat, level)).centre, abs=1e-9)
    assert cell_centre(0.0, 89.0, 4) is None
