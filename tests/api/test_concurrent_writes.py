"""Concurrent writes to one entity lose nothing when some of them remove attributes.

Removing an attribute is a read, then a replace of the entity less what goes (citytwin.ngsild.guarded). Each
request here removes its own attribute and sets another, all at once on the same entity: an unguarded
replace of a stale read would bring back attributes others removed and drop values others set.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from starlette.testclient import TestClient

from tests.api.conftest import V1, entity

EID = "urn:ngsi-ld:Building:440305-concurrent"
WRITERS = 12
NULL = "urn:ngsi-ld:null"


def _start(api: TestClient) -> None:
    olds = {f"old{i}": i for i in range(WRITERS)}
    assert api.post(f"{V1}/entities", json=entity(EID, **olds)).status_code == 201


def _run_all(calls: list[Any]) -> list[int]:
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        return [r.status_code for r in pool.map(lambda call: call(), calls)]


def test_concurrent_merges_that_delete_keep_every_write(api: TestClient) -> None:
    _start(api)

    def merge(i: int) -> Any:
        body = {f"old{i}": NULL, f"new{i}": {"type": "Property", "value": i}}
        return lambda: api.patch(f"{V1}/entities/{EID}", json=body)

    assert _run_all([merge(i) for i in range(WRITERS)]) == [204] * WRITERS
    got = api.get(f"{V1}/entities/{EID}", params={"options": "keyValues"}).json()
    assert {k: v for k, v in got.items() if k not in ("id", "type")} == {f"new{i}": i for i in range(WRITERS)}


def test_concurrent_attribute_deletes_and_batch_merges_keep_every_write(api: TestClient) -> None:
    _start(api)

    def delete(i: int) -> Any:
        return lambda: api.delete(f"{V1}/entities/{EID}/attrs/old{i}")

    def batch(i: int) -> Any:
        body = [{"id": EID, "type": "Building", f"old{i}": NULL, f"new{i}": {"type": "Property", "value": i}}]
        return lambda: api.post(f"{V1}/entityOperations/merge", json=body)

    calls = [delete(i) if i % 2 else batch(i) for i in range(WRITERS)]
    assert _run_all(calls) == [204] * WRITERS
    got = api.get(f"{V1}/entities/{EID}", params={"options": "keyValues"}).json()
    assert {k: v for k, v in got.items() if k not in ("id", "type")} == {
        f"new{i}": i for i in range(0, WRITERS, 2)
    }
    # every removal is in history as a deletion (the temporal API shows each old attribute ending)
    temporal = api.get(f"{V1}/temporal/entities/{EID}").json()
    for i in range(WRITERS):
        assert f"old{i}" in temporal, i


def test_a_replace_records_the_removal_of_attributes_added_just_before_it(api: TestClient) -> None:
    """PUTs race appends: every appended attribute the final state lacks ends in history with its deletion
    (the deletions recorded are those of the state each PUT replaced, not of an older read)."""
    _start(api)
    replacement = entity(EID, base=1)

    def put() -> Any:
        return lambda: api.put(f"{V1}/entities/{EID}", json=replacement)

    def append(i: int) -> Any:
        return lambda: api.post(
            f"{V1}/entities/{EID}/attrs", json={f"x{i}": {"type": "Property", "value": i}}
        )

    calls = [put() if i % 3 == 0 else append(i) for i in range(WRITERS)]
    assert _run_all(calls) == [204] * WRITERS
    final = api.get(f"{V1}/entities/{EID}").json()
    temporal = api.get(f"{V1}/temporal/entities/{EID}").json()
    for i in range(WRITERS):
        if i % 3 == 0:
            continue
        name = f"x{i}"
        if name not in final:
            assert "deletedAt" in temporal[name][-1], (name, temporal[name])
