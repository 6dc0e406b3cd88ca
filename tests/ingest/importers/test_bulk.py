"""The bulk paths of the importer agree with the one-by-one ones: ids, seen ids, undo log, streamed CSV."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from citytwin.core.entities import Attribute, AttrType, Entity
from citytwin.errors import CitytwinError
from citytwin.ingest.importers.atomic import UndoLog
from citytwin.ingest.importers.coerce import TextKind, infer_text_column
from citytwin.ingest.importers.mapping import DATASET_NAMESPACE, IdMaker
from citytwin.ingest.importers.model import ImportOptions
from citytwin.ingest.importers.seen import SeenIds, fingerprints, subset
from citytwin.ingest.importers.tabular import read_csv


def _one(maker: IdMaker, entity_type: str, value: object) -> str | None:
    try:
        return maker.for_value(entity_type, value)
    except CitytwinError:
        return None


TYPES = ["Building", "Enterprise", "PointOfInterest", "Thing", "Organization"]


@pytest.mark.parametrize("entity_type", TYPES)
def test_bulk_ids_are_the_ids_of_for_value(entity_type: str) -> None:
    maker = IdMaker("440305")
    rng = random.Random(7)
    values: list[object] = [f"B{i:07d}" for i in range(300)]
    values += [rng.randint(0, 10**12) for _ in range(50)] + [2.5, True, " 深圳湾 ", "e\u0301", "Å", "x\x1fy"]
    values += ["", "  ", "urn:ngsi-ld:Building:x", "URN:foo", "a-b-c", "440305-BD-S0000001X"]
    values += ["9144030071526726XG", "-5"]
    bulk = IdMaker("440305").for_values(entity_type, values)
    assert len(bulk) == len(values)
    for value, entity_id in zip(values, bulk, strict=True):
        if entity_id is not None:  # None: left to for_value itself (URNs, codes, refusals)
            assert entity_id == _one(maker, entity_type, value), value
    # The plain keys never fall back: that is what makes the bulk path pay.
    if entity_type != "Organization":
        assert all(entity_id is not None for entity_id in bulk[:350])


def test_bulk_keys_are_the_keys_of_for_key() -> None:
    maker = IdMaker("440300")
    natural = [f"roads#{i}" for i in range(200)] + ["道路/12", "  padded  ", "", "x\x1fy"]
    bulk = maker.for_keys("RoadSegment", natural, DATASET_NAMESPACE)
    for natural_id, entity_id in zip(natural, bulk, strict=True):
        try:
            expected: str | None = maker.for_key("RoadSegment", natural_id, DATASET_NAMESPACE)
        except CitytwinError:
            expected = None
        assert entity_id == expected
    assert maker.for_keys("Person", ["1"], DATASET_NAMESPACE) == [None]


def test_seen_ids_find_first_rows_across_many_runs_and_forget_discarded_ones() -> None:
    seen = SeenIds()
    ids = [f"urn:ngsi-ld:Building:{i}" for i in range(10_000)]
    for start in range(0, len(ids), 700):  # uneven batches: runs of several sizes get merged
        chunk = ids[start : start + 700]
        assert (seen.rows_of(chunk) == -1).all()
        prints = fingerprints(chunk)
        seen.add(chunk, list(range(start + 2, start + 2 + len(chunk))), subset(prints, range(len(chunk))))
    assert len(seen) == len(ids)
    assert seen.rows_of(ids).tolist() == list(range(2, len(ids) + 2))
    assert seen.rows_of(["urn:ngsi-ld:Building:x", ""]).tolist() == [-1, -1]
    assert ids[17] in seen and "urn:ngsi-ld:Building:x" not in seen and 3 not in seen
    seen.discard(ids[17])
    assert ids[17] not in seen and len(seen) == len(ids) - 1
    assert seen.nbytes <= 20 * len(ids)


def test_undo_log_gives_back_created_ids_and_replaced_entities_in_order() -> None:
    log = UndoLog()
    assert list(log.created_ids()) == [] and list(log.replaced_entities()) == []
    old = [
        Entity(
            f"urn:ngsi-ld:Building:{i}",
            ("Building",),
            {"height": [Attribute(AttrType.PROPERTY, i * 1.5, unit_code="MTR", sub={})]},
            created_at="2026-01-01T00:00:00Z",
        )
        for i in range(7)
    ]
    log.add([f"urn:ngsi-ld:Building:new{i}" for i in range(5)], old[:3])
    log.add(["urn:ngsi-ld:Building:new5"], old[3:])
    assert [i for chunk in log.created_ids(chunk=4) for i in chunk] == [
        f"urn:ngsi-ld:Building:new{i}" for i in range(6)
    ]
    assert [e for chunk in log.replaced_entities(chunk=2) for e in chunk] == old
    assert (log.created, log.replaced) == (6, 7)
    log.close()
    assert list(log.created_ids()) == []


def test_text_kind_is_infer_text_column_one_value_at_a_time() -> None:
    columns: dict[str, list[str | None]] = {
        "floors": ["3", "", None, "12"],
        "ratio": ["1", "2.5", "3"],
        "flag": ["yes", "否", "T"],
        "mixed": ["1", "yes"],
        "zip": ["518000"],
        "big": ["1234567890123456"],
        "lead": ["007"],
        "empty": [None, " "],
    }
    for name, values in columns.items():
        kind = TextKind(name)
        for value in values:
            kind.feed(value)
        assert kind.result == infer_text_column(name, values)
    assert [infer_text_column(n, v) for n, v in columns.items()] == [
        "int",
        "float",
        "bool",
        "str",
        "str",
        "str",
        "str",
        "str",
    ]


def test_streamed_csv_keeps_row_numbers_types_and_encoding(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    text = (
        'name,lng,lat,floors,note\n\n罗湖口岸,114.1175,22.5330,3,"two\nlines"\n'
        "市民中心,114.0595,22.5431,12,x\n"
    )
    path.write_bytes(text.encode("gb18030"))
    reader = read_csv(path, ImportOptions(category="city-entity", entity_type="PointOfInterest"))
    assert reader.total == 2
    batches = list(reader.records(chunk=1))
    assert [len(b) for b in batches] == [1, 1]
    first, second = batches[0][0], batches[1][0]
    assert (first.row, second.row) == (3, 5)  # blank line 2 skipped; the quoted field spans lines 3-4
    assert first.properties == {"name": "罗湖口岸", "floors": 3, "note": "two\nlines"}
    assert second.geometry is not None and second.geometry.x == pytest.approx(114.0595)
    # A second pass reads the file again, the same way.
    assert [r.row for b in reader.records() for r in b] == [3, 5]
