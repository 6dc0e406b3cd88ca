"""Exports are authorised, filtered, masked and ledgered: ``citytwin export``, ``GET /export``, the writers.

Residents (grade 3, names and phones masked unless a rule clears them) and buildings live in 南山 (440305)
and 福田 (440304). The auditor exports everything, masked; district staff of 南山 export 南山 only; a grid
worker has no export rule at all.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyogrio
import pytest
import shapely
from click.testing import CliRunner, Result
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.cli import main
from citytwin.core.entities import Entity, geo, prop
from citytwin.governance.auth import Accounts
from citytwin.governance.ledger_store import Ledger
from citytwin.ingest.exporters import write_entities
from citytwin.settings import Settings
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store


def person(n: int, code: str, lng: float) -> Entity:
    entity = Entity(f"urn:ngsi-ld:Person:p{n}", ("Person",))
    entity.set("name", prop(["张三丰", "李四", "王五"][n % 3]))
    entity.set("phone", prop(f"1380013{n:04d}"))
    entity.set("adminCode", prop(code))
    entity.set("age", prop(30 + n))
    entity.set("location", geo({"type": "Point", "coordinates": [lng, 22.53]}))
    return entity


def building(n: int, code: str, lng: float, height: float | None) -> Entity:
    entity = Entity(f"urn:ngsi-ld:Building:b{n}", ("Building",))
    entity.set("adminCode", prop(code))
    if height is not None:
        entity.set("height", prop(height))
    entity.set("address", prop({"street": "科苑路", "number": n}))
    ring = [[lng, 22.5], [lng + 0.001, 22.5], [lng + 0.001, 22.501], [lng, 22.501], [lng, 22.5]]
    entity.set("location", geo({"type": "Polygon", "coordinates": [ring]}))
    return entity


TWIN = [
    person(1, "440305007003", 113.94),
    person(2, "440304001001", 114.05),
    building(1, "440305007003", 113.94, 30),
    building(2, "440305007004", 113.95, None),
    building(3, "440304001001", 114.05, 12.5),
]


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'city.db'}"
    with open_store(url) as store:
        assert not store.tenant().upsert_many(TWIN).errors
        accounts = Accounts(store)
        accounts.add("audit", roles=("auditor",))
        accounts.add("li", roles=("district-staff",), tenant="", area="440305")
        accounts.add("grid", roles=("grid-worker",), area="440305")
    return url


def export(db: str, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(
        main,
        ["export", "--db", db, *args],
        env={"CITYTWIN_AUTH": None, "CITYTWIN_TOKEN": None, **(env or {})},
    )


def exports(db: str) -> list[dict[str, Any]]:
    with open_store(db) as store:
        return [r.to_dict() for r in Ledger(store).iter_records() if r.entry.action == "export"]


def test_writers_round_trip_every_format(tmp_path: Path) -> None:
    buildings = [e for e in TWIN if "Building" in e.types]
    out: dict[str, Any] = {}
    for fmt in ("geojson", "ndjson", "csv", "gpkg"):
        path = tmp_path / f"b.{fmt}"
        written = write_entities(iter(buildings), fmt, path, layer="Building")
        assert written.count == 3 and written.bytes == path.stat().st_size
        assert written.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert written.attributes == ["address", "adminCode", "height", "location"]
        out[fmt] = path
    collection = json.loads(out["geojson"].read_text("utf-8"))
    first = collection["features"][0]
    assert first["id"] == "urn:ngsi-ld:Building:b1" and first["geometry"]["type"] == "Polygon"
    address = {"street": "科苑路", "number": 1}
    assert first["properties"] == {
        "type": "Building", "adminCode": "440305007003", "height": 30, "address": address
    }  # fmt: skip
    lines = out["ndjson"].read_text("utf-8").splitlines()
    assert [Entity.from_dict(json.loads(x)) for x in lines] == buildings
    rows = list(csv.DictReader(io.StringIO(out["csv"].read_text("utf-8"))))
    assert list(rows[0]) == ["id", "type", "address", "adminCode", "height", "location"]
    assert rows[1]["height"] == "" and json.loads(rows[0]["address"])["street"] == "科苑路"
    meta, _, geometry, fields = pyogrio.raw.read(out["gpkg"])
    table = dict(zip(meta["fields"], fields, strict=True))
    assert list(table["id"]) == [e.id for e in buildings] and meta["crs"] == "EPSG:4326"
    assert [str(v) for v in table["height"]] == ["30.0", "nan", "12.5"]  # an int column with a gap: real
    assert shapely.from_wkb(geometry[2]).bounds[0] == pytest.approx(114.05)
    streamed = io.BytesIO()
    again = write_entities(iter(buildings), "geojson", streamed)
    assert again.sha256 == hashlib.sha256(streamed.getvalue()).hexdigest() == written_hash(out["geojson"])


def written_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_local_operator_exports_everything_and_the_export_is_ledgered(db: str, tmp_path: Path) -> None:
    target = tmp_path / "people.csv"
    out = export(db, "--type", "Person", "--format", "csv", "--out", str(target), "--purpose", "census")
    assert out.exit_code == 0, out.output
    summary = json.loads(out.stderr)
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    assert [r["phone"] for r in rows] == ["13800130001", "13800130002"]  # an administrator: in clear
    (record,) = exports(db)
    assert record["actor"].startswith("cli:") and record["purpose"] == "census"
    assert record["resource"] == "entities?type=Person&count=2" and summary["entities"] == 2
    assert record["digest"] == written_hash(target) == summary["sha256"]
    assert record["attributes"] == ["adminCode", "age", "location", "name", "phone"]


def test_exports_are_masked_and_filtered_for_the_subject(db: str) -> None:
    audit = export(db, "--type", "Person", "--format", "ndjson", "--user", "audit")
    assert audit.exit_code == 0, audit.output
    people = [json.loads(x) for x in audit.stdout.splitlines()]
    assert [p["phone"]["value"] for p in people] == ["138****0001", "138****0002"]
    assert [p["name"]["value"] for p in people] == ["李*", "王*"]
    assert people[0]["location"]["value"]["coordinates"] != [113.94, 22.53]  # a grid cell centre

    staff = export(db, "--type", "Building,Person", "--user", "li", env={"CITYTWIN_AUTH": "1"})
    assert staff.exit_code == 0, staff.output
    features = json.loads(staff.stdout)["features"]
    assert sorted(f["id"] for f in features) == [
        "urn:ngsi-ld:Building:b1", "urn:ngsi-ld:Building:b2", "urn:ngsi-ld:Person:p1",
    ]  # fmt: skip
    assert {f["properties"].get("phone") for f in features} == {None, "138****0001"}

    refused = export(db, "--user", "grid")
    assert refused.exit_code == 2 and "user:grid may not export anything in tenant ''" in refused.stderr
    assert [r["actor"] for r in exports(db)] == ["user:audit", "user:li"]
    assert exports(db)[1]["resource"] == "entities?type=Building|Person&count=3"
    needs = export(db, env={"CITYTWIN_AUTH": "1"})
    assert needs.exit_code == 2 and "--user NAME" in needs.stderr


@pytest.fixture
def secured(store: Store, tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """An app with authentication on over ``store`` (both backends), and an API key per account."""
    assert not store.tenant().upsert_many(TWIN).errors
    accounts = Accounts(store)
    accounts.add("li", roles=("district-staff",), tenant="", area="440305")
    accounts.add("grid", roles=("grid-worker",), area="440305")
    keys = {name: accounts.create_key(name)[0] for name in ("li", "grid")}
    settings = Settings(auth=True, auth_signing_key=tmp_path / "signing.pem", ledger_seal_after_s=0.2)
    with TestClient(create_app(settings, store=store)) as client:
        yield client, keys


def test_http_export_is_governed_and_ledgered(
    secured: tuple[TestClient, dict[str, str]], store: Store
) -> None:
    client, keys = secured
    assert client.get("/export").status_code == 401
    answer = client.get(
        "/export", params={"type": "Person,Building", "format": "geojson"},
        headers={"X-API-Key": keys["li"], "X-Purpose": "planning"},
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/geo+json"
    features = answer.json()["features"]
    assert sorted(f["id"] for f in features) == [
        "urn:ngsi-ld:Building:b1", "urn:ngsi-ld:Building:b2", "urn:ngsi-ld:Person:p1",
    ]  # fmt: skip
    assert answer.headers["X-Export-SHA256"] == hashlib.sha256(answer.content).hexdigest()
    denied = client.get("/export", headers={"X-API-Key": keys["grid"]})
    assert denied.status_code == 403
    client.app.state.governance.writer.flush()  # type: ignore[attr-defined]
    (record,) = [r.entry for r in Ledger(store).iter_records() if r.entry.action == "export"]
    assert (record.actor, record.purpose, record.resource) == (
        "user:li", "planning", "entities?type=Person|Building&count=3",
    )  # fmt: skip
    assert record.digest == answer.headers["X-Export-SHA256"]
