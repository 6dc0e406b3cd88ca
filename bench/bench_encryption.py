"""Encryption at rest: the cost per value and its effect on bulk writes and equality queries.

* seal + unseal: µs per value (AES-256-GCM with a keyed hash, a phone number), one core;
* ``upsert_many`` of n residents, each with two encrypted attributes (phone, idNumber) and three in clear,
  on the embedded store (and PostgreSQL with ``--postgres``), with and without encryption, single run;
* an equality query on an encrypted attribute (``q=phone=="…"``, keyed hash) against the same on clear data.

    .venv/bin/python bench/bench_encryption.py --n 10000 [--postgres]
"""

from __future__ import annotations

import argparse
import base64
import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from citytwin.core.entities import Entity, prop
from citytwin.core.fieldcrypt import Keyring, seal, unseal
from citytwin.core.qlang import parse_q
from citytwin.core.query import EntityQuery, types_of
from citytwin.settings import EncryptionSettings
from citytwin.storage.registry import open_store

PG_DSN = os.environ.get("CITYTWIN_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")


def per_value(count: int = 50_000) -> list[dict[str, Any]]:
    """Seal and unseal ``count`` phone numbers."""
    ring = Keyring.single(os.urandom(32))
    values = [f"138{i:08d}" for i in range(count)]
    ids = [f"urn:ngsi-ld:Person:{i}" for i in range(count)]
    started = time.process_time()  # CPU time: the machine is shared, wall time varies with its load
    sealed = [seal(ring, "", ids[i], "phone", v) for i, v in enumerate(values)]
    seal_s = time.process_time() - started
    started = time.process_time()
    for i, envelope in enumerate(sealed):
        unseal(ring, "", ids[i], "phone", envelope)
    open_s = time.process_time() - started
    return [
        {"name": "seal one value", "value": seal_s / count * 1e6, "unit": "µs", "lower_is_better": True,
         "note": f"CPU time, {count:,} phone numbers; AES-256-GCM + HMAC-SHA256 + envelope"},
        {"name": "unseal one value", "value": open_s / count * 1e6, "unit": "µs", "lower_is_better": True,
         "note": f"CPU time, {count:,} phone numbers"},
    ]  # fmt: skip


def residents(n: int) -> list[Entity]:
    """n Person entities: phone and idNumber (encrypted by the shipped rules), three attributes in clear."""
    return [
        Entity(
            f"urn:ngsi-ld:Person:{i}",
            ("Person",),
            {
                "phone": [prop(f"138{i:08d}")],
                "idNumber": [prop(f"440305199001{i:06d}")],
                "age": [prop(20 + i % 70)],
                "careLevel": [prop("weekly-visit")],
                "building": [prop(f"urn:ngsi-ld:Building:{i // 50}")],
            },
        )
        for i in range(n)
    ]


def _write_and_query(url: str, n: int, encryption: EncryptionSettings) -> tuple[float, float]:
    with open_store(url, encryption=encryption) as store:
        ts = store.tenant()
        entities = residents(n)
        started = time.perf_counter()
        cpu = time.process_time()
        result = ts.upsert_many(entities)
        write_s = time.perf_counter() - started
        write_cpu = time.process_time() - cpu
        assert not result.errors, result.errors[:1]
        query = EntityQuery(types=types_of("Person"), q=parse_q(f'phone=="138{n // 2:08d}"'))
        ts.query(query)  # warm
        started = time.perf_counter()
        rounds = 20
        for _ in range(rounds):
            assert len(ts.query(query).entities) == 1
        query_s = (time.perf_counter() - started) / rounds
    return write_s, write_cpu, query_s


def bulk(n: int, backends: list[str]) -> list[dict[str, Any]]:
    """upsert_many and an equality query, with and without encryption, per backend."""
    rows: list[dict[str, Any]] = []
    key = base64.b64encode(os.urandom(32)).decode()
    on = EncryptionSettings(keys=None, key=key, file=None)  # type: ignore[arg-type]
    off = EncryptionSettings(keys=None, key=None, file=None)
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix="ct-bench-enc-") as tmp:
            urls = []
            for label in ("clear", "encrypted"):
                if backend == "sqlite":
                    urls.append(f"sqlite:///{Path(tmp) / label}.db")
                else:
                    urls.append(f"{PG_DSN}?schema=ct_bench_enc_{uuid.uuid4().hex[:8]}")
            try:
                plain_w, plain_cpu, plain_q = _write_and_query(urls[0], n, off)
                enc_w, enc_cpu, enc_q = _write_and_query(urls[1], n, on)
            finally:
                if backend == "postgres":
                    import psycopg

                    with psycopg.connect(PG_DSN, autocommit=True) as conn:
                        for url in urls:
                            conn.execute(f'drop schema if exists "{url.rsplit("=", 1)[1]}" cascade')
        rows += [
            {"name": f"upsert_many {n:,} residents, {backend}, clear", "value": n / plain_w,
             "unit": "entities/s", "note": f"{plain_w:.2f} s, client CPU {plain_cpu:.2f} s"},
            {"name": f"upsert_many {n:,} residents, {backend}, 2 attributes encrypted", "value": n / enc_w,
             "unit": "entities/s",
             "note": f"{enc_w:.2f} s ({enc_w / plain_w - 1:+.0%}), "
                     f"client CPU {enc_cpu:.2f} s ({enc_cpu / plain_cpu - 1:+.0%})"},
            {"name": f"q equality on phone, {backend}, clear", "value": plain_q * 1e3, "unit": "ms",
             "lower_is_better": True, "note": f"{n:,} residents"},
            {"name": f"q equality on phone, {backend}, encrypted (keyed hash)", "value": enc_q * 1e3,
             "unit": "ms", "lower_is_better": True, "note": f"{n:,} residents"},
        ]  # fmt: skip
    return rows


def run(n: int = 10_000, postgres: bool = False) -> list[dict[str, Any]]:
    """The rows for bench/run.py."""
    return per_value() + bulk(n, ["sqlite", "postgres"] if postgres else ["sqlite"])


def main() -> None:
    """Print the rows."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000, help="residents written")
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL (CITYTWIN_PG_DSN)")
    args = parser.parse_args()
    for row in run(args.n, args.postgres):
        print(f"{row['name']}: {row['value']:,.2f} {row['unit']}  ({row.get('note', '')})")


if __name__ == "__main__":
    main()
