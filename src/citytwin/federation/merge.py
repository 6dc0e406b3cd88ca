"""Merging what several sources say about the same entities, and paging over the union (pure functions).

Precedence follows the registration modes of ETSI GS CIM 009 V1.8.1 clause 4.3.6:

* **exclusive**: the attributes an exclusive registration names, of the entities it names, come from that
  source only; the broker's own data and other sources are ignored for them.
* **redirect**: entities a redirect registration covers come from redirect sources only.
* **inclusive** sources and the broker's own data are merged: types and scopes add up, and of two
  instances of one attribute (same ``datasetId``) the one observed (else modified) last wins.
* **auxiliary** sources only fill in: an entity no one else has, an attribute no one else gave.

Results are ordered by entity id, like the stores order them, so a page of the union is the same slice
whichever source answered first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from citytwin.core.entities import Attribute, Entity
from citytwin.federation.registration import Registration
from citytwin.federation.wire import LazyEntity
from citytwin.ngsild.representation import NameMap

LOCAL = "local"
_RANK = {"exclusive": 0, "redirect": 1, LOCAL: 2, "inclusive": 2, "auxiliary": 3}


@dataclass(slots=True)
class Answer:
    """What one source (or the broker itself: ``reg`` None) gave, and its count when asked.

    A source's entities may be left as JSON (``raw``: decoded, or :class:`LazyEntity` with only id and type
    decoded; names of ``names``) and parsed only when they land on the page being answered (``parse``): most
    of what sources send is read for ordering only. With ``render`` an entity only this source sent is
    rendered from its JSON for the answer (:mod:`.passthrough`), and parsed only when that declines.
    """

    reg: Registration | None
    entities: list[Entity] = field(default_factory=list)
    count: int | None = None
    raw: list[dict[str, Any] | LazyEntity] = field(default_factory=list)
    names: NameMap | None = None
    parse: Callable[[dict[str, Any] | LazyEntity], Entity | None] | None = None
    render: Callable[[dict[str, Any] | LazyEntity], dict[str, Any] | None] | None = None

    @property
    def mode(self) -> str:
        """The registration mode, or ``local``."""
        return LOCAL if self.reg is None else self.reg.mode

    @property
    def size(self) -> int:
        """How many entities it holds."""
        return len(self.entities) + len(self.raw)

    def types(self, item: Entity | dict[str, Any] | LazyEntity) -> tuple[str, ...]:
        """The stored type names of one of its entities, parsed or not."""
        if isinstance(item, Entity):
            return item.types
        raw = item.type if isinstance(item, LazyEntity) else item.get("type")
        names = self.names
        listed = raw if isinstance(raw, list) else [raw]
        return tuple(names.to_store(t) if names else t for t in listed if isinstance(t, str))

    def entity(self, item: Entity | dict[str, Any] | LazyEntity) -> Entity | None:
        """One of its entities, parsed (None when it cannot be)."""
        if isinstance(item, Entity):
            return item
        return self.parse(item) if self.parse is not None else None


def raw_id(item: dict[str, Any] | LazyEntity) -> str:
    """The id of an entity a source sent (checked to be a string when it was received)."""
    return item.id if isinstance(item, LazyEntity) else str(item["id"])


def _exclusive_attrs(regs: Iterable[Registration], entity_id: str, types: tuple[str, ...]) -> dict[str, str]:
    """Attribute name → id of the exclusive registration that owns it, for one entity."""
    owned: dict[str, str] = {}
    for reg in regs:
        if reg.mode != "exclusive":
            continue
        for info in reg.covers(entity_id, types):
            for name in info.attrs or ():
                owned.setdefault(name, reg.id)
    return owned


def _proxied(regs: Iterable[Registration]) -> bool:
    """Whether any registration is exclusive or redirect (only those change what an entity keeps)."""
    return any(r.mode in ("exclusive", "redirect") for r in regs)


def _redirected(regs: Iterable[Registration], entity_id: str, types: tuple[str, ...]) -> bool:
    return any(r.mode == "redirect" and r.covers(entity_id, types) for r in regs)


def _newer(a: Attribute, b: Attribute) -> bool:
    """Whether instance ``a`` is more recent than ``b`` (observedAt, then modifiedAt)."""
    for key in ("observed_at", "modified_at"):
        ta, tb = getattr(a, key), getattr(b, key)
        if ta is not None and tb is not None and ta != tb:
            return bool(ta > tb)
        if ta is not None and tb is None:
            return True
        if ta is None and tb is not None:
            return False
    return False


def merge_one(candidates: list[tuple[Answer, Entity]], regs: list[Registration]) -> Entity | None:
    """One entity from what each source gave for its id (None when precedence leaves nothing)."""
    entity_id = candidates[0][1].id
    if len(candidates) == 1 and candidates[0][0].mode != "auxiliary" and not _proxied(regs):
        return candidates[0][1]  # one additive source: nothing to merge
    types = tuple(dict.fromkeys(t for _, e in candidates for t in e.types))
    owned = _exclusive_attrs(regs, entity_id, types)
    redirected = _redirected(regs, entity_id, types)
    ranked = sorted(candidates, key=lambda c: _RANK.get(c[0].mode, 2))
    attrs: dict[tuple[str, str | None], Attribute] = {}
    order: list[tuple[str, str | None]] = []
    kept_types: list[str] = []
    scope: list[str] = []
    created: list[str] = []
    modified: list[str] = []
    for answer, entity in ranked:
        if redirected and answer.mode not in ("redirect", "exclusive"):
            continue
        aux = answer.mode == "auxiliary"
        contributed = False
        for name, instances in entity.attrs.items():
            owner = owned.get(name)
            if owner is not None and (answer.reg is None or answer.reg.id != owner):
                continue
            for inst in instances:
                key = (name, inst.dataset_id)
                current = attrs.get(key)
                if current is None:
                    attrs[key] = inst
                    order.append(key)
                    contributed = True
                elif not aux and _newer(inst, current):
                    attrs[key] = inst
                    contributed = True
        if aux and kept_types and not contributed:
            continue  # an auxiliary source only fills gaps
        kept_types.extend(entity.types)
        scope.extend(entity.scope)
        if entity.created_at:
            created.append(entity.created_at)
        if entity.modified_at:
            modified.append(entity.modified_at)
    if not kept_types:
        return None
    merged: dict[str, list[Attribute]] = {}
    for key in order:
        merged.setdefault(key[0], []).append(attrs[key])
    return Entity(
        entity_id,
        tuple(dict.fromkeys(kept_types)),
        merged,
        tuple(dict.fromkeys(scope)),
        min(created) if created else None,
        max(modified) if modified else None,
    )


@dataclass(slots=True)
class Page:
    """One page of the merged union, its count (when asked) and how many ids several sources shared.

    ``items`` are entities, or entities already rendered for the answer (JSON objects) where an answer's
    ``render`` took them.
    """

    items: list[Entity | dict[str, Any]]
    count: int | None
    shared: int

    @property
    def entities(self) -> list[Entity]:
        """The page's parsed entities (all of it when no answer renders)."""
        return [e for e in self.items if isinstance(e, Entity)]


def merge_page(
    answers: list[Answer], regs: list[Registration], *, limit: int, offset: int, count: bool
) -> Page:
    """The page ``[offset, offset + limit)`` of the union of the answers, ordered by entity id.

    Each answer is expected to hold its source's first ``offset + limit`` entities by id; only entities on
    the page are parsed and merged. The count is the sum of the sources' counts less the ids found at several
    sources (exact when sources hold disjoint entities or every entity was read).
    """
    by_id: dict[str, list[tuple[Answer, Entity | dict[str, Any] | LazyEntity]]] = {}
    for answer in answers:
        for entity in answer.entities:
            by_id.setdefault(entity.id, []).append((answer, entity))
        for item in answer.raw:
            by_id.setdefault(raw_id(item), []).append((answer, item))
    shared = sum(len(c) - 1 for c in by_id.values())
    kept: list[str] = []
    dropped = 0
    redirects = [r for r in regs if r.mode == "redirect"]
    for entity_id in sorted(by_id):
        candidates = by_id[entity_id]
        if not redirects:
            kept.append(entity_id)
            continue
        types = tuple(dict.fromkeys(t for a, item in candidates for t in a.types(item)))
        if _redirected(redirects, entity_id, types) and all(
            a.mode not in ("redirect", "exclusive") for a, _ in candidates
        ):
            dropped += 1  # only the broker or additive sources have it, and a redirect source owns it
            continue
        kept.append(entity_id)
    merged: list[Entity | dict[str, Any]] = []
    passes = not _proxied(regs)  # else even one source's entity may lose attributes to precedence
    for entity_id in kept[offset : offset + limit]:
        candidates = by_id[entity_id]
        if passes and len(candidates) == 1:
            answer, only = candidates[0]
            if answer.render is not None and not isinstance(only, Entity):
                rendered = answer.render(only)
                if rendered is not None:
                    merged.append(rendered)
                    continue
        parsed = [(a, e) for a, item in candidates if (e := a.entity(item)) is not None]
        one = merge_one(parsed, regs) if parsed else None
        if one is not None:
            merged.append(one)
    total = None
    if count:
        counts = [a.count if a.count is not None else a.size for a in answers]
        total = max(sum(counts) - shared - dropped, len(kept))
    return Page(merged, total, shared)


def merge_entities(answers: list[Answer], regs: list[Registration]) -> Entity | None:
    """One entity (retrieve by id) from every answer that has it."""
    candidates = [(a, e) for a in answers for e in a.entities]
    return merge_one(candidates, regs) if candidates else None


# -- temporal representations (JSON, already in the client's @context) ------------------------------------

_TEMPORAL_SKIP = frozenset({"id", "type", "scope", "@context", "createdAt", "modifiedAt"})


def merge_temporal(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The temporal representations of one entity from several sources, merged.

    Instances are concatenated, duplicates (same ``instanceId``, or same time and value) dropped, and ordered
    by time; ``values`` lists of the simplified representation likewise. Aggregated buckets cannot be
    combined across sources: the first source's buckets of an attribute are kept.
    """
    out: dict[str, Any] = {"id": items[0]["id"]}
    types: list[Any] = []
    for item in items:
        raw = item.get("type", [])
        types.extend(raw if isinstance(raw, list) else [raw])
    types = list(dict.fromkeys(types))
    out["type"] = types[0] if len(types) == 1 else types
    for item in items:
        for key, value in item.items():
            if key in _TEMPORAL_SKIP:
                if key not in out and key not in ("id", "type"):
                    out[key] = value
                continue
            if key not in out:
                out[key] = value
            else:
                out[key] = _merge_attr(out[key], value)
    return out


def _merge_attr(a: Any, b: Any) -> Any:
    if isinstance(a, list) and isinstance(b, list):
        return _merge_instances(a, b)
    if isinstance(a, dict) and isinstance(b, dict) and isinstance(a.get("values"), list):
        values = [*a["values"], *(b.get("values") or [])]
        unique = list({msgspec_key(v): v for v in values}.values())
        unique.sort(key=lambda v: str(v[1]) if isinstance(v, list) and len(v) > 1 else "")
        return {**a, "values": unique}
    return a


def _merge_instances(a: list[Any], b: list[Any]) -> list[Any]:
    seen: dict[str, Any] = {}
    for inst in [*a, *b]:
        if isinstance(inst, dict) and inst.get("instanceId"):
            key = str(inst["instanceId"])
        else:
            key = msgspec_key(inst)
        seen.setdefault(key, inst)
    out = list(seen.values())
    out.sort(key=lambda i: str(i.get("observedAt", "")) if isinstance(i, dict) else "")
    return out


def msgspec_key(value: Any) -> str:
    """A canonical text of a JSON value (for de-duplication)."""
    import json

    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def page_temporal(
    lists: list[list[dict[str, Any]]], *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """The page of the union of temporal answers by entity id, and how many ids were shared."""
    by_id: dict[str, list[dict[str, Any]]] = {}
    for items in lists:
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                by_id.setdefault(item["id"], []).append(item)
    shared = sum(len(v) - 1 for v in by_id.values())
    ordered = [merge_temporal(by_id[i]) for i in sorted(by_id)]
    return ordered[offset : offset + limit], shared


# -- discovery --------------------------------------------------------------------------------------------


def merge_type_lists(bodies: list[Any], *, details: bool) -> Any:
    """GET /types answers merged: the union of ``typeList``, or of EntityType objects by ``typeName``."""
    if not details:
        first = next((b for b in bodies if isinstance(b, dict)), {})
        names: list[str] = []
        for body in bodies:
            if isinstance(body, dict):
                names.extend(n for n in body.get("typeList", []) if isinstance(n, str))
        return {**first, "typeList": sorted(set(names))}
    by_name: dict[str, dict[str, Any]] = {}
    for body in bodies:
        for item in body if isinstance(body, list) else []:
            if not isinstance(item, dict) or not isinstance(item.get("typeName"), str):
                continue
            name = item["typeName"]
            found = by_name.get(name)
            if found is None:
                by_name[name] = {**item, "attributeNames": sorted(set(item.get("attributeNames", [])))}
            else:
                found["attributeNames"] = sorted({*found["attributeNames"], *item.get("attributeNames", [])})
    return [by_name[n] for n in sorted(by_name)]
