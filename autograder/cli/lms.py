"""`dlgrade lms ...` (hidden): grading inside an LMS container, what the exported scripts call.

`lms gradescope` is run by the Gradescope zip's run_autograder, `lms vpl` by the VPL
activity's vpl_evaluate.sh; an instructor uses `dlgrade export gradescope|vpl` instead.
"""
from __future__ import annotations

from pathlib import Path

import click

from .options import LANG, known_target, limit_options, make_limits


@click.group(hidden=True)
def lms() -> None:
    """Grade one upload inside an LMS container (called by the exported scripts)."""


@lms.command("gradescope")
@click.argument("target")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("/autograder"), show_default=True,
              help="Gradescope's folder: the upload in submission/, the results to results/.")
@LANG
@limit_options
def lms_gradescope(target, root, lang, hidden_visibility, **limits) -> None:
    """Grade ROOT/submission/ into ROOT/results/results.json (Markdown feedback)."""
    from ..exports.gradescope_results import write_gradescope_results
    from ..exports.upload import grade_upload

    results = root / "results"
    result = grade_upload(known_target(target, lang), [root / "submission"], results, lang, hidden_visibility,
                          make_limits(**limits))
    path = write_gradescope_results(results, result, lang, hidden_visibility)
    click.echo(f"{result.target}: {result.score:g} / {result.max_score:g} ({result.submission}); {path}")


@lms.command("vpl")
@click.argument("target")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="A private folder for results.json and the reports.")
@click.option("--grade-min", type=float, default=0.0, show_default=True, help="VPL_GRADEMIN of the activity.")
@click.option("--grade-max", type=float, default=None, help="VPL_GRADEMAX of the activity (default: the sheet's points).")
@LANG
@limit_options
def lms_vpl(target, files, out_dir, grade_min, grade_max, lang, hidden_visibility, **limits) -> None:
    """Grade the student's FILES and print VPL's comments and grade on stdout."""
    from ..exports.upload import grade_upload
    from ..exports.vpl import protocol

    result = grade_upload(known_target(target, lang), files, out_dir, lang, hidden_visibility, make_limits(**limits))
    click.echo(protocol(result, lang, hidden_visibility, grade_min, grade_max), nl=False)
