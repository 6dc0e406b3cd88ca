"""The importer's building blocks: names and types from columns, GeoJSON in bulk, ids, formats, the docs."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import numpy as np
import pytest
import shapely

from citytwin.core.codes import city_code
from citytwin.errors import BadRequestData
from citytwin.ingest.importers.coerce import attribute_names, convert_text, infer_text_column, plain
from citytwin.ingest.importers.formats import detect
from citytwin.ingest.importers.geometry import check_geometries
from citytwin.ingest.importers.mapping import KEY_NAMESPACE, IdMaker, geojson_many
from citytwin.ingest.importers.report import parse_max_rejects

DOC = Path(__file__).resolve().parents[3] / "docs" / "importing.md"


def test_column_names_become_valid_unique_attribute_names() -> None:
    names = attribute_names(["id", "名称", "floor area (m2)", "2020人口", "type", "名称", "addr:street"])
    assert names == ["src_id", "名称", "floor_area_m2", "c_2020人口", "src_type", "名称_2", "addr_street"]


@pytest.mark.parametrize(
    "column,values,kind",
    [
        ("floors", ["1", "12", None, " 7 "], "int"),
        ("area", ["1", "2.5", "3e2"], "float"),
        ("open", ["是", "否", "true"], "bool"),
        ("zip", ["518000", "518057"], "str"),  # a code, by its name
        ("phone_no", ["0755", "0756"], "str"),  # leading zeros are not numbers
        ("population", ["12345678901234567"], "str"),  # too long to be a count: an identifier
        ("mixed", ["1", "two"], "str"),
        ("empty", [None, ""], "str"),
    ],
)
def test_text_columns_are_typed_as_a_whole(column: str, values: list[str | None], kind: str) -> None:
    assert infer_text_column(column, values) == kind


def test_values_are_converted_and_cleaned() -> None:
    assert convert_text(" 12 ", "int") == 12 and convert_text("", "int") is None
    assert convert_text("是", "bool") is True and convert_text("2.5", "float") == 2.5
    assert plain(np.float64("nan")) is None and plain(np.int32(4)) == 4 and plain("  ") is None
    assert plain(float("inf")) is None and plain([1, None, np.int64(2)]) == [1, 2]


def test_bulk_geojson_equals_shapely_for_every_geometry_kind() -> None:
    holed = shapely.Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (2, 1), (2, 2), (1, 2)]])
    geoms = [
        shapely.Point(114.1, 22.5),
        shapely.Point(114.1, 22.5, 30.0),
        None,
        shapely.LineString([(0, 0), (1, 1), (2, 0)]),
        holed,
        shapely.MultiPoint([(0, 0), (1, 1)]),
        shapely.MultiLineString([[(0, 0), (1, 1)], [(2, 2), (3, 3), (4, 2)]]),
        shapely.MultiPolygon([holed, shapely.box(10, 10, 11, 11)]),
        shapely.GeometryCollection([shapely.Point(0, 0), shapely.LineString([(0, 0), (1, 0)])]),
        shapely.box(0, 0, 1, 1),
    ]
    out = geojson_many(np.array(geoms, dtype=object))
    for geom, got in zip(geoms, out, strict=True):
        if geom is None:
            assert got is None
        else:
            assert got == json.loads(shapely.to_geojson(geom))


def test_ids_are_valid_city_codes_and_stable() -> None:
    ids = IdMaker("440300")
    a = ids.for_key("Building", "blocks#12", KEY_NAMESPACE)
    assert a == ids.for_key("Building", "blocks#12", KEY_NAMESPACE)
    assert a != ids.for_key("Building", "blocks#13", KEY_NAMESPACE)
    kind, code = city_code.from_urn(a)
    assert (kind, code.category, code.key_kind, code.admin_code) == ("Building", "BD", "H", "440300")
    assert ids.for_value("Building", "urn:ngsi-ld:Building:custom-1") == "urn:ngsi-ld:Building:custom-1"
    given = city_code.generate("440305", "BD", sequence=42)
    assert ids.for_value("Building", given) == f"urn:ngsi-ld:Building:{given}"
    enterprise = ids.for_value("Organization", "91440300708461136T")
    assert city_code.from_urn(enterprise)[1].uscc == "91440300708461136T"
    assert city_code.from_urn(ids.for_key("Shop", "x", KEY_NAMESPACE))[1].category == "FC"
    with pytest.raises(BadRequestData, match="owner area code"):
        IdMaker("999999")
    with pytest.raises(BadRequestData, match="persons"):
        ids.for_key("Person", "x", KEY_NAMESPACE)


def test_geometries_from_gcj02_and_bd09_round_trip() -> None:
    from citytwin.core.crs import wgs84_to_bd09, wgs84_to_gcj02

    wgs = (114.0579, 22.5431)
    for name, forward in (("gcj02", wgs84_to_gcj02), ("bd09", wgs84_to_bd09)):
        x, y = forward(*wgs)
        checked = check_geometries([shapely.Point(float(x), float(y))], name)
        point = checked.geoms[0]
        assert (point.x, point.y) == pytest.approx(wgs, abs=1e-8)


def test_max_rejects_parsing() -> None:
    assert parse_max_rejects("100") == 100 and parse_max_rejects("0.05") == 0.05
    assert parse_max_rejects("5%") == pytest.approx(0.05) and parse_max_rejects(None) is None
    for bad in ("lots", "1.5", "-3"):
        with pytest.raises(BadRequestData):
            parse_max_rejects(bad)


def test_formats_are_told_by_name_and_content(tmp_path: Path) -> None:
    city = tmp_path / "model.json"
    city.write_text('{"type": "CityJSON", "version": "2.0"}', encoding="utf-8")
    plain_json = tmp_path / "layer.json"
    plain_json.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    assert detect(city) == "cityjson" and detect(plain_json) == "geojson"
    names = {"a.city.json": "cityjson", "a.osm.pbf": "osm", "a.tif": "dem", "a.xlsx": "excel"}
    for name, fmt in names.items():
        assert detect(tmp_path / name) == fmt
    with pytest.raises(BadRequestData, match="give --format"):
        detect(tmp_path / "a.dwg")


def test_importing_doc_examples() -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(DOC.read_text(encoding="utf-8"), {}, DOC.name, str(DOC), 0)
    assert len(test.examples) >= 10
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} example(s) in {DOC.name} failed (see the output above)"
