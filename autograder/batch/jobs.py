"""One student's grading as a job that a local pool or a Dask cluster runs.

A job carries everything a grading node needs (picklable, with the file's bytes where the node
cannot see the client's disk, and the hidden cases' seeds computed where the secret is). Every
sandbox gets a uid no other running sandbox on the machine uses.
"""
from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..grading import grade
from ..model import GradeResult
from ..sandbox import Limits
from ..sandbox.forkserver import ForkServer
from ..sandbox.limits import preload
from ..sandbox.slots import uid_slot


@dataclass
class Job:
    """Everything a grading node needs for one submission (picklable, no paths required)."""

    student_id: str
    target: str
    filename: str
    path: str | None = None  # a local file, or
    data: bytes | None = None  # its content, for nodes that cannot see the client's disk
    seed: dict[str, int] | None = None  # per exercise, computed where the grader's secret is
    hide: list[str] = field(default_factory=list)


def preload_for(exercises: list) -> tuple[str, ...]:
    """What the warm pool imports once: numpy always, torch when an exercise needs it."""
    return preload(any(e.needs_torch for e in exercises))


def grade_job(job: Job, limits: Limits, forkserver: ForkServer | None = None) -> GradeResult:
    """Grade one submission: the one call per student that a pool or a cluster runs."""
    with contextlib.ExitStack() as stack:
        path, hide = job.path, list(job.hide)
        if job.data is not None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="dlgrade-batch-")))
            path = folder / Path(job.filename).name
            path.write_bytes(job.data)
            hide.append(str(folder))
        slot_limits = stack.enter_context(uid_slot(limits))
        return grade(job.target, Path(path), slot_limits, hide=hide, seed=job.seed, forkserver=forkserver)


def internal_result(target: str, filename: str, exc: BaseException) -> GradeResult:
    result = GradeResult(target, filename)
    result.internal_error = f"internal error: {type(exc).__name__}: {exc}"[:2000]
    return result


Publish = Callable[[str, GradeResult], str]


def _grade_and_publish(job: Job, limits: Limits, publish: Publish,
                       forkserver: ForkServer | None = None) -> tuple[GradeResult, str, str]:
    """A local pool's task: grade, then write the student's folder (rendering reports in parallel too)."""
    try:
        result, status = grade_job(job, limits, forkserver), "graded"
    except Exception as exc:  # the grader's own fault: recorded, and retried on the next run
        result, status = internal_result(job.target, job.filename, exc), "internal"
    return settle(job, result, status, publish)


def settle(job: Job, result: GradeResult, status: str, publish: Publish) -> tuple[GradeResult, str, str]:
    """Write the student's folder; a result that cannot be written becomes an 'internal' one that can."""
    status = "internal" if result.internal_error else status
    try:
        return result, status, publish(job.student_id, result)
    except Exception as exc:  # rendering or writing failed: the batch goes on, this student is retried
        result = internal_result(job.target, job.filename, exc)
        return result, "internal", publish(job.student_id, result)
