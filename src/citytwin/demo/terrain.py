"""A synthetic DEM shaped like Shenzhen and the drainage layer (manholes, flood points) for the flood engine.

No licensed DEM ships, so the terrain is made: Gaussian hills at the real summits (梧桐山 943 m, 七娘山
869 m, 羊台山 587 m, 马峦山, 塘朗山, 银湖山, 凤凰山, 大南山 ...), a plain that rises gently from the bay
towards the north and east, and a little seeded fractal noise. Heights are metres above sea level on a
WGS84 (EPSG:4326) grid, written as a GeoTIFF the flood engine and the DEM importer read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import tifffile

from citytwin.demo.generate_scale import M_PER_DEG_LAT, M_PER_DEG_LNG, FloatArray, Scale, region_of, rng

# (lng, lat, summit height m, radius m): real summits, WGS84.
HILLS: tuple[tuple[float, float, float, float], ...] = (
    (114.2040, 22.5800, 943.0, 3_200.0),  # 梧桐山
    (114.5650, 22.4950, 869.0, 3_000.0),  # 七娘山
    (113.9640, 22.6640, 587.0, 2_600.0),  # 羊台山
    (114.3250, 22.6400, 620.0, 3_500.0),  # 马峦山
    (114.0150, 22.5850, 430.0, 2_200.0),  # 塘朗山
    (114.1030, 22.5930, 445.0, 1_800.0),  # 银湖山
    (113.8600, 22.6800, 376.0, 1_600.0),  # 凤凰山
    (113.9080, 22.5050, 336.0, 1_500.0),  # 大南山
    (114.0800, 22.5650, 200.0, 1_200.0),  # 笔架山 / 莲花山
    (114.4500, 22.6000, 700.0, 4_000.0),  # 排牙山 and the eastern ridge
)
NODATA = -9999.0


def elevation(lng: FloatArray, lat: FloatArray, noise: FloatArray | None = None) -> FloatArray:
    """Ground height (m) at WGS84 points: hills, a plain rising inland from the bay, optional noise."""
    z = 2.0 + np.clip((lat - 22.50) * 260.0, 0.0, 60.0) + np.clip((lng - 114.15) * 120.0, 0.0, 40.0)
    for hx, hy, h, r in HILLS:
        dx = (lng - hx) * M_PER_DEG_LNG
        dy = (lat - hy) * M_PER_DEG_LAT
        z = z + h * np.exp(-(dx * dx + dy * dy) / (2.0 * r * r))
    if noise is not None:
        z = z + noise
    return np.maximum(z, 0.5)


def _fractal(gen: np.random.Generator, shape: tuple[int, int]) -> FloatArray:
    out = np.zeros(shape)
    for octave, amp in ((8, 8.0), (32, 3.0), (128, 1.0)):
        coarse = gen.normal(0, amp, (octave + 1, octave + 1))
        ys = np.linspace(0, octave, shape[0])
        xs = np.linspace(0, octave, shape[1])
        iy, ix = np.floor(ys).astype(int).clip(0, octave - 1), np.floor(xs).astype(int).clip(0, octave - 1)
        fy, fx = (ys - iy)[:, None], (xs - ix)[None, :]
        c = coarse
        out += (
            c[iy][:, ix] * (1 - fy) * (1 - fx)
            + c[iy + 1][:, ix] * fy * (1 - fx)
            + c[iy][:, ix + 1] * (1 - fy) * fx
            + c[iy + 1][:, ix + 1] * fy * fx
        )
    return out


def dem_grid(scale: Scale) -> tuple[FloatArray, tuple[float, float, float, float]]:
    """The DEM array (north row first) and (x0, y0, dx, dy) in degrees for the scale's region."""
    w, s, e, n = region_of(scale.districts).bounds
    pad = 0.01
    dx = scale.dem_cell_m / M_PER_DEG_LNG
    dy = scale.dem_cell_m / M_PER_DEG_LAT
    width = int(np.ceil((e - w + 2 * pad) / dx))
    height = int(np.ceil((n - s + 2 * pad) / dy))
    x0, y0 = w - pad, n + pad
    lng = x0 + (np.arange(width) + 0.5) * dx
    lat = y0 - (np.arange(height) + 0.5) * dy
    glng, glat = np.meshgrid(lng, lat)
    z = elevation(glng, glat, _fractal(rng(scale, "dem"), (height, width)))
    return z.astype(np.float32).astype(np.float64), (x0, y0, dx, dy)


def write_dem(
    path: Path, scale: Scale, dem: tuple[FloatArray, tuple[float, float, float, float]] | None = None
) -> dict[str, Any]:
    """Write the scale's DEM (``dem`` or ``dem_grid``) as a GeoTIFF (EPSG:4326); returns its stats."""
    z, (x0, y0, dx, dy) = dem if dem is not None else dem_grid(scale)
    geokeys = (1, 1, 0, 3, 1024, 0, 1, 2, 1025, 0, 1, 1, 2048, 0, 1, 4326)
    tags = [
        (33550, "d", 3, (dx, dy, 0.0), True),
        (33922, "d", 6, (0.0, 0.0, 0.0, x0, y0, 0.0), True),
        (34735, "H", len(geokeys), geokeys, True),
        (42113, "s", 0, str(NODATA), True),
    ]
    tifffile.imwrite(path, z.astype(np.float32), extratags=tags)
    return {"width": z.shape[1], "height": z.shape[0], "min": float(z.min()), "max": float(z.max())}


def sample_dem(
    z: FloatArray, grid: tuple[float, float, float, float], lng: FloatArray, lat: FloatArray
) -> FloatArray:
    """Nearest-cell heights of the DEM at WGS84 points."""
    x0, y0, dx, dy = grid
    col = np.clip(((lng - x0) / dx).astype(int), 0, z.shape[1] - 1)
    row = np.clip(((y0 - lat) / dy).astype(int), 0, z.shape[0] - 1)
    out: FloatArray = z[row, col]
    return out
