"""What readers hand to the import pipeline, the options of an import and its progress events."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shapely.geometry.base import BaseGeometry

from citytwin.core.entities import Attribute
from citytwin.core.levels import ModelLevel

if TYPE_CHECKING:
    from citytwin.ingest.importers.relationships import RelationshipRule

CHUNK = 20_000
"""Records per batch through the pipeline: large enough for vectorised steps, small enough for memory (each
row in flight holds some 10 KB of records, entities and documents; 20,000 cost no more CPU than 50,000)."""


@dataclass(slots=True)
class Link:
    """A relationship to another record of the same import, named by that record's native id."""

    native_id: str
    entity_type: str | None = None
    """The target's entity type (None: the import's ``--as`` type)."""


@dataclass(slots=True)
class SourceRecord:
    """One row or feature of a source file, as its reader understood it."""

    row: int
    """Where it is in the source: 1-based row or feature number (STEP instance number for IFC)."""
    geometry: BaseGeometry | None = None
    """In the source CRS; None for rows without coordinates (an address may place them)."""
    properties: dict[str, Any] = field(default_factory=dict)
    """Plain values, already of their proper type (None / NaN values are left out on the way in)."""
    native_id: str | None = None
    """The source's own stable id (``osm:way/12``, an IFC GlobalId ...); None: the row number keys it."""
    entity_type: str | None = None
    """Overrides the import's ``--as`` type (IFC storeys, OSM roads ...)."""
    level: ModelLevel | None = None
    links: dict[str, Link] = field(default_factory=dict)
    """Relationships to other records of this import (``partOf``, ``fromNode`` ...)."""
    attributes: dict[str, Attribute] = field(default_factory=dict)
    """Ready-made attributes (values with units, JSON structures) added as they are."""
    address: str | None = None
    problem: str | None = None
    """Why the reader could not use this row: the pipeline rejects it with this reason."""


@dataclass(slots=True)
class QCIssue:
    """A model-quality finding (IFC checks): what, where, and how serious."""

    check: str
    message: str
    severity: str = "warning"
    row: int | None = None
    ref: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        out: dict[str, Any] = {"check": self.check, "severity": self.severity, "message": self.message}
        if self.row is not None:
            out["row"] = self.row
        if self.ref is not None:
            out["ref"] = self.ref
        return out


class Reader(ABC):
    """A source file opened for reading: its format, declared CRS and records in batches."""

    format: str = ""
    crs: str | None = None
    """The CRS of the geometries the reader yields (None: not declared; ``--crs`` or WGS84 then)."""
    native_crs: str | None = None
    """The file's own CRS when the reader converted its geometries itself (IFC map coordinates)."""
    total: int | None = None
    """How many rows it has, when known before reading them."""
    default_type: str | None = None
    """The entity type used when ``--as`` is not given (None: ``--as`` is required)."""
    id_namespace: str | None = None
    """Set when native ids name the object beyond this file (``openstreetmap`` ids, ``ifc`` GlobalIds): the
    same object from another dataset or source is the same twin. Otherwise native ids are dataset-scoped."""
    requires_location: bool = False
    """Rows without coordinates or an address are rejected (tables with coordinate columns)."""

    def __init__(self) -> None:
        self.qc: list[QCIssue] = []
        self.warnings: list[str] = []
        self.metadata: dict[str, Any] = {}
        self.columns: dict[str, str] = {}
        """Source column → attribute name, for formats with columns (``--id-column`` names a column)."""

    @abstractmethod
    def records(self, chunk: int = CHUNK) -> Iterator[list[SourceRecord]]:
        """The records in batches of at most ``chunk``."""

    def cleanup(self, committed: bool) -> None:  # noqa: B027 - most formats have nothing to undo
        """Undo side effects outside the store (copied files) when the import did not commit."""


@dataclass(frozen=True, slots=True)
class Progress:
    """One progress event: the stage and how far it got."""

    stage: str
    done: int
    total: int | None = None
    message: str = ""


ProgressCallback = Callable[[Progress], None]


@dataclass(slots=True)
class ImportOptions:
    """Everything an import is told besides the file (the CLI's options)."""

    category: str
    entity_type: str | None = None
    crs: str | None = None
    source: str | None = None
    dataset: str | None = None
    title: str | None = None
    id_column: str | None = None
    lng_column: str | None = None
    lat_column: str | None = None
    address_column: str | None = None
    level: ModelLevel | None = None
    format: str | None = None
    layer: str | None = None
    sheet: str | None = None
    encoding: str | None = None
    strict: bool = False
    max_rejects: int | float | None = None
    """Abort when rejects exceed this count (int) or this share of rows read (float in [0, 1))."""
    owner_code: str = "440300"
    """GB/T 2260 code of the registering area, the admin part of generated city codes."""
    raster_dir: Path | None = None
    """Where DEM rasters are kept for the flood engine (default ``var/rasters``)."""
    grade: int | None = None
    owner_department: str | None = None
    update_frequency: str | None = None
    subcategory: str | None = None
    relationships: Sequence[str | RelationshipRule] = ()
    """Columns that become Relationships: ``COLUMN=relName[:TargetType]`` strings or rules."""
    check_targets: bool = False
    """Reject rows whose relationship targets are neither in the store nor in this import."""
    extra: dict[str, Any] = field(default_factory=dict)
