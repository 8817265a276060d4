"""results.json in Gradescope's schema, written atomically, and the terminal summary."""
from __future__ import annotations

import html
import json
import os
import tempfile
import traceback
from pathlib import Path

from . import __version__
from .grader import CaseResult, GradeResult
from .sandbox import layer_warnings
from .labels import LABELS, STATUS_WORDS, word  # noqa: F401  (re-exported: older callers import them from here)
from .texts import t


def case_output(case: CaseResult, lang: str) -> str:
    """The feedback text of one case: never a hidden case's inputs or expected values."""
    lines = [f"[{word(STATUS_WORDS, case.status, lang)}] {case.message.get(lang, '')}"]
    if case.diagnosis:
        lines.append(f"{word(LABELS, 'diagnosis', lang)}: {case.diagnosis.get(lang, '')}")
    if case.hint:
        lines.append(f"{word(LABELS, 'hint', lang)}: {case.hint.get(lang, '')}")
    if case.timing:
        lines.append(case.timing.get("summary", {}).get(lang, ""))
    if case.traceback:
        lines.append(f"{word(LABELS, 'traceback', lang)}:\n{case.traceback.rstrip()}")
    if case.public and case.shown and case.status != "passed":
        for key in ("inputs", "expected", "actual"):
            if case.shown.get(key):
                lines.append(f"{word(LABELS, key, lang)}: {case.shown[key]}")
    return "\n".join(line for line in lines if line)


def to_gradescope(result: GradeResult, lang: str = "de", hidden_visibility: str = "visible") -> dict:
    tests = []
    for case in result.cases:
        tests.append({
            "name": f"{case.exercise}: {case.label(lang)}",
            "score": round(case.score, 4),
            "max_score": case.max_score,
            "status": "passed" if case.status == "passed" else "failed",
            "output": case_output(case, lang),
            "visibility": "visible" if case.public else hidden_visibility,
            "tags": [case.exercise, case.function, case.kind],
            "extra_data": {
                "case": case.name, "status": case.status, "public": case.public, "message": case.message,
                "figures": case.figures, "diagnosis": case.diagnosis, "hint": case.hint,
                "seconds": round(case.seconds, 6), "timing": case.timing,
            },
        })
    summary = [f"{result.target}: {result.score:g} / {result.max_score:g}"]
    summary += [n.get(lang, "") for n in result.notes]
    if result.internal_error:
        summary.append(result.internal_error)
    return {
        "score": round(result.score, 4),
        "max_score": result.max_score,
        "execution_time": round(result.execution_time, 3),
        "output": "\n".join(summary),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {
            "dlgrade_version": __version__,
            "target": result.target,
            "submission": result.submission,
            "language": lang,
            "sandbox": result.layers,
            "sandbox_warnings": layer_warnings(result.layers),
            "student_output_bytes": result.output_bytes,
            "student_output_truncated": result.output_truncated,
            "tampering": result.tampering,
            "internal_error": result.internal_error,
        },
    }


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_results(out_dir: Path, result: GradeResult, lang: str = "de", hidden_visibility: str = "visible") -> Path:
    path = Path(out_dir) / "results.json"
    write_atomic(path, json.dumps(to_gradescope(result, lang, hidden_visibility), indent=2, ensure_ascii=False))
    return path


def write_reports(out_dir: Path, result: GradeResult, lang: str = "de", hidden_visibility: str = "visible") -> None:
    """report.html and report.md beside results.json; a rendering failure leaves a short report saying so."""
    from .report import render_html, render_markdown

    for name, render in (("report.html", render_html), ("report.md", render_markdown)):
        try:
            text = render(result, lang, hidden_visibility)
        except Exception as exc:  # results.json is written already; the report must not take the run down
            traceback.print_exc()
            detail = html.escape(f"{type(exc).__name__}: {exc}")
            text = t("internal", detail=detail)[lang]
            if name.endswith(".html"):
                text = f"<!DOCTYPE html><meta charset=\"utf-8\"><title>dlgrade</title><p>{text}</p>"
        write_atomic(Path(out_dir) / name, text)


def write_outputs(out_dir: Path, result: GradeResult, lang: str = "de", hidden_visibility: str = "visible") -> Path:
    """Every file a grading run leaves in its output folder; returns results.json's path."""
    path = write_results(out_dir, result, lang, hidden_visibility)
    write_reports(out_dir, result, lang, hidden_visibility)
    return path


def print_summary(result: GradeResult, lang: str = "de", console=None) -> None:
    """A short table for the terminal: one line per case; under a wrong one what, why and a hint."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = console or Console()
    for exercise in result.exercises:
        table = Table(title=f"{escape(exercise.title.get(lang, exercise.id))} ({exercise.id}): "
                            f"{exercise.score:g} / {exercise.max_score:g}", title_justify="left")
        table.add_column("", width=2)
        table.add_column(word(LABELS, "test", lang))
        table.add_column(word(LABELS, "pts", lang), justify="right")
        table.add_column(word(LABELS, "feedback", lang))
        seen: set[tuple] = set()
        for case in exercise.cases:
            mark = "[green]✓[/]" if case.status == "passed" else "[red]✗[/]"
            lines = [] if case.status == "passed" else [escape(case.message.get(lang, ""))]
            said = (case.diagnosis or {}).get(lang), (case.hint or {}).get(lang)
            if said in seen and any(said):
                lines.append(f"[yellow]{word(LABELS, 'diagnosis' if said[0] else 'hint', lang)}:[/] {word(LABELS, 'as_above', lang)}")
            elif case.status != "passed":
                seen.add(said)
                if said[0]:
                    lines.append(f"[yellow]{word(LABELS, 'diagnosis', lang)}:[/] {escape(said[0])}")
                if said[1]:
                    lines.append(f"[cyan]{word(LABELS, 'hint', lang)}:[/] {escape(said[1])}")
            if case.timing and isinstance(case.timing.get("summary"), dict):
                lines.append(f"[dim]{escape(case.timing['summary'].get(lang, ''))}[/]")
            name = escape(case.label(lang)) + ("" if case.public else f" [dim]({word(LABELS, 'hidden', lang)})[/]")
            table.add_row(mark, name, f"{case.score:g}/{case.max_score:g}", "\n".join(line for line in lines if line)[:600])
        console.print(table)
    for note in result.notes:
        console.print(f"[yellow]•[/] {escape(note.get(lang, ''))}")
    if result.internal_error:
        console.print(f"[red]{escape(result.internal_error)}[/]")
    for warning in layer_warnings(result.layers):
        console.print(f"[bold yellow]sandbox:[/] {warning}")
    console.print(f"[bold]{word(LABELS, 'total', lang)}: {result.score:g} / {result.max_score:g}[/]  "
                  f"({result.execution_time:.2f} s)")
