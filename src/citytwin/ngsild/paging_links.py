"""Pagination links (GS CIM 009 clause 4.12, 5.5.9): ``Link`` headers naming the previous and next pages.

A paged answer carries ``<path?...&limit=L&offset=O>;rel="prev";type="..."`` when it does not start at the
first element and ``rel="next"`` when elements remain, the form the ETSI suite checks (TP 031_02). The
query keeps the request's other parameters so a client iterates with the same filters: in the request's
order, then limit and offset (TP 037_11 expects ``?type=Building&limit=2&offset=0``), or sorted by name where
the caller asks (the entity query paging TP 019_31 expects ``?count=...&idPattern=...&limit=...&offset=...
&type=...``).
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

_SAFE = ":/.*,;()[]!$'@~+=<>\"|{}^"
"""Characters left as they are in a link's parameter values (``&``, ``#``, ``%`` and spaces are escaped)."""


def page_links(
    request: Request,
    *,
    limit: int,
    offset: int,
    page_len: int,
    total: int | None,
    media: str,
    sort_params: bool = False,
) -> list[str]:
    """The prev/next link values of a page (``total`` None: a full page is taken to have a successor).

    ``sort_params``: the link's parameters sorted by name, not in the request's order.
    """
    if limit <= 0:
        return []
    remaining = offset + page_len < total if total is not None else page_len >= limit
    links = []
    if offset > 0:
        links.append(_link(request, limit, max(0, offset - limit), "prev", media, sort_params=sort_params))
    if remaining and page_len:
        links.append(_link(request, limit, offset + limit, "next", media, sort_params=sort_params))
    return links


def add_page_links(response: Response, links: list[str]) -> Response:
    """``response`` with one more ``Link`` header per link (the @context Link, if any, stays)."""
    for link in links:
        response.headers.append("Link", link)
    return response


def _link(request: Request, limit: int, offset: int, rel: str, media: str, *, sort_params: bool) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("limit", "offset")]
    params += [("limit", str(limit)), ("offset", str(offset))]
    if sort_params:
        params.sort(key=lambda kv: kv[0])
    query = "&".join(f"{k}={quote(v, safe=_SAFE)}" for k, v in params)
    return f'<{request.url.path}?{query}>;rel="{rel}";type="{media}"'
