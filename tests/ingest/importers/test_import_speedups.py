"""The import's cheaper paths give what the plain ones gave: reader format and values, the undo log."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from citytwin.core.query import EntityQuery, types_of
from citytwin.ingest.importers.atomic import UndoLog
from citytwin.ingest.importers.model import ImportOptions
from citytwin.ingest.importers.pipeline import run_import
from citytwin.storage.base import TenantStore
from tests.ingest.importers.test_atomic import buildings_file


@pytest.mark.parametrize("name", ["blocks.geojson", "blocks.json"])
def test_geojson_is_reported_as_geojson_whatever_the_suffix(
    twin: TenantStore, tmp_path: Path, name: str
) -> None:
    path = buildings_file(tmp_path / "source.geojson", 3)
    if name != path.name:
        path = Path(shutil.copy(path, tmp_path / name))  # OGR names the driver: no suffix to go by
    report = run_import(
        path, twin, ImportOptions(category="space-2d3d", entity_type="Building", id_column="bid")
    )
    assert report.committed and report.format == "geojson" and report.imported == 3


def test_null_and_blank_properties_are_left_out_and_text_is_trimmed(
    twin: TenantStore, tmp_path: Path
) -> None:
    path = buildings_file(tmp_path / "blocks.geojson", 3)
    data = json.loads(path.read_text())
    extras = [{"usage": "  office "}, {"usage": None}, {"usage": "   "}]
    for feature, extra in zip(data["features"], extras, strict=True):
        feature["properties"].update(extra)
    path.write_text(json.dumps(data), encoding="utf-8")
    report = run_import(
        path, twin, ImportOptions(category="space-2d3d", entity_type="Building", id_column="bid")
    )
    assert report.imported == 3
    buildings = twin.query(EntityQuery(types=types_of("Building"))).entities
    by_floors = {e.value("floors"): e for e in buildings}
    assert sorted(by_floors) == [6, 7, 8]
    assert by_floors[6].value("usage") == "office"
    assert "usage" not in by_floors[7].attrs and "usage" not in by_floors[8].attrs


@pytest.mark.parametrize("chunk", [1, 3, 4, 100])
def test_undo_log_rechunks_created_ids_logged_a_batch_at_a_time(chunk: int) -> None:
    log = UndoLog()
    batches = [[f"urn:ngsi-ld:Building:b{b}-{i}" for i in range(size)] for b, size in enumerate((5, 0, 2, 7))]
    for ids in batches:
        log.add(ids, [])
    chunks = list(log.created_ids(chunk=chunk))
    assert [i for c in chunks for i in c] == [i for ids in batches for i in ids]
    assert all(len(c) == chunk for c in chunks[:-1]) and 0 < len(chunks[-1]) <= chunk
    assert log.created == 14
    log.close()
