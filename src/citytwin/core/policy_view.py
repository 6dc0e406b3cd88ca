"""Decisions: what one subject may do with one tenant's entities (row level, attribute level, masking).

A :class:`PolicyView` is built once per (policy, subject, action, tenant) and then asked per entity
(:meth:`PolicyView.decide`); decisions are cached by (types, admin code) unless a rule needs the entity's
geometry. :attr:`PolicyView.branches` are the parts of the row filter a store can evaluate itself (types, one
admin-code prefix, one polygon per branch), so that a restricted query pages and counts in SQL like an
unrestricted one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from shapely.geometry.base import BaseGeometry

from citytwin.core.entities import Attribute, Entity, with_attrs
from citytwin.core.masking import mask_value, masker
from citytwin.core.policy import ALL, Area, Classification, PolicySet, Rule, Subject
from citytwin.core.query import TypeExpr
from citytwin.errors import CitytwinError


@dataclass(slots=True)
class Decision:
    """What a subject sees of one entity: which attributes, and which of them masked."""

    rules: tuple[Rule, ...]
    hidden: frozenset[str]
    classification: Classification
    types: tuple[str, ...]
    everything: bool = False
    """Every attribute visible, none masked (administrators): :meth:`apply` returns the entity as is."""
    _visible: dict[str, bool] = field(default_factory=dict)
    _masks: dict[str, str | None] = field(default_factory=dict)
    _plan: dict[str, Callable[[Any], Any] | bool] = field(default_factory=dict)
    """Per attribute: False (hidden), True (clear) or the masking function (the hot path of apply)."""

    def visible(self, attr: str) -> bool:
        """Whether the attribute is shown at all."""
        found = self._visible.get(attr)
        if found is None:
            found = self._visible[attr] = attr not in self.hidden and any(
                self._shows(r, attr) for r in self.rules
            )
        return found

    def _shows(self, rule: Rule, attr: str) -> bool:
        if rule.attributes is not None and attr not in rule.attributes:
            return False
        if attr in rule.except_attributes:
            return False
        grade = self.classification.attribute_grades.get(attr)
        return grade is None or rule.max_grade is None or grade <= rule.max_grade

    def mask_kind(self, attr: str) -> str | None:
        """The masking kind applied to a visible attribute (None: shown in clear)."""
        if attr in self._masks:
            return self._masks[attr]
        kind = self.classification.mask_kind(attr, self.types)
        if kind is not None:
            for rule in self.rules:
                clear = rule.clear
                if clear and self._shows(rule, attr) and (ALL in clear or attr in clear or kind in clear):
                    kind = None
                    break
        self._masks[attr] = kind
        return kind

    def clear(self, attr: str) -> bool:
        """Visible and unmasked (what a filter may test without leaking)."""
        return self.visible(attr) and self.mask_kind(attr) is None

    def mask_instance(self, attr: str, inst: Attribute) -> Attribute:
        """The instance as this subject sees it (masked copy when its kind is masked)."""
        kind = self.mask_kind(attr)
        if kind is None:
            return inst
        masked = mask_value(kind, inst.value, home_level=self.classification.home_level)
        # The constructor, not dataclasses.replace: this runs for every masked value of every result.
        return Attribute(
            inst.type,
            masked,
            inst.observed_at,
            inst.unit_code,
            inst.dataset_id,
            inst.created_at,
            inst.modified_at,
            inst.sub,
            inst.extra,
        )

    def mask_raw(self, attr: str, value: Any) -> Any:
        """A bare value (history) as this subject sees it."""
        kind = self.mask_kind(attr)
        return value if kind is None else mask_value(kind, value, home_level=self.classification.home_level)

    def apply(self, entity: Entity, attrs: Sequence[str] = ()) -> Entity:
        """The entity as the subject sees it: invisible attributes dropped, masked ones masked.

        ``attrs`` (when given) further limits the attributes to those asked for.
        """
        if self.everything and not attrs:
            return entity
        wanted = set(attrs) if attrs else None
        plans = self._plan
        out: dict[str, list[Attribute]] = {}
        for name, instances in entity.attrs.items():
            if wanted is not None and name not in wanted:
                continue
            plan = plans.get(name)
            if plan is None:
                plan = self._plan_of(name)
            if plan is True:
                out[name] = instances
            elif plan is not False:
                # The constructor, not dataclasses.replace (nor a helper or a comprehension for the usual
                # single instance): this runs for every masked value of every result.
                if len(instances) == 1:
                    i = instances[0]
                    out[name] = [
                        Attribute(
                            i.type,
                            plan(i.value),
                            i.observed_at,
                            i.unit_code,
                            i.dataset_id,
                            i.created_at,
                            i.modified_at,
                            i.sub,
                            i.extra,
                        )
                    ]
                else:
                    out[name] = [
                        Attribute(
                            i.type,
                            plan(i.value),
                            i.observed_at,
                            i.unit_code,
                            i.dataset_id,
                            i.created_at,
                            i.modified_at,
                            i.sub,
                            i.extra,
                        )
                        for i in instances
                    ]
        return with_attrs(entity, out)

    def _plan_of(self, name: str) -> Callable[[Any], Any] | bool:
        if not self.visible(name):
            plan: Callable[[Any], Any] | bool = False
        else:
            kind = self.mask_kind(name)
            plan = True if kind is None else masker(kind, self.classification.home_level)
        self._plan[name] = plan
        return plan


@dataclass(frozen=True, slots=True)
class Pushdown:
    """The row filter a store can apply: entity has one of ``types``, lies in ``admin_code`` / ``polygon``.

    ``exact``: the pushed filter is the whole row filter (no entity it lets through is invisible), so
    paging and counting can be left to the store.
    """

    types: frozenset[str] | None = None
    admin_code: str | None = None
    polygon: BaseGeometry | None = None
    exact: bool = True


class PolicyView:
    """One subject's view of one tenant for one action."""

    def __init__(self, policy: PolicySet, subject: Subject, action: str, tenant: str) -> None:
        self.subject = subject
        self.action = action
        self.tenant = tenant
        self.classification = policy.classification
        allows, denies = policy.applicable(subject, action, tenant)
        self.allows: tuple[Rule, ...] = tuple(allows)
        self.entity_denies = tuple(d for d in denies if d.attributes is None)
        self.attr_denies = tuple(d for d in denies if d.attributes is not None)
        self.nothing = not allows
        self.unrestricted = not denies and any(_full(r) for r in allows)
        self._geometric = any(r.area is not None and r.area.polygon is not None for r in (*allows, *denies))
        self._areal = any(r.area is not None for r in (*allows, *denies))
        """Whether any rule depends on where an entity is (else its admin code is not even read)."""
        self._cache: dict[tuple[tuple[str, ...], str | None], Decision | None] = {}
        self.branches, self.exact = ((), True) if self.nothing else self._branches()
        """Row filters a store can apply (visible: passes any branch); ``exact``: nothing else is needed."""

    # -- per entity -------------------------------------------------------------------------------------
    def decide(self, entity: Entity) -> Decision | None:
        """The decision for an entity, or None when it is invisible (404 for the subject)."""
        if not self._areal:  # the usual city-wide rules: decided (and cached) by types alone
            return self.decide_facts(entity.types, None)
        return self.decide_facts(entity.types, entity.admin_code, entity.location)

    def decide_facts(
        self,
        types: tuple[str, ...],
        admin_code: str | None,
        geometry: Callable[[], BaseGeometry | None] | None = None,
    ) -> Decision | None:
        """The decision from an entity's facts (``geometry`` is called only when a polygon rule needs it)."""
        if self.nothing:
            return None
        key = (types, admin_code)
        if not self._geometric and key in self._cache:
            return self._cache[key]
        shape = _Lazy(geometry)
        for rule in self.entity_denies:
            if self._matches(rule, types, admin_code, shape):
                return self._remember(key, None)
        rules = tuple(r for r in self.allows if self._matches(r, types, admin_code, shape))
        if not rules:
            return self._remember(key, None)
        hidden: set[str] = set()
        for rule in self.attr_denies:
            if rule.attributes is not None and self._matches(rule, types, admin_code, shape):
                hidden |= rule.attributes
        everything = not hidden and any(_full_attributes(r) for r in rules)
        decision = Decision(rules, frozenset(hidden), self.classification, types, everything)
        return self._remember(key, decision)

    def _remember(self, key: tuple[tuple[str, ...], str | None], found: Decision | None) -> Decision | None:
        if not self._geometric and len(self._cache) < 4096:
            self._cache[key] = found
        return found

    def reads_type(self, type_name: str) -> bool:
        """Whether some entity of ``type_name`` can pass (somewhere in the tenant, whatever its area)."""
        types = (type_name,)
        if any(r.area is None and self._matches_type(r, types) for r in self.entity_denies):
            return False
        return any(self._matches_type(r, types) for r in self.allows)

    def _matches_type(self, rule: Rule, types: tuple[str, ...]) -> bool:
        return rule_admits_types(self.classification, rule, types)

    def _matches(self, rule: Rule, types: tuple[str, ...], admin: str | None, shape: _Lazy) -> bool:
        if not self._matches_type(rule, types):
            return False
        area = rule.area
        if area is None:
            return True
        if admin is not None and any(admin.startswith(code) for code in area.admin_codes):
            return True
        if area.polygon is not None:
            geom = shape.get()
            return geom is not None and bool(area.polygon.intersects(geom))
        return False

    # -- what a store can filter ---------------------------------------------------------------------------
    def _types_of(self, rule: Rule) -> tuple[frozenset[str] | None, bool]:
        """The types a rule admits (None: any) and whether that captures its type/category/grade test."""
        cls = self.classification
        found: set[str] | None = set(rule.types) if rule.types is not None else None
        for wanted, attr in ((rule.categories, "category"), (rule.datasets, "dataset")):
            if wanted is None:
                continue
            named = {t for t, c in cls.types.items() if getattr(c, attr) in wanted}
            found = named if found is None else found & named
        exact = True
        if rule.max_grade is not None:
            cap = rule.max_grade
            if found is not None:
                found = {t for t in found if cls.grade_of_types((t,)) <= cap}
            elif cls.default_grade > cap:  # unclassified types are above the cap: a finite list remains
                found = {t for t in cls.types if cls.grade_of_types((t,)) <= cap}
            elif any(cls.grade_of_types((t,)) > cap for t in cls.types):
                exact = False  # "any type but those above the cap" is not a positive type filter
        return (frozenset(found) if found is not None else None), exact

    def _branches(self) -> tuple[tuple[Pushdown, ...], bool]:
        """One pushdown per distinct area of the allow rules (an entity is visible if it passes any), and
        whether together they are the whole row filter."""
        exact = not self.entity_denies
        groups: dict[object, list[Rule]] = {}
        for rule in self.allows:
            groups.setdefault(_area_key(rule.area), []).append(rule)
        branches: list[Pushdown] = []
        for rules in groups.values():
            union: set[str] | None = set()
            group_exact = True
            for rule in rules:
                types, captured = self._types_of(rule)
                group_exact = group_exact and captured
                union = None if types is None or union is None else union | types
            area = rules[0].area
            admin_code = polygon = None
            if area is not None:
                if len(area.admin_codes) == 1 and area.polygon is None:
                    admin_code = area.admin_codes[0]
                elif not area.admin_codes and area.polygon is not None:
                    polygon = area.polygon
                else:
                    group_exact = False  # several prefixes, or prefixes or a polygon: filtered while paging
            exact = exact and group_exact
            branches.append(
                Pushdown(frozenset(union) if union is not None else None, admin_code, polygon, group_exact)
            )
        return tuple(branches), exact

    def always_clear(self, attr: str) -> bool:
        """Whether ``attr`` is visible and unmasked on every entity this view shows (a filter on it cannot
        probe anything hidden)."""
        if any(attr in (d.attributes or ()) for d in self.attr_denies):
            return False
        if self.unrestricted:
            return True
        kinds = {m.kind for m in self.classification.masks if attr in m.attributes}
        probe = Decision((), frozenset(), self.classification, ())

        def clear(rule: Rule) -> bool:
            shown = probe._shows(rule, attr)
            return shown and (not kinds or ALL in rule.clear or attr in rule.clear or kinds <= rule.clear)

        # A rule matching every entity that shows it in clear settles it; otherwise every rule must.
        if any(_unscoped(r) and clear(r) for r in self.allows):
            return True
        return all(clear(r) for r in self.allows)


def _unscoped(rule: Rule) -> bool:
    """A rule matching every entity of the tenant."""
    return (
        rule.types is None
        and rule.categories is None
        and rule.datasets is None
        and rule.area is None
        and rule.max_grade is None
    )


def _full(rule: Rule) -> bool:
    """A rule that shows everything of every entity in clear."""
    return _unscoped(rule) and _full_attributes(rule)


def _full_attributes(rule: Rule) -> bool:
    return (
        rule.attributes is None
        and not rule.except_attributes
        and rule.max_grade is None
        and ALL in rule.clear
    )


def _area_key(area: Area | None) -> object:
    if area is None:
        return None
    return (area.admin_codes, area.polygon.wkb if area.polygon is not None else None)


class _Lazy:
    """The entity geometry, parsed at most once and only if asked for."""

    __slots__ = ("_done", "_fn", "_value")

    def __init__(self, fn: Callable[[], BaseGeometry | None] | None) -> None:
        self._fn = fn
        self._done = False
        self._value: BaseGeometry | None = None

    def get(self) -> BaseGeometry | None:
        if not self._done:
            self._done = True
            try:
                self._value = self._fn() if self._fn is not None else None
            except CitytwinError:
                self._value = None
        return self._value


def restrict_types(query_types: TypeExpr, allowed: frozenset[str]) -> TypeExpr:
    """A type expression matching what ``query_types`` matches and having one of ``allowed``."""
    if not query_types:
        return tuple(frozenset({t}) for t in sorted(allowed))
    out: list[frozenset[str]] = []
    for group in query_types:
        if not group.isdisjoint(allowed):
            out.append(group)
        else:
            out.extend(group | {t} for t in sorted(allowed))
    return tuple(dict.fromkeys(out))


def restrict_admin(query_code: str | None, allowed: str) -> str | None:
    """The narrower of two admin-code prefixes; None when they exclude each other."""
    if query_code is None or query_code.startswith(allowed):
        return query_code if query_code is not None else allowed
    if allowed.startswith(query_code):
        return allowed
    return None


def rule_admits_types(cls: Classification, rule: Rule, types: tuple[str, ...]) -> bool:
    """Whether the rule's type, category, dataset and grade conditions admit ``types`` (its area aside);
    ``cls`` is the view's classification (categories, datasets and grades of types)."""
    if rule.types is not None and rule.types.isdisjoint(types):
        return False
    if rule.categories is not None and rule.categories.isdisjoint(cls.categories_of(types)):
        return False
    if rule.datasets is not None and rule.datasets.isdisjoint(cls.datasets_of(types)):
        return False
    return rule.max_grade is None or cls.grade_of_types(types) <= rule.max_grade
