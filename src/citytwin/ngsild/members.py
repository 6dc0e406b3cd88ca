"""Input checks of NGSI-LD bodies beyond the attribute kinds: which members each kind may carry (4.5.x), valid
entity ids and type names (4.5.1, 4.6.2), value shapes (4.6.3-4.6.5, 4.7.2, 5.2.32) and where the NGSI-LD
Null may appear (5.2.1, 5.5.4). :mod:`citytwin.ngsild.representation` calls these while it parses a body.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from citytwin.core.entities import Attribute, AttrType
from citytwin.errors import BadRequestData

NGSI_LD_NULL = "urn:ngsi-ld:null"
_NULL_TEXT = NGSI_LD_NULL.encode()
NGSI_LD = "https://uri.etsi.org/ngsi-ld/"
PROOF = "ngsildproof"
"""The Property that carries a W3C Data Integrity proof with the sealed members (4.5.2.2, C.11)."""
SEALED = frozenset({"entityIdSealed", "entityTypeSealed"})
VALUE_MEMBERS = frozenset(t.value_key for t in AttrType)
OUTPUT_ONLY = frozenset(
    {"previousValue", "previousObject", "previousLanguageMap", "previousVocab", "previousJson"}
    | {"previousValueList", "previousObjectList"}
)
"""Members that only ``showChanges`` notifications carry: never part of an input (4.5.2.2, 4.5.3.2)."""
_UNITLESS = frozenset({AttrType.RELATIONSHIP, AttrType.LIST_RELATIONSHIP, AttrType.JSON_PROPERTY})
_CORE_MEMBER_NAMES = frozenset(
    {
        "datasetId",
        "instanceId",
        "observedAt",
        "unitCode",
        "createdAt",
        "modifiedAt",
        "deletedAt",
        "objectType",
    }
)
"""Core @context terms that are non-reified members: never attribute names (4.5.1)."""
LANG_STRING = frozenset(
    {"langString", "rdf:langString", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
)
_NAME = re.compile(r"[^\W\d_]\w*")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
_NOT_IN_URI = frozenset(' <>"{}|\\^`')
_BAD_ASCII = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')
_FILLERS = frozenset({0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x180E})


def check_attribute_name(term: str, name: str) -> None:
    """An attribute name must not be a core non-reified member (``datasetId``, ``observedAt`` ...: 4.5.1)."""
    for candidate in (term, name):
        short = candidate[len(NGSI_LD) :] if candidate.startswith(NGSI_LD) else candidate
        if short in _CORE_MEMBER_NAMES:
            raise BadRequestData(f"{term!r} is a core NGSI-LD member and cannot name an attribute (4.5.1)")


def is_entity_uri(text: Any) -> bool:
    """Whether ``text`` is an id a client can read back: a URI (or IRI) without whitespace, markup, format or
    invisible characters, noncharacters or variation selectors (4.5.1, RFC 3986/3987)."""
    if not isinstance(text, str) or not _URI.match(text):
        return False
    if text.isascii():
        return _BAD_ASCII.search(text) is None
    return all(_iri_char(c) for c in text)


def _iri_char(char: str) -> bool:
    if char in _NOT_IN_URI:
        return False
    code = ord(char)
    if code < 0x80:
        return True
    if code in _FILLERS or 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
        return False
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:  # variation selectors
        return False
    return unicodedata.category(char)[0] not in "CZ"  # controls, format, unassigned, separators


@lru_cache(maxsize=1024)
def check_type_name(term: str) -> None:
    """4.6.2: a short type name is a letter then letters, digits or ``_``; URIs and prefixed names pass."""
    if ":" in term:
        return
    if not _NAME.fullmatch(term):
        raise BadRequestData(f"type {term!r} is not a valid NGSI-LD name (4.6.2)")


def check_members(term: str, kind: AttrType, raw: Mapping[str, Any], *, top: bool) -> None:
    """The members one normalized instance of ``kind`` may not carry (4.5.2.2, 4.5.3.2, 4.5.21-4.5.24)."""
    key = kind.value_key
    for member in raw:
        if member == key:
            continue
        if member in VALUE_MEMBERS:
            raise BadRequestData(f"attribute {term!r} of type {kind.value} cannot carry {member!r}")
        if member in OUTPUT_ONLY:
            raise BadRequestData(f"attribute {term!r}: {member!r} is output only")
        if member == "@context":
            raise BadRequestData(f"attribute {term!r} cannot embed an @context (5.5.7)")
    if kind in _UNITLESS and "unitCode" in raw:
        raise BadRequestData(f"attribute {term!r} of type {kind.value} is unitless: no unitCode")
    sealed = SEALED & raw.keys()
    proof = top and term.rsplit("#", 1)[-1].rsplit("/", 1)[-1] == PROOF
    if sealed and not proof:
        raise BadRequestData(f"attribute {term!r}: {sorted(sealed)} belong to {PROOF} only (4.5.2.2)")
    if proof:
        if not isinstance(raw.get("value"), dict):
            raise BadRequestData(f"{PROOF}: the value must be a W3C Data Integrity proof object")
        if not all(isinstance(raw[m], str) for m in sealed):
            raise BadRequestData(f"{PROOF}: {sorted(sealed)} must be strings")
    if kind is AttrType.LANGUAGE_PROPERTY and "valueType" in raw and raw["valueType"] not in LANG_STRING:
        raise BadRequestData(f"LanguageProperty {term!r}: valueType must be langString (5.2.32)")


def checked_value(term: str, kind: AttrType, value: Any) -> Any:
    """The value of a non-Property instance, checked against its kind and normalized where the spec allows two
    encodings (a string-encoded geometry, bare objectList URIs)."""
    if kind is AttrType.GEOPROPERTY:
        if isinstance(value, str) and value != NGSI_LD_NULL:  # 4.7.2: a geometry may come as its JSON text
            try:
                value = json.loads(value)
            except ValueError:
                raise BadRequestData(f"GeoProperty {term!r}: the string is not a GeoJSON geometry") from None
        if isinstance(value, dict) and value.get("type") == "GeometryCollection":
            raise BadRequestData(f"GeoProperty {term!r}: GeometryCollection is not supported (4.6.3)")
    elif kind is AttrType.LANGUAGE_PROPERTY and isinstance(value, dict):
        for tag, text in value.items():
            if not tag or not isinstance(tag, str):
                raise BadRequestData(f"LanguageProperty {term!r}: language tags must be non-empty")
            if isinstance(text, list) and not all(isinstance(t, str) for t in text):
                raise BadRequestData(f"LanguageProperty {term!r}: values are strings or arrays of strings")
    elif kind is AttrType.JSON_PROPERTY and value != NGSI_LD_NULL:
        if not (
            isinstance(value, dict) or (isinstance(value, list) and all(isinstance(v, dict) for v in value))
        ):
            raise BadRequestData(f"JsonProperty {term!r}: json must be an object or an array of objects")
    elif kind is AttrType.LIST_RELATIONSHIP and isinstance(value, list):
        value = [_object_entry(term, item) for item in value]
    return value


def _object_entry(term: str, item: Any) -> dict[str, Any]:
    """One objectList entry as ``{"object": URI}`` (4.5.22.3: a bare URI is accepted on input)."""
    target = item.get("object") if isinstance(item, dict) else item
    if not (isinstance(target, str) and _URI.match(target)):
        raise BadRequestData(f"ListRelationship {term!r}: entries must be URIs, got {item!r}")
    return {**item, "object": target} if isinstance(item, dict) else {"object": target}


def reject_nulls(attrs: Mapping[str, Iterable[Attribute]], scope: Iterable[str] = ()) -> None:
    """5.2.1/5.5.4: outside a partial update or merge the NGSI-LD Null is BadRequestData, at any depth of a
    value (``create``, ``replace``, ``append``, batch create and upsert)."""
    if NGSI_LD_NULL in scope:
        raise BadRequestData("scope cannot be the NGSI-LD Null")
    for name, instances in attrs.items():
        for inst in instances:
            _reject_null(name, inst)


def body_may_hold_null(body: bytes) -> bool:
    """Whether a UTF-8 JSON text may hold the string of the NGSI-LD Null: it spells the Null out, or it
    escapes an ASCII character (``\\u00XX``), which could spell it. False is exact: then no value copied from
    the body is the Null, and :func:`reject_expanded_nulls` need only look at the values expansion made.
    """
    return _NULL_TEXT in body or b"\\u00" in body


def reject_expanded_nulls(attrs: Mapping[str, Iterable[Attribute]]) -> None:
    """:func:`reject_nulls` for a body that cannot hold the Null (:func:`body_may_hold_null` is false).

    Values are the body's own, except the terms of a VocabProperty, expanded against the @context (which
    could map one to the Null): those instances, and any with sub-attributes, are checked as usual.
    """
    vocab = AttrType.VOCAB_PROPERTY
    for name, instances in attrs.items():
        for inst in instances:
            if inst.type is vocab or inst.sub:
                _reject_null(name, inst)


def _reject_null(name: str, inst: Attribute) -> None:
    if _holds_null(inst.value):
        raise BadRequestData(
            f"attribute {name!r}: the NGSI-LD Null is only allowed in a patch or merge (5.2.1)"
        )
    for sub_name, sub in inst.sub.items():
        _reject_null(f"{name}.{sub_name}", sub)


def _holds_null(value: Any) -> bool:
    if value == NGSI_LD_NULL:
        return True
    if isinstance(value, dict):
        return any(_holds_null(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds_null(v) for v in value)
    return False


def holds_nested_null(value: Any) -> bool:
    """Whether a compound Property value carries the NGSI-LD Null inside (5.5.4: only a merge may)."""
    return isinstance(value, dict | list) and _holds_null(value)
