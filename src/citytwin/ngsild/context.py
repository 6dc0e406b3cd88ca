"""JSON-LD @context handling for the NGSI-LD API: resolve a request's context, expand and compact names.

A request's context reference (a ``Link`` header URL, or the body's ``@context`` member: a URL, an inline
object, or an array of both) is resolved by :class:`ContextResolver` into an immutable :class:`LdContext`,
built the JSON-LD 1.1 way on top of the NGSI-LD core context, whose terms cannot be redefined (NGSI-LD 4.4
processes the core context as if it came last, so a user context's definitions of core terms are ignored).
Contexts are cached per distinct reference, so requests with the same Link header share one object.

The stores keep every attribute and type name compacted against the *built-in* context (core context +
``citytwin-context.jsonld`` + the default vocabulary): :meth:`LdContext.to_store` maps a request's term to
that name and :meth:`LdContext.from_store` maps it back. So ``temperature`` sent without a context is stored
as ``temperature``, while a term a user context maps to ``https://smartdatamodels.org/temperature`` is stored
under that IRI and reads back as the user's term under the same context.
"""

from __future__ import annotations

import json
import math
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any
from urllib.parse import urljoin

import httpx
import msgspec

from citytwin.errors import BadRequestData
from citytwin.ngsild.context_store import (
    CORE_CONTEXT_URL,
    LATEST_CORE,
    ContextEntry,
    ContextKind,
    ContextStore,
    core_context,
    core_version,
    platform_context,
    utc_now,
)

__all__ = [
    "CORE_CONTEXT_URL",
    "DEFAULT_VOCAB",
    "JSONLD_CONTEXT_REL",
    "ContextEntry",
    "ContextKind",
    "ContextResolver",
    "ContextStore",
    "LdContext",
    "TermDef",
    "builtin_context",
    "context_link",
    "context_reference",
    "parse_link_header",
]

DEFAULT_VOCAB = "https://uri.etsi.org/ngsi-ld/default-context/"
JSONLD_CONTEXT_REL = "http://www.w3.org/ns/json-ld#context"
JSON_LD = "application/ld+json"

_KEYWORDS = frozenset(
    {
        *("@base", "@container", "@context", "@direction", "@graph", "@id", "@import", "@included", "@index"),
        *("@json", "@language", "@list", "@nest", "@none", "@prefix", "@propagate", "@protected", "@reverse"),
        *("@set", "@type", "@value", "@version", "@vocab"),
    }
)
# Context-level keywords; "@type" may carry @container @set in JSON-LD 1.1, which changes nothing here.
_CONTEXT_KEYS = frozenset(
    {"@base", "@direction", "@import", "@language", "@propagate", "@protected", "@type", "@version", "@vocab"}
)
_CONTAINERS = frozenset({"@list", "@set", "@index", "@language", "@id", "@type", "@graph"})
_VALUE_TYPES = frozenset({"@id", "@vocab", "@json", "@none"})
_GEN_DELIMS = (":", "/", "?", "#", "[", "]", "@")
_MAX_NESTING = 16
_MAX_DOCUMENTS = 64
_CACHE_LIMIT = 65536


@dataclass(frozen=True, slots=True)
class TermDef:
    """One term definition of an active context."""

    iri: str
    """Absolute IRI, or a keyword for aliases such as ``id`` → ``@id``."""
    type: str | None = None
    """Type mapping: ``@id``, ``@vocab``, ``@json`` or a datatype IRI."""
    container: tuple[str, ...] = ()
    reverse: bool = False
    prefix: bool = False
    protected: bool = False

    def same_as(self, other: TermDef) -> bool:
        """Whether two definitions mean the same (JSON-LD's test for redefining a protected term)."""
        return (self.iri, self.type, self.container, self.reverse) == (
            other.iri,
            other.type,
            other.container,
            other.reverse,
        )


def _absolute(base: str | None, ref: str) -> str:
    return urljoin(base, ref) if base else ref


class _Builder:
    """The JSON-LD 1.1 context processing algorithm, for the parts NGSI-LD uses (no scoped contexts)."""

    def __init__(self, terms: Mapping[str, TermDef], vocab: str | None, documents: Mapping[str, Any]) -> None:
        self.terms = dict(terms)
        self._core_terms = terms
        self.vocab = vocab
        self.documents = documents
        self._protected = False
        self._core = False

    def apply(
        self, local: Any, base: str | None = None, stack: tuple[str, ...] = (), core: bool = False
    ) -> None:
        """Process a local context (URL, object or array) on top of the active one."""
        for item in local if isinstance(local, list) else [local]:
            if isinstance(item, str):
                url = _absolute(base, item)
                if core_version(url) is not None:
                    continue  # the core context is always applied first; naming it again changes nothing
                if url in stack:
                    raise BadRequestData(f"@context {url} includes itself")
                if len(stack) >= _MAX_NESTING:
                    raise BadRequestData(f"@context {url} is nested more than {_MAX_NESTING} levels deep")
                self.apply(self.documents[url], url, (*stack, url))
            elif isinstance(item, dict):
                self._object(item, base, core)
            elif item is None:
                raise BadRequestData("a null @context would remove the protected NGSI-LD core context")
            else:
                raise BadRequestData(f"a @context entry must be a URL, an object or an array, got {item!r}")

    def _object(self, obj: dict[str, Any], base: str | None, core: bool) -> None:
        if "@import" in obj:
            ref = obj["@import"]
            imported = self.documents.get(_absolute(base, ref)) if isinstance(ref, str) else None
            if not isinstance(imported, dict) or "@import" in imported:
                raise BadRequestData(f"@import {ref!r} must name a context document holding a single object")
            obj = {**imported, **{k: v for k, v in obj.items() if k != "@import"}}
        version = obj.get("@version")
        if version is not None and version != 1.1:
            raise BadRequestData(f"@version must be 1.1, got {version!r}")
        if "@vocab" in obj:
            self.vocab = self._vocab(obj["@vocab"])
        protected = obj.get("@protected", False)
        if not isinstance(protected, bool):
            raise BadRequestData(f"@protected must be true or false, got {protected!r}")
        self._protected, self._core = protected or core, core
        defined: dict[str, bool] = {}
        for term in obj:
            if term not in _CONTEXT_KEYS:
                self._define(obj, term, defined)

    def _vocab(self, value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            raise BadRequestData(f"@vocab must be an IRI or null, got {value!r}")
        iri = self._iri(value, {}, {})
        if ":" not in iri:
            raise BadRequestData(f"@vocab {value!r} is not an absolute IRI")
        return iri

    def _define(self, local: dict[str, Any], term: str, defined: dict[str, bool]) -> None:
        state = defined.get(term)
        if state:
            return
        if state is False:
            raise BadRequestData(f"the @context defines {term!r} through itself (cyclic IRI mapping)")
        defined[term] = False
        if term in _KEYWORDS or not term:
            raise BadRequestData(f"the @context cannot redefine {term or 'the empty term'!r}")
        if term.startswith("@"):
            defined[term] = True  # JSON-LD ignores terms shaped like future keywords
            return
        previous = self.terms.get(term)
        new = self._definition(local, term, local[term], defined)
        if previous is not None and previous.protected and not self._core:
            if previous is self._core_terms.get(term):
                # NGSI-LD 4.4: the core @context is processed as if it were last, so a user context cannot
                # change what a core term means; its definition is ignored (TP 404_01_02).
                new = previous
            elif new is None or not new.same_as(previous):
                raise BadRequestData(
                    f"the @context redefines the protected term {term!r} (it means {previous.iri}; a term "
                    "defined under @protected may only be repeated unchanged)"
                )
            new = previous
        if new is None:
            self.terms.pop(term, None)
        else:
            self.terms[term] = new
        defined[term] = True

    def _definition(
        self, local: dict[str, Any], term: str, value: Any, defined: dict[str, bool]
    ) -> TermDef | None:
        if value is None:
            return None
        simple = isinstance(value, str)
        spec: dict[str, Any] = {"@id": value} if isinstance(value, str) else value
        if not isinstance(spec, dict):
            raise BadRequestData(f"the definition of {term!r} must be an IRI, an object or null")
        protected = spec.get("@protected", self._protected)
        if not isinstance(protected, bool):
            raise BadRequestData(f"@protected of {term!r} must be true or false")
        if "@reverse" in spec and "@id" in spec:
            raise BadRequestData(f"the definition of {term!r} has both @id and @reverse")
        if "@context" in spec:  # NGSI-LD 5.5.7: a user @context shall not contain scoped contexts
            raise BadRequestData(f"the definition of {term!r} carries a scoped @context")
        raw = spec.get("@reverse", spec.get("@id", term))
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise BadRequestData(f"the IRI of {term!r} must be a string, got {raw!r}")
        if raw == "@context":
            raise BadRequestData("@context cannot be aliased")
        # A definition naming itself ("attributeCount": "attributeCount" in the v1.8 core) is vocab-relative.
        iri = raw if raw in _KEYWORDS else self._iri(raw, local, defined, terms=raw != term)
        if iri not in _KEYWORDS and ":" not in iri:
            raise BadRequestData(f"{term!r} maps to {iri!r}, which is not an absolute IRI")
        kind = spec.get("@type")
        if kind is not None:
            if not isinstance(kind, str):
                raise BadRequestData(f"@type of {term!r} must be a string")
            if kind not in _VALUE_TYPES:
                kind = self._iri(kind, local, defined)
                if ":" not in kind:
                    raise BadRequestData(f"@type of {term!r} is not an absolute IRI")
        container = spec.get("@container", ())
        containers = (container,) if isinstance(container, str) else container
        if not isinstance(containers, list | tuple) or not all(c in _CONTAINERS for c in containers):
            raise BadRequestData(f"@container of {term!r} is not valid: {container!r}")
        if "@prefix" in spec:
            prefix = spec["@prefix"]
            if not isinstance(prefix, bool) or ":" in term or "/" in term:
                raise BadRequestData(f"@prefix of {term!r} must be a boolean on a term without ':' or '/'")
        else:
            prefix = simple and ":" not in term and "/" not in term and iri.endswith(_GEN_DELIMS)
        return TermDef(iri, kind, tuple(sorted(containers)), "@reverse" in spec, prefix, protected)

    def _iri(self, value: str, local: dict[str, Any], defined: dict[str, bool], *, terms: bool = True) -> str:
        """IRI expansion (vocab-relative) while processing, defining local terms it depends on first."""
        if value in _KEYWORDS:
            return value
        if terms:
            if value in local and defined.get(value) is not True:
                self._define(local, value, defined)
            found = self.terms.get(value)
            if found is not None:
                return found.iri
        prefix, colon, suffix = value.partition(":")
        if colon:
            if prefix == "_" or suffix.startswith("//"):
                return value
            if prefix in local and defined.get(prefix) is not True:
                self._define(local, prefix, defined)
            found = self.terms.get(prefix)
            return found.iri + suffix if found is not None and found.iri not in _KEYWORDS else value
        return value if self.vocab is None else self.vocab + value


@cache
def _core_state(version: str) -> tuple[Mapping[str, TermDef], str | None]:
    builder = _Builder({}, None, {})
    builder.apply(core_context(version), core=True)
    return builder.terms, builder.vocab


def _base_version(reference: Any) -> str:
    """The core version a reference names at its top level (clients may still send v1.6), else the latest."""
    for item in reference if isinstance(reference, list) else [reference]:
        if isinstance(item, str) and (version := core_version(item)) is not None:
            return version
    return LATEST_CORE


def _remember(cache: dict[str, str], key: str, value: str) -> None:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()  # names are client-chosen: bound the memory, a refill is cheap
    cache[key] = value


class LdContext:
    """A resolved, immutable @context: expansion, compaction and the storage-name mapping of one reference."""

    __slots__ = (
        "_builtin",
        "_compacted",
        "_expanded",
        "_from_store",
        "_inverse",
        "_link",
        "_prefixes",
        "_terms",
        "_to_store",
        "link_url",
        "reference",
        "urls",
        "vocab",
    )

    _builtin: LdContext
    _compacted: dict[str, str]
    _expanded: dict[str, str]
    _from_store: dict[str, str]
    _inverse: dict[str, str]
    _link: str
    _prefixes: tuple[tuple[str, str], ...]
    _terms: Mapping[str, TermDef]
    _to_store: dict[str, str]
    link_url: str
    """The single URL for a response ``Link`` header."""
    reference: Any
    """The reference as the client sent it (None for the built-in context)."""
    urls: tuple[str, ...]
    """The references for a response ``@context`` member."""
    vocab: str | None

    def __init__(
        self,
        terms: Mapping[str, TermDef],
        vocab: str | None,
        *,
        urls: tuple[str, ...],
        link_url: str,
        reference: Any = None,
        builtin: LdContext | None = None,
    ) -> None:
        inverse: dict[str, str] = {}
        for term, definition in terms.items():
            best = inverse.get(definition.iri)
            if not definition.reverse and (best is None or (len(term), term) < (len(best), best)):
                inverse[definition.iri] = term
        prefixes = tuple(
            sorted(
                (d.iri, t) for t, d in terms.items() if d.prefix and not d.reverse and d.iri not in _KEYWORDS
            )
        )
        link = f'<{link_url}>; rel="{JSONLD_CONTEXT_REL}"; type="{JSON_LD}"'
        values: dict[str, Any] = {
            "_builtin": self if builtin is None else builtin,
            "_compacted": {},
            "_expanded": {},
            "_from_store": {},
            "_inverse": inverse,
            "_link": link,
            "_prefixes": prefixes,
            "_terms": terms,
            "_to_store": {},
            "link_url": link_url,
            "reference": reference,
            "urls": urls,
            "vocab": vocab,
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"LdContext is immutable (cannot set {name})")

    def __repr__(self) -> str:
        return f"LdContext({self.link_url!r}, {len(self._terms)} terms)"

    # -- expansion and compaction -------------------------------------------------------------------------

    def expand(self, term: str) -> str:
        """The absolute IRI of a term, compact IRI or IRI (unknown terms go to the @vocab)."""
        iri = self._expanded.get(term)
        if iri is None:
            iri = self._expand(term)
            _remember(self._expanded, term, iri)
        return iri

    def _expand(self, term: str) -> str:
        found = self._terms.get(term)
        if found is not None:
            return found.iri
        if term.startswith("@"):
            return term
        prefix, colon, suffix = term.partition(":")
        if colon:
            if prefix == "_" or suffix.startswith("//"):
                return term
            found = self._terms.get(prefix)
            usable = found is not None and found.iri not in _KEYWORDS and not found.reverse
            return found.iri + suffix if found is not None and usable else term
        return term if self.vocab is None else self.vocab + term

    def compact(self, iri: str) -> str:
        """The shortest term for an IRI, else a vocab-relative name, else a compact IRI, else the IRI."""
        term = self._compacted.get(iri)
        if term is None:
            term = self._compact(iri)
            _remember(self._compacted, iri, term)
        return term

    def _compact(self, iri: str) -> str:
        term = self._inverse.get(iri)
        if term is not None:
            return term
        vocab = self.vocab
        if vocab is not None and iri.startswith(vocab) and len(iri) > len(vocab):
            suffix = iri[len(vocab) :]
            if suffix not in self._terms and self._expand(suffix) == iri:
                return suffix
        return self._prefixed(iri) or iri

    def _prefixed(self, iri: str) -> str | None:
        best: str | None = None
        for prefix_iri, prefix in self._prefixes:
            if len(iri) > len(prefix_iri) and iri.startswith(prefix_iri):
                candidate = f"{prefix}:{iri[len(prefix_iri) :]}"
                shorter = best is None or (len(candidate), candidate) < (len(best), best)
                # A candidate that is itself a term meaning something else would not expand back.
                if shorter and self._expand(candidate) == iri:
                    best = candidate
        return best

    def definition(self, term: str) -> TermDef | None:
        """The term's definition, if the context defines it."""
        return self._terms.get(term)

    def expand_value(self, term: str, value: str) -> str:
        """A value of member ``term``, expanded as its type mapping says (``@vocab``: as a term; ``@id``)."""
        found = self._terms.get(term)
        kind = found.type if found is not None else None
        if kind == "@vocab":
            return self.expand(value)
        if kind == "@id" and not value.startswith("@"):
            prefix, colon, suffix = value.partition(":")
            base = self._terms.get(prefix) if colon and not suffix.startswith("//") else None
            return base.iri + suffix if base is not None and base.iri not in _KEYWORDS else value
        return value

    def compact_value(self, term: str, value: str) -> str:
        """The inverse of :meth:`expand_value`."""
        found = self._terms.get(term)
        kind = found.type if found is not None else None
        if kind == "@vocab":
            return self.compact(value)
        if kind == "@id":
            return self._prefixed(value) or value
        return value

    # -- the storage-name mapping -------------------------------------------------------------------------

    def to_store(self, term: str) -> str:
        """The stored name of an attribute or type name sent under this context (also for @vocab values)."""
        name = self._to_store.get(term)
        if name is None:
            name = self._builtin.compact(self.expand(term))
            _remember(self._to_store, term, name)
        return name

    def from_store(self, name: str) -> str:
        """The term of this context for a stored name."""
        try:  # called for every name of every entity rendered: the cached answer first, with no call
            return self._from_store[name]
        except KeyError:
            term = self.compact(self._builtin.expand(name))
            _remember(self._from_store, name, term)
            return term

    # -- response references ------------------------------------------------------------------------------

    def body_context(self) -> str | list[str]:
        """The value of a response's ``@context`` member."""
        return self.urls[0] if len(self.urls) == 1 else list(self.urls)

    def link_header(self) -> str:
        """The response ``Link`` header naming this context."""
        return self._link


@cache
def builtin_context() -> LdContext:
    """The built-in context: core v1.8 + ``citytwin-context.jsonld`` + default vocab; stored names use it."""
    terms, vocab = _core_state(LATEST_CORE)
    builder = _Builder(terms, vocab, {})
    builder.apply(platform_context())
    return LdContext(builder.terms, builder.vocab, urls=(CORE_CONTEXT_URL,), link_url=CORE_CONTEXT_URL)


@dataclass(slots=True)
class _Resolved:
    context: LdContext
    documents: tuple[str, ...]
    expires: float
    implicit: ContextEntry | None


class ContextResolver:
    """Resolves context references into cached :class:`LdContext` objects; owns the @context store."""

    def __init__(
        self,
        store: ContextStore | None = None,
        *,
        base_url: str = "",
        timeout: float = 5.0,
        ttl: float = 3600.0,
        failure_ttl: float = 10.0,
        max_bytes: int = 4 * 1024 * 1024,
        max_cached: int = 256,
        max_contexts: int = 1024,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.store = store or ContextStore(
            base_url=base_url,
            timeout=timeout,
            ttl=ttl,
            failure_ttl=failure_ttl,
            max_bytes=max_bytes,
            max_cached=max_cached,
            transport=transport,
            clock=clock,
            now=now,
        )
        self.max_contexts = max_contexts
        self._clock = clock
        self._contexts: OrderedDict[str | bytes, _Resolved] = OrderedDict()

    @property
    def builtin(self) -> LdContext:
        """The context of requests that bring none."""
        return builtin_context()

    async def resolve(self, ctx: str | list[Any] | dict[str, Any] | None) -> LdContext:
        """The context for a reference from a Link header or an ``@context`` member (None: the built-in)."""
        if ctx is None:
            return builtin_context()
        if not isinstance(ctx, str | list | dict):
            raise BadRequestData(f"@context must be a URL, an object or an array, got {type(ctx).__name__}")
        key: str | bytes = ctx if isinstance(ctx, str) else msgspec.json.encode(ctx)
        hit = self._contexts.get(key)
        if hit is not None and hit.expires > self._clock():
            self._contexts.move_to_end(key)
            for url in hit.documents:
                self.store.touch(url)
            if hit.implicit is not None:
                self.store.keep(hit.implicit)  # its Link header URL must stay served while it is in use
            return hit.context
        resolved = await self._build(ctx, register=True)
        self._contexts[key] = resolved
        while len(self._contexts) > self.max_contexts:
            self._contexts.popitem(last=False)
        return resolved.context

    async def _build(self, ctx: str | list[Any] | dict[str, Any], *, register: bool) -> _Resolved:
        documents: dict[str, Any] = {}
        await self._collect(ctx, None, documents, ())
        terms, vocab = _core_state(_base_version(ctx))
        builder = _Builder(terms, vocab, documents)
        builder.apply(ctx)
        urls: tuple[str, ...]
        implicit = None
        if isinstance(ctx, str):
            urls, link = (ctx,), ctx
        elif isinstance(ctx, list) and len(ctx) == 1 and isinstance(ctx[0], str):
            urls, link = (ctx[0],), ctx[0]
        else:
            # One Link header can name one context only: an implicitly created one stands for the rest.
            canonical = json.dumps(ctx, sort_keys=True, separators=(",", ":")).encode("utf-8")
            implicit = self.store.implicit(ctx, canonical) if register else None
            link = implicit.url if implicit is not None else ""
            strings = isinstance(ctx, list) and all(isinstance(x, str) for x in ctx)
            urls = tuple(ctx) if strings else (link,)
        context = LdContext(
            builder.terms, builder.vocab, urls=urls, link_url=link, reference=ctx, builtin=builtin_context()
        )
        expires = min((self.store.expiry(url) for url in documents), default=math.inf)
        return _Resolved(context, tuple(documents), expires, implicit)

    async def _collect(
        self, item: Any, base: str | None, documents: dict[str, Any], stack: tuple[str, ...]
    ) -> None:
        """Load the documents the reference needs (nested ones too) ahead of the synchronous processing."""
        if isinstance(item, list):
            for part in item:
                await self._collect(part, base, documents, stack)
        elif isinstance(item, dict):
            imported = item.get("@import")
            if isinstance(imported, str):
                await self._load(_absolute(base, imported), documents, stack)
        elif isinstance(item, str):
            await self._load(_absolute(base, item), documents, stack)

    async def _load(self, url: str, documents: dict[str, Any], stack: tuple[str, ...]) -> None:
        if core_version(url) is not None or url in documents:
            return
        if len(documents) >= _MAX_DOCUMENTS:
            raise BadRequestData(f"the @context needs more than {_MAX_DOCUMENTS} documents")
        documents[url] = value = await self.store.document(url)
        await self._collect(value, url, documents, (*stack, url))

    # -- /jsonldContexts ----------------------------------------------------------------------------------

    async def add(self, context: Any, tenant: str = "") -> ContextEntry:
        """Validate and host a client's context (400 if invalid, 503 if a context it names is unavailable)."""
        if not isinstance(context, str | list | dict):
            raise BadRequestData("@context must be a URL, an object or an array")
        await self._build(context, register=False)
        return self.store.host(context, tenant)

    async def delete(self, context_id: str, *, reload: bool = False) -> None:
        """Delete a stored context, or download a cached one again (``reload``)."""
        entry = self.store.find(context_id)
        if reload:
            await self.store.reload(entry)
        else:
            self.store.remove(entry)
        stale = [
            k
            for k, r in self._contexts.items()
            if entry.url in r.documents or r.context.link_url == entry.url
        ]
        for key in stale:
            del self._contexts[key]

    async def aclose(self) -> None:
        """Release the HTTP client (from the app's lifespan)."""
        await self.store.aclose()


# -- where a request's context comes from ---------------------------------------------------------------


def parse_link_header(value: str) -> list[tuple[str, dict[str, str]]]:
    """The links of a ``Link`` header (RFC 8288): each target with its parameters (names lower-cased)."""
    links: list[tuple[str, dict[str, str]]] = []
    i, n = 0, len(value)
    while i < n:
        while i < n and value[i] in " \t,":
            i += 1
        if i == n:
            break
        end = value.find(">", i)
        if value[i] != "<" or end < 0:
            raise BadRequestData(f"malformed Link header: expected <URI> at {value[i : i + 30]!r}")
        target, i = value[i + 1 : end].strip(), end + 1
        params: dict[str, str] = {}
        while True:
            while i < n and value[i] in " \t":
                i += 1
            if i == n or value[i] == ",":
                break
            if value[i] != ";":
                raise BadRequestData(f"malformed Link header near {value[i : i + 30]!r}")
            name, param, i = _link_param(value, i + 1)
            params.setdefault(name, param)  # RFC 8288: the first occurrence of a parameter counts
        links.append((target, params))
    return links


def _link_param(value: str, i: int) -> tuple[str, str, int]:
    n = len(value)
    start = i
    while i < n and value[i] not in "=;,":
        i += 1
    name = value[start:i].strip().lower()
    if i == n or value[i] != "=":
        return name, "", i
    i += 1
    while i < n and value[i] in " \t":
        i += 1
    if i < n and value[i] == '"':
        chars: list[str] = []
        i += 1
        while i < n and value[i] != '"':
            if value[i] == "\\" and i + 1 < n:
                i += 1
            chars.append(value[i])
            i += 1
        if i == n:
            raise BadRequestData("malformed Link header: unterminated quoted string")
        return name, "".join(chars), i + 1
    start = i
    while i < n and value[i] not in ";,":
        i += 1
    return name, value[start:i].strip(), i


def context_link(link_header: str | None) -> str | None:
    """The URL of the JSON-LD context link in a ``Link`` header, if any (400 if several)."""
    if not link_header:
        return None
    found = {
        target
        for target, params in parse_link_header(link_header)
        if JSONLD_CONTEXT_REL in params.get("rel", "").lower().split()
    }
    if len(found) > 1:
        raise BadRequestData("the Link header names more than one JSON-LD context")
    url = found.pop() if found else None
    if url == "":
        raise BadRequestData("the JSON-LD context link of the Link header has an empty URL")
    return url


def context_reference(
    content_type: str | None, link_header: str | None, body: dict[str, Any] | list[Any] | None
) -> str | list[Any] | dict[str, Any] | None:
    """The request's context reference: the body's ``@context`` for JSON-LD bodies, else the Link header."""
    link = context_link(link_header)
    if body is None:
        return link
    media = content_type.split(";", 1)[0].strip().lower() if content_type else ""
    items = body if isinstance(body, list) else [body]
    if media != JSON_LD:
        if any(isinstance(item, dict) and "@context" in item for item in items):
            raise BadRequestData(
                f"a {media or 'JSON'} body must not carry an @context member: send the context in a Link "
                f"header, or send the body as {JSON_LD}"
            )
        return link
    if link is not None:
        raise BadRequestData(f"an {JSON_LD} request carries its @context in the body, not in a Link header")
    if not items:
        return None
    refs = []
    for item in items:
        if not isinstance(item, dict) or "@context" not in item:
            raise BadRequestData(f"an {JSON_LD} body needs an @context member (in every entity of an array)")
        refs.append(item["@context"])
    if any(ref != refs[0] for ref in refs[1:]):
        raise BadRequestData("the entities of one request must share the same @context")
    ref: str | list[Any] | dict[str, Any] | None = refs[0]
    return ref
