"""The grading summary on the terminal: one table per exercise, what, why and a hint under a wrong case."""
from __future__ import annotations

from ..i18n import word
from ..model import GradeResult
from ..sandbox import layer_warnings
from .formats import terminal


def print_summary(result: GradeResult, lang: str = "de", console=None) -> None:
    """A short table for the terminal: one line per case; under a wrong one what, why and a hint."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    for exercise in result.exercises:
        table = Table(title=f"{terminal(exercise.title.get(lang, exercise.id))} ({exercise.id}): "
                            f"{exercise.score:g} / {exercise.max_score:g}", title_justify="left")
        table.add_column("", width=2)
        table.add_column(word('labels.test', lang))
        table.add_column(word('labels.pts', lang), justify="right")
        table.add_column(word('labels.feedback', lang))
        seen: set[tuple] = set()
        for case in exercise.cases:
            mark = "[green]✓[/]" if case.status == "passed" else "[red]✗[/]"
            lines = [] if case.status == "passed" else [terminal(case.message.get(lang, ""))]
            said = (case.diagnosis or {}).get(lang), (case.hint or {}).get(lang)
            if said in seen and any(said):
                lines.append(f"[yellow]{word('labels.diagnosis' if said[0] else 'labels.hint', lang)}:[/] {word('labels.as_above', lang)}")
            elif case.status != "passed":
                seen.add(said)
                if said[0]:
                    lines.append(f"[yellow]{word('labels.diagnosis', lang)}:[/] {terminal(said[0])}")
                if said[1]:
                    lines.append(f"[cyan]{word('labels.hint', lang)}:[/] {terminal(said[1])}")
            if case.timing and isinstance(case.timing.get("summary"), dict):
                lines.append(f"[dim]{terminal(case.timing['summary'].get(lang, ''))}[/]")
            name = terminal(case.label(lang)) + ("" if case.public else f" [dim]({word('labels.hidden', lang)})[/]")
            table.add_row(mark, name, f"{case.score:g}/{case.max_score:g}", "\n".join(line for line in lines if line)[:600])
        console.print(table)
    for note in result.notes:
        console.print(f"[yellow]•[/] {terminal(note.get(lang, ''))}")
    if result.internal_error:
        console.print(f"[red]{terminal(result.internal_error)}[/]")
    for warning in layer_warnings(result.layers):
        console.print(f"[bold yellow]sandbox:[/] {warning}")
    console.print(f"[bold]{word('labels.total', lang)}: {result.score:g} / {result.max_score:g}[/]  "
                  f"({result.execution_time:.2f} s)")
