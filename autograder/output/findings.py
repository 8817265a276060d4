"""Say it once: the cases of an exercise grouped by what explains them.

Eleven wrong cases with the same misconception are one finding (the diagnosis, once, with
the list of cases it explains); seven cases that crash with the same traceback are one
finding (the traceback, once); cases that all end the same way with nothing of their own to
show (the function is missing, the file could not be loaded, the submission is not graded)
are one finding. A submission that is unusable as a whole (every case ends the same way) is
one box for the whole report. The reports and the terminal draw from this grouping.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import CaseResult, GradeResult, Status
from .wording import diagnosis_text, hint_text, in_lang

DIAGNOSIS, CRASH, SAME = "diagnosis", "crash", "same"


@dataclass
class Finding:
    kind: str  # DIAGNOSIS, CRASH or SAME
    cases: list[CaseResult] = field(default_factory=list)

    @property
    def first(self) -> CaseResult:
        return self.cases[0]


def _said(case: CaseResult, lang: str) -> tuple[str, str]:
    return diagnosis_text(case, lang), hint_text(case, lang)


def has_own_content(case: CaseResult) -> bool:
    """Whether a case has something to show besides its message: figures, values, a timing."""
    return bool(case.figures or (case.public and case.shown) or case.timing)


def crash_site(traceback: str) -> str:
    """Where and what a traceback crashed: its frames and exception type, not the message (which
    often holds the case's own sizes: the same bug on two inputs is one crash)."""
    lines = [line for line in traceback.rstrip().splitlines() if line.strip()]
    for i, line in enumerate(lines):
        if not line[0].isspace() and not line.startswith("Traceback"):
            return "\n".join(lines[:i] + [line.split(":", 1)[0]])
    return "\n".join(lines)


def group(cases: list[CaseResult], lang: str) -> list[Finding]:
    """The findings of an exercise's wrong cases, in the order of their first case."""
    findings: dict[tuple, Finding] = {}
    for case in cases:
        if case.status == "passed":
            continue
        said = _said(case, lang)
        if any(said):
            key = (DIAGNOSIS, said)
        elif case.traceback:
            key = (CRASH, crash_site(case.traceback))
        elif case.status == "missing":  # each says its function's name: one finding names them all
            key = (SAME, "missing")
        elif not has_own_content(case):
            key = (SAME, str(case.status), in_lang(case.message, lang))
        else:
            continue
        findings.setdefault(key, Finding(key[0])).cases.append(case)
    return [f for f in findings.values() if f.kind != SAME or len(f.cases) > 1]


def unusable(result: GradeResult, lang: str) -> CaseResult | None:
    """The one case that speaks for all when the submission was not graded case by case: a file that
    cannot be graded, tampering, a load that failed (each also a note of the result), every function
    missing. Else None (a stub that raises everywhere still gets its table: it was graded)."""
    cases = result.cases
    if not cases or any(c.status == "passed" or has_own_content(c) for c in cases):
        return None
    first = cases[0]
    key = (first.status, in_lang(first.message, lang), (first.traceback or "").strip())
    if any((c.status, in_lang(c.message, lang), (c.traceback or "").strip()) != key for c in cases):
        return None
    noted = first.message in result.notes
    return first if noted or first.status in (Status.INVALID, Status.FORBIDDEN, Status.MISSING) else None
