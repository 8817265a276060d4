"""The `dlgrade` command line: one module per command group, this one only wires them up.

Every command starts by removing what graders that were killed left behind and by turning
SIGTERM into the same clean stop as Ctrl-C.
"""
from __future__ import annotations

import click

from ..sandbox.cleanup import stop_on_signals, sweep
from .batch import grade_batch
from .check import check
from .course import course
from .grade import demo, grade
from .instructor import export, sheet
from .lms import lms


@click.group()
@click.version_option(package_name="dlgrade")
def main() -> None:
    """dlgrade: deep-learning exercises and a sandboxed autograder."""
    stop_on_signals()
    sweep()


for command in (grade, demo, grade_batch, check, sheet, export, course, lms):
    main.add_command(command)
