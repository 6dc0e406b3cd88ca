"""Which reader opens a file: by ``--format``, else by its name (and a look inside JSON files)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from citytwin.errors import BadRequestData
from citytwin.ingest.importers.model import ImportOptions, Reader

FORMATS = ("geojson", "gpkg", "shapefile", "csv", "excel", "cityjson", "ifc", "osm", "dem")
_SUFFIXES = {
    ".geojson": "geojson",
    ".gpkg": "gpkg",
    ".shp": "shapefile",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".cityjson": "cityjson",
    ".jsonl": "cityjson",
    ".ifc": "ifc",
    ".osm": "osm",
    ".pbf": "osm",
    ".bz2": "osm",
    ".tif": "dem",
    ".tiff": "dem",
}
_SNIFF = 4096


def detect(path: Path) -> str:
    """The format of a file from its name (``.json`` files are told apart by their content)."""
    name = path.name.lower()
    if name.endswith((".city.json", ".city.jsonl")):
        return "cityjson"
    suffix = path.suffix.lower()
    if suffix == ".json":
        with path.open("rb") as fh:
            head = fh.read(_SNIFF).decode("utf-8", errors="ignore")
        return "cityjson" if '"CityJSON' in head else "geojson"
    found = _SUFFIXES.get(suffix)
    if found is None:
        raise BadRequestData(
            f"cannot tell the format of {path.name} from its name; give --format, one of {', '.join(FORMATS)}"
        )
    return found


def _vector(path: Path, options: ImportOptions) -> Reader:
    from citytwin.ingest.importers.vector import VectorReader

    return VectorReader(path, options)


def _csv(path: Path, options: ImportOptions) -> Reader:
    from citytwin.ingest.importers.tabular import read_csv

    return read_csv(path, options)


def _excel(path: Path, options: ImportOptions) -> Reader:
    from citytwin.ingest.importers.tabular import read_excel

    return read_excel(path, options)


def _cityjson(path: Path, options: ImportOptions) -> Reader:
    from citytwin.ingest.importers.cityjson import CityJSONReader

    return CityJSONReader(path, options)


def _ifc(path: Path, options: ImportOptions) -> Reader:
    from citytwin.ingest.importers.ifc import IFCReader

    return IFCReader(path, options)


def _osm(path: Path, options: ImportOptions) -> Reader:
    from citytwin.ingest.importers.osm import OSMReader

    return OSMReader(path, options)


def _dem(path: Path, options: ImportOptions) -> Reader:
    from citytwin.ingest.importers.dem import DEMReader

    return DEMReader(path, options)


_OPENERS: dict[str, Callable[[Path, ImportOptions], Reader]] = {
    "geojson": _vector,
    "gpkg": _vector,
    "shapefile": _vector,
    "csv": _csv,
    "excel": _excel,
    "cityjson": _cityjson,
    "ifc": _ifc,
    "osm": _osm,
    "dem": _dem,
}


def open_reader(path: Path, options: ImportOptions) -> Reader:
    """Open ``path`` with the reader of its format (BadRequestData naming the problem if it cannot)."""
    if not path.exists():
        raise BadRequestData(f"no such file: {path}")
    if not path.is_file():
        raise BadRequestData(f"not a file: {path}")
    fmt = (options.format or detect(path)).lower()
    opener = _OPENERS.get(fmt)
    if opener is None:
        raise BadRequestData(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    reader = opener(path, options)
    reader.format = reader.format or fmt
    return reader
