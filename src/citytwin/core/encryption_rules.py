"""Which attributes are encrypted at rest, declared as data, and what that means for queries (pure).

The rules come from a YAML document (the shipped ``citytwin/data/encryption/default.yaml`` or the file named
by ``CITYTWIN_ENCRYPTION_FILE``)::

    encrypt:
      - attributes: [idNumber, phone]           # on every entity type
      - {attributes: [name], types: [Person]}   # only on entities of these types

An attribute is encrypted on an entity when a rule names it and, if the rule names types, the entity has one
of them. The attributes the stores derive their indexes from (``location``, ``adminCode``, ``cimLevel``)
cannot be encrypted: the stores would lose what every spatial, area and level filter needs.

Queries (:func:`rewrite_query`): ``q`` may test an encrypted attribute with ``==`` and ``!=`` only; both
become comparisons of the keyed hash (:mod:`citytwin.core.fieldcrypt`), combined with the plain comparison so
values stored before encryption was enabled still match. Ordering, ranges, patterns, compound keys and
geo-queries on an encrypted attribute are refused with ``400 BadRequestData``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

from citytwin.core.entities import ADMIN_CODE, LEVEL, LOCATION, check_name
from citytwin.core.query import (
    And,
    Compare,
    EntityQuery,
    Exists,
    Not,
    Or,
    Predicate,
    Range,
    Scalar,
    TypeExpr,
)
from citytwin.errors import BadRequestData

RESERVED: Final = frozenset({LOCATION, ADMIN_CODE, LEVEL})
HASH_KEY: Final = "h"
"""The envelope member the equality rewrite compares."""

Hasher = Callable[[str, Sequence[Scalar]], tuple[str, ...]]
"""(attribute, query values) → the keyed hashes a stored value equal to one of them may carry."""


@dataclass(frozen=True, slots=True)
class EncryptRule:
    """Attributes encrypted on every entity (``types`` None) or on entities of these types."""

    attributes: frozenset[str]
    types: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class EncryptionRules:
    """Every rule, with per-name lookups precomputed."""

    rules: tuple[EncryptRule, ...] = ()
    names: frozenset[str] = field(init=False, default=frozenset())
    """Every attribute name some rule encrypts."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", frozenset(n for r in self.rules for n in r.attributes))

    def encrypted(self, attr: str, types: Sequence[str]) -> bool:
        """Whether ``attr`` is encrypted on an entity of ``types``."""
        for rule in self.rules:
            if attr in rule.attributes and (rule.types is None or not rule.types.isdisjoint(types)):
                return True
        return False

    def on_types(self, types: Sequence[str]) -> frozenset[str]:
        """The attributes encrypted on an entity of ``types``."""
        return frozenset(
            n for r in self.rules if r.types is None or not r.types.isdisjoint(types) for n in r.attributes
        )

    def anywhere(self, types: Sequence[str]) -> bool:
        """Whether some attribute may be encrypted on an entity of ``types``."""
        return any(r.types is None or not r.types.isdisjoint(types) for r in self.rules)

    def may_be_encrypted(self, attr: str, query_types: TypeExpr) -> bool:
        """Whether an entity a query with these types selects may hold ``attr`` encrypted."""
        for rule in self.rules:
            if attr not in rule.attributes:
                continue
            if rule.types is None or not query_types:
                return True
            if any(not group.isdisjoint(rule.types) for group in query_types):
                return True
        return False


def parse_rules(raw: Any, name: str = "encryption rules") -> EncryptionRules:
    """Rules from their mapping form (BadRequestData naming the rule and the problem)."""
    if raw is None:
        return EncryptionRules()
    if not isinstance(raw, Mapping) or set(raw) - {"encrypt"}:
        raise BadRequestData(f"{name}: expected a mapping with one member, 'encrypt' (a list of rules)")
    items = raw.get("encrypt") or []
    if not isinstance(items, list):
        raise BadRequestData(f"{name}: 'encrypt' must be a list of rules")
    rules = []
    for i, item in enumerate(items):
        where = f"{name}: encrypt[{i}]"
        if not isinstance(item, Mapping) or set(item) - {"attributes", "types", "description"}:
            raise BadRequestData(f"{where} must be an object with attributes (and optionally types)")
        attributes = _names(item.get("attributes"), f"{where}.attributes")
        if not attributes:
            raise BadRequestData(f"{where}.attributes must name at least one attribute")
        reserved = sorted(attributes & RESERVED)
        if reserved:
            raise BadRequestData(
                f"{where}: {reserved} cannot be encrypted: the stores index them for spatial, area and "
                "level filters"
            )
        types = _names(item.get("types"), f"{where}.types") if item.get("types") is not None else None
        rules.append(EncryptRule(attributes, types or None))
    return EncryptionRules(tuple(rules))


def _names(raw: Any, where: str) -> frozenset[str]:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise BadRequestData(f"{where} must be a name or a list of names")
    try:
        return frozenset(check_name(i) for i in items)
    except BadRequestData as err:
        raise BadRequestData(f"{where}: {err.detail}") from None


# -- queries ------------------------------------------------------------------------------------------------


def _refuse(attr: str, what: str) -> BadRequestData:
    return BadRequestData(
        f"attribute {attr!r} is encrypted at rest: queries on it support only == and != on the whole value "
        f"(compared by keyed hash), not {what}"
    )


def _values(value: Scalar | tuple[Scalar, ...] | Range) -> tuple[Scalar, ...]:
    return value if isinstance(value, tuple) else (value,)  # type: ignore[return-value]


def _compound(attr: str, keys: tuple[str, ...]) -> str:
    return f"a compound key ({attr}[{'.'.join(keys)}])"


def _rewrite_compare(pred: Compare, sensitive: bool, hasher: Hasher) -> Predicate:
    attr = pred.path[0]
    plain_only = pred.keys or isinstance(pred.value, Range) or pred.op not in ("==", "!=")
    if plain_only:
        if not sensitive:
            return pred
        if pred.keys:
            raise _refuse(attr, _compound(attr, pred.keys))
        raise _refuse(attr, "a range" if isinstance(pred.value, Range) else f"the operator {pred.op}")
    hashes = hasher(attr, _values(pred.value))
    by_hash = Compare(pred.path, pred.op, hashes[0] if len(hashes) == 1 else hashes, (HASH_KEY,))
    if pred.op == "==":
        return Or((pred, by_hash))
    sealed = Exists(pred.path, (HASH_KEY,))
    return Or((by_hash, And((pred, Not(sealed)))))


def rewrite_predicate(
    pred: Predicate, sensitive: Callable[[str], bool], named: Callable[[str], bool], hasher: Hasher
) -> Predicate:
    """``pred`` with equality tests of ``named`` attributes turned into keyed-hash comparisons, refusing
    what ``sensitive`` attributes (those the query's entities may hold encrypted) cannot answer.

    ``==`` becomes "the plain value equals, or the envelope's hash is one of the value's hashes"; ``!=``
    becomes "the envelope's hash is none of them, or the plain value differs where there is no envelope".
    Either is right whether or not a given entity holds the attribute encrypted. Tests of sub-attributes
    and metadata (``phone.observedAt``) are left alone: they are not encrypted.
    """
    if isinstance(pred, Compare):
        attr = pred.path[0]
        if len(pred.path) > 1 or not named(attr):
            return pred
        return _rewrite_compare(pred, sensitive(attr), hasher)
    if isinstance(pred, Exists):
        attr = pred.path[0]
        if pred.keys and len(pred.path) == 1 and named(attr) and sensitive(attr):
            raise _refuse(attr, _compound(attr, pred.keys))
        return pred
    if isinstance(pred, Not):
        return Not(rewrite_predicate(pred.item, sensitive, named, hasher))
    if isinstance(pred, And):
        return And(tuple(rewrite_predicate(p, sensitive, named, hasher) for p in pred.items))
    return Or(tuple(rewrite_predicate(p, sensitive, named, hasher) for p in pred.items))


def rewrite_query(query: EntityQuery, rules: EncryptionRules, hasher: Hasher) -> EntityQuery:
    """``query`` as the store must run it when ``rules`` encrypt some attributes (see the module doc)."""
    if not rules.rules:
        return query
    if query.geo is not None and rules.may_be_encrypted(query.geo.geoproperty, query.types):
        raise _refuse(query.geo.geoproperty, "a geo-query")
    if query.q is None:
        return query
    names = rules.names
    q = rewrite_predicate(
        query.q,
        lambda attr: rules.may_be_encrypted(attr, query.types),
        names.__contains__,
        hasher,
    )
    return replace(query, q=q)
