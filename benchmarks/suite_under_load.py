"""Does the test suite pass on a busy machine? (issue 17)

Runs `python -m pytest` (the whole suite, or the arguments after `--`) a number of times in a row
while N CPU-bound processes run beside it, each in a session of its own. The session matters: this
machine's scheduler shares the CPUs between sessions (autogroup) before it shares them between
processes, so busy loops started in the test run's own session barely slow it; independent jobs
on a shared CI machine each have their own. Before every run it prints `uptime` (the load the
run starts under), after every run its wall time and exit status; the busy processes are
stopped at the end however the runs went.

    python benchmarks/suite_under_load.py --busy 4 --runs 3            # the issue's acceptance
    python benchmarks/suite_under_load.py --busy 0 --runs 1            # the same on an idle machine
    python benchmarks/suite_under_load.py --busy 4 -- -x -q tests/test_timing.py --durations=30

Exit status: 0 when every run passed, else 1. It asserts nothing about speed: a test that
passes only when the machine is idle is what this finds.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUSY_LOOP = "while True: pass"


def start_busy(n: int) -> list[subprocess.Popen]:
    """N CPU-bound processes, each the leader of a session (and so an autogroup) of its own."""
    return [subprocess.Popen([sys.executable, "-c", BUSY_LOOP], start_new_session=True,
                             stdin=subprocess.DEVNULL) for _ in range(n)]


def stop_busy(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # its own session's group: exactly this loop
        proc.wait()


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def run_suite(pytest_args: list[str]) -> tuple[int, float]:
    """One run of the suite in the repository root: its exit status and wall time in seconds."""
    started = time.monotonic()
    code = subprocess.call([sys.executable, "-m", "pytest", *pytest_args], cwd=ROOT)
    return code, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--busy", type=int, default=4, help="CPU-bound processes beside the suite (default 4)")
    parser.add_argument("--runs", type=int, default=3, help="runs in a row (default 3)")
    parser.add_argument("pytest_args", nargs="*", help="after --: pytest's arguments (default: -q)")
    args = parser.parse_args()
    pytest_args = args.pytest_args or ["-q"]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` stops the busy loops
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C too, even when started in the background
    busy = start_busy(args.busy)
    results = []
    try:
        for i in range(1, args.runs + 1):
            print(f"== run {i}/{args.runs} beside {args.busy} busy sessions; {uptime()}", flush=True)
            code, seconds = run_suite(pytest_args)
            results.append((code, seconds))
            print(f"== run {i}: exit {code}, {seconds:.0f} s ({seconds / 60:.1f} min)", flush=True)
    finally:
        stop_busy(busy)
    for i, (code, seconds) in enumerate(results, 1):
        print(f"run {i}: {'passed' if code == 0 else f'FAILED (exit {code})'} in {seconds:.0f} s")
    return 0 if results and all(code == 0 for code, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
