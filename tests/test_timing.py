"""The timed check on conv2d_forward through the real CLI, repeated: never a false verdict.

No assertion depends on how busy the machine is. Times are the worker cgroup's CPU time, so a
vectorised answer passes however loaded the machine; a too-slow answer may be "slow" or, where a
call runs into its cut-off first, "timeout": both cost exactly the speed case's points, and each
is checked for what it must show (tests/test_speed_limits.py sets the limits on a fake clock).
"""
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


def assert_states_the_measurement(case: dict) -> None:
    """The report states the device, both times, the ratio and the budget."""
    output = case["output"]
    assert "Device: CPU" in output and "median reference" in output and "ratio" in output and "budget 10" in output


@pytest.mark.parametrize("submission", [ROOT / "solutions/conv2d/reference.py", SUBMISSIONS / "conv2d/perf_einsum.py",
                                        SUBMISSIONS / "conv2d/alt_torch_unfold.py"], ids=lambda p: p.stem)
def test_vectorised_answers_pass_every_time(submission, tmp_path):
    for i in range(REPEAT):
        case = speed_case(grade("conv2d", submission, tmp_path / f"out{i}"))
        assert case["status"] == "passed", case["output"]
        timing = case["extra_data"]["timing"]
        assert timing["ratio"] <= timing["budget"] and len(timing["ratios"]) >= 7
        assert timing["device"] == "cpu"  # conv2d's contract takes numpy arrays, so it is timed on the CPU
        assert_states_the_measurement(case)


@pytest.mark.parametrize("name", ["perf_pixel_loop", "perf_cached"])
def test_too_slow_answers_lose_the_speed_case_every_time_and_keep_correctness(name, tmp_path):
    """A loop over pixels (about 60 times the reference), a cache of inputs seen before (fresh inputs
    every time): "slow" with the measurement stated, or stopped at the cut-off and told so."""
    for i in range(REPEAT):
        results = grade("conv2d", SUBMISSIONS / "conv2d" / f"{name}.py", tmp_path / f"out{i}")
        case = speed_case(results)
        assert case["score"] == 0 and case["extra_data"]["status"] in ("slow", "timeout"), case["output"]
        timing = case["extra_data"]["timing"]
        if case["extra_data"]["status"] == "slow":
            assert timing["ratio"] > timing["budget"] and len(timing["ratios"]) >= 7
            assert_states_the_measurement(case)
        else:
            assert "was stopped" in case["output"] and timing["hard_limit_seconds"] >= 1
        got, full = correctness_points(results)
        assert got == full  # each of these is correct on the ordinary cases


def test_wrong_answers_on_the_timed_inputs_fail_every_time_and_keep_correctness(tmp_path):
    for i in range(REPEAT):
        results = grade("conv2d", SUBMISSIONS / "conv2d/perf_garbage.py", tmp_path / f"out{i}")
        case = speed_case(results)
        assert case["score"] == 0 and case["extra_data"]["status"] == "failed", case["output"]
        got, full = correctness_points(results)
        assert got == full


ENDLESS_AFTER_WARM_UP = """

_fast = conv2d_forward
_timed_calls = [0]


def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    if x.size > 50_000:  # only the timed inputs are this large
        _timed_calls[0] += 1
        while _timed_calls[0] > 1:  # the warm-up answers, the first measured call never does
            pass
    return _fast(x, w, b, stride, padding, dilation)
"""


def test_endless_loop_is_cut_off_at_a_multiple_of_the_reference(tmp_path):
    """Stopped at the hard limit (a multiple of the reference's time), not at --call-timeout or the
    submission's total time; what the message says is load-independent, unlike a grading time."""
    path = tmp_path / "sub" / "conv2d.py"
    path.parent.mkdir()
    path.write_text((SUBMISSIONS / "conv2d/perf_einsum.py").read_text() + ENDLESS_AFTER_WARM_UP)
    results = grade("conv2d", path, tmp_path / "out")
    case = speed_case(results)
    assert case["extra_data"]["status"] == "timeout"
    assert "times the reference's time) and was stopped" in case["output"], case["output"]
    assert case["extra_data"]["timing"]["hard_limit_seconds"] >= 1  # set after the warm-up
    assert correctness_points(results)[0] == correctness_points(results)[1]  # the ordinary cases never loop


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
