"""What a student gets back: their report with corrections and penalty, and Moodle's two upload files.

Reports are rendered from the adjusted result with the engine's own templates, so a correction
appears where every other message does. Rendering draws pictures, so a report is rendered
again only when what it shows changed (a digest beside it). For Moodle, the grading worksheet
comes back with grade and feedback comment filled in (scaled to the assignment's maximum grade
where that differs from the sheet's points) and the feedback zip holds each report.html in the
participant's folder.
"""
from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..batch.gradebook import points
from ..batch.store import result_to_data
from ..i18n import number, text
from ..output.formats import write_atomic
from ..output.report import render_html, render_markdown
from .moodle import write_feedback_zip
from .sheetbook import NO_SUBMISSION, Outcome, SheetBook

STAMP = ".rendered"


def render_reports(sheet: SheetBook, folder: Path, lang: str) -> int:
    """report.html and report.md per student with a result, under folder/ID/; returns how many were rendered."""
    rendered = 0
    for sid, outcome in sorted(sheet.outcomes.items()):
        if outcome.result is None:
            continue
        target = folder / sid
        digest = hashlib.sha256("\n".join((result_to_data(outcome.result), lang, sheet.hidden_visibility,
                                           __version__)).encode()).hexdigest()
        stamp = target / STAMP
        if stamp.exists() and stamp.read_text() == digest and (target / "report.html").exists():
            continue
        write_atomic(target / "report.html", render_html(outcome.result, lang, sheet.hidden_visibility))
        write_atomic(target / "report.md", render_markdown(outcome.result, lang, sheet.hidden_visibility))
        write_atomic(stamp, digest)
        rendered += 1
    return rendered


def _pts(value: float, lang: str) -> str:
    return number(round(value, 2), lang)


def comment(outcome: Outcome, max_points: float, lang: str) -> str:
    """The worksheet's feedback comment (HTML, as Moodle's comment field holds it)."""
    if outcome.status == NO_SUBMISSION and outcome.result is None:
        return html.escape(text("course.no_submission")[lang])
    parts = [text("course.comment", final=_pts(outcome.final, lang), max=_pts(max_points, lang))[lang]]
    delta = outcome.corrected - outcome.raw
    if delta or outcome.penalty:
        parts.append(text("course.comment_raw", raw=_pts(outcome.raw, lang))[lang])
    if delta:
        parts.append(text("course.comment_corrections", delta=("+" if delta > 0 else "") + _pts(delta, lang))[lang])
    if outcome.penalty:
        parts.append(text("course.comment_penalty", penalty=_pts(outcome.penalty, lang))[lang])
    parts.append(text("course.comment_report")[lang])
    return html.escape(" ".join(parts))


@dataclass
class MoodleFiles:
    worksheet: Path
    feedback: Path
    scaled: bool
    not_in_worksheet: list[str] = field(default_factory=list)
    locked: list[str] = field(default_factory=list)


def write_moodle(sheet: SheetBook, reports: Path, out: Path, lang: str) -> MoodleFiles:
    """The filled-in worksheet and the feedback zip for one sheet (which has a worksheet)."""
    ws = sheet.worksheet
    scale = ws.max_grade / sheet.max_points if ws.max_grade and sheet.max_points else 1.0
    grades, files = {}, {}
    for pid, row in ws.rows.items():
        outcome = sheet.outcomes[pid]
        grades[pid] = (round(float(points(outcome.final)) * scale, ws.decimals), comment(outcome, sheet.max_points, lang))
        report = reports / pid / "report.html"
        if outcome.result is not None and report.exists():
            files[(row.name, pid)] = {"report.html": report.read_bytes()}
    worksheet = out / f"{sheet.id}-worksheet.csv"
    write_atomic(worksheet, ws.filled(grades))
    feedback = write_feedback_zip(out / f"{sheet.id}-feedback.zip", files)
    return MoodleFiles(worksheet, feedback, abs(scale - 1.0) > 1e-9,
                       sorted(set(sheet.outcomes) - set(ws.rows)),
                       sorted(pid for pid, row in ws.rows.items() if not row.can_change))
