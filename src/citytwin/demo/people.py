"""Synthetic enterprises (valid USCCs) and residents: counts per building, elderly people living alone.

Every identifier is valid in format and synthetic: enterprise codes pass the GB 32100 check, resident ID
numbers pass the GB 11643 check, but they are drawn at random. Resident ID numbers never leave this module in
clear: the register keeps an HMAC-SHA256 (``residentIdHash``) and the masked form (``residentIdMasked``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from citytwin.core.codes import city_code
from citytwin.core.codes.ids import (
    USCC_ALPHABET,
    hash_resident_id,
    mask_resident_id,
    resident_id_check_char,
    uscc_check_char,
)
from citytwin.demo.buildings import Buildings
from citytwin.demo.generate_scale import Scale, rng, twin_id

# The demo's key for resident-ID hashes; a real deployment uses its own secret (settings), never this one.
DEMO_ID_KEY = b"citytwin-demo-resident-id-key"
INDUSTRIES = (
    ("I65", "软件和信息技术服务业", "科技"),
    ("C39", "计算机、通信和其他电子设备制造业", "电子"),
    ("F51", "批发业", "贸易"),
    ("F52", "零售业", "商贸"),
    ("J66", "货币金融服务", "金融"),
    ("L72", "商务服务业", "咨询"),
    ("H62", "餐饮业", "餐饮"),
    ("E47", "房屋建筑业", "建设"),
)
_NAME_HEAD = ("华", "鹏", "深", "海", "盛", "创", "星", "中", "信", "达", "腾", "迅", "新", "宏", "汇", "龙")
_BY_USE = {
    "office": (4, 30),
    "commercial": (2, 12),
    "industrial": (1, 5),
    "residential": (0, 1),
    "public": (0, 0),
}


def make_uscc(gen: np.random.Generator, district: str) -> str:
    """A valid-format synthetic unified social credit code registered in ``district``."""
    body = "".join(USCC_ALPHABET[i] for i in gen.integers(0, len(USCC_ALPHABET), 9))
    first17 = "91" + district[:6] + body
    return first17 + uscc_check_char(first17)


def make_resident_id(gen: np.random.Generator, district: str, born: date) -> str:
    """A valid-format synthetic resident ID number (GB 11643) issued in ``district``."""
    first17 = f"{district[:6]}{born:%Y%m%d}{int(gen.integers(0, 1000)):03d}"
    return first17 + resident_id_check_char(first17)


@dataclass(slots=True)
class People:
    """Rows for the enterprise, economic, population and elderly-register datasets."""

    enterprises: list[dict[str, Any]]
    economics: list[dict[str, Any]]
    population: list[dict[str, Any]]
    elderly: list[dict[str, Any]]


def generate_people(scale: Scale, buildings: Buildings, *, today: date) -> People:
    """Enterprises in offices, shops and factories; residents per building; elderly people living alone."""
    gen = rng(scale, "people")
    centroids = [p.centroid for p in buildings.polygons]
    enterprises: list[dict[str, Any]] = []
    economics: list[dict[str, Any]] = []
    population: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, props in enumerate(buildings.props):
        lo, hi = _BY_USE[props["buildingUse"]]
        for _ in range(int(gen.integers(lo, hi + 1)) if hi else 0):
            uscc = make_uscc(gen, props["district"])
            if uscc in seen:
                continue
            seen.add(uscc)
            code, industry, word = INDUSTRIES[int(gen.integers(0, len(INDUSTRIES)))]
            head = "".join(_NAME_HEAD[i] for i in gen.integers(0, len(_NAME_HEAD), 2))
            eid = city_code.to_urn(city_code.for_enterprise(uscc, props["district"]), "Enterprise")
            employees = int(gen.lognormal(2.8, 1.1)) + 1
            c = centroids[n]
            enterprises.append(
                {
                    "twinId": eid,
                    "uscc": uscc,
                    "name": f"深圳市{head}{word}有限公司",
                    "industryCode": code,
                    "industry": industry,
                    "employees": employees,
                    "registeredCapital": round(float(gen.lognormal(6.5, 1.4)), 1),
                    "establishedYear": int(gen.integers(1990, 2025)),
                    "building": props["twinId"],
                    "lon": round(c.x, 7),
                    "lat": round(c.y, 7),
                }
            )
            revenue = employees * float(gen.lognormal(4.6, 0.6))
            economics.append(
                {
                    "twinId": eid,
                    "uscc": uscc,
                    "annualRevenue": round(revenue, 1),
                    "taxPaid": round(revenue * float(gen.uniform(0.03, 0.09)), 1),
                    "reportYear": today.year - 1,
                    "lon": round(c.x, 7),
                    "lat": round(c.y, 7),
                }
            )
        pop = props["population"]
        elderly_share = float(gen.uniform(0.04, 0.12))
        c = centroids[n]
        population.append(
            {
                "twinId": props["twinId"],
                "population": pop,
                "households": props["households"],
                "elderlyCount": round(pop * elderly_share),
                "childrenCount": round(pop * float(gen.uniform(0.08, 0.18))),
                "lon": round(c.x, 7),
                "lat": round(c.y, 7),
            }
        )
    homes = [
        n for n, p in enumerate(buildings.props) if p["buildingUse"] == "residential" and p["population"]
    ]
    picks: Any = gen.choice(len(homes), size=min(scale.elderly, len(homes)), replace=False) if homes else []
    elderly: list[dict[str, Any]] = []
    for k, h in enumerate(sorted(int(homes[i]) for i in picks)):
        props = buildings.props[h]
        born = date(
            int(gen.integers(1930, today.year - 65)), int(gen.integers(1, 13)), int(gen.integers(1, 29))
        )
        rid = make_resident_id(gen, props["district"], born)
        floor = int(gen.integers(1, props["floors"] + 1))
        c = centroids[h]
        elderly.append(
            {
                "twinId": twin_id(
                    "BuildingUnit", "building unit", props["district"], f"{scale.name}:unit:{k}"
                ),
                "name": f"{floor}{int(gen.integers(1, 9)):02d}室",
                "building": props["twinId"],
                "floor": floor,
                "livesAlone": True,
                "residentAge": today.year - born.year,
                "residentIdHash": hash_resident_id(rid, DEMO_ID_KEY),
                "residentIdMasked": mask_resident_id(rid),
                "careLevel": ("daily-call", "weekly-visit", "monthly-visit")[int(gen.integers(0, 3))],
                "lon": round(c.x, 7),
                "lat": round(c.y, 7),
            }
        )
    return People(enterprises, economics, population, elderly)
