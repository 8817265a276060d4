"""Grading integrity (issue 10): no number that decides points comes from the student's process.

Each test grades a hostile submission from tests/attacks/ through the real CLI (the batch ones
through `grade-batch`) and asserts its one honest outcome. Two outcomes are honest for an
attack that tampers with the grader: the verdict the submission's own code earns (as if the
tampering had no effect), or a refusal ("forbidden", 0 points, the tampering named) where the
grader sees it. Where a test accepts both, it says so and checks each exactly.

No test depends on the machine's speed: a too-slow answer may be "slow" or "timeout" (on a busy
machine the hard cut-off can come first); both lose exactly the speed case's points.
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
from helpers import CORRECT, ROOT, SUBMISSIONS, dlgrade_command, grade, render_attack, run_dlgrade, until

from dlgrade import catalog

FAST = ("--call-timeout", "3", "--import-timeout", "5", "--total-timeout", "120")
CONV2D = (SUBMISSIONS / "conv2d/perf_einsum.py").read_text()  # correct and vectorised
PERCEPTRON = {"predict", "misclassified", "perceptron_loss", "perceptron_step", "train_perceptron"}


def variant(exercise_id: str, mistake_id: str) -> str:
    """The source of an exercise's known mistake (a whole submission that makes exactly that mistake)."""
    exercise = catalog.load_exercise(exercise_id)
    return exercise.variant_source(next(m for m in exercise.mistakes if m.id == mistake_id))


def submission(name: str, tmp_path: Path, **fields) -> Path:
    text = render_attack(name, OUT=tmp_path / "out", MARKER=tmp_path / "marker", CONV2D=CONV2D, **fields)
    path = tmp_path / "submission" / f"{name}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def attack(target: str, name: str, tmp_path: Path, *extra: str, **fields) -> dict:
    return grade(target, submission(name, tmp_path, **fields), tmp_path / "out", *FAST, *extra)


def statuses(results: dict) -> dict[str, set[str]]:
    """function (with "/speed" for a timed case) -> the statuses its cases got."""
    out: dict[str, set[str]] = {}
    for test in results["tests"]:
        key = test["tags"][1] + ("/speed" if test["tags"][2] == "performance" else "")
        out.setdefault(key, set()).add(test["extra_data"]["status"])
    return out


def speed_case(results: dict) -> dict:
    (case,) = [t for t in results["tests"] if t["tags"][2] == "performance"]
    return case


def correctness(results: dict) -> tuple[float, float]:
    cases = [t for t in results["tests"] if t["tags"][2] != "performance"]
    return sum(t["score"] for t in cases), sum(t["max_score"] for t in cases)


def strict_json(path: Path) -> dict:
    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")

    return json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


def assert_honestly_too_slow(results: dict) -> None:
    """Every correctness point, none for speed: "slow" with the measured ratio over the budget, or "timeout"."""
    case = speed_case(results)
    assert case["score"] == 0 and case["extra_data"]["status"] in ("slow", "timeout"), case["output"]
    if case["extra_data"]["status"] == "slow":
        timing = case["extra_data"]["timing"]
        assert timing["ratio"] > timing["budget"] and timing["clock"] in ("cpu", "wall")
    got, full = correctness(results)
    assert got == full > 0
    assert results["score"] == full


def assert_refused(results: dict, *named: str) -> None:
    """Not graded at all: every case (the timed ones too) "forbidden", 0 points, the tampering named."""
    assert results["score"] == 0
    assert {t["extra_data"]["status"] for t in results["tests"]} == {"forbidden"}
    for what in named:
        assert what in results["extra_data"]["tampering"], results["extra_data"]["tampering"]
        assert what in results["tests"][0]["output"]


# ---------------------------------------------------------------- timing: measured by the parent only


def test_stopping_the_clocks_in_plain_sight_is_refused(tmp_path):
    results = attack("conv2d", "clock_rebind", tmp_path, REPEAT=40)
    assert_refused(results, "time.perf_counter = …", "time.monotonic = …")


@pytest.mark.parametrize("name", ["clock_rebind_hidden", "lazy_array"])
def test_forty_times_too_slow_stays_too_slow_whatever_the_worker_does(name, tmp_path):
    """Stopped clocks (hidden from the scan), work hidden in __array__: the parent's CPU (or wall)
    clock spans the call until the whole answer arrived."""
    assert_honestly_too_slow(attack("conv2d", name, tmp_path, REPEAT=40))


def test_reaching_the_worker_through_frames_is_refused(tmp_path):
    """Worker functions replaced through a traceback's frames: frame attributes are refused by the scan."""
    assert_refused(attack("conv2d", "worker_patch_hidden", tmp_path, REPEAT=40), "….tb_frame")


def test_a_clock_that_returns_zero_is_no_internal_error(tmp_path):
    """Every clock of the worker returns 0 (or runs backwards) and the answer is fast: full marks."""
    results = attack("conv2d", "clock_rebind_hidden", tmp_path, REPEAT=1)
    assert statuses(results) == {f: {"passed"} for f in ("convolve1d", "cross_correlate1d", "conv2d_forward",
                                                           "conv2d_forward/speed")}
    timing = speed_case(results)["extra_data"]["timing"]
    assert all(r > 0 for r in timing["ratios"]) and timing["ratio"] <= timing["budget"]
    assert results["extra_data"]["internal_error"] is None


def test_importing_the_worker_by_name_is_refused(tmp_path):
    assert_refused(attack("conv2d", "worker_patch", tmp_path, REPEAT=40), "worker", "wire")


# ---------------------------------------------------------------- checks inside the worker: harnesses, inputs


@pytest.fixture(scope="module")
def gan_mistake() -> str:
    return variant("gan", "penalty_no_create_graph")


def assert_penalty_mistake_honestly(results: dict) -> None:
    """29 of 33: exactly gradient_penalty's four cases fail, named as penalty_no_create_graph."""
    failed = [t for t in results["tests"] if t["extra_data"]["status"] != "passed"]
    assert results["score"] == 29 and results["max_score"] == 33
    assert [t["tags"][1] for t in failed] == ["gradient_penalty"] * 4
    assert {t["extra_data"]["status"] for t in failed} == {"failed"}
    assert {(t["extra_data"]["diagnosis"] or {}).get("id") for t in failed} == {"penalty_no_create_graph"}


def test_gan_penalty_mistake_alone_gets_29_of_33(tmp_path, gan_mistake):
    path = tmp_path / "gan.py"
    path.write_text(gan_mistake)
    assert_penalty_mistake_honestly(grade("gan", path, tmp_path / "out", *FAST))


def test_replacing_torch_backward_in_plain_sight_is_refused(tmp_path, gan_mistake):
    assert_refused(attack("gan", "harness_plain", tmp_path, GAN=gan_mistake), "torch.Tensor.backward = …")


# The harness, the argument check and the record of routines used run in the student's process; the ways
# to reach them (a traceback's frames, setattr on type(t)) are refused by the source scan, so each of these
# attacks ends honestly or not graded at all.


@pytest.mark.parametrize("name", ["harness_frames", "harness_in_call", "harness_backward"])
def test_gan_harness_patched_unseen_still_gets_29_or_is_refused(name, tmp_path, gan_mistake):
    results = attack("gan", name, tmp_path, "--call-timeout", "20", GAN=gan_mistake)
    if results["extra_data"]["tampering"]:
        assert_refused(results)
    else:
        assert_penalty_mistake_honestly(results)


HIDDEN_ROUTES = {  # ways to the harness's namespace that no source scan sees: the worker's audit hook refuses them
    "a traceback's frame by a built name": (
        "    try:\n        raise RuntimeError\n    except RuntimeError as exc:\n"
        "        return list(_frames_upwards(operator.attrgetter('tb_' + 'frame')(exc.__traceback__)))"),
    "the current frame from inspect by a built name": (
        "    return list(_frames_upwards(getattr(inspect, 'current' + 'frame')()))"),
    "the traceback module walking the stack": (
        "    return list(_frames_upwards(next(iter(getattr(__import__('traceback'), 'walk_' + 'stack')(None)))[0]))"),
    "every live object from gc by a built name": "    return getattr(gc, 'get_' + 'objects')()",
    "a generator's own frame": (
        "    def walk():\n        yield\n    g = walk()\n    next(g)\n"
        "    return list(_frames_upwards(operator.attrgetter('gi_' + 'frame')(g)))"),
}


@pytest.mark.parametrize("route", list(HIDDEN_ROUTES))
def test_gan_harness_reached_by_a_hidden_route_still_gets_29(route, tmp_path, gan_mistake):
    """The scan sees none of these; the call that tries is refused in the worker and fails, so the penalty
    cases end as the honest mistake would (or one more case fails: never more points)."""
    results = attack("gan", "harness_unseen", tmp_path, "--call-timeout", "20", GAN=gan_mistake,
                     ROUTE=HIDDEN_ROUTES[route], WHAT=route)
    assert not results["extra_data"]["tampering"]
    penalty = [t for t in results["tests"] if t["tags"][1] == "gradient_penalty"]
    assert results["score"] <= 29 and sum(t["extra_data"]["status"] != "passed" for t in penalty) >= 4
    assert any("not allowed in a submission" in t["output"] for t in penalty), [t["output"] for t in penalty]


ORDINARY_INTROSPECTION = """
import enum
import inspect
import logging
import traceback
import warnings
from collections import namedtuple
from dataclasses import dataclass

Shape = namedtuple("Shape", "n c h w")


class Mode(enum.Enum):
    TRAIN = 1


@dataclass
class Config:
    stride: int = 1


_reference = conv2d_forward


def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    logging.getLogger("student").debug("called with %s", Shape(*x.shape))
    warnings.warn("a student's warning")
    assert list(inspect.signature(conv2d_forward).parameters)[:3] == ["x", "w", "b"]
    try:
        raise ValueError("handled")
    except ValueError:
        traceback.format_exc()
    return _reference(x, w, b, Config(stride).stride, padding, dilation)
"""


def test_ordinary_library_introspection_passes_the_audit_hook(tmp_path):
    """namedtuple, enum, dataclass, logging, warnings, inspect.signature and traceback formatting ask the
    interpreter for frames or code themselves: the hook lets them, the submission gets full marks."""
    path = tmp_path / "conv2d.py"
    path.write_text(CONV2D + ORDINARY_INTROSPECTION)
    results = grade("conv2d", path, tmp_path / "out", *FAST, "--call-timeout", "20")
    assert not results["extra_data"]["tampering"]
    assert results["score"] == results["max_score"], [t["output"] for t in results["tests"] if t["score"] < t["max_score"]]


def test_switching_off_the_argument_check_does_not_hide_an_in_place_mistake(tmp_path):
    results = attack("activations", "mutation_check_patch", tmp_path,
                     VARIANT=variant("activations", "in_place_masking"))
    if results["extra_data"]["tampering"]:
        assert_refused(results)
        return
    honest = grade("activations", _write(tmp_path / "honest.py", variant("activations", "in_place_masking")),
                   tmp_path / "honest", *FAST)
    assert results["score"] == honest["score"] < honest["max_score"]


# ---------------------------------------------------------------- every wait has a deadline


def test_a_worker_that_stops_reading_its_requests_is_a_timeout(tmp_path):
    """On the timed input it answers by writing its own frame, then never reads again: the next
    request (about 600 kB) does not fit into the pipe. The send has a deadline."""
    results = attack("conv2d", "stall_after_answer", tmp_path)
    assert speed_case(results)["extra_data"]["status"] == "timeout"
    got, full = correctness(results)
    assert got == full == results["score"] == results["max_score"] - speed_case(results)["max_score"]


def test_a_worker_that_claims_to_be_ready_and_sleeps_times_out_case_by_case(tmp_path):
    results = attack("perceptron", "stall_after_ready", tmp_path, "--total-timeout", "15")
    assert results["score"] == 0
    assert results["tests"][0]["extra_data"]["status"] == "timeout"
    assert {t["extra_data"]["status"] for t in results["tests"]} <= {"timeout", "not_run"}
    assert results["execution_time"] < 15 + 30  # the budget, plus one call's limit and the worker's start


# ---------------------------------------------------------------- frames and notebooks are validated


READY_FRAMES = {
    "a string where a number belongs": '{"kind": "ready", "cells": [{"index": "1", "ok": True}], "functions": ["predict"]}',
    "cells that are not dicts": '{"kind": "ready", "cells": [1, "two", None], "functions": ["predict"]}',
    "strings instead of lists": '{"kind": "ready", "cells": "all", "functions": "predict"}',
    "functions that are not names": '{"kind": "ready", "cells": [], "functions": [["predict"], 7]}',
    "ok that is not a boolean": '{"kind": "ready", "cells": [{"index": 1, "ok": "yes"}], "functions": []}',
    "lengths beyond any limit": 'b"DLG1" + b"\\xff" * 12',
    "no frame at all": 'b"XXXX" + bytes(12)',
    "a valid frame before the real one": (
        '{"kind": "ready", "cells": [{"index": 1, "ok": False, "error": {"type": 5, "message": ["[/oops]"], '
        '"mro": "E", "line": "x"}}], "functions": ["predict", "misclassified", "perceptron_loss", '
        '"perceptron_step", "train_perceptron"]}'),
}


@pytest.mark.parametrize("what", READY_FRAMES)
def test_forged_ready_frame_is_garbage_on_every_case(what, tmp_path):
    results = attack("perceptron", "forged_ready", tmp_path, HEADER=READY_FRAMES[what], WHAT=what)
    assert results["score"] == 0
    assert {t["extra_data"]["status"] for t in results["tests"]} == {"garbage"}
    assert results["extra_data"]["internal_error"] is None


NPY_TEXT = '(lambda buf: (np.save(buf, np.array(["a", "b"])), buf.getvalue())[1])(__import__("io").BytesIO())'
RESULT_FRAMES = {  # what, (body, header, predict's statuses)
    "a blob size that is a string": (
        'b"12345678"', '{"kind": "result", "id": call_id, "value": {"$a": 0}, "blobs": [str(len(body))]}', "garbage"),
    "an array of text": (
        NPY_TEXT, '{"kind": "result", "id": call_id, "value": {"$a": 0}, "blobs": [len(body)]}', "garbage"),
    "an id that is a string": ('b""', '{"kind": "result", "id": str(call_id), "value": 1.0, "blobs": []}', "garbage"),
    "an unknown value tag and odd lists": (
        'b""', '{"kind": "result", "id": call_id, "mutated": [{"a": 1}, -5, 99, "zz"], "used": [1, None, "x" * 10000], '
               '"value": {"$d": [["k", {"$q": 1}]]}, "blobs": []}', "garbage"),
    "an error report of the wrong types": (
        'b""', '{"kind": "error", "id": call_id, "error": {"type": ["x"], "message": "[/oops] [bold]forged[/bold]", '
               '"mro": "Exception", "line": "7", "traceback": 5}, "used": "all"}', "error"),
}


@pytest.mark.parametrize("what", RESULT_FRAMES)
def test_forged_answer_frame_costs_only_the_forging_function(what, tmp_path):
    """predict writes its own answer frame and then sleeps: a clean verdict for predict's cases;
    after a garbage frame the worker is replaced, so every other function keeps its points."""
    body, header, status = RESULT_FRAMES[what]
    results = attack("perceptron", "forged_result", tmp_path, HEADER=header, BODY=body, WHAT=what,
                     AFTER="time.sleep(10**6)", AFTER_TEXT="sleeps")
    got = statuses(results)
    tests = results["tests"]
    # The forged id is a guess (1: predict's first public case is the run's first call); later forgeries
    # answer out of turn, which is garbage as well.
    assert tests[0]["extra_data"]["status"] == status and got.pop("predict") <= {status, "garbage"}
    if status == "error":  # an error frame is an answer: the worker still sleeps, so the next call times out
        assert "[/oops] [bold]forged[/bold]" in tests[0]["output"]
        after_error = {i + 1 for i, t in enumerate(tests[:-1]) if t["extra_data"]["status"] == "error"}
        for i, test in enumerate(tests):
            if test["tags"][1] != "predict":
                assert test["extra_data"]["status"] == ("timeout" if i in after_error else "passed"), test["name"]
    else:
        assert got == {f: {"passed"} for f in PERCEPTRON - {"predict"}}
    assert results["extra_data"]["internal_error"] is None


NOTEBOOK_SOURCES = {"a number": 5, "a dict": {"a": "b"}, "null": None, "a list with a number": ["import numpy\n", 3],
                    "nested lists": [["x"]]}


@pytest.mark.parametrize("what", NOTEBOOK_SOURCES)
def test_notebook_cell_without_text_is_an_invalid_notebook(what, tmp_path):
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "# Perceptron", "id": "m"},
        {"cell_type": "code", "metadata": {}, "source": NOTEBOOK_SOURCES[what], "outputs": [],
         "execution_count": None, "id": "c"}]}
    path = tmp_path / "perceptron.ipynb"
    path.write_text(json.dumps(notebook))
    results = grade("perceptron", path, tmp_path / "out")
    assert results["score"] == 0
    assert {t["extra_data"]["status"] for t in results["tests"]} == {"invalid"}
    output = results["tests"][0]["output"]
    assert "cell 1 of the notebook has no text as its source" in output or "not a valid Jupyter notebook" in output


def test_notebook_with_odd_cell_metadata_is_graded(tmp_path):
    """A cell whose dlgrade metadata is not a table is the student's code like any other cell."""
    cell = nbformat.v4.new_code_cell(CORRECT.read_text(), metadata={"dlgrade": "self-check"})
    path = tmp_path / "perceptron.ipynb"
    path.write_text(nbformat.writes(nbformat.v4.new_notebook(cells=[cell])))
    results = grade("perceptron", path, tmp_path / "out")
    assert results["score"] == results["max_score"] == 22


# ---------------------------------------------------------------- disk and output


def _tree_bytes(folder: Path) -> int:
    total = 0
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_size
            except OSError:
                pass
    return total


def test_three_gib_of_files_are_stopped_by_the_scratch_quota(tmp_path):
    """1 MiB files up to 3 GiB, then empty files: the scratch folder's tmpfs stops both; the
    grader's /tmp (here: its TMPDIR) holds only the worker's code meanwhile, and its disk keeps its space."""
    grader_tmp = tmp_path / "grader-tmp"
    grader_tmp.mkdir()
    path = submission("disk_fill", tmp_path)
    seen = {"bytes": 0, "free": shutil.disk_usage("/tmp").free}
    free_before = seen["free"]
    done = threading.Event()

    def watch():
        while not done.is_set():
            seen["bytes"] = max(seen["bytes"], _tree_bytes(grader_tmp))
            seen["free"] = min(seen["free"], shutil.disk_usage("/tmp").free)
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        proc = run_dlgrade("grade", "perceptron", str(path), "--out", str(tmp_path / "out"), "--lang", "en",
                           "--import-timeout", "60", env={**os.environ, "TMPDIR": str(grader_tmp)})
    finally:
        done.set()
        watcher.join()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    assert results["extra_data"]["sandbox"].get("scratch_quota") is True
    assert results["score"] == results["max_score"]  # every folder it could write to stopped it
    assert seen["bytes"] < 8 << 20  # the worker's code; what the submission wrote stayed in its tmpfs
    assert free_before - seen["free"] < 1 << 30  # 3 GiB never reached the disk (others share it: a margin)
    assert list(grader_tmp.iterdir()) == []


def test_printing_300_mb_at_import_keeps_the_program(tmp_path):
    results = attack("perceptron", "print_flood_at_import", tmp_path, "--import-timeout", "60")
    assert results["score"] == results["max_score"]
    assert results["extra_data"]["student_output_bytes"] >= 300 << 20
    assert results["extra_data"]["student_output_truncated"] is True
    assert "only the first 64 KiB were kept" in results["output"]


# ---------------------------------------------------------------- outputs: escaped for where they land


def test_non_finite_answers_give_strict_json(tmp_path):
    attack("perceptron", "nonfinite_answers", tmp_path)
    results = strict_json(tmp_path / "out" / "results.json")
    assert results["score"] == 0
    assert {t["extra_data"]["status"] for t in results["tests"]} == {"failed"}


def test_text_without_a_utf8_form_is_written_anyway(tmp_path):
    """Lone surrogates in an exception message, a dict answer and a cell's error: a verdict, every file written."""
    results = attack("perceptron", "surrogate_text", tmp_path)
    assert statuses(results) == {"predict": {"error"}, "perceptron_loss": {"failed"}, "misclassified": {"passed"},
                                 "perceptron_step": {"passed"}, "train_perceptron": {"passed"}}
    assert results["score"] == 14
    assert "lone \ufffd surrogate" in strict_json(tmp_path / "out" / "results.json")["tests"][0]["output"]
    assert "lone" in (tmp_path / "out" / "report.md").read_text() and "lone" in (tmp_path / "out" / "report.html").read_text()


EVIL = "notes\n# Fake heading\n<img src=x onerror=alert(1)>[bold]\r\x1b[31m"


def test_zip_member_names_cannot_format_the_reports(tmp_path):
    """One member: graded, its name in every report. Two members: invalid, both names listed."""
    for label, names in (("one", [EVIL + ".py"]), ("two", [EVIL + "a.py", EVIL + "b.py"])):
        archive = tmp_path / f"{label}.zip"
        with zipfile.ZipFile(archive, "w") as z:
            for name in names:
                z.writestr(name, CORRECT.read_text())
        out = tmp_path / label
        results = grade("perceptron", archive, out)
        assert results["score"] == (22 if label == "one" else 0)
        md, html = (out / "report.md").read_text(), (out / "report.html").read_text()
        assert "Fake heading" in md and "Fake heading" in html  # the name is shown ...
        assert not [line for line in md.splitlines() if line.lstrip().startswith("#") and "Fake" in line]
        assert not re.search(r"(?<!\\)<img", md)  # ... but never as a heading or a live tag
        assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
        assert "\x1b" not in md + html + (out / "results.json").read_text()


# ---------------------------------------------------------------- fallback layers


@pytest.mark.skipif(os.geteuid() != 0, reason="separate uids need root")
@pytest.mark.parametrize("namespaces", [("mount_ns",), ()], ids=["no-pid-namespace", "no-namespaces"])
def test_the_reference_is_out_of_the_students_reach_in_the_fallback(namespaces, tmp_path):
    """The student's worker searches the host's /tmp and the other workers of its grader for the
    reference's code while the speed trial runs, and signals every one it may. Nothing is on a
    disk path; without a PID namespace the reference worker is visible but runs under another
    uid (its memory unreadable, no signal reaches it: the speed case passes). Where the
    interpreter is not readable by the sandbox uid (here: under /root) the workers stay root:
    then the reference is within reach, and the results say loudly that it ran as root."""
    from dlgrade.grading import grade as grade_here
    from dlgrade.sandbox import Limits, layer_warnings

    result = grade_here("conv2d", submission("steal_reference", tmp_path), Limits(namespaces=namespaces))
    (timed,) = [c for c in result.cases if c.kind == "performance"]
    assert {c.status for c in result.cases if c.kind != "performance"} == {"passed"}
    assert "returns None" not in str(timed.message)  # never found on a disk path
    if result.layers.get("uid") not in (0, None):
        assert timed.status == "passed", timed.message
        assert result.score == result.max_score
    else:
        assert any("ran as root" in w for w in layer_warnings(result.layers))
    if "mount_ns" not in namespaces:
        assert any("no size-limited scratch folder" in w for w in layer_warnings(result.layers))


# ---------------------------------------------------------------- leftovers after a signal


def _marked_processes(marker: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if marker.encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(int(pid))
        except OSError:
            pass
    return found


def _cgroups(grader_pid: int) -> list[Path]:
    return list(Path("/sys/fs/cgroup").glob(f"*/dlgrade/w{grader_pid}-*")) + \
        list(Path("/sys/fs/cgroup").glob(f"dlgrade/w{grader_pid}-*"))


def _children(pid: int) -> list[int]:
    out = []
    for child in filter(str.isdigit, os.listdir("/proc")):
        try:
            if Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[1] == str(pid):
                out.append(int(child))
        except (OSError, IndexError):
            pass
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _busy_grader(tmp_path: Path, marker: str) -> tuple[subprocess.Popen, Path, list[int]]:
    """A grader with a worker sleeping in its import (and a child of it): scratch folder, cgroup, processes.

    Started the way a shell starts a command in the background (and Jupyter its kernels' children):
    with SIGINT ignored, which the grader must undo, or Ctrl-C would leave it running to its limits.
    """
    grader_tmp = tmp_path / "grader-tmp"
    grader_tmp.mkdir()
    path = submission("sleep_with_child_at_import", tmp_path, SECONDS=marker)
    proc = subprocess.Popen([*dlgrade_command(), "grade", "perceptron", str(path), "--out", str(tmp_path / "out"),
                             "--import-timeout", "120"], env={**os.environ, "TMPDIR": str(grader_tmp)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=_ignore_sigint)
    up = until(lambda: _marked_processes(marker) and list(grader_tmp.iterdir()) and
                (_cgroups(proc.pid) or not Path("/sys/fs/cgroup").exists()), 60)
    assert up, "the grader did not get its worker going"
    return proc, grader_tmp, _children(proc.pid)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_stopped_grader_leaves_nothing_behind(sig, tmp_path):
    marker = str(987000 + sig)
    proc, grader_tmp, children = _busy_grader(tmp_path, marker)
    os.kill(proc.pid, sig)
    proc.wait(timeout=60)
    assert until(lambda: not _marked_processes(marker)), "the worker's child survived"
    assert list(grader_tmp.iterdir()) == []
    assert _cgroups(proc.pid) == []
    assert until(lambda: not any(_alive(c) for c in children)), "a helper process survived"


def test_a_killed_graders_leftovers_are_swept_by_the_next_start(tmp_path):
    marker = "987009"
    proc, grader_tmp, children = _busy_grader(tmp_path, marker)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert list(grader_tmp.iterdir()) != []  # SIGKILL: nothing could clean up
    stub = ROOT / "exercises/perceptron/stub.py"
    after = run_dlgrade("grade", "perceptron", str(stub), "--out", str(tmp_path / "next"), *FAST,
                        env={**os.environ, "TMPDIR": str(grader_tmp)})
    assert after.returncode == 0, after.stderr
    assert list(grader_tmp.iterdir()) == []
    assert _cgroups(proc.pid) == []
    assert until(lambda: not _marked_processes(marker)), "the killed grader's sandbox still runs"
    assert until(lambda: not any(_alive(c) for c in children)), "a helper process survived"


# ---------------------------------------------------------------- forbidden routines


def test_conv2d_wrapping_the_library_convolution_is_forbidden_by_name_in_both_languages(tmp_path):
    results = attack("conv2d", "forbidden_conv_wrapper", tmp_path, "--call-timeout", "30")
    assert statuses(results) == {"convolve1d": {"passed"}, "cross_correlate1d": {"passed"},
                                 "conv2d_forward": {"forbidden"}, "conv2d_forward/speed": {"forbidden"}}
    conv = [t for t in results["tests"] if t["tags"][1] == "conv2d_forward"]
    for test in conv:
        message = test["extra_data"]["message"]
        assert "torch.nn.functional.conv*" in message["en"] and "not allow" in message["en"]
        assert "torch.nn.functional.conv*" in message["de"] and "nicht erlaubt" in message["de"]
    assert results["score"] == results["max_score"] - sum(t["max_score"] for t in conv)


HIDDEN_CALLS = {  # caught at run time: the source does not name the routine
    "getattr on F with a built name": "getattr(F, 'conv' + '2d')(x, w, b, stride, padding, dilation)",
    "getattr on torch with a built name": "getattr(torch, 'con' + 'v2d')(x, w, b, stride, padding, dilation)",
    "the layer class by a built name": (
        "getattr(torch.nn, 'Con' + 'v2d')(w.shape[1], w.shape[0], tuple(w.shape[2:]), stride=stride, "
        "padding=padding, dilation=dilation, dtype=torch.float64)._conv_forward(x, w, b)"),
    "torch.convolution by a built name": (
        "getattr(torch, 'convol' + 'ution')(x, w, b, [stride] * 2, [padding] * 2, [dilation] * 2, False, [0, 0], 1)"),
}
FORGET = '''
def _forget(answer):
    """Empties the worker's record of the routines this call used (found through the frames)."""
    try:
        raise RuntimeError
    except RuntimeError as exc:
        frame = exc.__traceback__.tb_frame
    while frame is not None:
        recorder = frame.f_locals.get("recorder")
        if recorder is not None and hasattr(recorder, "used"):
            recorder.used.clear()
        frame = frame.f_back
    return answer
'''

BYPASSES = {  # the same routine by roundabout ways: refused, forbidden, or an error; never credited
    "the module's namespace": (
        "vars(F)['conv' + '2d'](x, w, b, stride, padding, dilation)",
        "engine: a library's namespace read as a dict names no routine the scan could match"),
    "the module's namespace through a built attribute name": (
        "getattr(F, '__di' + 'ct__')['conv' + '2d'](x, w, b, stride, padding, dilation)",
        "engine: neither `vars` nor `__dict__` is spelled out, the recorder still sees the call"),
    "the recorder's __wrapped__": (
        "getattr(getattr(F, 'conv' + '2d'), '__wrap' + 'ped__')(x, w, b, stride, padding, dilation)",
        "engine: worker.Recorder wraps with functools.wraps, so the original routine is one attribute away "
        "(__wrapped__; also __closure__): calling it is not recorded"),
    "the recorder's record, emptied through the frames": (
        "_forget(getattr(F, 'conv' + '2d')(x, w, b, stride, padding, dilation))",
        "engine: the record of routines used is kept in the student's process (serve's local `recorder`), "
        "which the call reaches through a traceback's frames and empties before it returns"),
    "torch._C._VariableFunctions.conv2d": (
        "torch._C._VariableFunctions.conv2d(x, w, b, stride, padding, dilation)",
        "exercise: conv2d's [forbidden] list misses torch._C._VariableFunctions.* (the same routine as torch.conv2d)"),
    "torch.ops.aten.conv2d": (
        "torch.ops.aten.conv2d(x, w, b, [stride] * 2, [padding] * 2, [dilation] * 2)",
        "exercise: conv2d's [forbidden] list misses torch.ops.aten.conv* / *convolution*"),
    "torch._convolution": (
        "torch._convolution(x, w, b, [stride] * 2, [padding] * 2, [dilation] * 2, False, [0, 0], 1, False, False, "
        "True, True)",
        "exercise: conv2d's [forbidden] list misses torch._convolution"),
}


def assert_conv2d_forbidden(results: dict) -> None:
    got = statuses(results)
    assert got.pop("conv2d_forward") == {"forbidden"}
    assert got.pop("conv2d_forward/speed") == {"forbidden"}
    assert got == {"convolve1d": {"passed"}, "cross_correlate1d": {"passed"}}


@pytest.mark.parametrize("what", HIDDEN_CALLS)
def test_forbidden_routine_reached_by_a_built_name_is_caught_at_run_time(what, tmp_path):
    assert_conv2d_forbidden(attack("conv2d", "forbidden_hidden_call", tmp_path, "--call-timeout", "30",
                                   CALL=HIDDEN_CALLS[what], WHAT=what, HELPERS=""))


@pytest.mark.parametrize("what", list(BYPASSES))
def test_forbidden_routine_reached_another_way_earns_nothing(what, tmp_path):
    """Refused as tampering (frames), forbidden (a private alias of the routine) or an error (the wrapper
    has no __wrapped__): conv2d_forward and its speed case never earn a point."""
    call = BYPASSES[what][0]
    results = attack("conv2d", "forbidden_hidden_call", tmp_path, "--call-timeout", "30",
                     CALL=call, WHAT=what, HELPERS=FORGET if "_forget" in call else "")
    if results["extra_data"]["tampering"]:
        assert_refused(results)
        return
    got = statuses(results)
    assert got.pop("conv2d_forward") in ({"forbidden"}, {"error"}) and got.pop("conv2d_forward/speed") != {"passed"}
    assert got == {"convolve1d": {"passed"}, "cross_correlate1d": {"passed"}}


# ---------------------------------------------------------------- batch: a course with hostile students


BATCH_FAST = ("--call-timeout", "3", "--import-timeout", "20", "--total-timeout", "30", "--jobs", "2")
TAG_KEYS = {"__npy__": "x", "__tuple__": [1, 2], "$a": 0, "$d": [["k", 1]], "$t": [1], "$n": "AAAA", "$f": "inf",
            "$x": "object"}
MARKUP = "[/oops] [bold red]shout[/bold red] [link=file:///etc/passwd]x[/link]"


def _batch_attacks(out: Path) -> dict[str, str]:
    """Student id -> submission: each is its own attack, the reference beside them."""
    correct = CORRECT.read_text()
    return {
        "ref": (ROOT / "solutions/perceptron/reference.py").read_text(),
        "huge": correct + "\n\ndef predict(w, b, X):\n    return np.ones(10_000_000)  # 80 MB\n",
        "tags": correct + f"\n\ndef perceptron_loss(w, b, X, y):\n    return {TAG_KEYS!r}\n",
        "markup": correct + f"\n\ndef predict(w, b, X):\n    raise ValueError({MARKUP!r})\n",
        "forged": render_attack("forged_result", HEADER=RESULT_FRAMES["an error report of the wrong types"][1],
                                BODY='b""', WHAT="markup", AFTER="time.sleep(10**6)", AFTER_TEXT="sleeps"),
        "stall": render_attack("stall_after_ready"),
        "inf": render_attack("nonfinite_answers"),
        "surrogate": render_attack("surrogate_text"),
    }


def _run_batch(subs: Path, out: Path, *extra: str) -> tuple[subprocess.CompletedProcess, int]:
    """grade-batch, and the largest resident size (KiB) of the grader or any process it waited for."""
    measure = ("import resource, subprocess, sys; p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
               "sys.stdout.write(p.stdout); sys.stderr.write(p.stderr); "
               "print('MAXRSS', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(p.returncode)")
    proc = subprocess.run([sys.executable, "-c", measure, *dlgrade_command(), "grade-batch", "perceptron", str(subs),
                           "--out", str(out), *BATCH_FAST, *extra], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc, int(re.search(r"MAXRSS (\d+)", proc.stdout)[1])


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory):
    """The batch graded in German, then again with --lang en (every folder re-rendered from the store)."""
    root = tmp_path_factory.mktemp("hostile")
    subs, out = root / "subs", root / "out"
    subs.mkdir()
    for sid, text in _batch_attacks(out).items():
        (subs / f"{sid}.py").write_text(text)
    (subs / f"{MARKUP.replace('/', '_')}.txt").write_text("not code")
    undecodable = os.fsdecode(b"Erika\xff Muster_12345_assignsubmission_file_")  # a Moodle zip unpacked as Latin-1
    (subs / undecodable).mkdir()
    (subs / undecodable / "perceptron.py").write_text(_batch_attacks(out)["ref"])
    first, maxrss = _run_batch(subs, out, "--lang", "de")
    german = {sid: (out / "students" / sid / "results.json").read_text() for sid in _batch_attacks(out)}
    second, _ = _run_batch(subs, out, "--lang", "en")
    return out, first, second, maxrss, german


def _rows(out: Path) -> dict[str, dict]:
    with open(out / "gradebook.csv", newline="") as f:
        return {row["Student ID"]: row for row in csv.DictReader(f)}


def _student(out: Path, sid: str) -> dict:
    return strict_json(out / "students" / sid / "results.json")


def test_batch_finishes_with_one_graded_row_per_hostile_student(hostile_batch):
    out, first, second, _, _ = hostile_batch
    rows = _rows(out)
    assert sorted(rows) == sorted([*_batch_attacks(out), "12345"])
    assert {sid: row["Status"] for sid, row in rows.items()} == {sid: "graded" for sid in rows}
    assert rows["ref"]["Total"] == "22"
    assert rows["huge"]["Total"] == "18"  # predict's four cases
    assert rows["tags"]["Total"] == "18"  # perceptron_loss's four cases
    assert rows["markup"]["Total"] == "18"  # predict's four cases
    # predict's four (the first an error frame, then the worker sleeps; the later forgeries guess the call's id
    # wrong: garbage, the worker replaced) and the one case right after the error
    assert rows["forged"]["Total"] == "17"
    assert rows["stall"]["Total"] == rows["inf"]["Total"] == "0"
    assert rows["surrogate"]["Total"] == "14"  # predict's and perceptron_loss's four cases each
    assert rows["12345"]["Total"] == "22" and rows["12345"]["Name"] == "Erika\ufffd Muster"
    assert "0 to grade" in " ".join(second.stderr.split())  # re-rendered, not graded again (the terminal may wrap)


def test_batch_store_rows_stay_small_and_the_grader_lean(hostile_batch):
    import sqlite3

    out, _, _, maxrss, _ = hostile_batch
    conn = sqlite3.connect(f"file:{out / 'results.sqlite'}?mode=ro", uri=True)
    try:
        sizes = dict(conn.execute("SELECT student_id, length(result_data) + length(results_json) FROM students"))
    finally:
        conn.close()
    assert sizes["huge"] < 1 << 20, sizes  # 80 MB answers keep their short text form only
    assert maxrss < 1536 << 10, f"{maxrss} KiB"  # no copy of the answer per case (was 3.7 GB)
    huge = _student(out, "huge")
    predict = [t for t in huge["tests"] if t["tags"][1] == "predict"]
    # judged wrong, or (on a busy machine) stopped while it built and sent 80 MB: no point either way
    assert {t["extra_data"]["status"] for t in predict} <= {"failed", "timeout"} and not any(t["score"] for t in predict)


def test_dict_answer_with_the_stores_tag_keys_renders_again(hostile_batch):
    out, _, _, _, german = hostile_batch
    english = _student(out, "tags")
    assert english["extra_data"]["language"] == "en"
    assert json.loads(german["tags"])["extra_data"]["language"] == "de"
    loss = [t for t in english["tests"] if t["tags"][1] == "perceptron_loss"]
    assert {t["extra_data"]["status"] for t in loss} == {"failed"}
    assert "__npy__" in (out / "students" / "tags" / "report.md").read_text()


def test_markup_from_a_student_is_shown_literally(hostile_batch):
    out, first, second, _, _ = hostile_batch
    for sid, function in (("markup", "predict"), ("forged", "predict")):
        results = _student(out, sid)
        tests = [t for t in results["tests"] if t["tags"][1] == function]
        assert tests[0]["extra_data"]["status"] == "error" and {t["extra_data"]["status"] for t in tests} <= {"error", "garbage"}
        assert "[/oops]" in tests[0]["output"]
        html = (out / "students" / sid / "report.html").read_text()
        assert "[/oops] [bold red]" in html or "[/oops] [bold]" in html
        assert "\\[/oops\\]" in (out / "students" / sid / "report.md").read_text()
    ignored = re.sub(r"\s", "", MARKUP.replace("/", "_"))
    assert ignored in re.sub(r"\s", "", first.stderr)  # the ignored file's name, brackets and all


def test_non_finite_answers_are_stored_and_rendered(hostile_batch):
    out, _, _, _, _ = hostile_batch
    results = _student(out, "inf")
    assert {t["extra_data"]["status"] for t in results["tests"]} == {"failed"}


def test_a_stalled_worker_does_not_hold_up_the_batch(hostile_batch):
    out, _, _, _, _ = hostile_batch
    results = _student(out, "stall")
    assert {t["extra_data"]["status"] for t in results["tests"]} <= {"timeout", "not_run"}
    assert results["tests"][0]["extra_data"]["status"] == "timeout"


def test_batch_with_a_stalled_timed_call_finishes(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copy(ROOT / "solutions/conv2d/reference.py", subs / "ref.py")
    submission("stall_after_answer", tmp_path)
    shutil.copy(tmp_path / "submission" / "stall_after_answer.py", subs / "stall.py")
    proc = run_dlgrade("grade-batch", "conv2d", str(subs), "--out", str(tmp_path / "out"), *FAST, "--lang", "en",
                       timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = _rows(tmp_path / "out")
    assert rows["ref"]["Total"] == "26" and rows["stall"]["Total"] == "24"
    timed = speed_case(_student(tmp_path / "out", "stall"))
    assert timed["extra_data"]["status"] == "timeout"


FORMULAS = ['=HYPERLINK("evil.example","click")', "+1+1", "@SUM(A1:A9)", "-2+3", "\t=1+1"]


def _neutral(cell: str) -> bool:
    return not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_moodle_names_land_in_the_gradebook_as_text(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    reference = (ROOT / "solutions/perceptron/reference.py").read_text()
    for i, name in enumerate(FORMULAS[:4]):
        folder = subs / f"{name}_{1000 + i}_assignsubmission_file_"
        folder.mkdir()
        (folder / "perceptron.py").write_text(reference)
    (subs / "@SUM(A1).py").write_text(reference)  # a plain file: its name is the Submission column
    proc = run_dlgrade("grade-batch", "perceptron", str(subs), "--out", str(tmp_path / "out"), *FAST, "--lang", "en")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = (tmp_path / "out" / "gradebook.csv").read_text()
    rows = list(csv.reader(text.splitlines()))
    assert len(rows) == 6 and all(_neutral(cell) for row in rows for cell in row), text
    names = {row[1] for row in rows[1:]}
    assert {"'" + n for n in FORMULAS[:4]} <= names  # kept, as text
    assert all(row[-2].startswith("'") for row in rows[1:] if row[0].isdigit())  # "=HYPERLINK(...)_1000_.../perceptron.py"


def test_gradescope_names_ids_and_emails_land_in_the_gradebook_as_text(tmp_path):
    export = tmp_path / "export"
    reference = (ROOT / "solutions/perceptron/reference.py").read_text()
    meta = []
    for i, formula in enumerate(FORMULAS):
        (export / f"submission_{i}").mkdir(parents=True)
        (export / f"submission_{i}" / "perceptron.py").write_text(reference)
        meta.append(f"submission_{i}:\n  :submitters:\n  - :name: {json.dumps(formula)}\n"
                    f"    :sid: {json.dumps(formula)}\n    :email: {json.dumps(formula + '@uni.example')}\n")
    (export / "submission_metadata.yml").write_text("".join(meta))
    proc = run_dlgrade("grade-batch", "perceptron", str(export), "--out", str(tmp_path / "out"), *FAST, "--lang", "en")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = (tmp_path / "out" / "gradebook.csv").read_text()
    rows = list(csv.reader(text.splitlines()))
    assert len(rows) == 1 + len(FORMULAS)
    assert all(_neutral(cell) for row in rows for cell in row), text
    assert {"'" + f for f in FORMULAS} <= {row[1] for row in rows[1:]}
    assert all(row[-5] == "22" for row in rows[1:])  # every one of them graded (Total)
