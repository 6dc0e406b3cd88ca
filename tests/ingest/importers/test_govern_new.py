"""A first import takes the arbiter's bulk path for new entities and stores what the general path stores."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from citytwin.core.entities import Entity
from citytwin.governance.sources import ArbiterOutcome, SourceArbiter
from citytwin.ingest.importers.model import ImportOptions
from citytwin.ingest.importers.pipeline import run_import
from citytwin.ingest.importers.report import ImportFailed, ImportReport
from citytwin.storage.base import Store, TenantStore
from tests.governance.helpers import Clock
from tests.ingest.importers.conftest import snapshot
from tests.ingest.importers.test_atomic import FailingTenant, buildings_file

OPTIONS = ImportOptions(category="space-2d3d", entity_type="Building", id_column="bid", source="sz-pnr")


class Paths:
    """Counts the arbiter calls an import makes (the real methods run)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, int]] = []
        apply, apply_new = SourceArbiter.apply, SourceArbiter.apply_new

        def counted_apply(arbiter: SourceArbiter, entities: Sequence[Entity], **kw: Any) -> ArbiterOutcome:
            self.calls.append(("apply", len(entities)))
            return apply(arbiter, entities, **kw)

        def counted_new(arbiter: SourceArbiter, entities: Sequence[Entity], **kw: Any) -> ArbiterOutcome:
            self.calls.append(("apply_new", len(entities)))
            return apply_new(arbiter, entities, **kw)

        monkeypatch.setattr(SourceArbiter, "apply", counted_apply)
        monkeypatch.setattr(SourceArbiter, "apply_new", counted_new)


def general_path_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Send what govern.py gives the bulk path through the general one (``apply`` over an empty twin)."""
    apply = SourceArbiter.apply

    def general(arbiter: SourceArbiter, entities: Sequence[Entity], **kw: Any) -> ArbiterOutcome:
        return apply(arbiter, entities, current={}, **kw)

    monkeypatch.setattr(SourceArbiter, "apply_new", general)


def seeded(store: Store, name: str, areas: list[Entity]) -> TenantStore:
    tenant = store.tenant(name)
    assert not tenant.upsert_many(areas).errors
    return tenant


def counts(report: ImportReport) -> tuple[int, ...]:
    return (report.imported, report.rows_read, report.candidates, report.conflicts, report.rejected_count)


def test_a_first_import_takes_the_bulk_path_and_stores_the_same(
    store: Store, areas: list[Entity], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bulk, general = seeded(store, "bulk", areas), seeded(store, "general", areas)
    path = buildings_file(tmp_path / "blocks.geojson", 9)
    paths = Paths(monkeypatch)
    report = run_import(path, bulk, OPTIONS, clock=Clock(), chunk=4, batch_id="b-1")
    assert report.committed and report.imported == 9
    assert paths.calls == [("apply_new", 4), ("apply_new", 4), ("apply_new", 1)]

    general_path_only(monkeypatch)
    control = run_import(path, general, OPTIONS, clock=Clock(), chunk=4, batch_id="b-1")
    assert counts(control) == counts(report)
    assert snapshot(bulk) == snapshot(general)  # entities with provenance, catalog, batch record, candidates

    # Over existing buildings (and with new ones in a batch) the general path judges, in both tenants.
    monkeypatch.undo()
    paths = Paths(monkeypatch)
    again = buildings_file(tmp_path / "more.geojson", 11, floors=20)
    options = ImportOptions(category="space-2d3d", entity_type="Building", id_column="bid", source="osm")
    second = run_import(again, bulk, options, clock=Clock(), chunk=4, batch_id="b-2")
    assert paths.calls == [("apply", 4), ("apply", 4), ("apply", 3)]
    assert second.candidates > 0  # sz-pnr is the authority: osm's heights and footprints wait aside
    run_import(again, general, options, clock=Clock(), chunk=4, batch_id="b-2")
    assert snapshot(bulk) == snapshot(general)


def test_a_failed_first_import_on_the_bulk_path_leaves_nothing(
    twin: TenantStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(twin)
    paths = Paths(monkeypatch)
    failing = FailingTenant(twin, fail_document="import-batch")
    path = buildings_file(tmp_path / "blocks.geojson", 9)
    with pytest.raises(ImportFailed, match="cannot write import-batch"):
        run_import(path, failing, OPTIONS, clock=Clock(), chunk=4)  # type: ignore[arg-type]
    assert [name for name, _ in paths.calls] == ["apply_new"] * 3
    assert snapshot(twin) == before  # the undo log took back every created building
