"""Entities out to files: GeoJSON, NDJSON, CSV and GeoPackage, streamed, with the SHA-256 of what was written.

The one writer of entity files (``citytwin export``, ``GET /export``, share-agreement exports). The entities
come already filtered and masked by whoever read them (:mod:`citytwin.governance.export`,
:mod:`citytwin.governance.sharing_export`). :func:`write_entities` writes one format;
:func:`write_formats` writes several from one pass over the entities:

* ``ndjson``: one normalized NGSI-LD entity per line (stored attribute names), the lossless form.
* ``geojson``: a FeatureCollection; each entity is a Feature with its ``id``, its ``location`` as geometry
  and, as properties, ``type`` and the default instance's value of every other attribute.
* ``csv``: one row per entity: ``id``, ``type``, one column per attribute (the default instance's value;
  objects and arrays as JSON text) and ``location`` as GeoJSON text last.
* ``gpkg``: the same columns in a GeoPackage layer, ``location`` as the geometry (EPSG:4326); integer,
  real or text columns by the values met.

NDJSON and GeoJSON stream as the entities come; CSV and GeoPackage need every column before the first row,
so their rows are staged in a temporary file first (once, however many of them are written). Memory stays
flat. A file target is written under a hidden temporary name and renamed when every format is complete, so
a failed export leaves no partial file behind.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final

import msgspec
import numpy as np
import pyogrio
import shapely

from citytwin.core.entities import LOCATION, AttrType, Entity
from citytwin.errors import BadRequestData

FORMATS: Final = ("geojson", "ndjson", "csv", "gpkg")
MEDIA_TYPES: Final = {
    "geojson": "application/geo+json",
    "ndjson": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "gpkg": "application/geopackage+sqlite3",
}
STAGED: Final = frozenset({"csv", "gpkg"})
"""Formats written from the staged rows (they need every column first)."""
CHUNK: Final = 10_000
"""Rows per GeoPackage write."""
_ENCODE = msgspec.json.Encoder().encode
_ROW = msgspec.json.Decoder(tuple[str, str, dict[str, Any], str | None]).decode
Target = Path | IO[bytes]


@dataclass(slots=True)
class Written:
    """What one export wrote: how many entities, which attributes, how many bytes and their SHA-256."""

    format: str
    count: int = 0
    attributes: list[str] = field(default_factory=list)
    bytes: int = 0
    sha256: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "format": self.format,
            "entities": self.count,
            "attributes": self.attributes,
            "bytes": self.bytes,
            "sha256": self.sha256,
        }


class _Hashing(io.RawIOBase):
    """A binary writer that counts and hashes what passes through to ``out``."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.digest.update(chunk)
        self.size += len(chunk)
        self.out.write(chunk)
        return len(chunk)


def cell(entity: Entity, name: str) -> Any:
    """The default instance's value of an attribute (first instance if none is the default), or None."""
    inst = entity.attr(name) or (entity.attrs[name][0] if entity.attrs.get(name) else None)
    return None if inst is None else inst.value


def _text(value: Any) -> Any:
    return _ENCODE(value).decode("utf-8") if isinstance(value, dict | list) else value


def geometry_of(entity: Entity) -> dict[str, Any] | None:
    """The ``location`` GeoProperty's GeoJSON geometry, if it has one."""
    inst = entity.attr(LOCATION) or (entity.attrs[LOCATION][0] if entity.attrs.get(LOCATION) else None)
    if inst is None or inst.type is not AttrType.GEOPROPERTY or not isinstance(inst.value, dict):
        return None
    return inst.value


def feature(entity: Entity) -> dict[str, Any]:
    """An entity as a GeoJSON Feature (``type`` and the other attributes' values as properties)."""
    geometry = geometry_of(entity)
    props: dict[str, Any] = {"type": entity.types[0] if len(entity.types) == 1 else list(entity.types)}
    for name in entity.attrs:
        if name != LOCATION or geometry is None:
            props[name] = cell(entity, name)
    return {"type": "Feature", "id": entity.id, "geometry": geometry, "properties": props}


# -- the formats written as the entities come -----------------------------------------------------------


class _Stream:
    """One streamed format (NDJSON or GeoJSON) going to its target, counted and hashed."""

    def __init__(self, fmt: str, raw: IO[bytes]) -> None:
        self.fmt = fmt
        self.sink = _Hashing(raw)
        self.out = io.BufferedWriter(self.sink, buffer_size=1 << 16)
        self.first = True
        if fmt == "geojson":
            self.out.write(b'{"type":"FeatureCollection","features":[')

    def add(self, entity: Entity) -> None:
        if self.fmt == "ndjson":
            self.out.write(_ENCODE(entity.to_dict()) + b"\n")
        else:
            self.out.write((b"\n" if self.first else b",\n") + _ENCODE(feature(entity)))
        self.first = False

    def finish(self, written: Written) -> None:
        if self.fmt == "geojson":
            self.out.write(b"\n]}\n")
        self.out.flush()
        written.bytes, written.sha256 = self.sink.size, self.sink.digest.hexdigest()


# -- the staged formats -----------------------------------------------------------------------------------


class _Staging:
    """Flat rows (id, types, attribute values, location as GeoJSON text) in a temporary file, and the kind
    of each column: integer, real or text (an integer column with gaps is real: a GeoPackage integer has no
    null)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.kinds: dict[str, str] = {}
        self.present: dict[str, int] = {}
        self.rows = 0
        self.geometry = False
        self._out = path.open("wb")

    def add(self, entity: Entity) -> None:
        geometry = geometry_of(entity)
        values: dict[str, Any] = {}
        for name in entity.attrs:
            if name == LOCATION and geometry is not None:
                continue
            value = values[name] = cell(entity, name)
            kind = (
                "int"
                if isinstance(value, int) and not isinstance(value, bool)
                else "float"
                if isinstance(value, float)
                else "text"
            )
            old = self.kinds.get(name)
            if old is not None and old != kind:
                kind = "float" if {old, kind} == {"int", "float"} else "text"
            self.kinds[name] = kind
            self.present[name] = self.present.get(name, 0) + 1
        self.rows += 1
        self.geometry = self.geometry or geometry is not None
        text = None if geometry is None else _ENCODE(geometry).decode("utf-8")
        self._out.write(_ENCODE((entity.id, ",".join(entity.types), values, text)) + b"\n")

    def close(self) -> None:
        self._out.close()

    @property
    def names(self) -> list[str]:
        return sorted(self.kinds)

    def kind(self, name: str) -> str:
        kind = self.kinds[name]
        return "float" if kind == "int" and self.present[name] < self.rows else kind

    def __iter__(self) -> Iterator[tuple[str, str, dict[str, Any], str | None]]:
        with self.path.open("rb") as fh:
            for line in fh:
                yield _ROW(line)


def _csv(rows: _Staging, raw: IO[bytes], written: Written) -> None:
    sink = _Hashing(raw)
    out = io.TextIOWrapper(io.BufferedWriter(sink, buffer_size=1 << 16), encoding="utf-8", newline="")
    names = rows.names
    writer = csv.writer(out)
    writer.writerow(["id", "type", *names, *([LOCATION] if rows.geometry else [])])
    for ident, types, values, geometry in rows:
        cells = [_text(values.get(n)) for n in names]
        if rows.geometry:
            cells.append(geometry)
        writer.writerow([ident, types, *("" if c is None else c for c in cells)])
    out.flush()
    out.detach().flush()
    written.bytes, written.sha256 = sink.size, sink.digest.hexdigest()


def _column(values: list[Any], kind: str) -> np.ndarray[Any, Any]:
    if kind == "int":
        return np.array(values, dtype=np.int64)
    if kind == "float":
        return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
    return np.array([None if v is None else str(_text(v)) for v in values], dtype=object)


def _gpkg(rows: _Staging, path: Path, layer: str) -> None:
    names = rows.names
    append = False
    chunk: list[tuple[str, str, dict[str, Any], str | None]] = []

    def flush() -> None:
        nonlocal append
        wkb = None
        if rows.geometry:
            wkb = shapely.to_wkb(shapely.from_geojson(np.array([r[3] for r in chunk], dtype=object)))
        data = [
            np.array([r[0] for r in chunk], dtype=object),
            np.array([r[1] for r in chunk], dtype=object),
            *(_column([r[2].get(n) for r in chunk], rows.kind(n)) for n in names),
        ]
        pyogrio.raw.write(
            path,
            wkb,
            data,
            ["id", "type", *names],
            layer=layer,
            driver="GPKG",
            geometry_type="Unknown" if rows.geometry else None,
            crs="EPSG:4326" if rows.geometry else None,
            append=append,
        )
        append = True
        chunk.clear()

    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            flush()
    if chunk or not append:
        flush()


# -- entry points -----------------------------------------------------------------------------------------


def _part(path: Path, fmt: str) -> Path:
    """The hidden temporary name a file is written under (the GeoPackage driver wants its extension)."""
    return path.with_name(f".{path.name}.part" + (".gpkg" if fmt == "gpkg" else ""))


def _open(
    stack: contextlib.ExitStack[Any], fmt: str, targets: Mapping[str, Target], parts: Mapping[str, Path]
) -> IO[bytes]:
    """Where ``fmt`` is written: its file's temporary part (closed with ``stack``), or the caller's stream."""
    part = parts.get(fmt)
    if part is not None:
        return stack.enter_context(part.open("wb"))
    target = targets[fmt]
    assert not isinstance(target, Path)
    return target


def write_formats(
    entities: Iterable[Entity], targets: Mapping[str, Target], *, layer: str = "entities"
) -> dict[str, Written]:
    """Write ``entities`` once per format of ``targets`` (format → file path or binary stream; GeoPackage:
    a path only), reading them once; every file is complete or absent."""
    for fmt, target in targets.items():
        if fmt not in FORMATS:
            raise BadRequestData(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
        if fmt == "gpkg" and not isinstance(target, Path):
            raise BadRequestData("a GeoPackage is written to a file: give --out FILE.gpkg")
    written = {fmt: Written(fmt) for fmt in targets}
    files = {fmt: target for fmt, target in targets.items() if isinstance(target, Path)}
    parts = {fmt: _part(path, fmt) for fmt, path in files.items()}
    folder = next((p.parent for p in parts.values()), None)
    try:
        with contextlib.ExitStack() as stack:
            streams = [_Stream(f, _open(stack, f, targets, parts)) for f in targets if f not in STAGED]
            staging = None
            if STAGED & targets.keys():
                work = stack.enter_context(tempfile.TemporaryDirectory(prefix=".export-", dir=folder))
                staging = _Staging(Path(work) / "rows.ndjson")
            count, names = _read(entities, streams, staging)
            for stream in streams:
                stream.finish(written[stream.fmt])
            if staging is not None:
                _write_staged(staging, targets, parts, written, layer)
        for fmt, part in parts.items():
            os.replace(part, files[fmt])
    finally:
        for part in parts.values():
            part.unlink(missing_ok=True)
    for item in written.values():
        item.count, item.attributes = count, names
        if item.format == "gpkg":
            item.bytes, item.sha256 = files["gpkg"].stat().st_size, file_sha256(files["gpkg"])
    return written


def _read(
    entities: Iterable[Entity], streams: list[_Stream], staging: _Staging | None
) -> tuple[int, list[str]]:
    """Feed every entity to the streams and the staging; (count, attribute names met)."""
    count = 0
    names: set[str] = set()
    try:
        for entity in entities:
            count += 1
            names.update(entity.attrs)
            for stream in streams:
                stream.add(entity)
            if staging is not None:
                staging.add(entity)
    finally:
        if staging is not None:
            staging.close()
    return count, sorted(names)


def _write_staged(
    staging: _Staging,
    targets: Mapping[str, Target],
    parts: Mapping[str, Path],
    written: dict[str, Written],
    layer: str,
) -> None:
    if "csv" in targets:
        with contextlib.ExitStack() as stack:
            _csv(staging, _open(stack, "csv", targets, parts), written["csv"])
    if "gpkg" in targets:
        _gpkg(staging, parts["gpkg"], layer)


def write_entities(
    entities: Iterable[Entity], fmt: str, target: Target, *, layer: str = "entities"
) -> Written:
    """Write ``entities`` in ``fmt`` to a file path or a binary stream (GeoPackage: a path only)."""
    return write_formats(entities, {fmt: target}, layer=layer)[fmt]


def file_sha256(path: Path) -> str:
    """SHA-256 (hex) of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
