"""Sending a planned part of a write to its context source, and reading what the source answered.

A forwarded write goes through the federation's one client (:class:`~citytwin.federation.client.SourceClient`:
``Via``, tenant, ``contextSourceInfo``, this broker's credential, the caller's identity, the registration's
timeout and cooldown; never its answer cache). Names are sent in the @context the source is asked in (the
registration's ``jsonldContext``, else the request's). :class:`Result` is what one place (a source, or this
broker) did with its part: the attributes written, those refused with a reason, or an error for all of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from citytwin import errors
from citytwin.core.entities import Entity
from citytwin.errors import CitytwinError, InternalError, OperationNotSupported, ResourceNotFound
from citytwin.federation.client import Forward, Outcome
from citytwin.federation.forward import source_context
from citytwin.federation.registration import Registration
from citytwin.federation.service import Match, Sources
from citytwin.federation.wire import remote_entity
from citytwin.governance.enforce_context import PermissionDenied
from citytwin.ngsild.context import LdContext
from citytwin.ngsild.request import Call
from citytwin.stream.subscription import map_type_expression

CORE_MEMBERS = ("id", "type", "scope")
"""Entity members every part of a split entity body carries."""
_BY_PROBLEM: dict[str, type[CitytwinError]] = {
    cls.problem: cls
    for cls in (
        errors.BadRequestData,
        errors.InvalidRequest,
        errors.ResourceNotFound,
        errors.AlreadyExists,
        errors.OperationNotSupported,
        errors.TooManyResults,
        errors.NonexistentTenant,
        errors.LdContextNotAvailable,
    )
}


@dataclass(slots=True)
class Result:
    """What one place did with its part of a write."""

    registration: str | None
    """The registration id; None for this broker's own store."""
    updated: list[str] = field(default_factory=list)
    """Attribute terms written."""
    failed: list[tuple[str, str]] = field(default_factory=list)
    """(attribute term, reason) not written."""
    error: CitytwinError | None = None
    """The whole part failed."""
    neutral: bool = False
    """The place does not hold the entity and that is no failure (deletes, inclusive copies)."""
    body: Any = None
    """The decoded answer of a source (batch results), or of the local handler."""

    @property
    def ok(self) -> bool:
        """Whether the part was (at least partly) written."""
        return self.error is None and not self.neutral


def q(text: str) -> str:
    """A path segment as the NGSI-LD routes expect it (``:`` kept)."""
    return quote(text, safe=":")


def refused(reg: Registration, operation: str) -> CitytwinError:
    """The error of a part claimed by a registration that does not offer the operation."""
    return OperationNotSupported(
        f"registration {reg.id} ({reg.mode}) holds these attributes but does not offer {operation}"
    )


def source_error(reg: Registration, outcome: Outcome) -> CitytwinError:
    """The error a failed forward stands for: the source's own problem type when it sent one."""
    if outcome.status is None:
        return InternalError(f"registration {reg.id}: {_warning_text(outcome)}")
    problem = outcome.problem or {}
    name = str(problem.get("type", "")).rsplit("/", 1)[-1]
    detail = str(problem.get("detail") or problem.get("title") or f"answered {outcome.status}")[:300]
    text = f"registration {reg.id} answered {outcome.status}: {detail}"
    if outcome.status == 403:
        return PermissionDenied(text)
    cls = _BY_PROBLEM.get(name)
    if cls is None or cls.status != outcome.status:
        return InternalError(text)
    return cls(text)


def _warning_text(outcome: Outcome) -> str:
    raw = outcome.warning or "no answer"
    return raw.split('"', 1)[1].rstrip('"').split(": ", 1)[-1] if '"' in raw else raw


def not_found(reg: Registration, entity_id: str) -> CitytwinError:
    """A source answered 404 for an entity it was to write."""
    return ResourceNotFound(f"registration {reg.id}: the source has no entity {entity_id}")


async def context_of(call: Call, reg: Registration) -> tuple[LdContext, tuple[tuple[str, str], ...]]:
    """The @context a source is written in, and the headers that say so."""
    return await source_context(call, Match(reg, []))


def split_body(
    body: Mapping[str, Any], names: Iterable[str], call: Call, ctx: LdContext, *, local: bool = False
) -> dict[str, Any]:
    """The members of an entity body for one part: core members and the attributes ``names`` (stored),
    with attribute and type names in ``ctx``'s terms. A source's part goes without ``@context`` (a Link
    header names it); the ``local`` part keeps it, as the request's media type needs it."""
    wanted = set(names)
    same = ctx is call.ctx
    out: dict[str, Any] = {}
    for term, value in body.items():
        if term in CORE_MEMBERS:
            out[term] = value if same or term != "type" else _types(value, call, ctx)
            continue
        if term == "@context":
            if local:
                out[term] = value
            continue
        name = call.ctx.to_store(term)
        if name in wanted:
            out[term if same else ctx.from_store(name)] = value
    return out


def _types(value: Any, call: Call, ctx: LdContext) -> Any:
    if isinstance(value, list):
        return [ctx.from_store(call.ctx.to_store(t)) if isinstance(t, str) else t for t in value]
    return ctx.from_store(call.ctx.to_store(value)) if isinstance(value, str) else value


def forwarded_params(call: Call, reg: Registration, ctx: LdContext) -> tuple[tuple[str, str], ...]:
    """The request's parameters for a source (``local`` per the registration; ``type`` in its terms)."""
    out: list[tuple[str, str]] = []
    for key, value in call.request.query_params.multi_items():
        if key == "local":
            continue
        if key == "type" and ctx is not call.ctx:
            value = map_type_expression(value, lambda t: ctx.from_store(call.ctx.to_store(t)))  # noqa: PLW2901
        out.append((key, value))
    if reg.management.local_only:
        out.append(("local", "true"))
    return tuple(out)


async def send(sources: Sources, reg: Registration, fwd: Forward) -> Outcome:
    """One forwarded write."""
    return await sources.fed.client.send(sources.tenant, reg, fwd, via=sources.via, caller=sources.caller)


def update_result(
    reg: Registration, outcome: Outcome, terms: list[str], entity_id: str, *, lenient: bool
) -> Result:
    """The result of a one-entity write at a source (``lenient``: a 404 is no failure)."""
    if not outcome.ok:
        err = source_error(reg, outcome)
        return Result(reg.id, failed=[(t, err.detail) for t in terms], error=err)
    if outcome.status == 404:
        if lenient:
            return Result(reg.id, neutral=True)
        err = not_found(reg, entity_id)
        return Result(reg.id, failed=[(t, err.detail) for t in terms], error=err)
    body = outcome.body if isinstance(outcome.body, dict) else {}
    if outcome.status == 207 and isinstance(body.get("notUpdated"), list):
        failed = [
            (str(n.get("attributeName", "")), f"registration {reg.id}: {n.get('reason', '')}")
            for n in body["notUpdated"]
            if isinstance(n, dict)
        ]
        gone = {t for t, _ in failed}
        return Result(reg.id, updated=[t for t in terms if t not in gone], failed=failed, body=body)
    return Result(reg.id, updated=list(terms), body=outcome.body)


async def fetch(call: Call, sources: Sources, reg: Registration, entity_id: str) -> Entity | None:
    """The entity as one source shows it (for the write checks of a restricted subject), or None."""
    ctx, headers = await context_of(call, reg)
    params = (("local", "true"),) if reg.management.local_only else ()
    outcome = await send(sources, reg, Forward("GET", f"/entities/{q(entity_id)}", params, None, headers))
    if not outcome.ok or outcome.status == 404 or not isinstance(outcome.body, dict):
        return None
    try:
        return remote_entity(outcome.body, ctx)
    except CitytwinError:
        return None
