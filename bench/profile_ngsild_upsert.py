"""Profile of the served batch upsert (``POST /entityOperations/upsert``), as the bench posts it.

The whole app (governance, change stream, ledger) runs in this process on a temporary SQLite store; the ASGI
app is driven directly (no sockets) with the bench's pre-encoded bodies of new buildings. Prints CPU-µs per
entity in total (every thread of the process: the ledger's writer thread included) and the in-process
entities/s. ``--stages`` splits the CPU by stage and ``--profile`` prints the top of a cProfile: both run the
store calls inline instead of on the thread pool, so that one profiler sees every step (the plain run keeps
the thread pool, whose worker holds on to its last call's arguments: see routes_batch.run_handed_over).
A stage's CPU is process CPU, so work that other threads do meanwhile (the ledger's appends) lands in it.

    .venv/bin/python bench/profile_ngsild_upsert.py --n 30000 [--stages] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import gc
import pstats
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))

from bench_ngsild import UPSERT_BATCH, upsert_bodies
from citytwin.api.app import create_app
from citytwin.settings import Settings

SPENT: dict[str, float] = defaultdict(float)
"""CPU seconds per stage (a stage's time excludes the stages nested in it)."""
_STACK: list[list[float]] = []


def _timed(stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` with its CPU time (less that of timed calls inside it) added to ``SPENT[stage]``."""

    def account(t0: float, frame: list[float]) -> None:
        spent = time.process_time() - t0
        _STACK.pop()
        SPENT[stage] += spent - frame[0]
        if _STACK:
            _STACK[-1][0] += spent

    if asyncio.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def timed_async(*args: Any, **kwargs: Any) -> Any:
            frame = [0.0]
            _STACK.append(frame)
            t0 = time.process_time()
            try:
                return await fn(*args, **kwargs)
            finally:
                account(t0, frame)

        return timed_async

    @functools.wraps(fn)
    def timed(*args: Any, **kwargs: Any) -> Any:
        frame = [0.0]
        _STACK.append(frame)
        t0 = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            account(t0, frame)

    return timed


class _Inline:
    """An executor running each task at once in the calling thread (one profiler sees everything)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __enter__(self) -> _Inline:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run ``fn`` now; its result as a done future."""
        done: Future[Any] = Future()
        done.set_result(fn(*args))
        return done


def _inline() -> None:
    """Store calls in this thread: the handler's thread-pool hand-off and the store's prepare helper."""
    from citytwin.ngsild import request
    from citytwin.storage.sqlite import store

    async def inline(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    request.run_in_threadpool = inline  # type: ignore[assignment]
    store.ThreadPoolExecutor = _Inline  # type: ignore[misc,assignment]


_WRITES = ("put", "append_history", "history_rows", "id_pool", "existing", "register_tenant")
"""Steps of the store's batch write timed on their own (per-row helpers are not: timing costs a call)."""


_GC_START: list[float] = []


def _gc_clock(phase: str, info: dict[str, int]) -> None:
    """A gc callback adding the collector's CPU time to ``SPENT['gc (cyclic collector)']``."""
    if phase == "start":
        _GC_START.append(time.process_time())
    elif _GC_START:
        SPENT[f"gc (cyclic collector, gen {info['generation']})"] += time.process_time() - _GC_START.pop()


def _timed_transactions(cls: Any) -> None:
    """``cls.write`` (the store's write transaction) with its BEGIN and its COMMIT timed as one stage."""
    begin_commit = "store: BEGIN/COMMIT (WAL write)"
    original = cls.write

    @contextmanager
    def write(self: Any) -> Iterator[Any]:
        if threading.current_thread() is not threading.main_thread():  # the ledger's appends: not a stage
            with original(self) as conn:
                yield conn
            return
        manager = original(self)
        conn = _timed(begin_commit, manager.__enter__)()
        try:
            yield conn
        except BaseException:
            if not manager.__exit__(*sys.exc_info()):
                raise
        else:
            _timed(begin_commit, manager.__exit__)(None, None, None)

    cls.write = write


def _instrument() -> None:
    """Wrap the stages of the served upsert (module attributes the handlers look up at call time)."""
    from citytwin.governance import enforce_writes
    from citytwin.ngsild import request, routes_batch
    from citytwin.storage.sqlite import history, store, writes
    from citytwin.stream import bus

    request.read_json = _timed("decode body", request.read_json)  # type: ignore[assignment]
    request.ld_context = _timed("@context resolve", request.ld_context)  # type: ignore[assignment]
    routes_batch.parse_entities = _timed("parse+expand+validate", routes_batch.parse_entities)  # type: ignore[assignment]
    routes_batch.existing_ids = _timed("existing ids", routes_batch.existing_ids)  # type: ignore[assignment]
    # Change events and what their listeners do on the writer's thread (the ledger's digest among them)
    bus.EventBus.publish_many = _timed("change events + listeners", bus.EventBus.publish_many)  # type: ignore[method-assign]
    enforce_writes.checked_batch = _timed("enforcement", enforce_writes.checked_batch)  # type: ignore[assignment]
    store._prepare_yielding = _timed("store: encode (codec.prepare)", store._prepare_yielding)  # type: ignore[assignment]
    _timed_transactions(store.SQLiteStore)
    cls = store.SQLiteTenantStore
    cls.upsert_many = _timed("store: upsert_many other", cls.upsert_many)  # type: ignore[method-assign]
    for module, names in ((writes, _WRITES), (history, ("append",))):
        for name in names:
            fn = getattr(module, name, None)
            if fn is not None:
                setattr(module, name, _timed(f"store: {module.__name__.rsplit('.', 1)[1]}.{name}", fn))
    gc.callbacks.append(_gc_clock)
    routes_batch.result_body = _timed("response", routes_batch.result_body)  # type: ignore[assignment]
    routes_batch.no_content = _timed("response", routes_batch.no_content)  # type: ignore[assignment]
    request.Call.respond = _timed("response", request.Call.respond)  # type: ignore[method-assign]


async def _post(n: int, instrument: bool, profile: cProfile.Profile | None) -> tuple[float, float, int]:
    bodies = upsert_bodies(n, UPSERT_BATCH)
    with tempfile.TemporaryDirectory(prefix="ct-prof-upsert-") as tmp:
        db = f"sqlite:///{Path(tmp) / 'prof.db'}"
        app = create_app(Settings(db=db))
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                url = "/ngsi-ld/v1/entityOperations/upsert"
                headers = {"Content-Type": "application/json"}
                warm = await client.post(url, content=upsert_bodies(2000, UPSERT_BATCH)[0], headers=headers)
                assert warm.status_code in (201, 204), warm.text[:300]
                if instrument or profile is not None:
                    _inline()
                if instrument:
                    _instrument()
                gc.collect()
                SPENT.clear()
                if profile is not None:
                    profile.enable()
                c0, w0 = time.process_time(), time.perf_counter()
                for body in bodies:
                    resp = await client.post(url, content=body, headers=headers)
                    if resp.status_code not in (201, 204):
                        raise RuntimeError(f"{resp.status_code}: {resp.text[:300]}")
                cpu, wall = time.process_time() - c0, time.perf_counter() - w0
                if profile is not None:
                    profile.disable()
    return cpu, wall, n


def main() -> None:
    """Run the profile and print per-entity numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=30_000)
    parser.add_argument("--profile", action="store_true", help="also print the top of a cProfile")
    parser.add_argument("--stages", action="store_true", help="split CPU time by stage (adds overhead)")
    args = parser.parse_args()
    profile = cProfile.Profile() if args.profile else None
    cpu, wall, n = asyncio.run(_post(args.n, args.stages, profile))
    print(
        f"{n:,} entities: {cpu / n * 1e6:.0f} CPU-µs/entity, {n / cpu:,.0f} entities/CPU-s,"
        f" wall {n / wall:,.0f}/s"
    )
    if args.stages:
        total = sum(SPENT.values())
        for stage, spent in sorted(SPENT.items(), key=lambda kv: -kv[1]):
            print(f"  {stage:<40} {spent / n * 1e6:7.1f} µs")
        print(f"  {'(rest: HTTP, routing, middleware, bus)':<40} {(cpu - total) / n * 1e6:7.1f} µs")
    if profile is not None:
        stats = pstats.Stats(profile)
        stats.sort_stats("tottime").print_stats(35)
        stats.sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
