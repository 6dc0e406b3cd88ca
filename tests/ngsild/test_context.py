"""@context handling: shipped core contexts, resolution, expansion and compaction, storage names, requests."""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount
from starlette.testclient import TestClient

from citytwin.core.entities import ADMIN_CODE, LEVEL, LOCATION
from citytwin.errors import BadRequestData, CitytwinError, LdContextNotAvailable, ResourceNotFound
from citytwin.ngsild.context import (
    CORE_CONTEXT_URL,
    DEFAULT_VOCAB,
    ContextKind,
    ContextResolver,
    LdContext,
    builtin_context,
    context_link,
    context_reference,
    parse_link_header,
)
from citytwin.ngsild.context_store import ContextStore, core_context, core_version, platform_context
from citytwin.ngsild.routes_contexts import context_routes

T = TypeVar("T")
ETSI = "https://uri.etsi.org/ngsi-ld/"
CORE_URLS = [
    f"{scheme}://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context{suffix}.jsonld"
    for scheme in ("https", "http")
    for suffix in ("", "-v1.6", "-v1.7", "-v1.8")
]
SHIPPED = {
    "1.6": "b43a8fbdf3e2bf1f889d75cfe4f31239fe72e02dab20967f08ff1c7c69b6eb75",
    "1.7": "895e6327be27513c57bd7f7c0216bc970c5cee051d1b3decb6a54e1e614fa267",
    "1.8": "4ac48e7d00cb0378546570ab0dbc46b3717da78ca4cb0fac98b0e32665046cca",
}
LINK_REL = 'rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'


def run(make: Callable[[], Awaitable[T]], resolver: ContextResolver | None = None) -> T:
    """Run a coroutine on a fresh loop, closing the resolver's HTTP client on that loop."""

    async def main() -> T:
        try:
            return await make()
        finally:
            if resolver is not None:
                await resolver.aclose()

    return asyncio.run(main())


class FakeWeb:
    """An httpx transport serving JSON documents by URL and counting requests."""

    def __init__(self, docs: dict[str, Any] | None = None) -> None:
        self.docs = dict(docs or {})
        self.calls: list[str] = []
        self.status: dict[str, int] = {}
        self.raw: dict[str, bytes] = {}

    def transport(self) -> httpx.MockTransport:
        def handle(request: httpx.Request) -> httpx.Response:
            url = str(request.url)
            self.calls.append(url)
            if url in self.raw:
                return httpx.Response(200, content=self.raw[url])
            if url not in self.docs:
                return httpx.Response(self.status.get(url, 404), text="not here")
            return httpx.Response(200, json=self.docs[url])

        return httpx.MockTransport(handle)


def no_network() -> httpx.MockTransport:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"unexpected network request to {request.url}")

    return httpx.MockTransport(refuse)


def resolver_for(web: FakeWeb, **options: Any) -> ContextResolver:
    return ContextResolver(transport=web.transport(), **options)


# -- the shipped contexts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("version", sorted(SHIPPED))
def test_shipped_core_contexts_are_the_etsi_files(version: str) -> None:
    raw = files("citytwin.data").joinpath("jsonld", f"ngsi-ld-core-context-v{version}.jsonld").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SHIPPED[version]
    context = core_context(version)
    assert context["@vocab"] == DEFAULT_VOCAB
    assert context["location"] == "ngsi-ld:location"


@pytest.mark.parametrize("url", CORE_URLS)
def test_every_well_known_core_url_maps_to_a_shipped_file(url: str) -> None:
    version = core_version(url)
    assert version is not None
    assert version == (url.rsplit("-v", 1)[1].removesuffix(".jsonld") if "-v1." in url else "1.8")


def test_other_core_versions_map_to_the_nearest_shipped_one_and_others_are_not_core() -> None:
    assert core_version(f"{ETSI}v1/ngsi-ld-core-context-v1.3.jsonld") == "1.6"
    assert core_version(f"{ETSI}v1/ngsi-ld-core-context-v1.9.jsonld") == "1.8"
    assert core_version("https://example.org/ngsi-ld-core-context.jsonld") is None
    assert core_version(f"{ETSI}v1/ngsi-ld-core-context.jsonld?x=1") is None


def test_core_contexts_never_touch_the_network() -> None:
    resolver = ContextResolver(transport=no_network())

    async def resolve_all() -> list[LdContext]:
        refs: list[Any] = [
            None,
            *CORE_URLS,
            CORE_URLS,
            [CORE_URLS[1], {"speed": "https://example.org/speed"}],
        ]
        return [await resolver.resolve(ref) for ref in refs]

    contexts = run(resolve_all, resolver)
    assert all(c.expand("observedAt") == f"{ETSI}observedAt" for c in contexts)


def test_builtin_context_keeps_the_reserved_names_and_links_the_core_context() -> None:
    builtin = builtin_context()
    for name in (LOCATION, LEVEL, ADMIN_CODE, "gridCode", "Building", "temperature"):
        assert builtin.to_store(name) == name
        assert builtin.from_store(name) == name
    assert builtin.expand(LOCATION) == f"{ETSI}location"
    assert builtin.urls == (CORE_CONTEXT_URL,)
    assert builtin.link_header() == f"<{CORE_CONTEXT_URL}>; {LINK_REL}"


def test_platform_context_only_names_default_vocabulary_terms() -> None:
    # So that linking the core context alone in responses tells clients the whole truth.
    for term, iri in platform_context().items():
        if not term.startswith("@"):
            assert iri == DEFAULT_VOCAB + term


# -- expansion and compaction -----------------------------------------------------------------------------

USER = {
    "temperature": "https://smartdatamodels.org/temperature",
    "schema": "https://schema.org/",
    "name": "schema:name",
    "nm": "schema:name",
    "ex": {"@id": "https://example.org/ns/", "@prefix": True},
    "category": {"@id": "https://example.org/ns/category", "@type": "@vocab"},
    "owner": {"@id": "ex:owner", "@type": "@id"},
    "readings": {"@id": "ex:readings", "@container": "@list"},
}


def resolve(ref: Any, resolver: ContextResolver | None = None) -> LdContext:
    resolver = resolver or ContextResolver(transport=no_network())
    return run(lambda: resolver.resolve(ref), resolver)


def test_expand_core_terms_default_vocab_prefixes_and_iris() -> None:
    ctx = resolve(USER)
    assert ctx.expand("observedAt") == f"{ETSI}observedAt"
    assert ctx.expand("type") == "@type"
    assert ctx.expand("humidity") == DEFAULT_VOCAB + "humidity"
    assert ctx.expand("temperature") == "https://smartdatamodels.org/temperature"
    assert ctx.expand("schema:address") == "https://schema.org/address"
    assert ctx.expand("ex:thing") == "https://example.org/ns/thing"
    assert ctx.expand("urn:ngsi-ld:Building:1") == "urn:ngsi-ld:Building:1"
    assert ctx.expand("https://other.org/x") == "https://other.org/x"
    assert ctx.expand("ngsi-ld:location") == f"{ETSI}location"


def test_compact_prefers_the_shortest_term_then_vocab_then_compact_iri() -> None:
    ctx = resolve(USER)
    assert ctx.compact("https://schema.org/name") == "nm"
    assert ctx.compact("https://schema.org/address") == "schema:address"
    assert ctx.compact(DEFAULT_VOCAB + "humidity") == "humidity"
    assert ctx.compact(f"{ETSI}observedAt") == "observedAt"
    assert ctx.compact("@id") == "id"
    assert ctx.compact("https://nowhere.org/x") == "https://nowhere.org/x"
    assert ctx.compact(f"{ETSI}somethingNew") == "ngsi-ld:somethingNew"


def test_vocab_typed_and_id_typed_values() -> None:
    ctx = resolve(USER)
    assert ctx.expand_value("category", "stadium") == DEFAULT_VOCAB + "stadium"
    assert ctx.expand_value("category", "temperature") == "https://smartdatamodels.org/temperature"
    assert ctx.compact_value("category", "https://smartdatamodels.org/temperature") == "temperature"
    assert ctx.expand_value("owner", "ex:alice") == "https://example.org/ns/alice"
    assert ctx.compact_value("owner", "https://example.org/ns/alice") == "ex:alice"
    assert ctx.expand_value("vocab", "stadium") == DEFAULT_VOCAB + "stadium"  # VocabProperty's member
    assert ctx.expand_value("name", "Stadium") == "Stadium"
    readings = ctx.definition("readings")
    assert readings is not None and readings.container == ("@list",)


def test_user_vocab_and_storage_names() -> None:
    ctx = resolve({**USER, "@vocab": "https://vocab.example.org/"})
    builtin = builtin_context()
    assert ctx.to_store("temperature") == "https://smartdatamodels.org/temperature"
    assert ctx.from_store("https://smartdatamodels.org/temperature") == "temperature"
    assert builtin.from_store(ctx.to_store("temperature")) == "https://smartdatamodels.org/temperature"
    assert ctx.to_store("humidity") == "https://vocab.example.org/humidity"
    assert ctx.to_store(LOCATION) == LOCATION
    plain = resolve({"speed": DEFAULT_VOCAB + "speed"})
    assert plain.to_store("speed") == "speed"  # same IRI as a client without a context gets


def test_later_contexts_override_earlier_ones_and_null_removes_a_term() -> None:
    ctx = resolve(
        [{"a": "https://one.org/a", "b": "https://one.org/b"}, {"a": "https://two.org/a", "b": None}]
    )
    assert ctx.expand("a") == "https://two.org/a"
    assert ctx.expand("b") == DEFAULT_VOCAB + "b"


@pytest.mark.parametrize(
    "user",
    [
        {"location": "https://example.org/location"},
        {"observedAt": {"@id": "ngsi-ld:observedAt"}},  # drops the DateTime type
        {"type": "@id"},
        {"coordinates": "geojson:coordinates"},  # drops the @list container
    ],
)
def test_user_contexts_cannot_redefine_core_terms(user: dict[str, Any]) -> None:
    # NGSI-LD 4.4: the core context counts as the last one, so its definitions win (TP 404_01_02).
    core = resolve({})
    ctx = resolve([user, {"speed": "https://example.org/speed"}])
    for term in user:
        assert ctx.definition(term) == core.definition(term)
        assert ctx.to_store(term) == core.to_store(term)
    assert ctx.expand("speed") == "https://example.org/speed"


def test_redefining_a_core_term_does_not_change_core_names() -> None:
    ctx = resolve({"Property": "https://evil.example/Property", "speed": "https://example.org/speed"})
    assert ctx.expand("Property") == f"{ETSI}Property"
    assert ctx.compact(f"{ETSI}Property") == "Property"


def test_user_protected_terms_cannot_be_redefined() -> None:
    with pytest.raises(BadRequestData, match="protected"):
        resolve([{"@protected": True, "speed": "https://one.org/speed"}, {"speed": "https://two.org/speed"}])
    same = resolve(
        [{"@protected": True, "speed": "https://one.org/speed"}, {"speed": "https://one.org/speed"}]
    )
    assert same.expand("speed") == "https://one.org/speed"


def test_identical_redefinitions_of_core_terms_are_accepted() -> None:
    ctx = resolve(
        {
            "id": "@id",
            "type": "@type",
            "location": "ngsi-ld:location",
            "observedAt": {"@id": "https://uri.etsi.org/ngsi-ld/observedAt", "@type": "DateTime"},
        }
    )
    assert ctx.expand("location") == f"{ETSI}location"


@pytest.mark.parametrize(
    "bad",
    [[None], 42, [7], {"@version": 1.0}, {"a": 5}, {"a": {"@id": "x:y", "@container": "@bag"}}, {"@id": "x"}],
)
def test_invalid_contexts_are_bad_request_data(bad: Any) -> None:
    with pytest.raises(BadRequestData):
        resolve(bad)


def test_cyclic_term_definitions_are_rejected() -> None:
    with pytest.raises(BadRequestData, match="cyclic"):
        resolve({"a": "b:x", "b": "a:y"})


def test_v16_clients_get_the_v16_core_context() -> None:
    v16 = resolve([f"{ETSI}v1/ngsi-ld-core-context-v1.6.jsonld", {"speed": "https://example.org/speed"}])
    latest = resolve(f"{ETSI}v1/ngsi-ld-core-context.jsonld")
    assert v16.expand("json") == DEFAULT_VOCAB + "json"  # "json" became a core term in v1.8
    assert latest.expand("json") == f"{ETSI}hasJSON"


# -- remote contexts --------------------------------------------------------------------------------------

A = "https://contexts.example.org/a.jsonld"
B = "https://contexts.example.org/nested/b.jsonld"


def test_nested_remote_contexts_and_imports() -> None:
    web = FakeWeb(
        {
            A: {"@context": ["nested/b.jsonld", {"speed": "https://example.org/speed"}]},
            B: {"@context": {"speed": "https://b.org/speed", "mass": "https://b.org/mass"}},
            "https://contexts.example.org/imp.jsonld": {"@context": {"colour": "https://c.org/colour"}},
        }
    )
    resolver = resolver_for(web)
    ctx = run(lambda: resolver.resolve(A), resolver)
    assert ctx.expand("speed") == "https://example.org/speed"  # the later definition wins
    assert ctx.expand("mass") == "https://b.org/mass"
    assert web.calls == [A, B]
    imported = resolve(
        {"@import": "https://contexts.example.org/imp.jsonld", "x": "https://x.org/x"}, resolver
    )
    assert imported.expand("colour") == "https://c.org/colour" and imported.expand("x") == "https://x.org/x"


def test_remote_contexts_including_themselves_are_rejected() -> None:
    web = FakeWeb({A: {"@context": [B]}, B: {"@context": [A]}})
    with pytest.raises(BadRequestData, match="includes itself"):
        resolve(A, resolver_for(web))


def test_a_remote_context_cannot_redefine_core_terms() -> None:
    web = FakeWeb({A: {"@context": {"location": "https://example.org/where"}}})
    assert resolve(A, resolver_for(web)).expand("location") == f"{ETSI}location"


def test_contexts_are_cached_per_reference_and_hits_are_counted() -> None:
    web = FakeWeb({A: {"@context": {"speed": "https://example.org/speed"}}})
    resolver = resolver_for(web)

    async def three() -> list[LdContext]:
        return [
            await resolver.resolve(A),
            await resolver.resolve(A),
            await resolver.resolve([A, {"x": "y:z"}]),
        ]

    first, second, third = run(three, resolver)
    assert first is second and third is not first
    assert web.calls == [A]
    (entry,) = resolver.store.entries(ContextKind.CACHED)[-1:]
    assert entry.url == A and entry.hits == 2
    meta = entry.metadata()
    assert meta["numberOfHits"] == 2 and meta["kind"] == "Cached" and meta["URL"] == A
    assert {"createdAt", "lastUsage", "localId"} <= meta.keys()
    assert first.urls == (A,) and first.link_header() == f"<{A}>; {LINK_REL}"


def test_inline_contexts_are_linked_through_implicitly_created_ones() -> None:
    web = FakeWeb({A: {"@context": {}}})
    store = ContextStore(base_url="https://twin.example.org", max_implicit=1, transport=web.transport())
    resolver = ContextResolver(store)
    first, second = {"a": "https://x.org/a"}, [A, {"b": "https://x.org/b"}]

    async def three() -> tuple[LdContext, LdContext, LdContext]:
        return await resolver.resolve(first), await resolver.resolve(second), await resolver.resolve(first)

    one, two, again = run(three, resolver)
    assert one is again and one.link_url.startswith(
        "https://twin.example.org/ngsi-ld/v1/jsonldContexts/implicit-"
    )
    assert one.body_context() == one.link_url and two.urls == (two.link_url,)
    # Only one implicit context fits, but the one in use was served again when it was used again.
    assert store.find(one.link_url).document() == {"@context": first}
    with pytest.raises(ResourceNotFound):
        store.find(two.link_url)


def test_cached_documents_expire_after_their_ttl() -> None:
    now = [1000.0]
    web = FakeWeb({A: {"@context": {"speed": "https://example.org/speed"}}})
    resolver = resolver_for(web, ttl=60.0, clock=lambda: now[0])

    async def twice() -> None:
        await resolver.resolve(A)
        now[0] += 30
        await resolver.resolve(A)
        now[0] += 31
        await resolver.resolve(A)

    run(twice, resolver)
    assert web.calls == [A, A]


def test_concurrent_requests_share_one_download() -> None:
    web = FakeWeb({A: {"@context": {"speed": "https://example.org/speed"}}})

    async def slow(request: httpx.Request) -> httpx.Response:
        web.calls.append(str(request.url))
        await asyncio.sleep(0.05)
        return httpx.Response(200, json=web.docs[str(request.url)])

    resolver = ContextResolver(transport=httpx.MockTransport(slow))

    async def together() -> list[LdContext]:
        return list(await asyncio.gather(*(resolver.resolve(A) for _ in range(5))))

    contexts = run(together, resolver)
    assert len(web.calls) == 1 and all(c.expand("speed") == "https://example.org/speed" for c in contexts)


@pytest.mark.parametrize(("raw", "cause"), [(None, "HTTP 404"), (b"x" * 2000, "larger")])
def test_unavailable_contexts_are_503_naming_the_url_and_cause(raw: bytes | None, cause: str) -> None:
    web = FakeWeb()
    if raw is not None:
        web.raw[A] = raw
    with pytest.raises(LdContextNotAvailable, match=cause) as caught:
        resolve(A, resolver_for(web, max_bytes=1000))
    assert A in caught.value.detail and caught.value.status == 503


@pytest.mark.parametrize(("raw", "cause"), [(b"<html>", "not JSON"), (b'{"speed": 1}', "no @context")])
def test_retrieved_but_invalid_contexts_are_bad_request_data(raw: bytes, cause: str) -> None:
    """5.5.6: a remote context that is retrieved but invalid is BadRequestData (400), not unavailable."""
    web = FakeWeb()
    web.raw[A] = raw
    with pytest.raises(BadRequestData, match=cause) as caught:
        resolve(A, resolver_for(web, max_bytes=1000))
    assert A in caught.value.detail and caught.value.status == 400


def test_failures_are_remembered_briefly() -> None:
    now = [0.0]
    web = FakeWeb()
    resolver = resolver_for(web, failure_ttl=10.0, clock=lambda: now[0])

    async def attempts() -> list[str]:
        details = []
        for step in (0.0, 5.0, 6.0):
            now[0] += step
            try:
                await resolver.resolve(A)
            except LdContextNotAvailable as err:
                details.append(err.detail)
        return details

    details = run(attempts, resolver)
    assert len(details) == 3 and "remembered" in details[1]
    assert web.calls == [A, A]


def test_relative_and_non_http_references_are_bad_requests() -> None:
    for ref in ("context.jsonld", "file:///etc/passwd", "ftp://example.org/c.jsonld"):
        with pytest.raises(BadRequestData):
            resolve(ref)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/slow.jsonld":
            time.sleep(3.0)
        body = json.dumps({"@context": {"speed": "https://example.org/speed"}}).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_real_fetch_and_real_timeout(local_server: str) -> None:
    resolver = ContextResolver(timeout=0.2)

    async def both() -> tuple[LdContext, str]:
        ctx = await resolver.resolve(f"{local_server}/ctx.jsonld")
        started = time.perf_counter()
        with pytest.raises(LdContextNotAvailable) as caught:
            await resolver.resolve(f"{local_server}/slow.jsonld")
        # The server answers after 3 s: giving up well before shows the timeout ended the call.
        assert time.perf_counter() - started < 2.5
        return ctx, caught.value.detail

    ctx, detail = run(both, resolver)
    assert ctx.expand("speed") == "https://example.org/speed"
    assert "slow.jsonld" in detail and "0.2 s" in detail


def test_unreachable_host_is_503() -> None:
    with socket.socket() as sock:  # a port nobody listens on: bound, never listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        with pytest.raises(LdContextNotAvailable, match="cannot be reached"):
            resolve(f"http://127.0.0.1:{port}/ctx.jsonld", ContextResolver(timeout=1.0))


# -- request rules ----------------------------------------------------------------------------------------

LINK = f'<{A}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'


@pytest.mark.parametrize(
    ("content_type", "link", "body", "expected"),
    [
        (None, None, None, None),
        (None, LINK, None, A),
        ("application/json", LINK, {"id": "urn:x", "type": "T"}, A),
        ("application/json; charset=utf-8", None, {"id": "urn:x"}, None),
        ("application/merge-patch+json", LINK, {"speed": 1}, A),
        ("application/ld+json", None, {"id": "urn:x", "@context": B}, B),
        ("application/ld+json", None, [{"@context": [B]}, {"@context": [B]}], [B]),
        ("application/ld+json", None, [], None),
        ("application/ld+json", '<https://x.org/next>; rel="next"', {"@context": B}, B),
    ],
)
def test_context_reference_rules(
    content_type: str | None, link: str | None, body: Any, expected: Any
) -> None:
    assert context_reference(content_type, link, body) == expected


@pytest.mark.parametrize(
    ("content_type", "link", "body", "message"),
    [
        ("application/json", None, {"@context": B}, "must not carry an @context"),
        ("application/json", None, [{"id": "x"}, {"@context": B}], "must not carry an @context"),
        ("application/ld+json", LINK, {"@context": B}, "not in a Link header"),
        ("application/ld+json", None, {"id": "urn:x"}, "needs an @context"),
        ("application/ld+json", None, [{"@context": A}, {"@context": B}], "same @context"),
        (None, f"{LINK}, <{B}>; rel=http://www.w3.org/ns/json-ld#context", None, "more than one"),
        (None, "https://x.org/ctx", None, "malformed"),
    ],
)
def test_context_reference_rejections(
    content_type: str | None, link: str | None, body: Any, message: str
) -> None:
    with pytest.raises(BadRequestData, match=message):
        context_reference(content_type, link, body)


def test_link_header_parsing_is_robust() -> None:
    header = (
        '<https://x.org/a,b>; rel="next prev"; title="a, \\"quoted\\"; value", '
        f'<{A}> ;REL = "HTTP://www.w3.org/ns/json-ld#context";type=application/ld+json,'
        ' <https://x.org/c>; rel="alternate"; rel="ignored"'
    )
    links = parse_link_header(header)
    assert [target for target, _ in links] == ["https://x.org/a,b", A, "https://x.org/c"]
    assert links[0][1]["title"] == 'a, "quoted"; value'
    assert links[2][1]["rel"] == "alternate"
    assert context_link(header) == A
    assert context_link('<https://x.org/a>; rel="next"') is None


# -- storage names: a property ----------------------------------------------------------------------------

NAMES = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", min_size=1, max_size=12
).filter(lambda name: name != "p")  # "p" is the prefix the drawn contexts define


@st.composite
def user_contexts(draw: st.DrawFn) -> dict[str, Any]:
    terms = draw(st.lists(NAMES, max_size=8, unique=True))
    ctx: dict[str, Any] = {"p": "https://prefix.example.org/"}
    for i, term in enumerate(terms):
        iri = f"https://terms.example.org/{i}/{term}"
        ctx[term] = (
            iri if draw(st.booleans()) else {"@id": iri, "@type": draw(st.sampled_from(["@vocab", "@id"]))}
        )
    if draw(st.booleans()):
        ctx["@vocab"] = draw(
            st.sampled_from(["https://vocab.example.org/", "https://schema.org/", DEFAULT_VOCAB])
        )
    return ctx


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(user_contexts(), st.lists(NAMES | NAMES.map(lambda n: f"p:{n}"), min_size=1, max_size=6))
def test_storage_names_round_trip_under_any_user_context(ctx: dict[str, Any], names: list[str]) -> None:
    builtin = builtin_context()
    try:
        resolved = resolve(ctx)
    except BadRequestData:
        assume(False)  # a drawn term collided with a protected core term
    for name in [*names, *(t for t in ctx if not t.startswith("@"))]:
        stored = resolved.to_store(name)
        assert resolved.from_store(stored) == name
        assert builtin.expand(stored) == resolved.expand(name)


def test_ldcontext_is_immutable_and_hashable_by_identity() -> None:
    ctx = resolve(USER)
    with pytest.raises(AttributeError):
        ctx.vocab = None
    other = resolve(USER)
    assert ctx != other and len({ctx, other, ctx}) == 2


# -- /jsonldContexts --------------------------------------------------------------------------------------


async def _problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CitytwinError)
    return JSONResponse(exc.to_problem(), status_code=exc.status, media_type="application/problem+json")


@pytest.fixture
def api() -> Iterator[tuple[TestClient, ContextResolver, FakeWeb]]:
    web = FakeWeb({A: {"@context": {"speed": "https://example.org/speed"}}})
    resolver = ContextResolver(base_url="http://testserver", transport=web.transport())
    app = Starlette(
        routes=[Mount("/ngsi-ld/v1", routes=context_routes(resolver))],
        exception_handlers={CitytwinError: _problem},
    )
    with TestClient(app) as client:
        yield client, resolver, web
        call(client, resolver.aclose)


BASE = "/ngsi-ld/v1/jsonldContexts"


def call(client: TestClient, fn: Callable[..., Awaitable[T]], *args: Any) -> T:
    """Run a coroutine function on the test client's event loop (where the app's resolver lives)."""
    assert client.portal is not None
    return client.portal.call(fn, *args)


def test_post_get_and_delete_a_hosted_context(api: tuple[TestClient, ContextResolver, FakeWeb]) -> None:
    client, resolver, web = api
    body = {"@context": {"speed": "https://example.org/speed", "mass": "https://example.org/mass"}}
    created = client.post(BASE, json=body, headers={"Content-Type": "application/ld+json"})
    assert created.status_code == 201, created.text
    location = created.headers["location"]
    assert location.startswith(f"{BASE}/")
    assert client.get(location).json() == body
    local_id = location.rsplit("/", 1)[1]
    meta = client.get(location, params={"details": "true"}).json()
    assert (
        meta["kind"] == "Hosted"
        and meta["localId"] == local_id
        and meta["URL"] == f"http://testserver{location}"
    )
    # Requests naming the hosted context resolve from memory, not over HTTP.
    ctx = call(client, resolver.resolve, meta["URL"])
    assert ctx.expand("mass") == "https://example.org/mass" and web.calls == []
    assert call(client, resolver.resolve, location).expand("mass") == "https://example.org/mass"
    assert client.delete(location).status_code == 204
    assert client.get(location).status_code == 404
    with pytest.raises(LdContextNotAvailable, match="not hosted"):
        call(client, resolver.resolve, meta["URL"])
    assert client.delete(location).json()["type"].endswith("ResourceNotFound")


def test_list_contexts_with_details_and_kind(api: tuple[TestClient, ContextResolver, FakeWeb]) -> None:
    client, resolver, _ = api
    client.post(BASE, json={"@context": {"x": "https://x.org/x"}})
    call(client, resolver.resolve, A)
    call(client, resolver.resolve, {"inline": "https://x.org/inline"})
    urls = client.get(f"{BASE}/").json()
    assert (
        CORE_CONTEXT_URL in urls
        and A in urls
        and "http://testserver/ngsi-ld/v1/jsonldContexts/citytwin" in urls
    )
    details = client.get(BASE, params={"details": "true"}).json()
    assert {d["kind"] for d in details} == {"Hosted", "Cached", "ImplicitlyCreated"}
    cached = client.get(BASE, params={"details": "true", "kind": "cached"}).json()
    remote = next(d for d in cached if d["URL"] == A)
    assert remote["numberOfHits"] == 0 and "lastUsage" in remote
    implicit = client.get(BASE, params={"kind": "ImplicitlyCreated"}).json()
    assert len(implicit) == 1 and client.get(implicit[0]).json() == {
        "@context": {"inline": "https://x.org/inline"}
    }
    assert client.get(BASE, params={"kind": "Other"}).status_code == 400
    assert client.get(BASE, params={"details": "maybe"}).status_code == 400


def test_cached_contexts_give_metadata_and_reload(api: tuple[TestClient, ContextResolver, FakeWeb]) -> None:
    client, resolver, web = api
    call(client, resolver.resolve, A)
    item = f"{BASE}/{quote(A, safe='')}"
    assert client.get(item).status_code == 422
    assert client.get(item, params={"details": "true"}).json()["URL"] == A
    web.docs[A] = {"@context": {"speed": "https://example.org/velocity"}}
    assert client.delete(item, params={"reload": "true"}).status_code == 204
    assert web.calls == [A, A]
    ctx = call(client, resolver.resolve, A)
    assert ctx.expand("speed") == "https://example.org/velocity"
    del web.docs[A]
    failed = client.delete(item, params={"reload": "true"})
    assert failed.status_code == 503 and A in failed.json()["detail"]
    assert client.delete(item).status_code == 204
    assert client.get(item, params={"details": "true"}).status_code == 404


def test_shipped_contexts_cannot_be_deleted(api: tuple[TestClient, ContextResolver, FakeWeb]) -> None:
    client, _, _ = api
    core = client.get(f"{BASE}/{CORE_CONTEXT_URL}", params={"details": "true"})
    assert core.json()["kind"] == "Cached"
    assert client.delete(f"{BASE}/{CORE_CONTEXT_URL}").status_code == 400
    assert client.delete(f"{BASE}/citytwin").status_code == 400
    assert client.get(f"{BASE}/citytwin").json() == {"@context": platform_context()}
    hosted = client.post(BASE, json={"@context": {"x": "https://x.org/x"}}).headers["location"]
    assert client.delete(hosted, params={"reload": "true"}).status_code == 400


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"x": 1}', b'{"@context": {"a": "b:x", "b": "a:y"}}', b'{"@context": 5}'],
)
def test_invalid_posts_are_400(api: tuple[TestClient, ContextResolver, FakeWeb], body: bytes) -> None:
    client, _, _ = api
    response = client.post(BASE, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["type"].rsplit("/", 1)[1] in ("BadRequestData", "InvalidRequest")
