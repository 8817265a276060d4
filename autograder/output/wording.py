"""The words of a result as a person reads them, shared by the reports, results.json's texts and
the terminal, so that all three say the same thing in the same way.

- Points rounded by the one policy (`grading/points.py`, a sheet's `rounding`), with the
  language's decimal sign: "9,62 / 20", never "9.62121 / 20".
- A text in one language; a diagnosis or hint that begins with its own label ("Hinweis: …")
  loses it, since every output prints the label itself (no "Hinweis: Hinweis:").
- A timed case's measurement only when there was one (a wrong answer on a timed input has no
  times: no "0 ms, ratio nan").
- Numbers in figures and times written the language's way (German: 0,336 and 3,2 ms).
"""
from __future__ import annotations

from decimal import Decimal
from numbers import Real

from ..grading.points import case_step, rounding_step, shown
from ..i18n import LANGUAGES, number, word
from ..model import CaseResult, GradeResult

LABELS = ("labels.hint", "labels.diagnosis")


def in_lang(value: dict | None, lang: str) -> str:
    """A Texts dict in one language ("" when there is none)."""
    return (value or {}).get(lang, "") if isinstance(value, dict) else ""


def without_label(text: str) -> str:
    """`text` without a leading "Hinweis:"/"Hint:"/"Diagnose:" of either language (the output adds its own)."""
    stripped = text.lstrip()
    labels = {word(key, lang) for key in LABELS for lang in LANGUAGES}
    changed = True
    while changed:
        changed = False
        for label in labels:
            if stripped[: len(label) + 1].lower() == label.lower() + ":":
                stripped, changed = stripped[len(label) + 1:].lstrip(), True
    return stripped


def diagnosis_text(case: CaseResult, lang: str) -> str:
    return without_label(in_lang(case.diagnosis, lang))


def hint_text(case: CaseResult, lang: str) -> str:
    return without_label(in_lang(case.hint, lang))


def step_of(result: GradeResult) -> Decimal:
    """The rounding step of the result's target (a sheet's `rounding`, else two decimals)."""
    try:
        return rounding_step(result.target)
    except Exception:  # an unknown or broken target (an internal error's result): the default
        return Decimal("0.01")


def total_points(value: float, step: Decimal, lang: str) -> str:
    """A total (sheet, exercise) as a person reads it."""
    return shown(value, step, lang)


def case_points(value: float, step: Decimal, lang: str) -> str:
    """One case's points as a person reads them (never coarser than two decimals)."""
    return shown(value, case_step(step), lang)


def measured(case: CaseResult) -> bool:
    """Whether a timed case has a measurement to show (a ratio)."""
    return isinstance(case.timing, dict) and isinstance(case.timing.get("ratio"), Real)


def timing_summary(case: CaseResult, lang: str) -> str:
    """The one-line measurement of a timed case; "" when nothing was measured."""
    return in_lang(case.timing.get("summary"), lang) if measured(case) else ""


def seconds_text(value: float, lang: str) -> str:
    if value >= 1:
        return f"{number(value, lang, '.3g')} s"
    if value >= 1e-3:
        return f"{number(value * 1e3, lang, '.3g')} ms"
    return f"{number(value * 1e6, lang, '.3g')} µs"


def figure_text(value: float, lang: str) -> str:
    return number(value, lang, ".3g")
