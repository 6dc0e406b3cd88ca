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
from dataclasses import dataclass, field, replace
from typing import Any

from citytwin.core.entities import Attribute, AttrType, Entity, check_name, with_attrs
from citytwin.core.gcpause import gc_paused
from citytwin.core.timeutil import Clock, format_instant, utc_now
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.governance.candidates import Candidate, save_candidates
from citytwin.governance.catalog import category_info
from citytwin.governance.compare import (
    Difference,
    Tolerance,
    compare,
    geometries_within,
    geometry_distances_m,
)
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
    imported_at: str = ""
    """The import's time, as its provenance and its conflicts carry it."""

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
        """Attribute names already validated (as ``Entity.set`` does)."""
        self._rules: dict[tuple[str, ...], dict[str, SourceRule | None]] = {}
        """Rules by entity types, then attribute, looked up during one ``apply`` (the registry may change
        between calls)."""
        self._provenances: dict[Any, Attribute] = {}
        """Entity-level provenance of the current ``apply``, by the batches and sources it carries on."""
        self._stamp = Attribute(AttrType.PROPERTY, {})
        """The provenance sub-property of the current ``apply`` (put on instances that carry none)."""

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
        outcome = self._start(source, batch_id, category, dataset)
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
                    out[entity.id] = self._entity(entity, held, outcome)
                self._measure_geometries(outcome)
        return self._finish(outcome, out)

    def apply_new(
        self,
        entities: Sequence[Entity],
        *,
        source: str,
        batch_id: str,
        category: str,
        dataset: str | None = None,
    ) -> ArbiterOutcome:
        """:meth:`apply` for entities the twin does not hold (the caller looked their ids up), in bulk.

        With no value held there is nothing to arbitrate: every value is written, with its provenance, and
        checked against its standard; no store read, no candidate. An id repeated in ``entities`` is judged
        against its earlier occurrence, as :meth:`apply` does. The caller hands ``entities`` over: the
        entities returned share their instances (stamped in place, as :meth:`apply` does) and lists of them.
        """
        outcome = self._start(source, batch_id, category, dataset)
        out: dict[str, Entity] = {}
        with gc_paused():
            for start in range(0, len(entities), CHUNK):
                for entity in entities[start : start + CHUNK]:
                    held = out.get(entity.id)
                    out[entity.id] = (
                        self._new(entity, outcome) if held is None else self._entity(entity, held, outcome)
                    )
                self._measure_geometries(outcome)
        return self._finish(outcome, out)

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

    def _start(self, source: str, batch_id: str, category: str, dataset: str | None) -> ArbiterOutcome:
        if not isinstance(source, str) or not source.strip():
            raise BadRequestData("an import needs a source name")
        check_batch_id(batch_id)
        category_info(category)
        self._rules.clear()
        self._provenances.clear()
        at_text = format_instant(self.clock())
        self._stamp = provenance_sub(source, batch_id, at_text)
        return ArbiterOutcome(
            source=source,
            batch_id=batch_id,
            category=category,
            dataset=dataset,
            imported_at=at_text,
        )

    @staticmethod
    def _finish(outcome: ArbiterOutcome, out: dict[str, Entity]) -> ArbiterOutcome:
        outcome.entities = list(out.values())
        outcome.conflicts = list(outcome.pending.values())
        outcome.agreeing = [cid for cid in dict.fromkeys(outcome.agreeing) if cid not in outcome.pending]
        return outcome

    # -- one entity ---------------------------------------------------------------------------------------

    def _rules_of(self, types: tuple[str, ...]) -> dict[str, SourceRule | None]:
        """The rule of each attribute name of entities of ``types``, filled in as names come."""
        key = types if type(types) is tuple else tuple(types)
        found = self._rules.get(key)
        if found is None:
            found = self._rules[key] = {}
        return found

    def _rule(
        self, rules: dict[str, SourceRule | None], types: tuple[str, ...], name: str
    ) -> SourceRule | None:
        rule = rules[name] = self.registry.rule_for(types, name)
        return rule

    def _new(self, entity: Entity, outcome: ArbiterOutcome) -> Entity:
        """What :meth:`_entity` gives for an entity the twin does not hold: every value written."""
        rules = self._rules_of(entity.types)
        stamp, names = self._stamp, self._names
        patch: dict[str, list[Attribute]] = {}
        for name, instances in entity.attrs.items():
            if name == PROVENANCE:
                continue
            rule = rules[name] if name in rules else self._rule(rules, entity.types, name)
            for inst in instances:
                if PROVENANCE not in inst.sub:
                    inst.sub[PROVENANCE] = stamp
                if inst.type in _REL_KINDS:
                    outcome.relationships.add(name)
                if rule is not None:
                    self._check(entity.id, name, inst, rule.standard, outcome)
            if not instances:
                continue
            if name not in names:
                check_name(name)
                names.add(name)
            if len(instances) == 1:
                patch[name] = instances  # handed over (see apply_new): no list to make, nor to collect
            else:
                kept: list[Attribute] | None = None
                for inst in instances:
                    kept = _put(kept, inst)
                patch[name] = kept or []
            outcome.written += len(instances)
        patch[PROVENANCE] = [self._provenance(None, outcome)]
        return with_attrs(entity, patch, times=False)

    def _entity(self, entity: Entity, current: Entity | None, outcome: ArbiterOutcome) -> Entity:
        rules = self._rules_of(entity.types)
        stamp, names = self._stamp, self._names
        patch: dict[str, list[Attribute]] = {}
        for name, instances in entity.attrs.items():
            if name == PROVENANCE:
                continue
            rule = rules[name] if name in rules else self._rule(rules, entity.types, name)
            kept: list[Attribute] | None = None
            for inst in instances:
                if PROVENANCE not in inst.sub:
                    inst.sub[PROVENANCE] = stamp
                if inst.type in _REL_KINDS:
                    outcome.relationships.add(name)
                if rule is None or self._decide(entity, name, inst, rule, current, outcome):
                    if name not in names:
                        check_name(name)
                        names.add(name)
                    kept = _put(kept, inst)
                    outcome.written += 1
            if kept is not None:
                patch[name] = kept
        previous = provenance_of(current.attr(PROVENANCE)) if current is not None else None
        patch[PROVENANCE] = [self._provenance(previous, outcome)]
        if current is None:
            return with_attrs(entity, patch, times=False)
        # What Entity.merged(patch) gives, without building the patch entity (and validating it) first.
        attrs = {name: list(instances) for name, instances in current.attrs.items()}
        for name, instances in patch.items():
            held = attrs.get(name)
            if held is None:
                attrs[name] = instances
                continue
            for inst in instances:
                held = _put(held, inst)
            attrs[name] = held
        types = tuple(dict.fromkeys((*current.types, *entity.types)))
        return replace(current, types=types, attrs=attrs, scope=entity.scope or current.scope)

    def _provenance(self, previous: Mapping[str, Any] | None, outcome: ArbiterOutcome) -> Attribute:
        """The entity-level provenance, one shared instance per earlier history within an import.

        Like the attributes' provenance sub-property (``provenance_sub``), it is only ever read, and most
        entities of an import carry on the same history (none, or the same earlier batches).
        """
        if previous is None:
            key: Any = None
        else:
            key = (tuple(previous.get("batches", [])), tuple(previous.get("sources", [])))
        try:
            found = self._provenances.get(key)
        except TypeError:  # a history holding unhashable items: nothing to share
            return entity_provenance(outcome.source, outcome.batch_id, outcome.imported_at, previous)
        if found is None:
            found = self._provenances[key] = entity_provenance(
                outcome.source, outcome.batch_id, outcome.imported_at, previous
            )
        return found

    def _decide(  # noqa: PLR0917 (private helper on the hot path)
        self,
        entity: Entity,
        name: str,
        inst: Attribute,
        rule: SourceRule,
        current: Entity | None,
        outcome: ArbiterOutcome,
    ) -> bool:
        """True when ``inst`` is written; otherwise it was recorded as a candidate."""
        self._check(entity.id, name, inst, rule.standard, outcome)
        held = current.attr(name, inst.dataset_id) if current is not None else None
        if held is None:
            return True  # nothing held: nothing to arbitrate
        held_prov = provenance_of(held)
        held_source = held_prov.get("source") if held_prov else None
        if outcome.source == rule.authority:
            if held_prov is None or held_source == rule.authority:
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
        if held_source != rule.authority:
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
        sub = inst.sub.get(PROVENANCE)
        prov = sub.value if sub is self._stamp else (provenance_of(inst) or {})  # this import's, mostly
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
        if inst.type is AttrType.GEOPROPERTY:
            # Measured together at the end of the chunk.
            outcome.geometry_queue.append(_Judgement(cid, cand, authoritative, rule, prov))
            return
        diff = compare(inst.type, inst.value, authoritative.value, rule.standard.tolerance)
        if diff.agree:
            outcome.agreeing.append(cid)
            outcome.pending.pop(cid, None)
        else:
            self._judge(_Judgement(cid, cand, authoritative, rule, prov), diff, outcome)

    def _measure_geometries(self, outcome: ArbiterOutcome) -> None:
        queue, outcome.geometry_queue = outcome.geometry_queue, []
        values = [j.candidate.instance.value for j in queue]
        held = [j.authoritative.value for j in queue]
        # Footprints resent with small moves agree without measuring; only the others are measured.
        near = geometries_within(values, held, [j.rule.standard.tolerance.metres for j in queue])
        far = [i for i, ok in enumerate(near) if not ok]
        distances = dict(
            zip(far, geometry_distances_m([values[i] for i in far], [held[i] for i in far]), strict=True)
        )
        for i, judgement in enumerate(queue):
            if near[i]:
                self._judge(judgement, Difference(True, "metres"), outcome)  # an agreement keeps no amount
                continue
            distance = distances[i]
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
        now = outcome.imported_at  # found by this import
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


def _put(instances: list[Attribute] | None, inst: Attribute) -> list[Attribute]:
    """``instances`` with ``inst`` added or replacing the one of its datasetId (as ``Entity.set`` does)."""
    if instances is None:
        return [inst]
    out = [a for a in instances if a.dataset_id != inst.dataset_id]
    out.append(inst)
    return out


def known_relationships(tenant: TenantStore) -> list[str]:
    """Relationship attribute names imports have written in this tenant."""
    try:
        doc: dict[str, Any] = tenant.get_document(RELATIONS_KIND, RELATIONS_ID)
    except ResourceNotFound:
        return []
    return list(doc.get("names", []))


__all__ += ["Tolerance", "known_relationships"]
