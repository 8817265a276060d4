"""The course report: the distribution of points over the term and who is at risk, as one HTML file.

Self-contained (inline CSS, the chart as inline SVG, no script), in the course's language or
the one asked for; rendered from `templates/course_report.html.j2`, which autoescapes every
name that came from Moodle or a CSV.
"""
from __future__ import annotations

import statistics
from datetime import UTC, datetime
from pathlib import Path

from .. import __version__
from ..batch.gradebook import points
from ..i18n import number, text, words
from ..output.formats import write_atomic
from ..output.templates import render
from .admission import ADMITTED, NOT_ADMITTED, OPEN
from .book import CourseBook
from .sheetbook import NO_SUBMISSION, SheetBook

TEMPLATE = "course_report.html.j2"
CHART = {"width": 640, "height": 220, "left": 44, "right": 16, "top": 12, "bottom": 30}


def _quartiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        return values[0], values[0], values[0]
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def _sheet_stats(sheet: SheetBook) -> dict:
    shares = [100 * o.final / sheet.max_points if sheet.max_points else 0.0 for o in sheet.outcomes.values()]
    base = {"id": sheet.id, "max": points(sheet.max_points), "graded": sheet.graded}
    if not sheet.graded or not shares:
        return {**base, "n": 0}
    q1, median, q3 = _quartiles(sorted(shares))
    outcomes = list(sheet.outcomes.values())
    return {**base, "n": len(shares), "mean": statistics.fmean(shares), "median": median, "q1": q1, "q3": q3,
            "min": min(shares), "max_share": max(shares),
            "none": sum(o.status == NO_SUBMISSION for o in outcomes),
            "late": sum(o.late.days > 0 for o in outcomes),
            "corrected": sum(bool(o.corrections) for o in outcomes)}


def _chart(stats: list[dict]) -> dict:
    """Coordinates of one box per sheet (y: share of the points, 0..100 %)."""
    c = CHART
    plot_w, plot_h = c["width"] - c["left"] - c["right"], c["height"] - c["top"] - c["bottom"]
    step = plot_w / max(len(stats), 1)

    def y(share: float) -> float:
        return round(c["top"] + plot_h * (1 - share / 100), 1)

    boxes = []
    for i, s in enumerate(stats):
        x = round(c["left"] + step * (i + 0.5), 1)
        box = {"x": x, "label": s["id"], "w": round(min(step * 0.5, 40), 1)}
        if s["n"]:
            box.update(y_min=y(s["min"]), y_max=y(s["max_share"]), y_q1=y(s["q1"]), y_q3=y(s["q3"]),
                       y_median=y(s["median"]), y_mean=y(s["mean"]))
        boxes.append(box)
    grid = [{"y": y(v), "label": f"{v} %"} for v in (0, 25, 50, 75, 100)]
    return {**c, "boxes": boxes, "grid": grid, "x0": c["left"], "x1": c["width"] - c["right"]}


def _person_row(person, book: CourseBook, lang: str) -> dict:
    v = person.verdict
    graded_max = sum(m for s, m in book.maxima.items() if s in book.graded)
    total_max = sum(book.maxima.values())
    projected = v.points / graded_max * total_max if graded_max else 0.0
    return {"name": person.name or person.label, "email": person.email, "points": number(round(v.points, 2), lang),
            "needed": number(round(v.needed, 2), lang), "projected": number(round(projected, 1), lang),
            "sheets": f"{v.sheets_reached} / {v.sheets_needed}" if v.sheets_needed else "–"}


def report_data(book: CourseBook, lang: str) -> dict:
    """Everything the template shows."""
    course, verdicts = book.course, [p.verdict for p in book.people]
    stats = [_sheet_stats(s) for s in book.sheets]
    total = sum(book.maxima.values())
    rule = [text("course_report.rule_percent", percent=number(course.admission.percent, lang),
                 points=number(round(course.admission.percent / 100 * total, 2), lang), total=points(total))[lang]]
    if course.admission.sheet_percent:
        rule.append(text("course_report.rule_sheets", percent=number(course.admission.sheet_percent, lang),
                         sheets=course.admission.sheets or len(book.sheets))[lang])
    return {
        "L": words("course_report", lang), "lang": lang, "version": __version__,
        "title": course.title.get(lang) or next(iter(course.title.values()), ""),
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "n_students": len(book.people), "n_sheets": len(book.sheets), "n_graded": len(book.graded),
        "counts": {key: sum(v.status == key for v in verdicts) for key in (ADMITTED, NOT_ADMITTED, OPEN)},
        "n_at_risk": sum(v.at_risk for v in verdicts), "rule": rule,
        "sheets": [{**s, **{k: number(round(s[k], 1), lang) for k in ("mean", "median") if k in s}} for s in stats],
        "chart": _chart(stats),
        "at_risk": [_person_row(p, book, lang) for p in book.people if p.verdict.at_risk],
        "not_admitted": [_person_row(p, book, lang) for p in book.people if p.verdict.status == NOT_ADMITTED],
    }


def write_course_report(book: CourseBook, path: Path, lang: str) -> Path:
    write_atomic(Path(path), render(TEMPLATE, **report_data(book, lang)))
    return Path(path)
