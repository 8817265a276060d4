"""Feedback reports from a GradeResult: report.html (one self-contained file) and report.md.

Both are rendered with jinja2 from `templates/report.html.j2` and `templates/report.md.j2`
out of the same view built here. The view is where visibility is enforced: a hidden case
never carries inputs, expected or actual values, whatever its CaseResult holds; with a
hidden-visibility other than "visible" hidden cases appear only as a count and points.
"""
from __future__ import annotations

from numbers import Real

from .. import __version__
from ..i18n import word, words
from ..model import CaseResult, ExerciseResult, GradeResult
from .templates import render

MAX_PICTURES = 16  # per report: enough to look at, small enough to mail
TIMING_KEYS = ("device", "reference_seconds", "submission_seconds", "ratio", "budget")


def _seconds(value: float) -> str:
    if value >= 1:
        return f"{value:.3g} s"
    if value >= 1e-3:
        return f"{value * 1e3:.3g} ms"
    return f"{value * 1e6:.3g} µs"


def _timing_rows(timing: dict, lang: str) -> list[tuple[str, str]]:
    """Whatever of device, times, ratio and budget the timing holds, formatted."""
    rows = []
    for key in TIMING_KEYS:
        value = timing.get("device_name") or timing.get(key) if key == "device" else timing.get(key)
        if value is None or isinstance(value, bool):
            continue
        if isinstance(value, Real) and key.endswith("seconds"):
            text = _seconds(float(value))
        elif isinstance(value, Real):
            text = f"{value:.3g}×"
        else:
            text = str(value)
        rows.append((word(f'labels.{key}', lang), text))
    return rows


def _figure_rows(figures: dict, lang: str) -> list[tuple[str, str]]:
    rows = []
    if "mismatches" in figures and "total" in figures:
        rows.append((word('labels.mismatches', lang), f"{figures['mismatches']} {word('labels.of', lang)} {figures['total']}"))
    if figures.get("worst") is not None:
        rows.append((word('labels.worst', lang), str(tuple(figures["worst"]))))
    for key in ("max_abs", "max_rel"):
        if isinstance(figures.get(key), Real):
            rows.append((word(f'labels.{key}', lang), f"{figures[key]:.3g}"))
    return rows


def traceback_lines(text: str) -> list[tuple[str, str]]:
    """A trimmed traceback as (kind, line): "where" (file/line), "code" (the student's line), "marks", "error"."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if line.startswith("  File "):
            kind = "where"
        elif stripped and set(stripped) <= set("^~"):
            kind = "marks"
        elif line.startswith("    "):
            kind = "code"
        else:
            kind = "error"
        lines.append((kind, line))
    return lines


def _text(value: dict | None, lang: str) -> str:
    return (value or {}).get(lang, "") if isinstance(value, dict) else ""


def case_view(case: CaseResult, lang: str, pictures: list | None = None) -> dict:
    """What a report may say about one case; hidden cases carry no values by construction."""
    passed = case.status == "passed"
    shown = []
    if case.public and case.shown and not passed:
        shown = [{"key": key, "label": word(f'labels.{key}', lang), "text": case.shown[key]}
                 for key in ("inputs", "expected", "actual") if case.shown.get(key)]
    timing = case.timing if isinstance(case.timing, dict) else None
    return {
        "name": case.label(lang), "function": case.function, "kind": case.kind, "public": case.public,
        "visibility": word('labels.public' if case.public else 'labels.hidden', lang),
        "status": case.status, "status_word": word(f'status.{case.status}', lang), "passed": passed,
        "score": f"{case.score:g}", "max_score": f"{case.max_score:g}",
        "message": "" if passed else _text(case.message, lang),
        "diagnosis": _text(case.diagnosis, lang), "hint": _text(case.hint, lang),
        "figures": _figure_rows(case.figures, lang) if case.figures and not passed else [],
        "shown": shown,
        "traceback": traceback_lines((case.traceback or "").rstrip()), "traceback_text": (case.traceback or "").rstrip(),
        "timing": _timing_rows(timing, lang) if timing else [],
        "timing_summary": _text(timing.get("summary"), lang) if timing else "",
        "pictures": pictures or [],
        "detailed": not passed or bool(timing),
    }


def _layers(layers: dict, lang: str) -> tuple[list[str], list[str]]:
    """The sandbox layers that were active and those that were not, in words."""
    active, missing = [], []
    for key, value in layers.items():
        if key.endswith(("_error", "_reason")):
            continue  # why a layer is missing: for the instructor (results.json), not the student
        name = word(f'layers.{key}', lang)
        if key == "uid":
            (active if isinstance(value, int) and value != 0 else missing).append(
                f"{name} ({value})" if isinstance(value, int) and value else name)
        elif isinstance(value, bool):
            (active if value else missing).append(name)
        elif isinstance(value, (list, tuple)):
            if key == "hidden":
                (active if value else missing).append(f"{name} ({len(value)})")
            else:
                (active if value else missing).append(f"{name} ({', '.join(map(str, value))})" if value else name)
        elif value:
            active.append(f"{name}: {value}")
    return active, missing


def report_view(result: GradeResult, lang: str = "de", hidden_visibility: str = "visible",
                pictures: bool = False) -> dict:
    """Everything the templates show, in `lang`; with `pictures`, draws them (inline SVG)."""
    budget = [MAX_PICTURES]

    def draw(case: CaseResult) -> list:
        if not pictures or budget[0] <= 0:
            return []
        from .pictures import case_pictures

        drawn = case_pictures(case, lang)[: budget[0]]
        budget[0] -= len(drawn)
        return drawn

    exercises = []
    for exercise in result.exercises:
        exercises.append(_exercise_view(exercise, lang, hidden_visibility, draw))
    active, missing = _layers(result.layers or {}, lang)
    total = result.max_score
    return {
        "lang": lang, "L": words("labels", lang),
        "target": result.target, "submission": result.submission,
        "score": f"{result.score:g}", "max_score": f"{total:g}",
        "percent": round(100 * result.score / total) if total else 0,
        "exercises": exercises,
        "notes": [_text(note, lang) for note in result.notes if _text(note, lang)],
        "internal_error": result.internal_error or "",
        "layers_active": active, "layers_missing": missing,
        "execution_time": f"{result.execution_time:.2f} s", "version": __version__,
    }


def _exercise_view(exercise: ExerciseResult, lang: str, hidden_visibility: str, draw) -> dict:
    shown = [c for c in exercise.cases if c.public or hidden_visibility == "visible"]
    folded = [c for c in exercise.cases if c not in shown]
    cases = [case_view(c, lang, draw(c) if c.status != "passed" or c.timing else []) for c in shown]
    return {
        "id": exercise.id, "title": _text(exercise.title, lang) or exercise.id,
        "score": f"{exercise.score:g}", "max_score": f"{exercise.max_score:g}",
        "passed": sum(c.status == "passed" for c in exercise.cases), "count": len(exercise.cases),
        "cases": cases, "details": [c for c in cases if c["detailed"]],
        "folded": {"count": len(folded), "score": f"{sum(c.score for c in folded):g}",
                   "max_score": f"{sum(c.max_score for c in folded):g}"} if folded else None,
    }


def render_html(result: GradeResult, lang: str = "de", hidden_visibility: str = "visible") -> str:
    """report.html: one file, inline CSS, pictures as inline SVG, nothing fetched."""
    return render("report.html.j2", **report_view(result, lang, hidden_visibility, pictures=True))


def render_markdown(result: GradeResult, lang: str = "de", hidden_visibility: str = "visible") -> str:
    """report.md: for an LMS comment box; no pictures."""
    return render("report.md.j2", **report_view(result, lang, hidden_visibility))
