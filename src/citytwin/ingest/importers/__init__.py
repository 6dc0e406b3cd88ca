"""File importers: GeoJSON, GeoPackage, Shapefile, CSV, Excel, CityJSON, IFC, OpenStreetMap and DEM GeoTIFF.

:func:`run_import` runs the all-or-nothing pipeline (read → convert → validate → map → register → govern →
write) and returns an :class:`ImportReport`; see ``docs/importing.md``.
"""

from citytwin.ingest.importers.formats import FORMATS, detect
from citytwin.ingest.importers.model import ImportOptions, Progress, QCIssue, SourceRecord
from citytwin.ingest.importers.pipeline import run_import
from citytwin.ingest.importers.report import ImportFailed, ImportReport

__all__ = [
    "FORMATS",
    "ImportFailed",
    "ImportOptions",
    "ImportReport",
    "Progress",
    "QCIssue",
    "SourceRecord",
    "detect",
    "run_import",
]
