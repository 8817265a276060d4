"""The warm pool (fork server) keeps every isolation layer: the same attacks, the same outcomes."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import ROOT
from test_attacks import render, sandbox_processes

from dlgrade.grading import grade
from dlgrade.grading.submission import load_submission
from dlgrade.sandbox import Limits, WorkerSession
from dlgrade.sandbox.forkserver import ForkServer

LIMITS = Limits(call_timeout=2, import_timeout=4, total_timeout=120)


@pytest.fixture(scope="module")
def server():
    with ForkServer(("numpy", "torch")) as fs:
        yield fs


def by_status(result) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for case in result.cases:
        out.setdefault(case.function, set()).add(case.status)
    return out


def run(name: str, tmp_path: Path, server, **fields):
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = render(name, tmp_path, **fields)
    return grade("perceptron", path, LIMITS, hide=[str(tmp_path)], forkserver=server)


def test_layers_are_the_same_as_without_the_pool(tmp_path, server):
    warm = grade("perceptron", ROOT / "solutions/perceptron/reference.py", LIMITS, forkserver=server)
    cold = WorkerSession(load_submission(ROOT / "solutions/perceptron/reference.py").cells, LIMITS)  # jail.py, no pool
    try:
        assert cold.start().ok
        assert warm.score == warm.max_score
        assert warm.layers == cold.layers
    finally:
        cold.close()
    if os.geteuid() == 0:
        assert warm.layers["uid"] != 0 and warm.layers["pid_ns"] and warm.layers["mount_ns"]


def test_torch_exercise_grades_from_the_pool(server):
    result = grade("gan", ROOT / "solutions/gan/reference.py", LIMITS, forkserver=server)
    assert result.score == result.max_score


def test_solutions_stay_hidden(tmp_path, server):
    assert run("search_solutions", tmp_path, server).score == 0


def test_exit_at_import_and_endless_loop(tmp_path, server):
    assert by_status(run("exit_at_import", tmp_path / "a", server)) == {f: {"crash"} for f in
                                                                        ["predict", "misclassified", "perceptron_loss",
                                                                         "perceptron_step", "train_perceptron"]}
    result = run("infinite_loop", tmp_path / "b", server)
    assert by_status(result)["train_perceptron"] == {"timeout"}
    assert result.score == result.max_score - sum(c.max_score for c in result.cases if c.function == "train_perceptron")


def test_process_flood_is_cleaned_up(tmp_path, server):
    result = run("process_flood", tmp_path, server)
    assert result.score == result.max_score
    assert sandbox_processes() == []


def test_memory_limit_and_output_flood(tmp_path, server):
    assert by_status(run("big_alloc", tmp_path / "a", server))["predict"] == {"memory"}
    flood = run("output_flood", tmp_path / "b", server)
    assert flood.score == flood.max_score and flood.output_truncated and flood.output_bytes > 300 << 20


def test_a_submission_cannot_change_the_next_one(tmp_path, server):
    first = run("monkeypatch_compare", tmp_path / "a", server)
    assert first.score == 0
    after = grade("perceptron", ROOT / "solutions/perceptron/reference.py", LIMITS, forkserver=server)
    assert after.score == after.max_score


def test_a_fork_server_that_cannot_start_is_an_error_not_a_hang():
    """As when Ctrl-C reaches the server while it starts: grading fails at once (a batch records it
    as the grader's fault and grades the student again), it does not wait on the worker's pipes."""
    import threading

    outcome: dict = {}

    def attempt() -> None:
        try:
            grade("perceptron", ROOT / "solutions/perceptron/reference.py", LIMITS,
                  forkserver=ForkServer(("numpy", "no_such_module_dlgrade_test")))
        except RuntimeError as exc:
            outcome["error"] = str(exc)

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "grading hung on a fork server that never started"
    assert "did not start" in outcome.get("error", "")
