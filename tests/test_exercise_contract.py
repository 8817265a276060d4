"""Every exercise through the real CLI: the reference gets full marks, the stub 0, correct
alternatives full marks, and every known mistake loses points and is named in the feedback.

Each exercise's files are graded in one `dlgrade grade-batch` run (one warm grader, as for a
course: a torch exercise imports torch once, not once per file); `dlgrade grade` itself is
tested file by file elsewhere (test_reports, test_attacks, test_integrity, ...).
"""
from __future__ import annotations

import pytest
from helpers import ROOT, SUBMISSIONS, case_passes, grade_batch

from dlgrade.catalog import exercise_ids, load_exercise

FAST = ("--call-timeout", "20", "--import-timeout", "30")
EXERCISES = exercise_ids()
ALTERNATIVES = [(ex, p) for ex in EXERCISES for p in sorted((SUBMISSIONS / ex).glob("alt_*.py"))]
MISTAKES = [(ex, m.id) for ex in EXERCISES for m in load_exercise(ex).mistakes]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """exercise -> student id -> results.json: reference, stub, alternatives and every known mistake's
    variant of one exercise, graded together the first time a test asks for that exercise."""
    done: dict[str, dict[str, dict]] = {}

    def results(exercise: str, student: str) -> dict:
        if exercise not in done:
            ex = load_exercise(exercise)
            sources = {"reference": (ROOT / "solutions" / exercise / "reference.py").read_text(),
                       "stub": (ROOT / "exercises" / exercise / "stub.py").read_text()}
            sources |= {p.stem: p.read_text() for p in sorted((SUBMISSIONS / exercise).glob("alt_*.py"))}
            sources |= {f"mistake-{m.id}": ex.variant_source(m) for m in ex.mistakes}
            done[exercise] = grade_batch(exercise, sources, tmp_path_factory.mktemp(exercise), *FAST)
        return done[exercise][student]

    return results


def test_all_catalog_exercises_exist():
    assert {"perceptron", "backprop", "conv_shapes", "conv2d", "vae", "gan"} <= set(EXERCISES)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_reference_gets_full_marks(exercise, graded):
    results = graded(exercise, "reference")
    failed = [t["name"] + ": " + t["output"] for t in results["tests"] if t["status"] != "passed"]
    assert failed == []
    assert results["score"] == results["max_score"] > 0


@pytest.mark.parametrize("exercise", EXERCISES)
def test_stub_gets_zero(exercise, graded):
    results = graded(exercise, "stub")
    assert results["score"] == 0
    assert {t["extra_data"]["status"] for t in results["tests"]} == {"error"}


@pytest.mark.parametrize("exercise, path", ALTERNATIVES, ids=[f"{e}-{p.stem}" for e, p in ALTERNATIVES])
def test_correct_alternatives_get_full_correctness_marks(exercise, path, graded):
    """Style never costs correctness points; speed is its own case (a loop may be too slow)."""
    results = graded(exercise, path.stem)
    failed = [t["name"] + ": " + t["output"] for t in results["tests"]
              if t["status"] != "passed" and "performance" not in t["tags"]]
    assert failed == []


def test_every_exercise_has_two_alternatives():
    for exercise in EXERCISES:
        assert len(list((SUBMISSIONS / exercise).glob("alt_*.py"))) >= 2, exercise


def test_every_exercise_has_six_known_mistakes():
    for exercise in EXERCISES:
        assert len(load_exercise(exercise).mistakes) >= 6, exercise


@pytest.mark.parametrize("exercise, mistake_id", MISTAKES, ids=[f"{e}-{m}" for e, m in MISTAKES])
def test_known_mistake_loses_points_and_is_named(exercise, mistake_id, graded):
    mistake = next(m for m in load_exercise(exercise).mistakes if m.id == mistake_id)
    results = graded(exercise, f"mistake-{mistake_id}")
    assert results["score"] < results["max_score"]
    named = [t for t in results["tests"] if (t["extra_data"]["diagnosis"] or {}).get("id") == mistake_id]
    assert named, f"{mistake_id} was never diagnosed"
    assert mistake.diagnosis["en"] in named[0]["output"]


@pytest.mark.parametrize("exercise, mistake_id", MISTAKES, ids=[f"{e}-{m}" for e, m in MISTAKES])
def test_known_mistake_loses_points_for_every_seed(exercise, mistake_id):
    """The grader's own mutation test, in process: no seed lets a known mistake through."""
    ex = load_exercise(exercise)
    variant = ex.variant(mistake_id)
    for seed in range(6):
        cases = ex.public_cases() + ex.hidden_cases(seed)
        assert not all(case_passes(ex, variant, case) for case in cases), f"seed {seed}"


@pytest.mark.parametrize("exercise", EXERCISES)
def test_reference_passes_every_case_for_every_seed(exercise):
    ex = load_exercise(exercise)
    for seed in range(6):
        failed = [c.name for c in ex.public_cases() + ex.hidden_cases(seed) if not case_passes(ex, ex.reference, c)]
        assert failed == [], f"seed {seed}"
