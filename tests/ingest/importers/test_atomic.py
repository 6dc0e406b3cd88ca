"""All or nothing: rejects under --strict / --max-rejects, store failures mid-import, governance failures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import shapely

from citytwin.core.query import EntityQuery, types_of
from citytwin.errors import StorageUnavailable
from citytwin.governance.catalog import Catalog
from citytwin.governance.lineage import Lineage
from citytwin.governance.registry import extend_tenant_registry
from citytwin.ingest.importers.model import ImportOptions, Progress
from citytwin.ingest.importers.pipeline import run_import
from citytwin.ingest.importers.report import ImportFailed
from citytwin.storage.base import BatchResult, PreparedUpsert, TenantStore
from tests.ingest.importers.conftest import snapshot
from tests.ingest.importers.test_structured import E0, N0, write_dem

BASE = (114.0595, 22.5431)


def buildings_file(path: Path, count: int, *, floors: int = 5, bad_rows: tuple[int, ...] = ()) -> Path:
    """``count`` small footprints east of 市民中心; rows in ``bad_rows`` (1-based) get a broken geometry."""
    features = []
    for i in range(1, count + 1):
        x = BASE[0] + i * 0.0005
        geometry: Any = shapely.box(x, BASE[1], x + 0.0002, BASE[1] + 0.0002).__geo_interface__
        if i in bad_rows:
            geometry = {"type": "Polygon", "coordinates": [[[x, BASE[1]], [x + 1e-4, BASE[1]], [x, BASE[1]]]]}
        features.append(
            {"type": "Feature", "properties": {"bid": f"B{i}", "floors": floors + i}, "geometry": geometry}
        )
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


class FailingTenant:
    """A tenant store whose n-th ``upsert_many`` (or a document kind's ``put_document``) fails."""

    def __init__(self, inner: TenantStore, *, fail_upsert: int = 0, fail_document: str | None = None) -> None:
        self.inner = inner
        self.fail_upsert = fail_upsert
        self.fail_document = fail_document
        self.upserts = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def upsert_many(self, entities: Any, **kw: Any) -> BatchResult:
        self.upserts += 1
        if self.upserts == self.fail_upsert:
            items = list(entities)
            self.inner.upsert_many(items[: len(items) // 2], **kw)  # half of the chunk made it in
            raise StorageUnavailable("disk full (injected)")
        return self.inner.upsert_many(entities, **kw)

    def upsert_prepared(self, prepared: PreparedUpsert) -> BatchResult:
        # The bulk writers' path (prepared ahead): fails on the same count as upsert_many.
        if self.upserts + 1 == self.fail_upsert:
            return self.upsert_many(prepared.entities)
        self.upserts += 1
        return self.inner.upsert_prepared(prepared)

    def put_document(self, kind: str, doc_id: str, doc: dict[str, Any]) -> None:
        if kind == self.fail_document:
            raise StorageUnavailable(f"cannot write {kind} (injected)")
        self.inner.put_document(kind, doc_id, doc)


def first_import(twin: TenantStore, tmp_path: Path) -> Any:
    path = buildings_file(tmp_path / "blocks.geojson", 6)
    report = run_import(
        path, twin, ImportOptions(category="space-2d3d", entity_type="Building", id_column="bid")
    )
    assert report.committed and report.imported == 6
    return report


def test_strict_aborts_on_a_reject_in_a_later_batch_and_leaves_the_store_unchanged(
    twin: TenantStore, tmp_path: Path
) -> None:
    first_import(twin, tmp_path)
    before = snapshot(twin)
    path = buildings_file(tmp_path / "blocks.geojson", 8, floors=50, bad_rows=(7,))
    options = ImportOptions(category="space-2d3d", entity_type="Building", id_column="bid", strict=True)
    with pytest.raises(ImportFailed, match=r"--strict: 1 row\(s\) rejected; first at row 7") as caught:
        run_import(path, twin, options, chunk=3)  # rows 1-6 were written before row 7 was read
    report = caught.value.report
    assert not report.committed and report.imported == 0 and report.rows_read == 9 - 1
    assert snapshot(twin) == before


@pytest.mark.parametrize("failing_write", [2, 3], ids=["a-middle-batch", "the-last-batch"])
def test_a_store_failure_midway_restores_what_the_import_replaced(
    twin: TenantStore, tmp_path: Path, failing_write: int
) -> None:
    first = first_import(twin, tmp_path)
    before = snapshot(twin)
    path = buildings_file(tmp_path / "blocks.geojson", 9, floors=70)  # 6 replacements, then 3 new
    failing = FailingTenant(twin, fail_upsert=failing_write)
    options = ImportOptions(category="space-2d3d", entity_type="Building", id_column="bid")
    with pytest.raises(ImportFailed, match="disk full") as caught:
        run_import(path, failing, options, chunk=3)  # type: ignore[arg-type]
    assert caught.value.report.error is not None and not caught.value.report.committed
    assert snapshot(twin) == before
    floors = sorted(e.value("floors") for e in twin.query(EntityQuery(types=types_of("Building"))).entities)
    assert floors == [6, 7, 8, 9, 10, 11]
    assert Catalog(twin).get(first.dataset).last_batch == first.batch_id


@pytest.mark.parametrize("kind", ["import-batch", "candidate"])
def test_a_governance_failure_undoes_entities_and_catalog(
    twin: TenantStore, tmp_path: Path, kind: str
) -> None:
    first = first_import(twin, tmp_path)
    if kind == "candidate":
        # The first import's source is the authority for Building.floors: this import's values become
        # candidates, and storing them is what fails.
        extend_tenant_registry(
            twin,
            {"rules": [{"category": "space-2d3d", "types": ["Building"], "attribute": "floors",
                        "authority": first.source}]},
        )  # fmt: skip
    before = snapshot(twin)
    path = buildings_file(tmp_path / "blocks.geojson", 7, floors=90)
    failing = FailingTenant(twin, fail_document=kind)
    options = ImportOptions(category="space-2d3d", entity_type="Building", id_column="bid", source="survey")
    with pytest.raises(ImportFailed, match="injected"):
        run_import(path, failing, options)  # type: ignore[arg-type]
    assert snapshot(twin) == before
    assert Catalog(twin).get(first.dataset).last_batch == first.batch_id
    assert [b.id for b in Lineage(twin).batches()] == [first.batch_id]


def test_max_rejects_as_count_and_ratio(twin: TenantStore, tmp_path: Path) -> None:
    path = buildings_file(tmp_path / "blocks.geojson", 10, bad_rows=(2, 5))
    before = snapshot(twin)
    with pytest.raises(ImportFailed, match="2 rows rejected, more than --max-rejects 1"):
        run_import(path, twin, ImportOptions(category="space-2d3d", entity_type="Building", max_rejects=1))
    with pytest.raises(ImportFailed, match=r"2 of 10 rows rejected \(20.0%\), more than --max-rejects 10.0%"):
        run_import(path, twin, ImportOptions(category="space-2d3d", entity_type="Building", max_rejects=0.1))
    assert snapshot(twin) == before
    report = run_import(
        path, twin, ImportOptions(category="space-2d3d", entity_type="Building", max_rejects=0.25)
    )
    assert report.committed and report.imported == 8 and report.rejected_count == 2
    assert [n.row for n in report.rejected] == [2, 5]
    assert all(n.reason.startswith("invalid geometry") for n in report.rejected)


def test_a_failed_dem_import_removes_its_raster_copy(twin: TenantStore, tmp_path: Path) -> None:
    import numpy as np

    path = write_dem(tmp_path / "dem.tif", E0, N0, 5.0, np.full((20, 30), 7.0), -9999.0)
    rasters = tmp_path / "rasters"
    failing = FailingTenant(twin, fail_upsert=1)
    with pytest.raises(ImportFailed):
        run_import(path, failing, ImportOptions(category="spatiotemporal-base", raster_dir=rasters))  # type: ignore[arg-type]
    assert list(rasters.iterdir()) == []
    assert twin.query(EntityQuery(types=types_of("DigitalElevationModel"))).entities == []


def test_reimport_keeps_ids_and_records_lineage(twin: TenantStore, tmp_path: Path) -> None:
    first = first_import(twin, tmp_path)
    ids_before = sorted(e.id for e in twin.query(EntityQuery(types=types_of("Building"))).entities)
    path = buildings_file(tmp_path / "blocks.geojson", 6, floors=20)
    second = run_import(
        path, twin, ImportOptions(category="space-2d3d", entity_type="Building", id_column="bid")
    )
    found = twin.query(EntityQuery(types=types_of("Building"))).entities
    assert sorted(e.id for e in found) == ids_before
    assert sorted(e.value("floors") for e in found) == [21, 22, 23, 24, 25, 26]
    batches = Lineage(twin).batches_for(ids_before[0])
    assert {b.id for b in batches} == {first.batch_id, second.batch_id}
    record = Catalog(twin).get(first.dataset)
    assert record.last_batch == second.batch_id and record.record_count == 6
    batch = Lineage(twin).batch(second.batch_id)
    assert batch.counts["imported"] == 6 and sorted(batch.entity_ids) == ids_before


def test_progress_tells_rows_handed_to_the_writer_from_rows_it_has_written(
    twin: TenantStore, tmp_path: Path
) -> None:
    path = buildings_file(tmp_path / "blocks.geojson", 9)
    seen: list[tuple[int, int]] = []

    def progress(step: Progress) -> None:
        if step.stage == "import":
            imported, written = (int(n.replace(",", "")) for n in step.message.split()[::2][:2])
            seen.append((imported, written))

    options = ImportOptions(category="space-2d3d", entity_type="Building", id_column="bid")
    report = run_import(path, twin, options, chunk=3, progress=progress)
    assert report.committed and report.imported == 9
    assert [imported for imported, _ in seen] == [3, 6, 9]
    # the writer thread is at most one batch behind, never ahead
    assert all(imported - 3 <= written <= imported for imported, written in seen)
