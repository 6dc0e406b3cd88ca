"""Fixtures of the NGSI-LD adapter tests."""

from __future__ import annotations

import asyncio

import pytest

from citytwin.ngsild.context import ContextResolver, LdContext


@pytest.fixture(scope="module")
def core() -> LdContext:
    """The core @context, resolved from the contexts shipped with the package (no fetch)."""

    async def resolve() -> LdContext:
        resolver = ContextResolver(base_url="http://localhost")
        try:
            return await resolver.resolve(None)
        finally:
            await resolver.aclose()

    return asyncio.run(resolve())
