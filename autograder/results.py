"""results.json in Gradescope's schema, written atomically, and the terminal summary."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from . import __version__
from .grader import CaseResult, GradeResult

STATUS_WORDS = {
    "passed": ("bestanden", "passed"), "failed": ("falsch", "wrong"), "error": ("Fehler", "error"),
    "timeout": ("Zeitlimit", "timeout"), "memory": ("Speicherlimit", "memory limit"),
    "cpu": ("CPU-Limit", "CPU limit"), "output": ("Ausgabelimit", "output limit"), "crash": ("Absturz", "crash"),
    "garbage": ("unbrauchbar", "garbage"), "missing": ("fehlt", "missing"), "not_run": ("nicht ausgeführt", "not run"),
    "invalid": ("ungültige Abgabe", "invalid submission"),
}
LABELS = {
    "diagnosis": ("Diagnose", "Diagnosis"), "hint": ("Hinweis", "Hint"), "inputs": ("Eingabe", "Input"),
    "expected": ("Erwartet", "Expected"), "actual": ("Erhalten", "Got"), "traceback": ("Traceback", "Traceback"),
    "total": ("Gesamt", "Total"), "notes": ("Hinweise zur Abgabe", "Notes on the submission"),
    "output": ("Ausgabe der Abgabe", "Output of the submission"),
}


def word(table: dict, key: str, lang: str) -> str:
    de, en = table.get(key, (key, key))
    return de if lang == "de" else en


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
            "name": f"{case.exercise}: {case.name}",
            "score": round(case.score, 4),
            "max_score": case.max_score,
            "status": "passed" if case.status == "passed" else "failed",
            "output": case_output(case, lang),
            "visibility": "visible" if case.public else hidden_visibility,
            "tags": [case.exercise, case.function, case.kind],
            "extra_data": {
                "status": case.status, "public": case.public, "message": case.message,
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
            "student_output_bytes": result.output_bytes,
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


def write_outputs(out_dir: Path, result: GradeResult, lang: str = "de", hidden_visibility: str = "visible") -> Path:
    """Every file a grading run leaves in its output folder; returns results.json's path."""
    return write_results(out_dir, result, lang, hidden_visibility)


def print_summary(result: GradeResult, lang: str = "de", console=None) -> None:
    """A short table for the terminal: one line per case, the diagnosis under wrong ones."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    for exercise in result.exercises:
        table = Table(title=f"{exercise.title.get(lang, exercise.id)} ({exercise.id})", title_justify="left")
        table.add_column("", width=2)
        table.add_column("Test" if lang == "en" else "Test")
        table.add_column("Pkt." if lang == "de" else "Pts.", justify="right")
        table.add_column("")
        for case in exercise.cases:
            mark = "[green]✓[/]" if case.status == "passed" else "[red]✗[/]"
            detail = "" if case.status == "passed" else case.message.get(lang, "")
            if case.diagnosis:
                detail += f"\n[yellow]{word(LABELS, 'diagnosis', lang)}:[/] {case.diagnosis.get(lang, '')}"
            table.add_row(mark, case.name, f"{case.score:g}/{case.max_score:g}", detail[:400])
        console.print(table)
    for note in result.notes:
        console.print(f"[yellow]•[/] {note.get(lang, '')}")
    console.print(f"[bold]{word(LABELS, 'total', lang)}: {result.score:g} / {result.max_score:g}[/]  "
                  f"({result.execution_time:.2f} s)")
