"""The dataset catalog on both backends: declarations, CRUD, validation, filters, summary."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.governance.catalog import (
    CATEGORIES,
    Catalog,
    DatasetRecord,
    category_info,
    declarations,
    validate,
)
from citytwin.storage.base import Store
from tests.governance.helpers import T0, Clock


def districts() -> DatasetRecord:
    """The real district boundary dataset the demo ships (transbigdata, GCJ-02)."""
    return DatasetRecord(
        id="sz-districts-2021",
        title="深圳市行政区划边界 Shenzhen district boundaries",
        category="spatiotemporal-base",
        subcategory="admin-division",
        grade=1,
        classification="general",
        owner_department="深圳市民政局",
        source="sz-mca",
        update_frequency="yearly",
        crs="gcj02",
        coverage=[113.746, 22.399, 114.624, 22.865],
        admin_codes=["440300"],
        entity_types=["District"],
        record_count=10,
        registered_count=10,
    )


def poi_checkins() -> DatasetRecord:
    """The Weibo check-in POIs (internet open data, not authoritative for names)."""
    return DatasetRecord(
        id="sz-poi-weibo",
        title="微博签到兴趣点",
        category="internet-open-data",
        subcategory="poi",
        grade=1,
        source="sz-poi-checkins",
        authoritative=False,
        update_frequency="once",
        crs="gcj02",
        entity_types=["PointOfInterest"],
        record_count=34_856,
        registered_count=34_855,
        rejected_count=1,
    )


def test_ten_categories_are_declared_with_both_names() -> None:
    decl = declarations()
    assert tuple(decl.categories) == CATEGORIES
    assert len(CATEGORIES) == 10
    assert [c.group for c in decl.categories.values()].count("base") == 5
    population = category_info("population")
    assert (population.zh, population.en) == ("人口数据", "Population")
    assert category_info("iot-sensing").zh == "物联感知数据"
    for cat in decl.categories.values():
        assert cat.zh and cat.en and len(cat.subcategories) >= 3
        assert len({s.id for s in cat.subcategories}) == len(cat.subcategories)
    assert sorted(decl.grades) == [1, 2, 3, 4]
    assert decl.grades[1]["zh"] == "公开" and decl.grades[4]["en"] == "Core"


def test_upsert_get_list_delete(store: Store) -> None:
    catalog = Catalog(store.tenant())
    stored = catalog.upsert(districts())
    assert stored.crs == "GCJ02"  # normalised CRS key
    assert stored.admin_codes == ["4403"]  # canonical GB/T 2260 form
    assert stored.registration_rate == 1.0  # computed from the counts
    catalog.upsert(poi_checkins())
    got = catalog.get("sz-poi-weibo")
    assert got.registration_rate == pytest.approx(34_855 / 34_856)
    assert got.authoritative is False and got.rejected_count == 1
    assert [r.id for r in catalog.list()] == ["sz-districts-2021", "sz-poi-weibo"]
    # Replacing keeps one record per id.
    catalog.upsert(replace(districts(), title="行政区划 2023", record_count=11, registered_count=11))
    assert catalog.get("sz-districts-2021").title == "行政区划 2023"
    assert len(catalog.list()) == 2
    catalog.delete("sz-districts-2021")
    with pytest.raises(ResourceNotFound, match="sz-districts-2021"):
        catalog.get("sz-districts-2021")
    with pytest.raises(ResourceNotFound):
        catalog.delete("sz-districts-2021")


def test_records_are_tenant_scoped(store: Store) -> None:
    Catalog(store.tenant("futian")).upsert(districts())
    assert Catalog(store.tenant()).list() == []
    assert [r.id for r in Catalog(store.tenant("futian")).list()] == ["sz-districts-2021"]


def test_filters_by_category_grade_and_owner(store: Store) -> None:
    catalog = Catalog(store.tenant())
    catalog.upsert(districts())
    catalog.upsert(poi_checkins())
    catalog.upsert(
        DatasetRecord(
            id="sz-resident-population",
            title="实有人口",
            category="population",
            subcategory="resident-population",
            grade=4,
            classification="sensitive-personal",
            owner_department="深圳市公安局",
            source="sz-psb",
        )
    )
    assert [r.id for r in catalog.list(category="population")] == ["sz-resident-population"]
    assert [r.id for r in catalog.list(grade=1)] == ["sz-districts-2021", "sz-poi-weibo"]
    assert [r.id for r in catalog.list(owner="深圳市民政局")] == ["sz-districts-2021"]
    assert catalog.list(category="public-service") == []
    with pytest.raises(BadRequestData, match="unknown data category 'parks'"):
        catalog.list(category="parks")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"category": "weather"}, "unknown data category 'weather'; known: spatiotemporal-base"),
        ({"subcategory": "bim"}, "unknown sub-category 'bim' of spatiotemporal-base"),
        ({"grade": 5}, "grade must be an integer 1..4"),
        ({"grade": 0}, "grade must be an integer 1..4"),
        ({"grade": True}, "grade must be an integer 1..4"),
        ({"classification": "secret"}, "unknown classification 'secret'"),
        ({"update_frequency": "sometimes"}, "update frequency 'sometimes'"),
        ({"crs": "EPSG:999999"}, "unknown coordinate reference system"),
        ({"coverage": [114.6, 22.4, 113.7, 22.9]}, "west<=east"),
        ({"coverage": [113.7, 22.4]}, "coverage must be a WGS84 bbox"),
        ({"admin_codes": ["4403x"]}, "bad character"),
        ({"entity_types": ["Bad Type"]}, "not a valid attribute or type name"),
        ({"record_count": -1}, "recordCount must be a non-negative integer"),
        ({"registered_count": 11}, "registeredCount exceeds recordCount"),
        ({"registration_rate": 1.5}, "registrationRate must be a number in 0..1"),
        ({"id": "has space"}, "dataset id 'has space'"),
        ({"title": "  "}, "title must be a non-empty string"),
    ],
)
def test_validation_names_the_problem(change: dict[str, object], message: str) -> None:
    with pytest.raises(BadRequestData, match=message.replace("(", r"\(").replace("[", r"\[")):
        validate(replace(districts(), **change))  # type: ignore[arg-type]


def test_a_rejected_record_leaves_the_stored_one_alone(store: Store) -> None:
    catalog = Catalog(store.tenant())
    catalog.upsert(districts())
    with pytest.raises(BadRequestData):
        catalog.upsert(replace(districts(), grade=9, title="broken"))
    assert catalog.get("sz-districts-2021").grade == 1


def test_json_form_round_trips_and_rejects_unknown_members() -> None:
    record = validate(replace(districts(), last_update=datetime(2025, 1, 2, 3, 4, tzinfo=UTC)))
    doc = record.to_dict()
    assert doc["ownerDepartment"] == "深圳市民政局" and doc["lastUpdate"] == "2025-01-02T03:04:00Z"
    assert DatasetRecord.from_dict(doc) == record
    with pytest.raises(BadRequestData, match="unknown dataset member 'colour'"):
        DatasetRecord.from_dict({**doc, "colour": "red"})
    with pytest.raises(BadRequestData, match="needs 'category'"):
        DatasetRecord.from_dict({"id": "x", "title": "y"})
    # A naive time is UTC; another zone is converted.
    east8 = timezone(timedelta(hours=8))
    converted = validate(replace(districts(), last_update=datetime(2025, 1, 2, 11, 4, tzinfo=east8)))
    assert converted.last_update == datetime(2025, 1, 2, 3, 4, tzinfo=UTC)


def test_record_import_updates_counts_and_time(store: Store) -> None:
    clock = Clock()
    catalog = Catalog(store.tenant(), clock=clock)
    catalog.upsert(poi_checkins())
    clock.advance(hours=2)
    updated = catalog.record_import("sz-poi-weibo", batch_id="b-1", imported=100, registered=80, rejected=3)
    assert (updated.record_count, updated.registered_count, updated.rejected_count) == (100, 80, 3)
    assert updated.registration_rate == 0.8
    assert updated.last_update == T0 + timedelta(hours=2) and updated.last_batch == "b-1"
    more = catalog.record_import("sz-poi-weibo", batch_id="b-2", imported=50, registered=50, incremental=True)
    assert (more.record_count, more.registered_count) == (150, 130)
    assert catalog.get("sz-poi-weibo").last_batch == "b-2"


def test_summary_covers_every_category(store: Store) -> None:
    catalog = Catalog(store.tenant())
    catalog.upsert(districts())
    catalog.upsert(poi_checkins())
    catalog.upsert(replace(districts(), id="sz-streets", record_count=79, registered_count=0, grade=2))
    summary = catalog.summary()
    rows = {row["category"]: row for row in summary["categories"]}
    assert list(rows) == list(CATEGORIES)
    base = rows["spatiotemporal-base"]
    assert (base["datasets"], base["records"], base["registered"]) == (2, 89, 10)
    assert base["registrationRate"] == pytest.approx(10 / 89)
    assert base["byGrade"] == {"1": 1, "2": 1, "3": 0, "4": 0}
    assert base["name"] == {"zh": "时空基础数据", "en": "Spatio-temporal reference"}
    assert rows["population"]["datasets"] == 0 and rows["population"]["registrationRate"] is None
    assert summary["total"]["datasets"] == 3
    assert summary["total"]["categoriesCovered"] == 2
    assert summary["total"]["records"] == 89 + 34_856
