"""Naming the misconception behind a wrong answer.

The known mistakes of an exercise are evaluated (in the trusted parent) on the same input
as the failed case; an answer that agrees with a mistake's output, where the mistake's
output differs from the reference, gets that mistake's diagnosis. Where none matches, the
shape of the error still says something: a sign, a constant factor, a transpose, an overflow.
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..i18n import t
from ..sandbox.wire import as_plain
from ..spec import Case
from .compare import Comparison, compare

if TYPE_CHECKING:  # only a type: the notebooks' embedded self-check carries this module without the catalog
    from ..catalog import Exercise


@dataclass
class Outcome:
    """What a function did on a case: returned `value` (plain data) or raised `raised`, and
    which of its array arguments it changed (`mutated`: positions and keywords)."""

    value: Any = None
    raised: list[str] | None = None  # the exception's class names (its MRO)
    mutated: list = field(default_factory=list)


def _changed(before, after) -> bool:
    if isinstance(before, np.ndarray):
        return not (isinstance(after, np.ndarray) and after.shape == before.shape
                    and np.array_equal(after, before, equal_nan=before.dtype.kind in "fc"))
    if isinstance(before, (list, tuple)):
        return not isinstance(after, (list, tuple)) or any(_changed(b, a) for b, a in zip(before, after))
    if isinstance(before, dict):
        return not isinstance(after, dict) or any(_changed(b, after.get(k)) for k, b in before.items())
    return False


def evaluate(fn: Callable, case: Case, harness: Any | None) -> Outcome:
    """Run trusted code (reference or a mistake variant) on a copy of the case's inputs."""
    args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
    try:
        if case.harness:
            value = getattr(harness, case.harness)(fn, *args, **kwargs)
        else:
            value = fn(*args, **kwargs)
    except Exception as exc:
        return Outcome(raised=[c.__name__ for c in type(exc).__mro__])
    mutated = [] if case.harness else [i for i, (a, b) in enumerate(zip(args, case.args)) if _changed(b, a)]
    mutated += [] if case.harness else [k for k, b in case.kwargs.items() if _changed(b, kwargs.get(k))]
    return Outcome(value=as_plain(value), mutated=mutated)


def matches(student: Outcome, other: Outcome, case: Case) -> bool:
    if other.raised is not None or student.raised is not None:
        return bool(other.raised and student.raised and other.raised[0] in student.raised)
    if sorted(map(str, student.mutated)) != sorted(map(str, other.mutated)):
        return False
    return compare(student.value, other.value, case.check, explain=False).ok


def matching_mistakes(exercise: Exercise, case: Case, student: Outcome, expected: Outcome) -> list[str]:
    """The known mistakes whose output on this case the student's answer reproduces."""
    found = []
    for mistake in exercise.mistakes:
        if not exercise.touches(mistake.id, case.function):
            continue  # it gives the reference's answer here
        namespace = exercise.variant(mistake.id)
        if case.function not in namespace:
            continue
        wrong = evaluate(namespace[case.function], case, exercise.harness)
        if matches(wrong, expected, case):
            continue  # this mistake is invisible on this input
        if matches(student, wrong, case):
            found.append(mistake.id)
    return found


def shows_on(exercise: Exercise, mistake_id: str, case: Case) -> bool:
    """Whether the mistake would have failed this case (so a student who passed it has not made it)."""
    if not exercise.touches(mistake_id, case.function):
        return False
    namespace = exercise.variant(mistake_id)
    if case.function not in namespace:
        return False
    reference = evaluate(getattr(exercise.reference, case.function), case, exercise.harness)
    return not matches(evaluate(namespace[case.function], case, exercise.harness), reference, case)


def most_likely(exercise: Exercise, candidates: list[str], passed: list[Case],
                explained: dict[str, int] | None = None) -> list[str]:
    """Candidates ordered by consistency with the whole submission.

    Two mistakes can give the same wrong number on one case (a KL with the wrong sign and a
    KL added in the ELBO); the cases the student passed tell them apart: a mistake that would
    have failed one of those is not the student's. Among the rest, the mistake that reproduces
    more of the student's failed cases (`explained`: mistake -> how many) comes first.
    """
    if len(candidates) < 2:
        return candidates
    explained = explained or {}
    consistent = [m for m in candidates if not any(shows_on(exercise, m, c) for c in passed)]
    rest = [m for m in candidates if m not in consistent]
    by_reach = lambda group: sorted(group, key=lambda m: -explained.get(m, 0))  # noqa: E731  (stable: ties keep order)
    return by_reach(consistent) + by_reach(rest)


def describe_mistake(exercise: Exercise, mistake_id: str) -> dict:
    mistake = next(m for m in exercise.mistakes if m.id == mistake_id)
    return {"id": mistake.id, "diagnosis": mistake.diagnosis, "hint": mistake.hint}


def signature(comparison: Comparison) -> dict | None:
    """A hint from the shape of the error when no known mistake matched."""
    a, e = comparison.actual, comparison.expected
    if a is None or e is None:
        return None
    if comparison.kind == "nan":
        return t("sig_overflow")
    if comparison.kind == "shape":
        if a.ndim == 2 and e.ndim == 2 and a.shape == e.shape[::-1]:
            return t("sig_transpose")
        return None
    if comparison.kind != "values" or a.dtype.kind == "b" or e.dtype.kind == "b":
        return None
    a, e = a.astype(float), e.astype(float)
    nonzero = np.abs(e) > 1e-12
    if nonzero.sum() < 2:  # one value fits any factor: a sign or factor claim would be a guess
        return None
    if np.allclose(a, -e, rtol=1e-6, atol=1e-9):
        return t("sig_sign")
    ratios = a[nonzero] / e[nonzero]
    factor = float(np.median(ratios))
    constant = np.isfinite(factor) and abs(factor) > 1e-9 and not np.isclose(factor, 1.0)
    if constant and np.allclose(a, factor * e, rtol=1e-6, atol=1e-9):
        return t("sig_factor", factor=factor)
    return None
