"""How stable is the timed check? Grade the reference against itself many times.

    python benchmarks/timing_stability.py [--runs 100] [--busy] [--exercise conv2d] [--submission FILE]

Prints the distribution of the median ratios and the number of false failures (a reference
judged slower than its own budget). `--busy` keeps one core busy with a spinning process, as a
student's neighbour on a shared grading machine would. `--submission` measures another file
instead (e.g. a loop answer, to see that it fails every time).
"""
from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dlgrade.catalog import load_exercise  # noqa: E402
from dlgrade.grading.submission import load_submission  # noqa: E402
from dlgrade.grading.timing import SpeedTrial  # noqa: E402
from dlgrade.sandbox import Limits  # noqa: E402


def spin() -> None:
    while True:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--busy", action="store_true", help="keep one core busy meanwhile")
    parser.add_argument("--exercise", default="conv2d")
    parser.add_argument("--submission", type=Path, default=None)
    args = parser.parse_args()

    exercise = load_exercise(args.exercise)
    path = args.submission or exercise.solution_folder / "reference.py"
    cells = load_submission(path).cells
    busy = multiprocessing.Process(target=spin, daemon=True) if args.busy else None
    if busy:
        busy.start()
    ratios, verdicts, started = [], {}, time.monotonic()
    try:
        for run in range(args.runs):
            for perf in exercise.perf_cases():
                timing = SpeedTrial(exercise, perf, cells, Limits(), seed=run).run()
                verdicts[timing.verdict] = verdicts.get(timing.verdict, 0) + 1
                if timing.ratios:
                    ratios.append(timing.ratio)
    finally:
        if busy:
            busy.terminate()
    budget = exercise.perf_cases()[0].cpu_budget
    print(f"{args.exercise}: {path.name} against the reference, {args.runs} runs, busy core: {args.busy}, "
          f"{time.monotonic() - started:.0f} s")
    if ratios:  # none when every run stopped early (a wrong answer, a timeout)
        q = statistics.quantiles(ratios, n=20) if len(ratios) > 1 else ratios * 19
        print(f"median ratio per run: min {min(ratios):.2f}  p5 {q[0]:.2f}  p50 {statistics.median(ratios):.2f}  "
              f"p95 {q[-1]:.2f}  max {max(ratios):.2f}  (budget {budget:g})")
    print(f"verdicts: {verdicts}")
    if args.submission is None:
        print(f"false failures: {args.runs - verdicts.get('passed', 0)}")


if __name__ == "__main__":
    main()
