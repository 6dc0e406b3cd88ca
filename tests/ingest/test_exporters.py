"""The one entity-file writer: several formats from one read, and no partial file when an export fails."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyogrio
import pytest

from citytwin.core.entities import Entity, geo, prop
from citytwin.ingest.exporters import write_entities, write_formats


def building(n: int, height: float | int | None) -> Entity:
    entity = Entity(f"urn:ngsi-ld:Building:b{n}", ("Building",))
    entity.set("name", prop(f"园岭新村{n}栋"))
    if height is not None:
        entity.set("height", prop(height))
    entity.set("location", geo({"type": "Point", "coordinates": [114.05 + n / 1000, 22.54]}))
    return entity


BUILDINGS = [building(1, 24), building(2, None), building(3, 31.5)]


def once(entities: list[Entity]) -> Iterator[Entity]:
    """The entities, read at most once (a second pass would find nothing)."""
    yield from entities


def test_every_format_from_one_read_matches_the_single_format_writer(tmp_path: Path) -> None:
    targets = {fmt: tmp_path / f"all.{fmt}" for fmt in ("ndjson", "geojson", "csv", "gpkg")}
    written = write_formats(once(BUILDINGS), targets, layer="buildings")
    for fmt, path in targets.items():
        item = written[fmt]
        assert item.count == 3 and item.attributes == ["height", "location", "name"]
        assert (
            item.bytes == path.stat().st_size and item.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        )
        if fmt != "gpkg":  # a GeoPackage file holds its own timestamps
            alone = write_entities(iter(BUILDINGS), fmt, tmp_path / f"one.{fmt}", layer="buildings")
            assert alone.sha256 == item.sha256
    rows = list(csv.DictReader(io.StringIO(targets["csv"].read_text("utf-8"))))
    assert [r["height"] for r in rows] == ["24", "", "31.5"] and rows[0]["name"] == "园岭新村1栋"
    assert json.loads(rows[2]["location"]) == {"type": "Point", "coordinates": [114.053, 22.54]}
    meta, _, geometry, fields = pyogrio.raw.read(targets["gpkg"])
    table = dict(zip(meta["fields"], fields, strict=True))
    assert [str(v) for v in table["height"]] == ["24.0", "nan", "31.5"] and len(geometry) == 3
    assert [Entity.from_dict(json.loads(x)) for x in targets["ndjson"].read_text("utf-8").splitlines()] == (
        BUILDINGS
    )
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # nothing left over


def test_a_failed_read_leaves_no_file(tmp_path: Path) -> None:
    def failing() -> Iterator[Entity]:
        yield BUILDINGS[0]
        raise RuntimeError("the store went away")

    targets = {fmt: tmp_path / f"x.{fmt}" for fmt in ("ndjson", "csv", "gpkg")}
    with pytest.raises(RuntimeError):
        write_formats(failing(), targets)
    assert list(tmp_path.iterdir()) == []


def test_streams_and_files_mix(tmp_path: Path) -> None:
    stream = io.BytesIO()
    written = write_formats(once(BUILDINGS), {"geojson": stream, "csv": tmp_path / "b.csv"})
    features = json.loads(stream.getvalue())["features"]
    assert [f["id"] for f in features] == [e.id for e in BUILDINGS]
    assert written["geojson"].sha256 == hashlib.sha256(stream.getvalue()).hexdigest()
    assert (tmp_path / "b.csv").read_text("utf-8").splitlines()[0] == "id,type,height,name,location"
