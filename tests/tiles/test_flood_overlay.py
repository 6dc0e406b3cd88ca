"""Flood depth overlays: a real flood job (the tiny twin of the scenario tests) writes frames, and the tile
routes list the job and serve exactly the frames its sidecar names."""

from __future__ import annotations

import json
from pathlib import Path

from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.settings import Settings
from tests.scenarios.test_flood_twin import tiny_twin


def test_a_flood_run_becomes_an_overlay(tmp_path: Path) -> None:
    with tiny_twin(tmp_path) as tiny:
        app = create_app(Settings(db="sqlite:///unused.db"), store=tiny.store)
        with TestClient(app, raise_server_exceptions=False) as api:
            frames_dir = tmp_path / "frames"
            inputs = tiny.inputs(frames_dir=str(frames_dir), frame_interval=300)
            run = api.post("/processes/flood/execution", json={"inputs": inputs})
            assert run.status_code == 200, run.text
            job_id = run.headers["location"].rsplit("/", 1)[-1]
            listed = api.get("/tiles/flood").json()
            assert [j["jobId"] for j in listed] == [job_id]
            assert listed[0]["frames"] == f"/tiles/flood/{job_id}/frames.json"
            side = api.get(listed[0]["frames"]).json()
            assert side == json.loads((frames_dir / "frames.json").read_text("utf-8"))
            assert len(side["frames"]) == 4 and side["max"]["max_depth_m"] > 0.3
            for frame in [*side["frames"], side["max"]]:
                png = api.get(f"/tiles/flood/{job_id}/{frame['file']}")
                assert png.status_code == 200 and png.headers["content-type"] == "image/png"
                assert png.content == (frames_dir / frame["file"]).read_bytes()
            # Only what the sidecar lists is served, whatever else lies in the folder.
            (frames_dir / "secret.png").write_bytes(b"\x89PNG not a frame")
            assert api.get(f"/tiles/flood/{job_id}/secret.png").status_code == 404
            assert api.get("/tiles/flood/nope/max_depth.png").status_code == 404
