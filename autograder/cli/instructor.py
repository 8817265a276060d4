"""Instructor commands: `dlgrade sheet ...` and `dlgrade export ...` (registered in cli.py).

The heavy modules (nbformat, jinja2 templates, the exporters) are imported inside the
commands, so `dlgrade grade` does not pay for them. A content problem exits with 1; a refusal
to overwrite a notebook that differs from the one the build would write exits with 2, as a
usage error does (nothing was written; `--force` or another `--out` is the caller's choice).
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import catalog
from ..errors import SheetError

LANG = click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True,
                    help="Language of the texts (German is the default).")


def _known_sheet(sheet_id: str) -> str:
    """`sheet_id`, or a usage error that lists the sheets."""
    if sheet_id not in catalog.sheet_ids():
        raise click.UsageError(f"unknown sheet {sheet_id!r}; known: {', '.join(catalog.sheet_ids()) or 'none'}")
    return sheet_id


def _fail(exc: Exception) -> None:
    """A content problem as a clean CLI error (exit 1)."""
    raise click.ClickException(str(exc))


@click.group()
def sheet() -> None:
    """Exercise sheets (exercises/<sheet>.toml): list them, build notebooks."""


@sheet.command("list")
def sheet_list() -> None:
    """Every sheet with its exercises, points and due date."""
    for sheet_id in catalog.sheet_ids():
        s = catalog.load_sheet(sheet_id)
        parts = [f"{e} ({s.points[e]:g} P.)" if e in s.points else e for e in s.exercises]
        click.echo(f"{sheet_id}: {s.title.get('de', '')} | {', '.join(parts)} | due {s.due or '-'}")


@sheet.command("build")
@click.argument("sheet_id", metavar="SHEET")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for SHEET.ipynb, SHEET.md and SHEET.html.")
@LANG
@click.option("--solutions", is_flag=True, help="The instructors' version: the reference filled into the code cells.")
@click.option("--force", is_flag=True, help="Overwrite a notebook that differs from the one this build writes (e.g. edited).")
def sheet_build(sheet_id, out_dir, lang, solutions, force) -> None:
    """Write the student notebook of SHEET and its Markdown and HTML versions.

    An existing notebook whose cells differ from the ones this build writes (someone's edits)
    is kept and the command exits with 2, unless --force.
    """
    from ..sheets.build import NotebookExists, build_sheet

    try:
        paths = build_sheet(_known_sheet(sheet_id), out_dir, lang, solutions, force)
    except NotebookExists as exc:
        click.echo(f"dlgrade: {exc}", err=True)
        sys.exit(2)
    except SheetError as exc:
        _fail(exc)
    for path in paths:
        click.echo(str(path))


@click.group()
def export() -> None:
    """Packages for other graders (otter-grader, Gradescope) and for students (no solutions)."""


@export.command("otter")
@click.argument("sheet_id", metavar="SHEET")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the master notebook SHEET.ipynb and requirements.txt.")
@LANG
@click.option("--seed", type=int, default=None,
              help="Seed of the hidden cases (default: derived from the grader's secret, fixed per sheet).")
def export_otter(sheet_id, out_dir, lang, seed) -> None:
    """Write an otter-assign master notebook of SHEET (then: otter assign SHEET.ipynb dist)."""
    from ..exports.otter import export_otter as build

    try:
        paths = build(_known_sheet(sheet_id), out_dir, lang, seed)
    except SheetError as exc:
        _fail(exc)
    for path in paths:
        click.echo(str(path))


@export.command("student")
@click.argument("sheet_id", metavar="SHEET")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Folder for the student package (empty, or an earlier student package, which is replaced).")
@LANG
def export_student(sheet_id, out_dir, lang) -> None:
    """Write SHEET's student package: dlgrade without solutions plus the notebook (pip install FOLDER)."""
    from ..exports.student import export_student as build

    try:
        paths = build(_known_sheet(sheet_id), out_dir, lang)
    except SheetError as exc:
        _fail(exc)
    for path in paths:
        click.echo(str(path))


@export.command("gradescope")
@click.argument("sheet_id", metavar="SHEET")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The zip to write, e.g. autograder.zip.")
@LANG
@click.option("--hidden-visibility", type=click.Choice(["visible", "hidden", "after_due_date", "after_published"]),
              default="visible", show_default=True,
              help="Gradescope visibility of hidden cases (the default of `dlgrade grade`; never their values).")
def export_gradescope(sheet_id, out, lang, hidden_visibility) -> None:
    """Write a Gradescope autograder zip that grades SHEET with dlgrade's sandbox."""
    from ..exports.gradescope import export_gradescope as build

    click.echo(str(build(_known_sheet(sheet_id), out, lang, hidden_visibility)))


@export.command("vpl")
@click.argument("sheet_id", metavar="SHEET")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the VPL execution files: vpl_evaluate.sh, dlgrade_bundle.zip, requirements.txt.")
@LANG
@click.option("--hidden-visibility", type=click.Choice(["visible", "hidden"]), default="visible", show_default=True,
              help="List hidden cases one by one in VPL's comments (never their values), or only their count.")
def export_vpl(sheet_id, out_dir, lang, hidden_visibility) -> None:
    """Write the execution files of a Moodle VPL activity that grades SHEET with dlgrade's sandbox."""
    from ..exports.vpl import export_vpl as build

    for path in build(_known_sheet(sheet_id), out_dir, lang, hidden_visibility):
        click.echo(str(path))
