"""Real-shaped Shenzhen test data: buildings in 粤海街道 (Nanshan), enterprises, a fixed clock."""

from __future__ import annotations

import doctest
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from citytwin.core.codes import city_code
from citytwin.core.codes.ids import uscc_check_char
from citytwin.core.entities import Attribute, AttrType, Entity, geo, prop, rel
from citytwin.demo.hierarchy import area_id
from citytwin.governance.auth import Accounts
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store
from tests.conftest import drop_pg_schema, pg_url, require_postgres

KEJIYUAN = area_id("440305007003")
"""科技园社区 (Science Park community), 粤海街道, 南山区."""
SHENZHEN_UNIVERSITY = area_id("440305007004")
"""深圳大学社区."""
T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


class Clock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def footprint(lng: float, lat: float, size_m: float = 30.0) -> dict[str, Any]:
    """A square footprint (GeoJSON polygon) of ``size_m`` metres centred on lng/lat."""
    dx = size_m / 2 / 102_800  # metres per degree of longitude at 22.5°N
    dy = size_m / 2 / 110_700
    ring = [
        [lng - dx, lat - dy],
        [lng + dx, lat - dy],
        [lng + dx, lat + dy],
        [lng - dx, lat + dy],
        [lng - dx, lat - dy],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def building(
    n: int,
    *,
    height: float | None = None,
    name: str | None = None,
    community: str = KEJIYUAN,
    shift_m: float = 0.0,
    usage: str | None = None,
) -> Entity:
    """Building ``n`` of a row along 科苑路 in 科技园 (lng 113.9437+, lat 22.5405)."""
    lng = 113.9437 + n * 0.0004 + shift_m / 102_800
    entity = Entity(id=building_id(n), types=("Building",))
    entity.set("location", geo(footprint(lng, 22.5405)))
    entity.set("cimLevel", prop("building"))
    entity.set("adminCode", prop("440305007003"))
    entity.set("locatedIn", rel(community))
    if height is not None:
        entity.set("height", prop(height))
    if name is not None:
        entity.set("name", prop(name))
    if usage is not None:
        entity.set("usage", prop(usage))
    return entity


def building_id(n: int) -> str:
    """The twin id (city code URN) of building ``n`` of 科技园社区."""
    return city_code.to_urn(city_code.generate("440305007003", "BD", sequence=n + 1))


def uscc(serial: int) -> str:
    """A valid unified social credit code of a Nanshan enterprise (GB 32100 check character)."""
    first17 = f"91440305{serial:09d}"
    return first17 + uscc_check_char(first17)


def enterprise(serial: int, name: str, in_building: str) -> Entity:
    """An enterprise (legal person) owning space in a building."""
    code = uscc(serial)
    entity = Entity(id=city_code.to_urn(city_code.for_enterprise(code)), types=("Organization",))
    entity.set("legalName", prop(name))
    entity.set("uscc", prop(code))
    entity.set("locatedIn", rel(in_building))
    return entity


def language(zh: str) -> Attribute:
    """A LanguageProperty with a Chinese name."""
    return Attribute(AttrType.LANGUAGE_PROPERTY, {"zh": zh})


def ids(entities: Iterator[Entity] | list[Entity]) -> list[str]:
    """Entity ids, sorted."""
    return sorted(e.id for e in entities)


DOCS = Path(__file__).resolve().parents[2] / "docs"


def run_doc_examples(name: str, at_least: int) -> None:
    """Run the examples of ``docs/<name>`` (at least ``at_least`` of them); fail if any gives other output."""
    doc = DOCS / name
    test = doctest.DocTestParser().get_doctest(doc.read_text(encoding="utf-8"), {}, doc.name, str(doc), 0)
    assert len(test.examples) >= at_least
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    try:
        runner.run(test)
    finally:
        store = test.globs.get("store")
        if store is not None:
            store.close()
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} example(s) in {doc.name} failed (see the output above)"


ACTORS: dict[str, dict[str, Any]] = {
    "admin": {"roles": ("administrator",)},
    "operator": {"roles": ("city-operator",)},
    "grid": {"roles": ("grid-worker",), "area": "440304001"},
    "staff": {"roles": ("district-staff",), "tenant": "futian", "area": "440304"},
    "public": {"roles": ()},
    "partner": {"roles": ("city-operator", "partner")},
    "device": {"roles": (), "kind": "device"},
}
"""One account per kind of subject the shipped policy knows (for :func:`account_keys`): a 福田 grid worker,
福田 district staff, a partner, a device …"""


@contextmanager
def backend_store(kind: str, folder: Path) -> Iterator[tuple[str, Store]]:
    """A fresh store of ``kind`` and its URL: ``sqlite``, a file in ``folder``; ``postgres``, a schema of the
    test database, dropped afterwards."""
    schema = None
    if kind == "sqlite":
        url = f"sqlite:///{folder / 'twin.db'}"
    else:
        require_postgres()
        schema = f"ct_test_{uuid.uuid4().hex[:12]}"
        url = pg_url(schema)
    store = open_store(url)
    try:
        yield url, store
    finally:
        store.close()
        if schema is not None:
            drop_pg_schema(schema)


def account_keys(store: Store, actors: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """An account per actor (``kind``, ``roles``, ``tenant``, ``area``) and an API key each, by name."""
    accounts = Accounts(store)
    keys = {}
    for name, spec in actors.items():
        accounts.add(
            name,
            kind=spec.get("kind", "user"),
            roles=tuple(spec["roles"]),
            tenant=spec.get("tenant"),
            area=spec.get("area"),
        )
        keys[name] = accounts.create_key(name)[0]
    return keys
