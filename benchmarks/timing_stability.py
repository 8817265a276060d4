"""How stable is the timed check? Grade the reference against itself many times.

    python benchmarks/timing_stability.py [--runs 100] [--busy N] [--exercise conv2d] [--submission FILE]

Prints the distribution of the median ratios and the number of false failures (a reference
judged slower than its own budget). `--busy N` keeps N spinning processes beside it, each in a
session of its own (as a student's neighbours on a shared grading machine are; this machine's
scheduler shares the CPUs between sessions first, so a spinner in our own session would hardly
count). `--submission` measures another file instead (e.g. a loop answer, to see that it fails
every time).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from suite_under_load import start_busy, stop_busy  # noqa: E402

from dlgrade.catalog import load_exercise  # noqa: E402
from dlgrade.grading.submission import load_submission  # noqa: E402
from dlgrade.grading.timing import SpeedTrial  # noqa: E402
from dlgrade.sandbox import Limits  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--busy", type=int, default=0, help="spinning processes meanwhile, each in its own session")
    parser.add_argument("--exercise", default="conv2d")
    parser.add_argument("--submission", type=Path, default=None)
    args = parser.parse_args()

    exercise = load_exercise(args.exercise)
    path = args.submission or exercise.solution_folder / "reference.py"
    cells = load_submission(path).cells
    busy = start_busy(args.busy)
    ratios, verdicts, started = [], {}, time.monotonic()
    try:
        for run in range(args.runs):
            for perf in exercise.perf_cases():
                timing = SpeedTrial(exercise, perf, cells, Limits(), seed=run).run()
                verdicts[timing.verdict] = verdicts.get(timing.verdict, 0) + 1
                if timing.ratios:
                    ratios.append(timing.ratio)
    finally:
        stop_busy(busy)
    budget = exercise.perf_cases()[0].cpu_budget
    print(f"{args.exercise}: {path.name} against the reference, {args.runs} runs, busy sessions: {args.busy}, "
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
