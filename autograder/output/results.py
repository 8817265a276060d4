"""results.json in Gradescope's schema (strict JSON, written atomically) and the reports beside it."""
from __future__ import annotations

import html
import traceback
from pathlib import Path

from .. import __version__
from ..i18n import t, word
from ..model import CaseResult, GradeResult
from ..sandbox import layer_warnings
from .formats import json_text, write_atomic


def case_output(case: CaseResult, lang: str) -> str:
    """The feedback text of one case: never a hidden case's inputs or expected values."""
    lines = [f"[{word(f'status.{case.status}', lang)}] {case.message.get(lang, '')}"]
    if case.diagnosis:
        lines.append(f"{word('labels.diagnosis', lang)}: {case.diagnosis.get(lang, '')}")
    if case.hint:
        lines.append(f"{word('labels.hint', lang)}: {case.hint.get(lang, '')}")
    if case.timing:
        lines.append(case.timing.get("summary", {}).get(lang, ""))
    if case.traceback:
        lines.append(f"{word('labels.traceback', lang)}:\n{case.traceback.rstrip()}")
    if case.public and case.shown and case.status != "passed":
        for key in ("inputs", "expected", "actual"):
            if case.shown.get(key):
                lines.append(f"{word(f'labels.{key}', lang)}: {case.shown[key]}")
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
                "seconds": round(case.seconds, 3), "time_limit": case.time_limit, "timing": case.timing,
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


def write_results(out_dir: Path, result: GradeResult, lang: str = "de", hidden_visibility: str = "visible") -> Path:
    path = Path(out_dir) / "results.json"
    write_atomic(path, json_text(to_gradescope(result, lang, hidden_visibility)))
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


