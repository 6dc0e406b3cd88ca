"""Pausing the cyclic garbage collector around work that builds many short-lived, acyclic objects.

Decoding a batch of a thousand entities, an import batch, an ingest batch, a page of query results or a
tile's meshes makes tens of thousands of containers. With the collector on, young collections run all along
and, now and then, a full one sweeps the whole heap (at city scale a third of such work's time; a sixth of
IoT ingest CPU). Nothing built there is cyclic, so pausing only defers the collector's work: reference
counting frees everything as usual meanwhile, only cycles wait, and the next collection runs as soon as the
collector is back on.

The pause belongs to the thread that started it: a block that begins while another thread's pause is on
runs without owning it, so the collector is never off for longer than the owner's block, however many
requests overlap. A collector that was off already (someone else's choice) is left off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]

_lock = threading.Lock()
_owner: list[int] = []
"""The thread holding the pause (empty: none)."""


@contextmanager
def gc_paused() -> Iterator[None]:
    """The collector off for the ``with`` block when this call turned it off (see the module docstring)."""
    with _lock:
        mine = not _owner and gc.isenabled()
        if mine:
            _owner.append(threading.get_ident())
            gc.disable()
    try:
        yield
    finally:
        if mine:
            with _lock:
                _owner.clear()
                gc.enable()
