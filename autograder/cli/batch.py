"""`dlgrade grade-batch`: a whole course's submissions at once (the work is in `dlgrade.batch`)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import BatchError
from .options import LANG, known_target, limit_options, make_limits


@click.command("grade-batch")
@click.argument("target")
@click.argument("submissions", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Folder for the results store, the gradebook, the class report and students/ID/.")
@click.option("--jobs", type=click.IntRange(1, 256), default=None,
              help="Submissions computing at once (default: one per CPU core); while one only sleeps, another starts "
                   "(at most twice as many at once). Up to 2 as threads of this process, more each in a process of its own.")
@click.option("--regrade", multiple=True, metavar="ID", help="Grade this student again (repeatable).")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="Grade on this Dask distributed scheduler instead.")
@LANG
@limit_options
def grade_batch(target, submissions, out_dir, jobs, regrade, scheduler, lang, hidden_visibility, **limits) -> None:
    """Grade one submission per student in SUBMISSIONS (plain, Moodle or Gradescope layout); resumable."""
    from ..batch.run import run_batch

    try:  # Ctrl-C stops it cleanly even when started with SIGINT ignored (cleanup.stop_on_signals)
        code = run_batch(known_target(target, lang), submissions, out_dir, lang=lang, hidden_visibility=hidden_visibility,
                         limits=make_limits(**limits), jobs=jobs, regrade=regrade, scheduler=scheduler)
    except BatchError as exc:
        raise click.UsageError(str(exc)) from None
    sys.exit(code)
