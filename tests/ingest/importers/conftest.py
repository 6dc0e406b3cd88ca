"""Fixtures for the importer tests: a store seeded with Shenzhen's administrative areas, file writers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from citytwin.core.entities import Entity
from citytwin.core.query import EntityQuery
from citytwin.demo.hierarchy import admin_entities
from citytwin.storage.base import Store, TenantStore

DATA = Path(__file__).resolve().parent / "data"
WEIBO = DATA / "sz_poi_weibo_checkins_34856.csv"


@pytest.fixture(scope="session")
def areas() -> list[Entity]:
    """City, districts, streets and communities of Shenzhen with their boundaries (built once)."""
    return admin_entities()


@pytest.fixture
def twin(store: Store, areas: list[Entity]) -> Iterator[TenantStore]:
    """The default tenant of a fresh store (each backend) holding Shenzhen's administrative areas."""
    tenant = store.tenant()
    result = tenant.upsert_many(areas)
    assert not result.errors
    yield tenant


def snapshot(tenant: TenantStore) -> dict[str, dict[str, Any]]:
    """Every entity of a tenant (attributes without system times) and every document, for equality checks."""
    out: dict[str, dict[str, Any]] = {}
    offset = 0
    while True:
        page = tenant.query(EntityQuery(limit=1000, offset=offset)).entities
        for entity in page:
            out[entity.id] = json.loads(json.dumps(entity.to_dict()))
        if len(page) < 1000:
            break
        offset += 1000
    for kind in ("dataset", "import-batch", "candidate", "conflict"):
        for doc_id, doc in tenant.list_documents(kind):
            out[f"doc:{kind}:{doc_id}"] = doc
    return out


def write_csv(path: Path, header: list[str], rows: list[list[Any]], encoding: str = "utf-8") -> Path:
    """A CSV file with a header row."""
    lines = [",".join(header)] + [",".join("" if v is None else str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path
