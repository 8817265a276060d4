"""Where jobs run: threads or processes of this machine over warm fork servers, or a Dask cluster.

Grading one submission is about 40 % work in this interpreter (comparing answers, naming
mistakes, rendering reports) and 60 % waiting for its sandbox. So up to `THREADS_ENOUGH` jobs at
once take turns on one interpreter lock without waiting for it, and threads of this process
over one fork server are the cheapest way to run them: on 2 cores they graded as many or more
submissions per minute than a process per job in 7 of 8 paired runs (up to 20 % more; at 2 and
at 4 jobs; `benchmarks/batch_throughput.py`). With more cores than that to use, every job
gets a process of its own, so that this work uses every core instead of queueing for one lock;
each such process keeps its own fork server. Either way the sandboxes fork from a warm process
that imported numpy, and torch where an exercise needs it, once, and each is a fresh process
behind every isolation layer (`sandbox/forkserver.py`).

`jobs` is how many submissions compute at once: a job whose sandbox only sleeps (at import, or in
a call until its limit stops it) lets one more start meanwhile, up to `SLEEPERS` more per job
(`sandbox/activity.py`), so a class with submissions that hang is not held up by their sleep.
"""
from __future__ import annotations

import abc
import concurrent.futures
import ctypes
import multiprocessing
import multiprocessing.util
import os
import signal
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import BatchError
from ..model import GradeResult
from ..sandbox import Limits, waiting
from ..sandbox.activity import Admission
from ..sandbox.forkserver import ForkServer
from .jobs import Job, Publish, _grade_and_publish, grade_job, internal_result, settle

THREADS_ENOUGH = 2  # jobs that one interpreter lock serves without a queue (see the docstring)
SLEEPERS = 1  # per job, how many more may run while jobs only wait for sandboxes that sleep (activity.py)
PR_SET_PDEATHSIG = 1
_forkserver: ForkServer | None = None  # in a grading process: its own warm fork server
_admission: Admission | None = None  # in a grading process: the batch's, shared with the others


def default_jobs() -> int:
    """How many submissions to grade at once by default: one per core this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def local_pool(jobs: int, preload: tuple[str, ...] = ("numpy",)) -> LocalPool:
    """Threads while one interpreter lock keeps up with the cores there are, a process per job beyond."""
    if min(jobs, default_jobs()) > THREADS_ENOUGH:
        return ProcessPool(jobs, preload)
    return ThreadPool(jobs, preload)


class LocalPool(abc.ABC):
    """N submissions at once on this machine; each is graded and its folder written by the job."""

    needs_data = False
    executor: concurrent.futures.Executor
    admission: Admission  # `jobs` compute at once; one more runs while one only sleeps

    @abc.abstractmethod
    def submit(self, job: Job, limits: Limits, publish: Publish) -> Any:
        """Start grading `job`; `publish` writes the student's folder where the job runs."""

    def outcome(self, future: Any, job: Job, publish: Publish) -> tuple[GradeResult, str, str]:
        try:
            return future.result()
        except Exception as exc:  # a grading process died (e.g. the OOM killer): retried next run
            return settle(job, internal_result(job.target, job.filename, exc), "internal", publish)

    def as_completed(self, futures: Iterable[Any]) -> Iterator[Any]:
        """Each future as it finishes, waited for in slices: Ctrl-C is handled while submissions run (waiting.py)."""
        pending = set(futures)
        while pending:
            done, pending = concurrent.futures.wait(pending, timeout=waiting.SLICE,
                                                    return_when=concurrent.futures.FIRST_COMPLETED)
            yield from done

    def cancel(self, futures: Iterable[Any]) -> None:
        self.admission.close()  # jobs waiting to be admitted end at once
        self.executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        self.executor.shutdown(wait=True)


class ThreadPool(LocalPool):
    """Jobs in threads of this process (grading mostly waits on sandboxes), over one fork server."""

    def __init__(self, jobs: int, preload: tuple[str, ...] = ("numpy",)) -> None:
        self.admission = Admission(jobs)
        self.executor = concurrent.futures.ThreadPoolExecutor(jobs * (1 + SLEEPERS), thread_name_prefix="dlgrade-grade")
        self.forkserver = ForkServer(preload)

    def submit(self, job: Job, limits: Limits, publish: Publish) -> Any:
        return self.executor.submit(_admitted, self.admission, job, limits, publish, self.forkserver)

    def close(self) -> None:
        super().close()
        self.forkserver.close()


def _admitted(admission: Admission, job: Job, limits: Limits, publish: Publish,
              forkserver: ForkServer | None) -> tuple[GradeResult, str, str]:
    """A job once the admission lets it compute (`activity.Closed` when the batch stopped first)."""
    with admission.admitted():
        return _grade_and_publish(job, limits, publish, forkserver)


def _start_grading_process(preload: tuple[str, ...], admission: Admission) -> None:
    """In each grading process: die with the batch, leave Ctrl-C to it, keep a fork server."""
    global _forkserver, _admission
    _admission = admission
    try:  # a batch killed with SIGKILL must not leave grading processes waiting for work forever
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the batch decides what an interrupt means
    _forkserver = ForkServer(preload)  # started by the first sandbox it forks
    multiprocessing.util.Finalize(_forkserver, _forkserver.close, exitpriority=10)


def _grade_in_process(job: Job, limits: Limits, publish: Publish) -> tuple[GradeResult, str, str]:
    return _admitted(_admission, job, limits, publish, _forkserver)


class ProcessPool(LocalPool):
    """Each job graded and published in a process of its own (spawned, each with a fork server)."""

    def __init__(self, jobs: int, preload: tuple[str, ...] = ("numpy",)) -> None:
        # spawn, not fork: the batch has threads (the progress display) and open databases.
        context = multiprocessing.get_context("spawn")
        self.admission = Admission(jobs, context)
        self.executor = concurrent.futures.ProcessPoolExecutor(
            jobs * (1 + SLEEPERS), mp_context=context, initializer=_start_grading_process,
            initargs=(preload, self.admission))

    def submit(self, job: Job, limits: Limits, publish: Publish) -> Any:
        """`publish` runs in the grading process too, so it must pickle (a module-level function or a partial)."""
        return self.executor.submit(_grade_in_process, job, limits, publish)


class DaskPool:
    """The same jobs on a Dask distributed cluster; the client keeps the store."""

    needs_data = True

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise BatchError('--scheduler needs Dask: pip install "dask[distributed]"') from None
        try:
            self.client = Client(address, timeout="30s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise BatchError(f"cannot reach the Dask scheduler {address}: {exc}") from None

    def submit(self, job: Job, limits: Limits, publish: Publish) -> Any:
        return self.client.submit(grade_job, job, limits, pure=False, key=f"dlgrade-{job.student_id}-{uuid.uuid4().hex[:8]}")

    def outcome(self, future: Any, job: Job, publish: Publish) -> tuple[GradeResult, str, str]:
        """The cluster grades; the client writes the student's folder."""
        try:
            result, status = future.result(), "graded"
        except Exception as exc:  # the grader's or the cluster's fault (a killed worker): retried next run
            result, status = internal_result(job.target, job.filename, exc), "internal"
        return settle(job, result, status, publish)

    def as_completed(self, futures: Iterable[Any]) -> Iterator[Any]:
        from distributed import as_completed

        return as_completed(list(futures))

    def cancel(self, futures: Iterable[Any]) -> None:
        self.client.cancel(list(futures))

    def close(self) -> None:
        self.client.close()
