"""The trust boundary: everything that runs student code, and the parent's side of it.

Trusted side (the grader's process): `limits` (what a submission may use), `cgroup`,
`session` (one worker: start, calls, deadlines, output), `forkserver` (a warm pool).
Launcher: `jail.py` (standard library only) puts a process behind every isolation layer.
Untrusted side: `worker.py` imports the submission and answers calls; it and `wire.py` (plain
data across the boundary: JSON plus .npy, never pickle) are copied beside each other into the
worker's scratch folder, so they import each other as top-level modules.
"""
from .limits import GiB, Limits, cuda_present, layer_warnings
from .session import CallOutcome, StartInfo, WorkerSession

__all__ = ["GiB", "Limits", "cuda_present", "layer_warnings", "CallOutcome", "StartInfo", "WorkerSession"]
