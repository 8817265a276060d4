"""The `dlgrade` command line."""
from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from . import catalog
from .sandbox import GiB, Limits

LANG = click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True,
                    help="Language of every feedback text.")


def limit_options(fn):
    """The sandbox limits, shared by every command that grades."""
    options = [
        click.option("--call-timeout", type=float, default=10.0, show_default=True, help="Seconds per call."),
        click.option("--import-timeout", type=float, default=20.0, show_default=True, help="Seconds to load the submission."),
        click.option("--total-timeout", type=float, default=300.0, show_default=True, help="Seconds per submission."),
        click.option("--memory", "memory_gib", type=float, default=4.0, show_default=True, help="Memory limit in GiB."),
        click.option("--processes", type=int, default=64, show_default=True, help="Process limit."),
        click.option("--sandbox-uid", type=int, default=None, help="Uid to run submissions as (default 61000 when root)."),
        click.option("--hidden-visibility", type=click.Choice(["visible", "hidden", "after_due_date", "after_published"]),
                     default="visible", show_default=True,
                     help="Gradescope visibility of hidden cases (their feedback never shows inputs or expected values)."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def make_limits(call_timeout, import_timeout, total_timeout, memory_gib, processes, sandbox_uid) -> Limits:
    return Limits(memory_bytes=int(memory_gib * GiB), processes=processes, call_timeout=call_timeout,
                  import_timeout=import_timeout, total_timeout=total_timeout, uid=sandbox_uid)


@click.group()
@click.version_option(package_name="dlgrade")
def main() -> None:
    """dlgrade: deep-learning exercises and a sandboxed autograder."""


@main.command()
@click.argument("target")
@click.argument("submission", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True, help="Folder for results.json and reports.")
@LANG
@limit_options
def grade(target, submission, out_dir, lang, hidden_visibility, **limits) -> None:
    """Grade SUBMISSION (.py, .ipynb or .zip) against an exercise or a sheet (TARGET)."""
    try:
        catalog.resolve(target)
    except catalog.UnknownExercise:
        known = ", ".join(catalog.exercise_ids() + catalog.sheet_ids())
        raise click.UsageError(f"unknown exercise or sheet {target!r}; known: {known}")
    code = run_grading(target, submission, out_dir, lang, hidden_visibility, make_limits(**limits))
    sys.exit(code)


def run_grading(target: str, submission: Path, out_dir: Path, lang: str, hidden_visibility: str, limits: Limits,
                quiet: bool = False) -> int:
    """Grade and write every output; an internal error still writes a results.json saying so."""
    from .grader import GradeResult, grade
    from .results import print_summary, write_outputs

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


@main.command("grade-batch")
@click.argument("target")
@click.argument("submissions", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Folder for the results store, the gradebook, the class report and students/ID/.")
@click.option("--jobs", type=click.IntRange(1, 256), default=None, help="Submissions graded at once (default: CPUs, at most 4).")
@click.option("--regrade", multiple=True, metavar="ID", help="Grade this student again (repeatable).")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="Grade on this Dask distributed scheduler instead.")
@LANG
@limit_options
def grade_batch(target, submissions, out_dir, jobs, regrade, scheduler, lang, hidden_visibility, **limits) -> None:
    """Grade one submission per student in SUBMISSIONS (plain, Moodle or Gradescope layout); resumable."""
    import signal

    from .batch import run_batch

    # Ctrl-C (or a notebook's interrupt) must stop a batch cleanly even when the shell or Jupyter
    # started us with SIGINT ignored, which Python would otherwise keep.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.exit(run_batch(target, submissions, out_dir, lang=lang, hidden_visibility=hidden_visibility,
                       limits=make_limits(**limits), jobs=jobs, regrade=regrade, scheduler=scheduler))


@main.command()
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


from .instructor_cli import export, sheet  # noqa: E402  (instructor tooling: sheets and LMS exports)

main.add_command(sheet)
main.add_command(export)

if __name__ == "__main__":
    main()
