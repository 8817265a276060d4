"""Throughput on a mix that hangs and crashes too, beside `otter run`, and one grade per verdict.

Three measurements, in one run so that they share the machine's load (printed with each):

1. `dlgrade grade perceptron FILE --out DIR` (results.json and both reports), wall time per
   verdict: correct, known mistake, crash, every function loops forever, every function sleeps.
2. `dlgrade grade-batch perceptron` with `--jobs N` (and `--jobs 1`, and with the other kind
   of pool than `pools.local_pool` picks: threads or processes) on a mix of 45 % correct answers, 25 % known
   mistakes, 10 % crashes, 5 % endless loops (in one function, in every function), 5 % sleeps
   (in one function, at import) and 10 % hostile submissions from tests/attacks/: submissions
   per minute.
3. `otter run` (otter-grader's local mode) one notebook at a time on the same answers, the
   hostile ones left out (otter runs them unsandboxed). `otter run` has no time limit: an
   answer that hangs is killed after --otter-kill seconds and counted, and the rate is given
   with and without those. dlgrade's rate is compared with both: otter's rate on its whole share
   of the mix is the target's (#14: a class has to get through the notebook that hangs too, and
   otter needs someone to stop it), the rate on the answers it finished leaves the hang out.

No assertions: it prints what it measured. The limits are dlgrade's defaults except
`--import-timeout 5` (a submission that sleeps at import would otherwise cost the default
20 s, which is there for notebooks that train at import).

    python benchmarks/batch_throughput.py [--n 40] [--jobs 2] [--repeat 3] [--no-other-pool]
        [--no-serial] [--no-otter] [--mix course|friendly] [--resume-check] [--keep DIR]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from helpers import CORRECT, db_rows, gradebook, render_attack  # noqa: E402  (the tests' own readers of a batch)

LIMITS = ["--import-timeout", "5"]
HOSTILE = ["fake_results", "exit_at_import", "monkeypatch_compare", "evil_objects", "ndarray_subclass", "kill_parent",
           "process_flood", "output_flood", "big_alloc", "search_solutions", "append_grader_files", "read_stdin",
           "network"]
CRASHING = [
    ("import_zero_division", lambda src: src.replace("import numpy as np", "import numpy as np\n1 / 0", 1)),
    ("predict_raises", lambda src: src + "\n\ndef predict(w, b, X):\n    raise RuntimeError('todo')\n"),
    ("syntax_error", lambda src: src + "\n\ndef broken(:\n    pass\n"),
    ("name_error", lambda src: src + "\n\ndef perceptron_loss(w, b, X, y):\n    return undefined_name\n"),
    ("returns_none", lambda src: src + "\n\ndef perceptron_step(w, b, X, y, eta):\n    pass\n"),
    ("stub", None),
]


def every_function(source: str, body: str) -> str:
    """`source` with `body` as the first statement of every top-level function."""
    return re.sub(r"^(def [^\n]*:\n)", lambda m: m.group(1) + f"    {body}\n", source, flags=re.M)


HANGING = [  # (kind, how the reference is changed)
    ("loop:train", lambda src: src + "\n\ndef train_perceptron(X, y, eta=1.0, max_epochs=1000):\n    while True:\n"
                                     "        pass\n"),
    ("loop:every_function", lambda src: every_function(src, "while True: pass")),
    ("sleep:step", lambda src: src + "\n\ndef perceptron_step(w, b, X, y, eta):\n    import time\n"
                                     "    time.sleep(3600)\n"),
    ("sleep:import", lambda src: "import time\ntime.sleep(3600)\n" + src),
]


def dlgrade() -> list[str]:
    exe = shutil.which("dlgrade")
    return [exe] if exe else [sys.executable, "-m", "dlgrade"]


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} (5 min {five:.2f}) on {os.cpu_count()} CPUs"


def harmless(source: str, i: int) -> str:
    """The same solution, handed in a little differently by every student."""
    header = f'"""Exercise sheet: perceptron. Student {i:03d}."""\n# handed in on time, honest\n'
    body = source if i % 2 else source.replace("    ", "\t")  # tabs instead of spaces
    tail = "\n\nif __name__ == '__main__':\n    print('self-test ok')\n" if i % 3 == 0 else "\n"
    return header + body + "\n" * (i % 4) + tail


MIXES = {
    "course": [("correct", 0.45), ("mistake", 0.25), ("crash", 0.10), ("loop", 0.05), ("sleep", 0.05), ("hostile", 0.10)],
    "friendly": [("correct", 0.55), ("mistake", 0.35), ("crash", 0.10)],  # where the pool itself shows
}


def mix(n: int, shares: list[tuple[str, float]]) -> list[tuple[str, int]]:
    """The kind of each of n students and its index among that kind."""
    kinds = [kind for kind, share in shares for _ in range(round(share * n))][:n]
    kinds += ["correct"] * (n - len(kinds))
    return [(kind, kinds[:i].count(kind)) for i, kind in enumerate(kinds)]


def answer(kind: str, j: int, i: int, out: Path, marker: Path) -> tuple[str, str]:
    """The j-th answer of this kind (student i): (its kind in detail, its source)."""
    from dlgrade import catalog

    exercise = catalog.load_exercise("perceptron")
    reference = (ROOT / "solutions/perceptron/reference.py").read_text()
    if kind == "correct":
        return "correct", harmless(reference if i % 2 else CORRECT.read_text(), i)
    if kind == "mistake":
        mistake = exercise.mistakes[j % len(exercise.mistakes)]
        return f"mistake:{mistake.id}", harmless(exercise.variant_source(mistake), i)
    if kind == "crash":
        name, make = CRASHING[j % len(CRASHING)]
        return f"crash:{name}", (ROOT / "exercises/perceptron/stub.py").read_text() if make is None else make(reference)
    if kind in ("loop", "sleep"):
        name, make = [h for h in HANGING if h[0].startswith(kind)][j % 2]
        return name, make(reference)
    name = HOSTILE[j % len(HOSTILE)]
    return f"hostile:{name}", render_attack(name, OUT=out, MARKER=marker, PORT=9)


def build(folder: Path, n: int, out: Path, shares: list[tuple[str, float]]) -> dict[str, str]:
    """n submissions in the mix, some in Moodle's layout and some as folders; id -> kind."""
    folder.mkdir(parents=True)
    kinds: dict[str, str] = {}
    for i, (kind, j) in enumerate(mix(n, shares)):
        sid = f"s{i:03d}"
        kind, text = answer(kind, j, i, out / "students" / sid, folder.parent / "marker")
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


POOL = '''
import sys
from dlgrade.batch import pools, run

run.local_pool = getattr(pools, sys.argv.pop(1))  # ThreadPool or ProcessPool, whatever the rule would pick
from dlgrade.cli import main
sys.argv[0] = "dlgrade"
main()
'''


def chosen_pool(jobs: int) -> str:
    from dlgrade.batch.pools import ProcessPool, local_pool

    pool = local_pool(jobs)
    pool.close()
    return "processes" if isinstance(pool, ProcessPool) else "threads"


def run_batch(subs: Path, out: Path, jobs: int, pool: str | None = None) -> float:
    """Wall time of one grade-batch; `pool`: "ThreadPool" or "ProcessPool" instead of the rule's choice."""
    command = [sys.executable, "-c", POOL, pool] if pool else dlgrade()
    started = time.monotonic()
    proc = subprocess.run([*command, "grade-batch", "perceptron", str(subs), "--out", str(out), "--jobs", str(jobs),
                           "--lang", "en", *LIMITS], capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr[-3000:], sep="\n")
        raise SystemExit(f"grade-batch failed with exit code {proc.returncode}")
    return elapsed


def per_verdict(work: Path, repeat: int) -> None:
    """Wall time of one `dlgrade grade` with its reports, per kind of submission."""
    from dlgrade import catalog

    exercise = catalog.load_exercise("perceptron")
    reference = (ROOT / "solutions/perceptron/reference.py").read_text()
    samples = {
        "correct": CORRECT.read_text(),
        "known mistake": exercise.variant_source(exercise.mistakes[0]),
        "crash": CRASHING[1][1](reference),
        "every function loops": every_function(reference, "while True: pass"),
        "every function sleeps": every_function(reference, "import time; time.sleep(3600)"),
    }
    print(f"one `dlgrade grade perceptron FILE --out DIR` (results.json, report.html, report.md); {load()}")
    for verdict, source in samples.items():
        path = work / "single" / f"{verdict.replace(' ', '_')}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
        times = []
        for k in range(1 if "every" in verdict else repeat):
            started = time.monotonic()
            proc = subprocess.run([*dlgrade(), "grade", "perceptron", str(path), "--out", str(work / "single" / f"o{k}"),
                                   "--lang", "en"], capture_output=True, text=True)
            times.append(time.monotonic() - started)
            if proc.returncode != 0:
                print(proc.stderr[-2000:])
        print(f"  {verdict:22s} {statistics.median(times):6.2f} s wall (median of {len(times)}; min {min(times):.2f} s)")


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


def otter_comparison(answers: dict[str, str], work: Path, kill_after: float) -> tuple[float, float | None] | None:
    """`otter run` on the same answers as notebooks, one at a time: its rate on all of them (a hanging
    one counted with the time it ran until killed) and on those it finished (None: none finished)."""
    otter = shutil.which("otter")
    if not otter:
        print("otter: not installed (pip install otter-grader); skipped")
        return None
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
        return None
    notebooks = work / "otter_notebooks"
    notebooks.mkdir()
    finished, killed, failures = [], 0, 0
    started = time.monotonic()
    for sid, source in answers.items():
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        path = notebooks / f"{sid}.ipynb"
        path.write_text(nbformat.writes(nb))
        out = work / "otter_out" / sid
        out.mkdir(parents=True)
        one = time.monotonic()
        proc = subprocess.Popen([otter, "run", "-a", str(build_dir / "autograder.zip"), "-o", str(out), str(path)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            failures += proc.wait(timeout=kill_after) != 0
            finished.append(time.monotonic() - one)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the kernel and everything otter started
            proc.wait()
            killed += 1
    elapsed = time.monotonic() - started
    rate = 60 * len(finished) / sum(finished) if finished else None
    print(f"otter run, one at a time ({len(public)} public doctests, no sandbox, hostile answers left out): "
          f"{len(answers)} notebooks in {elapsed:.1f} s = {60 * len(answers) / elapsed:.1f} per minute; "
          f"{killed} killed after {kill_after:g} s (no time limit of its own), {failures} ended with an error; "
          f"the {len(finished)} that finished: {rate or 0:.1f} per minute "
          f"(median {statistics.median(finished) if finished else 0:.2f} s each); {load()}")
    return 60 * len(answers) / elapsed, rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--mix", choices=sorted(MIXES), default="course",
                        help="course: with loops, sleeps, crashes and hostile ones; friendly: answers that return")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each single grade (median)")
    parser.add_argument("--resume-check", action="store_true", help="also kill a run midway and rerun it")
    parser.add_argument("--no-single", action="store_true", help="skip the single grades")
    parser.add_argument("--no-serial", action="store_true", help="skip the --jobs 1 run")
    parser.add_argument("--no-other-pool", action="store_true", help="skip the run with the pool the rule did not pick")
    parser.add_argument("--no-otter", action="store_true", help="skip the otter comparison")
    parser.add_argument("--otter-n", type=int, default=12, help="how many (non-hostile) answers otter runs")
    parser.add_argument("--otter-kill", type=float, default=60, help="seconds before a hanging otter run is killed")
    parser.add_argument("--keep", type=Path, help="work in this (new) folder and keep it")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="dlgrade-bench-"))
    try:
        if not args.no_single:
            per_verdict(work, args.repeat)
        subs, out = work / "submissions", work / f"out_jobs{args.jobs}"
        kinds = build(subs, args.n, out, MIXES[args.mix])
        summary: dict[str, int] = {}
        for kind in kinds.values():
            summary[kind.split(":")[0]] = summary.get(kind.split(":")[0], 0) + 1
        print(f"{args.n} perceptron submissions ({args.mix} mix): {summary}; limits: defaults, {' '.join(LIMITS)}")

        elapsed = run_batch(subs, out, args.jobs)
        rows = gradebook(out)
        rate = 60 * args.n / elapsed
        chosen = chosen_pool(args.jobs)
        print(f"grade-batch --jobs {args.jobs} ({chosen}): {len(rows)} gradebook rows in {elapsed:.1f} s = "
              f"{rate:.1f} submissions per minute; {load()}")
        if len(rows) != args.n or len({r['Student ID'] for r in rows}) != args.n:
            print(f"!! expected {args.n} distinct rows, got {len(rows)}")
        by_kind: dict[str, list[float]] = {}
        for row in rows:
            by_kind.setdefault(kinds[row["Student ID"]].split(":")[0], []).append(float(row["Total"]))
        print("mean points by kind: " + ", ".join(f"{k} {sum(v) / len(v):.1f}/{rows[0]['Max']}" for k, v in by_kind.items()))

        if not args.no_other_pool:
            other = "ProcessPool" if chosen == "threads" else "ThreadPool"
            elapsed_o = run_batch(subs, work / "out_other_pool", args.jobs, pool=other)
            same = gradebook(work / "out_other_pool") == rows
            print(f"grade-batch --jobs {args.jobs} with a {other} instead: {elapsed_o:.1f} s = "
                  f"{60 * args.n / elapsed_o:.1f} per minute (gradebook {'identical' if same else 'DIFFERENT'}); {load()}")
        if not args.no_serial:
            elapsed1 = run_batch(subs, work / "out_jobs1", 1)
            same = gradebook(work / "out_jobs1") == rows
            print(f"grade-batch --jobs 1: {elapsed1:.1f} s = {60 * args.n / elapsed1:.1f} submissions per minute "
                  f"(gradebook {'identical' if same else 'DIFFERENT'}); speed-up of --jobs {args.jobs}: "
                  f"{elapsed1 / elapsed:.2f}x; {load()}")
        if args.resume_check:
            resume_check(subs, work / "out_killed", rows, args.jobs, args.n)
        if not args.no_otter:
            # Never the hostile ones: otter runs them unsandboxed (they would flood, fill memory, edit the grader).
            ids = [sid for sid, kind in kinds.items() if not kind.startswith("hostile")]
            step = max(1, len(ids) // args.otter_n)
            answers = {}
            for sid in ids[::step][:args.otter_n]:
                found = sorted(subs.glob(f"{sid}.py")) + sorted(subs.glob(f"{sid}/*.py")) + sorted(subs.glob(f"*_{sid}_*/*.py"))
                answers[sid] = found[0].read_text()
            print(f"otter's share of the mix: {sorted(kinds[sid].split(':')[0] for sid in answers)}")
            otter = otter_comparison(answers, work, args.otter_kill)
            if otter:
                whole, finished = otter
                print(f"grade-batch --jobs {args.jobs} on the whole mix / otter run on its share of it (a hanging notebook "
                      f"counted until killed after {args.otter_kill:g} s): {rate / whole:.1f}x")
                if finished:
                    print(f"grade-batch --jobs {args.jobs} on the whole mix / otter run on the answers it finished: "
                          f"{rate / finished:.1f}x")
        if args.keep:
            print(f"class report: {out / 'class_report.html'}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
