"""`dlgrade grade` (one submission) and `dlgrade demo` (the bundled samples)."""
from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from .. import catalog
from ..sandbox import Limits
from .options import LANG, known_target, limit_options, make_limits


@click.command()
@click.argument("target")
@click.argument("submission", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True, help="Folder for results.json and reports.")
@LANG
@limit_options
def grade(target, submission, out_dir, lang, hidden_visibility, **limits) -> None:
    """Grade SUBMISSION (.py, .ipynb or .zip) against an exercise or a sheet (TARGET)."""
    code = run_grading(known_target(target), submission, out_dir, lang, hidden_visibility, make_limits(**limits))
    sys.exit(code)


def run_grading(target: str, submission: Path, out_dir: Path, lang: str, hidden_visibility: str, limits: Limits,
                quiet: bool = False) -> int:
    """Grade and write every output; an internal error still writes a results.json saying so."""
    from ..grading import grade
    from ..model import GradeResult
    from ..output.results import write_outputs
    from ..output.terminal import print_summary

    out_dir = Path(out_dir).resolve()
    try:
        result = grade(target, submission, limits, hide=[str(out_dir), str(Path(submission).resolve().parent)])
    except Exception as exc:  # the grader's own fault: say so in the results, exit non-zero
        result = GradeResult(target, Path(submission).name)
        result.internal_error = f"internal error: {type(exc).__name__}: {exc}"
        write_outputs(out_dir, result, lang, hidden_visibility)
        traceback.print_exc()
        click.echo(f"dlgrade: {result.internal_error} (results.json written to {out_dir})", err=True)
        return 2
    path = write_outputs(out_dir, result, lang, hidden_visibility)
    if not quiet:
        print_summary(result, lang)
        click.echo(f"results: {path}")
    return 0


@click.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("dlgrade-demo"), show_default=True)
@LANG
def demo(out_dir, lang) -> None:
    """Grade the bundled sample submissions and show where the results are."""
    samples = sorted(catalog.SOLUTIONS.glob("*/samples/*"))
    if not samples:
        raise click.ClickException("no sample submissions found under solutions/*/samples/")
    for sample in samples:
        exercise = sample.parent.parent.name
        target_dir = Path(out_dir) / exercise / sample.stem
        click.echo(f"\n=== {exercise}: {sample.name} ===")
        run_grading(exercise, sample, target_dir, lang, "visible", Limits(call_timeout=5, import_timeout=10, total_timeout=60))
    click.echo(f"\nAll demo results are under {Path(out_dir).resolve()}")
