"""Envelopes, keyed hashes, key rings, encryption rules and the q rewrite (pure, no store)."""

from __future__ import annotations

import base64
import os
from datetime import UTC, datetime
from typing import Any

import pytest
from shapely.geometry import Point

from citytwin.core.encryption_rules import EncryptionRules, parse_rules, rewrite_query
from citytwin.core.fieldcrypt import (
    DecryptionFailed,
    Keyring,
    decode_secret,
    is_envelope,
    keyed_hash,
    query_hashes,
    reseal,
    seal,
    seal_bytes,
    unseal,
    unseal_bytes,
)
from citytwin.core.qlang import parse_q
from citytwin.core.query import And, Compare, EntityQuery, Exists, GeoFilter, GeoRel, Not, Or, types_of
from citytwin.errors import BadRequestData

E1 = "urn:ngsi-ld:Person:1"
E2 = "urn:ngsi-ld:Person:2"


def ring(*kids: str, active: str | None = None) -> Keyring:
    keys = {k: base64.b64encode(os.urandom(32)).decode() for k in kids}
    return Keyring.from_document({"active": active or kids[-1], "keys": keys})


@pytest.mark.parametrize(
    "value",
    ["13812345678", "张三", 42, 4.5, True, ["a", 1, None], {"street": "深南大道", "no": 1}, {"en": "x"}],
)
def test_round_trip_keeps_the_value_and_hides_it(value: Any) -> None:
    keys = ring("k1")
    envelope = seal(keys, "t", E1, "phone", value)
    assert is_envelope(envelope)
    assert envelope["kid"] == "k1"
    assert unseal(keys, "t", E1, "phone", envelope) == value
    text = str(envelope)
    for part in value if isinstance(value, list) else [value]:
        if isinstance(part, str) and len(part) > 1:
            assert part not in text


def test_nonces_differ_so_equal_values_give_different_ciphertexts_but_equal_hashes() -> None:
    keys = ring("k1")
    a = seal(keys, "t", E1, "phone", "13812345678")
    b = seal(keys, "t", E2, "phone", "13812345678")
    assert a["ct"] != b["ct"] and a["n"] != b["n"]
    assert a["h"] == b["h"]
    assert seal(keys, "t", E1, "mobile", "13812345678")["h"] != a["h"]  # per attribute
    assert seal(keys, "other", E1, "phone", "13812345678")["h"] != a["h"]  # per tenant


@pytest.mark.parametrize(
    ("tenant", "entity_id", "attr"),
    [("t", E2, "phone"), ("t", E1, "mobile"), ("other", E1, "phone")],
)
def test_a_ciphertext_moved_elsewhere_fails(tenant: str, entity_id: str, attr: str) -> None:
    keys = ring("k1")
    envelope = seal(keys, "t", E1, "phone", "13812345678")
    with pytest.raises(DecryptionFailed, match="fails authentication"):
        unseal(keys, tenant, entity_id, attr, envelope)


@pytest.mark.parametrize("member", ["ct", "n", "h", "t"])
def test_tampering_is_detected(member: str) -> None:
    keys = ring("k1")
    envelope = seal(keys, "t", E1, "friend", "urn:x:1", kind="Relationship")
    forged = dict(envelope)
    if member == "ct":
        raw = bytearray(base64.b64decode(forged["ct"]))
        raw[0] ^= 1
        forged["ct"] = base64.b64encode(bytes(raw)).decode()
    elif member == "n":
        forged["n"] = seal(keys, "t", E1, "friend", "urn:x:1")["n"]
    elif member == "h":
        forged["h"] = seal(keys, "t", E1, "friend", "urn:x:2")["h"]
    else:
        forged["t"] = "Property"
    with pytest.raises(DecryptionFailed):
        unseal(keys, "t", E1, "friend", forged)


def test_an_unknown_key_id_is_named() -> None:
    envelope = seal(ring("k1"), "t", E1, "phone", "x")
    with pytest.raises(DecryptionFailed, match="'k1'"):
        unseal(ring("k2"), "t", E1, "phone", envelope)


def test_reseal_moves_to_the_active_key_and_both_keys_find_it() -> None:
    old = ring("k1")
    both = Keyring({**old.keys, **ring("k2").keys}, "k2")
    envelope = seal(old, "t", E1, "phone", "13812345678")
    moved = reseal(both, "t", E1, "phone", envelope)
    assert moved["kid"] == "k2" and unseal(both, "t", E1, "phone", moved) == "13812345678"
    assert reseal(both, "t", E1, "phone", moved) == moved  # already on the active key
    hashes = query_hashes(both, "t", "phone", ["13812345678"])
    assert envelope["h"] in hashes and moved["h"] in hashes and len(hashes) == 2


def test_hashes_normalise_numbers_and_split_arrays() -> None:
    key = ring("k1").current
    assert keyed_hash(key, "t", "a", 1.0) == keyed_hash(key, "t", "a", 1)
    assert keyed_hash(key, "t", "a", "1") != keyed_hash(key, "t", "a", 1)
    assert keyed_hash(key, "t", "a", True) != keyed_hash(key, "t", "a", 1)
    assert keyed_hash(key, "t", "a", {"b": 1, "a": 2}) == keyed_hash(key, "t", "a", {"a": 2, "b": 1.0})
    items = keyed_hash(key, "t", "a", ["x", "y"])
    assert items == [keyed_hash(key, "t", "a", "x"), keyed_hash(key, "t", "a", "y")]


def test_a_query_datetime_hashes_like_its_usual_spellings() -> None:
    keys = ring("k1")
    stored = seal(keys, "t", E1, "birth", "1990-01-02T03:04:05Z")["h"]
    other = seal(keys, "t", E1, "birth", "1990-01-02T03:04:05.000+00:00")["h"]
    hashes = query_hashes(keys, "t", "birth", [datetime(1990, 1, 2, 3, 4, 5, tzinfo=UTC)])
    assert stored in hashes and other in hashes


def test_key_rings_reject_bad_documents() -> None:
    good = base64.b64encode(os.urandom(32)).decode()
    with pytest.raises(BadRequestData, match="active"):
        Keyring.from_document({"active": "nope", "keys": {"k1": good}})
    with pytest.raises(BadRequestData, match="32 bytes"):
        Keyring.from_document({"active": "k1", "keys": {"k1": base64.b64encode(b"short").decode()}})
    with pytest.raises(BadRequestData, match="key id"):
        Keyring.from_document({"active": "bad id", "keys": {"bad id": good}})
    with pytest.raises(BadRequestData, match="base64"):
        decode_secret("not base64 at all!")
    single = Keyring.single(decode_secret(good))
    assert single.active == Keyring.single(decode_secret(good)).active  # stable id for the same key


def test_opaque_bytes_are_bound_to_their_context() -> None:
    keys = ring("k1")
    blob = seal_bytes(keys, b"payload", b"ctx-1")
    assert b"payload" not in blob
    assert unseal_bytes(keys, blob, b"ctx-1", "change 1") == b"payload"
    with pytest.raises(DecryptionFailed, match="change 1"):
        unseal_bytes(keys, blob, b"ctx-2", "change 1")


# -- rules ------------------------------------------------------------------------------------------------

RULES = parse_rules(
    {
        "encrypt": [
            {"attributes": ["phone", "idNumber"]},
            {"attributes": ["name"], "types": ["Person"]},
        ]
    }
)


def test_rules_decide_per_entity_type() -> None:
    assert RULES.encrypted("phone", ("Building",))
    assert RULES.encrypted("name", ("Person",)) and not RULES.encrypted("name", ("Building",))
    assert RULES.on_types(("Building",)) == {"phone", "idNumber"}
    assert not EncryptionRules().anywhere(("Person",))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"encrypt": [{"attributes": ["location"]}]}, "cannot be encrypted"),
        ({"encrypt": [{"attributes": []}]}, "at least one"),
        ({"encrypt": [{"attributes": ["a b"]}]}, "not a valid"),
        ({"encrypt": [{"names": ["a"]}]}, "attributes"),
        ({"rules": []}, "'encrypt'"),
    ],
)
def test_bad_rules_are_refused(raw: Any, message: str) -> None:
    with pytest.raises(BadRequestData, match=message):
        parse_rules(raw)


def _hasher(attr: str, values: Any) -> tuple[str, ...]:
    return tuple(f"H({attr}={v})" for v in values)


def test_equality_becomes_plain_or_hash() -> None:
    query = rewrite_query(EntityQuery(q=parse_q('phone=="138"')), RULES, _hasher)
    plain = Compare(("phone",), "==", "138")
    assert query.q == Or((plain, Compare(("phone",), "==", "H(phone=138)", ("h",))))


def test_inequality_excludes_envelopes_of_the_value() -> None:
    query = rewrite_query(EntityQuery(q=parse_q('phone!="1","2"')), RULES, _hasher)
    plain = Compare(("phone",), "!=", ("1", "2"))
    by_hash = Compare(("phone",), "!=", ("H(phone=1)", "H(phone=2)"), ("h",))
    assert query.q == Or((by_hash, And((plain, Not(Exists(("phone",), ("h",)))))))


def test_metadata_and_other_attributes_are_left_alone() -> None:
    q = parse_q('phone.observedAt>"2024-01-01T00:00:00Z";height>10;!idNumber')
    assert rewrite_query(EntityQuery(q=q), RULES, _hasher).q == q


@pytest.mark.parametrize(
    ("q", "what"),
    [
        ('phone>"1"', "operator >"),
        ('phone~="13.*"', "operator ~="),
        ("idNumber==1..5", "a range"),
        ('phone[area]=="0755"', "compound key"),
        ("phone[area]", "compound key"),
        ('height>1;(phone<"2"|x==1)', "operator <"),
    ],
)
def test_other_operators_on_encrypted_attributes_are_refused(q: str, what: str) -> None:
    with pytest.raises(BadRequestData, match=f"encrypted at rest.*{what}"):
        rewrite_query(EntityQuery(q=parse_q(q)), RULES, _hasher)


def test_type_scoped_rules_refuse_only_where_they_apply() -> None:
    ordering = parse_q('name>"A"')
    assert rewrite_query(EntityQuery(types=types_of("Building"), q=ordering), RULES, _hasher).q == ordering
    with pytest.raises(BadRequestData):
        rewrite_query(EntityQuery(types=types_of("Person"), q=ordering), RULES, _hasher)
    with pytest.raises(BadRequestData):
        rewrite_query(EntityQuery(q=ordering), RULES, _hasher)
    # equality is rewritten even where the type says clear: a multi-typed entity may still hold an envelope
    found = rewrite_query(EntityQuery(types=types_of("Building"), q=parse_q('name=="A"')), RULES, _hasher).q
    assert isinstance(found, Or)


def test_geo_queries_on_an_encrypted_geoproperty_are_refused() -> None:
    rules = parse_rules({"encrypt": [{"attributes": ["homeLocation"]}]})
    geo = GeoFilter(GeoRel.NEAR, Point(114.0, 22.5), max_distance=100, geoproperty="homeLocation")
    with pytest.raises(BadRequestData, match="geo-query"):
        rewrite_query(EntityQuery(geo=geo), rules, _hasher)
