"""Which part of a write goes where (ETSI GS CIM 009 V1.8.1 clauses 4.3.6.3, 5.6): pure planning, no I/O.

Given the registrations that match one entity, the operation, and the attributes the request writes,
:func:`plan` says which attributes go to which context source and what is left for this broker's store:

* **exclusive** first: the attributes it registers go to that source only, and are taken out of the
  request; where the source does not offer the operation they are refused (409) instead of written here;
* **redirect** next: of what is left, the attributes it covers go to every redirect source covering them
  (refused where the operation is not offered) and are taken out; a redirect registration without
  attribute names covers the whole entity;
* **inclusive**: of what is left, the attributes it covers are also sent to the source where it offers the
  operation; they stay in the local write;
* **auxiliary** sources are never written to.

Whatever is left is written locally. Nothing is when exclusive or redirect sources took every attribute of
a request that had some, or a redirect source took an entity that has none. Deleting a whole entity goes to
every non-auxiliary source that registers it and offers ``deleteEntity``, and to the local store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from citytwin.federation import operations as ops
from citytwin.federation.registration import RegInfo, Registration
from citytwin.federation.service import Match

WRITE_OPERATIONS = frozenset(
    {
        *(ops.CREATE_ENTITY, ops.UPDATE_ENTITY, ops.APPEND_ATTRS, ops.UPDATE_ATTRS, ops.DELETE_ATTRS),
        *(ops.DELETE_ENTITY, ops.MERGE_ENTITY, ops.REPLACE_ENTITY, ops.REPLACE_ATTRS),
        *("createBatch", "upsertBatch", "updateBatch", "mergeBatch", "deleteBatch"),
    }
)
"""The provision operations a registration can offer (forwarded writes)."""
PROXIED = ("exclusive", "redirect")


@dataclass(frozen=True, slots=True)
class Part:
    """What one source is sent: the attribute names (stored names; empty: the entity as a whole)."""

    reg: Registration
    names: frozenset[str]
    refused: bool = False
    """The registration claims these attributes but does not offer the operation: they are not written."""


@dataclass(slots=True)
class Plan:
    """The parts of one entity's write, and what is left for the local store."""

    parts: list[Part] = field(default_factory=list)
    local: frozenset[str] = frozenset()
    """Attribute names the local write keeps."""
    run_local: bool = True

    @property
    def forwards(self) -> list[Part]:
        """The parts actually sent."""
        return [p for p in self.parts if not p.refused]

    @property
    def refusals(self) -> list[Part]:
        """The parts claimed by a source that does not offer the operation."""
        return [p for p in self.parts if p.refused]

    @property
    def distributed(self) -> bool:
        """Whether any source is involved (else the write is exactly the local one)."""
        return bool(self.parts)


def writes_anywhere(regs: Iterable[Registration]) -> bool:
    """Whether any of ``regs`` can take part in a write (proxied modes, or inclusive offering a write)."""
    return any(
        r.mode in PROXIED or (r.mode == "inclusive" and not r.operations.isdisjoint(WRITE_OPERATIONS))
        for r in regs
    )


def covered(infos: Iterable[RegInfo], names: frozenset[str]) -> tuple[frozenset[str], bool]:
    """The names the RegistrationInfos cover, and whether they cover every attribute (no names listed)."""
    out: set[str] = set()
    for info in infos:
        if info.attrs is None:
            return names, True
        out |= info.attrs & names
    return frozenset(out), False


def plan(
    matches: Iterable[Match], supports: Iterable[str], names: Iterable[str], *, delete_entity: bool = False
) -> Plan:
    """The plan of a write of ``names`` (stored attribute names) to one entity.

    ``supports``: the operation names that count as offering this write (``createEntity``; for a batch,
    the batch operation and its one-entity counterpart). ``delete_entity``: the whole entity is deleted.
    """
    wanted = tuple(supports)
    requested = frozenset(names)
    by_mode: dict[str, list[Match]] = {}
    offers: set[str] = set()
    for m in matches:
        by_mode.setdefault(m.reg.mode, []).append(m)
        if any(m.reg.supports(op) for op in wanted):
            offers.add(m.reg.id)
    if delete_entity:
        parts = [
            Part(m.reg, frozenset(), refused=m.reg.id not in offers)
            for mode in ("exclusive", "redirect", "inclusive")
            for m in by_mode.get(mode, ())
            if m.reg.id in offers or mode in PROXIED
        ]
        return Plan(parts, requested, True)
    out = Plan(local=requested)
    left = set(requested)
    whole_taken = False
    for m in by_mode.get("exclusive", ()):
        got, _ = covered(m.infos, frozenset(left))
        if got:
            out.parts.append(Part(m.reg, got, refused=m.reg.id not in offers))
            left -= got
    redirected: set[str] = set()
    for m in by_mode.get("redirect", ()):
        got, whole = covered(m.infos, frozenset(left))
        if got or (whole and not requested):
            out.parts.append(Part(m.reg, got, refused=m.reg.id not in offers))
            redirected |= got
            whole_taken = whole_taken or (whole and not requested)
    left -= redirected
    for m in by_mode.get("inclusive", ()):
        if m.reg.id not in offers:
            continue
        got, _ = covered(m.infos, frozenset(left))
        if got or not requested:
            out.parts.append(Part(m.reg, got))
    out.local = frozenset(left)
    out.run_local = not whole_taken and (not requested or bool(left))
    return out
