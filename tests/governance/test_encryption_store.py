"""Encryption at rest through ``open_store`` on both backends: what reaches the database, what comes back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from citytwin.core.entities import Attribute, AttrType, Entity, geo, prop, rel
from citytwin.core.fieldcrypt import EncryptionUnavailable, is_envelope
from citytwin.core.qlang import parse_q
from citytwin.core.query import (
    Aggregate,
    AggregateQuery,
    AttributeInstance,
    EntityQuery,
    HistoryQuery,
    types_of,
)
from citytwin.errors import BadRequestData
from citytwin.governance.encryption_store import EncryptedStore
from citytwin.storage.base import LoggedChange, Store
from citytwin.storage.registry import open_store
from tests.governance.encryption_helpers import (
    CLEAR_MARKER,
    ID_NUMBER,
    NAME,
    PERSON,
    PHONE,
    key_file,
    raw_dump,
    settings_for,
)

T0 = datetime(2025, 3, 1, tzinfo=UTC)
HOME = {"type": "Point", "coordinates": [114.05, 22.54]}


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    return key_file(tmp_path)


@pytest.fixture
def enc(store_url: str, keys: Path) -> Iterator[Store]:
    store = open_store(store_url, encryption=settings_for(keys))
    try:
        yield store
    finally:
        store.close()


def person(entity_id: str = PERSON, phone: str = PHONE, **extra: Attribute) -> Entity:
    return Entity(
        entity_id,
        ("Person",),
        {
            "phone": [prop(phone, observed_at="2025-03-01T00:00:00Z")],
            "idNumber": [prop(ID_NUMBER)],
            "name": [prop(NAME)],
            "note": [prop(CLEAR_MARKER)],
            **{k: [v] for k, v in extra.items()},
        },
    )


def test_open_store_wraps_only_when_configured(store_url: str, keys: Path) -> None:
    plain = open_store(store_url, encryption=settings_for())
    wrapped = open_store(store_url, encryption=settings_for(keys))
    try:
        assert not isinstance(plain, EncryptedStore)
        assert isinstance(wrapped, EncryptedStore)
    finally:
        plain.close()
        wrapped.close()


def test_sensitive_values_never_reach_the_database(enc: Store, store_url: str) -> None:
    ts = enc.tenant("district-a")
    created = ts.create(person(homeAddress=prop({"street": "深南大道", "no": 6008})), history=True)
    assert created.value("phone") == PHONE
    ts.merge(Entity(PERSON, ("Person",), {"phone": [prop("13900000001")]}), history=True)
    ts.upsert_many([person("urn:ngsi-ld:Person:enc-2", "13700000002")], history=True)
    ts.append_history([AttributeInstance(PERSON, "idNumber", T0, ID_NUMBER, entity_type="Person")])

    got = ts.get(PERSON)
    assert (got.value("phone"), got.value("idNumber"), got.value("name")) == ("13900000001", ID_NUMBER, NAME)
    assert got.value("homeAddress") == {"street": "深南大道", "no": 6008}
    assert (
        ts.get_many(["urn:ngsi-ld:Person:enc-2"])["urn:ngsi-ld:Person:enc-2"].value("phone") == "13700000002"
    )

    dump = raw_dump(store_url)
    assert CLEAR_MARKER in dump  # the dump sees stored text
    for secret in (PHONE, "13900000001", "13700000002", ID_NUMBER, NAME, "深南大道"):
        assert secret not in dump

    raw = enc.inner  # type: ignore[attr-defined]
    stored = raw.tenant("district-a").get(PERSON)
    assert is_envelope(stored.value("phone")) and stored.value("note") == CLEAR_MARKER
    other = raw.tenant("district-a").get("urn:ngsi-ld:Person:enc-2").attr("phone")
    assert is_envelope(other.value) and other.observed_at is not None  # metadata stays in clear


def test_history_instances_are_encrypted_and_read_back(enc: Store) -> None:
    ts = enc.tenant()
    ts.create(person(), history=True)
    ts.append_history(
        [AttributeInstance(PERSON, "phone", T0 + timedelta(hours=h), f"1380000000{h}") for h in range(3)]
    )
    found = ts.read_history(HistoryQuery(entity_ids=(PERSON,), attrs=("phone",)))
    assert [i.value for i in found] == [PHONE, "13800000000", "13800000001", "13800000002"]
    stored = enc.inner.tenant().read_history(HistoryQuery(entity_ids=(PERSON,), attrs=("phone",)))  # type: ignore[attr-defined]
    assert all(is_envelope(i.value) and i.instance_id for i in stored)
    buckets = ts.aggregate_history(
        AggregateQuery(
            HistoryQuery(entity_ids=(PERSON,), attrs=("phone",)),
            (Aggregate.TOTAL_COUNT, Aggregate.DISTINCT_COUNT),
        )
    )
    assert [(b.values[Aggregate.TOTAL_COUNT], b.values[Aggregate.DISTINCT_COUNT]) for b in buckets] == [
        (4, None)
    ]


def test_equality_queries_compare_keyed_hashes(enc: Store) -> None:
    ts = enc.tenant()
    ts.upsert_many([person(f"urn:ngsi-ld:Person:{i}", f"1380000000{i}") for i in range(4)])
    ts.create(Entity("urn:ngsi-ld:Shop:1", ("Shop",), {"phone": [prop("13800000001")]}))

    def ids(q: str, types: tuple[str, ...] = ()) -> list[str]:
        query = EntityQuery(q=parse_q(q), types=types_of(*types) if types else (), count=True)
        result = ts.query(query)
        assert result.count == len(result.entities)
        return [e.id.rsplit(":", 1)[1] for e in result.entities]

    assert ids('phone=="13800000001"') == ["1", "1"]  # a Person and the Shop
    assert ids('phone=="13800000001"', ("Person",)) == ["1"]
    assert ids('phone=="13800000001","13800000003"', ("Person",)) == ["1", "3"]
    assert ids('phone!="13800000001"', ("Person",)) == ["0", "2", "3"]
    assert ids(f'name=="{NAME}";phone=="13800000002"') == ["2"]
    assert ids('phone=="13899999999"') == []
    assert ts.purge(EntityQuery(q=parse_q('phone=="13800000000"'))) == 1
    with pytest.raises(BadRequestData, match="only == and !="):
        ts.query(EntityQuery(q=parse_q('phone>"13800000001"')))


def test_attribute_types_survive_and_relationships_match(store_url: str, tmp_path: Path, keys: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("encrypt:\n  - attributes: [guardian, homeLocation, tags, motto]\n", encoding="utf-8")
    store = open_store(store_url, encryption=settings_for(keys, rules))
    try:
        ts = store.tenant()
        motto = Attribute(AttrType.LANGUAGE_PROPERTY, {"zh": "敬老", "en": "respect"})
        ts.create(
            Entity(
                PERSON,
                ("Person",),
                {
                    "guardian": [rel("urn:ngsi-ld:Person:g1")],
                    "homeLocation": [geo(HOME)],
                    "tags": [prop(["elderly", "alone"])],
                    "motto": [motto],
                },
            )
        )
        got = ts.get(PERSON)
        assert got.attr("guardian").type is AttrType.RELATIONSHIP
        assert got.attr("homeLocation").type is AttrType.GEOPROPERTY and got.value("homeLocation") == HOME
        assert got.attr("motto").type is AttrType.LANGUAGE_PROPERTY
        found = ts.query(EntityQuery(q=parse_q('guardian=="urn:ngsi-ld:Person:g1";tags=="alone"')))
        assert [e.id for e in found.entities] == [PERSON]
        assert "敬老" not in raw_dump(store_url)
    finally:
        store.close()


def test_change_log_payloads_are_encrypted(enc: Store) -> None:
    change = LoggedChange(0, "", PERSON, "create", ("Person",), 1, "w", f'{{"phone":"{PHONE}"}}'.encode())
    enc.append_changes([change])
    stored = enc.inner.read_changes(0)  # type: ignore[attr-defined]
    assert PHONE.encode() not in bytes(stored[0].payload)
    assert enc.read_changes(0)[0].payload == change.payload


def test_envelope_shaped_values_are_refused(enc: Store) -> None:
    ts = enc.tenant()
    ts.create(person())
    envelope = enc.inner.tenant().get(PERSON).value("phone")  # type: ignore[attr-defined]
    with pytest.raises(BadRequestData, match="reserved"):
        ts.create(Entity("urn:ngsi-ld:Person:thief", ("Person",), {"note": [prop(envelope)]}))
    result = ts.upsert_many([Entity("urn:ngsi-ld:Person:x", ("Person",), {"phone": [prop(envelope)]})])
    assert result.success == [] and "reserved" in result.errors[0].problem["detail"]


def test_without_keys_sensitive_writes_are_refused(store_url: str, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("encrypt:\n  - attributes: [phone]\n", encoding="utf-8")
    store = open_store(store_url, encryption=settings_for(rules=rules))
    try:
        ts = store.tenant()
        with pytest.raises(EncryptionUnavailable, match="no encryption key"):
            ts.create(Entity(PERSON, ("Person",), {"phone": [prop(PHONE)]}))
        ts.create(Entity("urn:ngsi-ld:Building:1", ("Building",), {"height": [prop(30)]}))
        result = ts.upsert_many([Entity(PERSON, ("Person",), {"phone": [prop(PHONE)]})])
        assert result.errors[0].problem["status"] == 503
        assert PHONE not in raw_dump(store_url)
    finally:
        store.close()


def test_bulk_history_rows_are_encrypted(enc: Store, store_url: str) -> None:
    ts = enc.tenant()
    fast = getattr(ts, "append_history_rows", None)
    if not store_url.startswith("sqlite"):
        assert fast is None  # no backend extra: callers use append_history
        return
    assert fast is not None
    stamp = int(T0.timestamp() * 1_000_000)
    rows = [
        (PERSON, "phone", None, stamp, f'"{PHONE}"', None, None, "Person", None),
        (PERSON, "temperature", None, stamp, "21.5", 21.5, "CEL", "Person", None),
    ]
    assert fast(rows) == 2
    assert PHONE not in raw_dump(store_url)
    found = ts.read_history(HistoryQuery(entity_ids=(PERSON,)))
    assert sorted((i.attr, i.value) for i in found) == [("phone", PHONE), ("temperature", 21.5)]
    with pytest.raises(AttributeError):
        ts.fetch_docs  # noqa: B018 - other backend extras are not reachable
