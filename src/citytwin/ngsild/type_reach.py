"""What a policy view can show of a whole entity type, without looking at entities.

Discovery answers merged from context sources and the viewer's cached tiles need per-type answers: may the
subject read any entity of a type, which attributes can it see on some entity of it, and does it see every
entity of it in full (so the platform's cached view can serve it). All answers are conservative: "readable"
and "shown" may say yes for a type or attribute the subject sees only on some entities, "open" says yes only
when no rule can hide anything of the type.
"""

from __future__ import annotations

from collections.abc import Iterable

from citytwin.core.policy import ALL, Rule
from citytwin.core.policy_view import Decision, PolicyView, rule_admits_types


def _may_match(view: PolicyView, rule: Rule, type_name: str) -> bool:
    """Whether ``rule`` can match some entity of ``type_name`` (area aside)."""
    return rule_admits_types(view.classification, rule, (type_name,))


def _covers(view: PolicyView, rule: Rule, type_name: str) -> bool:
    """Whether ``rule`` matches every entity of ``type_name`` (no area, no grade cap)."""
    return rule.area is None and rule.max_grade is None and _may_match(view, rule, type_name)


def readable(view: PolicyView, type_name: str) -> bool:
    """Whether the subject may read at least some entities of ``type_name``."""
    if view.nothing:
        return False
    if view.unrestricted:
        return True
    if any(_covers(view, d, type_name) for d in view.entity_denies):
        return False
    return any(_may_match(view, r, type_name) for r in view.allows)


def shown(view: PolicyView, type_name: str, attr: str) -> bool:
    """Whether ``attr`` can be visible on some entity of ``type_name`` the subject reads."""
    if view.unrestricted:
        return True
    if not readable(view, type_name):
        return False
    if any(attr in (d.attributes or ()) and _covers(view, d, type_name) for d in view.attr_denies):
        return False
    probe = Decision((), frozenset(), view.classification, (type_name,))
    return any(_may_match(view, r, type_name) and probe._shows(r, attr) for r in view.allows)


def shown_any(view: PolicyView, type_names: Iterable[str], attrs: Iterable[str]) -> bool:
    """Whether any of ``attrs`` can be visible on some entity of any of ``type_names``."""
    names = tuple(attrs)
    return any(shown(view, t, a) for t in type_names for a in names)


def open_for(view: PolicyView, type_names: Iterable[str]) -> bool:
    """Whether the subject sees every entity of these types with every attribute in clear (the platform's
    own view of them): unrestricted, or no deny at all and a rule granting each type whole and unmasked."""
    if view.unrestricted:
        return True
    if view.entity_denies or view.attr_denies:
        return False
    return all(
        any(
            _covers(view, r, t) and r.attributes is None and not r.except_attributes and ALL in r.clear
            for r in view.allows
        )
        for t in type_names
    )
