"""Masking of personal data by attribute kind: ID numbers, phone numbers, residents' names, home locations.

Pure functions from a value to its masked form; which attribute is of which kind is declared by policy
(:mod:`citytwin.core.policy`), and whether a subject sees a value masked is decided there. Masking never
raises on odd values: anything it cannot read is replaced by a fixed placeholder, never echoed.

* ``id_number``: resident ID (18 characters) keeps the 6-digit area code and the last 4 characters
  (``440305********123X``); other identifiers keep their first 2 and last 2 characters.
* ``phone``: a mobile number keeps its first 3 and last 4 digits (``138****5678``), a landline its area code
  and last 4 digits (``0755-****5678``); a ``+86`` prefix is kept.
* ``person_name``: the surname (compound surnames included) stays, every other character becomes ``*``
  (``张*``, ``欧阳**``); a Latin-script name keeps the initial of each word.
* ``home_location``: any GeoJSON geometry becomes the centre point of the BeiDou grid cell (GB/T 39409) that
  holds its representative point, at a coarse level (default 4: 1′ × 1′, about 1.7 km × 1.8 km in Shenzhen).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, Final

from citytwin.core.codes import beidou
from citytwin.core.geometry import parse_geojson, representative_lnglat
from citytwin.errors import CitytwinError

KINDS: Final = ("id_number", "phone", "person_name", "home_location")
DEFAULT_HOME_LEVEL: Final = 4
PLACEHOLDER: Final = "***"

_COMPOUND_SURNAMES: Final = frozenset(
    {
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
        "夏侯", "轩辕", "令狐", "钟离", "端木", "独孤", "南宫", "西门", "百里", "呼延", "万俟", "闻人",
    }
)  # fmt: skip
_MOBILE = re.compile(r"^1\d{10}$")


def mask_id_number(value: str) -> str:
    """``440305199001011234`` → ``440305********1234``; shorter identifiers keep 2 + 2 characters."""
    text = value.strip()
    if len(text) == 18 or len(text) == 15:
        return text[:6] + "*" * (len(text) - 10) + text[-4:]
    if len(text) > 4:
        return text[:2] + "*" * (len(text) - 4) + text[-2:]
    return "*" * len(text) if text else text


def mask_phone(value: str) -> str:
    """``13812345678`` → ``138****5678``; ``0755-86001234`` → ``0755-****1234``; ``+86`` is kept."""
    text = value.strip()
    if len(text) == 11 and text[0] == "1" and text.isdigit():  # the usual mobile number, without regexes
        return text[:3] + "****" + text[-4:]
    prefix = ""
    for cc in ("+86", "0086"):
        if text.startswith(cc):
            prefix, text = cc, text[len(cc) :].lstrip(" -")
            break
    digits = re.sub(r"\D", "", text)
    if _MOBILE.match(digits):
        return prefix + digits[:3] + "****" + digits[-4:]
    match = re.match(r"^\(?(0\d{2,3})\)?[\s-]?(\d{7,8})(?:-(\d+))?$", text)
    if match:
        local = match.group(2)
        return prefix + f"{match.group(1)}-" + "*" * (len(local) - 4) + local[-4:]
    if len(digits) > 4:
        return prefix + "*" * (len(digits) - 4) + digits[-4:]
    return prefix + "*" * len(digits)


def mask_person_name(value: str) -> str:
    """Keep the surname (``张三`` → ``张*``, ``欧阳娜娜`` → ``欧阳**``); Latin names keep initials."""
    text = value.strip()
    if not text:
        return text
    first = text[0]  # CJK unified ideographs (and their extension A and compatibility blocks)
    if "\u3400" <= first <= "\u9fff" or "\uf900" <= first <= "\ufaff":
        keep = 2 if text[:2] in _COMPOUND_SURNAMES and len(text) > 2 else 1
        return text[:keep] + "*" * (len(text) - keep)
    words = text.split()
    return " ".join(w[0] + "*" * (len(w) - 1) for w in words)


# Cell sizes of BeiDou grid levels 1..10 in arc-seconds (longitude, latitude), GB/T 39409-2020. Every level
# divides its parent exactly, so a level's cells tile each hemisphere quadrant from the origin and a cell's
# corner is the coordinate floored to a multiple of the cell size (what beidou.encode/decode compute digit by
# digit, here in a few integer operations).
_CELL_ARCSEC: Final = (
    (21600, 14400), (1800, 1800), (900, 600), (60, 60), (4, 4), (2, 2),
    (1 / 4, 1 / 4), (1 / 32, 1 / 32), (1 / 256, 1 / 256), (1 / 2048, 1 / 2048),
)  # fmt: skip
_UNITS: Final = beidou.UNITS_PER_DEGREE  # 1/2048 arc-second units per degree
_SIZES: Final = tuple((round(lng * 2048), round(lat * 2048)) for lng, lat in _CELL_ARCSEC)
_CENTRES: dict[tuple[int, int, int], tuple[float, float]] = {}
"""Masked coordinates by (level, signed column, signed row): homes in one cell share one answer."""


def _index(deg: float, size: int) -> int:
    # The grid code floors exactly; this is one ulp off at most, and only on a cell edge.
    units = int(abs(deg) * _UNITS) // size
    return units if deg >= 0 else -units - 1


def _centre(index: int, size: int) -> float:
    if index >= 0:
        return (index * size + size / 2) / _UNITS
    return -((-index - 1) * size + size / 2) / _UNITS


def cell_centre(lng: float, lat: float, level: int) -> tuple[float, float] | None:
    """The centre of the BeiDou grid cell of ``level`` holding (lng, lat); None outside the grid."""
    if not (
        -180 <= lng <= 180 and -beidou.POLAR_LIMIT_DEG < lat < beidou.POLAR_LIMIT_DEG and 1 <= level <= 10
    ):
        return None
    size_lng, size_lat = _SIZES[level - 1]
    lng = min(lng, 180 - 1e-9) if lng > 0 else max(lng, -180 + 1e-9)  # ±180 joins the outermost column
    key = (level, _index(lng, size_lng), _index(lat, size_lat))
    found = _CENTRES.get(key)
    if found is None:
        found = (_centre(key[1], size_lng), _centre(key[2], size_lat))
        if len(_CENTRES) < 100_000:
            _CENTRES[key] = found
    return found


def mask_home_location(value: Any, level: int = DEFAULT_HOME_LEVEL) -> dict[str, Any] | None:
    """The centre of the level-``level`` BeiDou grid cell holding the geometry's representative point."""
    try:
        coords = (
            value.get("coordinates") if value.__class__ is dict and value.get("type") == "Point" else None
        )
        if coords.__class__ is list and len(coords) >= 2:
            lng, lat = float(coords[0]), float(coords[1])  # the common case, without building a geometry
        else:
            lng, lat = representative_lnglat(parse_geojson(value, what="home location"))
    except (CitytwinError, TypeError, ValueError):
        return None
    centre = None if math.isnan(lng) or math.isnan(lat) else cell_centre(lng, lat, level)
    return None if centre is None else {"type": "Point", "coordinates": list(centre)}


_TEXT: Final[dict[str, Callable[[str], str]]] = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "person_name": mask_person_name,
}


def _mask_text(kind: str, value: Any) -> Any:
    if isinstance(value, dict):  # a LanguageProperty's languageMap, a JSON value: mask every text in it
        return {k: _mask_text(kind, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask_text(kind, v) for v in value]
    if value is None or isinstance(value, bool):
        return value
    text = value if isinstance(value, str) else str(value)
    if kind == "id_number":
        return mask_id_number(text)
    if kind == "phone":
        return mask_phone(text)
    return mask_person_name(text)


def _home_masker(level: int) -> Callable[[Any], Any]:
    """``mask_home_location`` at ``level``, with GeoJSON points of float coordinates (almost every stored
    location) masked inline: this runs for every masked value of every result page."""

    def general(value: Any) -> Any:
        return mask_home_location(value, level) if isinstance(value, dict) else PLACEHOLDER

    if not 1 <= level <= 10:
        return general
    size_lng, size_lat = _SIZES[level - 1]
    edge = 180 - 1e-9  # what cell_centre clamps to: inside it, the clamp changes nothing
    polar = beidou.POLAR_LIMIT_DEG
    units_per_degree = _UNITS
    centres = _CENTRES

    def point(value: Any) -> Any:
        if value.__class__ is dict and value.get("type") == "Point":
            coords = value.get("coordinates")
            if coords.__class__ is list and len(coords) >= 2:
                lng, lat = coords[0], coords[1]
                if (
                    lng.__class__ is float
                    and lat.__class__ is float
                    and -edge <= lng <= edge
                    and -polar < lat < polar  # NaN fails these, as in cell_centre
                ):
                    col = int(abs(lng) * units_per_degree) // size_lng
                    row = int(abs(lat) * units_per_degree) // size_lat
                    key = (level, col if lng >= 0 else -col - 1, row if lat >= 0 else -row - 1)
                    found = centres.get(key)
                    if found is None:
                        found = cell_centre(lng, lat, level)
                    if found is not None:
                        return {"type": "Point", "coordinates": [found[0], found[1]]}
        return general(value)

    return point


def masker(kind: str, home_level: int = DEFAULT_HOME_LEVEL) -> Callable[[Any], Any]:
    """A function masking values of ``kind`` (plain strings take the direct path)."""
    if kind == "home_location":
        return _home_masker(home_level)
    direct = _TEXT.get(kind)
    if direct is None:
        return lambda value: PLACEHOLDER

    def text(value: Any) -> Any:
        return direct(value) if value.__class__ is str else _mask_text(kind, value)

    return text


def mask_value(kind: str, value: Any, *, home_level: int = DEFAULT_HOME_LEVEL) -> Any:
    """``value`` masked as ``kind`` (one of :data:`KINDS`); unknown kinds hide the value entirely."""
    if kind == "home_location":
        return mask_home_location(value, home_level) if isinstance(value, dict) else PLACEHOLDER
    if kind in ("id_number", "phone", "person_name"):
        return _mask_text(kind, value)
    return PLACEHOLDER
