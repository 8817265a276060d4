"""`dlgrade check SHEET FILE`: the public self-check of a sheet on a student's own machine.

The student's .py, .ipynb or .zip is loaded as the grader loads it (the same cells, the
sheet's own self-check cells left out), then every public case of the sheet runs through
`sheets.selfcheck`: the grader's comparison, texts and known-mistake diagnoses, from the
sheet's self-check data. It needs no `solutions/` (a student bundle carries the data
precomputed) and no sandbox: it runs the student's own code as the student, like running the
notebook; a call or the loading that runs past its time limit is stopped.

Exit status: 0 when every public case passes, 1 when one does not, 2 for a usage error (an
unknown sheet, a file that is missing or not a submission, no self-check data installed).
"""
from __future__ import annotations

import linecache
import os
import re
import sys
import types
from pathlib import Path

import click

from .. import catalog
from ..errors import BadSubmission, SheetError, UnknownExercise
from ..i18n import Texts, t, text
from .options import LANG

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")  # as output.formats


def say(message: str) -> None:
    """A line for the terminal: the student's texts in it without control characters (escape codes)."""
    click.echo(CONTROL.sub("", message))


def usage_error(message: Texts, lang: str) -> None:
    click.echo(f"dlgrade: {CONTROL.sub('', message[lang])}", err=True)
    sys.exit(2)


def load_cells(cells: list[dict], seconds: float) -> tuple[dict, list[Texts]]:
    """Run the submission's cells in one module, as the grader's worker does; (namespace, problems)."""
    from ..sheets.selfcheck import CallTimeout, deadline

    module = types.ModuleType("submission")
    module.__file__ = "submission.py"
    previous = sys.modules.get("submission")
    sys.modules["submission"] = module
    os.environ.setdefault("MPLBACKEND", "Agg")  # a plot in a notebook cell must not open a window
    problems = []
    try:
        with deadline(seconds):
            for cell in cells:
                problems += _run_cell(module, cell, len(cells))
    except CallTimeout:
        problems.append(t("timeout", detail=t("d_import_timeout", seconds=seconds)))
    finally:
        if previous is not None:
            sys.modules["submission"] = previous
    return module.__dict__, problems


def _run_cell(module: types.ModuleType, cell: dict, count: int) -> list[Texts]:
    """Run one cell; a failing cell is reported and the rest still runs (as in the grader)."""
    filename = "submission.py" if count == 1 else f"<cell {cell['index']}>"
    linecache.cache[filename] = (len(cell["source"]), None, cell["source"].splitlines(True), filename)
    try:
        exec(compile(cell["source"], filename, "exec"), module.__dict__)
    except SyntaxError as exc:
        return [t("cell_failed", index=cell["index"], type="SyntaxError", line=exc.lineno, message=str(exc.msg))]
    except (Exception, SystemExit) as exc:  # the rest still runs (a time-out and Ctrl-C end the loading)
        line = exc.__traceback__.tb_next.tb_lineno if exc.__traceback__ and exc.__traceback__.tb_next else "?"
        return [t("cell_failed", index=cell["index"], type=type(exc).__name__, line=line, message=str(exc)[:300])]
    return []


def _packs(exercises: list, lang: str) -> dict[str, dict]:
    from ..sheets.pack import load_pack

    packs = {}
    for exercise in exercises:
        try:
            packs[exercise.id] = load_pack(exercise)
        except SheetError:
            usage_error(text("check.no_data", exercise=exercise.id), lang)
    return packs


@click.command("check")
@click.argument("target", metavar="SHEET")
@click.argument("file", type=click.Path(path_type=Path))
@LANG
@click.option("--import-timeout", type=float, default=20.0, show_default=True, help="Seconds to load FILE.")
@click.option("--call-timeout", type=float, default=None, help="Seconds per call (default: the grader's limit per case).")
def check(target, file, lang, import_timeout, call_timeout) -> None:
    """Run the public self-check of SHEET (or one exercise) on FILE (.py, .ipynb or .zip) on this machine."""
    from ..grading.forbidden import forbidden_uses
    from ..grading.submission import load_submission
    from ..sheets.selfcheck import report, run

    try:
        exercises = catalog.resolve(target)
        submission = load_submission(file, preferred_stem=target)
    except UnknownExercise:
        usage_error(text("check.unknown", target=target, known=", ".join(catalog.sheet_ids() + catalog.exercise_ids())), lang)
    except BadSubmission as exc:
        usage_error(exc.message, lang)
    packs = _packs(exercises, lang)
    say(text("check.heading", file=submission.name, target=target)[lang])
    namespace, problems = load_cells(submission.cells, import_timeout)
    for problem in [*submission.notes, *problems]:
        say(f"• {problem[lang]}")
    failed = total = 0
    for exercise in exercises:
        uses = forbidden_uses(submission.cells, exercise.forbidden, exercise.functions)
        refused = {f: t("forbidden", function=f, routines=", ".join(r)) for f, r in uses.items()}
        verdicts = run(packs[exercise.id], namespace, refused, call_timeout)
        failed += sum(not v.passed for v in verdicts)
        total += len(verdicts)
        say(f"\n{exercise.title.get(lang, exercise.id)} ({exercise.id})")
        say(report(exercise.id, verdicts, lang))
    say("\n" + text("check.done" if not failed else "check.failed", failed=failed, total=total)[lang])
    sys.exit(1 if failed else 0)
