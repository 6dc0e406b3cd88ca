"""Read-modify-write of one stored entity that loses no concurrent write.

Removing attributes (a merge's NGSI-LD Null, DELETE of an attribute or of the scope, a batch merge, a purge
with ``pick``/``omit``) is a replace of the entity as read, less what goes: the store has no operation that
removes instances in place. Between the read and the replace another request may write the same entity;
an unguarded replace would put back the state as read and lose that write.

:func:`rewrite` makes the replace conditional on the entity's ``modified`` time being the one it was read
with (``TenantStore.replace(..., if_modified=...)``, checked inside the write transaction). When another write
came in between, the entity is read again and the change applied to the new state, after a short random
pause (writers that collided on a hot entity then spread out instead of colliding again, round after
round, one winner each); after :data:`ATTEMPTS` tries the WriteConflict goes to the caller (503: send the
request again).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from citytwin.core.entities import Entity
from citytwin.errors import WriteConflict
from citytwin.storage.base import TenantStore

ATTEMPTS = 16
"""Tries before a WriteConflict reaches the caller: each retry follows a write that changed this entity."""
PAUSE_S = 0.002
"""The longest pause before the first retry; it doubles with each retry (random below it, up to 0.25 s)."""


def rewrite(
    store: TenantStore, entity: Entity, change: Callable[[Entity], Entity], *, history: bool = False
) -> Entity:
    """Replace ``entity`` by ``change(entity)``, unless it changed since it was read: then read it again and
    apply ``change`` to that. Returns the state the change was applied to (what deletion records describe).
    ResourceNotFound when the entity was deleted meanwhile. ``history``: the replacement's instances go to
    history (a PUT; a removal writes no new values)."""
    current = entity
    for attempt in range(ATTEMPTS):
        try:
            store.replace(change(current), history=history, if_modified=current.modified_at)
            return current
        except WriteConflict:
            if attempt == ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0, min(PAUSE_S * 2**attempt, 0.25)))
            current = store.get(entity.id)
    raise AssertionError("unreachable")
