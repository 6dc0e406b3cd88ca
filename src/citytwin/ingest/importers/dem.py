"""A DEM GeoTIFF as the twin's surface (地表) layer: one surface-level entity plus the raster it points to.

The georeferencing is read with the flood engine's own reader (:class:`GeoRaster`), so what the importer
accepts the flood engine can use. The raster is copied, named by its SHA-256, into the raster directory and
the ``DigitalElevationModel`` entity records its path, CRS, grid and elevation range; the flood engine picks
it up from there (``scenarios.flood.twin.pick_dem``). A failed import removes the copy it made.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import shapely

from citytwin.core.entities import Attribute, AttrType
from citytwin.errors import BadRequestData
from citytwin.ingest.importers.model import CHUNK, ImportOptions, Reader, SourceRecord

DEFAULT_RASTER_DIR = Path("var") / "rasters"
DEM_TYPE = "DigitalElevationModel"
_BLOCK = 1 << 20


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


class DEMReader(Reader):
    """One record: the DEM's footprint, grid metadata and elevation statistics."""

    default_type = DEM_TYPE

    def __init__(self, path: Path, options: ImportOptions) -> None:
        from citytwin.scenarios.flood.twin import GeoRaster

        super().__init__()
        self.path = path
        self.format = "dem"
        self.raster = GeoRaster.open(str(path), options.crs)
        self.crs = self.raster.crs
        self.total = 1
        self._dir = (options.raster_dir or DEFAULT_RASTER_DIR).resolve()
        self._copied: Path | None = None

    def records(self, chunk: int = CHUNK) -> Iterator[list[SourceRecord]]:
        """The single surface record."""
        raster = self.raster
        data = raster.read()
        finite = np.isfinite(data)
        if not finite.any():
            raise BadRequestData(f"the DEM {self.path.name} holds no elevation values (all nodata)")
        digest = _sha256(self.path)
        stored = self._store(digest)
        xmin, ymin, xmax, ymax = raster.bounds
        side = max(xmax - xmin, ymax - ymin) / 16  # densified so the footprint bends with the projection
        footprint = shapely.segmentize(shapely.box(xmin, ymin, xmax, ymax), side)
        record = SourceRecord(1, geometry=footprint, native_id=f"dem:{digest}")
        record.properties = {
            "name": self.path.stem,
            "rasterFile": str(stored),
            "rasterSha256": digest,
            "crs": raster.crs,
            "width": raster.width,
            "height": raster.height,
            "originX": raster.x0,
            "originY": raster.y0,
            "pixelSizeX": raster.dx,
            "pixelSizeY": raster.dy,
            "bounds": [xmin, ymin, xmax, ymax],
            "voidCells": int(np.count_nonzero(~finite)),
        }
        if raster.nodata is not None:
            record.properties["nodata"] = raster.nodata
        values = data[finite]
        for name, value in (
            ("minElevation", values.min()),
            ("maxElevation", values.max()),
            ("meanElevation", values.mean()),
        ):
            record.attributes[name] = Attribute(AttrType.PROPERTY, round(float(value), 3), unit_code="MTR")
        self.metadata = {"rasterFile": str(stored), "crs": raster.crs, "size": [raster.width, raster.height]}
        yield [record]

    def _store(self, digest: str) -> Path:
        """Copy the GeoTIFF into the raster directory under its hash (kept if already there)."""
        self._dir.mkdir(parents=True, exist_ok=True)
        target = self._dir / f"{digest[:32]}.tif"
        if target.exists() and _sha256(target) == digest:
            return target
        partial = target.with_suffix(".tif.part")
        shutil.copyfile(self.path, partial)
        partial.replace(target)
        self._copied = target
        return target

    def cleanup(self, committed: bool) -> None:
        """Remove the raster copy this import made when the import did not commit."""
        if not committed and self._copied is not None:
            self._copied.unlink(missing_ok=True)
            self._copied = None
