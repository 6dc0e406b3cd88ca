"""The arbiter's bulk path for new entities (``apply_new``) stores what ``apply`` stores, both backends."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from citytwin.core.entities import Attribute, AttrType, Entity, prop, rel
from citytwin.core.query import EntityQuery
from citytwin.errors import BadRequestData
from citytwin.governance import sources as sources_module
from citytwin.governance.lineage import PROVENANCE, Lineage
from citytwin.governance.sources import ArbiterOutcome, SourceArbiter
from citytwin.storage.base import Store, TenantStore
from tests.governance.helpers import Clock, building, building_id

PNR = "sz-pnr"  # the authority for building geometry, height and floors
OSM = "osm-contributors"
SURVEY = "urn:ngsi-ld:Dataset:height-survey"


def first_import() -> list[Entity]:
    """New buildings with what an import can carry: every rule kind, odd values, ids repeated in the batch."""
    out = []
    for n in range(7):
        entity = building(n, height=30.0 + n, name=f"科技园{n}号楼", usage="office" if n % 2 else "spaceport")
        entity.set("height", Attribute(AttrType.PROPERTY, 29.0 + n, dataset_id=SURVEY))  # a second instance
        entity.set("floorsAboveGround", prop(9.5 if n == 2 else 10 + n))  # 9.5: not an integer
        entity.set("roofColour", prop("grey"))  # no rule: written as it comes
        entity.set("servedBy", rel(f"urn:ngsi-ld:Substation:sz-{n % 3}"))
        if n == 4:
            entity.types = ("Building", "Landmark")
            entity.scope = ("/Shenzhen/Nanshan",)
        out.append(entity)
    # A value the source passes on from the authority, provenance and all (a federation import does).
    relayed = out[5].attr("location")
    assert relayed is not None
    relayed.sub[PROVENANCE] = Attribute(
        AttrType.PROPERTY, {"source": PNR, "importBatch": "pnr-0", "importedAt": "2025-02-01T00:00:00Z"}
    )
    # The same buildings again in the same batch: judged against what the batch gave them first.
    again = building(1, height=45.0, shift_m=8.0)
    again.set("roofColour", prop("green"))
    relayed_again = building(5, height=36.0, shift_m=9.0)
    out += [again, relayed_again, building(6, height=36.2)]
    return out


def later_import() -> list[Entity]:
    """The next import of the same buildings, to show the stored provenance arbitrates the same way."""
    return [building(n, height=31.0 + 2 * n, shift_m=n) for n in range(8)]


def view(outcome: ArbiterOutcome) -> dict[str, Any]:
    """Everything an outcome says, as JSON."""
    data = {
        "entities": [e.to_dict() for e in outcome.entities],
        "candidates": [(c.entity_type, c.to_entry()) for c in outcome.candidates],
        "conflicts": [c.to_dict() for c in outcome.conflicts],
        "violations": [v.to_dict() for v in outcome.violations],
        "agreeing": outcome.agreeing,
        "relationships": sorted(outcome.relationships),
        "counts": outcome.counts(),
        "importedAt": outcome.imported_at,
    }
    return json.loads(json.dumps(data))


def stored(tenant: TenantStore) -> dict[str, Any]:
    """The tenant's entities and the documents imports write (system times are the store's own)."""
    out: dict[str, Any] = {}
    for entity in tenant.query(EntityQuery(limit=1000)).entities:
        out[entity.id] = json.loads(json.dumps(entity.to_dict()))
    for kind in ("candidate", "conflict", "governance", "import-batch"):
        for doc_id, doc in tenant.list_documents(kind):
            out[f"{kind}:{doc_id}"] = doc
    return out


def run(
    tenant: TenantStore, entities: list[Entity], *, source: str, batch: str, clock: Clock, bulk: bool
) -> tuple[dict[str, Any], dict[str, int]]:
    """One import: apply (the bulk path or the general one), write, commit."""
    arbiter = SourceArbiter(tenant, clock=clock)
    if bulk:
        outcome = arbiter.apply_new(
            entities, source=source, batch_id=batch, category="space-2d3d", dataset="d"
        )
    else:
        outcome = arbiter.apply(entities, source=source, batch_id=batch, category="space-2d3d", dataset="d")
    assert tenant.upsert_many(outcome.entities).errors == []
    return view(outcome), arbiter.commit(outcome)


@pytest.mark.parametrize("source", [PNR, OSM])
@pytest.mark.parametrize("chunk", [3, 2000])
def test_apply_new_stores_what_apply_stores(
    store: Store, monkeypatch: pytest.MonkeyPatch, source: str, chunk: int
) -> None:
    monkeypatch.setattr(sources_module, "CHUNK", chunk)  # 3: chunk edges between repeated ids
    general, bulk = store.tenant("general"), store.tenant("bulk")
    incoming = first_import()
    general_in, bulk_in = copy.deepcopy(incoming), copy.deepcopy(incoming)
    clock = Clock()
    general_view, general_counts = run(
        general, general_in, source=source, batch="b-1", clock=clock, bulk=False
    )
    bulk_view, bulk_counts = run(bulk, bulk_in, source=source, batch="b-1", clock=clock, bulk=True)

    assert bulk_view == general_view
    assert bulk_counts == general_counts
    assert [e.to_dict() for e in bulk_in] == [e.to_dict() for e in general_in]  # stamped alike, in place
    assert stored(bulk) == stored(general)
    # Not an empty comparison: the first import wrote, checked and (for repeated ids) judged.
    counts = general_view["counts"]
    assert counts["entities"] == 7 and counts["written"] >= 7 * 8 and counts["violations"] >= 3
    assert general_view["relationships"] == ["locatedIn", "servedBy"]
    if source == OSM:  # building 5's relayed authoritative footprint stands; the repeat is a candidate
        assert counts["candidates"] >= 1 and counts["conflicts"] >= 1
    height = general.get(building_id(6)).attr("height")
    assert height is not None and height.unit_code == "MTR" and height.value == 36.2

    # What was stored arbitrates the next import the same way, and traces to the same lineage.
    clock.advance(minutes=10)
    later_general, later_general_counts = run(
        general, later_import(), source=OSM if source == PNR else PNR, batch="b-2", clock=clock, bulk=False
    )
    later_bulk, later_bulk_counts = run(
        bulk, later_import(), source=OSM if source == PNR else PNR, batch="b-2", clock=clock, bulk=False
    )
    assert later_bulk == later_general and later_bulk_counts == later_general_counts
    assert later_general["counts"]["candidates"] > 0
    assert stored(bulk) == stored(general)
    for n in (1, 5, 7):
        assert Lineage(bulk).trace(building_id(n))[0] == Lineage(general).trace(building_id(n))[0]


def test_apply_new_validates_like_apply(store: Store) -> None:
    arbiter = SourceArbiter(store.tenant(), clock=Clock())
    with pytest.raises(BadRequestData, match="unknown data category 'buildings'"):
        arbiter.apply_new([], source=PNR, batch_id="b", category="buildings")
    with pytest.raises(BadRequestData, match="needs a source"):
        arbiter.apply_new([], source=" ", batch_id="b", category="space-2d3d")
    with pytest.raises(BadRequestData, match="import batch id"):
        arbiter.apply_new([], source=PNR, batch_id="bad id", category="space-2d3d")
    bad = building(1)
    bad.attrs["bad name"] = [prop(1)]
    with pytest.raises(BadRequestData, match="not a valid attribute"):
        arbiter.apply_new([bad], source=PNR, batch_id="b", category="space-2d3d")
