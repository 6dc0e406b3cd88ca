"""The scenario interface, after the OGC API Processes model: metadata (inputs, outputs, example) + execute.

A scenario is a pure description plus one ``execute(inputs, context)``; the job manager
(:mod:`citytwin.scenarios.jobs`) runs it synchronously or on a worker thread, persists its status and
results, and turns ``context.progress``/``context.cancelled`` into job progress and dismissal.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from citytwin.core.timeutil import Clock, utc_now
from citytwin.errors import BadRequestData, CitytwinError
from citytwin.storage.base import TenantStore

ProgressFn = Callable[[float, str], None]
"""``progress(percent 0..100, message)``."""
CancelFn = Callable[[], bool]
"""Returns True once the job has been dismissed; scenarios poll it between units of work."""

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "number": (int, float),
    "integer": (int,),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list, tuple),
}


@dataclass(frozen=True)
class ScenarioMetadata:
    """What a scenario is and takes: the OGC process description, declared as data.

    ``inputs`` maps each input name to ``{"title", "description", "schema", "minOccurs"}`` where
    ``schema`` is a small JSON-schema (``type`` as a name or list of names, optional ``enum``,
    ``minimum``, ``exclusiveMinimum``); ``minOccurs`` 0 marks an optional input.
    """

    id: str
    title: str
    description: str
    version: str
    inputs: Mapping[str, Mapping[str, Any]]
    outputs: Mapping[str, Mapping[str, Any]]
    example: Mapping[str, Any] = field(default_factory=dict)
    job_control: tuple[str, ...] = ("sync-execute", "async-execute", "dismiss")

    def to_dict(self) -> dict[str, Any]:
        """The OGC API Processes process description (JSON-able)."""
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "version": self.version,
            "jobControlOptions": list(self.job_control),
            "inputs": {k: dict(v) for k, v in self.inputs.items()},
            "outputs": {k: dict(v) for k, v in self.outputs.items()},
            "example": dict(self.example),
        }

    def check_inputs(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """Inputs checked against the declared schema; BadRequestData names the first problem."""
        if not isinstance(inputs, Mapping):
            raise BadRequestData(f"inputs of {self.id} must be a JSON object, got {type(inputs).__name__}")
        unknown = sorted(set(inputs) - set(self.inputs))
        if unknown:
            known = ", ".join(sorted(self.inputs))
            raise BadRequestData(f"unknown input(s) {', '.join(unknown)} for {self.id}; known: {known}")
        for name, spec in self.inputs.items():
            if name not in inputs or inputs[name] is None:
                if int(spec.get("minOccurs", 1)) > 0:
                    raise BadRequestData(f"input {name!r} of {self.id} is required")
                continue
            _check_value(f"input {name!r} of {self.id}", inputs[name], spec.get("schema", {}))
        return {k: v for k, v in inputs.items() if v is not None}


def _check_value(what: str, value: Any, schema: Mapping[str, Any]) -> None:
    kinds = schema.get("type")
    names = [kinds] if isinstance(kinds, str) else list(kinds or [])
    if names:
        ok = False
        for name in names:
            allowed = _JSON_TYPES[name]
            # bool is an int in Python but not a number in JSON schema.
            if isinstance(value, allowed) and not (isinstance(value, bool) and name != "boolean"):
                ok = True
        if not ok:
            raise BadRequestData(f"{what} must be of type {' or '.join(names)}, got {type(value).__name__}")
    if "enum" in schema and value not in schema["enum"]:
        raise BadRequestData(f"{what} must be one of {', '.join(map(str, schema['enum']))}, got {value!r}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            raise BadRequestData(f"{what} must be >= {schema['minimum']}, got {value}")
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            raise BadRequestData(f"{what} must be > {schema['exclusiveMinimum']}, got {value}")


def _no_progress(percent: float, message: str) -> None:
    return None


def _never() -> bool:
    return False


@dataclass(frozen=True)
class RunContext:
    """What a running scenario may use: the tenant's store, progress, the dismiss check and a clock."""

    store: TenantStore
    job_id: str = ""
    progress: ProgressFn = _no_progress
    cancelled: CancelFn = _never
    clock: Clock = utc_now

    @property
    def tenant(self) -> str:
        """The tenant the job runs for."""
        return self.store.tenant


class ScenarioCancelled(CitytwinError):
    """The job was dismissed while running; ``partial`` holds what was computed so far (JSON-able)."""

    status = 409
    title = "Scenario run dismissed"

    def __init__(self, detail: str, partial: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.partial = partial or {}


class Scenario(ABC):
    """One scenario engine behind the common interface."""

    @property
    @abstractmethod
    def metadata(self) -> ScenarioMetadata:
        """The process description."""

    def validate(self, inputs: Mapping[str, Any], context: RunContext) -> dict[str, Any]:
        """Check inputs cheaply before a job is created; returns the normalised inputs to record.

        Raising here means nothing is written to the store. The default checks the declared schema.
        """
        return self.metadata.check_inputs(inputs)

    @abstractmethod
    def execute(self, inputs: dict[str, Any], context: RunContext) -> dict[str, Any]:
        """Run on validated inputs; returns JSON-able outputs or raises ScenarioCancelled/CitytwinError."""
