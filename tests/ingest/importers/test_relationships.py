"""``--relationship COLUMN=relName[:TargetType]``: table and feature-file columns become Relationships."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pyogrio.raw
import pytest
import shapely

from citytwin.core.entities import AttrType, Entity
from citytwin.core.query import EntityQuery, types_of
from citytwin.errors import BadRequestData
from citytwin.ingest.importers.model import ImportOptions
from citytwin.ingest.importers.pipeline import run_import
from citytwin.ingest.importers.relationships import RelationshipRule, parse_rules
from citytwin.ingest.importers.report import ImportFailed, ImportReport
from citytwin.storage.base import Store, TenantStore
from tests.ingest.importers.conftest import snapshot, write_csv

X, Y = 114.0595, 22.5431  # 市民中心, Futian
RULES = ["start=startNode:Manhole", "end=endNode:Manhole", "next=connectsTo"]


def import_file(twin: TenantStore, path: Path, entity_type: str, **options: Any) -> ImportReport:
    return run_import(path, twin, ImportOptions(category="city-entity", entity_type=entity_type, **options))


def manholes(twin: TenantStore, tmp_path: Path) -> dict[str, str]:
    """Import three manholes keyed by ``mh_id``; returns their entity ids by key."""
    rows = [[f"MH-{i}", X + i * 0.001, Y] for i in (1, 2, 3)]
    report = import_file(twin, write_csv(tmp_path / "mh.csv", ["mh_id", "lon", "lat"], rows), "Manhole",
                         id_column="mh_id")  # fmt: skip
    assert report.committed and report.imported == 3
    found = twin.query(EntityQuery(types=types_of("Manhole"))).entities
    return {str(e.value("mh_id")): e.id for e in found}


def by_key(twin: TenantStore, entity_type: str, key: str) -> dict[str, Entity]:
    return {str(e.value(key)): e for e in twin.query(EntityQuery(types=types_of(entity_type))).entities}


def test_rules_parse_and_are_checked() -> None:
    assert RelationshipRule.parse("start=startNode:Manhole") == RelationshipRule(
        "start", "startNode", "Manhole"
    )
    assert RelationshipRule.parse(" building = refBuilding ") == RelationshipRule("building", "refBuilding")
    assert RelationshipRule.parse("connectsTo") == RelationshipRule("connectsTo", "connectsTo")
    assert str(RelationshipRule.parse("a=b:C")) == "a=b:C"
    with pytest.raises(BadRequestData, match="is an attribute the importer sets"):
        parse_rules(["area=locatedIn"])
    with pytest.raises(BadRequestData, match="two rules make 'refBuilding'"):
        parse_rules(["a=refBuilding", "b=refBuilding"])
    with pytest.raises(BadRequestData, match="must be a short name"):
        parse_rules(["a=refBuilding:Bad-Type"])
    with pytest.raises(BadRequestData, match="not a valid attribute name"):
        parse_rules(["a=ref(x)"])


def test_csv_columns_become_relationships_to_the_keyed_twins(store: Store, tmp_path: Path) -> None:
    twin = store.tenant()
    mh = manholes(twin, tmp_path)
    rows = [
        ["P1", X, Y, "MH-1", "MH-2", "urn:ngsi-ld:Pipe:elsewhere-7", "DN600"],
        ["P2", X, Y, "MH-2", "MH-3;MH-1; MH-3", "", "DN800"],  # several objects, one repeated
        ["P3", X, Y, "", "", "", "DN300"],  # no relationship at all
    ]
    path = write_csv(tmp_path / "pipes.csv", ["pipe_id", "lon", "lat", "start", "end", "next", "size"], rows)
    report = import_file(twin, path, "Pipe", id_column="pipe_id", relationships=RULES)
    assert report.committed and report.imported == 3 and report.rejected_count == 0
    pipes = by_key(twin, "Pipe", "pipe_id")
    start = pipes["P1"].attr("startNode")
    assert start is not None and start.type is AttrType.RELATIONSHIP
    assert start.value == mh["MH-1"] and start.extra["objectType"] == "Manhole"
    assert start.sub["provenance"].value["source"] == "pipes"  # stamped like every imported attribute
    assert pipes["P1"].value("endNode") == mh["MH-2"]
    nxt = pipes["P1"].attr("connectsTo")
    assert nxt is not None and nxt.value == "urn:ngsi-ld:Pipe:elsewhere-7" and "objectType" not in nxt.extra
    assert pipes["P2"].value("endNode") == [mh["MH-3"], mh["MH-1"]]  # one relationship, two objects
    assert pipes["P2"].attr("connectsTo") is None
    assert all(pipes["P3"].attr(n) is None for n in ("startNode", "endNode", "connectsTo"))
    # The columns became relationships: they are not kept as properties as well.
    assert all(p.attr(c) is None for p in pipes.values() for c in ("start", "end", "next"))
    assert pipes["P1"].value("size") == "DN600"


def test_cells_that_name_nothing_are_row_errors(store: Store, tmp_path: Path) -> None:
    twin = store.tenant()
    rows = [
        ["P1", X, Y, "MH-1", ""],
        ["P2", X, Y, "MH 2", ""],  # whitespace: not an id
        ["P3", X, Y, "https://example.com/mh/3", ""],
        ["P4", X, Y, "urn:x", ""],  # no namespace-specific string
        ["P5", X, Y, "MH-5", "MH-6"],  # connectsTo has no target type: only URNs
    ]
    path = write_csv(tmp_path / "pipes.csv", ["pipe_id", "lon", "lat", "start", "next"], rows)
    report = import_file(twin, path, "Pipe", id_column="pipe_id", relationships=RULES[:1] + RULES[2:])
    assert report.committed and report.imported == 1
    assert [(n.row, n.reason) for n in report.rejected] == [
        (3, "bad relationship startNode: 'MH 2' is neither a URN nor an id in column 'start'"),
        (4, "bad relationship startNode: 'https://example.com/mh/3' is neither a URN nor an id "
            "in column 'start'"),
        (5, "bad relationship startNode: 'urn:x' is not a well-formed URN in column 'start'"),
        (6, "bad relationship connectsTo: 'MH-6' is not a URN (give a target type, COLUMN=rel:Type, "
            "to key bare ids) in column 'next'"),
    ]  # fmt: skip
    assert report.reject_reasons() == {"bad relationship startNode": 3, "bad relationship connectsTo": 1}


def test_a_missing_target_fails_a_strict_import_and_nothing_is_committed(
    store: Store, tmp_path: Path
) -> None:
    twin = store.tenant()
    manholes(twin, tmp_path)
    before = snapshot(twin)
    rows = [["P1", X, Y, "MH-1", "MH-2"], ["P2", X, Y, "MH-2", "MH-9"], ["P3", X, Y, "MH-3", "MH-1"]]
    path = write_csv(tmp_path / "pipes.csv", ["pipe_id", "lon", "lat", "start", "end"], rows)
    with pytest.raises(ImportFailed) as failed:
        import_file(twin, path, "Pipe", id_column="pipe_id", relationships=RULES[:2], check_targets=True,
                    strict=True)  # fmt: skip
    report = failed.value.report
    assert not report.committed and report.imported == 0
    assert "missing target" in failed.value.detail and "first at row 3" in failed.value.detail
    assert snapshot(twin) == before  # the rows written before the end were taken back
    # Without --strict the row is rejected and the others are imported.
    report = import_file(twin, path, "Pipe", id_column="pipe_id", relationships=RULES[:2], check_targets=True)
    assert report.committed and report.imported == 2
    [note] = report.rejected
    assert note.row == 3 and note.reason.startswith("missing target: urn:ngsi-ld:Manhole:")
    assert note.reason.endswith("is neither in the twin nor in this import")
    assert set(by_key(twin, "Pipe", "pipe_id")) == {"P1", "P3"}


def feature(key: str, i: int, **props: Any) -> dict[str, Any]:
    point = {"type": "Point", "coordinates": [X + i * 0.001, Y]}
    return {"type": "Feature", "geometry": point, "properties": {"key": key, **props}}


def test_geojson_targets_later_in_the_file_and_lists(store: Store, tmp_path: Path) -> None:
    """With --check-targets a row naming a row further on waits for it; arrays give several objects."""
    twin = store.tenant()
    mh = manholes(twin, tmp_path)
    urn = "urn:ngsi-ld:DrainagePipe:"
    features = [
        feature(f"{urn}A", 1, next=f"{urn}C", drains=["MH-1", "MH-2"]),  # C comes two batches later
        feature(f"{urn}B", 2, next=f"{urn}Z"),  # Z is nowhere
        feature(f"{urn}C", 3, drains=["MH-3"]),
        feature(f"{urn}E", 4, next=f"{urn}B"),  # names B, which is rejected
    ]
    path = tmp_path / "pipes.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    options = ImportOptions(
        category="city-entity", entity_type="DrainagePipe", id_column="key",
        relationships=["next=connectsTo", "drains=drainsTo:Manhole"], check_targets=True,
    )  # fmt: skip
    report = run_import(path, twin, options, chunk=1)
    assert report.committed and report.imported == 2
    assert [(n.row, n.reason) for n in report.rejected] == [
        (2, f"missing target: {urn}Z is neither in the twin nor in this import"),
        (4, f"missing target: {urn}B (row 2, rejected)"),
    ]
    pipes = {e.id: e for e in twin.query(EntityQuery(types=types_of("DrainagePipe"))).entities}
    assert set(pipes) == {f"{urn}A", f"{urn}C"}
    assert pipes[f"{urn}A"].value("connectsTo") == f"{urn}C"
    assert pipes[f"{urn}A"].value("drainsTo") == [mh["MH-1"], mh["MH-2"]]
    assert pipes[f"{urn}C"].value("drainsTo") == mh["MH-3"]


def _excel(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [header, *rows]:
        sheet.append(row)
    book.save(path)


def _ogr(path: Path, driver: str, header: list[str], rows: list[list[Any]]) -> None:
    geoms = np.array([shapely.to_wkb(shapely.Point(r[1], r[2])) for r in rows], dtype=object)
    keep = [0, *range(3, len(header))]
    fields = [np.array([r[i] for r in rows], dtype=object) for i in keep]
    names = [header[i] for i in keep]
    pyogrio.raw.write(path, geoms, fields, names, driver=driver, geometry_type="Point", crs="EPSG:4326")


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "geojson", "gpkg", "shp"])
def test_every_table_and_feature_format_takes_relationships(
    suffix: str, sqlite_url: str, tmp_path: Path
) -> None:
    from citytwin.storage.registry import open_store

    header = ["pipe_id", "lon", "lat", "start", "end"]
    rows: list[list[Any]] = [["P1", X, Y, "MH-1", "MH-2;MH-3"], ["P2", X, Y, "MH-2", ""]]
    path = tmp_path / f"pipes.{suffix}"
    if suffix == "csv":
        write_csv(path, header, rows)
    elif suffix == "xlsx":
        _excel(path, header, rows)
    else:
        _ogr(path, {"geojson": "GeoJSON", "gpkg": "GPKG", "shp": "ESRI Shapefile"}[suffix], header, rows)
    with open_store(sqlite_url) as store:
        twin = store.tenant()
        mh = manholes(twin, tmp_path)
        report = import_file(
            twin, path, "Pipe", id_column="pipe_id", relationships=RULES[:2], check_targets=True
        )
        assert report.committed and report.imported == 2, report.rejected
        pipes = by_key(twin, "Pipe", "pipe_id")
    assert pipes["P1"].value("startNode") == mh["MH-1"]
    assert pipes["P1"].value("endNode") == [mh["MH-2"], mh["MH-3"]]
    assert pipes["P2"].attr("endNode") is None


def test_options_that_cannot_work_are_refused_before_anything_is_read(
    sqlite_url: str, tmp_path: Path
) -> None:
    from citytwin.storage.registry import open_store

    path = write_csv(
        tmp_path / "pipes.csv", ["pipe_id", "lon", "lat", "start", "size"], [["P1", X, Y, "a", 3]]
    )
    bare = tmp_path / "bare.geojson"
    point = {"type": "Point", "coordinates": [X, Y]}
    features = [{"type": "Feature", "geometry": point, "properties": None}]
    bare.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    cases: list[tuple[Path, dict[str, Any], str]] = [
        (path, {"relationships": ["stop=endNode"]}, "'stop' is not a column of pipes.csv"),
        (path, {"relationships": ["start=size"]}, "already the attribute 'size'"),
        (path, {"check_targets": True}, "--check-targets checks the targets of --relationship columns"),
        (bare, {"relationships": ["start=startNode"]}, "needs a file with columns"),
    ]
    with open_store(sqlite_url) as store:
        twin = store.tenant()
        for file, options, message in cases:
            with pytest.raises(BadRequestData, match=message):
                import_file(twin, file, "Pipe", **options)
        assert not twin.query(EntityQuery(types=types_of("Pipe"))).entities


def test_the_command_takes_repeated_relationships_and_check_targets(sqlite_url: str, tmp_path: Path) -> None:
    from citytwin.storage.registry import open_store

    with open_store(sqlite_url) as store:
        mh = manholes(store.tenant(), tmp_path)
    header = ["pipe_id", "lon", "lat", "start", "end"]
    good = write_csv(tmp_path / "good.csv", header, [["P1", X, Y, "MH-1", "MH-2;MH-3"]])
    bad = write_csv(tmp_path / "bad.csv", header, [["P2", X, Y, "MH-1", "MH-2"], ["P3", X, Y, "MH-7", ""]])
    common = ["--as", "Pipe", "--category", "city-entity", "--db", sqlite_url, "--id-column", "pipe_id",
              "--relationship", "start=startNode:Manhole", "--relationship", "end=endNode:Manhole",
              "--check-targets", "--quiet"]  # fmt: skip
    command = [sys.executable, "-m", "citytwin.cli", "import"]
    out = subprocess.run(
        [*command, str(bad), *common, "--strict"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.startswith("error: --strict: 1 row(s) rejected; first at row 3: missing target:")
    out = subprocess.run([*command, str(good), *common], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    with open_store(sqlite_url) as store:
        pipes = by_key(store.tenant(), "Pipe", "pipe_id")
    assert set(pipes) == {"P1"}  # nothing of the failed import
    assert pipes["P1"].value("endNode") == [mh["MH-2"], mh["MH-3"]]
