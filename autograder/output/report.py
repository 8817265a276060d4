"""Feedback reports from a GradeResult: report.html (one self-contained file) and report.md.

Both are rendered with jinja2 from `templates/report.html.j2` and `templates/report.md.j2`
out of the same view built here. The view is where visibility is enforced: a hidden case
never carries inputs, expected or actual values, whatever its CaseResult holds; with a
hidden-visibility other than "visible" hidden cases appear only as a count and points.
"""
from __future__ import annotations

from decimal import Decimal
from numbers import Real

from .. import __version__
from ..i18n import text, word, words
from ..model import CaseResult, ExerciseResult, GradeResult
from . import wording
from .findings import CRASH, DIAGNOSIS, Finding, crash_site, group, unusable
from .templates import render
from .wording import case_points, diagnosis_text, hint_text, in_lang, seconds_text, total_points

MAX_PICTURES = 16  # per report: enough to look at, small enough to mail
TIMING_KEYS = ("device", "reference_seconds", "submission_seconds", "ratio", "budget")


def _timing_rows(timing: dict, lang: str) -> list[tuple[str, str]]:
    """Whatever of device, times, ratio and budget the timing holds, formatted."""
    rows = []
    for key in TIMING_KEYS:
        value = timing.get("device_name") or timing.get(key) if key == "device" else timing.get(key)
        if value is None or isinstance(value, bool):
            continue
        if isinstance(value, Real) and key.endswith("seconds"):
            text_ = seconds_text(float(value), lang)
        elif isinstance(value, Real):
            text_ = f"{wording.figure_text(value, lang)}×"
        else:
            text_ = str(value)
        rows.append((word(f'labels.{key}', lang), text_))
    return rows


def _figure_items(figures: dict, lang: str) -> list[tuple[str, str]]:
    items = []
    if "mismatches" in figures and "total" in figures and figures["total"] != 1:
        items.append((word('labels.mismatches', lang), f"{figures['mismatches']} {word('labels.of', lang)} {figures['total']}"))
    if figures.get("worst"):  # a single number has no index worth naming
        items.append((word('labels.worst', lang), str(tuple(figures["worst"]))))
    for key in ("max_abs", "max_rel"):
        if isinstance(figures.get(key), Real):
            items.append((word(f'labels.{key}', lang), wording.figure_text(figures[key], lang)))
    return items


def _figure_rows(figures: dict, lang: str) -> list[dict]:
    """The error figures, one row per wrong part of the answer (named) or one for the whole answer."""
    parts = figures.get("parts")
    if not parts:
        return [{"part": "", "items": _figure_items(figures, lang)}]
    return [{"part": part.get("part", ""), "items": _figure_items(part, lang)} for part in parts
            if _figure_items(part, lang)]


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


def case_view(case: CaseResult, lang: str, step: Decimal, pictures: list | None = None,
              finding: str = "") -> dict:
    """What a report may say about one case; hidden cases carry no values by construction.

    `finding`: the anchor of the finding that explains the case; its diagnosis or traceback is
    said there, once, and the case only points to it.
    """
    passed = case.status == "passed"
    shown = []
    if case.public and case.shown and not passed:
        shown = [{"key": key, "label": word(f'labels.{key}', lang), "text": case.shown[key]}
                 for key in ("inputs", "expected", "actual") if case.shown.get(key)]
    timing = case.timing if isinstance(case.timing, dict) and wording.measured(case) else None
    traceback = "" if finding else (case.traceback or "").rstrip()
    own = bool(shown or pictures or timing)
    return {
        "name": case.label(lang), "function": case.function, "kind": case.kind, "public": case.public,
        "visibility": word('labels.public' if case.public else 'labels.hidden', lang),
        "status": case.status, "status_word": word(f'status.{case.status}', lang), "passed": passed,
        "score": case_points(case.score, step, lang), "max_score": case_points(case.max_score, step, lang),
        "message": "" if passed else in_lang(case.message, lang),
        "diagnosis": "" if finding else diagnosis_text(case, lang), "hint": "" if finding else hint_text(case, lang),
        "figures": _figure_rows(case.figures, lang) if case.figures and not passed else [],
        "shown": shown,
        "traceback": traceback_lines(traceback), "traceback_text": traceback,
        "timing": _timing_rows(timing, lang) if timing else [],
        "timing_summary": wording.timing_summary(case, lang),
        "pictures": pictures or [],
        "finding": finding,
        "detailed": bool(timing) if passed else (own or not finding),
    }


def finding_view(finding: Finding, anchor: str, lang: str, step: Decimal, views: dict[int, dict]) -> dict:
    """One box for what explains several cases: a diagnosis, a crash, or the same outcome."""
    first = finding.first
    distinct = {in_lang(c.message, lang) for c in finding.cases}
    common = next(iter(distinct)) if len(distinct) == 1 else ""
    each = finding.kind == DIAGNOSIS or (finding.kind == CRASH and len(distinct) > 1)  # per case: what differs
    if not common and finding.kind == CRASH:  # the same crash on several inputs: what it is, once
        raised = crash_site(first.traceback or "").rsplit("\n", 1)[-1]
        common = text("report.crash", function=first.function, type=raised)[lang]
    elif not common and first.status == "missing":
        functions = list(dict.fromkeys(c.function for c in finding.cases))
        common = text("report.missing_functions", names=", ".join(functions))[lang]
    traceback = (first.traceback or "").rstrip() if finding.kind == CRASH else ""
    return {
        "id": anchor, "kind": finding.kind, "status": first.status, "status_word": word(f'status.{first.status}', lang),
        "diagnosis": diagnosis_text(first, lang) if finding.kind == DIAGNOSIS else "",
        "hint": hint_text(first, lang) if finding.kind == DIAGNOSIS else "",
        "message": "" if finding.kind == DIAGNOSIS else common,
        "traceback": traceback_lines(traceback), "traceback_text": traceback,
        "applies": text("report.applies_to", n=len(finding.cases))[lang],
        "cases": [{"name": views[id(c)]["name"], "visibility": views[id(c)]["visibility"],
                   "anchor": views[id(c)]["anchor"] if views[id(c)]["detailed"] else "",
                   "message": in_lang(c.message, lang) if each else "",
                   "score": views[id(c)]["score"], "max_score": views[id(c)]["max_score"]} for c in finding.cases],
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

    step = wording.step_of(result)
    whole = unusable(result, lang)
    exercises = [_exercise_view(exercise, lang, hidden_visibility, draw, step, compact=whole is not None)
                 for exercise in result.exercises]
    active, missing = _layers(result.layers or {}, lang)
    total = result.max_score
    said_once = in_lang(whole.message, lang) if whole else ""
    return {
        "lang": lang, "L": words("labels", lang), "R": words("report", lang),
        "target": result.target, "submission": result.submission,
        "score": total_points(result.score, step, lang), "max_score": total_points(total, step, lang),
        "percent": round(100 * result.score / total) if total else 0,
        "exercises": exercises,
        "unusable": _unusable_view(whole, len(result.cases), lang) if whole else None,
        "notes": [in_lang(note, lang) for note in result.notes if in_lang(note, lang) and in_lang(note, lang) != said_once],
        "internal_error": result.internal_error or "",
        "layers_active": active, "layers_missing": missing,
        "execution_time": seconds_text(result.execution_time, lang), "version": __version__,
    }


def _unusable_view(case: CaseResult, count: int, lang: str) -> dict:
    """The one box of a submission that was not graded case by case."""
    traceback = (case.traceback or "").rstrip()
    return {"status": case.status, "status_word": word(f'status.{case.status}', lang),
            "message": in_lang(case.message, lang), "applies": text("report.applies_to_all", n=count)[lang],
            "traceback": traceback_lines(traceback), "traceback_text": traceback}


def _exercise_view(exercise: ExerciseResult, lang: str, hidden_visibility: str, draw, step: Decimal,
                   compact: bool = False) -> dict:
    shown = [c for c in exercise.cases if c.public or hidden_visibility == "visible"]
    folded = [c for c in exercise.cases if c not in shown]
    findings = [] if compact else group(shown, lang)
    anchors = {id(c): f"f-{exercise.id}-{n}" for n, f in enumerate(findings, 1) for c in f.cases}
    views: dict[int, dict] = {}
    cases = []
    for n, c in enumerate(shown, 1):
        drawn = draw(c) if not compact and (c.status != "passed" or c.timing) else []
        view = case_view(c, lang, step, drawn, anchors.get(id(c), ""))
        view["anchor"] = f"case-{exercise.id}-{n}"
        view["link"] = view["anchor"] if view["detailed"] else anchors.get(id(c), "")
        views[id(c)] = view
        cases.append(view)
    return {
        "id": exercise.id, "title": in_lang(exercise.title, lang) or exercise.id,
        "score": total_points(exercise.score, step, lang), "max_score": total_points(exercise.max_score, step, lang),
        "passed": sum(c.status == "passed" for c in exercise.cases), "count": len(exercise.cases),
        "compact": compact, "n_tests": text("report.n_tests", n=len(exercise.cases))[lang], "cases": cases,
        "details": [] if compact else [c for c in cases if c["detailed"]],
        "findings": [finding_view(f, f"f-{exercise.id}-{n}", lang, step, views) for n, f in enumerate(findings, 1)],
        "folded": {"count": len(folded), "score": case_points(sum(c.score for c in folded), step, lang),
                   "max_score": case_points(sum(c.max_score for c in folded), step, lang)} if folded else None,
    }


def render_html(result: GradeResult, lang: str = "de", hidden_visibility: str = "visible") -> str:
    """report.html: one file, inline CSS, pictures as inline SVG, nothing fetched."""
    return render("report.html.j2", **report_view(result, lang, hidden_visibility, pictures=True))


def render_markdown(result: GradeResult, lang: str = "de", hidden_visibility: str = "visible") -> str:
    """report.md: for an LMS comment box; no pictures."""
    return render("report.md.j2", **report_view(result, lang, hidden_visibility))
