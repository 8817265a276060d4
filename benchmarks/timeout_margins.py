"""How much room do correct answers leave under their call limits? (see `Limits.call_limit`)

Grades the reference and every correct alternative in tests/submissions/<exercise>/alt_*.py
(loops, torch, other formulas) and prints, per exercise, the smallest headroom of any call:
its limit divided by the time it took. A headroom near 1 would mean that a busy machine could
turn a correct answer into a timeout (issue 17); any timeout of a correct answer is listed.

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
from dlgrade.sandbox import Limits  # noqa: E402
from dlgrade.sandbox.forkserver import ForkServer  # noqa: E402
from dlgrade.sandbox.limits import preload  # noqa: E402


def busy_loops(n: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True) for _ in range(n)]


def correct_answers(exercise_id: str) -> list[Path]:
    exercise = catalog.load_exercise(exercise_id)
    return [exercise.solution_folder / "reference.py",
            *sorted((ROOT / "tests" / "submissions" / exercise_id).glob("alt_*.py"))]


def margins(exercise_id: str, path: Path, limits: Limits, server: ForkServer) -> tuple[float, str, list[str]]:
    """(smallest headroom, the case it belongs to, the cases that timed out).

    The headroom of a call is its CPU-time limit divided by its wall time: a lower bound of the
    CPU headroom (one thread uses at most its wall time in CPU), and a third of the wall-clock one.
    """
    result = grade(exercise_id, path, limits, forkserver=server)
    worst, where, timeouts = float("inf"), "-", []
    for case in result.cases:
        if case.kind != "correctness" or not case.time_limit:
            continue
        if case.status == "timeout":
            timeouts.append(case.name)
        limit = case.time_limit["seconds"]
        room = limit / max(case.seconds, 1e-6)
        if room < worst:
            worst, where = room, f"{case.name} ({case.seconds * 1e3:.1f} ms of {limit:.2f} s)"
    return worst, where, timeouts


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
                    worst, where, timeouts = margins(exercise_id, path, limits, server)
                    failures += len(timeouts)
                    flag = f"  TIMEOUTS: {', '.join(timeouts)}" if timeouts else ""
                    print(f"{exercise_id:20s} {path.stem:22s} headroom {worst:8.1f}x at {where}{flag}")
    finally:
        for proc in loops:
            proc.kill()
            proc.wait()
    print(f"{failures} timeouts of correct answers; {time.monotonic() - started:.0f} s; "
          f"load at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
