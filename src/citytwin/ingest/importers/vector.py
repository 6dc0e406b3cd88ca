"""GeoJSON, GeoPackage, Shapefile (and any other OGR vector format) through pyogrio."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError

from citytwin.errors import BadRequestData
from citytwin.ingest.importers.coerce import attribute_names, plain
from citytwin.ingest.importers.model import CHUNK, ImportOptions, Reader, SourceRecord

_FORMATS = {"GeoJSON": "geojson", "GPKG": "gpkg", "ESRI Shapefile": "shapefile"}
_SINGLE_LAYER = frozenset({".geojson", ".shp"})
"""Suffixes of files that hold one layer whatever driver reads them."""
_SUFFIX_DRIVERS = {".geojson": "GeoJSON", ".gpkg": "GPKG", ".shp": "ESRI Shapefile"}
"""Drivers known from the suffix: asking OGR (read_info) opens, for GeoJSON parses, the whole file again."""


class VectorReader(Reader):
    """Features of one layer: geometry, typed attribute columns, 1-based feature numbers as rows."""

    def __init__(self, path: Path, options: ImportOptions) -> None:
        super().__init__()
        self.path = path
        self.options = options
        try:
            layer = options.layer
            # Listing the layers opens (for GeoJSON: parses) the whole file once more; single-layer formats
            # need no listing.
            single = layer is not None or path.suffix.lower() in _SINGLE_LAYER
            layers = [] if single else pyogrio.list_layers(path)
            if layer is None and len(layers) > 1:
                layer = str(layers[0][0])
                self.warnings.append(
                    f"{path.name} has {len(layers)} layers; reading the first, {layers[0][0]!r} (use --layer)"
                )
            self._meta, _, geoms, fields = pyogrio.raw.read(
                path, layer=layer, encoding=options.encoding, datetime_as_string=True
            )
            driver = _SUFFIX_DRIVERS.get(path.suffix.lower()) or str(
                pyogrio.read_info(path, layer=layer).get("driver") or ""
            )
        except (DataSourceError, DataLayerError, OSError) as err:
            raise BadRequestData(f"cannot read {path.name}: {err}") from None
        self.format = _FORMATS.get(driver, driver.lower())
        crs = self._meta.get("crs")
        self.crs = str(crs) if crs else None
        self._geoms = geoms
        self._columns = [str(c) for c in self._meta["fields"]]
        self._names = attribute_names(self._columns)
        self.columns = dict(zip(self._columns, self._names, strict=True))
        self._fields = fields
        self.total = len(geoms) if geoms is not None else (len(fields[0]) if len(fields) else 0)
        self.metadata = {
            "layer": self._meta.get("layer_name"),
            "geometryType": self._meta.get("geometry_type"),
        }

    def records(self, chunk: int = CHUNK) -> Iterator[list[SourceRecord]]:
        """Features in batches, geometries parsed in bulk."""
        total = self.total or 0
        for start in range(0, total, chunk):
            stop = min(start + chunk, total)
            present = None
            if self._geoms is None:
                geoms: list[Any] = [None] * (stop - start)
            else:
                wkb = self._geoms[start:stop]
                parsed = np.full(stop - start, None, dtype=object)
                present = np.array([g is not None for g in wkb], dtype=bool)
                if present.any():
                    parsed[present] = shapely.from_wkb(wkb[present], on_invalid="ignore")
                geoms = parsed.tolist()
            columns = [_column(values[start:stop]) for values in self._fields]
            self._release(start, stop)
            batch: list[SourceRecord] = []
            names = self._names
            rows = zip(*columns, strict=True) if columns else repeat((), len(geoms))
            for i, (geom, values) in enumerate(zip(geoms, rows, strict=True)):
                props = {name: value for name, value in zip(names, values, strict=True) if value is not None}
                record = SourceRecord(start + i + 1, geom, props)
                if geom is None and present is not None and present[i]:
                    record.problem = "unreadable geometry"
                batch.append(record)
            yield batch

    def _release(self, start: int, stop: int) -> None:
        """Let go of the raw values of rows already handed out (the file's rows are read all at once)."""
        if self._geoms is not None and self._geoms.dtype == object and self._geoms.flags.writeable:
            self._geoms[start:stop] = None
        for values in self._fields:
            if values.dtype == object and values.flags.writeable:
                values[start:stop] = None


def _column(values: Any) -> list[Any]:
    """A column slice as plain Python values (None for nulls and NaN)."""
    if values.dtype.kind in "iub":
        return list(values.tolist())
    # Text, the common object value, inline (what plain() does with it): a call per value costs a third.
    return [(v.strip() or None) if type(v) is str else plain(v) for v in values.tolist()]
