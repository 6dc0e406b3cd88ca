"""Provenance stamps, their NGSI-LD round trip on both backends, batch records and lineage."""

from __future__ import annotations

from datetime import timedelta

import pytest
from starlette.testclient import TestClient

from citytwin.core.entities import Entity
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.governance import lineage as lineage_module
from citytwin.governance.lineage import PROVENANCE, ImportBatch, Lineage, provenance_of, stamp
from citytwin.governance.sources import SourceArbiter
from citytwin.storage.base import Store, TenantStore
from tests.api.conftest import V1
from tests.governance.helpers import T0, Clock, building, building_id

PNR, OSM = "sz-pnr", "osm-contributors"


def test_stamp_puts_provenance_on_the_entity_and_every_attribute() -> None:
    entity = stamp(building(1, height=30.0, name="腾讯滨海大厦"), source=PNR, batch_id="pnr-1", at=T0)
    expected = {"source": PNR, "importBatch": "pnr-1", "importedAt": "2025-03-01T08:00:00Z"}
    names = [name for name, _ in entity.iter_instances() if name != PROVENANCE]
    assert sorted(names) == ["adminCode", "cimLevel", "height", "locatedIn", "location", "name"]
    for name, inst in entity.iter_instances():
        if name != PROVENANCE:
            assert provenance_of(inst) == expected, name
    own = entity.value(PROVENANCE)
    assert own == {**expected, "batches": ["pnr-1"], "sources": [PNR]}
    with pytest.raises(BadRequestData, match="non-empty source"):
        stamp(building(1), source=" ", batch_id="b", at=T0)
    with pytest.raises(BadRequestData, match="import batch id"):
        stamp(building(1), source=PNR, batch_id="", at=T0)


def test_provenance_survives_the_ngsi_ld_round_trip(api: TestClient, store: Store) -> None:
    twin = store.tenant()
    twin.create(stamp(building(1, height=30.0), source=PNR, batch_id="pnr-1", at=T0))
    body = api.get(f"{V1}/entities/{building_id(1)}").json()
    expected = {"source": PNR, "importBatch": "pnr-1", "importedAt": "2025-03-01T08:00:00Z"}
    assert body["height"]["provenance"] == {"type": "Property", "value": expected}
    assert body["location"]["provenance"]["value"] == expected
    assert body["locatedIn"]["provenance"]["value"] == expected  # on a Relationship too
    assert body[PROVENANCE]["value"]["batches"] == ["pnr-1"]
    concise = api.get(f"{V1}/entities/{building_id(1)}", params={"format": "concise"}).json()
    assert concise["height"]["provenance"] == {"value": expected}
    # Written back through the API unchanged, it reads back the same (PUT replaces the entity).
    replaced = api.put(f"{V1}/entities/{building_id(1)}", json={k: v for k, v in body.items() if k != "id"})
    assert replaced.status_code == 204, replaced.text
    again = api.get(f"{V1}/entities/{building_id(1)}").json()
    assert again["height"]["provenance"] == body["height"]["provenance"]
    assert Entity.from_dict(again).attr("height") == Entity.from_dict(body).attr("height")
    # Sub-property paths query it: which buildings got their height from batch pnr-1?
    twin.create(stamp(building(2, height=12.0), source=OSM, batch_id="osm-1", at=T0))
    hits = api.get(
        f"{V1}/entities", params={"type": "Building", "q": 'height.provenance[importBatch]=="pnr-1"'}
    )
    assert hits.status_code == 200, hits.text
    assert [e["id"] for e in hits.json()] == [building_id(1)]


def import_with_lineage(
    twin: TenantStore, entities: list[Entity], *, source: str, batch: str, dataset: str, clock: Clock
) -> None:
    """An import as the importers run one: arbiter, write, commit, batch record."""
    started = clock()
    arbiter = SourceArbiter(twin, clock=clock)
    outcome = arbiter.apply(entities, source=source, batch_id=batch, category="space-2d3d", dataset=dataset)
    assert twin.upsert_many(outcome.entities).errors == []
    arbiter.commit(outcome)
    clock.advance(minutes=5)
    Lineage(twin).record_batch(
        ImportBatch(
            id=batch,
            dataset_id=dataset,
            source=source,
            category="space-2d3d",
            file=f"/data/{dataset}.geojson",
            crs="EPSG:4326",
            started_at=started,
            finished_at=clock(),
            counts={"read": len(entities), "imported": len(outcome.entities), "rejected": 0},
            entity_ids=[e.id for e in outcome.entities],
            entity_types=["Building"],
        )
    )
    clock.advance(hours=1)


def test_lineage_after_two_imports_of_overlapping_data(store: Store) -> None:
    twin, clock = store.tenant(), Clock()
    import_with_lineage(
        twin,
        [building(n, height=30.0) for n in range(1, 5)],
        source=PNR,
        batch="pnr-2025-03",
        dataset="pnr-footprints",
        clock=clock,
    )
    import_with_lineage(
        twin,
        [building(n, height=31.0) for n in range(3, 7)],
        source=OSM,
        batch="osm-2025-03",
        dataset="osm-buildings",
        clock=clock,
    )
    lineage = Lineage(twin)
    assert [b.id for b in lineage.batches_for(building_id(1))] == ["pnr-2025-03"]
    assert [b.id for b in lineage.batches_for(building_id(3))] == ["pnr-2025-03", "osm-2025-03"]
    assert [b.id for b in lineage.batches_for(building_id(6))] == ["osm-2025-03"]
    first, second = lineage.batches_for(building_id(4))
    assert (first.dataset_id, first.source, first.file) == (
        "pnr-footprints",
        PNR,
        "/data/pnr-footprints.geojson",
    )
    assert first.started_at == T0 and first.finished_at == T0 + timedelta(minutes=5)
    assert first.counts == {"read": 4, "imported": 4, "rejected": 0}
    assert second.dataset_id == "osm-buildings"
    # The report says which import each value came from, and what was kept aside.
    report, _ = lineage.trace(building_id(4))
    by_attr = {a["attribute"]: a["provenance"] for a in report["attributes"]}
    assert by_attr["height"]["importBatch"] == "pnr-2025-03"  # the authority's value stays
    assert by_attr["locatedIn"]["importBatch"] == "osm-2025-03"  # no authority: the latest import
    assert {(c["attribute"], c["importBatch"]) for c in report["candidates"]} == {
        ("height", "osm-2025-03"),
        ("location", "osm-2025-03"),
    }
    assert report["provenance"]["sources"] == [PNR, OSM]
    assert [b["id"] for b in report["batches"]] == ["pnr-2025-03", "osm-2025-03"]
    assert [b.id for b in lineage.batches()] == ["pnr-2025-03", "osm-2025-03"]
    assert [b.id for b in lineage.batches(dataset_id="osm-buildings")] == ["osm-2025-03"]
    assert lineage.batch("osm-2025-03").entity_ids == [building_id(n) for n in range(3, 7)]


def test_lineage_without_the_arbiter_reads_attribute_provenance(store: Store) -> None:
    twin = store.tenant()
    twin.upsert_many([stamp(building(1, height=30.0), source=PNR, batch_id="a-1", at=T0)])
    patch = Entity(id=building_id(1), types=("Building",))
    patch.attrs["height"] = building(1, height=31.0).attrs["height"]
    twin.upsert_many([stamp(patch, source=OSM, batch_id="b-1", at=T0 + timedelta(days=1))], merge=True)
    batches = Lineage(twin).batches_for(building_id(1))
    # Batch a-1 still produced the location and name; b-1 the height. Neither was recorded: said so.
    assert sorted(b.id for b in batches) == ["a-1", "b-1"]
    assert {b.status for b in batches} == {"unrecorded"}


def test_large_batches_keep_a_count_not_the_ids(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lineage_module, "MAX_LISTED_IDS", 3)
    lineage = Lineage(store.tenant())
    lineage.record_batch(ImportBatch(id="big", entity_ids=[building_id(n) for n in range(1, 6)]))
    lineage.record_batch(ImportBatch(id="small", entity_ids=[building_id(1)]))
    raw = store.tenant().get_document("import-batch", "big")
    assert raw["entityIds"] == [] and raw["entityCount"] == 5 and raw["entityIdsListed"] is False
    assert lineage.batch("big").entity_count == 5
    assert lineage.batch("small").entity_ids == [building_id(1)]
    assert store.tenant().get_document("import-batch", "small")["entityIdsListed"] is True


def test_batch_records_are_validated(store: Store) -> None:
    lineage = Lineage(store.tenant())
    with pytest.raises(BadRequestData, match="import batch id"):
        lineage.record_batch(ImportBatch(id="two words"))
    with pytest.raises(BadRequestData, match="status must be one of"):
        lineage.record_batch(ImportBatch(id="b", status="half-done"))
    with pytest.raises(BadRequestData, match="count 'read' must be a non-negative integer"):
        lineage.record_batch(ImportBatch(id="b", counts={"read": -1}))
    with pytest.raises(ResourceNotFound, match="import batch 'b' is not recorded"):
        lineage.batch("b")
    with pytest.raises(ResourceNotFound):
        lineage.batches_for("urn:ngsi-ld:Building:nowhere")
