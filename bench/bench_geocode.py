"""Geocoding benchmark: 100k Shenzhen addresses against a gazetteer of the demo city plus generated places.

The gazetteer holds the real administrative backbone (9 districts, 79 streets, 788 communities with their
synthetic partitions), and, generated deterministically inside those partitions, named roads with house-number
ranges, buildings with names and addresses, and named POIs. Addresses are written from the gazetteer's own
names in the shapes records take: full hierarchy, parts left out, district short names, full-width digits,
spaces, typos in names, numbers between buildings, and some that name nothing in the twin.

``run()`` returns rows for bench/run.py; ``python bench/bench_geocode.py [--quick]`` prints them.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString

from citytwin.core.address import community_display_name
from citytwin.core.codes import admin
from citytwin.core.entities import Attribute, AttrType, Entity, prop
from citytwin.core.geometry import to_geojson
from citytwin.demo.hierarchy import admin_entities
from citytwin.demo.partitions import partitions
from citytwin.ingest.geocode import MIN_SCORE, Gazetteer

# Characters common in Shenzhen place names (a real name set is far more varied than any short list).
ROOTS = (
    "华新科福海南北东西中宝龙金银富安康泰和平兴盛文明建创业翠竹梅莲桃李荔松柏桂兰凤鹏"
    "深圳湾港岭岗坑围田塘沙石山水林园城峰云天星月光辉阳春夏秋冬江河湖泉溪瑞祥嘉德信"
    "诚友爱仁义礼智博雅丽美佳君豪景锦绣怡乐欣悦宏伟达通远航泽润源丰益恒昌隆旺吉利"
    "发家国民众力合众鸿鼎鑫汇聚雄英杰俊秀青绿碧蓝紫红黄白玉珠宝晶彩虹霞雪松竹菊梓"
    "桐楠榕椰蕉柳杨槐樟枫桦朗晴晨曦旭辰宇宙坤乾震巽坎离艮兑泰鼎臻尚品御府庭苑轩阁"
)
BUILDING_WORDS = ("大厦", "花园", "广场", "中心", "名苑", "华庭", "公寓", "小区", "科技园", "商务中心")
POI_WORDS = ("医院", "小学", "中学", "幼儿园", "超市", "银行", "酒店", "体育馆", "图书馆", "公园")
ROAD_WORDS = ("路", "大道", "街", "一路", "二路", "三路")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _word(rng: np.random.Generator, size: int = 2) -> str:
    return "".join(ROOTS[int(i)] for i in rng.integers(0, len(ROOTS), size))


def _entity(kind: str, key: str, geom: Any, **props: Any) -> Entity:
    entity = Entity(id=f"urn:ngsi-ld:{kind}:bench-{key}", types=(kind,))
    entity.set("location", Attribute(AttrType.GEOPROPERTY, to_geojson(geom)))
    for name, value in props.items():
        entity.set(name, prop(value))
    return entity


def city(
    buildings_per_road: int, roads_per_street: int, pois_per_street: int
) -> tuple[list[Entity], list[dict[str, Any]]]:
    """The demo backbone plus generated roads, buildings and POIs, and a record of each generated place."""
    rng = np.random.default_rng(6)
    cells = partitions()
    entities = admin_entities()
    places: list[dict[str, Any]] = []
    for street_code, region in cells.streets.items():
        street = admin.lookup(street_code)
        district = admin.lookup(street_code[:6])
        west, south, east, north = region.bounds
        used: set[str] = set()
        for r in range(roads_per_street):
            name = _word(rng) + ROAD_WORDS[int(rng.integers(0, len(ROAD_WORDS)))]
            if name in used:
                continue
            used.add(name)
            line = None
            for _ in range(200):  # a straight road that stays inside its street
                candidate = LineString(rng.uniform((west, south), (east, north), size=(2, 2)))
                if region.contains(candidate):
                    line = candidate
                    break
            if line is None:
                continue
            top = 2 * buildings_per_road + 1
            key = f"{street_code}-{r}"
            entities.append(
                _entity(
                    "Road", key, line, name=name, houseNumberFrom=1, houseNumberTo=top, adminCode=street_code
                )
            )
            for b in range(buildings_per_road):
                number = 2 * b + 1
                at = shapely.line_interpolate_point(line, (number - 1) / (top - 1), normalized=True)
                bname = _word(rng) + BUILDING_WORDS[int(rng.integers(0, len(BUILDING_WORDS)))]
                bkey = f"{key}-{b}"
                entities.append(
                    _entity("Building", bkey, at, name=bname, address=f"{district.name}{name}{number}号")
                )
                places.append(
                    {
                        "kind": "building",
                        "id": f"urn:ngsi-ld:Building:bench-{bkey}",
                        "name": bname,
                        "road": name,
                        "number": number,
                        "top": top,
                        "district": district.name,
                        "street": street.name,
                    }
                )
        communities = admin.communities(street_code)
        for p in range(pois_per_street):
            while True:
                x, y = rng.uniform(west, east), rng.uniform(south, north)
                if region.contains(shapely.Point(x, y)):
                    break
            pname = _word(rng, 3) + POI_WORDS[int(rng.integers(0, len(POI_WORDS)))]
            pkey = f"{street_code}-p{p}"
            entities.append(_entity("PointOfInterest", pkey, shapely.Point(x, y), name=pname))
            point = shapely.Point(x, y)
            community = next(
                (c for c in communities if cells.communities[c.code].covers(point)), communities[0]
            )
            places.append(
                {
                    "kind": "poi",
                    "id": f"urn:ngsi-ld:PointOfInterest:bench-{pkey}",
                    "name": pname,
                    "district": district.name,
                    "street": street.name,
                    "community": community_display_name(community.name),
                }
            )
    return entities, places


def _typo(rng: np.random.Generator, name: str) -> str:
    """One character of the name's distinctive part replaced (the building word stays)."""
    i = int(rng.integers(0, 2))
    return name[:i] + ROOTS[int(rng.integers(0, len(ROOTS)))] + name[i + 1 :]


def addresses(places: list[dict[str, Any]], n: int) -> list[tuple[str, str | None]]:
    """``n`` addresses with the id of the place each was written from (None: names nothing in the twin)."""
    rng = np.random.default_rng(2024)
    out: list[tuple[str, str | None]] = []
    buildings = [p for p in places if p["kind"] == "building"]
    pois = [p for p in places if p["kind"] == "poi"]
    for _ in range(n):
        shape = rng.random()
        b = buildings[int(rng.integers(0, len(buildings)))]
        short = b["district"].removesuffix("区")
        if shape < 0.25:
            unit = f"{int(rng.integers(1, 30))}栋"
            text = f"深圳市{b['district']}{b['street']}{b['road']}{b['number']}号{b['name']}{unit}"
            out.append((text, b["id"]))
        elif shape < 0.40:
            out.append((f"{b['district']}{b['name']}", b["id"]))
        elif shape < 0.50:
            text = f"{short}{b['road']}{b['number']}号".translate(FULL_WIDTH)
            out.append((text, b["id"]))
        elif shape < 0.60:
            # A number between two buildings: interpolated on the road.
            even = int(rng.integers(1, b["top"] // 2)) * 2
            out.append((f"{b['district']} {b['road']} {even}号", "road"))
        elif shape < 0.72:
            p = pois[int(rng.integers(0, len(pois)))]
            out.append((f"{p['district']}{p['street']}{p['community']}{p['name']}", p["id"]))
        elif shape < 0.80:
            p = pois[int(rng.integers(0, len(pois)))]
            out.append((p["name"], p["id"]))
        elif shape < 0.90:
            out.append((f"{b['district']}{_typo(rng, b['name'])}", b["id"]))
        elif shape < 0.95:
            out.append((f"{b['street']}{b['road']}", "road"))
        else:
            out.append((f"北京市朝阳区{_word(rng, 4)}胡同{int(rng.integers(1, 99))}号", None))
    return out


def run(
    n: int = 100_000, buildings_per_road: int = 20, roads_per_street: int = 30, pois_per_street: int = 250
) -> list[dict[str, Any]]:
    """Benchmark rows: build time, throughput, and how often the right place came back."""
    started = time.perf_counter()
    entities, places = city(buildings_per_road, roads_per_street, pois_per_street)
    made = time.perf_counter() - started
    started = time.perf_counter()
    gazetteer = Gazetteer.from_entities(entities)
    built = time.perf_counter() - started
    queries = addresses(places, n)
    texts = [q for q, _ in queries]
    started, cpu = time.perf_counter(), time.process_time()
    matches = gazetteer.geocode_many(texts)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    right = wrong = registered = missed_none = 0
    expected_place = 0
    for (_, want), match in zip(queries, matches, strict=True):
        if match is not None and match.score >= MIN_SCORE:
            registered += 1
        if want is None:
            missed_none += match is None or match.score < MIN_SCORE
            continue
        if want == "road":
            continue
        expected_place += 1
        if match is not None and match.entity_id == want:
            right += 1
        elif match is not None and match.level in ("building", "poi"):
            wrong += 1
    unmatched_total = sum(1 for _, w in queries if w is None)
    note = f"{len(places):,} generated places + the admin backbone ({gazetteer.size:,} indexed entities)"
    return [
        {
            "name": "geocode throughput",
            "value": n / seconds,
            "unit": "addresses/s",
            "target": 10_000,
            "note": f"{n:,} addresses, one thread, wall clock; {note}",
        },
        {
            "name": "geocode throughput (CPU time)",
            "value": n / cpu_seconds,
            "unit": "addresses/s",
            "target": 10_000,
            "note": "the same run by CPU time: what one core does while other work shares the machine",
        },
        {
            "name": "gazetteer build",
            "value": built,
            "unit": "s",
            "lower_is_better": True,
            "note": f"from {len(entities):,} entities (generating them took {made:.1f} s)",
        },
        {
            "name": "right place (building/POI addresses)",
            "value": 100 * right / max(expected_place, 1),
            "unit": "%",
            "note": f"{wrong:,} matched another building or POI",
        },
        {
            "name": "registered (score ≥ MIN_SCORE)",
            "value": 100 * registered / n,
            "unit": "%",
            "note": "includes road-level and interpolated matches",
        },
        {
            "name": "non-Shenzhen addresses left unregistered",
            "value": 100 * missed_none / max(unmatched_total, 1),
            "unit": "%",
            "note": f"{unmatched_total:,} addresses that name nothing in the twin",
        },
    ]


if __name__ == "__main__":
    size = 10_000 if "--quick" in sys.argv else 100_000
    for row in run(n=size):
        print(f"{row['name']}: {row['value']:,.2f} {row['unit']}  ({row.get('note', '')})")
