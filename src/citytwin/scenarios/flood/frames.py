"""Depth frames for the viewer's time slider: one RGBA PNG per snapshot plus a JSON sidecar.

Images are north-up in the grid's metric CRS, one pixel per cell. The sidecar gives the WGS84
corners in MapLibre image-source order (NW, NE, SE, SW) for exact placement, their envelope as
``bounds`` for viewers that take a rectangle, the fixed colour ramp, and each frame's time. PNGs are
written with zlib and struct only (no imaging library).
"""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from citytwin.core.crs import WGS84, convert
from citytwin.errors import BadRequestData
from citytwin.scenarios.flood.grid import Grid

SIDECAR = "frames.json"
FORMAT_VERSION = 1
DRY_M = 0.01
"""Depths below this are drawn transparent (wet pavement, not a flood)."""

# Fixed ramp (depth m -> RGBA), so frames of different runs compare by eye; the stops are the engine's
# default depth classes. Blues from ColorBrewer "Blues", purple beyond half a metre.
RAMP: tuple[tuple[float, tuple[int, int, int, int]], ...] = (
    (DRY_M, (198, 219, 239, 150)),
    (0.05, (158, 202, 225, 180)),
    (0.15, (107, 174, 214, 205)),
    (0.30, (49, 130, 189, 225)),
    (0.50, (8, 81, 156, 240)),
    (1.00, (8, 48, 107, 250)),
    (2.00, (63, 0, 125, 255)),
)

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def colourise(depth: npt.NDArray[np.floating]) -> npt.NDArray[np.uint8]:
    """RGBA image (rows, cols, 4) of a depth grid on the fixed ramp; dry and NaN cells transparent."""
    d = np.nan_to_num(np.asarray(depth, dtype=np.float64), nan=0.0)
    stops = np.array([s for s, _ in RAMP])
    colours = np.array([c for _, c in RAMP], dtype=np.float64)
    out = np.zeros((*d.shape, 4), dtype=np.uint8)
    for ch in range(4):
        out[..., ch] = np.rint(np.interp(d, stops, colours[:, ch])).astype(np.uint8)
    out[d < DRY_M] = 0
    return out


def encode_png(rgba: npt.NDArray[np.uint8], level: int = 6) -> bytes:
    """An 8-bit RGBA PNG (no interlace, filter 0 on every row)."""
    if rgba.ndim != 3 or rgba.shape[2] != 4 or rgba.dtype != np.uint8:
        raise BadRequestData(
            f"a PNG frame needs an (rows, cols, 4) uint8 array, got {rgba.shape} {rgba.dtype}"
        )
    height, width = rgba.shape[:2]
    rows = np.concatenate([np.zeros((height, 1), dtype=np.uint8), rgba.reshape(height, width * 4)], axis=1)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        _PNG_SIGNATURE
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows.tobytes(), level))
        + chunk(b"IEND", b"")
    )


def corners_wgs84(grid: Grid) -> list[list[float]]:
    """The grid's outer corners in WGS84 lng/lat: NW, NE, SE, SW (MapLibre image-source order)."""
    xmin, ymin, xmax, ymax = grid.bounds
    lng, lat = convert([xmin, xmax, xmax, xmin], [ymax, ymax, ymin, ymin], grid.crs, WGS84)
    return [[round(float(x), 9), round(float(y), 9)] for x, y in zip(lng, lat, strict=True)]


def write_frames(
    out_dir: str | Path,
    grid: Grid,
    *,
    times_s: npt.NDArray[np.float64],
    depth: npt.NDArray[np.floating],
    max_depth: npt.NDArray[np.floating],
    meta: dict[str, Any] | None = None,
    mask: npt.NDArray[np.bool_] | None = None,
) -> Path:
    """Write ``depth_<time>.png`` per snapshot, ``max_depth.png`` and the sidecar; returns the sidecar.

    Cells outside ``mask`` (the area inside the grid's bounding box) are drawn transparent.
    """
    if depth.shape[0] != len(times_s) or depth.shape[1:] != grid.shape:
        raise BadRequestData(f"frames {depth.shape} do not match {len(times_s)} times on a {grid.shape} grid")
    if mask is not None:
        depth = np.where(mask, depth, 0.0)
        max_depth = np.where(mask, max_depth, 0.0)
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        frames = []
        for t, frame in zip(times_s, depth, strict=True):
            name = f"depth_{round(float(t)):06d}s.png"
            (folder / name).write_bytes(encode_png(colourise(frame)))
            frames.append(
                {"time_s": float(t), "file": name, "max_depth_m": float(np.max(frame, initial=0.0))}
            )
        (folder / "max_depth.png").write_bytes(encode_png(colourise(max_depth)))
        corners = corners_wgs84(grid)
        lngs, lats = [c[0] for c in corners], [c[1] for c in corners]
        sidecar = {
            "version": FORMAT_VERSION,
            "units": "m",
            "crs": grid.crs,
            "grid": {"x0": grid.x0, "y0": grid.y0, "dx": grid.dx, "nx": grid.nx, "ny": grid.ny},
            "bounds": [min(lngs), min(lats), max(lngs), max(lats)],
            "coordinates": corners,
            "ramp": [{"depth_m": s, "rgba": list(c)} for s, c in RAMP],
            "dry_below_m": DRY_M,
            "frames": frames,
            "max": {"file": "max_depth.png", "max_depth_m": float(np.max(max_depth, initial=0.0))},
            **(meta or {}),
        }
        path = folder / SIDECAR
        path.write_text(json.dumps(sidecar, indent=1), encoding="utf-8")
    except OSError as err:
        raise BadRequestData(f"cannot write depth frames to {folder}: {err}") from None
    return path
