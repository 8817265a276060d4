"""`dlgrade course COURSE_FILE`: gradebooks, corrected reports, Moodle uploads and the admission (in `dlgrade.course`)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import CourseError


@click.command("course")
@click.argument("course_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for course.csv, course_report.html and one folder per sheet.")
@click.option("--lang", type=click.Choice(["de", "en"]), default=None,
              help="Language of the reports and the Moodle feedback (default: the course file's `lang`).")
def course(course_file, out_dir, lang) -> None:
    """Apply deadlines and corrections to the graded sheets of COURSE_FILE; write the course gradebook."""
    from ..course.run import run_course

    try:
        code = run_course(course_file, out_dir, lang, echo=click.echo)
    except CourseError as exc:
        raise click.ClickException(str(exc)) from None
    sys.exit(code)
