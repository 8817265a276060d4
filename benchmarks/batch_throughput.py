"""Batch grading throughput: 100 perceptron submissions through `dlgrade grade-batch`.

The mix: copies of the reference with harmless variations, known-mistake variants,
crashing ones and hostile ones from tests/attacks/ (rendered as tests/test_attacks.py
does). Prints submissions per minute with --jobs 2 and one at a time (--jobs 1), checks
that every student got exactly one gradebook row and (with --resume-check) that a run
killed with SIGKILL midway and run again gives the same gradebook. Where `otter` is on
PATH, also times `otter run` on the same answers as notebooks. No assertions on time.

    python benchmarks/batch_throughput.py [--n 100] [--jobs 2] [--resume-check] [--keep DIR]
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from helpers import CORRECT, db_rows, gradebook, render_attack  # noqa: E402  (the tests' own readers of a batch)

LIMITS = ["--call-timeout", "2", "--import-timeout", "5", "--total-timeout", "60"]
HOSTILE = ["fake_results", "exit_at_import", "monkeypatch_compare", "evil_objects", "ndarray_subclass", "kill_parent",
           "process_flood", "output_flood", "big_alloc", "search_solutions", "append_grader_files", "read_stdin",
           "network", "infinite_loop", "sleep_at_import"]
CRASHING = [
    ("import_zero_division", lambda src: src.replace("import numpy as np", "import numpy as np\n1 / 0", 1)),
    ("predict_raises", lambda src: src + "\n\ndef predict(w, b, X):\n    raise RuntimeError('todo')\n"),
    ("syntax_error", lambda src: src + "\n\ndef broken(:\n    pass\n"),
    ("name_error", lambda src: src + "\n\ndef perceptron_loss(w, b, X, y):\n    return undefined_name\n"),
    ("returns_none", lambda src: src + "\n\ndef perceptron_step(w, b, X, y, eta):\n    pass\n"),
    ("stub", None),
]


def dlgrade() -> list[str]:
    exe = shutil.which("dlgrade")
    return [exe] if exe else [sys.executable, "-m", "dlgrade.cli"]


def harmless(source: str, i: int) -> str:
    """The same solution, handed in a little differently by every student."""
    header = f'"""Exercise sheet: perceptron. Student {i:03d}."""\n# handed in on time, honest\n'
    body = source if i % 2 else source.replace("    ", "\t")  # tabs instead of spaces
    tail = "\n\nif __name__ == '__main__':\n    print('self-test ok')\n" if i % 3 == 0 else "\n"
    return header + body + "\n" * (i % 4) + tail


def build(folder: Path, n: int, out: Path) -> dict[str, str]:
    """n submissions (40 % correct, 30 % known mistakes, 15 % crashing, 15 % hostile); id -> kind."""
    from dlgrade import catalog

    exercise = catalog.load_exercise("perceptron")
    reference = (ROOT / "solutions/perceptron/reference.py").read_text()
    correct_alt = CORRECT.read_text()
    stub = (ROOT / "exercises/perceptron/stub.py").read_text()
    mistakes = list(exercise.mistakes)
    folder.mkdir(parents=True)
    kinds: dict[str, str] = {}
    n_correct, n_wrong, n_crash = round(0.4 * n), round(0.3 * n), round(0.15 * n)
    for i in range(n):
        sid = f"s{i:03d}"
        if i < n_correct:
            kind, text = "correct", harmless(reference if i % 2 else correct_alt, i)
        elif i < n_correct + n_wrong:
            mistake = mistakes[i % len(mistakes)]
            kind, text = f"mistake:{mistake.id}", harmless(exercise.variant_source(mistake), i)
        elif i < n_correct + n_wrong + n_crash:
            name, make = CRASHING[i % len(CRASHING)]
            kind, text = f"crash:{name}", stub if make is None else make(reference)
        else:
            name = HOSTILE[i % len(HOSTILE)]
            kind, text = f"hostile:{name}", render_attack(name, OUT=out / "students" / sid, MARKER=folder.parent / "marker", PORT=9)
        if i % 10 == 5:  # some in Moodle's layout, with the student's id as Moodle's participant id
            sid = f"{900000 + i}"
            target = folder / f"Student Number{i}_{sid}_assignsubmission_file_" / "perceptron.py"
        elif i % 10 == 7:  # some as a folder per student
            target = folder / sid / "perceptron.py"
        else:
            target = folder / f"{sid}.py"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        kinds[sid] = kind
    return kinds


def run_batch(subs: Path, out: Path, jobs: int) -> float:
    started = time.monotonic()
    proc = subprocess.run([*dlgrade(), "grade-batch", "perceptron", str(subs), "--out", str(out), "--jobs", str(jobs),
                           "--lang", "en", *LIMITS], capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr, sep="\n")
        raise SystemExit(f"grade-batch failed with exit code {proc.returncode}")
    return elapsed


def resume_check(subs: Path, out: Path, reference: list[dict], jobs: int, n: int) -> None:
    """SIGKILL the batch once a third of the students are in the store, run it again, compare."""
    proc = subprocess.Popen([*dlgrade(), "grade-batch", "perceptron", str(subs), "--out", str(out), "--jobs", str(jobs),
                             "--lang", "en", *LIMITS], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    while db_rows(out) < n // 3 and proc.poll() is None:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_at = db_rows(out)
    run_batch(subs, out, jobs)
    same = gradebook(out) == reference
    print(f"resume: killed (SIGKILL) with {killed_at}/{n} students stored; after the rerun {db_rows(out)} rows, "
          f"gradebook {'identical to' if same else 'DIFFERENT from'} the uninterrupted run")


OTTER_TEST = '''OK_FORMAT = True

test = {{
    "name": "{name}",
    "points": 1,
    "suites": [{{"cases": [{{"code": {code!r}, "hidden": False, "locked": False}}],
                "scored": True, "setup": "", "teardown": "", "type": "doctest"}}],
}}
'''


def otter_comparison(answers: dict[str, str], work: Path) -> None:
    """`otter run` on the same answers as notebooks, one at a time (otter's local, non-Docker mode)."""
    otter = shutil.which("otter")
    if not otter:
        print("otter: not installed (pip install otter-grader); skipped")
        return
    import nbformat

    build_dir = work / "otter"
    (build_dir / "tests").mkdir(parents=True)
    public = {  # the public cases of the exercise as otter doctests
        "q_predict": ">>> import numpy as np\n>>> predict(np.array([1.0, -1.0]), 0.5, np.array([[1.0, 0.0], [0.0, 2.0], "
                     "[1.0, 1.5]])).tolist()\n[1, -1, 1]",
        "q_loss": ">>> import numpy as np\n>>> X = np.array([[2.0, 1.0], [-1.0, -1.0], [1.0, -2.0]])\n"
                  ">>> float(perceptron_loss(np.array([2.0, 4.0]), -1.0, X, np.array([1, 1, -1])))\n7.0",
        "q_train": ">>> import numpy as np\n>>> X = np.array([[2.0, 1.0], [-1.0, -1.0], [1.0, -2.0]])\n"
                   ">>> w, b, steps = train_perceptron(X, np.array([1, -1, -1]))\n>>> (w.tolist(), float(b), steps)\n"
                   "([2.0, 4.0], -1.0, 1)",
    }
    for name, code in public.items():
        (build_dir / "tests" / f"{name}.py").write_text(OTTER_TEST.format(name=name, code=code))
    (build_dir / "requirements.txt").write_text("numpy\n")
    proc = subprocess.run([otter, "generate"], cwd=build_dir, capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"otter: `otter generate` failed; skipped\n{proc.stderr[-2000:]}")
        return
    notebooks = work / "otter_notebooks"
    notebooks.mkdir()
    paths = []
    for sid, source in answers.items():
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        path = notebooks / f"{sid}.ipynb"
        path.write_text(nbformat.writes(nb))
        paths.append(path)
    started, failures = time.monotonic(), 0
    for path in paths:
        out = work / "otter_out" / path.stem
        out.mkdir(parents=True)
        try:
            proc = subprocess.run([otter, "run", "-a", str(build_dir / "autograder.zip"), "-o", str(out), str(path)],
                                  capture_output=True, text=True, timeout=120)
            failures += proc.returncode != 0
        except subprocess.TimeoutExpired:
            failures += 1
    elapsed = time.monotonic() - started
    print(f"otter run (one at a time, {len(public)} public doctests, no sandbox, hostile answers left out): "
          f"{len(paths)} notebooks in "
          f"{elapsed:.1f} s = {60 * len(paths) / elapsed:.1f} per minute ({failures} ended with an error)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--resume-check", action="store_true", help="also kill a run midway and rerun it")
    parser.add_argument("--no-serial", action="store_true", help="skip the one-at-a-time run")
    parser.add_argument("--no-otter", action="store_true", help="skip the otter comparison")
    parser.add_argument("--otter-n", type=int, default=20, help="how many (non-hostile) answers otter runs")
    parser.add_argument("--keep", type=Path, help="work in this (new) folder and keep it")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="dlgrade-bench-"))
    try:
        subs, out = work / "submissions", work / f"out_jobs{args.jobs}"
        kinds = build(subs, args.n, out)
        summary = {k.split(":")[0]: 0 for k in kinds.values()}
        for kind in kinds.values():
            summary[kind.split(":")[0]] += 1
        print(f"{args.n} perceptron submissions: {summary}; limits {' '.join(LIMITS)}; {os.cpu_count()} CPUs")

        elapsed = run_batch(subs, out, args.jobs)
        rows = gradebook(out)
        print(f"grade-batch --jobs {args.jobs}: {len(rows)} gradebook rows in {elapsed:.1f} s = "
              f"{60 * args.n / elapsed:.1f} submissions per minute")
        if len(rows) != args.n or len({r['Student ID'] for r in rows}) != args.n:
            print(f"!! expected {args.n} distinct rows, got {len(rows)}")
        by_kind: dict[str, list[float]] = {}
        for row in rows:
            by_kind.setdefault(kinds[row["Student ID"]].split(":")[0], []).append(float(row["Total"]))
        print("mean points by kind: " + ", ".join(f"{k} {sum(v) / len(v):.1f}/{rows[0]['Max']}" for k, v in by_kind.items()))

        if not args.no_serial:
            serial = work / "out_jobs1"
            elapsed1 = run_batch(subs, serial, 1)
            same = gradebook(serial) == rows
            print(f"grade-batch --jobs 1: {elapsed1:.1f} s = {60 * args.n / elapsed1:.1f} submissions per minute "
                  f"(gradebook {'identical' if same else 'DIFFERENT'}); speed-up {elapsed1 / elapsed:.2f}x")
        if args.resume_check:
            resume_check(subs, work / "out_killed", rows, args.jobs, args.n)
        if not args.no_otter:
            # Never the hostile ones: otter runs them unsandboxed (they would flood, fill memory, edit the grader).
            harmless_ids = [sid for sid, kind in kinds.items() if not kind.startswith("hostile")]
            step = max(1, len(harmless_ids) // args.otter_n)
            answers = {}
            for sid in harmless_ids[::step][:args.otter_n]:
                found = sorted(subs.glob(f"{sid}.py")) + sorted(subs.glob(f"{sid}/*.py")) + sorted(subs.glob(f"*_{sid}_*/*.py"))
                answers[sid] = found[0].read_text()
            otter_comparison(answers, work)
        if args.keep:
            print(f"class report: {out / 'class_report.html'}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
