"""Data governance over HTTP: the dataset catalog, sources, conflicts, import batches, lineage and the graph.

Paths sit outside the NGSI-LD base (they are not NGSI-LD resources) and answer JSON; errors are NGSI-LD
problem details like everywhere else. The tenant is the request's ``NGSILD-Tenant``, as for the twin itself.

* ``GET /catalog/categories``, ``GET /catalog/summary``, ``GET /catalog/sources``
* ``GET /catalog/datasets`` (``category``, ``grade``, ``owner``, ``source``, ``limit``, ``offset``),
  ``GET|PUT|DELETE /catalog/datasets/{datasetId}``
* ``GET /catalog/conflicts`` (``dataset``, ``type``, ``attribute``, ``status``, ``entity``, paging),
  ``GET /catalog/conflicts/{conflictId}``, ``POST /catalog/conflicts/{conflictId}/resolve``
  (body ``{"keep": "authoritative"|"candidate", "by": "...", "note": "..."}``)
* ``GET /catalog/batches`` (``dataset``), ``GET /catalog/batches/{batchId}``
* ``GET /lineage/{entityId}``; ``GET /graph/{entityId}`` (``depth``, ``direction``, ``limit``, ``rels``)
"""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citytwin.core.graph import DIRECTIONS, MAX_DEPTH, Direction
from citytwin.errors import BadRequestData, InvalidRequest, ResourceNotFound
from citytwin.governance import enforce_writes
from citytwin.governance.catalog import Catalog, DatasetRecord, declarations
from citytwin.governance.conflict_access import conflicts_seen
from citytwin.governance.conflicts import Conflict, Conflicts
from citytwin.governance.enforce import GovernedTenantStore
from citytwin.governance.enforce_context import PermissionDenied
from citytwin.governance.graph import relationship_graph
from citytwin.governance.lineage import Lineage
from citytwin.governance.registry import SourceRegistry
from citytwin.ngsild.request import (
    int_param,
    paging,
    read_json,
    remember_tenant,
    run,
    services,
    split_list,
    tenant_name,
    tenant_store,
)
from citytwin.storage.base import TenantStore

_ENCODE = msgspec.json.Encoder().encode
MAX_GRAPH_NODES = 5000
DEFAULT_GRAPH_NODES = 500


def _json(content: Any, status: int = 200) -> Response:
    return Response(_ENCODE(content), status_code=status, media_type="application/json")


def _page(request: Request, items: list[Any]) -> Response:
    limit, offset = paging(request, services(request).settings.max_page_size)
    body = [i.to_dict() for i in items[offset : offset + limit]]
    return Response(
        _ENCODE(body),
        media_type="application/json",
        headers={"NGSILD-Results-Count": str(len(items))},
    )


# -- catalog ----------------------------------------------------------------------------------------------


async def categories(request: Request) -> Response:
    """GET /catalog/categories: the ten categories with sub-categories, grades, classifications."""
    return _json(declarations().to_dict())


async def summary(request: Request) -> Response:
    """GET /catalog/summary: datasets, records and registration rate per category."""
    store = await tenant_store(request)
    return _json(await run(Catalog(store).summary))


async def list_datasets(request: Request) -> Response:
    """GET /catalog/datasets: records filtered by category, grade, owner and source (paged)."""
    params = request.query_params
    grade = params.get("grade")
    if grade is not None and not grade.isdigit():
        raise InvalidRequest(f"grade must be an integer 1..4, got {grade!r}")
    store = await tenant_store(request)
    records = await run(
        Catalog(store).list,
        category=params.get("category"),
        grade=None if grade is None else int(grade),
        owner=params.get("owner"),
        source=params.get("source"),
    )
    return _page(request, records)


async def get_dataset(request: Request) -> Response:
    """GET /catalog/datasets/{datasetId}."""
    store = await tenant_store(request)
    record = await run(Catalog(store).get, request.path_params["datasetId"])
    return _json(record.to_dict())


async def put_dataset(request: Request) -> Response:
    """PUT /catalog/datasets/{datasetId}: register or replace a record (201 when new, else 200)."""
    body = await read_json(request)
    dataset_id = request.path_params["datasetId"]
    if not isinstance(body, dict):
        raise BadRequestData("the body must be a dataset record object")
    if body.get("id", dataset_id) != dataset_id:
        raise BadRequestData(f"the body's id {body['id']!r} differs from the path's {dataset_id!r}")
    record = DatasetRecord.from_dict({**body, "id": dataset_id})
    store = await tenant_store(request, write=True)
    _require_administer(store, "register datasets")
    catalog = Catalog(store)
    existed = await run(catalog.exists, dataset_id)
    stored = await run(catalog.upsert, record)
    remember_tenant(request, tenant_name(request))
    return _json(stored.to_dict(), status=200 if existed else 201)


async def delete_dataset(request: Request) -> Response:
    """DELETE /catalog/datasets/{datasetId}."""
    store = await tenant_store(request)
    _require_administer(store, "delete datasets")
    await run(Catalog(store).delete, request.path_params["datasetId"])
    return Response(status_code=204)


def _require_administer(store: TenantStore, what: str) -> None:
    """403 unless the request's subject may administer in the tenant (catalog records are its metadata)."""
    if isinstance(store, GovernedTenantStore) and store.view("administer").nothing:
        raise PermissionDenied(f"{store.ctx.actor} may not {what} in tenant {store.tenant!r}")


def _seen(store: TenantStore, found: list[Conflict]) -> list[Conflict]:
    """The conflicts the request's subject may see: on entities it reads with the attribute in clear."""
    if not isinstance(store, GovernedTenantStore):
        return found
    return conflicts_seen(store.view("read"), store.inner, found)


async def sources(request: Request) -> Response:
    """GET /catalog/sources: the authoritative source and standard of each datum, and the known sources."""
    store = await tenant_store(request)
    registry = await run(SourceRegistry.for_tenant, store)
    return _json(registry.to_dict())


# -- conflicts --------------------------------------------------------------------------------------------


async def list_conflicts(request: Request) -> Response:
    """GET /catalog/conflicts: filtered by dataset, type, attribute, status and entity (paged)."""
    params = request.query_params
    store = await tenant_store(request)
    found = await run(
        Conflicts(store).list,
        dataset=params.get("dataset"),
        entity_type=params.get("type"),
        attribute=params.get("attribute"),
        status=params.get("status"),
        entity_id=params.get("entity"),
    )
    return _page(request, await run(_seen, store, found))


async def get_conflict(request: Request) -> Response:
    """GET /catalog/conflicts/{conflictId} (404 for one the subject may not see)."""
    store = await tenant_store(request)
    return _json((await run(_one, store, request.path_params["conflictId"])).to_dict())


def _one(store: TenantStore, conflict_id: str) -> Conflict:
    """One conflict the request's subject may see (the same 404 as a missing one otherwise)."""
    conflict = Conflicts(store).get(conflict_id)
    if not _seen(store, [conflict]):
        raise ResourceNotFound(f"conflict {conflict_id} was not found")
    return conflict


async def resolve_conflict(request: Request) -> Response:
    """POST /catalog/conflicts/{conflictId}/resolve: keep the authoritative value or the candidate."""
    body = await read_json(request)
    if not isinstance(body, dict):
        raise BadRequestData('the body must be an object {"keep": ..., "by": ...}')
    unknown = set(body) - {"keep", "by", "note"}
    if unknown:
        raise BadRequestData(f"unknown member(s) {', '.join(sorted(unknown))}; expected keep, by, note")
    store = await tenant_store(request)
    await run(_changeable, store, request.path_params["conflictId"])
    resolved = await run(
        Conflicts(store).resolve,
        request.path_params["conflictId"],
        keep=str(body.get("keep")),  # resolve() names the allowed values
        by=body.get("by") or "",
        note=body.get("note"),
    )
    return _json(resolved.to_dict())


def _changeable(store: TenantStore, conflict_id: str) -> None:
    """404 unless the subject sees the conflict, 403 unless it may change that attribute of that entity."""
    conflict = _one(store, conflict_id)
    if isinstance(store, GovernedTenantStore):
        try:
            entity = store.inner.get(conflict.entity_id)
        except ResourceNotFound:
            return  # resolving it fails as it does for everyone (the candidate has nowhere to go)
        enforce_writes.check_change(store, entity, [conflict.attribute])


# -- lineage and graph ------------------------------------------------------------------------------------


async def list_batches(request: Request) -> Response:
    """GET /catalog/batches: recorded import batches, oldest first (``dataset``, ``source``)."""
    params = request.query_params
    store = await tenant_store(request)
    found = await run(Lineage(store).batches, dataset_id=params.get("dataset"), source=params.get("source"))
    return _page(request, found)


async def get_batch(request: Request) -> Response:
    """GET /catalog/batches/{batchId}."""
    store = await tenant_store(request)
    return _json((await run(Lineage(store).batch, request.path_params["batchId"])).to_dict())


async def lineage(request: Request) -> Response:
    """GET /lineage/{entityId}: provenance per attribute, candidates, and the import batches behind it."""
    store = await tenant_store(request)
    report, _ = await run(Lineage(store).trace, request.path_params["entity_id"])
    return _json(report)


async def graph(request: Request) -> Response:
    """GET /graph/{entityId}: nodes and edges within ``depth`` hops (default 2)."""
    depth = int_param(request, "depth", 2)
    if depth > MAX_DEPTH:
        raise InvalidRequest(f"depth must be at most {MAX_DEPTH}, got {depth}")
    limit = int_param(request, "limit", DEFAULT_GRAPH_NODES)
    if not 1 <= limit <= MAX_GRAPH_NODES:
        raise InvalidRequest(f"limit must be 1..{MAX_GRAPH_NODES}, got {limit}")
    direction = request.query_params.get("direction", "both")
    if direction not in DIRECTIONS:
        raise InvalidRequest(f"direction must be one of {', '.join(DIRECTIONS)}, got {direction!r}")
    rels = split_list(request.query_params.get("rels"))
    store = await tenant_store(request)
    found = await run(
        relationship_graph,
        store,
        request.path_params["entity_id"],
        depth=depth,
        direction=_direction(direction),
        max_nodes=limit,
        relationships=rels,
    )
    return _json(found.to_dict())


def _direction(value: str) -> Direction:
    for d in DIRECTIONS:
        if d == value:
            return d
    raise InvalidRequest(f"unknown direction {value!r}")


def catalog_routes() -> list[Route]:
    """The governance routes (catalog, conflicts, batches, lineage, graph)."""
    return [
        Route("/catalog/categories", categories, methods=["GET"]),
        Route("/catalog/summary", summary, methods=["GET"]),
        Route("/catalog/sources", sources, methods=["GET"]),
        Route("/catalog/datasets", list_datasets, methods=["GET"]),
        Route("/catalog/datasets/{datasetId}", get_dataset, methods=["GET"]),
        Route("/catalog/datasets/{datasetId}", put_dataset, methods=["PUT"]),
        Route("/catalog/datasets/{datasetId}", delete_dataset, methods=["DELETE"]),
        Route("/catalog/conflicts", list_conflicts, methods=["GET"]),
        Route("/catalog/conflicts/{conflictId}", get_conflict, methods=["GET"]),
        Route("/catalog/conflicts/{conflictId}/resolve", resolve_conflict, methods=["POST"]),
        Route("/catalog/batches", list_batches, methods=["GET"]),
        Route("/catalog/batches/{batchId}", get_batch, methods=["GET"]),
        Route("/lineage/{entity_id:path}", lineage, methods=["GET"]),
        Route("/graph/{entity_id:path}", graph, methods=["GET"]),
    ]
