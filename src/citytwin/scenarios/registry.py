"""The scenarios the platform offers, declared as data: id -> where the implementation lives.

Implementations are imported on first use, so listing or running one scenario does not load every
engine (the flood engine pulls in numba).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping

from citytwin.errors import InternalError, ResourceNotFound
from citytwin.scenarios.base import Scenario, ScenarioMetadata

DECLARED: Mapping[str, str] = {
    "flood": "citytwin.scenarios.flood.scenario:FloodScenario",
}
"""Scenario id -> ``module:class`` of a Scenario with a no-argument constructor."""


class ScenarioRegistry:
    """Scenario instances by id; declared ones are built lazily, others can be registered directly."""

    def __init__(self, declared: Mapping[str, str] | None = None, scenarios: Iterable[Scenario] = ()) -> None:
        self._declared = dict(DECLARED if declared is None else declared)
        self._instances: dict[str, Scenario] = {}
        for scenario in scenarios:
            self.register(scenario)

    def register(self, scenario: Scenario) -> None:
        """Add (or replace) a scenario under its metadata id."""
        self._instances[scenario.metadata.id] = scenario

    def ids(self) -> list[str]:
        """Every scenario id, sorted."""
        return sorted(set(self._declared) | set(self._instances))

    def get(self, scenario_id: str) -> Scenario:
        """The scenario with that id (ResourceNotFound naming the known ids otherwise)."""
        found = self._instances.get(scenario_id)
        if found is not None:
            return found
        target = self._declared.get(scenario_id)
        if target is None:
            raise ResourceNotFound(f"no scenario {scenario_id!r}; known: {', '.join(self.ids()) or 'none'}")
        module_name, _, class_name = target.partition(":")
        cls = getattr(importlib.import_module(module_name), class_name)
        instance: Scenario = cls()
        if instance.metadata.id != scenario_id:
            raise InternalError(f"{target} declares id {instance.metadata.id!r}, not {scenario_id!r}")
        self._instances[scenario_id] = instance
        return instance

    def describe(self) -> list[ScenarioMetadata]:
        """Metadata of every scenario (the OGC process list)."""
        return [self.get(i).metadata for i in self.ids()]


def default_registry() -> ScenarioRegistry:
    """A registry of the declared scenarios (the flood scenario)."""
    return ScenarioRegistry()
