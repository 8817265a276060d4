"""A batch runs `jobs` computing submissions at once, and one more while one only sleeps.

The admission's rules on threads and processes the test steers, the session's word on a sandbox
that sleeps or loops at import, and a batch in which a submission asleep at import does not hold
up the class. No assertion depends on how fast the machine is: every wait has a generous deadline,
and what must not happen is checked at a moment where the rules forbid it whatever the timing.
"""
from __future__ import annotations

import multiprocessing
import queue
import threading
import time

import pytest
from helpers import CORRECT, gradebook, run_dlgrade, until

from dlgrade.sandbox import Limits, WorkerSession, activity
from dlgrade.sandbox.activity import Admission, Closed

SOON = 10.0  # seconds: the deadline of anything that should happen at once


class Holder(threading.Thread):
    """A job that is admitted, then reports what the test tells it ("sleep", "wake") until "leave"."""

    def __init__(self, admission: Admission) -> None:
        super().__init__(daemon=True)
        self.admission, self.entered, self.orders, self.refused = admission, threading.Event(), queue.Queue(), None
        self.start()

    def run(self) -> None:
        try:
            with self.admission.admitted():
                self.entered.set()
                for order in iter(self.orders.get, "leave"):
                    activity.report(sleeping=order == "sleep")
        except Closed as exc:
            self.refused = exc

    def do(self, order: str) -> None:
        self.orders.put(order)

    def leave(self) -> None:
        self.do("leave")
        self.join(SOON)


def test_a_job_waits_while_others_compute_and_starts_when_one_sleeps():
    admission = Admission(1)
    a = Holder(admission)
    assert a.entered.wait(SOON)
    b = Holder(admission)
    assert not b.entered.wait(0.3)  # a computes: no room, however long b waits
    a.do("sleep")
    assert b.entered.wait(SOON)  # a only sleeps: b starts
    assert admission.busy == 1
    a.do("wake")
    assert until(lambda: admission.busy == 2, SOON, step=0.005)  # both compute now: no one else until one of them ends
    c = Holder(admission)
    a.leave()
    assert not c.entered.wait(0.3) and admission.busy == 1  # b still computes
    b.do("leave")
    assert c.entered.wait(SOON)
    c.leave()
    assert admission.busy == 0


def test_a_job_that_ends_asleep_frees_its_room_once():
    admission = Admission(2)
    a = Holder(admission)
    assert a.entered.wait(SOON)
    a.do("sleep")
    assert until(lambda: admission.busy == 0, SOON, step=0.005)
    a.do("sleep")  # said twice: counted once
    a.leave()
    assert admission.busy == 0


def test_jobs_still_waiting_end_unstarted_when_the_batch_stops():
    admission = Admission(1)
    a = Holder(admission)
    assert a.entered.wait(SOON)
    b = Holder(admission)
    admission.close()
    b.join(SOON)
    assert isinstance(b.refused, Closed) and not b.entered.is_set()
    a.leave()
    assert a.refused is None and admission.busy == 0


def test_reports_outside_an_admitted_job_change_nothing():
    activity.report(sleeping=True)
    assert not activity.admitted()


def _sleep_in_a_process(admission: Admission, asleep, leave) -> None:
    with admission.admitted():
        activity.report(sleeping=True)
        asleep.set()
        leave.wait(60)


def test_processes_share_one_admission():
    context = multiprocessing.get_context("spawn")
    admission, asleep, leave = Admission(1, context), context.Event(), context.Event()
    child = context.Process(target=_sleep_in_a_process, args=(admission, asleep, leave))
    child.start()
    try:
        assert asleep.wait(60)
        assert admission.busy == 0  # the other process's job sleeps: room here
        with admission.admitted():
            assert admission.busy == 1
    finally:
        leave.set()
        child.join(60)
    assert child.exitcode == 0 and admission.busy == 0


# ------------------------------------------------------------------ the session's word

@pytest.fixture(scope="module")
def accounted():
    session = WorkerSession([{"index": 1, "source": "x = 1\n"}], Limits())
    try:
        if not session.start().ok or not session.measures_cpu:
            pytest.skip("no cgroup with CPU accounting here: a batch never learns that a sandbox sleeps")
    finally:
        session.close()


def import_seen(source: str, import_timeout: float) -> tuple[set[int], object]:
    """The admission's count of computing jobs, as seen while one job imports `source`; and how the start ended."""
    admission, seen, ended = Admission(1), set(), {}
    session = WorkerSession([{"index": 1, "source": source}], Limits(import_timeout=import_timeout))

    def job() -> None:
        with admission.admitted():
            ended["start"] = session.start()
        session.close()

    thread = threading.Thread(target=job, daemon=True)
    thread.start()
    while thread.is_alive():
        seen.add(admission.busy)
        time.sleep(0.01)
    thread.join()
    return seen, ended["start"]


def test_a_sandbox_asleep_at_import_lets_another_job_in(accounted):
    seen, start = import_seen("import time\ntime.sleep(3600)\n", import_timeout=5)
    assert 0 in seen  # for a while, this job counted as not computing
    assert start.status == "timeout"  # and its import limit still holds


def test_a_sandbox_that_computes_at_import_never_does(accounted):
    seen, start = import_seen("while True:\n    pass\n", import_timeout=2)
    assert seen == {1} and start.status == "timeout"


# ------------------------------------------------------------------ a batch

def test_a_submission_asleep_at_import_does_not_hold_up_the_class(accounted, tmp_path):
    """One job at a time: the sleeper, first in line, is still importing when the other is graded."""
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "s1.py").write_text("import time\ntime.sleep(8)\n" + CORRECT.read_text())
    (subs / "s2.py").write_text(CORRECT.read_text())
    proc = run_dlgrade("grade-batch", "perceptron", str(subs), "--out", str(tmp_path / "out"), "--jobs", "1",
                       "--import-timeout", "60", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    rows = {r["Student ID"]: r for r in gradebook(tmp_path / "out", timestamps=True)}
    assert rows["s1"]["Total"] == rows["s1"]["Max"] == rows["s2"]["Total"]  # a slow import costs no points
    assert rows["s2"]["Graded at"] < rows["s1"]["Graded at"]
