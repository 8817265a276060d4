"""The result of grading, as plain data: what every output (results.json, reports, the
store, the gradebook) is made from. It imports nothing of the engine, so each of those
can read results without the machinery that produced them."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field

import numpy as np

from .i18n import Texts


class Status(enum.StrEnum):
    """How one case ended; the values are what results.json and the store hold."""

    PASSED = "passed"        # right answer (or, for a timed case, fast enough)
    FAILED = "failed"        # a wrong answer, or a custom check that failed
    ERROR = "error"          # the call raised
    TIMEOUT = "timeout"      # a call (or a timed call) ran past its limit
    MEMORY = "memory"        # the worker ran out of its memory limit
    CPU = "cpu"              # the worker ran out of CPU time
    OUTPUT = "output"        # a file over the size limit
    CRASH = "crash"          # the worker died (a signal, os._exit)
    GARBAGE = "garbage"      # an answer or message that is not plain data within the limits
    MISSING = "missing"      # the function is not defined
    NOT_RUN = "not_run"      # the submission's time budget was spent before this case
    INVALID = "invalid"      # the file cannot be graded at all (not a notebook, empty, ...)
    SLOW = "slow"            # a timed case: correct but over its budget
    FORBIDDEN = "forbidden"  # uses a routine the exercise does not allow, or reaches into internals
    INTERNAL = "internal"    # the grader's own failure


@dataclass
class CaseResult:
    exercise: str
    name: str
    function: str
    public: bool
    max_score: float
    score: float = 0.0
    status: Status = Status.FAILED
    message: Texts = field(default_factory=dict)
    figures: dict | None = None
    diagnosis: dict | None = None
    hint: dict | None = None
    traceback: str | None = None
    seconds: float = 0.0
    time_limit: dict | None = None  # what its call was allowed (Grading._time_limit: seconds, wall_seconds, ...)
    shown: dict | None = None  # public cases only: inputs, expected and actual as short text
    kind: str = "correctness"
    timing: dict | None = None
    title: dict = field(default_factory=dict)  # the case's name in every language; `name` stays the stable id
    # For reports and pictures, never serialised: `values` only for public cases (decoded args, kwargs,
    # expected, actual, and the failing leaf's path/actual/expected); `mismatch` a bool mask, no values.
    values: dict | None = field(default=None, repr=False, compare=False)
    mismatch: np.ndarray | None = field(default=None, repr=False, compare=False)

    def label(self, lang: str) -> str:
        """What a student sees as the case's name, in their language."""
        return self.title.get(lang) or self.name


@dataclass
class ExerciseResult:
    id: str
    title: dict
    cases: list[CaseResult] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(c.score for c in self.cases)

    @property
    def max_score(self) -> float:
        return sum(c.max_score for c in self.cases)


@dataclass
class GradeResult:
    target: str
    submission: str
    exercises: list[ExerciseResult] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    layers: dict = field(default_factory=dict)
    output: str = ""
    output_bytes: int = 0
    execution_time: float = 0.0
    internal_error: str | None = None
    tampering: list[str] = field(default_factory=list)  # what in the source reached into internals (not graded)
    output_truncated: bool = False

    @property
    def score(self) -> float:
        return sum(e.score for e in self.exercises)

    @property
    def max_score(self) -> float:
        return sum(e.max_score for e in self.exercises)

    @property
    def cases(self) -> list[CaseResult]:
        return [c for e in self.exercises for c in e.cases]
