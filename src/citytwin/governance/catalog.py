"""The data resource catalogue (数据资源目录): every dataset with its category, grade, owner and figures.

Categories, grades, classifications and update frequencies are declared data in
``citytwin/data/governance/categories.yaml``; :class:`Catalog` keeps one :class:`DatasetRecord` per dataset as
a store document (kind ``dataset``) in the tenant's store and validates each against the declarations.
"""

from __future__ import annotations

import builtins
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from citytwin.core.codes import admin
from citytwin.core.crs import parse_crs
from citytwin.core.entities import check_name
from citytwin.core.timeutil import Clock, format_instant, parse_instant, utc_now
from citytwin.errors import BadRequestData, CitytwinError, ResourceNotFound
from citytwin.storage.base import TenantStore

DATASET_KIND = "dataset"
"""Store document kind of catalogue records."""

CATEGORIES: tuple[str, ...] = (
    "spatiotemporal-base",
    "space-2d3d",
    "population",
    "legal-person",
    "city-entity",
    "economic-operation",
    "public-management",
    "public-service",
    "iot-sensing",
    "internet-open-data",
)
"""The ten data categories, base data first; names and sub-categories are in categories.yaml."""

GRADES = (1, 2, 3, 4)
"""Sensitivity grades: 1 public, 2 internal, 3 sensitive, 4 core."""

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,127}$")
_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
_PAGE = 1000


@dataclass(frozen=True, slots=True)
class Subcategory:
    """A sub-category of a data category."""

    id: str
    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class Category:
    """One of the ten data categories: base or thematic, with Chinese and English names."""

    id: str
    group: str
    zh: str
    en: str
    subcategories: tuple[Subcategory, ...]

    def subcategory(self, sub_id: str) -> Subcategory | None:
        """The sub-category with that id, if declared."""
        return next((s for s in self.subcategories if s.id == sub_id), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (API and CLI)."""
        return {
            "id": self.id,
            "group": self.group,
            "name": {"zh": self.zh, "en": self.en},
            "subcategories": [{"id": s.id, "name": {"zh": s.zh, "en": s.en}} for s in self.subcategories],
        }


@dataclass(frozen=True, slots=True)
class Declarations:
    """Everything categories.yaml declares."""

    categories: dict[str, Category]
    groups: dict[str, dict[str, str]]
    grades: dict[int, dict[str, str]]
    classifications: dict[str, dict[str, str]]
    update_frequencies: frozenset[str]

    def to_dict(self) -> dict[str, Any]:
        """JSON form: categories in declared order, grades, classifications, update frequencies."""
        return {
            "categories": [c.to_dict() for c in self.categories.values()],
            "groups": self.groups,
            "grades": [{"level": level, **info} for level, info in self.grades.items()],
            "classifications": [{"id": key, **info} for key, info in self.classifications.items()],
            "updateFrequencies": sorted(self.update_frequencies),
        }


@cache
def declarations() -> Declarations:
    """The packaged declarations (read once)."""
    raw = yaml.safe_load(files("citytwin.data").joinpath("governance/categories.yaml").read_text("utf-8"))
    categories = {
        c["id"]: Category(
            id=c["id"],
            group=c["group"],
            zh=c["zh"],
            en=c["en"],
            subcategories=tuple(Subcategory(s["id"], s["zh"], s["en"]) for s in c["subcategories"]),
        )
        for c in raw["categories"]
    }
    if tuple(categories) != CATEGORIES:
        raise RuntimeError("categories.yaml does not declare the ten categories in CATEGORIES order")
    return Declarations(
        categories=categories,
        groups={k: dict(v) for k, v in raw["groups"].items()},
        grades={g["level"]: {k: str(v) for k, v in g.items() if k != "level"} for g in raw["grades"]},
        classifications={c["id"]: {"zh": c["zh"], "en": c["en"]} for c in raw["classifications"]},
        update_frequencies=frozenset(raw["update_frequencies"]),
    )


def category_info(category_id: str) -> Category:
    """The declared category (BadRequestData naming the known ones when unknown)."""
    found = declarations().categories.get(category_id)
    if found is None:
        raise BadRequestData(f"unknown data category {category_id!r}; known: {', '.join(CATEGORIES)}")
    return found


@dataclass(slots=True)
class DatasetRecord:
    """One catalogued dataset (数据资源): what it is, who owns it, how sensitive, how complete."""

    id: str
    title: str
    category: str
    subcategory: str | None = None
    grade: int = 1
    """1 public .. 4 core/sensitive."""
    classification: str | None = None
    owner_department: str | None = None
    source: str | None = None
    """The source name this dataset came from (a department or system)."""
    authoritative: bool = True
    update_frequency: str | None = None
    crs: str | None = None
    coverage: list[float] | None = None
    """WGS84 bounding box [west, south, east, north]."""
    admin_codes: list[str] = field(default_factory=list)
    entity_types: list[str] = field(default_factory=list)
    record_count: int = 0
    registered_count: int = 0
    rejected_count: int = 0
    registration_rate: float | None = None
    last_update: datetime | None = None
    last_batch: str | None = None
    standard: dict[str, Any] = field(default_factory=dict)
    """Units, code lists and formats the dataset follows."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON document (camelCase, as stored and served)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, datetime):
                value = format_instant(value)
            out[_CAMEL[f.name]] = value
        return out

    @classmethod
    def from_dict(cls, data: Any) -> DatasetRecord:
        """Parse the JSON form (camelCase or snake_case keys); unknown keys are an error."""
        if not isinstance(data, Mapping):
            raise BadRequestData(f"a dataset record must be a JSON object, got {type(data).__name__}")
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            name = _SNAKE.get(key, key if key in _CAMEL else None)
            if name is None:
                raise BadRequestData(f"unknown dataset member {key!r}; known: {', '.join(_CAMEL.values())}")
            kwargs[name] = value
        for required in ("id", "title", "category"):
            if required not in kwargs:
                raise BadRequestData(f"a dataset record needs {required!r}")
        if isinstance(kwargs.get("last_update"), str):
            kwargs["last_update"] = parse_instant(kwargs["last_update"])
        return cls(**kwargs)


_CAMEL = {f.name: re.sub(r"_([a-z])", lambda m: m.group(1).upper(), f.name) for f in fields(DatasetRecord)}
_SNAKE = {camel: snake for snake, camel in _CAMEL.items()}


def validate(record: DatasetRecord) -> DatasetRecord:
    """A checked, normalised copy of ``record``; BadRequestData says what is wrong."""
    if not isinstance(record.id, str) or not _ID.match(record.id):
        raise BadRequestData(
            f"dataset id {record.id!r} must be 1-128 letters, digits, '.', '_', ':' or '-' "
            "starting with a letter or digit"
        )
    where = f"dataset {record.id}"
    if not isinstance(record.title, str) or not record.title.strip():
        raise BadRequestData(f"{where}: title must be a non-empty string")
    cat = category_info(record.category if isinstance(record.category, str) else repr(record.category))
    if record.subcategory is not None and cat.subcategory(record.subcategory) is None:
        known = ", ".join(s.id for s in cat.subcategories)
        raise BadRequestData(
            f"{where}: unknown sub-category {record.subcategory!r} of {cat.id}; known: {known}"
        )
    if isinstance(record.grade, bool) or not isinstance(record.grade, int) or record.grade not in GRADES:
        raise BadRequestData(
            f"{where}: grade must be an integer 1..4 (1 public .. 4 core), got {record.grade!r}"
        )
    decl = declarations()
    if record.classification is not None and record.classification not in decl.classifications:
        known = ", ".join(decl.classifications)
        raise BadRequestData(f"{where}: unknown classification {record.classification!r}; known: {known}")
    for name in ("owner_department", "source", "last_batch"):
        value = getattr(record, name)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise BadRequestData(f"{where}: {_CAMEL[name]} must be a non-empty string")
    if not isinstance(record.authoritative, bool):
        raise BadRequestData(f"{where}: authoritative must be true or false")
    freq = record.update_frequency
    if freq is not None and freq not in decl.update_frequencies and not _DURATION.match(str(freq)):
        known = ", ".join(sorted(decl.update_frequencies))
        raise BadRequestData(
            f"{where}: update frequency {freq!r} is neither one of {known} nor an ISO 8601 duration"
        )
    crs = _crs(where, record.crs)
    counts = {}
    for name in ("record_count", "registered_count", "rejected_count"):
        value = getattr(record, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise BadRequestData(f"{where}: {_CAMEL[name]} must be a non-negative integer, got {value!r}")
        counts[name] = value
    if counts["registered_count"] > counts["record_count"]:
        raise BadRequestData(f"{where}: registeredCount exceeds recordCount")
    rate = record.registration_rate
    if rate is None:
        rate = counts["registered_count"] / counts["record_count"] if counts["record_count"] else None
    elif isinstance(rate, bool) or not isinstance(rate, int | float) or not 0.0 <= rate <= 1.0:
        raise BadRequestData(f"{where}: registrationRate must be a number in 0..1, got {rate!r}")
    if not isinstance(record.standard, dict):
        raise BadRequestData(f"{where}: standard must be an object (units, code lists, format)")
    last = record.last_update
    if last is not None:
        if not isinstance(last, datetime):
            raise BadRequestData(f"{where}: lastUpdate must be a date-time")
        last = last.replace(tzinfo=UTC) if last.tzinfo is None else last.astimezone(UTC)
    return replace(
        record,
        title=record.title.strip(),
        crs=crs,
        coverage=_coverage(where, record.coverage),
        admin_codes=_admin_codes(where, record.admin_codes),
        entity_types=_entity_types(where, record.entity_types),
        registration_rate=None if rate is None else float(rate),
        last_update=last,
    )


def _crs(where: str, value: Any) -> str | None:
    if value is None:
        return None
    try:
        return parse_crs(value)
    except CitytwinError as err:
        raise BadRequestData(f"{where}: {err.detail}") from None


def _coverage(where: str, value: Any) -> list[float] | None:
    if value is None:
        return None
    ok = isinstance(value, list | tuple) and len(value) == 4
    box = [float(v) for v in value] if ok and all(_number(v) for v in value) else []
    if not box or not all(math.isfinite(v) for v in box):
        raise BadRequestData(f"{where}: coverage must be a WGS84 bbox [west, south, east, north]")
    west, south, east, north = box
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise BadRequestData(f"{where}: coverage {box} is not a WGS84 bbox with west<=east and south<=north")
    return box


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _admin_codes(where: str, value: Any) -> list[str]:
    if not isinstance(value, list | tuple):
        raise BadRequestData(f"{where}: adminCodes must be a list of GB/T 2260 codes")
    try:
        return list(dict.fromkeys(admin.normalize(code) for code in value))
    except CitytwinError as err:
        raise BadRequestData(f"{where}: {err.detail}") from None


def _entity_types(where: str, value: Any) -> list[str]:
    if not isinstance(value, list | tuple):
        raise BadRequestData(f"{where}: entityTypes must be a list of type names")
    try:
        return list(dict.fromkeys(check_name(t) for t in value))
    except CitytwinError as err:
        raise BadRequestData(f"{where}: {err.detail}") from None


class Catalog:
    """The tenant's dataset catalogue, kept as store documents."""

    def __init__(self, tenant: TenantStore, *, clock: Clock = utc_now) -> None:
        self.tenant = tenant
        self.clock = clock

    def upsert(self, record: DatasetRecord) -> DatasetRecord:
        """Validate and store a record (replacing one with the same id); returns the stored form."""
        checked = validate(record)
        self.tenant.put_document(DATASET_KIND, checked.id, checked.to_dict())
        return checked

    def get(self, dataset_id: str) -> DatasetRecord:
        """The record of a dataset (raises ResourceNotFound)."""
        try:
            doc = self.tenant.get_document(DATASET_KIND, dataset_id)
        except ResourceNotFound:
            raise ResourceNotFound(f"dataset {dataset_id!r} is not in the catalog") from None
        return DatasetRecord.from_dict(doc)

    def exists(self, dataset_id: str) -> bool:
        """Whether the dataset is catalogued."""
        try:
            self.tenant.get_document(DATASET_KIND, dataset_id)
        except ResourceNotFound:
            return False
        return True

    def delete(self, dataset_id: str) -> None:
        """Remove a dataset from the catalogue (raises ResourceNotFound)."""
        try:
            self.tenant.delete_document(DATASET_KIND, dataset_id)
        except ResourceNotFound:
            raise ResourceNotFound(f"dataset {dataset_id!r} is not in the catalog") from None

    def list(
        self,
        *,
        category: str | None = None,
        grade: int | None = None,
        owner: str | None = None,
        source: str | None = None,
    ) -> builtins.list[DatasetRecord]:
        """Records ordered by id, filtered by category, grade, owner department and source (all optional)."""
        if category is not None:
            category_info(category)  # an unknown category is an error, not an empty list
        if grade is not None and grade not in GRADES:
            raise BadRequestData(f"grade must be 1..4, got {grade!r}")
        out = []
        for record in self._all():
            if category is not None and record.category != category:
                continue
            if grade is not None and record.grade != grade:
                continue
            if owner is not None and record.owner_department != owner:
                continue
            if source is not None and record.source != source:
                continue
            out.append(record)
        return out

    def _all(self) -> builtins.list[DatasetRecord]:
        out: builtins.list[DatasetRecord] = []
        offset = 0
        while True:
            page = self.tenant.list_documents(DATASET_KIND, limit=_PAGE, offset=offset)
            out.extend(DatasetRecord.from_dict(doc) for _, doc in page)
            if len(page) < _PAGE:
                return out
            offset += _PAGE

    def record_import(
        self,
        dataset_id: str,
        *,
        batch_id: str,
        imported: int,
        registered: int,
        rejected: int = 0,
        at: datetime | None = None,
        incremental: bool = False,
    ) -> DatasetRecord:
        """Update a record's counts after an import (a full refresh unless ``incremental``)."""
        record = self.get(dataset_id)
        if incremental:
            imported += record.record_count
            registered += record.registered_count
            rejected += record.rejected_count
        updated = replace(
            record,
            record_count=imported,
            registered_count=registered,
            rejected_count=rejected,
            registration_rate=None,  # recomputed from the counts
            last_update=at if at is not None else self.clock(),
            last_batch=batch_id,
        )
        return self.upsert(updated)

    def summary(self) -> dict[str, Any]:
        """Per category (all ten, in order): datasets, records, registered records and registration rate."""
        decl = declarations()
        counts = {cid: {"datasets": 0, "records": 0, "registered": 0, "rejected": 0} for cid in CATEGORIES}
        grades = {cid: dict.fromkeys((str(g) for g in GRADES), 0) for cid in CATEGORIES}
        for record in self._all():
            row = counts[record.category]
            row["datasets"] += 1
            row["records"] += record.record_count
            row["registered"] += record.registered_count
            row["rejected"] += record.rejected_count
            grades[record.category][str(record.grade)] += 1
        rows = [
            {
                "category": cid,
                "name": {"zh": c.zh, "en": c.en},
                "group": c.group,
                **counts[cid],
                "registrationRate": _rate(counts[cid]),
                "byGrade": grades[cid],
            }
            for cid, c in decl.categories.items()
        ]
        total = {k: sum(row[k] for row in counts.values()) for k in ("datasets", "records", "registered")}
        return {
            "categories": rows,
            "total": {
                **total,
                "registrationRate": _rate(total),
                "categoriesCovered": sum(1 for row in counts.values() if row["datasets"]),
            },
        }


def _rate(counts: Mapping[str, int]) -> float | None:
    return counts["registered"] / counts["records"] if counts["records"] else None
