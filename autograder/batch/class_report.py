"""The class report: what an instructor discusses in the next lecture, as one HTML file.

Built from the results store alone: the score histogram, the pass rate of every case,
the most frequent diagnosed misconceptions per exercise, and who has no gradable
submission. Self-contained: inline CSS, the charts as inline SVG.
"""
from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .. import __version__, catalog
from ..course.similarity import similarity_section
from ..grading.points import case_step, rounding_step, shown
from ..i18n import word, words
from ..output.formats import write_atomic
from ..output.templates import render
from . import charts
from .gradebook import exercise_maxima
from .store import ResultStore

TEMPLATE = "class_report.html.j2"
TOP_MISTAKES = 10

@dataclass
class CaseStats:
    exercise: str
    name: str
    public: bool
    total: int = 0
    passed: int = 0
    outcomes: Counter = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


def generated_at(moment: datetime, lang: str) -> str:
    """When the report was made, the way the language writes dates (German: 30.11.2025, 19:15 UTC)."""
    return moment.strftime("%d.%m.%Y, %H:%M UTC" if lang == "de" else "%Y-%m-%d %H:%M UTC")


def case_titles(store: ResultStore, student_id: str) -> dict[tuple[str, str], dict]:
    """(exercise, case name) -> the case's title in every language, from one student's stored result."""
    return {(c.exercise, c.name): c.title for c in store.result(student_id).cases if c.title}


def report_data(store: ResultStore, target: str, lang: str) -> dict:
    """Everything the template shows, computed from the store (points rounded by the sheet's policy)."""
    step = rounding_step(target)

    def points(value: float) -> str:  # statistics, not grades: to two decimals at most
        return shown(value, case_step(step), lang)

    exercises = {e.id: e for e in catalog.resolve(target)}
    students = store.students()
    graded = [s for s in students if s.status == "graded"]
    graded_ids = {s.student_id for s in graded}
    maxima = exercise_maxima(store, target)
    max_total = sum(maxima.values())
    scores = [s.score for s in graded]

    cases: dict[tuple[str, str], CaseStats] = {}
    titles = case_titles(store, graded[0].student_id) if graded else {}
    mistakes: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    mistake_cases: dict[str, Counter] = defaultdict(Counter)
    undiagnosed: dict[str, set[str]] = defaultdict(set)
    for row in store.case_rows():
        if row["student_id"] not in graded_ids:
            continue
        key = (row["exercise"], row["case_name"])
        if key not in cases:
            cases[key] = CaseStats(row["exercise"], titles.get(key, {}).get(lang) or row["case_name"], bool(row["public"]))
        stats = cases[key]
        stats.total += 1
        if row["status"] == "passed":
            stats.passed += 1
        else:
            stats.outcomes[row["status"]] += 1
            if row["diagnosis_id"]:
                mistakes[row["exercise"]][row["diagnosis_id"]].add(row["student_id"])
                mistake_cases[row["exercise"]][row["diagnosis_id"]] += 1
            elif row["status"] == "failed":
                undiagnosed[row["exercise"]].add(row["student_id"])
    texts = store.diagnosis_texts()
    per_exercise = []
    points_by_student = store.exercise_points()
    for ex_id, exercise in exercises.items():
        ex_cases = [s for s in cases.values() if s.exercise == ex_id]
        ranked = sorted(mistakes[ex_id].items(), key=lambda kv: (-len(kv[1]), kv[0]))[:TOP_MISTAKES]
        ex_scores = [points_by_student.get(sid, {}).get(ex_id, (0.0, 0.0))[0] for sid in graded_ids]
        per_exercise.append({
            "id": ex_id,
            "title": exercise.title.get(lang, ex_id),
            "max": points(maxima[ex_id]),
            "mean": points(statistics.fmean(ex_scores)) if ex_scores else "–",
            "cases": [{"name": s.name, "public": s.public, "rate": round(100 * s.rate), "passed": s.passed,
                       "total": s.total,
                       "outcomes": ", ".join(f"{word(f'status.{k}', lang)} {n}" for k, n in s.outcomes.most_common())}
                      for s in ex_cases],
            "chart": charts.outcomes(ex_cases, lang) if ex_cases else None,
            "mistakes": [{"id": d, "text": texts.get((ex_id, d), {}).get(lang, d), "students": len(who),
                          "share": round(100 * len(who) / len(graded)) if graded else 0,
                          "cases": mistake_cases[ex_id][d]} for d, who in ranked],
            "undiagnosed": len(undiagnosed[ex_id]),
        })
    problems = []
    for s in students:
        if s.status != "graded":
            notes = store.result(s.student_id)
            detail = notes.internal_error or " ".join(n.get(lang, "") for n in notes.notes)
            problems.append({"id": s.student_id, "status": word(f'class_report.status_{s.status}', lang),
                             "detail": detail})
    title = (catalog.load_sheet(target).title if (catalog.EXERCISES / f"{target}.toml").exists()
             else next(iter(exercises.values())).title)
    return {
        "L": words("class_report", lang),
        "lang": lang,
        "target": target,
        "title": title.get(lang, target) if isinstance(title, dict) else str(title),
        "generated": generated_at(datetime.now(UTC), lang),
        "version": __version__,
        "n_students": len(students),
        "n_graded": len(graded),
        "n_problems": len(students) - len(graded),
        "max_total": points(max_total),
        "mean": points(statistics.fmean(scores)) if scores else "–",
        "median": points(statistics.median(scores)) if scores else "–",
        "n_full": sum(1 for x in scores if x >= max_total > 0),
        "n_zero": sum(1 for x in scores if x <= 0),
        "histogram": charts.histogram(scores, max_total, lang),
        "exercises": per_exercise,
        "problems": problems,
        "similarity": similarity_section(store, target, lang),
    }


def render_class_report(data: dict) -> str:
    return render(TEMPLATE, **data)


def write_class_report(store: ResultStore, path: Path, target: str, lang: str = "de") -> Path:
    write_atomic(Path(path), render_class_report(report_data(store, target, lang)))
    return Path(path)
