"""The independent corpora: submissions written only against shared/catalog.md, by someone who never
saw the references or the known mistakes. tests/corpus/ was written first and then used to find
what the exercises missed; tests/corpus_b/ was written afterwards by another author and is the
fresh measurement.

- correct_*.py: full marks (correctness and speed);
- wrong_*.py: lose points, and at least 90 % of them per wave get a named diagnosis;
- slow_*.py: correct but too slow for a timed function: they lose the speed case and keep every
  correctness point.

Each exercise's corpus is graded in one `dlgrade grade-batch` run (the real CLI, one student per file).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import grade_batch

HERE = Path(__file__).resolve().parent
CORPORA = {name: HERE / name for name in ("corpus", "corpus_b") if (HERE / name).is_dir()}
WAVES = {"part 1": {"losses", "activations", "autodiff", "optimizers"},
         "part 2": {"metrics", "batchnorm", "lstm", "init_regularization"}}


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[tuple[str, str], dict[str, dict]]:
    """(corpus, exercise) -> file stem -> results.json, every corpus file graded once."""
    out = {}
    for corpus, exercise in sorted({(c, e) for c, e, _ in files("")}):
        sources = {p.stem: p.read_text() for p in sorted((CORPORA[corpus] / exercise).glob("*.py"))}
        out[corpus, exercise] = grade_batch(exercise, sources, tmp_path_factory.mktemp(f"{corpus}-{exercise}"),
                                            "--jobs", "2")
    return out


def files(prefix: str) -> list[tuple[str, str, str]]:
    """(corpus, exercise, file stem) of every file whose name starts with `prefix`."""
    return [(c, e.name, p.stem) for c, root in CORPORA.items() for e in sorted(root.iterdir()) if e.is_dir()
            for p in sorted(e.glob(f"{prefix}*.py"))]


def not_passed(results: dict, timed: bool | None = None) -> list[str]:
    return [f"{t['name']}: {t['output'][:300]}" for t in results["tests"] if t["score"] < t["max_score"]
            and (timed is None or ("performance" in t["tags"]) == timed)]


@pytest.mark.parametrize("corpus, exercise, stem", files("correct_"), ids=lambda v: str(v))
def test_correct_corpus_submission_gets_full_marks(graded, corpus, exercise, stem):
    assert not_passed(graded[corpus, exercise][stem]) == []


@pytest.mark.parametrize("corpus, exercise, stem", files("wrong_"), ids=lambda v: str(v))
def test_wrong_corpus_submission_loses_points(graded, corpus, exercise, stem):
    results = graded[corpus, exercise][stem]
    assert results["score"] < results["max_score"], stem


@pytest.mark.parametrize("corpus, exercise, stem", files("slow_"), ids=lambda v: str(v))
def test_slow_corpus_submission_loses_only_the_speed_case(graded, corpus, exercise, stem):
    results = graded[corpus, exercise][stem]
    assert not_passed(results, timed=False) == []
    timed = [t for t in results["tests"] if "performance" in t["tags"]]
    assert timed and all(t["score"] == 0 and t["extra_data"]["status"] in ("slow", "timeout") for t in timed)


@pytest.mark.parametrize("corpus, wave", [(c, w) for c in CORPORA for w in sorted(WAVES)])
def test_most_wrong_submissions_get_a_named_diagnosis(graded, corpus, wave):
    wrong = [(e, s) for c, e, s in files("wrong_") if c == corpus and e in WAVES[wave]]
    if not wrong:
        pytest.skip(f"no {corpus} for {wave}")
    named = [(e, s) for e, s in wrong if any(t["extra_data"]["diagnosis"] for t in graded[corpus, e][s]["tests"])]
    unnamed = sorted(set(wrong) - set(named))
    assert len(named) >= 0.9 * len(wrong), f"{len(named)}/{len(wrong)} named; not: {unnamed}"
