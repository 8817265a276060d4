"""Routines an exercise forbids cost exactly the functions that use them, named in the feedback.

Each `tests/submissions/<id>/forbidden_*.py` is correct but hands some functions' job to a
forbidden library routine; its first line lists those functions. They lose their cases with
status "forbidden" and a message that names the routine; every other function keeps its points.
"""
from __future__ import annotations

import pytest
from helpers import SUBMISSIONS, grade

from dlgrade.catalog import load_exercise

FILES = sorted(SUBMISSIONS.glob("*/forbidden_*.py"))


def declared(path) -> set[str]:
    first = path.read_text().splitlines()[0]
    assert first.startswith("# FORBIDDEN:"), path
    return {name.strip() for name in first.split(":", 1)[1].split(",")}


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_forbidden_routine_costs_exactly_its_functions(path, tmp_path):
    exercise = load_exercise(path.parent.name)
    results = grade(exercise.id, path, tmp_path / "out", "--call-timeout", "30")
    forbidden = declared(path)
    for test in results["tests"]:
        function, status = test["tags"][1], test["extra_data"]["status"]
        if function in forbidden:
            assert status == "forbidden" and test["score"] == 0, test["name"]
            patterns = exercise.forbidden.get(function, []) + exercise.forbidden.get("*", [])
            assert any(p in test["output"] for p in patterns), test["output"]
        elif "performance" not in test["tags"]:
            assert status == "passed", test["name"] + ": " + test["output"]


def test_the_statement_lists_what_is_forbidden():
    """Every exercise that forbids routines says so in both statements."""
    for path in FILES:
        exercise = load_exercise(path.parent.name)
        for lang, heading in (("de", "Nicht erlaubt"), ("en", "Not allowed")):
            assert heading in exercise.statement(lang), (exercise.id, lang)
