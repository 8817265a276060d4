"""results.json in Gradescope's schema (strict JSON, written atomically) and the reports beside it."""
from __future__ import annotations

import html
import traceback
from decimal import Decimal
from pathlib import Path

from .. import __version__
from ..grading.points import apportioned, case_step, rounded
from ..i18n import t, word
from ..model import CaseResult, GradeResult
from ..sandbox import layer_warnings
from .formats import json_text, write_atomic
from .wording import diagnosis_text, hint_text, in_lang, step_of, timing_summary, total_points


def case_output(case: CaseResult, lang: str) -> str:
    """The feedback text of one case: never a hidden case's inputs or expected values."""
    lines = [f"[{word(f'status.{case.status}', lang)}] {in_lang(case.message, lang)}"]
    if diagnosis_text(case, lang):
        lines.append(f"{word('labels.diagnosis', lang)}: {diagnosis_text(case, lang)}")
    if hint_text(case, lang):
        lines.append(f"{word('labels.hint', lang)}: {hint_text(case, lang)}")
    lines.append(timing_summary(case, lang))
    if case.traceback:
        lines.append(f"{word('labels.traceback', lang)}:\n{case.traceback.rstrip()}")
    if case.public and case.shown and case.status != "passed":
        for key in ("inputs", "expected", "actual"):
            if case.shown.get(key):
                lines.append(f"{word(f'labels.{key}', lang)}:\n{case.shown[key]}")
    return "\n".join(line for line in lines if line)


def shown_maxima(result: GradeResult, step: Decimal) -> list[float]:
    """Every case's maximum rounded so that an exercise's cases add up to its rounded total."""
    out: list[float] = []
    for exercise in result.exercises:
        out += apportioned([case.max_score for case in exercise.cases], step)
    return out


def to_gradescope(result: GradeResult, lang: str = "de", hidden_visibility: str = "visible") -> dict:
    """Gradescope's schema. Gradescope shows `score` and `max_score` to the student as they are and takes
    the top-level `score` as the grade, so they are rounded by the sheet's policy (a case to two decimals
    at most); the exact values stay in `extra_data` (`score_exact`) for anyone who recomputes."""
    step = step_of(result)
    tests = []
    maxima = shown_maxima(result, case_step(step))
    for case, max_score in zip(result.cases, maxima):
        tests.append({
            "name": f"{case.exercise}: {case.label(lang)}",
            "score": max_score if case.score == case.max_score else rounded(case.score, case_step(step)),
            "max_score": max_score,
            "status": "passed" if case.status == "passed" else "failed",
            "output": case_output(case, lang),
            "visibility": "visible" if case.public else hidden_visibility,
            "tags": [case.exercise, case.function, case.kind],
            "extra_data": {
                "case": case.name, "status": case.status, "public": case.public, "message": case.message,
                "figures": case.figures, "diagnosis": case.diagnosis, "hint": case.hint,
                "seconds": round(case.seconds, 3), "time_limit": case.time_limit, "timing": case.timing,
                "score_exact": case.score, "max_score_exact": case.max_score,
            },
        })
    summary = [f"{result.target}: {total_points(result.score, step, lang)} / {total_points(result.max_score, step, lang)}"]
    summary += [in_lang(n, lang) for n in result.notes]
    if result.internal_error:
        summary.append(result.internal_error)
    return {
        "score": rounded(result.score, step),
        "max_score": rounded(result.max_score, step),
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
            "score_exact": result.score, "max_score_exact": result.max_score, "rounding": str(step),
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


