"""NGSI-LD operation names and operation groups (ETSI GS CIM 009 V1.8.1 clause 4.20), as data.

A registration's ``operations`` lists operation names and group names; :func:`expand` turns them into the
set of operation names the context source supports. Without ``operations`` a registration supports
``federationOps`` (clause 4.20), an auxiliary one ``retrieveOps`` (auxiliary sources are read-only).
"""

from __future__ import annotations

from collections.abc import Iterable

from citytwin.errors import BadRequestData

# Provision
CREATE_ENTITY = "createEntity"
UPDATE_ENTITY = "updateEntity"
APPEND_ATTRS = "appendAttrs"
UPDATE_ATTRS = "updateAttrs"
DELETE_ATTRS = "deleteAttrs"
DELETE_ENTITY = "deleteEntity"
MERGE_ENTITY = "mergeEntity"
REPLACE_ENTITY = "replaceEntity"
REPLACE_ATTRS = "replaceAttrs"
PURGE_ENTITY = "purgeEntity"
# Consumption
RETRIEVE_ENTITY = "retrieveEntity"
QUERY_ENTITY = "queryEntity"
QUERY_BATCH = "queryBatch"
RETRIEVE_TEMPORAL = "retrieveTemporal"
QUERY_TEMPORAL = "queryTemporal"
RETRIEVE_ENTITY_TYPES = "retrieveEntityTypes"
RETRIEVE_ENTITY_TYPE_DETAILS = "retrieveEntityTypeDetails"
RETRIEVE_ENTITY_TYPE_INFO = "retrieveEntityTypeInfo"
RETRIEVE_ATTR_TYPES = "retrieveAttrTypes"
RETRIEVE_ATTR_TYPE_DETAILS = "retrieveAttrTypeDetails"
RETRIEVE_ATTR_TYPE_INFO = "retrieveAttrTypeInfo"

OPERATIONS = frozenset(
    {
        *(CREATE_ENTITY, UPDATE_ENTITY, APPEND_ATTRS, UPDATE_ATTRS, DELETE_ATTRS, DELETE_ENTITY),
        *("createBatch", "upsertBatch", "updateBatch", "deleteBatch", "mergeBatch"),
        *("upsertTemporal", "appendAttrsTemporal", "deleteAttrsTemporal", "updateAttrInstanceTemporal"),
        *("deleteAttrInstanceTemporal", "deleteTemporal"),
        *(MERGE_ENTITY, REPLACE_ENTITY, REPLACE_ATTRS, PURGE_ENTITY),
        *(RETRIEVE_ENTITY, QUERY_ENTITY, QUERY_BATCH, RETRIEVE_TEMPORAL, QUERY_TEMPORAL),
        *(RETRIEVE_ENTITY_TYPES, RETRIEVE_ENTITY_TYPE_DETAILS, RETRIEVE_ENTITY_TYPE_INFO),
        *(RETRIEVE_ATTR_TYPES, RETRIEVE_ATTR_TYPE_DETAILS, RETRIEVE_ATTR_TYPE_INFO),
        *("createSubscription", "updateSubscription", "retrieveSubscription", "querySubscription"),
        "deleteSubscription",
    }
)
"""Every operation name a registration may list (Table 4.20-1)."""

_DISCOVERY = (
    RETRIEVE_ENTITY_TYPES,
    RETRIEVE_ENTITY_TYPE_DETAILS,
    RETRIEVE_ENTITY_TYPE_INFO,
    RETRIEVE_ATTR_TYPES,
    RETRIEVE_ATTR_TYPE_DETAILS,
    RETRIEVE_ATTR_TYPE_INFO,
)
GROUPS: dict[str, frozenset[str]] = {
    "federationOps": frozenset(
        {
            RETRIEVE_ENTITY,
            QUERY_ENTITY,
            QUERY_BATCH,
            *_DISCOVERY,
            *("createSubscription", "updateSubscription", "retrieveSubscription", "querySubscription"),
            "deleteSubscription",
        }
    ),
    "updateOps": frozenset({UPDATE_ENTITY, UPDATE_ATTRS, REPLACE_ENTITY, REPLACE_ATTRS}),
    "retrieveOps": frozenset({RETRIEVE_ENTITY, QUERY_ENTITY}),
    "redirectionOps": frozenset(
        {
            *(CREATE_ENTITY, UPDATE_ENTITY, APPEND_ATTRS, UPDATE_ATTRS, DELETE_ATTRS, DELETE_ENTITY),
            *(MERGE_ENTITY, REPLACE_ENTITY, REPLACE_ATTRS, PURGE_ENTITY, RETRIEVE_ENTITY, QUERY_ENTITY),
            *_DISCOVERY,
        }
    ),
}
"""Operation groups (Table 4.20-2)."""

AUXILIARY_ALLOWED = frozenset({"retrieveOps", RETRIEVE_ENTITY, QUERY_ENTITY})
"""What an auxiliary registration may offer: auxiliary sources are only read."""


def expand(names: Iterable[str]) -> frozenset[str]:
    """The operation names that ``names`` (operations and groups) stand for; 400 for an unknown name."""
    out: set[str] = set()
    for name in names:
        if name in GROUPS:
            out |= GROUPS[name]
        elif name in OPERATIONS:
            out.add(name)
        else:
            known = ", ".join(sorted(GROUPS))
            raise BadRequestData(
                f"operations: {name!r} is neither an NGSI-LD operation nor an operation group ({known})"
            )
    return frozenset(out)


def default_operations(mode: str) -> tuple[str, ...]:
    """The operations of a registration that lists none."""
    return ("retrieveOps",) if mode == "auxiliary" else ("federationOps",)
