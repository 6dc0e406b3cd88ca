"""The engine: numba against the numpy reference, tiling, threads, float32, reproducibility, control."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import numpy as np
import pytest

from citytwin.errors import BadRequestData, OperationNotSupported
from citytwin.scenarios.flood import (
    Boundary,
    FloodCancelled,
    FloodInputs,
    FloodResult,
    Infiltration,
    run_flood,
)

from .flood_helpers import everything_case, with_options

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture(scope="module")
def base() -> FloodResult:
    return run_flood(everything_case())


def _same(a: FloodResult, b: FloodResult) -> bool:
    return all(
        np.array_equal(getattr(a, name), getattr(b, name))
        for name in ("final_depth", "max_depth", "max_speed", "depth", "u", "v", "gauge_depth")
    )


def test_everything_case_exercises_every_term(base: FloodResult) -> None:
    mb = base.mass_balance
    assert (
        min(
            mb.rain_m3,
            mb.inflow_m3,
            mb.boundary_in_m3,
            mb.boundary_out_m3,
            mb.infiltration_m3,
            mb.drainage_m3,
        )
        > 0
    )
    assert abs(mb.relative_error) < 1e-12
    assert base.depth.shape == (2, 25, 30) and base.times_s.tolist() == [120.0, 240.0]
    assert base.gauge_depth.shape == (base.n_steps + 1, 2)


@pytest.mark.parametrize("model", ["horton", "green_ampt"])
def test_numba_kernel_matches_the_numpy_reference(model: str) -> None:
    inputs = everything_case()
    fields = {k: getattr(inputs, k) for k in inputs.__dataclass_fields__}
    fields["infiltration"] = Infiltration(model=model)  # type: ignore[arg-type]
    fast = run_flood(FloodInputs(**fields))
    slow = run_flood(with_options(FloodInputs(**fields), backend="numpy"))
    assert fast.n_steps == slow.n_steps
    scale = float(fast.max_depth.max())
    assert np.abs(fast.final_depth - slow.final_depth).max() <= 1e-12 * scale
    assert np.abs(fast.max_depth - slow.max_depth).max() <= 1e-12 * scale
    assert np.abs(fast.max_speed - slow.max_speed).max() <= 1e-10
    for key, value in fast.mass_balance.to_dict().items():
        if key.endswith("_m3") and key != "error_m3":
            assert value == pytest.approx(slow.mass_balance.to_dict()[key], rel=1e-10, abs=1e-12)


@pytest.mark.parametrize("tile_size", [7, 16])
def test_tiled_run_equals_the_untiled_run(base: FloodResult, tile_size: int) -> None:
    tiled = run_flood(with_options(everything_case(), tile_size=tile_size))
    assert _same(base, tiled)
    assert tiled.mass_balance.final_storage_m3 == pytest.approx(base.mass_balance.final_storage_m3, rel=1e-13)
    assert abs(tiled.mass_balance.relative_error) < 1e-12


def test_two_threads_give_the_same_bits(base: FloodResult) -> None:
    assert _same(base, run_flood(with_options(everything_case(), threads=2)))
    assert _same(base, run_flood(with_options(everything_case(), threads=2, tile_size=9)))


def test_float32_agrees_with_float64(base: FloodResult) -> None:
    single = run_flood(with_options(everything_case(), dtype="float32"))
    assert single.final_depth.dtype == np.float32
    assert np.abs(single.final_depth - base.final_depth).max() < 1e-4
    assert abs(single.mass_balance.relative_error) < 1e-5


def test_same_recorded_inputs_give_identical_results(base: FloodResult) -> None:
    inputs = everything_case()
    data = json.loads(json.dumps(inputs.to_dict()))
    again = FloodInputs.from_dict(data)
    assert again.fingerprint() == inputs.fingerprint() == base.inputs_fingerprint
    assert _same(base, run_flood(again))
    assert _same(base, run_flood(inputs))


def test_inputs_are_frozen_and_validated() -> None:
    inputs = everything_case()
    with pytest.raises(ValueError):
        inputs.dem[0, 0] = 1.0
    fields = {k: getattr(inputs, k) for k in inputs.__dataclass_fields__}
    with pytest.raises(BadRequestData):
        FloodInputs(**{**fields, "dem": np.zeros((3, 3))})
    with pytest.raises(BadRequestData):
        FloodInputs(**{**fields, "dem": np.full(inputs.grid.shape, np.nan)})
    with pytest.raises(BadRequestData):
        FloodInputs.from_dict({**inputs.to_dict(), "duration_s": "long"})
    bad_inflow = dict(
        fields,
        inflows=(inputs.inflows[0].__class__("roof", 500_075.0, 2_500_185.0, inputs.inflows[0].hydrograph),),
    )
    with pytest.raises(BadRequestData, match="building"):
        run_flood(FloodInputs(**bad_inflow))


def test_progress_reports_and_cancellation_stops() -> None:
    seen: list[tuple[float, float]] = []
    run_flood(everything_case(), progress=lambda f, t: seen.append((f, t)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(fractions) > 5

    stop = threading.Event()

    def progress(fraction: float, _t: float) -> None:
        if fraction > 0.3:
            stop.set()

    with pytest.raises(FloodCancelled) as caught:
        run_flood(everything_case(), progress=progress, cancel=stop)
    partial = caught.value.partial
    assert 0.3 * 240 < partial.sim_time_s < 240
    assert abs(partial.mass_balance.relative_error) < 1e-12
    assert caught.value.to_problem()["status"] == 409


def test_cpu_runs_do_not_load_cuda() -> None:
    code = textwrap.dedent(
        """
        import sys
        from citytwin.scenarios.flood import run_flood
        sys.path.insert(0, "tests")
        from scenarios.flood_helpers import everything_case
        run_flood(everything_case())
        print("numba.cuda" in sys.modules)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=SRC.parent,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    assert out.stdout.strip() == "False"


def test_gpu_backend_without_a_gpu_says_so() -> None:
    from citytwin.scenarios.flood import gpu

    if gpu.cuda.is_available():
        pytest.skip("a CUDA GPU is present")
    with pytest.raises(OperationNotSupported, match="GPU"):
        run_flood(with_options(everything_case(), backend="gpu"))


def test_gpu_kernels_match_the_cpu_in_the_cuda_simulator() -> None:
    # numba's CUDA simulator runs the GPU kernels thread by thread on the CPU: slow, so a short run.
    code = textwrap.dedent(
        """
        import sys
        import numpy as np
        sys.path.insert(0, "tests")
        from scenarios.flood_helpers import everything_case, with_options
        from citytwin.scenarios.flood import run_flood
        inputs = everything_case()
        fields = {k: getattr(inputs, k) for k in inputs.__dataclass_fields__}
        fields["duration_s"] = 60.0
        fields["output_interval_s"] = None
        from citytwin.scenarios.flood import FloodInputs
        short = FloodInputs(**fields)
        gpu = run_flood(with_options(short, backend="gpu"))
        cpu = run_flood(short)
        print(gpu.n_steps == cpu.n_steps, float(np.abs(gpu.final_depth - cpu.final_depth).max()),
              abs(gpu.mass_balance.relative_error))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(SRC), "NUMBA_ENABLE_CUDASIM": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=SRC.parent,
        env=env,
        timeout=240,
    )
    same_steps, diff, error = out.stdout.split()
    assert same_steps == "True"
    assert float(diff) < 1e-12
    assert float(error) < 1e-12


def test_overlapping_boundary_segments_are_refused() -> None:
    inputs = everything_case()
    fields = {k: getattr(inputs, k) for k in inputs.__dataclass_fields__}
    fields["boundaries"] = (Boundary("east", "free"), Boundary("east", "free", start=2_500_100.0))
    with pytest.raises(BadRequestData, match="overlap"):
        run_flood(FloodInputs(**fields))
