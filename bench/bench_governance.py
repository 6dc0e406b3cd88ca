"""One datum, one source at scale, on the embedded store: the arbiter over 100k buildings, lineage, graph.

* authoritative import: ``SourceArbiter.apply`` over n new buildings (entities/s) and their write;
* non-authoritative import of the same n buildings (every height and footprint becomes a candidate, 10 % of
  heights disagree beyond tolerance): apply (entities/s, target ≥ 10,000), then ``commit`` (candidates/s);
* lineage of one building and the relationship graph of a community holding n/100 buildings (ms).

    .venv/bin/python bench/bench_governance.py --n 100000
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from citytwin.core.entities import Attribute, AttrType, Entity, prop, rel
from citytwin.governance.graph import relationship_graph
from citytwin.governance.lineage import Lineage
from citytwin.governance.sources import SourceArbiter
from citytwin.storage.registry import open_store

T0 = datetime(2025, 3, 1, tzinfo=UTC)
WEST, SOUTH = 113.90, 22.50
COMMUNITIES = 100


def _buildings(n: int, *, height_offset: float, shift: float = 0.0) -> list[Entity]:
    out = []
    for i in range(n):
        lng = WEST + (i % 1000) * 0.0003 + shift
        lat = SOUTH + (i // 1000) * 0.0003
        d = 0.0001
        ring = [[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]]
        e = Entity(id=f"urn:ngsi-ld:Building:bench-{i:07d}", types=("Building",))
        e.set("location", Attribute(AttrType.GEOPROPERTY, {"type": "Polygon", "coordinates": [ring]}))
        e.set("height", prop(20.0 + (i % 40) + (height_offset if i % 10 == 0 else 0.0)))
        e.set("locatedIn", rel(f"urn:ngsi-ld:Community:bench-{i % COMMUNITIES:03d}"))
        out.append(e)
    return out


def run(n: int = 100_000) -> list[dict[str, Any]]:
    """The rows for bench/run.py."""
    tmp = Path(tempfile.mkdtemp(prefix="ct-governance-"))
    rows: list[dict[str, Any]] = []
    note = f"{n:,} buildings, embedded SQLite"
    try:
        with open_store(f"sqlite:///{tmp / 'twin.db'}") as store:
            twin = store.tenant()
            clock = iter(T0 + timedelta(seconds=i) for i in range(10**9))
            arbiter = SourceArbiter(twin, clock=lambda: next(clock))

            first = _buildings(n, height_offset=0.0)
            started = time.perf_counter()
            outcome = arbiter.apply(first, source="sz-pnr", batch_id="pnr-1", category="space-2d3d")
            apply_s = time.perf_counter() - started
            started = time.perf_counter()
            twin.upsert_many(outcome.entities)
            write_s = time.perf_counter() - started
            arbiter.commit(outcome)
            rows.append({"name": "authoritative import: arbiter apply", "value": n / apply_s,
                         "unit": "entities/s", "note": note})  # fmt: skip
            rows.append({"name": "authoritative import: write (upsert_many)", "value": n / write_s,
                         "unit": "entities/s", "note": note + ", provenance on every attribute"})  # fmt: skip

            second = _buildings(n, height_offset=5.0, shift=1e-6)
            started = time.perf_counter()
            outcome = arbiter.apply(second, source="osm", batch_id="osm-1", category="space-2d3d")
            apply_s = time.perf_counter() - started
            twin.upsert_many(outcome.entities)
            started = time.perf_counter()
            arbiter.commit(outcome)
            commit_s = time.perf_counter() - started
            rows.append({"name": "non-authoritative import: arbiter apply", "value": n / apply_s,
                         "unit": "entities/s", "target": 10_000,
                         "note": f"{note}; {len(outcome.candidates):,} candidates, "
                                 f"{len(outcome.conflicts):,} conflicts"})  # fmt: skip
            rows.append({"name": "non-authoritative import: commit candidates and conflicts",
                         "value": len(outcome.candidates) / commit_s, "unit": "candidates/s",
                         "note": "a candidate document per (entity, source), one per conflict"})  # fmt: skip

            lineage = Lineage(twin)
            times = []
            for i in range(0, n, max(1, n // 50)):
                started = time.perf_counter()
                lineage.trace(f"urn:ngsi-ld:Building:bench-{i:07d}")
                times.append((time.perf_counter() - started) * 1000)
            rows.append({"name": "lineage of one building (p50)", "value": statistics.median(times),
                         "unit": "ms", "lower_is_better": True, "target": 50,
                         "note": "provenance + candidates + batch records"})  # fmt: skip
            started = time.perf_counter()
            graph = relationship_graph(twin, "urn:ngsi-ld:Building:bench-0000000", depth=2, max_nodes=5000)
            graph_ms = (time.perf_counter() - started) * 1000
            note = f"{len(graph.nodes):,} nodes; incoming edges by a q scan of {n:,} entities"
            rows.append({"name": "graph depth 2 from a building", "value": graph_ms, "unit": "ms",
                         "lower_is_better": True, "note": note})  # fmt: skip
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    for row in run(parser.parse_args().n):
        print(f"{row['name']}: {row['value']:,.1f} {row['unit']}  ({row.get('note', '')})")
