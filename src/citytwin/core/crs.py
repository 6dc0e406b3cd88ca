"""Coordinate reference systems: pyproj for real CRSs, the public formulas for GCJ-02 and BD-09.

Coordinates are always (x, y) = (longitude, latitude) for geographic systems, whatever axis order the EPSG
definition declares (transformers are built with ``always_xy``). CRSs are named by canonical strings from
:func:`parse_crs`: ``EPSG:<code>`` for anything pyproj knows, ``GCJ02`` and ``BD09`` for the Chinese web-map
offsets, which are not datums but obfuscation formulas, so pyproj cannot express them. See ``docs/crs.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from shapely.geometry.base import BaseGeometry

from citytwin.errors import BadRequestData, InvalidCoordinates, UnknownCRS

__all__ = [
    "BD09",
    "CGCS2000",
    "GCJ02",
    "WGS84",
    "bd09_to_gcj02",
    "bd09_to_wgs84",
    "convert",
    "from_metric",
    "gcj02_to_bd09",
    "gcj02_to_wgs84",
    "outside_china",
    "parse_crs",
    "to_metric",
    "transform_geometry",
    "transformer",
    "wgs84_to_bd09",
    "wgs84_to_gcj02",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
_Pair = Callable[[FloatArray, FloatArray], tuple[FloatArray, FloatArray]]

WGS84 = "EPSG:4326"
CGCS2000 = "EPSG:4490"
GCJ02 = "GCJ02"
BD09 = "BD09"
DEFAULT_METRIC_EPSG = 4547  # CGCS2000 / 3-degree Gauss-Kruger CM 114E: Shenzhen sits on its central meridian
_OFFSET_CRSS = frozenset({GCJ02, BD09})

_ALIASES = {
    "wgs84": WGS84,
    "wgs-84": WGS84,
    "wgs 84": WGS84,
    "crs84": WGS84,
    "ogc:crs84": WGS84,
    "urn:ogc:def:crs:ogc:1.3:crs84": WGS84,
    "http://www.opengis.net/def/crs/ogc/1.3/crs84": WGS84,
    "cgcs2000": CGCS2000,
    "cgcs-2000": CGCS2000,
    "gcj02": GCJ02,
    "gcj-02": GCJ02,
    "gcj_02": GCJ02,
    "bd09": BD09,
    "bd-09": BD09,
    "bd_09": BD09,
    "bd09ll": BD09,
}


@lru_cache(maxsize=256)
def _resolve(text: str) -> str:
    alias = _ALIASES.get(text.lower())
    if alias is not None:
        return alias
    query = f"EPSG:{text}" if text.isdigit() else text
    try:
        crs = CRS.from_user_input(query)
    except CRSError as err:
        raise UnknownCRS(f"unknown coordinate reference system {text!r}") from err
    epsg = crs.to_epsg()
    return f"EPSG:{epsg}" if epsg is not None else str(crs.to_wkt())


def parse_crs(name: str | int) -> str:
    """Resolve a CRS name ('EPSG:4326', '4326', 'wgs84', 'cgcs2000', 'gcj02', 'bd09', WKT...) to its key."""
    if isinstance(name, bool) or not isinstance(name, str | int):
        raise UnknownCRS(f"unknown coordinate reference system {name!r}")
    text = str(name).strip()
    if not text:
        raise UnknownCRS("empty coordinate reference system name")
    return _resolve(text)


@lru_cache(maxsize=128)
def _pyproj_crs(key: str) -> CRS:
    if key in _OFFSET_CRSS:
        raise UnknownCRS(f"{key} is an offset of WGS84, not a pyproj CRS: use convert()")
    return CRS.from_user_input(key)


def _is_geographic(key: str) -> bool:
    return key in _OFFSET_CRSS or bool(_pyproj_crs(key).is_geographic)


@lru_cache(maxsize=128)
def _transformer(src: str, dst: str) -> Transformer:
    return Transformer.from_crs(_pyproj_crs(src), _pyproj_crs(dst), always_xy=True)


def transformer(src: str | int, dst: str | int) -> Transformer:
    """A cached, thread-safe pyproj transformer in (x, y) = (lng, lat) order between two pyproj CRSs."""
    return _transformer(parse_crs(src), parse_crs(dst))


# --- validation ---------------------------------------------------------------------------------------------


def _as_arrays(xs: npt.ArrayLike, ys: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    try:
        x = np.asarray(xs, dtype=np.float64)
        y = np.asarray(ys, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise InvalidCoordinates(f"coordinates must be numbers: {err}") from err
    try:
        bx, by = np.broadcast_arrays(x, y)
    except ValueError as err:
        raise InvalidCoordinates(f"x and y have incompatible shapes {x.shape} and {y.shape}") from err
    return np.array(bx, dtype=np.float64), np.array(by, dtype=np.float64)


def _first_bad(values: FloatArray, ok: BoolArray, what: str, bounds: str) -> None:
    if not ok.all():
        index = int(np.flatnonzero(~ok.ravel())[0])
        value = float(values.ravel()[index])
        problem = "is not a number" if np.isnan(value) else f"is out of range {bounds}"
        raise InvalidCoordinates(f"{what} {value} at index {index} {problem}")


def _lnglat(lngs: npt.ArrayLike, lats: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    x, y = _as_arrays(lngs, lats)
    # NaN compares false, so it fails these tests too.
    _first_bad(x, np.abs(x) <= 180.0, "longitude", "[-180, 180]")
    _first_bad(y, np.abs(y) <= 90.0, "latitude", "[-90, 90]")
    return x, y


def _finite(xs: npt.ArrayLike, ys: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    x, y = _as_arrays(xs, ys)
    _first_bad(x, np.isfinite(x), "x", "(not finite)")
    _first_bad(y, np.isfinite(y), "y", "(not finite)")
    return x, y


# --- GCJ-02 and BD-09: the public formulas ------------------------------------------------------------------

_KRASOVSKY_A = 6378245.0
_KRASOVSKY_EE = 0.00669342162296594323
_BD_X_PI = np.pi * 3000.0 / 180.0
_TOLERANCE_DEG = 1e-10  # about 10 µm: the iterations stop far below the formulas' own error
_MAX_ITERATIONS = 20


def outside_china(lngs: npt.ArrayLike, lats: npt.ArrayLike) -> BoolArray:
    """True where the public GCJ-02 formulas leave a point unshifted (the customary rough China box)."""
    x, y = _lnglat(lngs, lats)
    return _outside(x, y)


def _outside(x: FloatArray, y: FloatArray) -> BoolArray:
    inside = (x >= 72.004) & (x <= 137.8347) & (y >= 0.8293) & (y <= 55.8271)
    return np.asarray(~inside, dtype=np.bool_)


def _gcj_delta(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    u, v = x - 105.0, y - 35.0
    common = (20.0 * np.sin(6.0 * u * np.pi) + 20.0 * np.sin(2.0 * u * np.pi)) * 2.0 / 3.0
    dlat = -100.0 + 2.0 * u + 3.0 * v + 0.2 * v * v + 0.1 * u * v + 0.2 * np.sqrt(np.abs(u)) + common
    dlat += (20.0 * np.sin(v * np.pi) + 40.0 * np.sin(v / 3.0 * np.pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(v / 12.0 * np.pi) + 320.0 * np.sin(v * np.pi / 30.0)) * 2.0 / 3.0
    dlng = 300.0 + u + 2.0 * v + 0.1 * u * u + 0.1 * u * v + 0.1 * np.sqrt(np.abs(u)) + common
    dlng += (20.0 * np.sin(u * np.pi) + 40.0 * np.sin(u / 3.0 * np.pi)) * 2.0 / 3.0
    dlng += (150.0 * np.sin(u / 12.0 * np.pi) + 300.0 * np.sin(u / 30.0 * np.pi)) * 2.0 / 3.0
    radlat = y / 180.0 * np.pi
    magic = 1.0 - _KRASOVSKY_EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_KRASOVSKY_A * (1.0 - _KRASOVSKY_EE)) / (magic * sqrtmagic) * np.pi)
    dlng = (dlng * 180.0) / (_KRASOVSKY_A / sqrtmagic * np.cos(radlat) * np.pi)
    return dlng, dlat


def _wgs_to_gcj(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    dlng, dlat = _gcj_delta(x, y)
    out = _outside(x, y)
    return np.where(out, x, x + dlng), np.where(out, y, y + dlat)


def _invert(
    forward: _Pair, tx: FloatArray, ty: FloatArray, x: FloatArray, y: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Solve forward(x, y) = (tx, ty) by fixed-point steps from (x, y).

    The offsets change by well under 1 % per degree, so each step shrinks the error ~100-fold.
    """
    for _ in range(_MAX_ITERATIONS):
        fx, fy = forward(x, y)
        ex, ey = tx - fx, ty - fy
        x, y = x + ex, y + ey
        if x.size == 0 or max(float(np.max(np.abs(ex))), float(np.max(np.abs(ey)))) < _TOLERANCE_DEG:
            break
    return x, y


def _gcj_to_wgs(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    return _invert(_wgs_to_gcj, x, y, x.copy(), y.copy())


def _gcj_to_bd(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * _BD_X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _BD_X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def _bd_to_gcj(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    # Start from the widely published approximate inverse (metres off), then refine it exactly.
    u, v = x - 0.0065, y - 0.006
    z = np.sqrt(u * u + v * v) - 0.00002 * np.sin(v * _BD_X_PI)
    theta = np.arctan2(v, u) - 0.000003 * np.cos(u * _BD_X_PI)
    return _invert(_gcj_to_bd, x, y, z * np.cos(theta), z * np.sin(theta))


def _shaped(x: FloatArray, y: FloatArray, shape: tuple[int, ...]) -> tuple[FloatArray, FloatArray]:
    return np.asarray(x, dtype=np.float64).reshape(shape), np.asarray(y, dtype=np.float64).reshape(shape)


def wgs84_to_gcj02(lngs: npt.ArrayLike, lats: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """WGS84 → GCJ-02 with the public formulas; points outside China are returned unchanged."""
    x, y = _lnglat(lngs, lats)
    return _shaped(*_wgs_to_gcj(x, y), x.shape)


def gcj02_to_wgs84(lngs: npt.ArrayLike, lats: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """GCJ-02 → WGS84 by iterating the forward formulas to 1e-10 degrees."""
    x, y = _lnglat(lngs, lats)
    return _shaped(*_gcj_to_wgs(x, y), x.shape)


def gcj02_to_bd09(lngs: npt.ArrayLike, lats: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """GCJ-02 → BD-09 (Baidu's further offset, applied everywhere)."""
    x, y = _lnglat(lngs, lats)
    return _shaped(*_gcj_to_bd(x, y), x.shape)


def bd09_to_gcj02(lngs: npt.ArrayLike, lats: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """BD-09 → GCJ-02 by iterating the forward formula to 1e-10 degrees."""
    x, y = _lnglat(lngs, lats)
    return _shaped(*_bd_to_gcj(x, y), x.shape)


def wgs84_to_bd09(lngs: npt.ArrayLike, lats: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """WGS84 → BD-09 (through GCJ-02)."""
    x, y = _lnglat(lngs, lats)
    return _shaped(*_gcj_to_bd(*_wgs_to_gcj(x, y)), x.shape)


def bd09_to_wgs84(lngs: npt.ArrayLike, lats: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """BD-09 → WGS84 (through GCJ-02)."""
    x, y = _lnglat(lngs, lats)
    return _shaped(*_gcj_to_wgs(*_bd_to_gcj(x, y)), x.shape)


# --- generic routing ----------------------------------------------------------------------------------------


def _pyproj_step(x: FloatArray, y: FloatArray, src: str, dst: str) -> tuple[FloatArray, FloatArray]:
    if src == dst:
        return x, y
    tx, ty = _transformer(src, dst).transform(x, y)
    ox, oy = np.asarray(tx, dtype=np.float64), np.asarray(ty, dtype=np.float64)
    ok = np.isfinite(ox) & np.isfinite(oy)
    if not ok.all():
        index = int(np.flatnonzero(~ok.ravel())[0])
        point = (float(x.ravel()[index]), float(y.ravel()[index]))
        raise InvalidCoordinates(
            f"coordinate {point} at index {index} cannot be transformed from {src} to {dst}"
        )
    return ox, oy


def convert(
    lngs: npt.ArrayLike, lats: npt.ArrayLike, src: str | int, dst: str | int
) -> tuple[FloatArray, FloatArray]:
    """Convert lng/lat (x/y for projected CRSs) between any two of WGS84, CGCS2000, GCJ-02, BD-09, EPSG:*."""
    source, target = parse_crs(src), parse_crs(dst)
    x, y = _lnglat(lngs, lats) if _is_geographic(source) else _finite(lngs, lats)
    _is_geographic(target)  # resolve the target before any work so a bad name fails first
    shape = x.shape
    if source == target:
        return x, y
    # Offsets are defined relative to WGS84: step onto it, use pyproj for the datum/projection part, step off.
    if source == BD09:
        x, y = _gcj_to_wgs(*_bd_to_gcj(x, y))
    elif source == GCJ02:
        x, y = _gcj_to_wgs(x, y)
    current = WGS84 if source in _OFFSET_CRSS else source
    if target in _OFFSET_CRSS:
        x, y = _pyproj_step(x, y, current, WGS84)
        x, y = _lnglat(x, y)
        x, y = _wgs_to_gcj(x, y)
        if target == BD09:
            x, y = _gcj_to_bd(x, y)
    else:
        x, y = _pyproj_step(x, y, current, target)
    return _shaped(x, y, shape)


def _metric_key(epsg: int) -> str:
    key = parse_crs(epsg)
    crs = _pyproj_crs(key)
    if not crs.is_projected or crs.axis_info[0].unit_name not in ("metre", "meter"):
        raise BadRequestData(f"EPSG:{epsg} is not a projected CRS in metres")
    return key


def to_metric(
    lngs: npt.ArrayLike, lats: npt.ArrayLike, epsg: int = DEFAULT_METRIC_EPSG, src: str | int = WGS84
) -> tuple[FloatArray, FloatArray]:
    """Project longitude/latitude (WGS84 by default, or GCJ-02, BD-09, ...) to a metric CRS (x, y in m)."""
    return convert(lngs, lats, src, _metric_key(epsg))


def from_metric(
    xs: npt.ArrayLike, ys: npt.ArrayLike, epsg: int = DEFAULT_METRIC_EPSG, dst: str | int = WGS84
) -> tuple[FloatArray, FloatArray]:
    """Unproject metric x/y back to longitude/latitude (WGS84 by default)."""
    return convert(xs, ys, _metric_key(epsg), dst)


def transform_geometry(geom: BaseGeometry, src: str | int, dst: str | int) -> BaseGeometry:
    """Transform a shapely geometry between CRSs (vectorised over all its coordinates; Z is kept)."""
    source, target = parse_crs(src), parse_crs(dst)
    if source == target:
        return geom

    def apply(coords: FloatArray) -> FloatArray:
        x, y = convert(coords[:, 0], coords[:, 1], source, target)
        out = np.array(coords, dtype=np.float64)
        out[:, 0], out[:, 1] = x, y
        return out

    result: BaseGeometry = shapely.transform(geom, apply, include_z=bool(shapely.has_z(geom)))
    return result
