"""The grading summary on the terminal: one table per exercise, what, why and a hint under a wrong case.

A diagnosis, hint or message that a case above already said is "as above", not repeated; a
submission that was not graded case by case (every case ended the same way) is one line per
exercise and the reason once, not a table of identical rows. Points are rounded like everywhere.
"""
from __future__ import annotations

from ..i18n import word
from ..model import CaseResult, GradeResult
from ..sandbox import layer_warnings
from .findings import unusable
from .formats import terminal
from .wording import case_points, diagnosis_text, hint_text, in_lang, seconds_text, step_of, timing_summary, total_points


def _feedback(case: CaseResult, lang: str, seen: set) -> list[str]:
    """The feedback column of one case: what went wrong, why and a hint, each said once per exercise."""
    if case.status == "passed":
        lines = []
    else:
        message = in_lang(case.message, lang)  # a repeated outcome (not repeated error figures) is "as above"
        repeated = ("message", message) in seen and not case.figures
        lines = [f"[dim]{word('labels.as_above', lang)}[/]" if repeated else terminal(message)]
        seen.add(("message", message))
        said = diagnosis_text(case, lang), hint_text(case, lang)
        if any(said) and said in seen:
            label = word('labels.diagnosis' if said[0] else 'labels.hint', lang)
            lines.append(f"[yellow]{label}:[/] {word('labels.as_above', lang)}")
        elif any(said):
            seen.add(said)
            if said[0]:
                lines.append(f"[yellow]{word('labels.diagnosis', lang)}:[/] {terminal(said[0])}")
            if said[1]:
                lines.append(f"[cyan]{word('labels.hint', lang)}:[/] {terminal(said[1])}")
    summary = timing_summary(case, lang)
    if summary:
        lines.append(f"[dim]{terminal(summary)}[/]")
    return lines


def print_summary(result: GradeResult, lang: str = "de", console=None) -> None:
    """A short table for the terminal: one line per case; under a wrong one what, why and a hint."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    step = step_of(result)
    whole = unusable(result, lang)
    for exercise in result.exercises:
        title = (f"{terminal(in_lang(exercise.title, lang) or exercise.id)} ({exercise.id}): "
                 f"{total_points(exercise.score, step, lang)} / {total_points(exercise.max_score, step, lang)}")
        if whole is not None:
            console.print(f"[bold]{title}[/]  [red]{word(f'status.{whole.status}', lang)}[/]")
            continue
        table = Table(title=title, title_justify="left")
        table.add_column("", width=2)
        table.add_column(word('labels.test', lang))
        table.add_column(word('labels.pts', lang), justify="right")
        table.add_column(word('labels.feedback', lang))
        seen: set = set()
        for case in exercise.cases:
            mark = "[green]✓[/]" if case.status == "passed" else "[red]✗[/]"
            name = terminal(case.label(lang)) + ("" if case.public else f" [dim]({word('labels.hidden', lang)})[/]")
            table.add_row(mark, name, f"{case_points(case.score, step, lang)}/{case_points(case.max_score, step, lang)}",
                          "\n".join(line for line in _feedback(case, lang, seen) if line)[:600])
        console.print(table)
    said = in_lang(whole.message, lang) if whole else ""
    if said:
        console.print(f"[red]•[/] {terminal(said)}")
    for note in result.notes:
        if in_lang(note, lang) and in_lang(note, lang) != said:
            console.print(f"[yellow]•[/] {terminal(in_lang(note, lang))}")
    if result.internal_error:
        console.print(f"[red]{terminal(result.internal_error)}[/]")
    for warning in layer_warnings(result.layers):
        console.print(f"[bold yellow]sandbox:[/] {warning}")
    console.print(f"[bold]{word('labels.total', lang)}: {total_points(result.score, step, lang)} / "
                  f"{total_points(result.max_score, step, lang)}[/]  ({seconds_text(result.execution_time, lang)})")
