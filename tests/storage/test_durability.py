"""Durability: every write a store acknowledged survives the writing process being killed (SIGKILL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from citytwin.core.entities import Entity
from citytwin.storage.registry import open_store

ACKS_BEFORE_KILL = 40

# The writer: creates entities one by one and prints each id only after the store returned.
WRITER = textwrap.dedent(
    """
    import sys
    from citytwin.core.entities import Entity, prop, geo
    from citytwin.storage.registry import open_store

    store = open_store(sys.argv[1])
    tenant = store.tenant("durable")
    for i in range(100_000):
        entity = Entity(f"urn:ngsi-ld:Sensor:{i:06d}", ("Sensor",))
        entity.set("pm25", prop(i % 300, unit_code="GQ"))
        entity.set("location", geo({"type": "Point", "coordinates": [114.0 + i * 1e-5, 22.5]}))
        tenant.create(entity)
        print(entity.id, flush=True)
    """
)


@pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")
def test_acknowledged_writes_survive_sigkill(store_url: str) -> None:
    open_store(store_url).close()  # migrate first, so the writer starts writing at once
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, store_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    acked: list[str] = []
    try:
        assert proc.stdout is not None
        while len(acked) < ACKS_BEFORE_KILL:
            line = proc.stdout.readline()
            if not line:
                raise AssertionError(f"writer stopped early: {proc.stderr.read() if proc.stderr else ''}")
            acked.append(line.strip())
        proc.send_signal(signal.SIGKILL)  # mid-stream: the writer is in its next write
        rest, _ = proc.communicate(timeout=30)
        acked += [line.strip() for line in rest.splitlines() if line.strip()]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    store = open_store(store_url)
    try:
        found = store.tenant("durable").get_many(acked)
        assert sorted(found) == sorted(acked)
        for entity_id in acked:
            i = int(entity_id.rsplit(":", 1)[1])
            entity: Entity = found[entity_id]
            assert entity.value("pm25") == i % 300
            assert entity.value("location") == {"type": "Point", "coordinates": [114.0 + i * 1e-5, 22.5]}
    finally:
        store.close()
