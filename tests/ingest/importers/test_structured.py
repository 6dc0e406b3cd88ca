"""CityJSON, IFC (generated with ifcopenshell.api), OpenStreetMap XML/PBF and DEM GeoTIFF imports."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any

import ifcopenshell
import ifcopenshell.api.aggregate
import ifcopenshell.api.context
import ifcopenshell.api.geometry
import ifcopenshell.api.georeference
import ifcopenshell.api.owner
import ifcopenshell.api.project
import ifcopenshell.api.pset
import ifcopenshell.api.root
import ifcopenshell.api.spatial
import ifcopenshell.api.unit
import numpy as np
import osmium
import pytest
import shapely
import tifffile
from pyproj import Transformer

from citytwin.core.entities import Entity
from citytwin.core.levels import ModelLevel
from citytwin.core.query import EntityQuery, types_of
from citytwin.ingest.importers.model import ImportOptions
from citytwin.ingest.importers.pipeline import run_import
from citytwin.storage.base import TenantStore

TO_WGS = Transformer.from_crs("EPSG:4547", "EPSG:4326", always_xy=True)
TO_METRIC = Transformer.from_crs("EPSG:4326", "EPSG:4547", always_xy=True)
# 深圳市民中心 (Futian), in CGCS2000 / 3-degree GK CM 114E metres.
E0, N0 = TO_METRIC.transform(114.0595, 22.5431)


def all_of(twin: TenantStore, type_name: str) -> list[Entity]:
    return twin.query(EntityQuery(types=types_of(type_name), limit=1000)).entities


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, la2 = math.radians(a[1]), math.radians(b[1])
    dla, dlo = la2 - la1, math.radians(b[0] - a[0])
    h = math.sin(dla / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(dlo / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


# -- CityJSON -------------------------------------------------------------------------------------------


def box_solid(x0: float, y0: float, w: float, d: float, h: float, base: int) -> tuple[list[Any], list[Any]]:
    """Vertices and one LoD1 Solid shell (ground, roof, 4 walls) of a w x d x h box, indices from base."""
    corners = [(x0, y0), (x0 + w, y0), (x0 + w, y0 + d), (x0, y0 + d)]
    verts = [[x, y, 0.0] for x, y in corners] + [[x, y, h] for x, y in corners]
    b = base
    ground = [[b + 0, b + 3, b + 2, b + 1]]
    roof = [[b + 4, b + 5, b + 6, b + 7]]
    walls = [[[b + i, b + (i + 1) % 4, b + 4 + (i + 1) % 4, b + 4 + i]] for i in range(4)]
    return verts, [ground, roof, *walls]


def test_cityjson_buildings_and_parts(twin: TenantStore, tmp_path: Path) -> None:
    v1, shell1 = box_solid(E0, N0, 20.0, 10.0, 12.0, 0)
    v2, shell2 = box_solid(E0 + 20.0, N0, 5.0, 5.0, 30.0, 8)
    scale, translate = 0.001, [E0 - 100, N0 - 100, 0.0]
    vertices = [[round((c - t) / scale) for c, t in zip(v, translate, strict=True)] for v in v1 + v2]
    semantics = {
        "surfaces": [{"type": "GroundSurface"}, {"type": "RoofSurface"}, {"type": "WallSurface"}],
        "values": [[0, 1, 2, 2, 2, 2]],
    }
    doc = {
        "type": "CityJSON",
        "version": "2.0",
        "transform": {"scale": [scale] * 3, "translate": translate},
        "metadata": {"referenceSystem": "https://www.opengis.net/def/crs/EPSG/0/4547"},
        "CityObjects": {
            "tower-part": {
                "type": "BuildingPart",
                "parents": ["tower"],
                "geometry": [{"type": "Solid", "lod": "1", "boundaries": [shell2]}],
            },
            "tower": {
                "type": "Building",
                "attributes": {"function": "office", "yearOfConstruction": 2004},
                "children": ["tower-part"],
                "geometry": [{"type": "Solid", "lod": "2.2", "boundaries": [shell1], "semantics": semantics}],
            },
        },
        "vertices": vertices,
    }
    path = tmp_path / "tower.city.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    report = run_import(path, twin, ImportOptions(category="space-2d3d"))
    assert report.committed and report.imported == 2 and report.declared_crs == "EPSG:4547"
    (tower,) = all_of(twin, "Building")
    (part,) = all_of(twin, "BuildingPart")
    assert tower.level is ModelLevel.BUILDING and part.level is ModelLevel.COMPONENT
    assert part.value("partOf") == tower.id
    assert tower.value("function") == "office" and tower.value("yearOfConstruction") == 2004
    assert tower.value("height") == pytest.approx(12.0) and part.value("height") == pytest.approx(30.0)
    assert tower.attr("height").unit_code == "MTR"  # type: ignore[union-attr]
    surfaces = tower.value("semanticSurfaces")
    assert surfaces["GroundSurface"] == {"count": 1, "area": pytest.approx(200.0)}
    assert surfaces["RoofSurface"] == {"count": 1, "area": pytest.approx(200.0)}
    assert surfaces["WallSurface"] == {"count": 4, "area": pytest.approx(2 * (20 + 10) * 12.0)}
    # The footprint, taken back to metres with pyproj directly, is the 20 x 10 m base where it was drawn.
    footprint = tower.location()
    assert footprint is not None
    metric = shapely.transform(footprint, lambda c: np.column_stack(TO_METRIC.transform(c[:, 0], c[:, 1])))
    assert metric.area == pytest.approx(200.0, rel=1e-3)
    assert metric.bounds == pytest.approx((E0, N0, E0 + 20, N0 + 10), abs=0.01)
    assert tower.admin_code is not None and tower.admin_code.startswith("440304")


# -- IFC ------------------------------------------------------------------------------------------------


def ifc_model(schema: str) -> tuple[Any, dict[str, Any]]:
    """Site > building > two storeys (L2 without elevation) > a space; two walls sharing one GlobalId."""
    model = ifcopenshell.api.project.create_file(version=schema)
    if schema == "IFC2X3":  # IFC2x3 needs an owner history on every rooted object
        person = ifcopenshell.api.owner.add_person(
            model, identification="zhang", family_name="张", given_name="工"
        )
        org = ifcopenshell.api.owner.add_organisation(model, identification="SZBIM", name="深圳BIM中心")
        ifcopenshell.api.owner.add_person_and_organisation(model, person=person, organisation=org)
        ifcopenshell.api.owner.add_application(model, application_developer=org)
    project = ifcopenshell.api.root.create_entity(model, ifc_class="IfcProject", name="深圳测试项目")
    ifcopenshell.api.unit.assign_unit(model)  # millimetres
    ifcopenshell.api.context.add_context(model, context_type="Model")
    site = ifcopenshell.api.root.create_entity(model, ifc_class="IfcSite", name="Site")
    building = ifcopenshell.api.root.create_entity(model, ifc_class="IfcBuilding", name="Tower A")
    l1 = ifcopenshell.api.root.create_entity(model, ifc_class="IfcBuildingStorey", name="L1")
    l2 = ifcopenshell.api.root.create_entity(model, ifc_class="IfcBuildingStorey", name="L2")
    space = ifcopenshell.api.root.create_entity(model, ifc_class="IfcSpace", name="Room 101")
    wall = ifcopenshell.api.root.create_entity(model, ifc_class="IfcWall", name="W1")
    twin_wall = ifcopenshell.api.root.create_entity(model, ifc_class="IfcWall", name="W1 copy")
    twin_wall.GlobalId = wall.GlobalId
    ifcopenshell.api.aggregate.assign_object(model, relating_object=project, products=[site])
    ifcopenshell.api.aggregate.assign_object(model, relating_object=site, products=[building])
    ifcopenshell.api.aggregate.assign_object(model, relating_object=building, products=[l1, l2])
    ifcopenshell.api.aggregate.assign_object(model, relating_object=l1, products=[space])
    ifcopenshell.api.spatial.assign_container(model, relating_structure=l1, products=[wall, twin_wall])
    l1.Elevation = 3500.0  # mm
    pset = ifcopenshell.api.pset.add_pset(model, product=wall, name="Pset_WallCommon")
    ifcopenshell.api.pset.edit_pset(model, pset=pset, properties={"FireRating": "2HR", "IsExternal": True})
    for product in (site, building, l1, l2, space, twin_wall):
        ifcopenshell.api.geometry.edit_object_placement(model, product=product, matrix=np.eye(4))
    at = np.eye(4)
    at[:3, 3] = (10.0, 5.0, 3.5)  # metres; the API writes project units
    ifcopenshell.api.geometry.edit_object_placement(model, product=wall, matrix=at)
    return model, {"site": site, "building": building, "l1": l1, "l2": l2, "space": space, "wall": wall}


def test_ifc4_with_map_conversion_and_qc(twin: TenantStore, tmp_path: Path) -> None:
    model, parts = ifc_model("IFC4")
    ifcopenshell.api.georeference.add_georeferencing(model)
    ifcopenshell.api.georeference.edit_georeferencing(
        model,
        projected_crs={"Name": "EPSG:4547"},
        coordinate_operation={"Eastings": E0, "Northings": N0, "OrthogonalHeight": 6.0, "Scale": 0.001},
    )
    path = tmp_path / "tower.ifc"
    model.write(str(path))
    report = run_import(path, twin, ImportOptions(category="space-2d3d"))
    assert report.committed and report.declared_crs == "EPSG:4547"
    assert report.rows_read == 7 and report.imported == 6
    (reject,) = report.rejected
    assert reject.reason.startswith("duplicate GlobalId") and parts["wall"].GlobalId in reject.reason
    checks = {q.check: q for q in report.qc}
    assert set(checks) == {"duplicate-globalid", "storey-elevation"}
    assert checks["storey-elevation"].ref == parts["l2"].GlobalId
    assert report.entity_types == {
        "BuildingSite": 1, "Building": 1, "BuildingStorey": 2, "BuildingSpace": 1, "BuildingElement": 1,
    }  # fmt: skip

    by_guid = {
        e.value("globalId"): e for e in twin.query(EntityQuery(limit=2000)).entities if e.value("globalId")
    }
    site, building = by_guid[parts["site"].GlobalId], by_guid[parts["building"].GlobalId]
    l1, space, wall = (by_guid[parts[k].GlobalId] for k in ("l1", "space", "wall"))
    assert [e.level for e in (site, building, l1, space, wall)] == [
        ModelLevel.BUILDING, ModelLevel.BUILDING, ModelLevel.COMPONENT, ModelLevel.COMPONENT, ModelLevel.PART,
    ]  # fmt: skip
    assert building.value("partOf") == site.id and l1.value("partOf") == building.id
    assert space.value("partOf") == l1.id and wall.value("partOf") == l1.id
    assert wall.value("belongsTo") == building.id and space.value("belongsTo") == building.id
    assert l1.value("elevation") == pytest.approx(3.5) and l1.attr("elevation").unit_code == "MTR"  # type: ignore[union-attr]
    assert wall.value("propertySets") == {"Pset_WallCommon": {"FireRating": "2HR", "IsExternal": True}}
    assert wall.value("ifcClass") == "IfcWall" and building.value("name") == "Tower A"
    # Georeferenced: the wall sits 10 m east and 5 m north of the map origin, at 6 + 3.5 m.
    expected = TO_WGS.transform(E0 + 10.0, N0 + 5.0)
    point = wall.location()
    assert point is not None and haversine_m((point.x, point.y), expected) < 0.01
    assert wall.value("placementHeight") == pytest.approx(9.5)
    assert wall.admin_code is not None and wall.admin_code.startswith("440304")


def test_ifc2x3_with_site_reference_point_and_true_north(twin: TenantStore, tmp_path: Path) -> None:
    model, parts = ifc_model("IFC2X3")
    parts["site"].RefLatitude = (22, 32, 35, 160000)  # 22.543100° N
    parts["site"].RefLongitude = (114, 3, 34, 200000)  # 114.059500° E
    context = model.by_type("IfcGeometricRepresentationContext")[0]
    context.TrueNorth = model.createIfcDirection((-1.0, 0.0))  # true north is the project's -X axis
    path = tmp_path / "tower2x3.ifc"
    model.write(str(path))
    report = run_import(path, twin, ImportOptions(category="space-2d3d", dataset="tower-2x3"))
    assert report.metadata["georeference"] == "IfcSite.RefLatitude/RefLongitude"
    assert "georeference" not in {q.check for q in report.qc}
    wall = next(e for e in all_of(twin, "BuildingElement") if e.value("globalId") == parts["wall"].GlobalId)
    site = next(e for e in all_of(twin, "BuildingSite"))
    origin, point = site.location(), wall.location()
    assert origin is not None and point is not None
    assert (origin.x, origin.y) == pytest.approx((114.0595, 22.5431), abs=1e-6)
    # Project +X is true south, +Y true east: (10, 5) is 10 m south and 5 m east of the origin.
    east = (point.x - origin.x) * 111_320.0 * math.cos(math.radians(origin.y))
    north = (point.y - origin.y) * 110_574.0
    assert east == pytest.approx(5.0, abs=0.05) and north == pytest.approx(-10.0, abs=0.05)


def test_ifc_without_georeference_is_imported_unplaced_and_flagged(twin: TenantStore, tmp_path: Path) -> None:
    model, _ = ifc_model("IFC4")
    path = tmp_path / "floating.ifc"
    model.write(str(path))
    report = run_import(path, twin, ImportOptions(category="space-2d3d"))
    assert report.committed and report.imported == 6
    missing = [q for q in report.qc if q.check == "georeference"]
    assert (
        len(missing) == 1 and missing[0].severity == "error" and "missing georeference" in missing[0].message
    )
    assert report.registered == 0 and report.unregistered_count == 6
    assert all(e.location() is None for e in all_of(twin, "BuildingElement"))


# -- OpenStreetMap --------------------------------------------------------------------------------------

OSM_XML = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="citytwin-tests">
  <node id="1" lat="22.5400" lon="114.0500" version="1"/>
  <node id="2" lat="22.5400" lon="114.0505" version="1"/>
  <node id="3" lat="22.5405" lon="114.0505" version="1"/>
  <node id="4" lat="22.5405" lon="114.0500" version="1"/>
  <node id="5" lat="22.5410" lon="114.0540" version="1"/>
  <node id="6" lat="22.5410" lon="114.0545" version="1"/>
  <node id="7" lat="22.5415" lon="114.0545" version="1"/>
  <node id="10" lat="22.5390" lon="114.0490" version="1"/>
  <node id="11" lat="22.5390" lon="114.0510" version="1"/>
  <node id="12" lat="22.5390" lon="114.0530" version="1"/>
  <node id="13" lat="22.5380" lon="114.0510" version="1"/>
  <node id="20" lat="22.5410" lon="114.0520" version="1">
    <tag k="amenity" v="hospital"/>
    <tag k="name" v="福田区人民医院"/>
  </node>
  <way id="100" version="1">
    <nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/>
    <tag k="building" v="office"/>
    <tag k="building:levels" v="12"/>
    <tag k="name" v="测试大厦"/>
  </way>
  <way id="101" version="1">
    <nd ref="5"/><nd ref="6"/><nd ref="7"/><nd ref="5"/>
    <tag k="building" v="yes"/>
    <tag k="height" v="45 m"/>
  </way>
  <way id="200" version="1">
    <nd ref="10"/><nd ref="11"/><nd ref="12"/>
    <tag k="highway" v="primary"/>
    <tag k="name" v="深南大道"/>
    <tag k="lanes" v="4"/>
  </way>
  <way id="201" version="1">
    <nd ref="11"/><nd ref="13"/>
    <tag k="highway" v="residential"/>
  </way>
</osm>
"""


def write_pbf(path: Path) -> Path:
    """The same data as OSM_XML, written as PBF by pyosmium."""
    xml = path.with_suffix(".xml.osm")
    xml.write_text(OSM_XML, encoding="utf-8")
    writer = osmium.SimpleWriter(str(path))
    try:
        for obj in osmium.FileProcessor(str(xml)):
            if isinstance(obj, osmium.osm.Node):
                writer.add_node(obj)
            elif isinstance(obj, osmium.osm.Way):
                writer.add_way(obj)
    finally:
        writer.close()
    xml.unlink()
    return path


@pytest.mark.parametrize("kind", ["xml", "pbf"])
def test_osm_buildings_pois_and_road_graph(twin: TenantStore, tmp_path: Path, kind: str) -> None:
    if kind == "xml":
        path = tmp_path / "futian.osm"
        path.write_text(OSM_XML, encoding="utf-8")
    else:
        path = write_pbf(tmp_path / "futian.osm.pbf")
    report = run_import(path, twin, ImportOptions(category="internet-open-data"))
    assert report.committed and report.rejected_count == 0
    assert report.entity_types == {"PointOfInterest": 1, "Building": 2, "RoadNode": 4, "RoadSegment": 3}
    levels = {e.value("osmId"): e for e in all_of(twin, "Building")}
    office, tower = levels["way/100"], levels["way/101"]
    assert office.value("floors") == 12 and office.value("height") == 36.0
    assert office.value("heightEstimated") is True and office.value("name") == "测试大厦"
    assert tower.value("height") == 45.0 and "heightEstimated" not in tower.attrs
    assert office.location().geom_type == "Polygon"  # type: ignore[union-attr]
    (hospital,) = all_of(twin, "PointOfInterest")
    assert hospital.value("name") == "福田区人民医院" and hospital.value("category") == "amenity=hospital"

    nodes = {e.id: e for e in all_of(twin, "RoadNode")}
    segments = all_of(twin, "RoadSegment")
    assert sorted(n.value("osmId") for n in nodes.values()) == ["node/10", "node/11", "node/12", "node/13"]
    ends = sorted(
        (nodes[s.value("fromNode")].value("osmId"), nodes[s.value("toNode")].value("osmId")) for s in segments
    )
    assert ends == [("node/10", "node/11"), ("node/11", "node/12"), ("node/11", "node/13")]
    junction = next(n for n in nodes.values() if n.value("osmId") == "node/11")
    assert junction.value("degree") == 3
    first = next(s for s in segments if nodes[s.value("fromNode")].value("osmId") == "node/10")
    assert first.value("name") == "深南大道" and first.value("highway") == "primary"
    assert first.value("length") == pytest.approx(
        haversine_m((114.0490, 22.5390), (114.0510, 22.5390)), rel=2e-3
    )
    assert first.level is ModelLevel.DISTRICT
    # Importing the same OSM objects again (another extract) updates the same twins.
    again = run_import(path, twin, ImportOptions(category="internet-open-data", dataset="futian-again"))
    assert again.imported == report.imported
    assert len(all_of(twin, "RoadSegment")) == 3 and len(all_of(twin, "Building")) == 2


# -- DEM ------------------------------------------------------------------------------------------------


def write_dem(path: Path, x0: float, y0: float, dx: float, data: np.ndarray, nodata: float) -> Path:
    """A north-up GeoTIFF in EPSG:4547 with ModelPixelScale, ModelTiepoint, GeoKeys and GDAL_NODATA."""
    geokeys = (1, 1, 0, 2, 1025, 0, 1, 1, 3072, 0, 1, 4547)
    tags = [
        (33550, "d", 3, (dx, dx, 0.0), True),
        (33922, "d", 6, (0.0, 0.0, 0.0, x0, y0, 0.0), True),
        (34735, "H", len(geokeys), geokeys, True),
        (42113, "s", 0, str(nodata), True),
    ]
    tifffile.imwrite(path, data.astype(np.float32), extratags=tags)
    return path


def test_dem_becomes_the_surface_layer_the_flood_engine_uses(twin: TenantStore, tmp_path: Path) -> None:
    from citytwin.scenarios.flood.grid import Grid
    from citytwin.scenarios.flood.twin import pick_dem

    ny, nx, dx = 80, 100, 10.0
    yy, xx = np.mgrid[0:ny, 0:nx]
    data = 5.0 + 0.1 * xx + 0.05 * yy
    data[0, 0] = -9999.0  # one void
    x0, y0 = E0 - 500.0, N0 + 400.0
    path = write_dem(tmp_path / "futian_dem.tif", x0, y0, dx, data, -9999.0)
    rasters = tmp_path / "rasters"
    report = run_import(path, twin, ImportOptions(category="spatiotemporal-base", raster_dir=rasters))
    assert report.committed and report.imported == 1
    (dem,) = all_of(twin, "DigitalElevationModel")
    assert dem.level is ModelLevel.SURFACE and dem.value("crs") == "EPSG:4547"
    assert (dem.value("width"), dem.value("height"), dem.value("pixelSizeX")) == (nx, ny, dx)
    assert dem.value("voidCells") == 1
    assert dem.value("minElevation") == pytest.approx(5.05, abs=1e-3)  # the void is not the minimum
    assert dem.value("maxElevation") == pytest.approx(5.0 + 0.1 * 99 + 0.05 * 79, abs=1e-3)
    stored = Path(dem.value("rasterFile"))
    assert stored.parent == rasters.resolve()
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == hashlib.sha256(path.read_bytes()).hexdigest()
    footprint = dem.location()
    assert footprint is not None
    corners = [TO_WGS.transform(x, y) for x, y in ((x0, y0), (x0 + nx * dx, y0 - ny * dx))]
    for lng, lat in corners:
        assert footprint.buffer(1e-7).contains(shapely.Point(lng, lat))
    # The flood engine finds it in the twin for an area inside it.
    grid = Grid(x0=x0 + 100, y0=y0 - 100, dx=20.0, nx=10, ny=10, crs="EPSG:4547")
    chosen = pick_dem(twin, grid, None, None)
    assert Path(chosen.path) == stored and chosen.x0 == x0 and chosen.dx == dx
