"""Which indicators a change must visit, decided once per (types, area, touched attributes) and cached.

Every twin with the same types in the same community shares one :class:`Route`: the indicators declared
over those types in the community's area prefixes, and the twins on it. For each tuple of touched
attributes the route keeps a *plan*, one :class:`Step` per touched attribute that some indicator reads,
with those indicators sorted by the work a new value gives them, so a reading is looked up and converted
once per change, not once per indicator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from citytwin.core.entities import Attribute, Entity

if TYPE_CHECKING:
    from citytwin.core.indicators.state import IndicatorState

Entry = tuple["IndicatorState", bool, bool]
"""A filtered indicator to visit, whether to re-check its filters, whether to add a window sample."""

_MAX_PLANS = 256
"""Distinct touched-attribute tuples kept per route (writers touch few combinations; this bounds the odd)."""


class Step:
    """What a live change of a known twin, in place, does to the indicators reading one touched attribute.

    ``attr`` is None for the step of the indicators that read no attribute (counts of changes, filters).
    Unfiltered indicators whose result depends on the value get the old and new value (``numbers`` as
    floats, ``raws`` as they are); ``windows`` get a sample; filtered indicators (``filtered``) keep their
    own members and take the general path.
    """

    __slots__ = ("attr", "filtered", "numbers", "numeric", "raws", "windows")

    def __init__(self, attr: str | None, states: list[IndicatorState], touched: tuple[str, ...]) -> None:
        self.attr = attr
        self.numeric = any(s.numeric for s in states)
        plain = [s for s in states if s.query is None]
        valued = [s for s in plain if attr is not None and s.tracks_values]
        self.numbers = tuple(s for s in valued if s.numeric)
        self.raws = tuple(s for s in valued if not s.numeric)
        self.windows = tuple(s.window for s in plain if s.window is not None and samples(s, touched, True))
        self.filtered: tuple[Entry, ...] = tuple(
            (s, not s.query_attrs.isdisjoint(touched), samples(s, touched, True))
            for s in states
            if s.query is not None
        )

    @property
    def idle(self) -> bool:
        """Whether no indicator has anything to do (the step then only keeps the twin's value)."""
        return not (self.numbers or self.raws or self.windows or self.filtered)


def samples(state: IndicatorState, touched: tuple[str, ...], live: bool) -> bool:
    """Whether a change touching ``touched`` adds a sample to ``state``'s window (live changes only)."""
    return live and state.windowed and (state.attr is None or state.attr in touched)


class Plan:
    """What a live change of a known twin, in place, touching some attributes does.

    ``filters``: the touched attributes some filter reads (the twin keeps their instances); ``steps``: one
    per touched attribute some indicator over its types measures, and one for the indicators that read none.
    """

    __slots__ = ("filters", "steps")

    def __init__(self, steps: tuple[Step, ...], filters: tuple[str, ...]) -> None:
        self.steps = steps
        self.filters = filters


def build_plan(
    states: list[IndicatorState], touched: tuple[str, ...], measured: frozenset[str], filters: frozenset[str]
) -> Plan:
    """What a live change of a known twin, in place, touching ``touched`` does on a route.

    Only the indicators reading a touched attribute, those whose filters read one, and windowed counts of
    changes can be altered by such a change. A touched attribute that some indicator over the twin's types
    measures gets a step even when none on this route does: the twin keeps its value for when it moves.
    """
    groups: dict[str | None, list[IndicatorState]] = {name: [] for name in touched if name in measured}
    for state in states:
        attr = state.attr
        concerned = attr is not None and attr in touched
        if concerned or samples(state, touched, True) or not state.query_attrs.isdisjoint(touched):
            groups.setdefault(attr if concerned else None, []).append(state)
    steps = tuple(Step(attr, found, touched) for attr, found in groups.items())
    kept = tuple(step for step in steps if step.attr is not None or not step.idle)
    return Plan(kept, tuple(n for n in touched if n in filters))


class Route:
    """The indicators over one (types, area), the twins on it, and the plans worked out so far.

    Routes with the same types and the same indicators (the communities of one street, usually) share
    their ``plans`` table: a plan depends on nothing else.
    """

    __slots__ = ("candidates", "filters", "measured", "members", "plans")

    def __init__(
        self,
        candidates: list[IndicatorState],
        measured: frozenset[str],
        filters: frozenset[str],
        plans: dict[tuple[str, ...], Plan],
    ) -> None:
        self.candidates = candidates
        self.measured = measured
        """Attributes some indicator over these types measures (a twin keeps their values)."""
        self.filters = filters
        """Attributes some filter over these types reads (a twin keeps their instances)."""
        self.members: dict[str, Member] = {}
        self.plans = plans
        for state in candidates:
            if state.query is None:
                state.routes.append(self)

    def plan(self, touched: tuple[str, ...]) -> Plan:
        """What a live change of a known twin, in place, touching ``touched`` does."""
        found = self.plans.get(touched)
        if found is None:
            if len(self.plans) >= _MAX_PLANS:
                self.plans.clear()
            found = build_plan(self.candidates, touched, self.measured, self.filters)
            self.plans[touched] = found
        return found


class Member:
    """A twin some indicator reads: its measured values, the instances its filters read, area and route."""

    __slots__ = ("code", "entity", "route", "types", "values")

    def __init__(
        self, entity: Entity, types: tuple[str, ...], code: str | None, route: Route, values: dict[str, Any]
    ) -> None:
        self.entity = entity
        """A trimmed copy holding only the attributes some filter reads (what the query evaluator sees)."""
        self.types = types
        self.code = code
        self.route = route
        self.values = values
        """Measured attribute → the value of its default instance (None: no such instance)."""


def default_instance(instances: list[Attribute] | None) -> Attribute | None:
    """The instance without a datasetId (what ``Entity.attr(name)`` returns)."""
    if not instances:
        return None
    first = instances[0]
    if first.dataset_id is None:
        return first
    for inst in instances:
        if inst.dataset_id is None:
            return inst
    return None


def raw_value(instances: list[Attribute] | None) -> Any:
    """The value of the default instance (None without one)."""
    inst = default_instance(instances)
    return None if inst is None else inst.value
