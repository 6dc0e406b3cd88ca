"""Policy for routes that act through a platform service (IoT, the analytics desk, processes).

Those services hold the platform's view of the store (they run for everyone); the routes in front of them ask
a :class:`RouteGuard` what the request's subject may do: whether a twin is visible (404 when not, as in the
NGSI-LD API), whether the subject may change it (403), and which members of a service's JSON answer it sees
in clear. The decisions are those of :class:`~citytwin.core.policy_view.PolicyView` (the same cached views the
governed store uses). Outside a governed request (the platform's own work) there is no guard, and an
unrestricted subject (an administrator, the demo identity with authentication off) costs one cached lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from shapely.geometry.base import BaseGeometry
from starlette.requests import Request

from citytwin.core.entities import Entity
from citytwin.core.policy_view import Decision, PolicyView
from citytwin.errors import CitytwinError, ResourceNotFound
from citytwin.governance.enforce_context import PermissionDenied, RequestContext, current
from citytwin.governance.enforce_policy import PolicyRegistry
from citytwin.ngsild.request import tenant_name

Geometry = Callable[[], BaseGeometry | None] | None
FieldMap = Mapping[str, str]
"""JSON member of a service's answer → the stored attribute of the twin it comes from."""


@dataclass(slots=True)
class RouteGuard:
    """One governed request's subject, deciding on one tenant's twins."""

    ctx: RequestContext
    policies: PolicyRegistry
    tenant: str
    _views: dict[str, PolicyView] = field(default_factory=dict)

    def view(self, action: str) -> PolicyView:
        """The subject's view of the tenant for ``action``."""
        found = self._views.get(action)
        if found is None:
            found = self._views[action] = self.policies.view(self.ctx.subject, action, self.tenant)
        return found

    def unrestricted(self, action: str = "read") -> bool:
        """Whether ``action`` is allowed on everything of the tenant, in clear."""
        return self.view(action).unrestricted

    def decide(
        self, types: tuple[str, ...], admin_code: str | None, geometry: Geometry = None, action: str = "read"
    ) -> Decision | None:
        """The decision on a twin from its facts (None: invisible for ``action``)."""
        return self.view(action).decide_facts(types, admin_code, geometry)

    def require(
        self,
        action: str,
        types: tuple[str, ...],
        admin_code: str | None,
        what: str,
        geometry: Geometry = None,
    ) -> None:
        """404 unless the subject can read the twin, 403 unless it may ``action`` it."""
        read = self.view("read")
        if not read.unrestricted and read.decide_facts(types, admin_code, geometry) is None:
            raise ResourceNotFound(f"{what} was not found")
        self.require_new(action, types, admin_code, what, geometry)

    def require_new(
        self,
        action: str,
        types: tuple[str, ...],
        admin_code: str | None,
        what: str,
        geometry: Geometry = None,
    ) -> None:
        """403 unless the subject may ``action`` a twin with these facts (one it is creating)."""
        view = self.view(action)
        if not view.unrestricted and view.decide_facts(types, admin_code, geometry) is None:
            raise PermissionDenied(f"{self.ctx.actor} may not {action} {what} in tenant {self.tenant!r}")

    def require_entity(self, action: str, entity: Entity, what: str) -> None:
        """:meth:`require` on a stored twin (its types, admin code and geometry)."""
        self.require(action, entity.types, entity.admin_code, what, entity.location)

    def require_some(self, action: str, what: str) -> None:
        """403 unless some rule lets the subject ``action`` in the tenant."""
        if self.view(action).nothing:
            raise PermissionDenied(f"{self.ctx.actor} may not {what} in tenant {self.tenant!r}")


def request_guard(request: Request) -> RouteGuard | None:
    """The guard of a governed request (None: no governance in this app, or the platform's own work)."""
    gov = getattr(request.app.state, "governance", None)
    ctx = current()
    if gov is None or ctx is None or not ctx.governed:
        return None
    policies: PolicyRegistry = gov.policies
    return RouteGuard(ctx, policies, tenant_name(request))


def shown(doc: dict[str, Any], decision: Decision, fields: FieldMap) -> dict[str, Any]:
    """``doc`` as the decision shows it: members of hidden attributes dropped, masked ones masked."""
    if decision.everything:
        return doc
    out = dict(doc)
    for member, attr in fields.items():
        if member not in out:
            continue
        if not decision.visible(attr):
            del out[member]
        elif out[member] is not None and decision.mask_kind(attr) is not None:
            out[member] = decision.mask_raw(attr, out[member])
    return out


def entity_set_shown(entity_set: dict[str, Any], view: PolicyView) -> tuple[dict[str, Any], list[str]]:
    """An indicator's entity-set definition as a subject may see it, and the members withheld.

    ``types`` keeps the types of which the subject may read some entity (the others are withheld, not
    named); ``q`` is shown only when every attribute it tests is visible and unmasked on everything the
    subject reads (otherwise its text could show a value the subject sees masked, or name what it may not
    see) and is None otherwise. The area members (admin code, levels, grid prefix, polygon) describe where the
    indicator applies, as its twin's area does, and stay.
    """
    from citytwin.core.qlang import parse_q
    from citytwin.core.query import EntityQuery
    from citytwin.governance.enforce import filter_names

    if view.unrestricted:
        return entity_set, []
    out = dict(entity_set)
    withheld: list[str] = []
    types = list(out.get("types") or [])
    readable = [t for t in types if isinstance(t, str) and view.reads_type(t)]
    if len(readable) != len(types):
        out["types"] = readable
        withheld.append("types")
    text = out.get("q")
    if text is not None:
        try:
            names = filter_names(EntityQuery(q=parse_q(str(text))))
        except CitytwinError:
            names = None
        if names is None or not all(view.always_clear(n) for n in names):
            out["q"] = None
            withheld.append("q")
    return out, withheld
