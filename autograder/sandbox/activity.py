"""Which running jobs of a batch compute, and which only wait for a sandbox that sleeps.

A batch grades `jobs` submissions at once because the machine has that many cores. A submission
whose worker sleeps (at import, or in a call until its limit stops it) holds a job but no core,
and the class waits for it with a core idle. So an `Admission` lets `computing` jobs run, counts
a job whose sandbox sat idle for a whole window (`cpuwatch.CpuWatch.quiet`: no CPU time, no wait
for a CPU, no output) as not computing while it stays so, and admits the next job meanwhile.
A job counts as computing again as soon as its worker computes or the wait ends.

What a call may use does not change: its limits are CPU time where a job is admitted like this
(a cgroup accounts it), and a call that waits for a CPU is never counted as idle; a job that
wakes up only makes the machine briefly busier, which the limits already allow for.

The session reports through `report`, for the job its thread runs (`Admission.admitted`); outside
a batch, nothing is admitted and a report costs nothing.
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from . import waiting

_current = threading.local()


class _Value:
    """A number shared by the threads of one process (where jobs are processes: shared memory)."""

    value = 0


class Closed(Exception):
    """The batch stopped (Ctrl-C) while this job waited to be admitted: it is not graded."""


class Admission:
    """At most `computing` jobs compute at once; a job whose sandbox sleeps lets another in.

    `context`: a multiprocessing context when the jobs are processes (the count then lives in
    shared memory); threads of one process by default.
    """

    def __init__(self, computing: int, context=None) -> None:
        self.computing = computing
        self._cond = context.Condition() if context is not None else threading.Condition()
        self._busy = context.RawValue("i", 0) if context is not None else _Value()
        self._closed = context.RawValue("i", 0) if context is not None else _Value()

    @property
    def busy(self) -> int:
        """How many admitted jobs count as computing now."""
        with self._cond:
            return self._busy.value

    @contextlib.contextmanager
    def admitted(self) -> Iterator[None]:
        """Wait for room, then run the body as one computing job of this thread (`Closed`: the batch stopped)."""
        with self._cond:
            while self._busy.value >= self.computing and not self._closed.value:
                self._cond.wait(waiting.SLICE)  # sliced: a signal is handled meanwhile
            if self._closed.value:
                raise Closed
            self._busy.value += 1
        _current.job = job = _Job(self)
        try:
            yield
        finally:
            _current.job = None
            job.sleeps(False)
            self._change(-1)

    def close(self) -> None:
        """Admit no one any more: the jobs still waiting end with `Closed`."""
        with self._cond:
            self._closed.value = 1
            self._cond.notify_all()

    def _change(self, by: int) -> None:
        with self._cond:
            self._busy.value += by
            if by < 0:
                self._cond.notify()


class _Job:
    """One admitted job: whether its sandbox sleeps now."""

    def __init__(self, admission: Admission) -> None:
        self.admission, self.sleeping = admission, False

    def sleeps(self, sleeping: bool) -> None:
        if sleeping != self.sleeping:
            self.sleeping = sleeping
            self.admission._change(-1 if sleeping else 1)


def report(sleeping: bool) -> None:
    """The session's word on its sandbox: it sleeps (True) or computes or answered (False)."""
    job = getattr(_current, "job", None)
    if job is not None:
        job.sleeps(sleeping)


def admitted() -> bool:
    """Whether this thread runs a job of an `Admission` (whose sandbox's sleep counts)."""
    return getattr(_current, "job", None) is not None
