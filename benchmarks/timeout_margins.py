"""How much room do correct answers leave under their call limits? (see `Limits.call_limit`)

Grades the reference and every correct alternative in tests/submissions/<exercise>/alt_*.py
(loops, torch, other formulas) and prints, per answer, the smallest headroom of any call: its
limit divided by what it used, in CPU time (the limit that stops a loop, where a cgroup measures
it) and on the wall clock (the limit for calls that sleep; three times the CPU limit). A wall
headroom near 1 would mean that a busy machine could turn a correct answer into a timeout
(issue 17); any timeout of a correct answer is listed.

    python benchmarks/timeout_margins.py [--busy N] [--exercise ID ...] [--factor F --floor S]

`--busy N` keeps N CPU-bound processes running, each in a session of its own (this machine
schedules by session: busy loops in one session barely slow another), as independent jobs on a
shared grading machine would. No assertions: it prints what it measured.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dlgrade import catalog  # noqa: E402
from dlgrade.grading import grade  # noqa: E402
from dlgrade.sandbox import Limits, WorkerSession  # noqa: E402
from dlgrade.sandbox.forkserver import ForkServer  # noqa: E402
from dlgrade.sandbox.limits import preload  # noqa: E402


def busy_loops(n: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True) for _ in range(n)]


def correct_answers(exercise_id: str) -> list[Path]:
    exercise = catalog.load_exercise(exercise_id)
    return [exercise.solution_folder / "reference.py",
            *sorted((ROOT / "tests" / "submissions" / exercise_id).glob("alt_*.py"))]


CALLS: list[tuple[str, float | None, float, float | None, float | None]] = []  # (function, cpu, wall, cpu limit, wall limit)


def recording(call):
    """WorkerSession.call, also noting each call's CPU and wall time beside its limits."""
    def wrapper(self, function, args, kwargs, harness=None, timeout=None, device="cpu", check_inputs=False,
                cpu_timeout=None):
        outcome = call(self, function, args, kwargs, harness, timeout, device, check_inputs, cpu_timeout)
        CALLS.append((function, outcome.cpu_seconds, outcome.seconds, cpu_timeout, timeout))
        return outcome
    return wrapper


WorkerSession.call = recording(WorkerSession.call)


def margins(exercise_id: str, path: Path, limits: Limits, server: ForkServer) -> tuple[str, list[str]]:
    """(the smallest headrooms of the correctness calls, the cases that timed out).

    Headroom: a call's limit divided by what it used, on the CPU (the limit that stops a loop
    where a cgroup measures it) and on the wall clock (the limit for calls that sleep or wait).
    """
    CALLS.clear()
    result = grade(exercise_id, path, limits, forkserver=server)
    timeouts = [c.name for c in result.cases if c.kind == "correctness" and c.status == "timeout"]
    calls = [c for c in CALLS if c[3] is not None]  # the timed cases' calls come without a CPU limit
    cpu = min(((limit / max(used, 1e-6), fn, used) for fn, used, _, limit, _ in calls if used is not None),
              default=None)
    wall = min((wall_limit / max(used, 1e-6), fn, used) for fn, _, used, _, wall_limit in calls)
    text = f"wall {wall[0]:7.1f}x ({wall[1]}, {wall[2] * 1e3:.1f} ms)"
    if cpu:
        text = f"cpu {cpu[0]:7.1f}x ({cpu[1]}, {cpu[2] * 1e3:.1f} ms), " + text
    return text, timeouts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--busy", type=int, default=0, help="CPU-bound processes beside the grading, one session each")
    parser.add_argument("--exercise", nargs="*", default=None)
    parser.add_argument("--factor", type=float, default=Limits.call_timeout_factor)
    parser.add_argument("--floor", type=float, default=Limits.call_timeout_min)
    args = parser.parse_args()

    limits = Limits(call_timeout_factor=args.factor, call_timeout_min=args.floor)
    ids = args.exercise or catalog.exercise_ids()
    loops = busy_loops(args.busy)
    started, failures = time.monotonic(), 0
    try:
        print(f"factor {args.factor:g}, floor {args.floor:g} s, cap {limits.call_timeout:g} s; {args.busy} busy "
              f"processes; load {os.getloadavg()[0]:.1f}; {os.cpu_count()} CPUs")
        for exercise_id in ids:
            exercise = catalog.load_exercise(exercise_id)
            with ForkServer(preload(exercise.needs_torch)) as server:
                for path in correct_answers(exercise_id):
                    text, timeouts = margins(exercise_id, path, limits, server)
                    failures += len(timeouts)
                    flag = f"  TIMEOUTS: {', '.join(timeouts)}" if timeouts else ""
                    print(f"{exercise_id:20s} {path.stem:22s} smallest headroom: {text}{flag}")
    finally:
        for proc in loops:
            proc.kill()
            proc.wait()
    print(f"{failures} timeouts of correct answers; {time.monotonic() - started:.0f} s; "
          f"load at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
