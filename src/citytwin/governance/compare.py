"""Do two values of one datum agree within its standard's tolerance? Numbers, geometries, text, relationships.

Numbers agree when ``|a - b| <= max(abs, rel * max(|a|, |b|))``; geometries when their Hausdorff distance, in
metres on a local equirectangular projection (exact enough at city scale), is within ``metres``; text after
Unicode NFKC normalisation, case folding and whitespace collapsing (so full-width ``ＡＢＣ　大厦`` equals
``abc 大厦``); a text and a languageMap agree when the text equals one of the map's entries.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import msgspec
import numpy as np
import numpy.typing as npt
import shapely

from citytwin.core.entities import AttrType
from citytwin.core.geometry import GEOMETRY_TYPES

_SPACES = re.compile(r"\s+")
_M_PER_DEG_LAT = 110_574.0
_M_PER_DEG_LNG = 111_320.0
_EPS = 1e-9
_ENCODE = msgspec.json.Encoder().encode


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How far two values may differ and still agree: absolute, relative (numbers) and metres (geometry)."""

    abs: float = 0.0
    rel: float = 0.0
    metres: float = 0.0

    def to_dict(self) -> dict[str, float]:
        """JSON form, leaving out zero members."""
        return {k: v for k, v in (("abs", self.abs), ("rel", self.rel), ("metres", self.metres)) if v}


@dataclass(frozen=True, slots=True)
class Difference:
    """The outcome of a comparison: do they agree, by what measure, and how far apart (when measurable)."""

    agree: bool
    measure: str
    """``number``, ``metres``, ``text`` or ``value``."""
    amount: float | None = None


def normalize_text(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed and stripped."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def compare(kind: AttrType, a: Any, b: Any, tolerance: Tolerance = Tolerance()) -> Difference:
    """Compare two values of an attribute of kind ``kind`` under ``tolerance``."""
    if kind is AttrType.GEOPROPERTY:
        distance = geometry_distance_m(a, b)
        if distance is None:
            return Difference(a == b, "value")
        return Difference(distance <= tolerance.metres + 1e-6, "metres", distance)
    if kind in (AttrType.RELATIONSHIP, AttrType.LIST_RELATIONSHIP):
        return Difference(_objects(a) == _objects(b), "value")
    return _compare_values(a, b, tolerance)


def _compare_values(a: Any, b: Any, tol: Tolerance) -> Difference:
    na, nb = _as_number(a), _as_number(b)
    if na is not None and nb is not None:
        diff = abs(na - nb)
        allowed = max(tol.abs, tol.rel * max(abs(na), abs(nb)))
        return Difference(diff <= allowed + _EPS * max(1.0, abs(na), abs(nb)), "number", diff)
    if isinstance(a, str | Mapping) and isinstance(b, str | Mapping) and (_texts(a) and _texts(b)):
        return Difference(_text_agree(a, b), "text")
    if isinstance(a, list) and isinstance(b, list):
        agree = len(a) == len(b) and all(_compare_values(x, y, tol).agree for x, y in zip(a, b, strict=True))
        return Difference(agree, "value")
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        agree = a.keys() == b.keys() and all(_compare_values(a[k], b[k], tol).agree for k in a)
        return Difference(agree, "value")
    if isinstance(a, bool) or isinstance(b, bool):
        return Difference(a is b, "value")  # True == 1 in Python, not in data
    return Difference(a == b, "value")


def _as_number(value: Any) -> float | None:
    """A number, or a numeric string (CSV sources send numbers as text); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ""))
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _texts(value: str | Mapping[str, Any]) -> list[str] | None:
    """The strings of a text or a languageMap (None when the map holds non-strings)."""
    if isinstance(value, str):
        return [value]
    out = []
    for item in value.values():
        if not isinstance(item, str):
            return None
        out.append(item)
    return out


def _text_agree(a: str | Mapping[str, Any], b: str | Mapping[str, Any]) -> bool:
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        common = a.keys() & b.keys()
        return bool(common) and all(normalize_text(a[k]) == normalize_text(b[k]) for k in common)
    ta = {normalize_text(t) for t in (_texts(a) or [])}
    tb = {normalize_text(t) for t in (_texts(b) or [])}
    if isinstance(a, str) or isinstance(b, str):
        return bool(ta & tb)
    return ta == tb


def _objects(value: Any) -> frozenset[str]:
    if isinstance(value, list):
        return frozenset(str(v) for v in value)
    return frozenset((str(value),))


def geometry_distance_m(a: Any, b: Any) -> float | None:
    """Hausdorff distance in metres between two GeoJSON geometries (None when either is not one)."""
    return geometry_distances_m([a], [b])[0]


def geometry_distances_m(a_values: Sequence[Any], b_values: Sequence[Any]) -> list[float | None]:
    """Hausdorff distances in metres of pairs of GeoJSON geometries, computed together (vectorised).

    Each pair is measured on a local equirectangular projection centred on its first geometry; None marks a
    pair that is not two non-empty geometries.
    """
    out: list[float | None] = [None] * len(a_values)
    todo: list[int] = []
    texts_a: list[bytes] = []
    texts_b: list[bytes] = []
    for i, (a, b) in enumerate(zip(a_values, b_values, strict=True)):
        if not (_is_geojson(a) and _is_geojson(b)):
            continue
        if a == b:
            out[i] = 0.0  # the common case when a source resends the same geometry: no parsing
            continue
        todo.append(i)
        texts_a.append(_ENCODE(a))
        texts_b.append(_ENCODE(b))
    if not todo:
        return out
    ga, gb = _parse_all(texts_a), _parse_all(texts_b)
    ok = ~(shapely.is_missing(ga) | shapely.is_missing(gb) | shapely.is_empty(ga) | shapely.is_empty(gb))
    if not ok.any():
        return out
    ga, gb = ga[ok], gb[ok]
    centres = shapely.centroid(ga)
    cx, cy = shapely.get_x(centres), shapely.get_y(centres)
    scale = np.column_stack([_M_PER_DEG_LNG * np.cos(np.radians(cy)), np.full(len(cy), _M_PER_DEG_LAT)])
    centre = np.column_stack([cx, cy])

    def local(geoms: npt.NDArray[np.object_]) -> npt.NDArray[np.object_]:
        coords, index = shapely.get_coordinates(geoms, return_index=True)
        return shapely.set_coordinates(geoms, (coords - centre[index]) * scale[index])  # type: ignore[no-any-return]

    distances = shapely.hausdorff_distance(local(ga), local(gb))
    for i, d in zip(np.asarray(todo)[ok], distances, strict=True):
        out[int(i)] = float(d) if math.isfinite(d) else None
    return out


def _is_geojson(value: Any) -> bool:
    return isinstance(value, Mapping) and value.get("type") in GEOMETRY_TYPES


def _parse_all(texts: list[bytes]) -> npt.NDArray[np.object_]:
    # Parsing in C (from_geojson) is ~30x faster than shapely.geometry.shape; values were validated when
    # they were written, so a failure is rare and only then are items parsed one by one.
    try:
        return shapely.from_geojson(np.array(texts, dtype=object))  # type: ignore[no-any-return]
    except (shapely.errors.GEOSException, ValueError, TypeError):
        out = np.full(len(texts), None, dtype=object)
        for i, text in enumerate(texts):
            try:
                out[i] = shapely.from_geojson(text)
            except (shapely.errors.GEOSException, ValueError, TypeError):
                out[i] = None
        return out
