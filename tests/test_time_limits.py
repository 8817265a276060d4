"""Call limits that follow the work: derived from the reference's time on the same input, stopped
by the worker's CPU time where it is measured, and reported per case. No assertion here depends on
how fast or busy the machine is: limits are checked against the rule and the reference time the
grader recorded, and which limit stopped a call is read from the message, not from a clock."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from helpers import ROOT, grade

from dlgrade.sandbox import Limits, WorkerSession, cpuwatch
from dlgrade.sandbox.cgroup import Cgroup

REFERENCE = (ROOT / "solutions/perceptron/reference.py").read_text()
FUNCTIONS = {"predict", "misclassified", "perceptron_loss", "perceptron_step", "train_perceptron"}


def every_function(source: str, body: str) -> str:
    return re.sub(r"^(def [^\n]*:\n)", lambda m: m.group(1) + f"    {body}\n", source, flags=re.M)


def rule(limit: dict) -> float:
    """What Limits.call_limit gives for the reference time and floor the grader recorded."""
    derived = limit["factor"] * limit["reference_seconds"] if limit["reference_seconds"] else 0.0
    return min(limit["cap"], max(limit["floor"], derived))


# ------------------------------------------------------------------ the rule

def test_a_limit_is_a_multiple_of_the_reference_time_between_a_floor_and_the_cap():
    limits = Limits(call_timeout=10, call_timeout_factor=50, call_timeout_min=1, retimeout_min=0.25)
    assert limits.call_limit(None) == 1  # nothing measured (a literal expected value): the floor
    assert limits.call_limit(0.001) == 1  # 50 ms is below the floor
    assert limits.call_limit(0.1) == pytest.approx(5)
    assert limits.call_limit(1.0) == 10  # capped by --call-timeout
    assert limits.call_limit(0.001, timed_out_before=True) == 0.25  # a function that hung before: a lower floor
    assert limits.call_limit(0.1, timed_out_before=True) == pytest.approx(5)  # ... but the multiple still holds
    assert Limits(call_timeout=0.5).call_limit(None) == 0.5  # the cap wins over the floor
    assert Limits(call_timeout_min=0.1).call_limit(None, timed_out_before=True) == 0.1  # never above the floor


# ------------------------------------------------------------------ the watch, on a fake clock

class FakeCgroup:
    """A clock, a CPU counter, a run-queue wait and an output count that the test moves: any load,
    without a loaded machine."""

    def __init__(self, monkeypatch) -> None:
        self.now, self.cpu, self.waited, self.printed = 100.0, 5.0, 2.0, 0
        monkeypatch.setattr(cpuwatch.time, "monotonic", lambda: self.now)

    def watch(self, limit: float = 1.0):
        return cpuwatch.CpuWatch.start(lambda: self.cpu, limit, lambda: self.waited, lambda: self.printed)

    def run(self, watch, seconds: float, share: float, step: float = 0.05, queued: float = 0.0,
            bytes_per_step: int = 0) -> bool:
        """Let `seconds` pass while the call gets `share` of a CPU and waits `queued` of the time in a
        run queue (and prints `bytes_per_step`); whether the watch stopped it."""
        for _ in range(round(seconds / step)):
            self.now += step
            self.cpu += share * step
            self.waited += queued * step
            self.printed += bytes_per_step
            if watch.over():
                return True
        return False


def test_a_starved_but_computing_call_is_never_idle(monkeypatch):
    cgroup = FakeCgroup(monkeypatch)
    watch = cpuwatch.CpuWatch.start(lambda: cgroup.cpu, limit=1.0)
    assert not cgroup.run(watch, 45, share=0.02)  # 45 s at 2 % of a CPU (a machine 50 times overloaded)
    assert not watch.idle and not watch.spent
    assert cgroup.run(watch, 10, share=0.02)  # ... it stops only once it has computed for its second
    assert watch.spent and not watch.idle


def test_an_idle_call_is_stopped_after_its_limit_not_before(monkeypatch):
    cgroup = FakeCgroup(monkeypatch)
    watch = cpuwatch.CpuWatch.start(lambda: cgroup.cpu, limit=1.0)
    assert not cgroup.run(watch, 0.9, share=0.0)  # idle, but within its limit
    assert cgroup.run(watch, 0.5, share=0.0) and watch.idle and not watch.spent


def test_a_loop_is_stopped_after_its_cpu_time(monkeypatch):
    cgroup = FakeCgroup(monkeypatch)
    watch = cpuwatch.CpuWatch.start(lambda: cgroup.cpu, limit=1.0)
    assert not cgroup.run(watch, 0.9, share=1.0)
    assert cgroup.run(watch, 0.2, share=1.0) and watch.spent


def test_a_call_that_waits_for_a_cpu_is_not_idle_however_little_it_gets(monkeypatch):
    """A machine so busy that a correct call gets 0.2 % of a CPU: it waits in the run queue, it does not idle."""
    cgroup = FakeCgroup(monkeypatch)
    watch = cgroup.watch()
    assert not cgroup.run(watch, 30, share=0.002, queued=0.9)
    assert not watch.idle


def test_a_call_whose_output_the_grader_is_still_taking_in_is_not_idle(monkeypatch):
    """Blocked on a full output pipe because the busy grader reads slowly: waiting for the grader, not idle."""
    cgroup = FakeCgroup(monkeypatch)
    watch = cgroup.watch()
    assert not cgroup.run(watch, 30, share=0.0, bytes_per_step=65536)
    assert cgroup.run(watch, 1.0, share=0.0) and watch.idle  # once the output stops, so does the call


def test_a_sleeping_call_on_a_busy_machine_is_still_idle(monkeypatch):
    """Neither computing, nor queued for a CPU, nor printing: stopped after its limit, loaded machine or not."""
    cgroup = FakeCgroup(monkeypatch)
    watch = cgroup.watch()
    assert cgroup.run(watch, 1.5, share=0.0005, queued=0.001) and watch.idle


def test_the_run_queue_wait_is_read_from_the_kernel_for_every_thread_of_the_group(tmp_path):
    """`waiting_seconds` sums schedstat's run-queue time over the threads the group lists; a thread
    that has ended is skipped, not an error."""
    group = Cgroup.__new__(Cgroup)
    group.threads_file = tmp_path / "tasks"
    group.threads_file.write_text(f"{os.getpid()}\n999999999\n")
    before = int(Path("/proc/self/schedstat").read_text().split()[1]) / 1e9
    waited = group.waiting_seconds()
    after = int(Path("/proc/self/schedstat").read_text().split()[1]) / 1e9
    assert before <= waited <= after
    group.threads_file = tmp_path / "gone"
    assert group.waiting_seconds() == 0.0


def test_a_call_is_looked_at_sooner_the_nearer_it_is_to_its_limit(monkeypatch):
    """The soonest a call can spend the rest of its limit is with every CPU computing for it: no look is
    later than that (so a loop is stopped close to its limit), none sooner than POLL_MIN apart."""
    monkeypatch.setattr(cpuwatch, "CPUS", 2)
    cgroup = FakeCgroup(monkeypatch)
    watch = cgroup.watch(limit=1.0)
    assert watch.pause() == cpuwatch.POLL  # far from the limit: the usual pace
    cgroup.run(watch, 0.95, share=1.0, step=0.95)
    assert watch.pause() == pytest.approx(0.025)  # 0.05 s of CPU left, two CPUs: 25 ms at the soonest
    cgroup.run(watch, 0.049, share=1.0, step=0.049)
    assert watch.pause() == cpuwatch.POLL_MIN


def test_a_watch_without_a_limit_never_stops_a_call_but_says_when_it_is_quiet(monkeypatch):
    """An import's watch: it may take its whole import limit; a batch only learns whether it sleeps now."""
    cgroup = FakeCgroup(monkeypatch)
    watch = cpuwatch.CpuWatch.start(lambda: cgroup.cpu, waited=lambda: cgroup.waited)
    assert not cgroup.run(watch, 60, share=0.0) and watch.quiet and not watch.idle
    assert not cgroup.run(watch, 0.5, share=1.0) and not watch.quiet  # it computes again
    assert not cgroup.run(watch, 0.5, share=0.002, queued=0.9) and not watch.quiet  # it waits for a CPU: not asleep
    assert watch.pause() == cpuwatch.POLL


def test_no_accounting_no_watch():
    assert cpuwatch.CpuWatch.start(lambda: None, limit=1.0) is None


# ------------------------------------------------------------------ the session: CPU time and wall clock

CELLS = [{"index": 1, "source": "import time\n\ndef spin():\n    while True:\n        pass\n\n"
                                 "def nap():\n    time.sleep(3600)\n\ndef quick():\n    return 1.5\n"}]


@pytest.fixture
def session():
    session = WorkerSession(CELLS, Limits())
    try:
        assert session.start().ok
        if not session.measures_cpu:
            pytest.skip("no cgroup with CPU accounting here: calls are limited by the wall clock only")
        yield session
    finally:
        session.close()


def test_a_loop_is_stopped_by_its_cpu_time_not_the_wall_clock(session):
    outcome = session.call("spin", (), {}, timeout=120, cpu_timeout=0.3)
    assert outcome.status == "timeout"
    assert "within 0.3 s" in outcome.detail["en"]  # the CPU limit fired, not the 120 s one


def test_a_sleeping_call_is_stopped_once_it_idles_past_its_limit(session):
    outcome = session.call("nap", (), {}, timeout=120, cpu_timeout=0.3)
    assert outcome.status == "timeout"
    assert "within 0.3 s" in outcome.detail["en"]  # it uses no CPU time: stopped as idle, not at 120 s


def test_without_a_cpu_limit_the_wall_clock_decides(session):
    outcome = session.call("nap", (), {}, timeout=0.5)
    assert outcome.status == "timeout"
    assert "within 0.5 s" in outcome.detail["en"]


def test_a_call_within_its_cpu_time_answers(session):
    assert session.call("quick", (), {}, timeout=120, cpu_timeout=0.3).value == 1.5


# ------------------------------------------------------------------ through the command line

def test_every_function_looping_forever_times_out_everywhere_under_derived_limits(tmp_path):
    path = tmp_path / "perceptron.py"
    path.write_text(every_function(REFERENCE, "while True: pass"))
    results = grade("perceptron", path, tmp_path / "out", "--call-timeout-min", "0.3")
    assert results["score"] == 0
    seen: set[str] = set()
    for test in results["tests"]:
        data, function = test["extra_data"], test["tags"][1]
        assert data["status"] == "timeout"
        assert "An infinite loop?" in data["message"]["en"] and "Endlosschleife?" in data["message"]["de"]
        assert "times the reference solution's time" in data["message"]["en"]
        assert "may not sleep or wait longer" in data["message"]["en"]
        limit = data["time_limit"]
        assert limit["floor"] == (0.25 if function in seen else 0.3)  # lower once the function has hung
        assert limit["seconds"] == pytest.approx(rule(limit), abs=1e-3)
        assert limit["seconds"] < limit["cap"] == 10  # not the fixed ten seconds of old
        if limit["wall_seconds"] != limit["seconds"]:  # CPU time measured: the clock allows a multiple
            assert limit["wall_seconds"] == pytest.approx(Limits.wall_factor * limit["seconds"], abs=1e-3)
        seen.add(function)
    assert seen == FUNCTIONS


def test_a_function_that_hangs_costs_only_its_own_cases(tmp_path):
    path = tmp_path / "perceptron.py"
    path.write_text(REFERENCE + "\n\ndef perceptron_step(w, b, X, y, eta):\n    import time\n    time.sleep(3600)\n")
    results = grade("perceptron", path, tmp_path / "out")
    statuses = {t["tags"][1]: set() for t in results["tests"]}
    for test in results["tests"]:
        statuses[test["tags"][1]].add(test["extra_data"]["status"])
    assert statuses["perceptron_step"] == {"timeout"}
    assert all(statuses[f] == {"passed"} for f in FUNCTIONS - {"perceptron_step", "train_perceptron"})


def test_limits_follow_the_reference_time_of_each_case(tmp_path):
    results = grade("perceptron", ROOT / "solutions/perceptron/reference.py", tmp_path / "out",
                    "--call-timeout-factor", "1000000")
    assert results["score"] == results["max_score"]
    limits = [t["extra_data"]["time_limit"] for t in results["tests"]]
    for limit in limits:
        assert limit["factor"] == 1e6 and limit["floor"] == 1.0 and not limit["exercise_timeout"]
        assert limit["seconds"] == pytest.approx(rule(limit), abs=1e-3)
    measured = [limit for limit in limits if limit["reference_seconds"]]
    assert measured and all(limit["seconds"] > limit["floor"] for limit in measured)  # a microsecond x 1e6 > 1 s


def test_an_exercise_may_set_a_case_limit_of_its_own(tmp_path):
    results = grade("autodiff", ROOT / "solutions/autodiff/reference.py", tmp_path / "out")
    own = [t["extra_data"]["time_limit"] for t in results["tests"] if t["extra_data"]["time_limit"]["exercise_timeout"]]
    assert own and all(limit["seconds"] == 5.0 for limit in own)  # the ladder of diamonds (solutions/autodiff)


def test_the_wall_clock_limit_is_exactly_its_multiple_of_the_limit_shown(monkeypatch):
    """A derived limit with more than three decimals (a slow reference, e.g. on a busy machine): the
    report shows the limit rounded, and the clock's limit is the multiple of what it shows."""
    from dlgrade.catalog import load_exercise
    from dlgrade.grading.engine import Grading
    from dlgrade.grading.submission import load_submission

    exercise = load_exercise("perceptron")
    grading = Grading([exercise], load_submission(ROOT / "exercises/perceptron/stub.py"), Limits())
    monkeypatch.setattr(WorkerSession, "measures_cpu", property(lambda self: True))
    case, _ = exercise.paired_cases(0)[0]
    limit = grading._time_limit(exercise, case, 0.037448)  # 50 x: 1.8724 s
    assert limit["seconds"] == 1.872
    assert limit["wall_seconds"] == round(Limits.wall_factor * 1.872, 3)
