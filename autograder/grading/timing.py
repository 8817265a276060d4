"""Timed performance checks: the submission's speed as a ratio to the reference's.

Reference and submission run in two workers with the same limits and thread settings
(the reference is our own code, but it is timed in the same kind of sandbox so the two
numbers are comparable), under different uids, so the student's process cannot read the
reference's. After a warm-up, the two are timed interleaved on fresh inputs for every
repetition (so caching cannot help), every timed answer is checked (so detecting the
benchmark cannot help), and the verdict is the median ratio against a budget, never an
absolute time. A median close to the budget is measured once more; a call that takes a
large multiple of the reference's time is cut off, so a loop cannot stall grading.

The student's calls are limited like every other call (`Limits`): in CPU time where the worker's
cgroup accounts it, with `wall_factor` times that on the clock, so a busy machine turns neither
a fast answer nor a merely slow one into a timeout. The reference's calls are our own code: their
limit (to load, and per call) only guards against a broken exercise, never the student's limits, so
a loaded machine cannot make the reference "fail" (an internal error the student would be told to
report), and a reference that does fail is never called the student's failure.

What is trusted: only this process's measurements. On the CPU a call's time is the CPU time
the kernel accounted to the worker's cgroup between sending the call and receiving its whole
answer (the answer is encoded inside that span, so no work can hide after it; a busy
neighbour barely changes it); without a cgroup, this process's wall clock over the same span.
On a GPU it is the wall clock over that span: the worker copies the answer to the host to
send it, which waits for the device. Nothing the worker says about time is read.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np

from ..catalog import Exercise
from ..i18n import join, t
from ..sandbox import CallOutcome, Limits, WorkerSession, cuda_present
from ..spec import PerfCase
from .compare import compare

NOISE = 1.3  # a median within this factor of the budget is measured once more
HARD_FACTOR = 20  # a timed call may take HARD_FACTOR * budget * the reference's time (at least 1 s)
MIN_HARD_SECONDS = 1.0
MIN_SECONDS = 1e-6  # a measured time below this (a broken clock, no accounting) is not a measurement
REFERENCE_UID_OFFSET = 500  # reference workers run as uid + 500: never a student's uid (see batch slots)
REFERENCE_SECONDS = 60.0  # the reference's timed calls may take this long on the clock (or wall_factor x call_timeout)


@dataclass
class Timing:
    device: str
    budget: float
    verdict: str = "passed"  # passed, slow, wrong, timeout, error
    ratios: list[float] = field(default_factory=list)
    reference_seconds: list[float] = field(default_factory=list)
    submission_seconds: list[float] = field(default_factory=list)
    remeasured: bool = False
    hard_limit: float = 0.0
    detail: dict = field(default_factory=dict)
    device_name: str = ""
    clock: str = "wall"  # "cpu": the worker cgroup's CPU time; "wall": this process's clock

    @property
    def ratio(self) -> float:
        return float(np.median(self.ratios)) if self.ratios else math.inf

    def as_dict(self) -> dict:
        ref = float(np.median(self.reference_seconds)) if self.reference_seconds else None
        sub = float(np.median(self.submission_seconds)) if self.submission_seconds else None
        return {
            "device": self.device, "device_name": self.device_name, "budget": self.budget,
            "ratio": self.ratio if self.ratios else None, "ratios": [round(r, 4) for r in self.ratios],
            "reference_seconds": ref, "submission_seconds": sub, "remeasured": self.remeasured,
            "hard_limit_seconds": self.hard_limit, "verdict": self.verdict, "clock": self.clock,
            "summary": t("perf_summary", device=self.device_name or self.device,
                         ref_ms=(ref or 0) * 1e3, sub_ms=(sub or 0) * 1e3,
                         ratio=self.ratio if self.ratios else float("nan"), budget=self.budget),
        }


def choose_device(perf: PerfCase) -> str:
    return "cuda" if perf.cuda_inputs and cuda_present() else "cpu"


def cpu_name() -> str:
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                return "CPU: " + line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "CPU"


class SpeedTrial:
    """One timed case of one submission: two workers, interleaved repetitions, one verdict."""

    def __init__(self, exercise: Exercise, perf: PerfCase, student_cells: list[dict], limits: Limits, seed: int,
                 hide: list[str] = (), forkserver=None) -> None:
        self.exercise, self.perf, self.limits = exercise, perf, limits
        self.rng = np.random.default_rng(seed)
        self.device = choose_device(perf)
        self.timing = Timing(self.device, perf.cuda_budget if self.device == "cuda" else perf.cpu_budget)
        self.timing.device_name = "CUDA" if self.device == "cuda" else cpu_name()
        reference = [{"index": 1, "source": exercise.reference_source()}]
        uid = limits.sandbox_uid()
        reference_limits = dataclasses.replace(limits, import_timeout=max(limits.import_timeout, REFERENCE_SECONDS),
                                               uid=uid + REFERENCE_UID_OFFSET if uid is not None else None)
        self.reference = WorkerSession(reference, reference_limits, hide=list(hide), forkserver=forkserver)
        self.student = WorkerSession(student_cells, limits, hide=list(hide), forkserver=forkserver)

    def run(self) -> Timing:
        try:
            started = self.reference.start()
            if not started.ok or self.perf.function not in started.functions:
                return self._stop("error", t("internal", detail=f"the reference could not be loaded ({started.status})"))
            started = self.student.start()
            if not started.ok or self.perf.function not in started.functions:
                return self._stop("error", t("load_failed", detail=started.reason or self.perf.function))
            ref, stu = self._pair(0, warmup=True)
            if self.timing.verdict != "passed":
                return self.timing
            self.timing.hard_limit = max(MIN_HARD_SECONDS, HARD_FACTOR * self.timing.budget * self._measure(ref))
            self._repeat(self.perf.repetitions)
            if self.timing.verdict == "passed" and abs(math.log(self.timing.ratio / self.timing.budget)) < math.log(NOISE):
                self.timing.remeasured = True
                self._repeat(self.perf.repetitions)
            if self.timing.verdict == "passed" and self.timing.ratio > self.timing.budget:
                self.timing.verdict = "slow"
            return self.timing
        finally:
            self.reference.close()
            self.student.close()

    def _repeat(self, n: int) -> None:
        for i in range(n):
            ref, stu = self._pair(i, warmup=False)
            if self.timing.verdict != "passed":
                return
            ref_time, stu_time = self._measure(ref), self._measure(stu)
            if not (math.isfinite(ref_time) and math.isfinite(stu_time)) or min(ref_time, stu_time) < MIN_SECONDS:
                self._stop("error", t("perf_unmeasurable"))
                return
            self.timing.reference_seconds.append(ref_time)
            self.timing.submission_seconds.append(stu_time)
            self.timing.ratios.append(stu_time / ref_time)

    def _measure(self, outcome: CallOutcome) -> float:
        """The time this trial trusts for one call (see the module's docstring)."""
        if self.device == "cpu" and outcome.cpu_seconds is not None:
            self.timing.clock = "cpu"
            return outcome.cpu_seconds
        self.timing.clock = "wall"
        return outcome.seconds

    def _student_limits(self, seconds: float) -> tuple[float, float | None]:
        """(clock, CPU) limits of a student's call that may compute for `seconds`: CPU time where the
        cgroup accounts it (a GPU's work is not the worker's CPU time: there the clock alone)."""
        if self.device == "cpu" and self.student.measures_cpu:
            return seconds * self.limits.wall_factor, seconds
        return seconds, None

    def _pair(self, i: int, warmup: bool) -> tuple[CallOutcome, CallOutcome]:
        """Fresh inputs, both workers, alternating who goes first; checks the student's answer."""
        args, kwargs = self.perf.make_inputs(self.rng, self.device)
        student_seconds = self.limits.call_timeout if warmup else self.timing.hard_limit
        reference_wall = max(REFERENCE_SECONDS, self.limits.call_timeout * self.limits.wall_factor)
        calls = [("ref", self.reference, (reference_wall, None)), ("stu", self.student, self._student_limits(student_seconds))]
        if i % 2:
            calls.reverse()
        out = {name: session.call(self.perf.function, args, kwargs, timeout=wall, device=self.device, cpu_timeout=cpu)
               for name, session, (wall, cpu) in calls}
        ref, stu = out["ref"], out["stu"]
        if ref.status != "ok":
            self._stop("error", t("internal", detail=f"the reference failed on a timed input ({ref.status})"))
        elif stu.status == "timeout" and warmup:  # the limit of any call (--call-timeout), no multiple of the reference's
            self._stop("timeout", t("timeout", detail=stu.detail))
        elif stu.status == "timeout":
            self._stop("timeout", t("perf_timeout", seconds=student_seconds, factor=HARD_FACTOR * self.timing.budget))
        elif stu.status != "ok":
            detail = (stu.error or {}).get("type") or stu.detail or stu.status
            self._stop("error", t("perf_error", detail=detail))
        else:
            comparison = compare(stu.value, ref.value, self.perf.check)
            if not comparison.ok:
                self._stop("wrong", join(t("perf_wrong"), comparison.message))
        return ref, stu

    def _stop(self, verdict: str, message: dict) -> Timing:
        self.timing.verdict = verdict
        self.timing.detail = message
        return self.timing
