"""NGSI-LD subscriptions: ``/subscriptions`` (ETSI GS CIM 009 clause 5.8: create, update, retrieve, query,
delete), tenant-scoped, stored in the store and delivered by :mod:`citytwin.stream`.

Names in the answers are compacted with the request's @context, whatever context created the subscription.
Invalid subscriptions are 400 BadRequestData; an unknown id is 404; an existing id on create is 409.

Access control (the server's stream guard, :mod:`citytwin.governance.enforce_stream`): a subscription belongs
to the subject that created it and notifies only what that owner may see; creating or updating one needs the
``subscribe`` action on its types and attributes (403); someone else's subscription is 404 unless the caller
has ``administer`` on the tenant, and queries list only the caller's own.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.ngsild.paging_links import add_page_links, page_links
from citytwin.ngsild.request import (
    BASE,
    COUNT_HEADER,
    begin,
    bool_param,
    no_content,
    paging,
    parse_options,
)
from citytwin.stream.service import StreamService
from citytwin.stream.subscription import is_uri, render_subscription

PATH = f"{BASE}/subscriptions"
_OPTIONS = frozenset({"sysAttrs"})


def stream(request: Request) -> StreamService:
    """The app's stream services."""
    found: StreamService = request.app.state.stream
    return found


def version_preference(request: Request) -> str | None:
    """The ``ngsi-ld=<version>`` preference of the ``Prefer`` header (RFC 7240 spellings), normalised.

    A Subscription has no backwards-compatibility fallbacks (clause 4.3.6.8 covers Entity data only), so the
    preference is honoured by returning it unaltered; ``Preference-Applied`` says so.
    """
    for header in request.headers.getlist("prefer"):
        for preference in header.split(","):
            token, _, value = preference.split(";", 1)[0].partition("=")
            version = value.strip().strip('"')
            if token.strip().lower() == "ngsi-ld" and re.fullmatch(r"\d+(\.\d+)*", version):
                return f"ngsi-ld={version}"
    return None


def _applied(request: Request, response: Response) -> Response:
    preference = version_preference(request)
    if preference is not None:
        response.headers["Preference-Applied"] = preference
    return response


def _check_id(sub_id: str) -> str:
    if not is_uri(sub_id):
        raise BadRequestData(f"subscription id {sub_id!r} is not a URI")
    return sub_id


async def create_subscription(request: Request) -> Response:
    """POST /subscriptions: 201 with the new subscription's Location."""
    call = await begin(request, body=True, write=True)
    stored = await stream(request).create(call.tenant, call.body, call.ctx)
    call.wrote()
    return Response(status_code=201, headers={"Location": f"{PATH}/{stored.id}"})


async def query_subscriptions(request: Request) -> Response:
    """GET /subscriptions: the tenant's subscriptions by id, paged (``limit``, ``offset``, ``count``)."""
    call = await begin(request)
    limit, offset = paging(request, call.settings.max_page_size)
    opts = parse_options(request, allowed=_OPTIONS)
    service = stream(request)
    page, total = await service.query(call.tenant, limit, offset)
    now = service.timer.now()
    body = [render_subscription(s, st, call.ctx, now, sys_attrs=opts.sys_attrs) for s, st in page]
    headers = {COUNT_HEADER: str(total)} if bool_param(request, "count") else None
    links = page_links(request, limit=limit, offset=offset, page_len=len(body), total=total, media=call.media)
    return _applied(request, add_page_links(call.respond(body, headers=headers), links))


async def retrieve_subscription(request: Request) -> Response:
    """GET /subscriptions/{id}."""
    sub_id = _check_id(request.path_params["subscription_id"])
    call = await begin(request)
    opts = parse_options(request, allowed=_OPTIONS)
    service = stream(request)
    stored, status = await service.get(call.tenant, sub_id)
    rendered = render_subscription(stored, status, call.ctx, service.timer.now(), sys_attrs=opts.sys_attrs)
    return _applied(request, call.respond(rendered))


async def update_subscription(request: Request) -> Response:
    """PATCH /subscriptions/{id}: members of the fragment replace the subscription's; 204."""
    sub_id = _check_id(request.path_params["subscription_id"])
    call = await begin(request, body=True, write=True)
    await stream(request).update(call.tenant, sub_id, call.body, call.ctx)
    return no_content()


async def delete_subscription(request: Request) -> Response:
    """DELETE /subscriptions/{id}: 204."""
    sub_id = _check_id(request.path_params["subscription_id"])
    call = await begin(request, write=True)
    try:
        await stream(request).delete(call.tenant, sub_id)
    except ResourceNotFound:
        raise ResourceNotFound(f"subscription {sub_id} was not found") from None
    return no_content()


def subscription_routes() -> list[Route]:
    """Routes of /subscriptions."""
    one = PATH + "/{subscription_id:path}"
    return [
        Route(PATH, create_subscription, methods=["POST"]),
        Route(PATH, query_subscriptions, methods=["GET"]),
        Route(one, retrieve_subscription, methods=["GET"]),
        Route(one, update_subscription, methods=["PATCH"]),
        Route(one, delete_subscription, methods=["DELETE"]),
    ]
