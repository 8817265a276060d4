"""A sheet as an otter-grader master notebook (otter assign's v1 format).

One otter question per exercise: the statement, the solution cells (the stub's signatures and
docstrings, the reference's bodies between `# BEGIN SOLUTION NO PROMPT`/`# END SOLUTION`, the
stub's `raise NotImplementedError` as the prompt students see) and one exception-based test
per case. Public cases become public tests, hidden cases (from a fixed seed) tests marked
`# HIDDEN`; every test carries its inputs and the reference's expected value as literals and
a checker of its own (`templates/otter/checker.py`, numpy only), so it needs neither dlgrade
nor the reference. Timed (performance) cases have no otter equivalent and are left out.

Each test's points are the case's share of the exercise's sheet points, rounded by the one
policy (`grading/points.py`: the sheet's step for a case) with the remainders apportioned so
that an exercise's tests still sum to exactly its points (22 tests of a 10-point exercise are
worth 0.45 or 0.46, together 10, not 22 x 0.45 = 9.9).
"""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import catalog
from ..catalog import Exercise, Sheet
from ..errors import SheetError
from ..grading.points import apportioned, case_step, rounding_step, scale_factor
from ..i18n import word
from ..sandbox.limits import Limits
from ..sheets.build import _view
from ..sheets.code import check_no_clashes, merge_reference
from ..sheets.document import render, statement
from ..sheets.pack import case_record

CHECKER_PATH = catalog.TEMPLATES / "otter" / "checker.py"
# The grader's texts that the checker needs.
CHECK_MESSAGES = ("passed", "not_implemented", "raised", "should_raise", "raised_wrong", "missing_function",
                  "returned_none", "wrong_type", "wrong_keys", "wrong_length", "wrong_shape", "nan",
                  "wrong_values", "wrong_values_absolute", "system_exit")
SOLUTION_MARK = re.compile(r"#\s?(BEGIN |END )?SOLUTION|#\s?(BEGIN|END) PROMPT|#\s?SEED\b|#\s?IGNORE\b")


def _default_seed(sheet: Sheet, exercise: Exercise) -> int:
    """The hidden cases' seed: fixed per sheet and exercise, derived from the grader's secret."""
    from ..grading.seeds import submission_seed

    return submission_seed(exercise.id, f"otter:{sheet.id}")


def _check_markers(exercise: Exercise, sources: list[str]) -> None:
    """Otter reads comments such as `# SOLUTION` anywhere: the exercise's own code must have none."""
    for source in sources:
        for line in source.splitlines():
            if SOLUTION_MARK.search(line):
                raise SheetError(f"{exercise.id}: the line {line.strip()!r} looks like an otter marker")


def _messages(lang: str) -> dict[str, str]:
    """The grader's texts that the checker uses, in one language."""
    return {k: word(f"messages.{k}", lang) for k in CHECK_MESSAGES}


def harness_source(exercise: Exercise, case) -> str | None:
    """The exercise's public harness module, where the case needs it."""
    return exercise.harness_path.read_text(encoding="utf-8") if exercise.harness_path and case.harness else None


def _solution_cells(exercise: Exercise, lang: str) -> list[str]:
    """The exercise's code cells with otter's solution and prompt markers."""
    plain = merge_reference(exercise, lang=lang)
    _check_markers(exercise, [plain.prelude, plain.helpers, *plain.functions.values()])
    parts = merge_reference(exercise, otter=True, lang=lang)
    prelude = parts.prelude
    if parts.helpers:
        prelude += f"\n\n\n# BEGIN SOLUTION NO PROMPT\n{parts.helpers}\n# END SOLUTION"
    return [prelude.strip("\n"), *parts.functions.values()]


def _test_cells(exercise: Exercise, lang: str, seed: int, factor: float, step: Decimal) -> tuple[list[str], list[float]]:
    """One exception-based otter test per case (public first) and each test's points."""
    checker = CHECKER_PATH.read_text(encoding="utf-8").strip("\n")
    messages = repr(_messages(lang))
    timeout = Limits().call_timeout
    cells, points = [], []
    for i, (case, public) in enumerate(exercise.paired_cases(seed), 1):
        record = case_record(exercise, case, timeout, mistakes=False)
        source = harness_source(exercise, case)
        cells.append(render("otter/test_case.py.j2", hidden=not public, test_name=f"test_{exercise.id}_{i}",
                            doc=repr(f"{exercise.id}: {case.name}"), checker=checker, messages=messages,
                            case=repr(record), harness_source=repr(source) if source else ""))
        points.append(case.points * factor)
    return cells, apportioned(points, step)


def build_master(sheet_id: str, lang: str = "de", seed: int | None = None) -> Any:
    """The otter-assign master notebook of a sheet."""
    import nbformat

    sheet = catalog.load_sheet(sheet_id)
    exercises = [catalog.load_exercise(e) for e in sheet.exercises]
    check_no_clashes(exercises, {e.id: merge_reference(e) for e in exercises})
    views = [_view(sheet, e, lang) for e in exercises]
    raw, md, code = nbformat.v4.new_raw_cell, nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [raw(render("otter/config.yml.j2", name=sheet.id)),
             md(render("otter/intro.md.j2", sheet=sheet, lang=lang, exercises=views))]
    for number, (exercise, view) in enumerate(zip(exercises, views), 1):
        seed_ = seed if seed is not None else _default_seed(sheet, exercise)
        total = sum(case.points for case, _ in exercise.paired_cases(seed_))  # otter has no timed cases
        factor = scale_factor(sheet, exercise.id, total)
        tests, points = _test_cells(exercise, lang, seed_, factor, case_step(rounding_step(sheet.id)))
        cells.append(raw(f"# BEGIN QUESTION\nname: {exercise.id}\npoints: {points!r}"))
        text = statement(exercise, lang)
        cells.append(md(render("sheet/exercise.md.j2", ex=view, number=number, lang=lang) + (f"\n\n{text}" if text else "")))
        cells.append(raw("# BEGIN SOLUTION"))
        cells += [code(src) for src in _solution_cells(exercise, lang)]
        cells.append(raw("# END SOLUTION"))
        cells.append(raw("# BEGIN TESTS"))
        cells += [code(src) for src in tests]
        cells.append(raw("# END TESTS"))
        cells.append(raw("# END QUESTION"))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{sheet.id}-otter-{i:03d}"
    nbformat.validate(nb)
    return nb


def requirements(exercises: list[Exercise]) -> str:
    """What the tests import: numpy always, torch where an exercise needs it."""
    lines = ["numpy"] + (["torch"] if any(e.needs_torch or e.harness_path for e in exercises) else [])
    return "\n".join(lines) + "\n"


def export_otter(sheet_id: str, out_dir: Path, lang: str = "de", seed: int | None = None) -> list[Path]:
    """Write `<sheet>.ipynb` (the master) and its requirements.txt into `out_dir`."""
    import nbformat

    sheet = catalog.load_sheet(sheet_id)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    master = out_dir / f"{sheet.id}.ipynb"
    nbformat.write(build_master(sheet_id, lang, seed), str(master))
    reqs = out_dir / "requirements.txt"
    reqs.write_text(requirements([catalog.load_exercise(e) for e in sheet.exercises]), encoding="utf-8")
    return [master, reqs]
