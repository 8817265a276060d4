"""`dlgrade grade` (one submission) and `dlgrade demo` (the bundled samples).

Exit status (README): 0 whenever grading finished, whatever the submission did; 2 for a usage
error (an `--out` that is a file or cannot be written, a submission that does not exist, is a
folder or is not a .py/.ipynb/.zip) or an internal error. A usage error is one line on stderr,
never a traceback or a table of identical failures; where `--out` is usable, results.json and the
reports are still written (an LMS reads them: Gradescope's run_autograder grades a missing file).
Both commands end with the path of report.html, the file a student opens.
"""
from __future__ import annotations

import sys
import traceback
from contextlib import nullcontext
from pathlib import Path

import click

from .. import catalog
from ..i18n import Texts, text
from ..sandbox import Limits
from .options import LANG, known_target, limit_options, make_limits

USAGE_REASONS = ("not_found", "is_folder", "unknown_type")  # the caller named the wrong thing, not a student's bad file
KNOWN_SUFFIXES = (".py", ".ipynb", ".zip", "")


@click.command()
@click.argument("target")
@click.argument("submission", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True, help="Folder for results.json and reports.")
@LANG
@limit_options
def grade(target, submission, out_dir, lang, hidden_visibility, **limits) -> None:
    """Grade SUBMISSION (.py, .ipynb or .zip) against an exercise or a sheet (TARGET)."""
    code = run_grading(known_target(target, lang), submission, out_dir, lang, hidden_visibility, make_limits(**limits))
    sys.exit(code)


def fail(message: Texts, lang: str) -> int:
    """A usage error: one line on stderr, exit status 2."""
    click.echo(f"dlgrade: {message[lang]}", err=True)
    return 2


def out_problem(out_dir: Path) -> Texts | None:
    """Why `--out` cannot hold the results (it is a file, or a file is in its way), or None."""
    for folder in (out_dir, *out_dir.parents):
        if folder.exists():
            return None if folder.is_dir() else text("cli.out_is_file", path=str(folder))
    return None


def submission_problem(submission: Path) -> Texts | None:
    """Why SUBMISSION is not a submission at all (missing, a folder, another kind of file), or None."""
    from ..errors import BadSubmission
    from ..grading.submission import load_submission

    try:
        load_submission(submission)
    except BadSubmission as exc:
        if exc.reason in USAGE_REASONS:
            return text(f"cli.{exc.reason}", path=str(submission))
        if submission.suffix.lower() not in KNOWN_SUFFIXES:  # a binary PDF fails as "not UTF-8" first
            return text("cli.unknown_type", path=str(submission))
    return None


def run_grading(target: str, submission: Path, out_dir: Path, lang: str, hidden_visibility: str, limits: Limits,
                quiet: bool = False) -> int:
    """Grade and write every output; an internal error still writes a results.json saying so."""
    from ..grading import grade
    from ..model import GradeResult
    from ..output import warmup
    from ..sandbox.slots import uid_slot

    out_dir = Path(out_dir).resolve()
    problem = out_problem(out_dir)
    if problem:
        return fail(problem, lang)
    unusable = submission_problem(Path(submission))
    warming = warmup.start()  # the report modules load while the grading waits for the sandbox
    try:
        with uid_slot(limits) if limits.uid is None else nullcontext(limits) as slot_limits:
            result = grade(target, submission, slot_limits, hide=[str(out_dir), str(Path(submission).resolve().parent)])
    except Exception as exc:  # the grader's own fault: say so in the results, exit non-zero
        result = GradeResult(target, Path(submission).name)
        result.internal_error = f"internal error: {type(exc).__name__}: {exc}"
        warming.join()
        _write(out_dir, result, lang, hidden_visibility)
        traceback.print_exc()
        click.echo(f"dlgrade: {result.internal_error} (results.json written to {out_dir})", err=True)
        return 2
    warming.join()
    from ..output.results import write_outputs
    from ..output.terminal import print_summary

    try:
        path = write_outputs(out_dir, result, lang, hidden_visibility)
    except OSError as exc:
        return fail(text("cli.out_unwritable", path=str(out_dir), error=exc.strerror or type(exc).__name__), lang)
    if unusable:
        return fail(unusable, lang)
    if not quiet:
        print_summary(result, lang)
        click.echo(text("cli.report_at", path=str(path.parent / "report.html"))[lang])
        click.echo(f"results.json: {path}")
    return 0


def _write(out_dir: Path, result, lang: str, hidden_visibility: str) -> None:
    from ..output.results import write_outputs

    try:
        write_outputs(out_dir, result, lang, hidden_visibility)
    except OSError:
        pass  # the internal error is reported on stderr either way


@click.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("dlgrade-demo"), show_default=True)
@LANG
def demo(out_dir, lang) -> None:
    """Grade the bundled sample submissions and show where the results are."""
    samples = sorted(p for p in catalog.SOLUTIONS.glob("*/samples/*") if p.suffix in KNOWN_SUFFIXES[:3])  # no __pycache__
    if not samples:
        raise click.ClickException("no sample submissions found under solutions/*/samples/")
    out_dir = Path(out_dir).resolve()
    problem = out_problem(out_dir)
    if problem:
        sys.exit(fail(problem, lang))
    reports = []
    for sample in samples:
        exercise = sample.parent.parent.name
        target_dir = out_dir / exercise / sample.stem
        click.echo(f"\n=== {exercise}: {sample.name} ===")
        code = run_grading(exercise, sample, target_dir, lang, "visible",
                           Limits(call_timeout=5, import_timeout=10, total_timeout=60))
        if code == 0:
            reports.append(target_dir / "report.html")
    click.echo("\n" + text("cli.demo_done", path=str(out_dir))[lang])
    for report in reports:
        click.echo(f"  {report}")
