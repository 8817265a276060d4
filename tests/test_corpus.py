"""The independent corpus: submissions written only against shared/catalog.md, by someone who never
saw the references or the known mistakes (tests/corpus/<exercise>/).

- correct_*.py: full marks (correctness and speed);
- wrong_*.py: lose points, and at least 90 % of them per wave get a named diagnosis;
- slow_*.py: correct but too slow for a timed function: they lose the speed case and keep every
  correctness point.

Each exercise's corpus is graded in one `dlgrade grade-batch` run (the real CLI, one student per file).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import run_dlgrade

CORPUS = Path(__file__).resolve().parent / "corpus"
EXERCISES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else []
WAVES = {"part 1": {"losses", "activations", "autodiff", "optimizers"},
         "part 2": {"metrics", "batchnorm", "lstm", "init_regularization"}}


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[str, dict[str, dict]]:
    """exercise -> file stem -> results.json, every corpus file graded once."""
    out = {}
    for exercise in EXERCISES:
        root = tmp_path_factory.mktemp(exercise)
        submissions = root / "submissions"
        submissions.mkdir()
        for path in sorted((CORPUS / exercise).glob("*.py")):
            shutil.copy(path, submissions / path.name)
        proc = run_dlgrade("grade-batch", exercise, str(submissions), "--out", str(root / "batch"), "--lang", "en",
                           "--jobs", "2", timeout=1800)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
        out[exercise] = {p.name: json.loads((p / "results.json").read_text())
                         for p in sorted((root / "batch" / "students").iterdir())}
    return out


def files(prefix: str) -> list[tuple[str, str]]:
    return [(e, p.stem) for e in EXERCISES for p in sorted((CORPUS / e).glob(f"{prefix}_*.py"))]


def not_passed(results: dict, timed: bool | None = None) -> list[str]:
    return [f"{t['name']}: {t['output'][:300]}" for t in results["tests"] if t["score"] < t["max_score"]
            and (timed is None or ("performance" in t["tags"]) == timed)]


@pytest.mark.parametrize("exercise, stem", files("correct"), ids=lambda v: str(v))
def test_correct_corpus_submission_gets_full_marks(graded, exercise, stem):
    assert not_passed(graded[exercise][stem]) == []


@pytest.mark.parametrize("exercise, stem", files("wrong"), ids=lambda v: str(v))
def test_wrong_corpus_submission_loses_points(graded, exercise, stem):
    results = graded[exercise][stem]
    assert results["score"] < results["max_score"], stem


@pytest.mark.parametrize("exercise, stem", files("slow"), ids=lambda v: str(v))
def test_slow_corpus_submission_loses_only_the_speed_case(graded, exercise, stem):
    results = graded[exercise][stem]
    assert not_passed(results, timed=False) == []
    timed = [t for t in results["tests"] if "performance" in t["tags"]]
    assert timed and all(t["score"] == 0 and t["extra_data"]["status"] in ("slow", "timeout") for t in timed)


@pytest.mark.parametrize("wave", sorted(WAVES))
def test_most_wrong_submissions_get_a_named_diagnosis(graded, wave):
    wrong = [(e, s) for e, s in files("wrong") if e in WAVES[wave]]
    if not wrong:
        pytest.skip(f"no corpus for {wave}")
    named = [(e, s) for e, s in wrong if any(t["extra_data"]["diagnosis"] for t in graded[e][s]["tests"])]
    unnamed = sorted(set(wrong) - set(named))
    assert len(named) >= 0.9 * len(wrong), f"{len(named)}/{len(wrong)} named; not: {unnamed}"
