"""Per-subject decisions on devices for the IoT routes: which Device twins a subject reads, and may register.

The registry and the command service keep the platform's view (they serve every subject); the routes ask
these helpers, through a :class:`~citytwin.governance.enforce_routes.RouteGuard`, which devices the request's
subject may see (its ``Device`` twin readable: the rest are left out of listings, 404 one by one) and whether
it may register or re-register a device (``write`` on the ``Device`` type in the device's area, 403).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from typing import Any

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from citytwin.core.codes import device_code
from citytwin.core.devices import DeviceType
from citytwin.core.entities import Entity
from citytwin.core.policy_view import Decision
from citytwin.errors import CitytwinError
from citytwin.governance.enforce_routes import FieldMap, RouteGuard
from citytwin.ingest.iot.registration import DEVICE_TYPE, plan_row
from citytwin.storage.base import Store

DEVICE_FIELDS: FieldMap = {
    "code": "deviceCode",
    "type": "deviceType",
    "twin": "controlledAsset",
    "twinType": "controlledAsset",
    "state": "deviceState",
    "lastSeen": "dateLastValueReported",
}
"""Members of the registry's view of a device → the Device twin's attribute they come from."""

CHUNK = 500


def device_twins(store: Store, tenant: str, codes: Sequence[str]) -> dict[str, Entity]:
    """The stored Device twins of ``codes`` (code → entity), read in chunks with the platform's view."""
    out: dict[str, Entity] = {}
    ts = store.tenant(tenant)
    for start in range(0, len(codes), CHUNK):
        ids = {device_code.URN_PREFIX + code: code for code in codes[start : start + CHUNK]}
        for entity_id, entity in ts.get_many(list(ids)).items():
            out[ids[entity_id]] = entity
    return out


def device_decision(guard: RouteGuard, twin: Entity | None) -> Decision | None:
    """The subject's read decision on a device (None: invisible; one without a stored twin: by its type)."""
    if twin is None:
        return guard.decide((DEVICE_TYPE,), None)
    return guard.decide(twin.types, twin.admin_code, lambda: twin.location)


def readable_devices(
    guard: RouteGuard, store: Store, tenant: str, codes: Sequence[str]
) -> dict[str, Decision]:
    """The codes among ``codes`` whose Device twin the subject reads, with the decision on each."""
    twins = device_twins(store, tenant, codes)
    out: dict[str, Decision] = {}
    for code in codes:
        decision = device_decision(guard, twins.get(code))
        if decision is not None:
            out[code] = decision
    return out


def require_device(guard: RouteGuard, store: Store, tenant: str, code: str) -> Decision | None:
    """The decision on one device; None when the subject cannot read it (the caller answers 404)."""
    return readable_devices(guard, store, tenant, [code]).get(code)


def _point(data: Mapping[str, Any]) -> BaseGeometry | None:
    try:
        x, y = float(data.get("lon") or ""), float(data.get("lat") or "")
    except (TypeError, ValueError):
        return None
    return Point(x, y)


def _location(twin: Entity) -> BaseGeometry | None:
    return twin.location


def check_registration(
    guard: RouteGuard,
    store: Store,
    tenant: str,
    rows: Iterable[Mapping[str, Any]],
    types: Mapping[str, DeviceType],
) -> None:
    """403 (nothing written) unless the subject may write every row's Device twin, as it is and as it will be.

    A row the registry would reject anyway (bad type, code or district) is left for the registry to report.
    """
    existing: list[str] = []
    for pos, row in enumerate(rows, start=1):
        try:
            plan = plan_row(pos, row, types)
        except CitytwinError:
            continue
        what = f"device {plan.code}" if plan.code else f"a device (row {pos})"
        area = plan.admin_code or plan.district
        guard.require_new("write", (DEVICE_TYPE,), area, what, partial(_point, row))
        if plan.code is not None:
            existing.append(plan.code)
    for code, twin in device_twins(store, tenant, existing).items():
        guard.require_new("write", twin.types, twin.admin_code, f"device {code}", partial(_location, twin))
