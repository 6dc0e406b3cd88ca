"""An indicator's explanation shows its entity-set definition per subject (``entity_set_shown``)."""

from __future__ import annotations

from typing import Any

from citytwin.core.policy import Subject
from citytwin.governance.enforce_policy import PolicyRegistry
from citytwin.governance.enforce_routes import entity_set_shown

REGISTRY = PolicyRegistry(None)  # the shipped policy


def entity_set(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "types": ["Person", "Building", "AirQualityObserved"],
        "adminCode": "440304",
        "levels": [],
        "gridPrefix": None,
        "polygon": None,
        "q": "age>80",
    }
    return {**base, **changes}


def shown_to(roles: tuple[str, ...], given: dict[str, Any], area: str | None = None) -> Any:
    view = REGISTRY.view(Subject("s", roles=frozenset(roles), area=area), "read", "")
    return entity_set_shown(given, view)


def test_an_administrator_sees_the_definition_as_it_is() -> None:
    given = entity_set(q='phone=="13812345678"')
    assert shown_to(("administrator",), given) == (given, [])


def test_types_the_subject_never_reads_are_withheld() -> None:
    # A partner reads public (grade 1) data and never population data.
    out, withheld = shown_to(("partner",), entity_set())
    assert out["types"] == ["AirQualityObserved"] and withheld == ["types"]
    assert out["adminCode"] == "440304" and out["q"] == "age>80"
    # A grid worker reads residents of their own street: the type is one they read (somewhere).
    out, withheld = shown_to(("grid-worker",), entity_set(), area="440304001")
    assert out["types"] == ["Person", "Building", "AirQualityObserved"] and withheld == []


def test_a_filter_on_what_the_subject_sees_masked_or_not_at_all_is_withheld() -> None:
    for q in ('phone=="13812345678"', 'idNumber=="440304199001011234"', 'age>80;name=="张三"'):
        out, withheld = shown_to(("auditor",), entity_set(q=q))
        assert out["q"] is None and withheld == ["q"], q
    out, withheld = shown_to(("auditor",), entity_set())
    assert out == entity_set() and withheld == []
    # A grid worker sees phones in clear, but only in their street: not on everything they read.
    out, withheld = shown_to(("grid-worker",), entity_set(q='phone=="13812345678"'), area="440304001")
    assert out["q"] is None and withheld == ["q"]


def test_an_unreadable_filter_is_withheld_rather_than_shown() -> None:
    out, withheld = shown_to(("auditor",), entity_set(q="age>>"))
    assert out["q"] is None and withheld == ["q"]
