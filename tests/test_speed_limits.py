"""What each call of a speed trial may take, on a fake clock: any load, without a loaded machine.

The workers are replaced by fakes whose calls "take" the clock and CPU seconds a test scripts,
and end as a timeout exactly when those exceed the limits the trial passed (as `WorkerSession`
does). So the tests say which limits the trial sets, and which verdict follows on a machine so
busy that a call gets a small share of a CPU, without depending on how busy this machine is.
"""
from __future__ import annotations

import json

import numpy as np
import pytest
from helpers import ROOT, grade

from dlgrade import catalog
from dlgrade.grading import timing
from dlgrade.i18n import t
from dlgrade.sandbox import CallOutcome, Limits, StartInfo

EXERCISE = catalog.load_exercise("conv2d")
PERF = EXERCISE.perf_cases()[0]  # budget 10 on the CPU
STUDENT = [{"index": 1, "source": "# the student's cells"}]
ANSWER = np.zeros(4)


def fake_workers(monkeypatch, reference: tuple[float, float], student: tuple[float, float],
                 cpu: bool = True, loads: tuple[str, ...] = ("reference", "student")) -> dict[str, list]:
    """Replace the trial's workers: every reference call takes `reference` = (clock, CPU) seconds,
    every student call `student`; a role not in `loads` runs out of time loading. Returns, per role,
    the Limits its worker got and the limits each of its calls was given."""
    given: dict[str, list] = {"reference": [], "student": [], "reference limits": [], "student limits": []}

    class FakeWorker:
        measures_cpu = cpu

        def __init__(self, cells, limits, hide=(), forkserver=None) -> None:
            self.role = "student" if cells == STUDENT else "reference"
            given[f"{self.role} limits"].append(limits)

        def start(self) -> StartInfo:
            if self.role not in loads:
                return StartInfo(False, t("timeout", detail=t("d_import_timeout", seconds=5)), status="timeout")
            return StartInfo(True, functions=[PERF.function])

        def close(self) -> None:
            pass

        def call(self, function, args, kwargs, timeout=None, device="cpu", cpu_timeout=None) -> CallOutcome:
            wall, used = reference if self.role == "reference" else student
            given[self.role].append({"wall": timeout, "cpu": cpu_timeout})
            if used > (cpu_timeout or float("inf")):
                return CallOutcome("timeout", seconds=cpu_timeout, detail=t("d_call_timeout", seconds=cpu_timeout))
            if wall > timeout:
                return CallOutcome("timeout", seconds=timeout, detail=t("d_call_timeout", seconds=timeout))
            return CallOutcome("ok", value=ANSWER, seconds=wall, cpu_seconds=used if cpu else None)

    monkeypatch.setattr(timing, "WorkerSession", FakeWorker)
    return given


def trial(limits: Limits = Limits()) -> timing.Timing:
    return timing.SpeedTrial(EXERCISE, PERF, STUDENT, limits, seed=1).run()


def test_a_reference_slower_than_the_students_call_limit_is_no_internal_error(monkeypatch):
    """--call-timeout 1 and a machine so busy that the reference's call takes 3 s on the clock
    (0.8 s of CPU): the reference is our own code, its calls are not held to the student's limit."""
    given = fake_workers(monkeypatch, reference=(3.0, 0.8), student=(3.0, 0.8))
    result = trial(Limits(call_timeout=1.0))
    assert result.verdict == "passed", result.detail
    assert result.ratio == pytest.approx(1.0)
    assert all(g["wall"] >= timing.REFERENCE_SECONDS and g["cpu"] is None for g in given["reference"])


def test_the_reference_loads_without_the_students_import_limit(monkeypatch):
    given = fake_workers(monkeypatch, reference=(0.02, 0.01), student=(0.02, 0.01))
    assert trial(Limits(import_timeout=5.0)).verdict == "passed"
    (student,), (reference,) = given["student limits"], given["reference limits"]
    assert student.import_timeout == 5.0 and reference.import_timeout >= timing.REFERENCE_SECONDS


def test_a_reference_that_does_not_load_is_the_graders_error_not_the_students(monkeypatch):
    fake_workers(monkeypatch, reference=(0.02, 0.01), student=(0.02, 0.01), loads=("student",))
    result = trial()
    assert result.verdict == "error"
    assert result.detail == t("internal", detail="the reference could not be loaded (timeout)")


def test_a_submission_that_does_not_load_says_so(monkeypatch):
    fake_workers(monkeypatch, reference=(0.02, 0.01), student=(0.02, 0.01), loads=("reference",))
    result = trial()
    assert result.verdict == "error"
    assert result.detail == t("load_failed", detail=t("timeout", detail=t("d_import_timeout", seconds=5)))


def test_a_fast_answer_starved_of_cpu_is_measured_not_cut_off(monkeypatch):
    """Half a CPU second that takes 4 s on the clock, beside a reference of a quarter second:
    ratio 2 in CPU time, within the budget; the first call's limit is --call-timeout in CPU time."""
    given = fake_workers(monkeypatch, reference=(2.0, 0.25), student=(4.0, 0.5))
    result = trial(Limits(call_timeout=1.0))
    assert result.verdict == "passed", result.detail
    assert result.ratio == pytest.approx(2.0) and result.clock == "cpu"
    assert given["student"][0] == {"wall": 1.0 * Limits.wall_factor, "cpu": 1.0}


def test_a_slow_answer_on_a_busy_machine_stays_slow(monkeypatch):
    """50 times the reference in CPU time, at 6 % of a CPU: "slow" with its ratio, not a timeout."""
    given = fake_workers(monkeypatch, reference=(0.02, 0.01), student=(8.0, 0.5))
    result = trial()
    assert result.verdict == "slow" and result.ratio == pytest.approx(50.0)
    assert result.hard_limit == pytest.approx(timing.HARD_FACTOR * PERF.cpu_budget * 0.01)  # 2 s of CPU
    assert given["student"][1] == {"wall": pytest.approx(result.hard_limit * Limits.wall_factor),
                                   "cpu": pytest.approx(result.hard_limit)}


def test_a_loop_is_cut_off_at_a_multiple_of_the_references_cpu_time(monkeypatch):
    given = fake_workers(monkeypatch, reference=(0.02, 0.01), student=(6.0, 5.0))
    result = trial()
    assert result.verdict == "timeout"
    assert result.detail == t("perf_timeout", seconds=2.0, factor=timing.HARD_FACTOR * PERF.cpu_budget)
    assert len(given["student"]) == 2  # the warm-up (within --call-timeout's 10 s), then the first timed call


def test_a_first_call_over_the_call_limit_names_that_limit(monkeypatch):
    fake_workers(monkeypatch, reference=(0.02, 0.01), student=(30.0, 2.0))
    result = trial(Limits(call_timeout=1.0))
    assert result.verdict == "timeout"
    assert result.detail == t("timeout", detail=t("d_call_timeout", seconds=1.0))  # no multiple of the reference's


def test_without_cpu_accounting_the_clock_decides(monkeypatch):
    given = fake_workers(monkeypatch, reference=(0.02, 0.0), student=(0.1, 0.0), cpu=False)
    result = trial()
    assert result.verdict == "passed" and result.ratio == pytest.approx(5.0) and result.clock == "wall"
    assert result.hard_limit == pytest.approx(timing.HARD_FACTOR * PERF.cpu_budget * 0.02)  # 4 s on the clock
    assert all(g["cpu"] is None for g in given["student"])
    assert given["student"][1]["wall"] == pytest.approx(result.hard_limit)


def test_a_call_limit_below_the_references_time_through_the_cli(tmp_path):
    """metrics' roc_auc on a million samples takes the reference far longer than 10 ms: with
    --call-timeout 0.01 the student's (here: the reference's own) first timed call runs out of
    time, and the reference's calls, which no student limit binds, do not fail."""
    results = grade("metrics", ROOT / "solutions/metrics/reference.py", tmp_path / "out", "--call-timeout", "0.01")
    (timed,) = [test for test in results["tests"] if test["tags"][2] == "performance"]
    assert timed["extra_data"]["status"] == "timeout", timed["output"]
    assert "did not finish within" in timed["output"] and "times the reference" not in timed["output"]
    assert results["extra_data"]["internal_error"] is None
    assert "Internal grader error" not in json.dumps(results)
