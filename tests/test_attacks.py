"""Hostile submissions through the real CLI: each gets its exact outcome, the grader is unharmed.

Every attack is a perceptron submission in tests/attacks/; placeholders in it are filled in
with this run's paths ({OUT}, {ROOT}, {MARKER}, {PORT}) and {CORRECT} with a correct solution,
so the attacker knows everything an attacker could guess.
"""
from __future__ import annotations

import hashlib
import os
import socket
import threading
from pathlib import Path

import pytest
from helpers import ROOT, by_function, grade, points_of, render_attack, run_dlgrade

FAST = ("--call-timeout", "3", "--import-timeout", "5", "--total-timeout", "120")
ALL = {"predict", "misclassified", "perceptron_loss", "perceptron_step", "train_perceptron"}


def render(name: str, tmp_path: Path, **fields) -> Path:
    text = render_attack(name, OUT=tmp_path / "out", MARKER=tmp_path / "marker", **fields)
    path = tmp_path / "submission" / f"{name}.py"
    path.parent.mkdir()
    path.write_text(text)
    return path


def attack(name: str, tmp_path: Path, *extra: str, **fields) -> dict:
    return grade("perceptron", render(name, tmp_path, **fields), tmp_path / "out", *FAST, *extra)


def sandbox_processes() -> list[str]:
    """Command lines of processes still running with the flood's marker."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "987654" in cmdline:
            found.append(cmdline)
    return found


def test_reference_as_student_file_gets_every_point(tmp_path):
    results = grade("perceptron", ROOT / "solutions/perceptron/reference.py", tmp_path / "out", *FAST)
    assert results["score"] == results["max_score"] > 0
    assert results["extra_data"]["sandbox"]["uid"] != 0 or os.geteuid() != 0


def test_stub_gets_zero(tmp_path):
    results = grade("perceptron", ROOT / "exercises/perceptron/stub.py", tmp_path / "out", *FAST)
    assert results["score"] == 0
    assert by_function(results) == {f: {"error"} for f in ALL}
    assert all("not implemented" in t["output"] for t in results["tests"])


def test_monkeypatched_comparisons_get_nothing(tmp_path):
    results = attack("monkeypatch_compare", tmp_path)
    assert results["score"] == 0
    assert all(t["status"] == "failed" for t in results["tests"])


def test_exit_at_import_is_a_crash_not_a_pass(tmp_path):
    results = attack("exit_at_import", tmp_path)
    assert results["score"] == 0
    assert by_function(results) == {f: {"crash"} for f in ALL}
    assert "exit code 0" in results["tests"][0]["output"]


def test_sys_exit_in_one_call_costs_only_that_function(tmp_path):
    results = attack("sys_exit_in_call", tmp_path)
    assert by_function(results)["perceptron_loss"] == {"error"}
    assert results["score"] == results["max_score"] - points_of(results, {"perceptron_loss"})
    loss = next(t for t in results["tests"] if t["tags"][1] == "perceptron_loss")
    assert "sys.exit" in loss["output"]


def test_fake_results_file_is_ignored(tmp_path):
    results = attack("fake_results", tmp_path)
    assert results["score"] == 0
    assert "hacked" not in (tmp_path / "out" / "results.json").read_text()
    lms = Path("/autograder/results/results.json")
    assert not lms.exists() or "hacked" not in lms.read_text()


def test_solutions_are_not_on_the_sandbox_disk(tmp_path):
    results = attack("search_solutions", tmp_path)
    assert results["score"] == 0
    assert by_function(results) == {f: {"failed"} for f in ALL}  # every answer was the "not found" None


def test_infinite_loop_costs_only_its_function(tmp_path):
    results = attack("infinite_loop", tmp_path, "--call-timeout", "1")
    assert by_function(results)["train_perceptron"] == {"timeout"}
    assert results["score"] == results["max_score"] - points_of(results, {"train_perceptron"})


def test_sleep_at_import_times_out_once(tmp_path):
    results = attack("sleep_at_import", tmp_path, "--import-timeout", "2")
    assert results["score"] == 0
    assert by_function(results) == {f: {"timeout"} for f in ALL}
    assert results["execution_time"] < 20  # the import is not retried for every case


def test_huge_allocation_hits_the_memory_limit(tmp_path):
    results = attack("big_alloc", tmp_path)
    assert by_function(results)["predict"] == {"memory"}
    assert results["score"] == results["max_score"] - points_of(results, {"predict"})


def test_process_flood_is_capped_and_cleaned_up(tmp_path):
    results = attack("process_flood", tmp_path)
    assert results["score"] == results["max_score"]
    assert sandbox_processes() == []


def test_output_flood_keeps_the_first_part_and_the_program_alive(tmp_path):
    """300 MB of prints in every call of predict: the calls go on, the output is cut, not the program."""
    results = attack("output_flood", tmp_path)
    assert results["score"] == results["max_score"]
    assert results["extra_data"]["student_output_bytes"] > 300 << 20
    assert results["extra_data"]["student_output_truncated"] is True


def test_loopback_connection_is_blocked(tmp_path):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    received = []
    graded = threading.Event()

    def accept():  # listens until grading is over, however long a busy machine makes it
        while not graded.is_set():
            try:
                conn, _ = server.accept()
                received.append(conn.recv(100))
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        results = attack("network", tmp_path, PORT=server.getsockname()[1])
    finally:
        graded.set()
        thread.join(timeout=5)  # a connection that got through may block in recv: the assertion below says so
        server.close()
    assert received == []
    assert results["score"] == results["max_score"]  # every predict saw the connection fail


def test_syntax_error_is_reported_with_its_line(tmp_path):
    results = attack("syntax_error", tmp_path)
    assert results["score"] == 0
    assert by_function(results) == {f: {"missing"} for f in ALL}
    assert "syntax_error.py, line 3: SyntaxError" in results["tests"][0]["output"]  # the file and line, not "cell 1"


def test_import_error_is_reported(tmp_path):
    results = attack("import_error", tmp_path)
    assert results["score"] == 0
    assert "ModuleNotFoundError" in results["tests"][0]["output"]


def test_nan_and_wrong_types_fail_with_reasons(tmp_path):
    results = attack("nan_and_types", tmp_path)
    assert results["score"] == 0
    first = {}
    for t in results["tests"]:
        first.setdefault(t["tags"][1], t)
    assert first["predict"]["extra_data"]["message"]["en"].startswith("The answer contains")  # NaN
    assert "is str" in first["misclassified"]["output"]
    assert "returns None" in first["perceptron_loss"]["output"]
    assert "is dict" in first["perceptron_step"]["output"]
    assert "an object without numeric values (object)" in first["train_perceptron"]["output"]


def test_pickle_and_array_payloads_never_run_in_the_grader(tmp_path):
    results = attack("evil_objects", tmp_path)
    assert results["score"] == 0
    assert not (tmp_path / "marker").exists()


def test_ndarray_subclass_claiming_equality_gets_nothing(tmp_path):
    results = attack("ndarray_subclass", tmp_path)
    assert results["score"] == 0


def test_killing_the_parent_fails(tmp_path):
    results = attack("kill_parent", tmp_path)
    assert results["score"] == results["max_score"]


def test_grader_files_cannot_be_changed(tmp_path):
    watched = sorted(ROOT.glob("autograder/**/*.py")) + sorted(ROOT.glob("solutions/perceptron/*.py"))
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in watched}
    results = attack("append_grader_files", tmp_path)
    assert results["score"] == results["max_score"]
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in watched} == before


def test_reading_stdin_does_not_hang(tmp_path):
    results = attack("read_stdin", tmp_path)
    assert results["score"] == results["max_score"]


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"\xff\xfe\x00garbage \x80\x81", "not UTF-8"),
])
def test_unusable_files_get_a_clear_result(tmp_path, content, reason):
    path = tmp_path / "sub.py"
    path.write_bytes(content)
    results = grade("perceptron", path, tmp_path / "out")
    assert results["score"] == 0
    assert reason in results["tests"][0]["output"]


def test_broken_notebook_gets_a_clear_result(tmp_path):
    path = tmp_path / "sub.ipynb"
    path.write_text("{ this is not json")
    results = grade("perceptron", path, tmp_path / "out")
    assert results["score"] == 0
    assert "not a valid Jupyter notebook" in results["tests"][0]["output"]


@pytest.mark.parametrize(("lang", "words"), [("de", "unbekannte Aufgabe"), ("en", "unknown exercise")])
def test_unknown_exercise_is_a_usage_error_in_the_chosen_language(lang, words, tmp_path):
    proc = run_dlgrade("grade", "no_such_exercise", str(ROOT / "exercises/perceptron/stub.py"), "--out", str(tmp_path),
                       "--lang", lang)
    assert proc.returncode == 2
    assert words in proc.stderr and "perceptron" in proc.stderr
