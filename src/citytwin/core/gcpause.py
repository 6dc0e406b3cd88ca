"""Pausing the cyclic garbage collector around work that builds many short-lived, acyclic objects.

Decoding a batch of a thousand entities, an import batch, a page of query results or a tile's meshes makes
tens of thousands of containers. With the collector on, young collections run all along and, now and then,
a full one sweeps the whole heap (at city scale a third of such work's time). Nothing built there is cyclic,
so pausing only defers the collector's work; the pause is undone only by the call that made it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """The collector off for the ``with`` block (left as it was when it was already off)."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
