"""GET /entities and POST /entityOperations/query: filters, projection, paging, counts, geo, GeoJSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.api.conftest import MAX_PAGE, V1, entity, problem_type


def point(lng: float, lat: float) -> dict[str, Any]:
    return {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [lng, lat]}}


def box(x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


CITY: list[dict[str, Any]] = [
    {
        **entity("urn:ngsi-ld:Building:1", height=10, use="office"),
        "scope": "/sz/futian",
        "location": point(114.05, 22.54),
    },
    {
        **entity("urn:ngsi-ld:Building:2", height=30, use="home"),
        "scope": "/sz/nanshan",
        "location": point(113.93, 22.52),
    },
    {**entity("urn:ngsi-ld:Building:3", height=55), "scope": "/gz/tianhe", "location": point(113.33, 23.13)},
    {**entity("urn:ngsi-ld:Sensor:1", "Sensor", temperature=21.5), "location": point(114.051, 22.541)},
    {
        "id": "urn:ngsi-ld:Park:1",
        "type": ["Park", "Landmark"],
        "location": {"type": "GeoProperty", "value": box(114.0, 22.5, 114.1, 22.6)},
        "area": {"type": "Property", "value": 5, "unitCode": "KMK"},
    },
]


@pytest.fixture
def city(api: TestClient) -> TestClient:
    response = api.post(f"{V1}/entityOperations/create", json=CITY)
    assert response.status_code == 201, response.text
    return api


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [e["id"] for e in response.json()]


def query(api: TestClient, **params: Any) -> list[str]:
    return ids(api.get(f"{V1}/entities", params=params))


def test_filters(city: TestClient) -> None:
    assert query(city, type="Building") == [
        "urn:ngsi-ld:Building:1",
        "urn:ngsi-ld:Building:2",
        "urn:ngsi-ld:Building:3",
    ]
    assert query(city, type="Sensor,Park") == ["urn:ngsi-ld:Park:1", "urn:ngsi-ld:Sensor:1"]
    assert query(city, type="Sensor|Landmark") == ["urn:ngsi-ld:Park:1", "urn:ngsi-ld:Sensor:1"]
    assert query(city, type="(Park;Landmark)") == ["urn:ngsi-ld:Park:1"]
    assert query(city, type="(Park;Building)") == []
    assert query(city, id="urn:ngsi-ld:Building:2,urn:ngsi-ld:Sensor:1", local="true") == [
        "urn:ngsi-ld:Building:2",
        "urn:ngsi-ld:Sensor:1",
    ]
    assert query(city, idPattern="Building:[12]$", type="*") == [
        "urn:ngsi-ld:Building:1",
        "urn:ngsi-ld:Building:2",
    ]
    assert query(city, q="height>20") == ["urn:ngsi-ld:Building:2", "urn:ngsi-ld:Building:3"]
    assert query(city, q='height<50;use=="home"') == ["urn:ngsi-ld:Building:2"]
    assert query(city, q="height==10|temperature>20") == ["urn:ngsi-ld:Building:1", "urn:ngsi-ld:Sensor:1"]
    assert query(city, q='area.unitCode=="KMK"') == ["urn:ngsi-ld:Park:1"]
    assert query(city, attrs="use,area") == [
        "urn:ngsi-ld:Building:1",
        "urn:ngsi-ld:Building:2",
        "urn:ngsi-ld:Park:1",
    ]
    assert query(city, scopeQ="/sz/#") == ["urn:ngsi-ld:Building:1", "urn:ngsi-ld:Building:2"]
    assert query(city, scopeQ="/+/tianhe") == ["urn:ngsi-ld:Building:3"]
    assert query(city, scopeQ="/sz/futian,/gz/#") == ["urn:ngsi-ld:Building:1", "urn:ngsi-ld:Building:3"]


def test_projection_and_representations(city: TestClient) -> None:
    body = city.get(
        f"{V1}/entities", params={"type": "Building", "attrs": "height", "options": "keyValues"}
    ).json()
    assert body[0] == {
        "id": "urn:ngsi-ld:Building:1",
        "type": "Building",
        "scope": "/sz/futian",
        "height": 10,
    }
    picked = city.get(f"{V1}/entities", params={"type": "Building", "pick": "id,use"}).json()
    assert picked[0] == {"id": "urn:ngsi-ld:Building:1", "use": {"type": "Property", "value": "office"}}
    omitted = city.get(
        f"{V1}/entities", params={"type": "Sensor", "omit": "location", "format": "concise"}
    ).json()
    assert omitted == [{"id": "urn:ngsi-ld:Sensor:1", "type": "Sensor", "temperature": 21.5}]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "height>"}, "InvalidRequest"),
        ({"type": "(Building"}, "InvalidRequest"),
        ({"idPattern": "("}, "BadRequestData"),
        ({"scopeQ": "nope"}, "InvalidRequest"),
        ({"georel": "near;maxDistance==10", "geometry": "Point"}, "BadRequestData"),
        ({"georel": "inside", "geometry": "Point", "coordinates": "[1,2]"}, "BadRequestData"),
        ({"georel": "near", "geometry": "Point", "coordinates": "[1,2]"}, "BadRequestData"),
        ({"georel": "within", "geometry": "Point", "coordinates": "[1,"}, "BadRequestData"),
        ({"georel": "within", "geometry": "Point", "coordinates": "[500,2]"}, "BadRequestData"),
        ({"limit": "x"}, "InvalidRequest"),
        ({"limit": "-1"}, "InvalidRequest"),
        ({"offset": "1.5"}, "InvalidRequest"),
        ({"count": "yes"}, "InvalidRequest"),
        ({"limit": str(MAX_PAGE + 1)}, "TooManyResults"),
    ],
)
def test_bad_parameters(api: TestClient, params: dict[str, str], expected: str) -> None:
    response = api.get(f"{V1}/entities", params={"type": "*", **params})
    assert problem_type(response) == expected, response.text
    assert response.status_code == (403 if expected == "TooManyResults" else 400)


def test_paging_counts_and_trailing_slash(api: TestClient) -> None:
    many = [entity(f"urn:ngsi-ld:Thing:{i:03d}", "Thing", n=i) for i in range(123)]
    assert api.post(f"{V1}/entityOperations/upsert", json=many).status_code == 201
    first = api.get(f"{V1}/entities/", params={"type": "Thing"})
    assert len(ids(first)) == 20  # NGSI-LD's default page size
    assert "NGSILD-Results-Count" not in first.headers
    pages: list[str] = []
    for offset in range(0, 150, MAX_PAGE):
        response = api.get(
            f"{V1}/entities", params={"type": "Thing", "limit": MAX_PAGE, "offset": offset, "count": "true"}
        )
        assert response.headers["NGSILD-Results-Count"] == "123"
        pages += ids(response)
    assert pages == sorted(e["id"] for e in many)
    counted = api.get(f"{V1}/entities", params={"type": "Thing", "limit": 0, "count": "true"})
    assert counted.json() == [] and counted.headers["NGSILD-Results-Count"] == "123"
    everything = api.get(
        f"{V1}/entities", params={"type": "*", "limit": MAX_PAGE, "offset": 100, "count": "true"}
    )
    assert len(ids(everything)) == 23 and everything.headers["NGSILD-Results-Count"] == "123"
    too_many = api.get(f"{V1}/entities", params={"type": "Thing", "limit": MAX_PAGE + 1})
    assert too_many.status_code == 403 and problem_type(too_many) == "TooManyResults"


def test_filtered_paging_stays_exact(api: TestClient) -> None:
    # A scopeQ with '+' is decided outside the store: paging and counting must still be exact.
    many = [{**entity(f"urn:x:{i:03d}", "T"), "scope": f"/a/{i % 3}/b"} for i in range(90)]
    assert api.post(f"{V1}/entityOperations/create", json=many).status_code == 201
    expected = [e["id"] for e in many if e["scope"] in ("/a/1/b",)]
    got: list[str] = []
    for offset in (0, 7, 14, 21, 28):
        response = api.get(
            f"{V1}/entities",
            params={"scopeQ": "/a/+/b;/+/1/#", "limit": 7, "offset": offset, "count": "true"},
        )
        assert response.headers["NGSILD-Results-Count"] == "30"
        got += ids(response)
    assert got == expected


def test_geo_queries(city: TestClient) -> None:
    # Smaller than the park: the park is not within it (a geometry is within an equal one).
    centre = box(114.04, 22.53, 114.06, 22.55)
    within = {"georel": "within", "geometry": "Polygon", "coordinates": json.dumps(centre["coordinates"])}
    assert query(city, **within) == ["urn:ngsi-ld:Building:1", "urn:ngsi-ld:Sensor:1"]
    contains = {"georel": "contains", "geometry": "Point", "coordinates": "[114.05, 22.55]"}
    assert query(city, **contains) == ["urn:ngsi-ld:Park:1"]
    near = {"georel": "near;maxDistance==200", "geometry": "Point", "coordinates": "[114.05,22.54]"}
    assert query(city, **near) == ["urn:ngsi-ld:Building:1", "urn:ngsi-ld:Park:1", "urn:ngsi-ld:Sensor:1"]
    far = {"georel": "near;minDistance==50000", "geometry": "Point", "coordinates": "[114.05,22.54]"}
    assert query(city, **far) == ["urn:ngsi-ld:Building:3"]
    assert query(city, type="Building", **near) == ["urn:ngsi-ld:Building:1"]


def test_geojson_feature_collection(city: TestClient) -> None:
    response = city.get(
        f"{V1}/entities",
        params={"type": "Building", "options": "keyValues"},
        headers={"Accept": "application/geo+json"},
    )
    assert response.status_code == 200
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == [
        "urn:ngsi-ld:Building:1",
        "urn:ngsi-ld:Building:2",
        "urn:ngsi-ld:Building:3",
    ]
    first = collection["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [114.05, 22.54]}
    assert first["properties"]["height"] == 10


def test_post_query(city: TestClient) -> None:
    url = f"{V1}/entityOperations/query"
    body = {"type": "Query", "entities": [{"type": "Building"}], "q": "height>20", "attrs": ["height"]}
    assert ids(city.post(url, json=body)) == ["urn:ngsi-ld:Building:2", "urn:ngsi-ld:Building:3"]
    several = {
        "type": "Query",
        "entities": [
            {"type": "Sensor"},
            {"id": "urn:ngsi-ld:Building:3", "type": "Building"},
            {"idPattern": "Park", "type": "Park"},  # 5.2.33: a selector names its type
        ],
    }
    response = city.post(url, json=several, params={"count": "true", "limit": 2})
    assert ids(response) == ["urn:ngsi-ld:Building:3", "urn:ngsi-ld:Park:1"]
    assert response.headers["NGSILD-Results-Count"] == "3"
    geo = {
        "type": "Query",
        "geoQ": {"georel": "near;maxDistance==500", "geometry": "Point", "coordinates": [113.93, 22.52]},
    }
    assert ids(city.post(url, json=geo)) == ["urn:ngsi-ld:Building:2"]
    assert city.post(url, json={"type": "Subscription"}).status_code == 400
    assert city.post(url, json=[1]).status_code == 400
