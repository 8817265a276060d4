"""Where jobs run: threads of this process over a warm fork server, or a Dask cluster."""
from __future__ import annotations

import concurrent.futures
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import BatchError
from ..model import GradeResult
from ..sandbox import Limits
from ..sandbox.forkserver import ForkServer
from .jobs import Job, Publish, _grade_and_publish, grade_job, internal_result, settle


class LocalPool:
    """N submissions at once in threads of this process (grading waits on sandboxes, not the GIL).

    Workers fork from a warm fork server that imported numpy (and torch, where an exercise
    needs it) once; each is still a fresh process behind every isolation layer.
    """

    needs_data = False

    def __init__(self, jobs: int, preload: tuple[str, ...] = ("numpy",)) -> None:
        self.executor = concurrent.futures.ThreadPoolExecutor(jobs, thread_name_prefix="dlgrade-grade")
        self.forkserver = ForkServer(preload)

    def submit(self, job: Job, limits: Limits, publish: Publish) -> Any:
        return self.executor.submit(_grade_and_publish, job, limits, publish, self.forkserver)

    def outcome(self, future: Any, job: Job, publish: Publish) -> tuple[GradeResult, str, str]:
        return future.result()

    def as_completed(self, futures: Iterable[Any]) -> Iterator[Any]:
        return concurrent.futures.as_completed(list(futures))

    def cancel(self, futures: Iterable[Any]) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        self.forkserver.close()


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
