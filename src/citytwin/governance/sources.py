"""One datum, one source (一数一源): decide, per incoming value, whether it enters the twin or waits aside.

For each entity and attribute instance of an import, :meth:`SourceArbiter.apply` looks up the datum's rule in
the :class:`~citytwin.governance.registry.SourceRegistry`:

* the value is **written** when the import's source is the authority, when no authority is declared, or when
  the twin holds no authoritative value yet (none at all, or one from another non-authoritative source);
* otherwise it is kept as a **candidate** with its provenance, and a **conflict** is recorded when it
  disagrees with the authoritative value beyond the standard's tolerance.

When the authority writes over a value another source put there first, that value becomes a candidate (and
maybe a conflict) in turn, so nothing a source said is lost. A value a steward chose over the authority's
(see :mod:`citytwin.governance.conflicts`) stays while the authority keeps sending the value it overrode.

The arbiter does not write entities: the caller writes ``outcome.entities`` (complete entities: existing ones
merged with what this import may change, so plain upserts are safe) and then calls :meth:`commit`, which
stores the candidates and conflicts. A failed import therefore leaves neither behind.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from citytwin.core.entities import Attribute, AttrType, Entity
from citytwin.core.gcpause import gc_paused
from citytwin.core.timeutil import Clock, format_instant, utc_now
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.governance.candidates import Candidate, save_candidates
from citytwin.governance.catalog import category_info
from citytwin.governance.compare import Difference, Tolerance, compare, geometry_distances_m
from citytwin.governance.conflicts import Conflict, Conflicts, conflict_id
from citytwin.governance.lineage import (
    PROVENANCE,
    check_batch_id,
    entity_provenance,
    provenance_of,
    provenance_sub,
)
from citytwin.governance.registry import (
    SourceInfo,
    SourceRegistry,
    SourceRule,
    Standard,
    extend_tenant_registry,
)
from citytwin.storage.base import TenantStore

__all__ = [
    "ArbiterOutcome",
    "Candidate",
    "Conflict",
    "SourceArbiter",
    "SourceInfo",
    "SourceRegistry",
    "SourceRule",
    "Standard",
    "Violation",
    "extend_tenant_registry",
]

CHUNK = 2000
"""Entities read per ``get_many`` call."""
RELATIONS_KIND = "governance"
RELATIONS_ID = "relationship-names"
_REL_KINDS = (AttrType.RELATIONSHIP, AttrType.LIST_RELATIONSHIP)


@dataclass(frozen=True, slots=True)
class Violation:
    """A value that does not meet its datum's standard (reported; the value is handled as usual)."""

    entity_id: str
    attribute: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        """JSON form."""
        return {"entityId": self.entity_id, "attribute": self.attribute, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class _Judgement:
    """A candidate waiting to be compared with the authoritative value it stands beside."""

    cid: str
    candidate: Candidate
    authoritative: Attribute
    rule: SourceRule
    provenance: dict[str, Any]


@dataclass(slots=True)
class ArbiterOutcome:
    """What an import may write, what it keeps as candidates, and the conflicts found."""

    source: str
    batch_id: str
    category: str
    dataset: str | None = None
    entities: list[Entity] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    written: int = 0
    """Attribute instances this import writes."""
    agreeing: list[str] = field(default_factory=list)
    """Conflict ids of candidates that agree with the authoritative value (open ones get closed)."""
    relationships: set[str] = field(default_factory=set)
    pending: dict[str, Conflict] = field(default_factory=dict, repr=False)
    """Conflicts by id while applying: a later value of the same datum in one import replaces an earlier."""
    geometry_queue: list[_Judgement] = field(default_factory=list, repr=False)
    """Geometry candidates of the current chunk, measured together."""

    def counts(self) -> dict[str, int]:
        """Counts for the import report."""
        return {
            "entities": len(self.entities),
            "written": self.written,
            "candidates": len(self.candidates),
            "conflicts": len(self.conflicts),
            "violations": len(self.violations),
        }


class SourceArbiter:
    """Applies the tenant's source registry to incoming entities (see the module docstring)."""

    def __init__(
        self, tenant: TenantStore, *, clock: Clock = utc_now, registry: SourceRegistry | None = None
    ) -> None:
        self.tenant = tenant
        self.clock = clock
        self.registry = registry if registry is not None else SourceRegistry.for_tenant(tenant)
        self._names: set[str] = set()
        """Attribute names already validated by ``Entity.set``."""
        self._rules: dict[tuple[tuple[str, ...], str], SourceRule | None] = {}
        """Rules looked up during one ``apply`` (the registry may change between calls)."""

    def _rule(self, key: tuple[tuple[str, ...], str]) -> SourceRule | None:
        return self.registry.rule_for(*key)

    def apply(
        self,
        entities: Sequence[Entity],
        *,
        source: str,
        batch_id: str,
        category: str,
        dataset: str | None = None,
        current: Mapping[str, Entity] | None = None,
    ) -> ArbiterOutcome:
        """Decide what each value of ``entities`` does; stamps provenance on them (in place) where missing.

        ``current``: what the store holds for their ids, when the caller has read it already (an importer
        reads it for its undo log); the arbiter reads it itself otherwise.
        """
        if not isinstance(source, str) or not source.strip():
            raise BadRequestData("an import needs a source name")
        check_batch_id(batch_id)
        category_info(category)
        outcome = ArbiterOutcome(source=source, batch_id=batch_id, category=category, dataset=dataset)
        self._rules.clear()
        at_text = format_instant(self.clock())
        out: dict[str, Entity] = {}
        with gc_paused():
            for start in range(0, len(entities), CHUNK):
                chunk = entities[start : start + CHUNK]
                held_now = (
                    current
                    if current is not None
                    else self.tenant.get_many([e.id for e in chunk if e.id not in out])
                )
                for entity in chunk:
                    held = out.get(entity.id) or held_now.get(entity.id)
                    out[entity.id] = self._entity(entity, held, at_text, outcome)
                self._measure_geometries(outcome)
        outcome.entities = list(out.values())
        outcome.conflicts = list(outcome.pending.values())
        outcome.agreeing = [cid for cid in dict.fromkeys(outcome.agreeing) if cid not in outcome.pending]
        return outcome

    def commit(self, outcome: ArbiterOutcome) -> dict[str, int]:
        """Store the outcome's candidates and conflicts, after the caller wrote ``outcome.entities``."""
        saved = save_candidates(self.tenant, outcome.candidates)
        written = {e.id: e for e in outcome.entities}
        counts = Conflicts(self.tenant, clock=self.clock).reconcile(
            outcome.conflicts, outcome.agreeing, written, batch_id=outcome.batch_id
        )
        if outcome.relationships:
            self._remember_relationships(outcome.relationships)
        return {"candidateDocuments": saved, **{f"conflicts{k.title()}": v for k, v in counts.items()}}

    # -- one entity ---------------------------------------------------------------------------------------

    def _entity(
        self, entity: Entity, current: Entity | None, at_text: str, outcome: ArbiterOutcome
    ) -> Entity:
        source, batch_id = outcome.source, outcome.batch_id
        sub = provenance_sub(source, batch_id, at_text)
        patch = Entity(id=entity.id, types=entity.types, scope=entity.scope)
        for name, instances in entity.attrs.items():
            if name == PROVENANCE:
                continue
            for inst in instances:
                if PROVENANCE not in inst.sub:
                    inst.sub[PROVENANCE] = sub
                if inst.type in _REL_KINDS:
                    outcome.relationships.add(name)
                if self._decide(entity, name, inst, current, outcome):
                    if len(instances) == 1 and name in self._names:
                        patch.attrs[name] = [inst]  # what set() does for a name's only instance
                    else:
                        patch.set(name, inst)
                        self._names.add(name)
                    outcome.written += 1
        previous = provenance_of(current.attr(PROVENANCE)) if current is not None else None
        patch.attrs[PROVENANCE] = [entity_provenance(source, batch_id, at_text, previous)]
        if current is None:
            return patch
        merged = current.merged(patch)
        merged.types = tuple(dict.fromkeys((*current.types, *entity.types)))
        return merged

    def _decide(
        self, entity: Entity, name: str, inst: Attribute, current: Entity | None, outcome: ArbiterOutcome
    ) -> bool:
        """True when ``inst`` is written; otherwise it was recorded as a candidate."""
        key = (tuple(entity.types), name)
        rule = self._rules[key] if key in self._rules else self._rules.setdefault(key, self._rule(key))
        if rule is None:
            return True
        self._check(entity.id, name, inst, rule.standard, outcome)
        held = current.attr(name, inst.dataset_id) if current is not None else None
        held_prov = provenance_of(held)
        held_source = held_prov.get("source") if held_prov else None
        if outcome.source == rule.authority:
            if held is None or held_prov is None or held_source == rule.authority:
                return True
            overridden = held_prov.get("overrides")
            if (
                "resolvedBy" in held_prov
                and overridden is not None
                and compare(inst.type, inst.value, overridden, rule.standard.tolerance).agree
            ):
                # A steward chose the held value over exactly this authoritative one: keep the choice.
                self._candidate(entity, name, inst, rule, held, outcome, conflict=False)
                return False
            # The authority displaces another source's value, which becomes a candidate in turn.
            displaced = Attribute(
                held.type,
                held.value,
                held.observed_at,
                held.unit_code,
                held.dataset_id,
                sub=dict(held.sub),
                extra=dict(held.extra),
            )
            self._candidate(entity, name, displaced, rule, inst, outcome, source=str(held_source))
            return True
        if held is None or held_source != rule.authority:
            return True  # no authoritative value yet
        self._candidate(entity, name, inst, rule, held, outcome)
        return False

    def _candidate(  # noqa: PLR0917 (private helper; the keyword-only tail keeps calls readable)
        self,
        entity: Entity,
        name: str,
        inst: Attribute,
        rule: SourceRule,
        authoritative: Attribute,
        outcome: ArbiterOutcome,
        *,
        source: str | None = None,
        conflict: bool = True,
    ) -> None:
        prov = provenance_of(inst) or {}
        source = source or outcome.source
        cid = conflict_id(entity.id, name, inst.dataset_id, source)
        cand = Candidate(
            entity_id=entity.id,
            entity_type=entity.type,
            attribute=name,
            instance=inst,
            source=source,
            batch_id=prov.get("importBatch"),
            imported_at=prov.get("importedAt"),
            category=rule.category,
            authority=rule.authority,
        )
        outcome.candidates.append(cand)
        if not conflict:
            return
        judgement = _Judgement(cid, cand, authoritative, rule, prov)
        if inst.type is AttrType.GEOPROPERTY:
            outcome.geometry_queue.append(judgement)  # measured together at the end of the chunk
        else:
            diff = compare(inst.type, inst.value, authoritative.value, rule.standard.tolerance)
            self._judge(judgement, diff, outcome)

    def _measure_geometries(self, outcome: ArbiterOutcome) -> None:
        queue, outcome.geometry_queue = outcome.geometry_queue, []
        distances = geometry_distances_m(
            [j.candidate.instance.value for j in queue], [j.authoritative.value for j in queue]
        )
        for judgement, distance in zip(queue, distances, strict=True):
            if distance is None:
                same = judgement.candidate.instance.value == judgement.authoritative.value
                diff = Difference(same, "value")
            else:
                tolerance = judgement.rule.standard.tolerance.metres
                diff = Difference(distance <= tolerance + 1e-6, "metres", distance)
            self._judge(judgement, diff, outcome)

    def _judge(self, judgement: _Judgement, diff: Difference, outcome: ArbiterOutcome) -> None:
        cid, cand, rule = judgement.cid, judgement.candidate, judgement.rule
        if diff.agree:
            outcome.agreeing.append(cid)
            outcome.pending.pop(cid, None)
            return
        cand.conflict_id = cid
        now = format_instant(self.clock())
        inst = cand.instance
        outcome.pending[cid] = Conflict(
            id=cid,
            entity_id=cand.entity_id,
            entity_type=cand.entity_type,
            attribute=cand.attribute,
            dataset_id=inst.dataset_id,
            attribute_type=inst.type.value,
            category=rule.category,
            source=cand.source,
            authority=rule.authority,
            dataset=outcome.dataset if cand.source == outcome.source else None,
            candidate_value=inst.value,
            authoritative_value=judgement.authoritative.value,
            candidate_instance=inst.to_dict(),
            candidate_provenance=judgement.provenance or None,
            authoritative_provenance=provenance_of(judgement.authoritative),
            measure=diff.measure,
            difference=diff.amount,
            tolerance=rule.standard.tolerance.to_dict(),
            batch_id=outcome.batch_id,
            detected_at=now,
            last_seen_at=now,
        )

    def _check(
        self, entity_id: str, name: str, inst: Attribute, standard: Standard, outcome: ArbiterOutcome
    ) -> None:
        for reason in standard.check(inst):
            outcome.violations.append(Violation(entity_id, name, reason))
        if standard.unit is not None and inst.unit_code is None and inst.type is AttrType.PROPERTY:
            inst.unit_code = standard.unit  # one standard: a number without a unit is in the standard's unit

    def _remember_relationships(self, names: set[str]) -> None:
        try:
            doc = self.tenant.get_document(RELATIONS_KIND, RELATIONS_ID)
        except ResourceNotFound:
            doc = {"names": []}
        known = set(doc.get("names", []))
        if not names <= known:
            self.tenant.put_document(RELATIONS_KIND, RELATIONS_ID, {"names": sorted(known | names)})


def known_relationships(tenant: TenantStore) -> list[str]:
    """Relationship attribute names imports have written in this tenant."""
    try:
        doc: dict[str, Any] = tenant.get_document(RELATIONS_KIND, RELATIONS_ID)
    except ResourceNotFound:
        return []
    return list(doc.get("names", []))


__all__ += ["Tolerance", "known_relationships"]
