"""Options shared by the commands that grade: language, the sandbox's limits, a known target."""
from __future__ import annotations

import click

from .. import catalog
from ..errors import UnknownExercise
from ..i18n import text
from ..sandbox import GiB, Limits

LANG = click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True,
                    help="Language of every feedback text.")


def limit_options(fn):
    """The sandbox limits, shared by every command that grades."""
    options = [
        click.option("--call-timeout", type=float, default=Limits.call_timeout, show_default=True,
                     help="The most seconds any call may compute (an exercise may set its own for a case)."),
        click.option("--call-timeout-factor", type=float, default=Limits.call_timeout_factor, show_default=True,
                     help="Below that, a call may compute for this many times the reference solution's time on the "
                          "same input ..."),
        click.option("--call-timeout-min", type=float, default=Limits.call_timeout_min, show_default=True,
                     help=f"... but at least this many seconds ({Limits.retimeout_min:g} s for a function that already "
                          "ran into its limit once). Where the sandbox measures CPU time (a cgroup) these are seconds "
                          "of CPU time, which a busy machine does not change; a call may not sleep or wait past its "
                          f"limit either, nor take more than {Limits.wall_factor:g} times it on the clock. Elsewhere "
                          "they are seconds on the clock. results.json gives each case's limit "
                          "(tests[].extra_data.time_limit)."),
        click.option("--import-timeout", type=float, default=20.0, show_default=True, help="Seconds to load the submission."),
        click.option("--total-timeout", type=float, default=300.0, show_default=True, help="Seconds per submission."),
        click.option("--memory", "memory_gib", type=float, default=4.0, show_default=True, help="Memory limit in GiB."),
        click.option("--processes", type=int, default=64, show_default=True, help="Process limit."),
        click.option("--sandbox-uid", type=int, default=None, help="Uid for submissions (root: a free one above 61000)."),
        click.option("--hidden-visibility", type=click.Choice(["visible", "hidden", "after_due_date", "after_published"]),
                     default="visible", show_default=True,
                     help="Gradescope visibility of hidden cases (their feedback never shows inputs or expected values)."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def make_limits(call_timeout, call_timeout_factor, call_timeout_min, import_timeout, total_timeout, memory_gib,
                processes, sandbox_uid) -> Limits:
    return Limits(memory_bytes=int(memory_gib * GiB), processes=processes, call_timeout=call_timeout,
                  call_timeout_factor=call_timeout_factor, call_timeout_min=call_timeout_min,
                  import_timeout=import_timeout, total_timeout=total_timeout, uid=sandbox_uid)


def known_target(target: str, lang: str = "de") -> str:
    """`target`, or a usage error: an unknown name (listing every exercise and sheet), or an
    installation without solutions (a student's package), which can only run `dlgrade check`."""
    try:
        catalog.resolve(target)
    except UnknownExercise:
        known = ", ".join(catalog.exercise_ids() + catalog.sheet_ids())
        raise click.UsageError(text("cli.unknown_target", target=target, known=known)[lang]) from None
    if not catalog.has_solutions():
        raise click.UsageError(text("cli.no_solutions", target=target)[lang])
    return target
