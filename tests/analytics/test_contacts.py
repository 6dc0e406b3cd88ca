"""The contact directory: validation, the q each contact maps to, and reconciling it into subscriptions."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from citytwin.analytics.contacts import (
    SUBSCRIPTION_PREFIX,
    Directory,
    load_directory,
    parse_directory,
    subscription_id,
    subscriptions,
)
from citytwin.analytics.contacts_sync import ContactSync, desired_bodies, managed_subscriptions, plan
from citytwin.analytics.workorders import load_policies, to_entity
from citytwin.cli import main
from citytwin.core.qlang import parse_q
from citytwin.core.query_eval import evaluate
from citytwin.core.workorders.lifecycle import WorkOrder, apply_action, new_order
from citytwin.errors import BadRequestData
from citytwin.ngsild.context import ContextResolver, builtin_context
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store
from citytwin.stream.bus import EventBus
from citytwin.stream.demand import SUBSCRIPTION_KIND
from citytwin.stream.service import StreamOptions, StreamService
from citytwin.stream.subscription import StoredSubscription

T0 = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
POLICIES = load_policies()


def directory(*contacts: dict[str, Any], broker: str | None = None) -> Directory:
    raw: dict[str, Any] = {"contacts": list(contacts)}
    if broker is not None:
        raw["broker"] = broker
    return parse_directory(raw, source="test.yaml")


def event(category: str, community: str) -> WorkOrder:
    return new_order(
        ident="urn:ngsi-ld:GridEvent:e1",
        category=category,
        source="citizen",
        description="水管破裂",
        lnglat=(113.945, 22.535),
        community=community,
        grid_code=None,
        at=T0,
        policy=POLICIES.get(category) or POLICIES["other"],
    )


def act(order: WorkOrder, action: str, **kw: Any) -> WorkOrder:
    policy = POLICIES.get(order.category) or POLICIES["other"]
    return apply_action(order, action, actor="调度员", at=T0 + timedelta(minutes=1), policy=policy, **kw)


def concerned(d: Directory, order: WorkOrder, previous: str | None = None) -> list[str]:
    """The contacts whose subscription q selects the event's twin (the evaluator notifications use)."""
    twin = to_entity(order, previous_assignee=previous)
    ctx = builtin_context()
    return [c.id for c in d.contacts if evaluate(parse_q(c.q(), expand=ctx.to_store), twin)]


def test_shipped_demo_directory_is_valid_and_only_publishes_on_the_local_broker() -> None:
    d = load_directory()
    subs = subscriptions(d)
    assert len(d.contacts) >= 8 and len(subs) == len(d.contacts)
    uris = [s["notification"]["endpoint"]["uri"] for s in subs.values()]
    assert all(u.startswith("mqtt://127.0.0.1:1883/citytwin/contacts/") for u in uris)
    assert all(s["id"].startswith(SUBSCRIPTION_PREFIX) for s in subs.values())
    assert len(desired_bodies(d, T0)) == len(subs)  # every one is a valid NGSI-LD subscription


def test_operator_directory_maps_endpoints_to_subscriptions(tmp_path: Path) -> None:
    path = tmp_path / "contacts.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "broker": "mqtt://broker.example:1884",
                "contacts": [
                    {
                        "id": "网格员王五",
                        "name": "科技园社区网格员",
                        "webhook": "https://hooks.example/gw",
                        "headers": {"X-Token": "s3cret"},
                        "mqtt": "city/workers/网格员王五",
                        "areas": ["440305007003", "440305000000"],
                    }
                ],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    d = load_directory(path, broker="mqtt://ignored:1883")
    assert d.broker == "mqtt://broker.example:1884" and d.source == str(path)
    assert d.contacts[0].areas == ("440305007003", "440305")  # canonical prefixes
    subs = subscriptions(d)
    hook, topic = subs[subscription_id("网格员王五", "webhook")], subs[subscription_id("网格员王五", "mqtt")]
    assert hook["notification"]["endpoint"]["receiverInfo"] == [{"key": "X-Token", "value": "s3cret"}]
    assert topic["notification"]["endpoint"]["uri"].startswith("mqtt://broker.example:1884/city/workers/")
    assert hook["q"] == topic["q"] and hook["watchedAttributes"] == ["transitions"]
    assert hook["entities"] == [{"type": "GridEvent"}] and hook["notification"]["format"] == "keyValues"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"id": "a"}, "contact 'a': give a 'webhook' URL or an 'mqtt' topic"),
        ({"id": "a", "mqtt": "t", "area": ["4403"]}, "contact 'a': unknown field(s) area"),
        ({"id": "a", "mqtt": "t", "categories": ["flood"]}, "contact 'a': unknown categories 'flood'"),
        ({"id": "a", "mqtt": "t", "departments": ["水务局"]}, "contact 'a': unknown departments '水务局'"),
        ({"id": "a", "mqtt": "t", "areas": ["44x"]}, "contact 'a': area '44x' is not an admin code"),
        ({"id": "a", "mqtt": "t", "level": "province"}, "contact 'a': level 'province' is not one of"),
        ({"id": "a", "webhook": "ftp://x/y"}, "contact 'a': webhook 'ftp://x/y' must be an http"),
        ({"id": "a", "webhook": "http://"}, "contact 'a': webhook: endpoint uri 'http://'"),
        ({"id": "a b", "mqtt": "t"}, "contact #2: 'id' must be letters"),
        ({"id": "ok", "mqtt": "t", "categories": []}, "contact 'ok': 'categories' must be a non-empty list"),
    ],
)
def test_invalid_entries_are_named(entry: dict[str, Any], message: str) -> None:
    with pytest.raises(BadRequestData) as err:
        directory({"id": "first", "mqtt": "t"}, entry)
    assert message in err.value.detail


def test_whole_file_errors() -> None:
    with pytest.raises(BadRequestData, match="contact 'x' is listed twice"):
        directory({"id": "x", "mqtt": "a"}, {"id": "x", "mqtt": "b"})
    with pytest.raises(BadRequestData, match="broker 'http://b' must be an mqtt"):
        directory({"id": "x", "mqtt": "a"}, broker="http://b")
    with pytest.raises(BadRequestData, match="expected a mapping with a 'contacts' list"):
        parse_directory([{"id": "x"}], source="f.yaml")
    with pytest.raises(BadRequestData, match="cannot be read"):
        load_directory(Path("/nonexistent/contacts.yaml"))


def test_coverage_selects_by_area_category_department_and_level() -> None:
    d = directory(
        {"id": "community", "mqtt": "t", "areas": ["440305007001"]},
        {"id": "other-street", "mqtt": "t", "areas": ["440305008"]},
        {"id": "street-duty", "mqtt": "t", "areas": ["440305007"], "level": "street"},
        {"id": "water", "mqtt": "t", "categories": ["water-leak"], "areas": ["440305"], "level": "district"},
        {"id": "gas-city", "mqtt": "t", "categories": ["gas-leak"], "areas": ["440300"]},
        {"id": "street-office", "mqtt": "t", "departments": ["街道城市建设办公室"]},
    )
    leak = event("water-leak", "440305007001")
    assert concerned(d, leak) == ["community"]
    street = act(leak, "escalate")
    assert concerned(d, street) == ["community", "street-duty", "street-office"]
    district = act(street, "escalate")
    assert concerned(d, district) == ["community", "street-duty", "water"]
    assert concerned(d, event("gas-leak", "440307001001")) == ["gas-city"]
    assert concerned(d, replace(leak, community=None)) == []


def test_assignee_and_the_assignee_relieved_are_selected() -> None:
    d = directory({"id": "网格员王五", "mqtt": "t"}, {"id": "网格员赵六", "mqtt": "t"})
    leak = event("water-leak", "440305007001")
    assert concerned(d, leak) == []
    assigned = act(leak, "assign", assignee="网格员王五")
    assert concerned(d, assigned) == ["网格员王五"]
    moved = act(assigned, "assign", assignee="网格员赵六")
    assert concerned(d, moved, previous="网格员王五") == ["网格员王五", "网格员赵六"]
    escalated = act(moved, "escalate")
    assert escalated.assignee is None
    assert concerned(d, escalated, previous="网格员赵六") == ["网格员赵六"]


# -- reconciling into the store's subscriptions ------------------------------------------------------------


async def _reconcile(store: Store, *directories: Directory) -> list[Any]:
    stream = StreamService(store, EventBus(), ContextResolver(), StreamOptions(notify=False, websocket=False))
    await stream.start()
    try:
        sync = ContactSync(stream)
        return [await sync.apply(d) for d in directories]
    finally:
        await stream.stop()


def test_reconcile_creates_updates_and_removes_only_the_desks_subscriptions(store_url: str) -> None:
    first = directory(
        {"id": "a", "mqtt": "t/a", "webhook": "http://127.0.0.1:9/a", "areas": ["440305007"]},
        {"id": "b", "mqtt": "t/b"},
        {"id": "c", "mqtt": "t/c", "level": "city"},
    )
    second = directory(
        {"id": "a", "mqtt": "t/a", "areas": ["440305008"]},  # webhook dropped, area moved
        {"id": "b", "mqtt": "t/b"},
        {"id": "d", "webhook": "http://127.0.0.1:9/d"},
    )
    foreign = {"id": "urn:ngsi-ld:Subscription:someone", "type": "Subscription",
               "entities": [{"type": "GridEvent"}],
               "notification": {"endpoint": {"uri": "http://127.0.0.1:9/x"}}}  # fmt: skip
    taken = subscription_id("b", "mqtt")
    with open_store(store_url) as store:
        t = store.tenant()
        t.put_document(SUBSCRIPTION_KIND, foreign["id"], {"body": foreign})
        squatter = StoredSubscription({**foreign, "id": taken}, owner={"id": "mallory", "kind": "user"})
        t.put_document(SUBSCRIPTION_KIND, taken, squatter.to_doc())
        created, again, changed, back = asyncio.run(_reconcile(store, first, first, second, second))
        stored = managed_subscriptions(store)
        assert t.get_document(SUBSCRIPTION_KIND, foreign["id"])["body"] == foreign
    a_hook, a_mqtt, c_mqtt = (subscription_id(*k) for k in (("a", "webhook"), ("a", "mqtt"), ("c", "mqtt")))
    assert created.create == (a_mqtt, a_hook, c_mqtt) and created.update == (taken,)
    assert again.changes == 0 and len(again.unchanged) == 4
    assert changed.remove == (a_hook, c_mqtt) and changed.update == (a_mqtt,)
    assert changed.create == (subscription_id("d", "webhook"),) and changed.unchanged == (taken,)
    assert back.changes == 0
    want = desired_bodies(second, T0)
    assert {k: s.body for k, s in stored.items()} == want and stored[taken].owner is None
    assert "440305008" in stored[a_mqtt].body["q"]


def test_the_desk_follows_its_file_and_keeps_the_last_good_version(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "contacts.yaml"
    path.write_text("contacts: [{id: a, mqtt: t/a}]\n", encoding="utf-8")

    async def scenario() -> list[set[str]]:
        with open_store(f"sqlite:///{tmp_path / 'twin.db'}") as store:
            options = StreamOptions(notify=False, websocket=False)
            stream = StreamService(store, EventBus(), ContextResolver(), options)
            await stream.start()
            sync = ContactSync(stream, path=path, interval_s=0.02)
            seen = []

            async def settle(expect: set[str]) -> None:
                for _ in range(250):
                    ids = set(await asyncio.to_thread(managed_subscriptions, store))
                    if ids == expect:
                        break
                    await asyncio.sleep(0.02)
                seen.append(ids)

            await sync.start()
            seen.append(set(managed_subscriptions(store)))
            path.write_text("contacts: [{id: a, mqtt: t/a}, {id: b, mqtt: t/b}]\n", encoding="utf-8")
            await settle({subscription_id("a", "mqtt"), subscription_id("b", "mqtt")})
            path.write_text("contacts: [{id: a, mqtt: t/a, level: planet}]\n", encoding="utf-8")
            for _ in range(100):
                if "not applied" in caplog.text:
                    break
                await asyncio.sleep(0.02)
            seen.append(set(managed_subscriptions(store)))
            path.write_text("contacts: [{id: b, mqtt: t/b}]\n", encoding="utf-8")
            await settle({subscription_id("b", "mqtt")})
            await sync.stop()
            await stream.stop()
            return seen

    with caplog.at_level(logging.ERROR, logger="citytwin.analytics.contacts_sync"):
        seen = asyncio.run(scenario())
    a, b = subscription_id("a", "mqtt"), subscription_id("b", "mqtt")
    assert seen == [{a}, {a, b}, {a, b}, {b}]
    assert "contact 'a': level 'planet' is not one of" in caplog.text


def test_cli_lists_the_directory_and_checks_a_store(tmp_path: Path) -> None:
    path = tmp_path / "contacts.yaml"
    path.write_text("contacts: [{id: a, mqtt: t/a, areas: ['440305007']}]\n", encoding="utf-8")
    runner = CliRunner()
    listed = runner.invoke(main, ["contacts", "list", "--file", str(path)])
    assert listed.exit_code == 0, listed.output
    assert subscription_id("a", "mqtt") in listed.output and 'adminCode~="^(440305007)"' in listed.output
    as_json = runner.invoke(main, ["contacts", "list", "--file", str(path), "--json"])
    assert [s["id"] for s in json.loads(as_json.stdout)] == [subscription_id("a", "mqtt")]
    url = f"sqlite:///{tmp_path / 'twin.db'}"
    drift = runner.invoke(main, ["contacts", "check", "--file", str(path), "--db", url])
    assert drift.exit_code == 1 and f"create\t{subscription_id('a', 'mqtt')}" in drift.output
    with open_store(url) as store:
        asyncio.run(_reconcile(store, load_directory(path)))
    synced = runner.invoke(main, ["contacts", "check", "--file", str(path), "--db", url])
    assert synced.exit_code == 0 and "in sync: 0 to create" in synced.output
    path.write_text("contacts: [{id: a, mqtt: t/a, level: nowhere}]\n", encoding="utf-8")
    bad = runner.invoke(main, ["contacts", "check", "--file", str(path)])
    assert bad.exit_code == 2 and "contact 'a': level 'nowhere'" in bad.output


def test_plan_is_pure_and_ordered() -> None:
    d = directory({"id": "z", "mqtt": "t"}, {"id": "a", "mqtt": "t"})
    steps = plan(desired_bodies(d, T0), {})
    assert steps.create == (subscription_id("a", "mqtt"), subscription_id("z", "mqtt"))
    assert steps.summary() == "2 created, 0 updated, 0 removed, 0 unchanged"


def test_the_documented_example_is_a_valid_directory() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "analytics.md").read_text(encoding="utf-8")
    section = text.split("## Contacts", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    d = parse_directory(yaml.safe_load(example), source="docs/analytics.md")
    assert [c.id for c in d.contacts][:2] == ["网格员王五", "keji-community-station"]
    assert len(subscriptions(d)) == 5 and d.get("nanshan-water-bureau") is not None
