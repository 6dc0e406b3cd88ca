"""One datum, one source on both backends: who may write, candidates, conflicts, resolution."""

from __future__ import annotations

import pytest

from citytwin.core.entities import Entity, prop
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.governance import sources as sources_module
from citytwin.governance.conflicts import ConflictAlreadyResolved, Conflicts
from citytwin.governance.lineage import PROVENANCE, Lineage, provenance_of
from citytwin.governance.sources import ArbiterOutcome, SourceArbiter
from citytwin.storage.base import Store, TenantStore
from tests.governance.helpers import Clock, building, building_id

PNR = "sz-pnr"  # the authority for building geometry and height
OSM = "osm-contributors"  # another source


def run_import(
    twin: TenantStore,
    entities: list[Entity],
    *,
    source: str,
    batch: str,
    clock: Clock,
    category: str = "space-2d3d",
    dataset: str | None = None,
) -> ArbiterOutcome:
    """What an importer does: apply, write the entities, commit."""
    arbiter = SourceArbiter(twin, clock=clock)
    outcome = arbiter.apply(entities, source=source, batch_id=batch, category=category, dataset=dataset)
    result = twin.upsert_many(outcome.entities)
    assert result.errors == []
    arbiter.commit(outcome)
    clock.advance(minutes=10)
    return outcome


def height_of(twin: TenantStore, n: int) -> tuple[float, str]:
    inst = twin.get(building_id(n)).attr("height")
    assert inst is not None
    prov = provenance_of(inst)
    assert prov is not None
    return inst.value, prov["source"]


def test_authoritative_values_are_not_overwritten(store: Store) -> None:
    twin, clock = store.tenant(), Clock()
    run_import(twin, [building(n, height=30.0 + n) for n in range(4)], source=PNR, batch="pnr-1", clock=clock)
    # OSM: building 0 agrees, 1 is within tolerance (0.3 m), 2 and 3 are beyond it (4 m, 2.5 m).
    osm = [
        building(0, height=30.0),
        building(1, height=31.3),
        building(2, height=36.0),
        building(3, height=35.5),
    ]
    outcome = run_import(twin, osm, source=OSM, batch="osm-1", clock=clock, dataset="osm-buildings")
    assert [height_of(twin, n) for n in range(4)] == [(30.0, PNR), (31.0, PNR), (32.0, PNR), (33.0, PNR)]
    assert len(outcome.candidates) == 8  # height and location of the four buildings
    assert sorted(c.entity_id for c in outcome.conflicts) == [building_id(2), building_id(3)]
    # Candidates are kept with their provenance, outside the entity.
    report, _ = Lineage(twin).trace(building_id(2))
    kept = {c["attribute"]: c for c in report["candidates"]}
    assert kept["height"]["value"] == 36.0 and kept["height"]["source"] == OSM
    assert kept["height"]["importBatch"] == "osm-1" and kept["height"]["conflict"] is not None
    assert kept["location"]["conflict"] is None  # same footprint: a candidate without a conflict
    stored = Conflicts(twin).list()
    assert {(c.entity_id, c.attribute, c.status) for c in stored} == {
        (building_id(2), "height", "open"),
        (building_id(3), "height", "open"),
    }
    conflict = next(c for c in stored if c.entity_id == building_id(2))
    assert (conflict.candidate_value, conflict.authoritative_value) == (36.0, 32.0)
    assert conflict.difference == pytest.approx(4.0) and conflict.measure == "number"
    assert conflict.tolerance == {"abs": 0.5, "rel": 0.02}
    assert conflict.source == OSM and conflict.authority == PNR and conflict.dataset == "osm-buildings"
    assert conflict.authoritative_provenance is not None
    assert conflict.authoritative_provenance["importBatch"] == "pnr-1"
    assert conflict.candidate_provenance == {
        "source": OSM,
        "importBatch": "osm-1",
        "importedAt": "2025-03-01T08:10:00Z",
    }


def test_geometry_conflicts_are_measured_in_metres(store: Store) -> None:
    twin, clock = store.tenant(), Clock()
    run_import(twin, [building(1), building(2)], source=PNR, batch="pnr-1", clock=clock)
    moved = [building(1, shift_m=1.0), building(2, shift_m=6.0)]
    outcome = run_import(twin, moved, source=OSM, batch="osm-1", clock=clock)
    assert [(c.entity_id, c.attribute) for c in outcome.conflicts] == [(building_id(2), "location")]
    assert outcome.conflicts[0].measure == "metres"
    assert outcome.conflicts[0].difference == pytest.approx(6.0, abs=0.2)


def test_values_without_an_authority_follow_the_latest_import(store: Store) -> None:
    twin, clock = store.tenant(), Clock()
    first = building(1)
    first.set("roofColour", prop("grey"))
    run_import(twin, [first], source=PNR, batch="pnr-1", clock=clock)
    second = building(1)
    second.set("roofColour", prop("green"))
    outcome = run_import(twin, [second], source=OSM, batch="osm-1", clock=clock)
    roof = twin.get(building_id(1)).attr("roofColour")
    assert roof is not None and roof.value == "green"
    assert provenance_of(roof) == {
        "source": OSM,
        "importBatch": "osm-1",
        "importedAt": "2025-03-01T08:10:00Z",
    }
    assert [c.attribute for c in outcome.candidates] == ["location"]  # the authority's datum only


def test_a_first_value_from_another_source_fills_in_until_the_authority_speaks(store: Store) -> None:
    twin, clock = store.tenant(), Clock()
    run_import(twin, [building(1, height=33.0)], source=OSM, batch="osm-1", clock=clock)
    assert height_of(twin, 1) == (33.0, OSM)  # no authoritative value yet: written
    run_import(twin, [building(1, height=34.0)], source="baidu-map", batch="bd-1", clock=clock)
    assert height_of(twin, 1) == (34.0, "baidu-map")  # still none: the latest non-authority fills in
    outcome = run_import(twin, [building(1, height=30.0)], source=PNR, batch="pnr-1", clock=clock)
    assert height_of(twin, 1) == (30.0, PNR)
    # The displaced value is kept as a candidate of its own source, and it disagrees: a conflict.
    displaced = [c for c in outcome.candidates if c.attribute == "height"]
    assert [(c.source, c.batch_id, c.instance.value) for c in displaced] == [("baidu-map", "bd-1", 34.0)]
    (conflict,) = Conflicts(twin).list(attribute="height")
    assert (conflict.source, conflict.candidate_value, conflict.authoritative_value) == (
        "baidu-map",
        34.0,
        30.0,
    )


def test_resolution_by_a_steward(store: Store) -> None:
    twin, clock = store.tenant(), Clock()
    run_import(twin, [building(n, height=30.0) for n in (1, 2)], source=PNR, batch="pnr-1", clock=clock)
    run_import(twin, [building(n, height=45.0) for n in (1, 2)], source=OSM, batch="osm-1", clock=clock)
    book = Conflicts(twin, clock=clock)
    first, second = sorted(book.list(status="open"), key=lambda c: c.entity_id)
    # Keep the candidate: it is written into the twin with its provenance and the resolution.
    resolved = book.resolve(first.id, keep="candidate", by="steward.li", note="surveyed on site")
    assert resolved.status == "resolved"
    assert resolved.resolution == {
        "keep": "candidate",
        "by": "steward.li",
        "at": "2025-03-01T08:20:00Z",
        "note": "surveyed on site",
    }
    value, source = height_of(twin, 1)
    assert (value, source) == (45.0, OSM)
    prov = provenance_of(twin.get(building_id(1)).attr("height"))
    assert prov is not None
    assert prov["importBatch"] == "osm-1" and prov["resolvedBy"] == "steward.li"
    assert prov["conflict"] == first.id and prov["overrides"] == 30.0
    # Keep the authoritative value: the twin is unchanged.
    book.resolve(second.id, keep="authoritative", by="steward.li")
    assert height_of(twin, 2) == (30.0, PNR)
    with pytest.raises(ConflictAlreadyResolved, match=r"already resolved by steward\.li") as info:
        book.resolve(first.id, keep="authoritative", by="someone")
    assert info.value.status == 409
    assert book.list(status="open") == []
    assert len(book.list(status="resolved")) == 2
    # The authority sends the value the steward overrode again: the steward's choice stays.
    run_import(twin, [building(n, height=30.0) for n in (1, 2)], source=PNR, batch="pnr-2", clock=clock)
    assert height_of(twin, 1) == (45.0, OSM)
    assert book.list(status="open") == []
    # A new authoritative value replaces it (the authority fixed its data).
    run_import(twin, [building(1, height=44.8)], source=PNR, batch="pnr-3", clock=clock)
    assert height_of(twin, 1) == (44.8, PNR)
    assert book.list(status="open") == []  # 45.0 vs 44.8 is within tolerance


def test_bad_resolutions_are_clear_errors(store: Store) -> None:
    twin, clock = store.tenant(), Clock()
    run_import(twin, [building(1, height=30.0)], source=PNR, batch="pnr-1", clock=clock)
    run_import(twin, [building(1, height=45.0)], source=OSM, batch="osm-1", clock=clock)
    book = Conflicts(twin, clock=clock)
    (conflict,) = book.list()
    with pytest.raises(BadRequestData, match="keep must be 'authoritative' or 'candidate'"):
        book.resolve(conflict.id, keep="both", by="x")
    with pytest.raises(BadRequestData, match="needs the steward"):
        book.resolve(conflict.id, keep="candidate", by=" ")
    with pytest.raises(ResourceNotFound, match="cf-nope"):
        book.resolve("cf-nope", keep="candidate", by="x")
    with pytest.raises(BadRequestData, match="status must be one of open, resolved"):
        book.list(status="closed")
    assert book.get(conflict.id).status == "open"


def test_repeated_and_settled_disagreements(store: Store) -> None:
    twin, clock = store.tenant(), Clock()
    run_import(twin, [building(1, height=30.0)], source=PNR, batch="pnr-1", clock=clock)
    run_import(twin, [building(1, height=40.0)], source=OSM, batch="osm-1", clock=clock)
    run_import(twin, [building(1, height=41.0)], source=OSM, batch="osm-2", clock=clock)
    (conflict,) = Conflicts(twin).list()  # the same source again: one conflict, updated
    assert conflict.candidate_value == 41.0 and conflict.batch_id == "osm-2"
    assert conflict.detected_at == "2025-03-01T08:10:00Z"
    # The source corrects itself: the conflict closes on its own.
    run_import(twin, [building(1, height=30.2)], source=OSM, batch="osm-3", clock=clock)
    (closed,) = Conflicts(twin).list()
    assert closed.status == "resolved" and closed.resolution is not None
    assert closed.resolution["by"] == "citytwin"
    # Another disagreement, then the authority moves to the candidate's value: closed too.
    run_import(twin, [building(1, height=50.0)], source=OSM, batch="osm-4", clock=clock)
    assert [c.status for c in Conflicts(twin).list()] == ["open"]
    assert Conflicts(twin).list()[0].history[0]["candidateValue"] == 41.0
    run_import(twin, [building(1, height=49.9)], source=PNR, batch="pnr-2", clock=clock)
    assert [c.status for c in Conflicts(twin).list()] == ["resolved"]
    # The authority changes to a value still far from the candidate: the open conflict follows it.
    run_import(twin, [building(1, height=60.0)], source=OSM, batch="osm-5", clock=clock)
    run_import(twin, [building(1, height=70.0)], source=PNR, batch="pnr-3", clock=clock)
    (still,) = Conflicts(twin).list(status="open")
    assert (still.candidate_value, still.authoritative_value) == (60.0, 70.0)


def test_conflicts_are_listed_by_dataset_type_attribute_and_status(store: Store) -> None:
    twin, clock = store.tenant(), Clock()
    run_import(twin, [building(n, height=30.0) for n in range(3)], source=PNR, batch="pnr-1", clock=clock)
    run_import(
        twin, [building(0, height=50.0)], source=OSM, batch="osm-1", clock=clock, dataset="osm-shenzhen"
    )
    run_import(twin, [building(1, height=60.0, shift_m=10)], source="baidu-map", batch="bd-1", clock=clock)
    book = Conflicts(twin)
    assert len(book.list()) == 3
    assert [c.entity_id for c in book.list(dataset="osm-shenzhen")] == [building_id(0)]
    assert [c.entity_id for c in book.list(dataset="baidu-map")] == [building_id(1)] * 2  # by source name
    assert {c.attribute for c in book.list(attribute="location")} == {"location"}
    assert len(book.list(entity_type="Building")) == 3 and book.list(entity_type="Road") == []
    assert len(book.list(status="open")) == 3 and book.list(status="resolved") == []
    assert len(book.list(entity_id=building_id(1))) == 2


def test_standard_violations_are_reported_and_units_filled_in(store: Store) -> None:
    twin, clock = store.tenant(), Clock()
    odd = building(1, height=30.0, usage="spaceport")
    odd.set("floorsAboveGround", prop(9.5))
    outcome = run_import(twin, [odd, building(2, height=12.0)], source=PNR, batch="pnr-1", clock=clock)
    reasons = sorted((v.attribute, v.reason) for v in outcome.violations)
    assert reasons == [
        ("floorsAboveGround", "value 9.5 is not integer"),
        ("usage", "'spaceport' is not in the code list"),
    ]
    height = twin.get(building_id(2)).attr("height")
    assert height is not None and height.unit_code == "MTR"  # the standard's unit, recorded


def test_apply_writes_nothing_and_validates(store: Store) -> None:
    twin, clock = store.tenant(), Clock()
    arbiter = SourceArbiter(twin, clock=clock)
    outcome = arbiter.apply([building(1, height=30.0)], source=PNR, batch_id="pnr-1", category="space-2d3d")
    assert len(outcome.entities) == 1 and outcome.written == 5
    with pytest.raises(ResourceNotFound):
        twin.get(building_id(1))  # nothing written until the caller writes
    assert Conflicts(twin).list() == []
    with pytest.raises(BadRequestData, match="unknown data category 'buildings'"):
        arbiter.apply([], source=PNR, batch_id="b", category="buildings")
    with pytest.raises(BadRequestData, match="needs a source"):
        arbiter.apply([], source="", batch_id="b", category="space-2d3d")
    with pytest.raises(BadRequestData, match="import batch id"):
        arbiter.apply([], source=PNR, batch_id="bad id", category="space-2d3d")


def test_chunks_and_repeated_ids_in_one_import(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources_module, "CHUNK", 3)  # exercise chunk edges with a handful of entities
    twin, clock = store.tenant(), Clock()
    run_import(twin, [building(n, height=20.0 + n) for n in range(7)], source=PNR, batch="pnr-1", clock=clock)
    incoming = [building(n, height=99.0) for n in range(7)]
    incoming.append(building(3, height=23.0))  # the same building twice: both are judged
    outcome = run_import(twin, incoming, source=OSM, batch="osm-1", clock=clock)
    assert len(outcome.entities) == 7
    assert [height_of(twin, n)[0] for n in range(7)] == [20.0 + n for n in range(7)]
    # Building 3's later value agrees with the authority: it replaces the earlier one, and no conflict stays.
    assert sorted(c.entity_id for c in Conflicts(twin).list()) == sorted(
        building_id(n) for n in (0, 1, 2, 4, 5, 6)
    )
    report, _ = Lineage(twin).trace(building_id(3))
    assert [c["value"] for c in report["candidates"] if c["attribute"] == "height"] == [23.0]
    entity_prov = provenance_of(twin.get(building_id(3)).attr(PROVENANCE))
    assert entity_prov is not None and entity_prov["batches"] == ["pnr-1", "osm-1"]
