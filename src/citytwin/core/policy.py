"""Access policy as data: subjects, resources, actions, attribute visibility and masking (ABAC, pure).

A :class:`PolicySet` is built from a mapping (a YAML document: see ``citytwin/data/policies/default.yaml`` and
docs/security.md) and answers, for one subject, one action and one tenant, a
:class:`~citytwin.core.policy_view.PolicyView`: which entities are visible (row level), which of their
attributes (attribute level) and which values are masked. Deny beats allow; nothing is allowed unless a
rule allows it.

Subjects are users, services (API keys), devices and the system, with roles, a department, a tenant (their
district platform) and an area (the GB/T 2260 code of their jurisdiction). Resources are matched by tenant,
data category, dataset, entity type, area (admin-code prefix or polygon) and grade; ``$tenant`` and ``$area``
in a rule stand for the subject's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from shapely.geometry.base import BaseGeometry

from citytwin.core.geometry import parse_geojson
from citytwin.core.masking import DEFAULT_HOME_LEVEL, KINDS
from citytwin.errors import BadRequestData, CitytwinError

ACTIONS: Final = ("read", "write", "subscribe", "export", "administer")
GRADES: Final = (1, 2, 3, 4)
"""1 public, 2 internal, 3 sensitive, 4 core (the catalogue's grades)."""
OWN_TENANT: Final = "$tenant"
OWN_AREA: Final = "$area"
ALL: Final = "*"


@dataclass(frozen=True, slots=True)
class Subject:
    """Who acts: an id, its kind, roles, department, tenant (district platform) and area of jurisdiction."""

    id: str
    kind: str = "user"
    """``user``, ``service`` (an API key of a system), ``device`` or ``system``."""
    roles: frozenset[str] = frozenset()
    department: str | None = None
    tenant: str | None = None
    area: str | None = None
    """GB/T 2260 code of the area the subject is responsible for (``$area`` in rules)."""

    @property
    def actor(self) -> str:
        """``kind:id``, the name ledger records use."""
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True, slots=True)
class TypeClass:
    """How an entity type is classified: data category, dataset and grade."""

    category: str | None = None
    dataset: str | None = None
    grade: int | None = None


@dataclass(frozen=True, slots=True)
class MaskRule:
    """Attributes of a kind (``phone`` ...), optionally only on some entity types (a resident's ``name``)."""

    kind: str
    attributes: frozenset[str]
    types: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class Classification:
    """Types → category/dataset/grade, attribute grades, masking kinds."""

    types: Mapping[str, TypeClass] = field(default_factory=dict)
    attribute_grades: Mapping[str, int] = field(default_factory=dict)
    default_grade: int = 2
    masks: tuple[MaskRule, ...] = ()
    home_level: int = DEFAULT_HOME_LEVEL

    def grade_of_types(self, types: Iterable[str]) -> int:
        """An entity's grade: the highest of its types' grades."""
        grades = [self._type_grade(t) for t in types]
        return max(grades) if grades else self.default_grade

    def _type_grade(self, name: str) -> int:
        found = self.types.get(name)
        return found.grade if found is not None and found.grade is not None else self.default_grade

    def categories_of(self, types: Iterable[str]) -> frozenset[str]:
        """Data categories of an entity's types."""
        return frozenset(c.category for t in types if (c := self.types.get(t)) and c.category)

    def datasets_of(self, types: Iterable[str]) -> frozenset[str]:
        """Datasets of an entity's types."""
        return frozenset(c.dataset for t in types if (c := self.types.get(t)) and c.dataset)

    def mask_kind(self, attribute: str, types: Iterable[str]) -> str | None:
        """The masking kind of an attribute on an entity of these types (None: not personal data)."""
        for rule in self.masks:
            if attribute in rule.attributes and (rule.types is None or not rule.types.isdisjoint(types)):
                return rule.kind
        return None


@dataclass(frozen=True, slots=True)
class Area:
    """Admin-code prefixes (``$area`` allowed) and/or a polygon (lng/lat)."""

    admin_codes: tuple[str, ...] = ()
    polygon: BaseGeometry | None = None

    def bound(self, subject: Subject) -> Area | None:
        """``$area`` replaced by the subject's area; None when the subject has none (no match)."""
        if OWN_AREA not in self.admin_codes:
            return self
        if not subject.area:
            rest = tuple(c for c in self.admin_codes if c != OWN_AREA)
            return Area(rest, self.polygon) if rest or self.polygon is not None else None
        codes = tuple(subject.area if c == OWN_AREA else c for c in self.admin_codes)
        return Area(codes, self.polygon)


@dataclass(frozen=True, slots=True)
class Rule:
    """One policy statement: effect, subjects, actions, resources, attributes and clear (unmasked) access."""

    id: str
    effect: str
    actions: frozenset[str]
    users: frozenset[str] | None = None
    roles: frozenset[str] | None = None
    departments: frozenset[str] | None = None
    subject_tenants: frozenset[str] | None = None
    kinds: frozenset[str] | None = None
    tenants: frozenset[str] | None = None
    categories: frozenset[str] | None = None
    datasets: frozenset[str] | None = None
    types: frozenset[str] | None = None
    area: Area | None = None
    max_grade: int | None = None
    attributes: frozenset[str] | None = None
    """allow: the attributes it shows (None: all); deny: the attributes it hides (None: the whole entity)."""
    except_attributes: frozenset[str] = frozenset()
    clear: frozenset[str] = frozenset()
    """Attribute names or masking kinds shown unmasked (``*``: all)."""
    description: str = ""

    def applies_to(self, subject: Subject, action: str) -> bool:
        """Whether the rule speaks about this subject and action."""
        return (
            action in self.actions
            and (self.users is None or subject.id in self.users)
            and (self.roles is None or not self.roles.isdisjoint(subject.roles))
            and (self.departments is None or subject.department in self.departments)
            and (self.subject_tenants is None or subject.tenant in self.subject_tenants)
            and (self.kinds is None or subject.kind in self.kinds)
        )

    def covers_tenant(self, tenant: str, subject: Subject) -> bool:
        """Whether the rule's resources include ``tenant``."""
        if self.tenants is None:
            return True
        return tenant in self.tenants or (OWN_TENANT in self.tenants and subject.tenant == tenant)


@dataclass(frozen=True, slots=True)
class PolicySet:
    """Every rule and the classification they refer to."""

    rules: tuple[Rule, ...]
    classification: Classification = field(default_factory=Classification)
    version: str = ""

    def applicable(self, subject: Subject, action: str, tenant: str) -> tuple[list[Rule], list[Rule]]:
        """(allow rules, deny rules) speaking about this subject, action and tenant, areas bound."""
        if action not in ACTIONS:
            raise BadRequestData(f"unknown action {action!r}; known: {', '.join(ACTIONS)}")
        allows: list[Rule] = []
        denies: list[Rule] = []
        for rule in self.rules:
            if not (rule.applies_to(subject, action) and rule.covers_tenant(tenant, subject)):
                continue
            if rule.area is not None:
                area = rule.area.bound(subject)
                if area is None:
                    if rule.effect == "allow":
                        continue  # "in your own area" means nothing for a subject without one
                    area = Area()
                rule = _with_area(rule, area)  # noqa: PLW2901 - the bound copy replaces it
            (allows if rule.effect == "allow" else denies).append(rule)
        return allows, denies


def _with_area(rule: Rule, area: Area) -> Rule:
    from dataclasses import replace

    return replace(rule, area=area if (area.admin_codes or area.polygon is not None) else None)


# -- parsing -----------------------------------------------------------------------------------------------


def _names(raw: Any, where: str, *, empty: bool = False) -> frozenset[str] | None:
    """A name or list of names (``*``: any, None); ``empty`` admits "" (the default tenant)."""
    if raw is None:
        return None
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(i, str) and (i or empty) for i in items):
        raise BadRequestData(f"{where} must be a name or a list of names")
    return None if ALL in items else frozenset(items)


def _area(raw: Any, where: str) -> Area | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise BadRequestData(f"{where} must be an object with admin_codes and/or polygon")
    codes = raw.get("admin_codes", [])
    if isinstance(codes, str | int):
        codes = [codes]
    if not isinstance(codes, list) or not all(isinstance(c, str | int) for c in codes):
        raise BadRequestData(f"{where}.admin_codes must be a list of GB/T 2260 codes")
    texts = tuple(str(c) for c in codes)
    for code in texts:
        if code != OWN_AREA and not code.isdigit():
            raise BadRequestData(f"{where}.admin_codes: {code!r} is not a GB/T 2260 code prefix or $area")
    polygon = None
    if raw.get("polygon") is not None:
        try:
            polygon = parse_geojson(raw["polygon"], what=f"{where}.polygon")
        except CitytwinError as err:
            raise BadRequestData(err.detail) from None
    if not texts and polygon is None:
        raise BadRequestData(f"{where} names neither admin_codes nor a polygon")
    return Area(texts, polygon)


def _grade(raw: Any, where: str) -> int | None:
    if raw is None:
        return None
    if not isinstance(raw, int) or isinstance(raw, bool) or raw not in GRADES:
        raise BadRequestData(f"{where} must be a grade 1..4, got {raw!r}")
    return raw


_RULE_KEYS = frozenset(
    {"id", "effect", "description", "subjects", "actions", "resources", "attributes", "clear"}
)
_SUBJECT_KEYS = frozenset({"users", "roles", "departments", "tenants", "kinds"})
_RESOURCE_KEYS = frozenset({"tenants", "categories", "datasets", "types", "area", "max_grade"})


def _check_keys(raw: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = set(raw) - allowed
    if unknown:
        raise BadRequestData(f"{where}: unknown member(s) {sorted(unknown)}; known: {sorted(allowed)}")


def parse_rule(raw: Any, index: int) -> Rule:
    """One rule from its mapping form (raises BadRequestData naming the rule and the member)."""
    if not isinstance(raw, Mapping):
        raise BadRequestData(f"rule #{index + 1} must be an object")
    rule_id = raw.get("id") or f"rule-{index + 1}"
    where = f"rule {rule_id!r}"
    _check_keys(raw, _RULE_KEYS, where)
    effect = raw.get("effect", "allow")
    if effect not in ("allow", "deny"):
        raise BadRequestData(f"{where}: effect must be allow or deny, got {effect!r}")
    actions = _names(raw.get("actions"), f"{where}.actions")
    actions = frozenset(ACTIONS) if actions is None else actions
    bad = sorted(actions - set(ACTIONS))
    if bad:
        raise BadRequestData(f"{where}: unknown action(s) {bad}; known: {', '.join(ACTIONS)}")
    subjects = raw.get("subjects") or {}
    resources = raw.get("resources") or {}
    if not isinstance(subjects, Mapping) or not isinstance(resources, Mapping):
        raise BadRequestData(f"{where}: subjects and resources must be objects")
    _check_keys(subjects, _SUBJECT_KEYS, f"{where}.subjects")
    _check_keys(resources, _RESOURCE_KEYS, f"{where}.resources")
    attributes = raw.get("attributes")
    include: frozenset[str] | None = None
    exclude: frozenset[str] = frozenset()
    if isinstance(attributes, Mapping):
        _check_keys(attributes, frozenset({"include", "exclude"}), f"{where}.attributes")
        include = _names(attributes.get("include"), f"{where}.attributes.include")
        exclude = _names(attributes.get("exclude"), f"{where}.attributes.exclude") or frozenset()
    else:
        include = _names(attributes, f"{where}.attributes")
    clear = raw.get("clear")
    clear_set = (
        frozenset({ALL})
        if clear == ALL or clear is True
        else (_names(clear, f"{where}.clear") or frozenset())
    )
    if clear_set and effect == "deny":
        raise BadRequestData(f"{where}: a deny rule cannot grant clear access")
    return Rule(
        id=str(rule_id),
        effect=effect,
        actions=actions,
        users=_names(subjects.get("users"), f"{where}.subjects.users"),
        roles=_names(subjects.get("roles"), f"{where}.subjects.roles"),
        departments=_names(subjects.get("departments"), f"{where}.subjects.departments"),
        subject_tenants=_names(subjects.get("tenants"), f"{where}.subjects.tenants", empty=True),
        kinds=_names(subjects.get("kinds"), f"{where}.subjects.kinds"),
        tenants=_names(resources.get("tenants"), f"{where}.resources.tenants", empty=True),
        categories=_names(resources.get("categories"), f"{where}.resources.categories"),
        datasets=_names(resources.get("datasets"), f"{where}.resources.datasets"),
        types=_names(resources.get("types"), f"{where}.resources.types"),
        area=_area(resources.get("area"), f"{where}.resources.area"),
        max_grade=_grade(resources.get("max_grade"), f"{where}.resources.max_grade"),
        attributes=include,
        except_attributes=exclude,
        clear=clear_set,
        description=str(raw.get("description", "")),
    )


def parse_classification(raw: Any) -> Classification:
    """The ``classification`` and ``masking`` sections."""
    if raw is None:
        return Classification()
    if not isinstance(raw, Mapping):
        raise BadRequestData("classification must be an object")
    types: dict[str, TypeClass] = {}
    for name, item in (raw.get("types") or {}).items():
        if not isinstance(item, Mapping):
            raise BadRequestData(f"classification.types.{name} must be an object")
        types[str(name)] = TypeClass(
            category=item.get("category"),
            dataset=item.get("dataset"),
            grade=_grade(item.get("grade"), f"classification.types.{name}.grade"),
        )
    grades: dict[str, int] = {}
    for name, grade in (raw.get("attributes") or {}).items():
        value = _grade(
            grade.get("grade") if isinstance(grade, Mapping) else grade, f"classification.attributes.{name}"
        )
        if value is not None:
            grades[str(name)] = value
    default = _grade(raw.get("default_grade", 2), "classification.default_grade")
    return Classification(types=types, attribute_grades=grades, default_grade=default or 2)


def parse_masking(raw: Any, base: Classification) -> Classification:
    """Add the ``masking`` section (kinds per attribute, home-location grid level) to a classification."""
    if raw is None:
        return base
    if not isinstance(raw, Mapping):
        raise BadRequestData("masking must be an object")
    rules: list[MaskRule] = []
    for i, item in enumerate(raw.get("rules") or []):
        where = f"masking.rules[{i}]"
        if not isinstance(item, Mapping) or item.get("kind") not in KINDS:
            raise BadRequestData(f"{where}: kind must be one of {', '.join(KINDS)}")
        attrs = _names(item.get("attributes"), f"{where}.attributes")
        if not attrs:
            raise BadRequestData(f"{where}: attributes must name at least one attribute")
        rules.append(MaskRule(item["kind"], attrs, _names(item.get("types"), f"{where}.types")))
    level = raw.get("home_location_level", DEFAULT_HOME_LEVEL)
    if not isinstance(level, int) or not 1 <= level <= 10:
        raise BadRequestData("masking.home_location_level must be a BeiDou grid level 1..10")
    return Classification(base.types, base.attribute_grades, base.default_grade, tuple(rules), level)


def parse_policy(raw: Any) -> PolicySet:
    """A policy document (``version``, ``classification``, ``masking``, ``rules``) as a PolicySet."""
    if not isinstance(raw, Mapping):
        raise BadRequestData("a policy document must be an object with rules")
    _check_keys(raw, frozenset({"version", "classification", "masking", "rules"}), "policy")
    rules = raw.get("rules")
    if not isinstance(rules, list):
        raise BadRequestData("policy.rules must be a list")
    parsed = tuple(parse_rule(item, i) for i, item in enumerate(rules))
    ids = [r.id for r in parsed]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise BadRequestData(f"policy rule ids must be unique, repeated: {dupes}")
    classification = parse_masking(raw.get("masking"), parse_classification(raw.get("classification")))
    return PolicySet(parsed, classification, str(raw.get("version", "")))
