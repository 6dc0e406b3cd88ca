"""Scales of the generated demo city and the small helpers the generator modules share."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

from citytwin.core.codes import city_code

FloatArray = npt.NDArray[np.float64]

GENERATOR_VERSION = "2"
SOURCE = "citytwin-demo"
# Metres per degree at Shenzhen's latitude: the generator works in a local equirectangular frame.
LAT0 = 22.55
M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LNG = 111_320.0 * math.cos(math.radians(LAT0))


@dataclass(frozen=True, slots=True)
class Scale:
    """How big a generated city is; every count is a target the generator meets deterministically."""

    name: str
    districts: tuple[str, ...]
    """GB/T 2260 district codes covered; empty: all of Shenzhen."""
    buildings: int
    devices: int
    """Telemetry devices of every type (cameras not included)."""
    cameras: int
    parking_spaces: int
    """Total capacity of the generated parking lots."""
    local_spacing_m: float
    """Grid spacing of the synthetic local streets."""
    dem_cell_m: float
    elderly: int
    seed: int = 20240520


SCALES: dict[str, Scale] = {
    # Tests: one district, a few hundred of everything, generated and imported in seconds.
    "tiny": Scale("tiny", ("440304",), 300, 400, 40, 3_000, 600.0, 120.0, 12),
    # `make demo`: 福田 and 南山, the two districts the scripted rainstorm crosses.
    "demo": Scale("demo", ("440304", "440305"), 12_000, 20_000, 3_000, 40_000, 350.0, 60.0, 150),
    "district": Scale("district", (), 60_000, 30_000, 28_000, 53_300, 300.0, 90.0, 600),
    "city": Scale("city", (), 600_000, 300_000, 280_000, 533_000, 180.0, 90.0, 3_000),
}


def scale_named(name: str) -> Scale:
    """The scale called ``name`` (ValueError listing the known ones otherwise)."""
    try:
        return SCALES[name]
    except KeyError:
        raise ValueError(f"unknown scale {name!r}; known: {', '.join(SCALES)}") from None


def rng(scale: Scale, stream: str) -> np.random.Generator:
    """A generator seeded from the scale's seed and a stream name, so modules never share draws."""
    digest = hashlib.sha256(f"{scale.seed}:{scale.name}:{stream}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "big"))


def read_data(name: str) -> str:
    """A shipped Shenzhen data file as text."""
    return files("citytwin.data.shenzhen").joinpath(name).read_text("utf-8")


@cache
def region_of(districts: tuple[str, ...]) -> BaseGeometry:
    """The WGS84 land area the scale covers."""
    from citytwin.demo.hierarchy import district_boundaries

    bounds = district_boundaries()
    chosen = [bounds[c] for c in districts] if districts else list(bounds.values())
    return shapely.union_all(chosen)


def to_local(lng: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """WGS84 → metres in the local frame."""
    x = (np.asarray(lng, dtype=np.float64) - 114.0) * M_PER_DEG_LNG
    y = (np.asarray(lat, dtype=np.float64) - LAT0) * M_PER_DEG_LAT
    return x, y


def to_lnglat(x: npt.ArrayLike, y: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Local metres → WGS84."""
    lng = np.asarray(x, dtype=np.float64) / M_PER_DEG_LNG + 114.0
    lat = np.asarray(y, dtype=np.float64) / M_PER_DEG_LAT + LAT0
    return lng, lat


def twin_id(entity_type: str, category: str, district: str, natural_id: str) -> str:
    """A stable NGSI-LD id from a hashed city code, so devices can be bound before the import runs."""
    code = city_code.generate(district, category, source=SOURCE, natural_id=natural_id)
    return city_code.to_urn(code, entity_type)
