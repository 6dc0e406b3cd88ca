"""Profile of the served GET of one entity (``GET /ngsi-ld/v1/entities/{id}``), as the bench requests it.

The whole app (governance, change stream, ledger) runs in this process on a temporary SQLite store of
``--n`` buildings; the ASGI app is called directly (no sockets, no HTTP client), so the CPU time measured is
the app's own: routing, middleware, the handler, the store read (inline on the event loop for the embedded
store, as served) and the response. Prints CPU-µs per request and (``--profile``) the top of a cProfile.

    .venv/bin/python bench/profile_ngsild_get.py --n 20000 --requests 20000 [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from asgi_call import asgi_request
from bench_ngsild import load_city
from citytwin.api.app import create_app
from citytwin.settings import Settings

BASE = "/ngsi-ld/v1/entities/urn:ngsi-ld:Building:sz-"


async def _get(app: Any, path: str) -> int:
    """One GET through the ASGI app; its status."""
    status, _ = await asgi_request(app, "GET", path, headers=[(b"accept", b"*/*")])
    return status


async def _run(n: int, requests: int, profile: cProfile.Profile | None) -> float:
    with tempfile.TemporaryDirectory(prefix="ct-prof-get-") as tmp:
        db = f"sqlite:///{Path(tmp) / 'prof.db'}"
        load_city(db, n)
        app = create_app(Settings(db=db))
        async with app.router.lifespan_context(app):
            rng = random.Random(7)
            paths = [f"{BASE}{rng.randrange(n):08d}" for _ in range(requests)]
            assert await _get(app, paths[0]) == 200
            for path in paths[:500]:
                await _get(app, path)
            gc.collect()
            if profile is not None:
                profile.enable()
            c0 = time.process_time()
            for path in paths:
                status = await _get(app, path)
                if status != 200:
                    raise RuntimeError(f"GET {path}: {status}")
            cpu = time.process_time() - c0
            if profile is not None:
                profile.disable()
    return cpu


def main() -> None:
    """Run the profile and print per-request numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20_000, help="buildings in the store")
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--profile", action="store_true", help="also print the top of a cProfile")
    parser.add_argument("--sort", default="tottime", choices=("tottime", "cumulative"), help="profile order")
    args = parser.parse_args()
    profile = cProfile.Profile() if args.profile else None
    cpu = asyncio.run(_run(args.n, args.requests, profile))
    per = cpu / args.requests
    print(f"{args.requests:,} GETs: {per * 1e6:.0f} CPU-µs/request, {1 / per:,.0f}/CPU-s")
    if profile is not None:
        stats = pstats.Stats(profile)
        stats.sort_stats(args.sort).print_stats(45)


if __name__ == "__main__":
    main()
