"""Batch grading through the real CLI: layouts, the results store, resuming, exports, Dask."""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import nbformat
import pytest
from helpers import CORRECT as CORRECT_PATH
from helpers import ROOT, db_rows, dlgrade_command, gradebook, render_attack, run_dlgrade

from dlgrade.batch import pools
from dlgrade.batch.jobs import Job
from dlgrade.batch.pools import ProcessPool, ThreadPool, default_jobs, local_pool
from dlgrade.sandbox import Limits

FAST = ("--call-timeout", "3", "--import-timeout", "5", "--total-timeout", "60", "--lang", "en")
REFERENCE = (ROOT / "solutions/perceptron/reference.py").read_text()
CORRECT = CORRECT_PATH.read_text()
IDS = ["12345", "23456", "s01", "s02", "s03", "s04", "s05", "s06", "s07"]  # s07: ambiguous, no grade at all


def attack(name: str, out: Path) -> str:
    return render_attack(name, OUT=out, MARKER=out / "marker")


def loss_sign_variant() -> str:
    from dlgrade import catalog

    exercise = catalog.load_exercise("perceptron")
    return exercise.variant_source(next(m for m in exercise.mistakes if m.id == "loss_sign"))


def build_batch(root: Path, out: Path) -> Path:
    """Nine students: plain files and folders, a Moodle folder and a Moodle notebook, hostile ones."""
    subs = root / "subs"
    subs.mkdir(parents=True)
    (subs / "s01.py").write_text(REFERENCE)  # correct
    (subs / "s02").mkdir()
    (subs / "s02" / "perceptron.py").write_text(loss_sign_variant())  # a known mistake
    (subs / "s02" / "notes.txt").write_text("not code")
    (subs / "s03.py").write_text(REFERENCE.replace("import numpy as np", "import numpy as np\n1 / 0", 1))  # crashes
    (subs / "s04.py").write_text(attack("fake_results", out / "students" / "s04"))  # hostile
    (subs / "s05.py").write_text(attack("process_flood", out))  # hostile, needs its own uid
    (subs / "s06.py").write_text(attack("kill_parent", out))  # hostile: tries to kill the batch
    (subs / "s07").mkdir()  # ambiguous: two files, neither named after the exercise
    (subs / "s07" / "a.py").write_text(REFERENCE)
    (subs / "s07" / "b.py").write_text(REFERENCE)
    moodle = subs / "Erika Mustermann_12345_assignsubmission_file_"
    moodle.mkdir()
    # slow to import (keeps a run going long enough to interrupt), correct
    (moodle / "perceptron.py").write_text("import time\ntime.sleep(3)\n" + REFERENCE)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Perceptron"),
                                               nbformat.v4.new_code_cell(CORRECT)])
    (subs / "Max Muster_23456_assignsubmission_file_perceptron.ipynb").write_text(nbformat.writes(notebook))
    (subs / "README.txt").write_text("ignored")
    return subs


def batch(subs: Path, out: Path, *extra: str, timeout: float = 300) -> subprocess.CompletedProcess:
    proc = run_dlgrade("grade-batch", "perceptron", str(subs), "--out", str(out), *FAST, *extra, timeout=timeout)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The batch graded once, uninterrupted, with two jobs."""
    root = tmp_path_factory.mktemp("batch")
    out = root / "out"
    subs = build_batch(root, out)
    proc = batch(subs, out, "--jobs", "2")
    return subs, out, proc


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {r["Student ID"]: r for r in rows}


def test_every_student_gets_one_row_with_the_right_points(graded):
    subs, out, proc = graded
    rows = by_id(gradebook(out))
    assert sorted(rows) == IDS
    assert list(gradebook(out)[0]) == ["Student ID", "Name", "Email", "perceptron (max 22)", "Total", "Max", "Status",
                                       "Submission"]
    full = {sid for sid, r in rows.items() if r["Total"] == r["Max"] == "22"}
    assert full == {"12345", "23456", "s01", "s05", "s06"}  # the flood and the killer are capped, not rewarded
    assert 0 < float(rows["s02"]["Total"]) < 22
    assert rows["s03"]["Total"] == rows["s04"]["Total"] == "0"
    assert rows["s07"]["Status"] == "ambiguous" and rows["s07"]["Total"] == "0"
    assert rows["12345"]["Name"] == "Erika Mustermann"
    assert rows["23456"]["Submission"].endswith(".ipynb")
    assert "README.txt" in proc.stderr  # said what it ignored


def test_student_folders_hold_results_and_reports(graded):
    _, out, _ = graded
    for sid in IDS:
        results = json.loads((out / "students" / sid / "results.json").read_text())
        assert "hacked" not in json.dumps(results)
    assert json.loads((out / "students" / "s01" / "results.json").read_text())["score"] == 22
    s07 = (out / "students" / "s07" / "results.json").read_text()
    assert "several files could be the submission" in s07 and "a.py, b.py" in s07
    assert not list((out / "students").glob(".*"))  # no temporary folders left behind


def test_class_report_shows_histogram_and_misconceptions(graded):
    _, out, _ = graded
    html = (out / "class_report.html").read_text()
    assert 'aria-label="Distribution of the total points"' in html  # the histogram, inline SVG
    assert 'aria-label="Pass rate per case"' in html and "<title>" in html  # the outcome bars, with hover texts
    assert "loss_sign" in html
    assert "The loss has the wrong sign" in html  # the diagnosis' text in the chosen language
    assert "s07" in html  # listed among those without a gradable submission
    assert "<link" not in html and "<script src" not in html  # self-contained


def test_rerun_skips_everything_and_regrade_touches_one_row(graded, tmp_path):
    _, out, _ = graded
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    before = gradebook(copy, timestamps=True)
    proc = batch(graded[0], copy, "--jobs", "2")
    assert "0 to grade" in proc.stderr
    assert gradebook(copy, timestamps=True) == before
    batch(graded[0], copy, "--regrade", "s02")
    after = gradebook(copy, timestamps=True)
    changed = [b["Student ID"] for b, a in zip(before, after) if b != a]
    assert changed == ["s02"]
    assert {k: v for k, v in by_id(after)["s02"].items() if k != "Graded at"} == \
           {k: v for k, v in by_id(before)["s02"].items() if k != "Graded at"}


def test_changed_submission_is_graded_again(graded, tmp_path):
    subs, out, _ = graded
    copy_subs, copy_out = tmp_path / "subs", tmp_path / "out"
    shutil.copytree(subs, copy_subs)
    shutil.copytree(out, copy_out)
    (copy_subs / "s03.py").write_text(REFERENCE)  # the student fixed the crash and handed in again
    proc = batch(copy_subs, copy_out)
    assert "1 to grade (1 changed)" in proc.stderr
    assert by_id(gradebook(copy_out))["s03"]["Total"] == "22"


def interrupt_and_resume(graded, tmp_path, stop, sigint=signal.SIG_DFL) -> None:
    subs, out, _ = graded
    fresh = tmp_path / "out"
    proc = subprocess.Popen([*dlgrade_command(), "grade-batch", "perceptron", str(subs), "--out", str(fresh), *FAST,
                             "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, sigint))
    deadline = time.monotonic() + 120
    while db_rows(fresh) < 1 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    stop(proc)
    proc.communicate(timeout=60)
    assert 1 <= db_rows(fresh) < len(IDS), "the run was not stopped midway"
    assert not (fresh / "gradebook.csv").exists()
    batch(subs, fresh)
    assert gradebook(fresh) == gradebook(out)
    assert db_rows(fresh) == len(IDS)
    for sid in IDS:  # every folder is there and matches the store
        assert json.loads((fresh / "students" / sid / "results.json").read_text())["score"] == \
               json.loads((out / "students" / sid / "results.json").read_text())["score"]


def test_kill_9_midway_then_rerun_gives_the_same_gradebook(graded, tmp_path):
    interrupt_and_resume(graded, tmp_path, lambda proc: os.kill(proc.pid, signal.SIGKILL))


def test_ctrl_c_midway_then_rerun_gives_the_same_gradebook(graded, tmp_path):
    def ctrl_c(proc):  # like a terminal: SIGINT to the whole process group, the sandboxes included
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=60) == 130

    interrupt_and_resume(graded, tmp_path, ctrl_c)


def test_ctrl_c_works_even_when_started_with_sigint_ignored(graded, tmp_path):
    """As from a Jupyter cell (`!dlgrade grade-batch ...`): the kernel runs commands with SIGINT ignored."""
    def ctrl_c(proc):
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=60) == 130

    interrupt_and_resume(graded, tmp_path, ctrl_c, sigint=signal.SIG_IGN)


def test_gradescope_export_with_a_group(tmp_path):
    export = tmp_path / "export"
    (export / "submission_111").mkdir(parents=True)
    (export / "submission_111" / "perceptron.py").write_text(REFERENCE)
    (export / "submission_222").mkdir()
    (export / "submission_222" / "solution.py").write_text(loss_sign_variant())
    (export / "submission_metadata.yml").write_text(
        "submission_111:\n"
        "  :submitters:\n"
        "  - :name: Solo Student\n"
        "    :sid: '1001'\n"
        "    :email: solo@uni.example\n"
        "  :created_at: 2025-05-02 10:00:00.000000000 +02:00\n"
        "  :score: !ruby/object:BigDecimal 18:0.22e2\n"
        "submission_222:\n"
        "  :submitters:\n"
        "  - :name: Pair One\n"
        "    :sid: ''\n"
        "    :email: one@uni.example\n"
        "  - :name: Pair Two\n"
        "    :sid: '1003'\n"
        "    :email: two@uni.example\n")
    out = tmp_path / "out"
    batch(export, out, "--jobs", "2")
    rows = by_id(gradebook(out))
    assert sorted(rows) == ["1001", "1003", "one@uni.example"]
    assert rows["1001"]["Total"] == "22" and rows["1001"]["Email"] == "solo@uni.example"
    assert rows["1003"]["Total"] == rows["one@uni.example"]["Total"] != "22"  # the group shares one grade
    assert rows["1003"]["Name"] == "Pair Two"


def test_unknown_regrade_id_is_a_usage_error(graded):
    subs, out, _ = graded
    proc = run_dlgrade("grade-batch", "perceptron", str(subs), "--out", str(out), "--regrade", "nobody")
    assert proc.returncode == 2
    assert "nobody" in proc.stderr


def test_dask_cluster_grades_like_the_local_pool(graded, tmp_path):
    distributed = pytest.importorskip("distributed")
    subs, out, _ = graded
    few = tmp_path / "subs"
    few.mkdir()
    for name in ("s01.py", "s02", "s03.py", "Erika Mustermann_12345_assignsubmission_file_"):
        (shutil.copytree if (subs / name).is_dir() else shutil.copy)(subs / name, few / name)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp://",
                                  host="127.0.0.1", dashboard_address=None) as cluster:  # tcp: the CLI is another process
        batch(few, tmp_path / "out", "--scheduler", cluster.scheduler_address)
    local = by_id(gradebook(out))
    remote = by_id(gradebook(tmp_path / "out"))
    assert sorted(remote) == ["12345", "s01", "s02", "s03"]
    assert all(remote[sid] == local[sid] for sid in remote)


def publish_pid(student_id: str, result) -> str:
    """A pool's publish step that says which process ran it."""
    return json.dumps({"student": student_id, "pid": os.getpid(), "score": result.score})


def die_in_grading_process(student_id: str, result) -> str:
    """A grading process that dies (as under the OOM killer); in the batch's own process it just answers."""
    if multiprocessing.parent_process() is not None:
        os._exit(3)
    return json.dumps({"student": student_id, "internal": result.internal_error})


def test_jobs_default_to_one_per_core():
    assert default_jobs() == len(os.sched_getaffinity(0))
    assert "one per CPU core" in " ".join(run_dlgrade("grade-batch", "--help").stdout.split())


def test_threads_while_one_lock_keeps_up_a_process_per_job_beyond(monkeypatch):
    monkeypatch.setattr(pools, "default_jobs", lambda: 16)  # a machine with 16 cores
    for jobs, kind in ((1, ThreadPool), (2, ThreadPool), (3, ProcessPool), (16, ProcessPool)):
        pool = local_pool(jobs)
        pool.close()
        assert type(pool) is kind
    monkeypatch.setattr(pools, "default_jobs", lambda: 2)  # two cores: threads even for many jobs
    pool = local_pool(8)
    pool.close()
    assert type(pool) is ThreadPool


@pytest.mark.parametrize("kind", [ThreadPool, ProcessPool])
def test_both_pools_grade_and_publish(kind):
    pool = kind(2)
    try:
        jobs = [Job(f"s{i}", "perceptron", "perceptron.py", path=str(ROOT / "solutions/perceptron/reference.py"))
                for i in range(3)]
        futures = {pool.submit(job, Limits(), publish_pid): job for job in jobs}
        for future in pool.as_completed(futures):
            result, status, text = pool.outcome(future, futures[future], publish_pid)
            assert status == "graded" and result.score == result.max_score
            assert (json.loads(text)["pid"] == os.getpid()) == (kind is ThreadPool)  # processes: not in this one
    finally:
        pool.close()


def test_a_grading_process_that_dies_costs_one_internal_result():
    pool = ProcessPool(1)
    job = Job("s1", "perceptron", "perceptron.py", path=str(ROOT / "solutions/perceptron/reference.py"))
    try:
        future = pool.submit(job, Limits(), die_in_grading_process)
        result, status, text = pool.outcome(future, job, die_in_grading_process)
    finally:
        pool.close()
    assert status == "internal" and "internal error" in result.internal_error
    assert json.loads(text)["student"] == "s1"  # the student's folder is still written, saying so
