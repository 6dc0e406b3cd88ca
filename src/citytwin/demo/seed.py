"""Seed a store with the Shenzhen backbone and show what the twin can answer from it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shapely.geometry import Point

from citytwin.core.entities import Entity
from citytwin.core.levels import ModelLevel
from citytwin.core.query import EntityQuery, GeoFilter, GeoRel, types_of
from citytwin.demo.hierarchy import admin_entities, area_id
from citytwin.storage.base import Store

# Landmarks (WGS84) the demo asks the twin about.
LANDMARKS = {
    "平安金融中心 Ping An Finance Centre": (114.0503, 22.5333),
    "深圳北站 Shenzhen North Station": (114.0290, 22.6096),
    "大梅沙 Dameisha beach": (114.3080, 22.5950),
}


def seed(store: Store, progress: Callable[[str], None] = print) -> dict[str, int]:
    """Write the administrative backbone (idempotent upsert); returns counts by type."""
    entities = admin_entities()
    progress(f"seeding {len(entities)} administrative areas (city, districts, streets, communities)")
    result = store.tenant().upsert_many(entities)
    if result.errors:
        first = result.errors[0]
        raise RuntimeError(
            f"{len(result.errors)} areas failed to load; first {first.entity_id}: {first.problem}"
        )
    counts: dict[str, int] = {}
    for entity in entities:
        counts[entity.type] = counts.get(entity.type, 0) + 1
    return counts


def _name(entity: Entity) -> str:
    names = entity.value("name", {})
    return str(names.get("zh", entity.id)) if isinstance(names, dict) else entity.id


def tour(store: Store) -> list[dict[str, Any]]:
    """Questions the twin answers from the backbone alone, with their answers."""
    twin = store.tenant()
    answers: list[dict[str, Any]] = []
    for label, (lng, lat) in LANDMARKS.items():
        found = twin.query(
            EntityQuery(
                types=types_of("District"), geo=GeoFilter(GeoRel.INTERSECTS, Point(lng, lat)), limit=5
            )
        )
        answers.append(
            {"question": f"Which district holds {label}?", "answer": [_name(e) for e in found.entities]}
        )
    yuehai = twin.query(EntityQuery(types=types_of("Community"), admin_code="440305007", count=True, limit=3))
    answers.append(
        {
            "question": "How many communities does 粤海街道 (440305007) have?",
            "answer": yuehai.count,
            "examples": [_name(e) for e in yuehai.entities],
        }
    )
    districts = twin.query(EntityQuery(levels=(ModelLevel.DISTRICT,), types=types_of("District"), count=True))
    answers.append({"question": "How many GB/T 2260 districts?", "answer": districts.count})
    nanshan = twin.get(area_id("440305"))
    answers.append({"question": "What is 南山区's twin id?", "answer": nanshan.id})
    return answers
