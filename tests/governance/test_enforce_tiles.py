"""Viewer tiles and base layers cut per subject: an administrator and a district-limited operator, one tenant.

The operator reads only Nanshan (440305) and sees neither ``name`` nor ``buildingUse``: its tileset, tile
GLBs and whole base layers hold only Nanshan's buildings and districts, without a ``name`` column or any
hidden value; the administrator's are the platform's, unchanged. A policy change replaces the operator's
caches at once.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trimesh
import yaml
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.core.entities import Entity, geo, prop
from citytwin.settings import Settings
from citytwin.storage.registry import open_store
from citytwin.tiles.glb import property_values, read_glb
from tests.governance import test_paths_federation as federation
from tests.governance.helpers import account_keys
from tests.tiles.conftest import block

brokers = federation.brokers
"""A city broker with a district broker registered as its context source (the federation paths' fixture)."""
NANSHAN, FUTIAN = "440305", "440304"
HIDDEN = ["name", "buildingUse"]
ACTORS: dict[str, dict[str, Any]] = {
    "admin": {"roles": ("administrator",)},
    "operator": {"roles": ("district-operator",), "area": NANSHAN},
}


def policy(hidden: list[str]) -> dict[str, Any]:
    """Administrators see everything; district operators read their own area without ``hidden``."""
    return {
        "version": "tiles-test",
        "classification": {
            "default_grade": 2,
            "types": {"Building": {"category": "space-2d3d", "grade": 2}, "District": {"grade": 1}},
        },
        "rules": [
            {"id": "administrators", "subjects": {"roles": ["administrator"]}, "actions": "*", "clear": "*"},
            {
                "id": "district-operators",
                "subjects": {"roles": ["district-operator"]},
                "actions": ["read"],
                "resources": {"area": {"admin_codes": ["$area"]}},
                "attributes": {"exclude": hidden},
            },
        ],
    }


def district(code: str, name: str, lng: float) -> Entity:
    """A district: a square polygon east of ``lng``."""
    ring = [[lng, 22.5], [lng + 0.05, 22.5], [lng + 0.05, 22.55], [lng, 22.55], [lng, 22.5]]
    entity = Entity(f"urn:ngsi-ld:District:{code}", ("District",))
    entity.set("location", geo({"type": "Polygon", "coordinates": [ring]}))
    entity.set("name", prop(name))
    entity.set("adminCode", prop(code))
    return entity


def seed() -> list[Entity]:
    """20 Nanshan buildings, 16 Futian ones (ids t1xxxx), and the two districts."""
    nanshan = block(20, lng0=113.93)
    futian = block(16, lng0=114.05)
    for e in futian:
        e.id = e.id.replace(":t", ":t1")
        e.set("adminCode", prop(FUTIAN + "001001"))
    return [*nanshan, *futian, district(NANSHAN, "南山区", 113.9), district(FUTIAN, "福田区", 114.03)]


class Viewer:
    """The secured app and one API key per actor."""

    def __init__(self, client: TestClient, keys: dict[str, str]) -> None:
        self.client, self.keys = client, keys

    def get(self, actor: str, path: str, **kw: Any) -> Any:
        answer = self.client.get(path, headers={"X-API-Key": self.keys[actor]}, **kw)
        assert answer.status_code == 200, (path, answer.text)
        return answer

    def tileset(self, actor: str) -> dict[str, Any]:
        for _ in range(400):
            if self.get(actor, "/tiles/buildings/status").json()["state"] != "building":
                break
            time.sleep(0.025)
        return self.get(actor, "/tiles/buildings/tileset.json").json()  # type: ignore[no-any-return]

    def tiles(self, actor: str) -> list[tuple[dict[str, Any], bytes, bytes, str]]:
        """Every tile of the actor's tileset: (glTF JSON, binary chunk, GLB, cache-control)."""
        out = []
        stack = [self.tileset(actor)["root"]]
        while stack:
            tile = stack.pop()
            stack.extend(tile.get("children", ()))
            if "content" in tile:
                answer = self.get(actor, "/tiles/buildings/" + tile["content"]["uri"])
                doc, payload = read_glb(answer.content)
                out.append((doc, payload, answer.content, answer.headers["cache-control"]))
        return out

    def columns(self, actor: str) -> tuple[set[str], dict[str, list[Any]]]:
        """The property-table columns of the actor's tiles and their values over all tiles."""
        names: set[str] = set()
        values: dict[str, list[Any]] = {}
        for doc, payload, _, _ in self.tiles(actor):
            table = doc["extensions"]["EXT_structural_metadata"]["propertyTables"][0]
            names |= set(table["properties"])
            for name in table["properties"]:
                values.setdefault(name, []).extend(property_values(doc, payload, name))
        return names, values


@pytest.fixture
def viewer(tmp_path: Path) -> Iterator[Viewer]:
    url = f"sqlite:///{tmp_path / 'twin.db'}"
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text(yaml.safe_dump(policy(HIDDEN), allow_unicode=True), "utf-8")
    with open_store(url) as store:
        keys = account_keys(store, ACTORS)
        settings = Settings(
            db=url, auth=True, auth_signing_key=tmp_path / "signing.pem", policy_file=policy_file
        )
        with TestClient(create_app(settings, store=store)) as client:
            body = [e.to_dict() for e in seed()]
            r = client.post(
                "/ngsi-ld/v1/entityOperations/upsert", json=body, headers={"X-API-Key": keys["admin"]}
            )
            assert r.status_code in (201, 204), r.text
            yield Viewer(client, keys)


def test_the_operator_gets_its_district_without_hidden_properties(viewer: Viewer) -> None:
    names, values = viewer.columns("operator")
    assert len(values["id"]) == 20 and all(":t1" not in i for i in values["id"])
    assert set(values["adminCode"]) == {"440305007001"}
    assert "name" not in names and {"id", "height", "use", "adminCode"} <= names
    assert set(values["use"]) == {""}  # other use attributes may show; buildingUse never does
    for _, _, glb, cache_control in viewer.tiles("operator"):
        assert b"office" not in glb and "科技园".encode() not in glb
        assert cache_control.startswith("private")
        assert trimesh.load(io.BytesIO(glb), file_type="glb", force="scene").geometry
    uris = [t["content"]["uri"] for t in [viewer.tileset("operator")["root"]]]
    assert all("&view=" in u for u in uris)

    layer = viewer.get("operator", "/tiles/layers/districts.geojson").json()
    assert [f["properties"] for f in layer["features"]] == [{"type": "District", "adminCode": NANSHAN}]
    box = viewer.get("operator", "/tiles/layers/districts.geojson", params={"bbox": "113.8,22.4,114.2,22.6"})
    assert [f["properties"] for f in box.json()["features"]] == [{"type": "District", "adminCode": NANSHAN}]


def test_the_administrator_gets_the_platform_tiles_unchanged(viewer: Viewer) -> None:
    names, values = viewer.columns("admin")
    assert len(values["id"]) == 36 and set(values["use"]) == {"office"}
    assert names == {"id", "type", "name", "height", "floors", "use", "adminCode"}
    assert all(cc.startswith("public") for *_, cc in viewer.tiles("admin"))
    assert "&view=" not in viewer.tileset("admin")["root"]["content"]["uri"]
    layer = viewer.get("admin", "/tiles/layers/districts.geojson").json()
    assert sorted(f["properties"]["name"] for f in layer["features"]) == ["南山区", "福田区"]
    service = viewer.client.app.state.tiles  # type: ignore[attr-defined]
    assert len(service.views) == 0  # the administrator is served the platform's caches only


def test_operator_tiles_follow_changes_and_a_policy_change_invalidates(viewer: Viewer) -> None:
    _, before = viewer.columns("operator")
    assert len(before["id"]) == 20
    # A Futian building moved into Nanshan (its admin code changes) appears; a Nanshan one leaving vanishes.
    moved, left = "urn:ngsi-ld:Building:t100003", "urn:ngsi-ld:Building:t00004"
    admin = {"X-API-Key": viewer.keys["admin"]}
    for entity_id, code in ((moved, "440305007001"), (left, "440304001001")):
        patch = {"adminCode": {"type": "Property", "value": code}}
        r = viewer.client.patch(f"/ngsi-ld/v1/entities/{entity_id}/attrs", json=patch, headers=admin)
        assert r.status_code == 204, r.text
    _, after = viewer.columns("operator")
    assert moved in after["id"] and left not in after["id"] and len(after["id"]) == 20

    service = viewer.client.app.state.tiles  # type: ignore[attr-defined]
    created = service.views.created
    r = viewer.client.put("/governance/policy", json=policy(["buildingUse"]), headers=admin)
    assert r.status_code == 200, r.text
    names, values = viewer.columns("operator")  # names are shown now, buildingUse still is not
    assert "name" in names and len(values["id"]) == 20 and set(values["use"]) == {""}
    assert sum(n.startswith("科技园") for n in values["name"]) == 20
    assert service.views.created == created + 1 and service.views.invalidations == 1
    layer = viewer.get("operator", "/tiles/layers/districts.geojson").json()
    assert [f["properties"]["name"] for f in layer["features"]] == ["南山区"]
    admin_names, _ = viewer.columns("admin")
    assert "name" in admin_names and "use" in admin_names


def test_federated_types_hold_only_what_the_subject_may_read(brokers: federation.Brokers) -> None:
    # The district source answers /types as the city's service account (an administrator there): Person.
    # A guest reads public (grade 1) data only.
    brokers.keys["guest"] = federation._account(brokers.city_store, "guest", ())
    assert "Person" in brokers.get("admin", "/types").json()["typeList"]
    assert "Person" in brokers.get("ops", "/types").json()["typeList"]  # operators read up to grade 3
    guest = brokers.get("guest", "/types")
    assert guest.status_code == 200 and "Person" not in guest.json()["typeList"]
    details = brokers.get("guest", "/types", details="true").json()
    assert all(t["typeName"] != "Person" for t in details)
    admin_details = brokers.get("admin", "/types", details="true").json()
    person = next(t for t in admin_details if t["typeName"] == "Person")
    assert {"phone", "name"} <= set(person["attributeNames"])
