"""The query model shared by every store: a small AST the NGSI-LD ``q`` parser produces and stores compile.

Entity queries combine id, type, attribute, geo, scope, level, grid-code and administrative filters with a
stable order (by entity id) and limit/offset paging. Stores must give the same answers; the contract tests
in tests/storage check that against both backends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

from shapely.geometry.base import BaseGeometry

from citytwin.core.entities import LOCATION
from citytwin.core.levels import ModelLevel
from citytwin.errors import BadRequestData

Scalar = str | int | float | bool | datetime


@dataclass(frozen=True, slots=True)
class Range:
    """An inclusive range ``low..high`` (q language ``attr==1..5``)."""

    low: Scalar
    high: Scalar


CompareOp = Literal["==", "!=", ">", ">=", "<", "<=", "~=", "!~="]


@dataclass(frozen=True, slots=True)
class Compare:
    """``attr[.sub...][[key...]] op value``.

    ``path`` names the attribute and then sub-attributes (``temperature.accuracy``); ``keys`` walks into a
    compound JSON value (``address[city]``). ``value`` is a scalar, a tuple (any of), or a Range.
    ``~=`` is a regular-expression match on strings. With ``==`` a JSON array value matches when any item
    matches. An entity matches when any instance of the attribute matches.
    """

    path: tuple[str, ...]
    op: CompareOp
    value: Scalar | tuple[Scalar, ...] | Range
    keys: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Exists:
    """The attribute (or sub-attribute / compound key) is present."""

    path: tuple[str, ...]
    keys: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Not:
    """Negation (q language ``!attr`` is ``Not(Exists(...))``)."""

    item: Predicate


@dataclass(frozen=True, slots=True)
class And:
    """All items hold (q language ``;``)."""

    items: tuple[Predicate, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Any item holds (q language ``|``)."""

    items: tuple[Predicate, ...]


Predicate = Compare | Exists | Not | And | Or


class GeoRel(StrEnum):
    """NGSI-LD geo relations. ``within``: entity within the query geometry; ``contains``: the reverse."""

    NEAR = "near"
    WITHIN = "within"
    CONTAINS = "contains"
    INTERSECTS = "intersects"
    OVERLAPS = "overlaps"
    DISJOINT = "disjoint"
    EQUALS = "equals"


@dataclass(frozen=True, slots=True)
class GeoFilter:
    """A geo-query: relation of the entity's ``geoproperty`` to ``geometry`` (lng/lat, WGS84).

    For ``near`` give ``max_distance`` and/or ``min_distance`` in metres (geodesic, to the nearest point of
    the entity geometry).
    """

    rel: GeoRel
    geometry: BaseGeometry
    max_distance: float | None = None
    min_distance: float | None = None
    geoproperty: str = LOCATION

    def __post_init__(self) -> None:
        if self.rel is GeoRel.NEAR and self.max_distance is None and self.min_distance is None:
            raise BadRequestData("georel near needs maxDistance or minDistance")
        for d in (self.max_distance, self.min_distance):
            if d is not None and d < 0:
                raise BadRequestData(f"distance {d} must not be negative")


TypeExpr = tuple[frozenset[str], ...]
"""Type expression in disjunctive normal form: the entity matches if it has all types of any one set."""


@dataclass(frozen=True, slots=True)
class EntityQuery:
    """A query over entities. Empty filters match everything. Results are ordered by entity id."""

    ids: tuple[str, ...] = ()
    id_pattern: str | None = None
    types: TypeExpr = ()
    q: Predicate | None = None
    geo: GeoFilter | None = None
    scopes: tuple[str, ...] = ()
    """Scope prefixes: ``/Shenzhen`` matches ``/Shenzhen`` and ``/Shenzhen/Futian`` (any of)."""
    levels: tuple[ModelLevel, ...] = ()
    grid_prefix: str | None = None
    """BeiDou grid code of a cell at any level: entities whose reference point lies in that cell."""
    admin_code: str | None = None
    """GB/T 2260 code: entities whose ``adminCode`` is that area or inside it (prefix match)."""
    attrs: tuple[str, ...] = ()
    """Only these attributes in the result (empty: all)."""
    limit: int = 100
    offset: int = 0
    count: bool = False
    expired_at: datetime | None = None
    """Only transient entities whose ``expiresAt`` is at or before this instant (what the sweeper purges)."""
    live_at: datetime | None = None
    """Leaves out transient entities whose ``expiresAt`` is at or before this instant: gone for readers (4.22)
    though not yet purged."""

    def __post_init__(self) -> None:
        if self.limit < 0 or self.offset < 0:
            raise BadRequestData("limit and offset must not be negative")


@dataclass(slots=True)
class QueryResult:
    """A page of entities, plus the total count when asked for."""

    entities: list[Any]
    count: int | None = None


def types_of(*names: str) -> TypeExpr:
    """A type expression matching any of ``names``."""
    return tuple(frozenset({n}) for n in names)


# -- temporal --------------------------------------------------------------------------------------------


class TimeRel(StrEnum):
    """NGSI-LD ``timerel``."""

    BEFORE = "before"
    AFTER = "after"
    BETWEEN = "between"


class TimeProperty(StrEnum):
    """NGSI-LD ``timeproperty``: which time of each attribute instance a temporal window selects on."""

    OBSERVED_AT = "observedAt"
    CREATED_AT = "createdAt"
    MODIFIED_AT = "modifiedAt"
    DELETED_AT = "deletedAt"


class Aggregate(StrEnum):
    """NGSI-LD temporal aggregation methods."""

    TOTAL_COUNT = "totalCount"
    DISTINCT_COUNT = "distinctCount"
    SUM = "sum"
    AVG = "avg"
    MIN = "min"
    MAX = "max"
    STDDEV = "stddev"
    SUMSQ = "sumsq"


@dataclass(frozen=True, slots=True)
class AttributeInstance:
    """One historical value of an attribute of an entity, as kept in attribute history."""

    entity_id: str
    attr: str
    observed_at: datetime
    value: Any
    dataset_id: str | None = None
    entity_type: str | None = None
    unit_code: str | None = None
    instance_id: str | None = None
    """A stable id; the stores ignore a second append of the same (entity, attr, instance_id)."""
    created_at: datetime | None = None
    """When the attribute (this datasetId) was created in the broker; None where history did not record it
    (rows from before schema version 7, bulk ingest rows), which then reads as ``observed_at``."""
    modified_at: datetime | None = None
    """When this instance was written to the broker (None: as ``created_at``)."""

    def time_of(self, prop: TimeProperty) -> datetime:
        """The instance's time for a ``timeproperty`` (deletions keep theirs in ``observed_at``)."""
        if prop is TimeProperty.CREATED_AT:
            return self.created_at or self.observed_at
        if prop is TimeProperty.MODIFIED_AT:
            return self.modified_at or self.observed_at
        return self.observed_at


@dataclass(frozen=True, slots=True)
class HistoryQuery:
    """Which history to read: entities, attributes, a time window, and the newest N per attribute."""

    entity_ids: tuple[str, ...] = ()
    attrs: tuple[str, ...] = ()
    timerel: TimeRel | None = None
    time_at: datetime | None = None
    end_time_at: datetime | None = None
    last_n: int | None = None
    dataset_id: str | None = field(default=None)
    time_property: TimeProperty = TimeProperty.OBSERVED_AT
    """The instance time the window (and ``last_n``, and the order) is on; deletedAt is observedAt's."""

    def __post_init__(self) -> None:
        if self.timerel is not None and self.time_at is None:
            raise BadRequestData("timerel needs timeAt")
        if self.timerel is TimeRel.BETWEEN and self.end_time_at is None:
            raise BadRequestData("timerel=between needs endTimeAt")
        if self.last_n is not None and self.last_n < 1:
            raise BadRequestData("lastN must be a positive integer")

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """The half-open window ``[start, end)`` the timerel describes."""
        if self.timerel is TimeRel.BEFORE:
            return None, self.time_at
        if self.timerel is TimeRel.AFTER:
            return self.time_at, None
        if self.timerel is TimeRel.BETWEEN:
            return self.time_at, self.end_time_at
        return None, None


@dataclass(frozen=True, slots=True)
class AggregateQuery:
    """Aggregate history values per period (``aggrPeriodDuration``); no period means one bucket."""

    history: HistoryQuery
    methods: tuple[Aggregate, ...]
    period: timedelta | None = None

    def __post_init__(self) -> None:
        if not self.methods:
            raise BadRequestData("aggrMethods must name at least one method")
        if self.period is not None and self.period <= timedelta(0):
            raise BadRequestData("aggrPeriodDuration must be positive")


@dataclass(frozen=True, slots=True)
class AggregateBucket:
    """Aggregated values of one attribute over ``[start, end)``."""

    entity_id: str
    attr: str
    start: datetime
    end: datetime
    values: dict[Aggregate, float | int | None]
