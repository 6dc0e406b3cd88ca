"""Share agreements at store level on both backends: the model, the rules the policy engine gets, expiry
with a driven clock, exports (GeoPackage, CSV, NDJSON) and backflow with district edits."""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pyogrio
import pytest

from citytwin.core.entities import Entity, geo, prop
from citytwin.core.ledger import LedgerEntry
from citytwin.core.policy import Subject
from citytwin.errors import AlreadyExists, BadRequestData, ResourceNotFound
from citytwin.governance.sharing import (
    Agreements,
    ShareAgreement,
    agreement_of_subscription,
    subscription_id,
)
from citytwin.governance.sharing_backflow import BACKFLOW, EDIT_KIND, Backflow, content_digest, marker
from citytwin.governance.sharing_export import run_export
from citytwin.governance.sharing_monitor import UsageMonitor, Use, is_anomaly
from citytwin.governance.sharing_policy import SharingPolicies
from citytwin.governance.sharing_runtime import SharingRuntime
from citytwin.storage.base import Store
from tests.governance.helpers import T0, Clock, run_doc_examples

WATER = Subject("sz-water-sys", "service", frozenset(), "深圳市水务局")
FUTIAN_STAFF = Subject("ft.li", "user", frozenset({"district-staff"}), None, "futian", "440304")


def point(lng: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [lng, lat]}


def city(store: Store) -> None:
    """Buildings and residents of the city tenant in Futian (440304) and Nanshan (440305)."""
    rows = [
        ("urn:ngsi-ld:Building:ft-1", "Building", "440304001019", {"name": "园岭新村1栋", "height": 24.5}),
        ("urn:ngsi-ld:Building:ft-2", "Building", "440304001019", {"name": "园岭新村2栋", "height": 31}),
        ("urn:ngsi-ld:Building:ns-1", "Building", "440305001001", {"name": "南头古城1号", "height": 12.0}),
        (
            "urn:ngsi-ld:Person:ft-1",
            "Person",
            "440304001019",
            {"name": "张三丰", "phone": "13812345678", "idNumber": "440304195001011234"},
        ),
    ]
    entities = []
    for i, (ident, kind, code, attrs) in enumerate(rows):
        entity = Entity(id=ident, types=(kind,))
        entity.set("adminCode", prop(code))
        entity.set("location", geo(point(114.10 + i * 0.001, 22.54)))
        entity.set("usage", prop("residential"))
        for name, value in attrs.items():
            entity.set(name, prop(value))
        entities.append(entity)
    assert not store.tenant("").upsert_many(entities).errors


def agreement(**overrides: Any) -> ShareAgreement:
    raw: dict[str, Any] = {
        "id": "water-buildings",
        "purpose": "内涝风险评估 flood-risk assessment",
        "consumer": {"departments": ["深圳市水务局"]},
        "scope": {
            "types": ["Building"],
            "attributes": ["name", "height", "location", "adminCode"],
            "area": {"admin_codes": ["440304"]},
        },
        "modes": ["query", "export"],
        "export": {"formats": ["gpkg", "csv", "ndjson"], "period": "P1D"},
        "expiresAt": "2025-04-01T00:00:00Z",
    }
    raw.update(overrides)
    return ShareAgreement.from_dict(raw)


class Ledgered(list[LedgerEntry]):
    """A ledger sink that keeps the records (what the server's writer would append)."""

    def __call__(self, entry: LedgerEntry) -> None:
        self.append(entry)


def test_agreement_model_validates_and_round_trips() -> None:
    found = agreement()
    assert found.consumer.key == "department:深圳市水务局"
    assert ShareAgreement.from_dict(found.to_dict(), trusted=True) == found
    consumer_rule, job_rule = found.rules()
    assert consumer_rule.id == "share:water-buildings" and consumer_rule.actions == {"read", "export"}
    assert consumer_rule.departments == {"深圳市水务局"} and consumer_rule.tenants == {""}
    assert consumer_rule.area is not None and consumer_rule.area.admin_codes == ("440304",)
    assert job_rule.users == {"share:water-buildings"} and job_rule.actions == {"export"}
    for bad, message in [
        ({"modes": ["download"]}, "not supported"),
        ({"purpose": " "}, "purpose"),
        ({"consumer": {}}, "consumer must name"),
        ({"scope": {"area": {"admin_codes": ["futian"]}}}, "GB/T 2260"),
        ({"modes": ["backflow"], "consumer": {"departments": ["x"]}}, "exactly one consumer tenant"),
        ({"expiresAt": "tomorrow"}, "ISO 8601"),
        ({"export": {"formats": ["xlsx"]}}, "not supported"),
        ({"validFrom": "2025-05-01T00:00:00Z"}, "before expiresAt"),
    ]:
        with pytest.raises(BadRequestData, match=message):
            agreement(**bad).check()


def test_rules_join_the_policy_only_while_in_force(store: Store) -> None:
    city(store)
    clock = Clock(T0)
    policies = SharingPolicies(store, clock=clock)
    ledger = Ledgered()
    repo = Agreements(store, clock=clock, record=ledger)
    futian = store.tenant("").get("urn:ngsi-ld:Building:ft-1")
    nanshan = store.tenant("").get("urn:ngsi-ld:Building:ns-1")
    assert policies.view(WATER, "read", "").decide(futian) is None  # public (grade 1) data only, by policy
    repo.put(agreement(validFrom="2025-03-02T00:00:00Z"), actor="user:admin", create=True)
    with pytest.raises(AlreadyExists):
        repo.put(agreement(), actor="user:admin", create=True)
    policies.reload_agreements()
    assert policies.view(WATER, "read", "").decide(futian) is None  # pending until validFrom
    clock.advance(days=1)
    view = policies.view(WATER, "read", "")
    decision = view.decide(futian)
    assert decision is not None and view.decide(nanshan) is None
    assert sorted(decision.apply(futian).attrs) == ["adminCode", "height", "location", "name"]
    assert policies.view(WATER, "read", "futian").decide(futian) is None  # only the provider tenant
    assert policies.view(WATER, "write", "").nothing
    policy_before = policies.policy
    clock.now = agreement().expires_at  # expiry applies on the next decision, not the next refresh
    assert policies.view(WATER, "read", "").decide(futian) is None and policies.policy is not policy_before
    assert [(e.action, e.resource) for e in ledger] == [("administer", "share:water-buildings")]


def test_revocation_reaches_other_processes_on_refresh(store: Store) -> None:
    city(store)
    clock = Clock(T0)
    here, there = SharingPolicies(store, clock=clock), SharingPolicies(store, clock=clock)
    Agreements(store, clock=clock).put(agreement(), actor="user:admin")
    assert there.refresh() and not there.view(WATER, "export", "").nothing
    Agreements(store, clock=clock).revoke("water-buildings", actor="user:admin")
    assert here.refresh() and here.view(WATER, "export", "").nothing
    assert not there.refresh() or there.view(WATER, "export", "").nothing
    assert there.view(WATER, "export", "").nothing
    assert Agreements(store).get("water-buildings").state(clock()) == "revoked"
    with pytest.raises(ResourceNotFound):
        Agreements(store).get("nothing")


def test_export_writes_three_formats_through_the_policy(store: Store, tmp_path: Path) -> None:
    city(store)
    clock = Clock(T0)
    ledger = Ledgered()
    Agreements(store, clock=clock).put(agreement(), actor="user:admin")
    policies = SharingPolicies(store, clock=clock)
    monitor = UsageMonitor(store, clock=clock, record=ledger)
    result = run_export(
        store, policies, agreement(), tmp_path, actor="user:admin", monitor=monitor, clock=clock
    )
    assert result.entities == 2 and result.attributes == ["adminCode", "height", "location", "name"]
    files = {f.format: tmp_path / "water-buildings" / f.name for f in result.files}
    meta, _, geometries, fields = pyogrio.raw.read(files["gpkg"])
    columns = dict(zip(meta["fields"], fields, strict=True))
    assert list(columns["id"]) == ["urn:ngsi-ld:Building:ft-1", "urn:ngsi-ld:Building:ft-2"]
    assert list(columns["name"]) == ["园岭新村1栋", "园岭新村2栋"] and "usage" not in columns
    assert list(columns["height"]) == [24.5, 31.0] and len(geometries) == 2 and "4326" in meta["crs"]
    rows = list(csv.DictReader(files["csv"].read_text("utf-8").splitlines()))
    assert [r["name"] for r in rows] == ["园岭新村1栋", "园岭新村2栋"]
    assert json.loads(rows[0]["location"])["type"] == "Point"
    lines = [json.loads(line) for line in files["ndjson"].read_text("utf-8").splitlines()]
    assert [e["id"] for e in lines] == ["urn:ngsi-ld:Building:ft-1", "urn:ngsi-ld:Building:ft-2"]
    manifest = json.loads((files["ndjson"].with_suffix(".json")).read_text("utf-8"))
    assert manifest["purpose"] == "内涝风险评估 flood-risk assessment" and len(manifest["files"]) == 3
    assert [(e.action, e.resource, e.purpose) for e in ledger] == [
        ("export", "share:water-buildings", "内涝风险评估 flood-risk assessment")
    ]
    usage = monitor.usage(agreement())
    assert usage["byMode"]["export"]["entities"] == 2 and usage["totals"]["bytes"] == result.bytes > 0


def test_export_masks_personal_data(store: Store, tmp_path: Path) -> None:
    city(store)
    clock = Clock(T0)
    residents = agreement(
        id="ca-residents",
        scope={"types": ["Person"], "attributes": ["name", "phone"]},
        consumer={"users": ["ca.wang"]},
        modes=["export"],
        export={"formats": ["ndjson"]},
    )
    Agreements(store, clock=clock).put(residents, actor="user:admin")
    result = run_export(
        store, SharingPolicies(store, clock=clock), residents, tmp_path, actor="u", clock=clock
    )
    line = json.loads((tmp_path / "ca-residents" / result.files[0].name).read_text("utf-8"))
    assert line["name"]["value"] == "张**" and line["phone"]["value"] == "138****5678"
    assert "idNumber" not in line  # not in the agreement's attributes
    clock.advance(days=60)  # expired
    with pytest.raises(ResourceNotFound):
        run_export(store, SharingPolicies(store, clock=clock), residents, tmp_path, actor="u", clock=clock)


def backflow_agreement(conflict: str = "keep") -> ShareAgreement:
    return agreement(
        id="futian-buildings",
        consumer={"tenants": ["futian"]},
        modes=["backflow"],
        backflow={"mode": "batch", "period": "PT1H", "onConflict": conflict},
    )


@pytest.mark.parametrize("conflict", ["keep", "source"])
def test_backflow_batch_copies_tracks_and_respects_district_edits(store: Store, conflict: str) -> None:
    city(store)
    clock = Clock(T0)
    flow_agreement = backflow_agreement(conflict)
    Agreements(store, clock=clock).put(flow_agreement, actor="user:admin")
    policies = SharingPolicies(store, clock=clock)
    flow = Backflow(store, policies, flow_agreement, clock=clock)
    report = flow.sync()
    assert sorted(report.created) == ["urn:ngsi-ld:Building:ft-1", "urn:ngsi-ld:Building:ft-2"]
    district = store.tenant("futian")
    copy = district.get("urn:ngsi-ld:Building:ft-1")
    source = store.tenant("").get("urn:ngsi-ld:Building:ft-1")
    mark = marker(copy)
    assert mark is not None and mark["tenant"] == "" and mark["entity"] == source.id
    assert mark["modifiedAt"] == source.modified_at and mark["digest"] == content_digest(copy)
    assert "usage" not in copy.attrs  # outside the agreement's attributes
    assert flow.sync().unchanged == 2 and flow.diverged() == []
    # The city changes one building, the district another.
    store.tenant("").merge(Entity("urn:ngsi-ld:Building:ft-2", ("Building",), {"height": [prop(33.0)]}))
    district.merge(Entity("urn:ngsi-ld:Building:ft-1", ("Building",), {"name": [prop("园岭新村一栋")]}))
    changes = flow.diverged()
    assert [(c["id"], c["attributes"], c["sourceChangedSinceCopy"]) for c in changes] == [
        ("urn:ngsi-ld:Building:ft-1", ["name"], False)
    ]
    store.tenant("").merge(Entity("urn:ngsi-ld:Building:ft-1", ("Building",), {"height": [prop(25.0)]}))
    report = flow.sync()
    assert report.updated == ["urn:ngsi-ld:Building:ft-2"]
    assert district.get("urn:ngsi-ld:Building:ft-2").value("height") == 33.0
    kept = district.get("urn:ngsi-ld:Building:ft-1")
    if conflict == "keep":
        assert report.kept == ["urn:ngsi-ld:Building:ft-1"] and kept.value("name") == "园岭新村一栋"
        assert flow.diverged()[0]["sourceChangedSinceCopy"] is True
    else:
        assert report.overwritten == ["urn:ngsi-ld:Building:ft-1"] and kept.value("name") == "园岭新村1栋"
        assert kept.value("height") == 25.0 and flow.diverged() == []
    edits = district.get_document(EDIT_KIND, "urn:ngsi-ld:Building:ft-1")
    assert edits["sourceTenant"] == "" and edits["edits"][-1]["kind"] == (
        "kept" if conflict == "keep" else "overwritten"
    )
    # The city deletes a building: its copy goes (it was not changed at the district).
    store.tenant("").delete("urn:ngsi-ld:Building:ft-2")
    assert flow.sync().deleted == ["urn:ngsi-ld:Building:ft-2"]
    with pytest.raises(ResourceNotFound):
        district.get("urn:ngsi-ld:Building:ft-2")
    assert district.get("urn:ngsi-ld:Building:ft-1").value(BACKFLOW) is not None


def test_realtime_apply_and_district_observation(store: Store) -> None:
    city(store)
    clock = Clock(T0)
    flow_agreement = agreement(id="ft-rt", consumer={"tenants": ["futian"]}, modes=["backflow"])
    Agreements(store, clock=clock).put(flow_agreement, actor="user:admin")
    flow = Backflow(store, SharingPolicies(store, clock=clock), flow_agreement, clock=clock)
    assert sorted(flow.apply(["urn:ngsi-ld:Building:ft-1", "urn:ngsi-ld:Building:ns-1"]).created) == [
        "urn:ngsi-ld:Building:ft-1"
    ]  # the Nanshan building is outside the area
    district = store.tenant("futian")
    edited = district.merge(Entity("urn:ngsi-ld:Building:ft-1", ("Building",), {"height": [prop(99.0)]}))
    assert flow.observe(edited.id, edited, None, ("height",), "2025-03-01T09:00:00Z")
    own = district.get("urn:ngsi-ld:Building:ft-1")
    own.attrs["height"] = [prop(24.5)]  # the district puts back what was copied: no longer a divergence
    assert not flow.observe(own.id, own, None, ("height",), "2025-03-01T09:01:00Z")
    doc = district.get_document(EDIT_KIND, "urn:ngsi-ld:Building:ft-1")
    assert doc["edits"] == [{"at": "2025-03-01T09:00:00Z", "kind": "updated", "attributes": ["height"]}]
    store.tenant("").delete("urn:ngsi-ld:Building:ft-1")
    report = flow.apply(["urn:ngsi-ld:Building:ft-1"])
    assert report.kept == ["urn:ngsi-ld:Building:ft-1"]  # changed at the district: kept
    assert district.get("urn:ngsi-ld:Building:ft-1").value("height") == 99.0


def test_anomaly_rule() -> None:
    rules = agreement(monitoring={"factor": 3, "window": 4, "minHistory": 3, "minVolume": 10})
    assert is_anomaly(40, [2, 3, 2], rules) == 2.0
    assert is_anomaly(40, [2, 3], rules) is None  # not enough history
    assert is_anomaly(9, [2, 2, 2], rules) is None  # below the minimum volume
    assert is_anomaly(30, [100, 10, 10, 10, 10], rules) is None  # window 4: median 10, 30 is not above 3×


def test_usage_counters_add_up_across_monitors(store: Store) -> None:
    clock = Clock(T0)
    found = agreement(monitoring={"factor": 3, "window": 20, "minHistory": 3, "minVolume": 10})
    a, b = UsageMonitor(store, clock=clock, owner="a"), UsageMonitor(store, clock=clock, owner="b")
    for monitor in (a, b, a):
        monitor.record(found, Use("query", 2, 100, "service:x", clock()))
        clock.advance(seconds=1)
    a.flush()
    b.flush()
    anomaly = b.record(found, Use("query", 50, 2000, "service:x", clock()))
    assert anomaly is not None and anomaly.baseline == 2.0
    usage = a.usage(found)
    assert usage["totals"] == {"requests": 3, "entities": 6, "bytes": 300}
    assert b.usage(found)["totals"] == {"requests": 4, "entities": 56, "bytes": 2300}
    alert = store.tenant("").get(anomaly.alert_id)
    assert alert.value("subCategory") == "share-volume-anomaly" and alert.value("triggerValue") == 50
    assert alert.attr("alertSource").value == "urn:ngsi-ld:ShareAgreement:water-buildings"  # type: ignore[union-attr]
    assert b.usage(found)["anomalies"][0]["volume"] == 50
    assert a.consumer_usage(found.consumer.key, [found])["totals"]["requests"] == 4
    assert clock() - timedelta(seconds=3) == T0


def test_sharing_doc_examples() -> None:
    run_doc_examples("sharing.md", 10)


def test_pushed_notifications_count_for_their_agreement_only(store: Store, tmp_path: Path) -> None:
    clock = Clock(T0)
    pushing = agreement(modes=["query", "subscription"], export=None)
    repo = Agreements(store, clock=clock)
    repo.put(pushing, actor="user:admin")
    mine = subscription_id(pushing.id)
    repo.set_subscriptions(pushing.id, (mine,))
    assert agreement_of_subscription(mine) == "water-buildings"
    forged = subscription_id(pushing.id)  # named like one, but not listed under the agreement
    assert agreement_of_subscription("urn:ngsi-ld:Subscription:share-water-buildings") is None
    ledger = Ledgered()
    runtime = SharingRuntime(
        store, SharingPolicies(store, clock=clock), export_dir=tmp_path, record=ledger, clock=clock
    )
    for sub_id, tenant, ids in (
        (mine, "", ["urn:ngsi-ld:Building:ft-1", "urn:ngsi-ld:Building:ft-2"]),
        (mine, "", ["urn:ngsi-ld:Building:ft-1"]),
        (forged, "", ["urn:ngsi-ld:Building:ft-1"]),
        (mine, "futian", ["urn:ngsi-ld:Building:ft-1"]),  # not the provider's tenant
        ("urn:ngsi-ld:Subscription:plain", "", ["urn:ngsi-ld:Building:ft-1"]),
    ):
        runtime.on_delivered(cast(Any, SimpleNamespace(id=sub_id, tenant=tenant)), ids, 100)
    runtime.step()
    notify = runtime.monitor.usage(pushing)["byMode"]["notify"]
    assert (notify["requests"], notify["entities"], notify["bytes"]) == (2, 3, 200)
    assert [(e.action, e.actor, e.attributes) for e in ledger] == [
        ("notify", "service:share:water-buildings", (mine,))
    ]
    runtime.step()  # nothing new pushed: nothing more counted
    assert runtime.monitor.usage(pushing)["byMode"]["notify"]["requests"] == 2
