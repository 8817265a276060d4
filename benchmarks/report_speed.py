"""What the report's pictures cost: drawing, importing, and one `dlgrade grade` with and without them.

Three measurements, in one run so that they share the machine's load (printed with them):

1. Drawing: every submission below is graded once in this process; then `render_html` (all
   pictures and the page) is timed, median of --repeat runs, and the pictures alone
   (`case_pictures` for every case the report draws).
2. Importing: a fresh interpreter imports what a report with pictures needs
   (`dlgrade.output.pictures`, `dlgrade.output.report`) on top of the grading modules, read
   from `python -X importtime` (cumulative microseconds of the modules only a report loads).
3. The whole command: `dlgrade grade perceptron solutions/perceptron/samples/bias_not_updated.py
   --out DIR` (a wrong answer: two pictures) and the same with `correct.py` (no picture), median
   wall time; their ratio is what the pictures and the longer report add, independent of load.

No assertions: it prints what it measured (the target of issue 14 is at most 0.5 s for one
grade with reports on an idle 2-core machine).

    python benchmarks/report_speed.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "solutions/perceptron/samples"
GRADE = ["perceptron", str(SAMPLES / "bias_not_updated.py")]
CORRECT = ["perceptron", str(SAMPLES / "correct.py")]
REPORT_MODULES = ("dlgrade.output.pictures", "dlgrade.output.svg", "dlgrade.output.report", "markupsafe", "jinja2")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def mistake_sources() -> dict[str, str]:
    """One submission per exercise with its own picture: the reference with known mistakes."""
    from dlgrade import catalog
    from dlgrade.catalog import function_source

    wanted = {"conv2d": ["conv2d_kernel_flipped"], "metrics": ["confusion_matrix_transposed", "roc_returns_tpr_first"],
              "optimizers": ["trajectory_without_w0"], "losses": ["softmax_over_samples"]}
    sources = {"perceptron": (SAMPLES / "bias_not_updated.py").read_text()}
    for exercise_id, ids in wanted.items():
        exercise = catalog.load_exercise(exercise_id)
        parts = [exercise.reference_source()]
        parts += [function_source(f) for m in exercise.mistakes if m.id in ids for f in m.functions.values()]
        sources[exercise_id] = "\n\n".join(parts) + "\n"
    return sources


def drawing(repeat: int) -> None:
    from dlgrade.grading import grade
    from dlgrade.output.pictures import case_pictures
    from dlgrade.output.report import render_html

    print(f"1. drawing, in process (load {load()})")
    with tempfile.TemporaryDirectory() as folder:
        for exercise_id, source in mistake_sources().items():
            path = Path(folder) / exercise_id / f"{exercise_id}.py"
            path.parent.mkdir()
            path.write_text(source)
            result = grade(exercise_id, path, hide=[folder])
            cases = [c for e in result.exercises for c in e.cases if c.status != "passed" or c.timing]
            times, pics = [], []
            for _ in range(repeat):
                started = time.perf_counter()
                pics = [p for c in cases for p in case_pictures(c, "de")]
                times.append(time.perf_counter() - started)
            page = []
            for _ in range(repeat):
                started = time.perf_counter()
                html = render_html(result, "de")
                page.append(time.perf_counter() - started)
            size = sum(len(p.svg) for p in pics)
            print(f"   {exercise_id:11s} {len(pics):2d} pictures in {1e3 * statistics.median(times):6.1f} ms "
                  f"({size / 1024:.0f} KiB of SVG); report.html {1e3 * statistics.median(page):6.1f} ms, "
                  f"{len(html) / 1024:.0f} KiB")


def importing() -> None:
    code = "import dlgrade.grading, dlgrade.output.results, dlgrade.output.pictures, dlgrade.output.report"
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True)
    cumulative = {}
    for line in proc.stderr.splitlines():
        parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[1].isdigit():
            cumulative[parts[2]] = int(parts[1])
    found = {m: cumulative.get(m) for m in REPORT_MODULES}
    print(f"2. importing (cumulative, a fresh interpreter, load {load()}): "
          + ", ".join(f"{m} {v / 1e3:.1f} ms" if v is not None else f"{m} (loaded earlier)" for m, v in found.items()))
    heavy = sorted(((v, m) for m, v in cumulative.items() if "." not in m), reverse=True)[:5]
    print("   largest top-level imports: " + ", ".join(f"{m} {v / 1e3:.0f} ms" for v, m in heavy))


def command(args: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            subprocess.run(["dlgrade", "grade", *args, "--out", out], capture_output=True, check=True)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def whole(repeat: int) -> None:
    print(f"3. dlgrade grade, median of {repeat} (load before {load()})")
    wrong, right = command(GRADE, repeat), command(CORRECT, repeat)
    print(f"   bias_not_updated.py (2 pictures) {wrong:.2f} s; correct.py (none) {right:.2f} s; "
          f"ratio {wrong / right:.2f} (load after {load()}, {os.cpu_count()} cores)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    drawing(repeat)
    importing()
    whole(repeat)


if __name__ == "__main__":
    main()
