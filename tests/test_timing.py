"""The timed check on conv2d_forward through the real CLI, repeated: never a false verdict."""
from __future__ import annotations

import pytest
from helpers import ROOT, SUBMISSIONS, grade

from dlgrade.sandbox import cuda_present

REPEAT = 2


def speed_case(results: dict) -> dict:
    (case,) = [t for t in results["tests"] if t["tags"][2] == "performance"]
    return case


def correctness_points(results: dict) -> tuple[float, float]:
    cases = [t for t in results["tests"] if t["tags"][2] != "performance"]
    return sum(t["score"] for t in cases), sum(t["max_score"] for t in cases)


@pytest.mark.parametrize("submission", [ROOT / "solutions/conv2d/reference.py", SUBMISSIONS / "conv2d/perf_einsum.py",
                                        SUBMISSIONS / "conv2d/alt_torch_unfold.py"], ids=lambda p: p.stem)
def test_vectorised_answers_pass_every_time(submission, tmp_path):
    for i in range(REPEAT):
        case = speed_case(grade("conv2d", submission, tmp_path / f"out{i}"))
        assert case["status"] == "passed", case["output"]
        timing = case["extra_data"]["timing"]
        assert timing["ratio"] <= timing["budget"] and len(timing["ratios"]) >= 7
        assert timing["device"] == "cpu"  # conv2d's contract takes numpy arrays, so it is timed on the CPU


@pytest.mark.parametrize("name, status", [("perf_pixel_loop", "slow"), ("perf_cached", "slow"), ("perf_garbage", "failed")])
def test_slow_cached_and_garbage_answers_fail_every_time_and_keep_correctness(name, status, tmp_path):
    for i in range(REPEAT):
        results = grade("conv2d", SUBMISSIONS / "conv2d" / f"{name}.py", tmp_path / f"out{i}")
        case = speed_case(results)
        assert case["score"] == 0 and case["extra_data"]["status"] == status, case["output"]
        got, full = correctness_points(results)
        assert got == full  # each of these is correct on the ordinary cases


def test_report_states_device_times_ratio_and_budget(tmp_path):
    case = speed_case(grade("conv2d", SUBMISSIONS / "conv2d/perf_pixel_loop.py", tmp_path / "out"))
    assert "Device: CPU" in case["output"] and "ratio" in case["output"] and "budget 10" in case["output"]


def test_endless_loop_is_cut_off_at_a_multiple_of_the_reference(tmp_path):
    path = tmp_path / "sub" / "conv2d.py"
    path.parent.mkdir()
    slow = (SUBMISSIONS / "conv2d/perf_einsum.py").read_text()
    path.write_text(slow + "\n\n_fast = conv2d_forward\n\ndef conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):\n"
                    "    if x.size > 50_000:\n        while True:\n            pass\n    return _fast(x, w, b, stride, padding, dilation)\n")
    results = grade("conv2d", path, tmp_path / "out")
    case = speed_case(results)
    assert case["extra_data"]["status"] == "timeout"
    assert results["execution_time"] < 60


@pytest.mark.skipif(not cuda_present(), reason="no CUDA device on this machine")
def test_cuda_timed_call_gets_device_tensors_and_event_times():
    import numpy as np

    from dlgrade.sandbox import Limits, WorkerSession

    source = "import torch\n\ndef where(x):\n    return str(x.device), float((x * 2).sum())\n"
    session = WorkerSession([{"index": 1, "source": source}], Limits())
    try:
        assert session.start().ok
        outcome = session.call("where", (np.ones(1000),), {}, device="cuda")
        assert outcome.status == "ok", outcome
        assert outcome.value[0].startswith("cuda") and outcome.value[1] == 2000.0
        assert outcome.seconds > 0
    finally:
        session.close()
