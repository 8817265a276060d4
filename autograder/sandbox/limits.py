"""What one submission may use, the worker's environment, and which isolation layers exist.

These are the knobs an instructor turns (`dlgrade grade --help` lists them) and the facts
about the machine the sandbox adapts to (a GPU, the interpreter's folders).

A call's time limit follows the work: `Limits.call_limit` derives it from the reference's time
on the same input, measured by the grader (a generous multiple, never below a floor, never above
`call_timeout`), so a submission that loops forever in every function costs seconds, not minutes.
Where the worker's cgroup accounts CPU time the limit is CPU time, which a busy machine does not
change, so a correct answer does not time out because the grading machine is loaded; a call that
sleeps or waits is stopped once it has idled past its limit (`cpuwatch.py`), and any call at
`wall_factor` times its limit on the clock. The multiple leaves room
for a correct answer with loops, the floor for what a tiny call pays in a fresh worker
(`benchmarks/timeout_margins.py` measures both margins).
"""
from __future__ import annotations

import functools
import os
import site
import sys
from dataclasses import dataclass
from pathlib import Path

GiB = 1 << 30


@dataclass
class Limits:
    """What one submission may use; the defaults suit a course (all configurable)."""

    memory_bytes: int = 4 * GiB
    processes: int = 64
    cpu_seconds: int = 120
    file_bytes: int = 64 << 20
    open_files: int = 256
    call_timeout: float = 10.0  # the most any call may take (an exercise's own case timeout aside)
    call_timeout_factor: float = 50.0  # a call may compute for this many times the reference's time on its input ...
    call_timeout_min: float = 1.0  # ... but at least this long
    retimeout_min: float = 0.25  # the floor for a function that already ran into its limit once in this run
    wall_factor: float = 5.0  # where the limit is CPU time, a call may take this many times it on the clock
    import_timeout: float = 20.0
    total_timeout: float = 300.0
    output_bytes: int = 64 << 10
    scratch_bytes: int = 64 << 20  # the worker's scratch folder: a tmpfs of this size and inode count
    scratch_inodes: int = 4096
    answer_bytes: int = 256 << 20
    answer_elements: int = 50_000_000
    uid: int | None = None  # None: 61000 when the grader runs as root (the CLI takes a free slot above it)
    hide: tuple[str, ...] = ()
    namespaces: tuple[str, ...] = ("mount_ns", "net_ns", "ipc_ns", "pid_ns", "uts_ns")  # fewer inside some LMS containers

    def call_limit(self, reference_seconds: float | None, timed_out_before: bool = False) -> float:
        """Seconds a call may take, from the reference's time on the same input (None: not measured).

        `timed_out_before`: the function already ran into its limit on another input, so the
        floor (there for cold starts and a busy machine) drops to `retimeout_min`; the multiple
        of the reference's time still applies, so a correct but slower answer keeps its room.
        """
        floor = min(self.call_timeout_min, self.retimeout_min) if timed_out_before else self.call_timeout_min
        derived = self.call_timeout_factor * reference_seconds if reference_seconds else 0.0
        return min(self.call_timeout, max(floor, derived))

    def sandbox_uid(self) -> int | None:
        if os.geteuid() != 0:
            return None
        return self.uid if self.uid is not None else 61000


def worker_env() -> dict[str, str]:
    """The scrubbed environment of every worker: one BLAS/OpenMP thread, nothing of the grader's."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1",
           "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1"}
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "CUDA_VISIBLE_DEVICES"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


LAYER_WARNINGS = {
    "uid": "the submission ran as root ({reason}); files readable only by root were visible to it",
    "mount_ns": "no mount namespace: the project folder (with solutions/) is hidden only by file permissions",
    "net_ns": "no network namespace: the submission could reach the network",
    "pid_ns": "no PID namespace: processes the submission started were killed through the cgroup only",
    "cgroup": "no cgroup: memory and process limits come from rlimits only",
    "scratch_quota": "no size-limited scratch folder: what the submission writes goes to the grader's disk "
                     "(file size limit only)",
}


def layer_warnings(layers: dict) -> list[str]:
    """What an instructor should know about layers that were not active (in English)."""
    warnings = []
    if os.geteuid() == 0 and layers.get("uid") == 0:
        warnings.append(LAYER_WARNINGS["uid"].format(reason=layers.get("uid_error", "no sandbox uid")))
    if layers:  # an empty report means the worker never started: nothing to say about layers
        warnings += [LAYER_WARNINGS[name] for name in ("mount_ns", "net_ns", "pid_ns", "cgroup", "scratch_quota")
                     if not layers.get(name)]
    return warnings


def preload(needs_torch: bool) -> tuple[str, ...]:
    """What a warm fork server imports once: numpy always, torch (and what it imports lazily,
    `warm_torch`) when an exercise needs it."""
    return ("numpy", "torch", "warm_torch") if needs_torch else ("numpy",)


def cuda_present() -> bool:
    return any(Path("/dev").glob("nvidia[0-9]*"))


@functools.cache
def interpreter_paths() -> tuple[str, ...]:
    """Folders the worker's interpreter needs to read: its prefixes and site-packages."""
    import numpy

    paths = {sys.prefix, sys.base_prefix, str(Path(sys.executable).resolve().parent.parent),
             str(Path(numpy.__file__).resolve().parent.parent)}
    paths.update(p for p in site.getsitepackages() if os.path.isdir(p))
    ordered = sorted({os.path.realpath(p) for p in paths}, key=len)
    return tuple(p for i, p in enumerate(ordered) if not any(p.startswith(q.rstrip("/") + "/") for q in ordered[:i]))


