"""Grading one submission: cases in, one result per case out, whatever the student did."""
from __future__ import annotations

import errno
import inspect
import time
from collections import Counter
from pathlib import Path

from .. import catalog
from ..catalog import Exercise
from ..errors import BadSubmission
from ..i18n import Texts, t, text
from ..model import CaseResult, ExerciseResult, GradeResult, Status
from ..sandbox import CallOutcome, Limits, StartInfo, WorkerSession
from ..sandbox.forkserver import ForkServer
from ..sandbox.limits import preload
from ..sandbox.wire import as_plain
from ..spec import Case, PerfCase
from .compare import compare
from .diagnose import Outcome, describe_mistake, evaluate, matching_mistakes, most_likely, signature
from .forbidden import forbidden_uses, runtime_uses, tampering
from .loading import load_notes, lost_to_crash, own_traceback
from .points import apply_sheet_points
from .seeds import submission_seed
from .shown import answer_text, inputs_text
from .submission import Submission, load_submission
from .timing import SpeedTrial

# The diagnosis of a function whose only fault is that it wrote into its arguments: the same
# misconception in every exercise (in-place operators on the caller's arrays), so the engine names
# it where no known mistake of the exercise does.
IN_PLACE = "inputs_changed_in_place"


class Grading:
    """One grading run of one submission against one or more exercises."""

    def __init__(self, exercises: list[Exercise], submission: Submission, limits: Limits,
                 hide: list[str] = (), seed: int | dict[str, int] | None = None, forkserver=None) -> None:
        self.exercises = exercises
        self.submission = submission
        self.limits = limits
        self.seed = seed
        harnesses = {f"harness_{e.id}": e.harness_path for e in exercises if e.harness_path}
        self.hide, self.forkserver = list(hide), forkserver
        watch = sorted({p for e in exercises for patterns in e.forbidden.values() for p in patterns})
        self.session = WorkerSession(submission.cells, limits, harnesses, hide=self.hide, forkserver=forkserver,
                                     watch=watch)
        self.tampering = tampering(submission.cells)
        self.uses: dict[str, list[str]] = {}  # per exercise: function -> forbidden routines found in the source
        self.start: StartInfo | None = None
        self._candidates: list[tuple[CaseResult, list[str]]] = []  # per exercise: wrong cases and the mistakes they match
        self.timed_out: set[tuple[str, str]] = set()  # (exercise, function) that ran into a call's limit
        self._expected_cache: dict[int, tuple[Outcome, float | None]] = {}  # id(case) -> `_expected`, worked out ahead
        self.deadline = 0.0

    def run(self, result: GradeResult) -> None:
        self.deadline = time.monotonic() + self.limits.total_timeout
        if self.tampering:
            self._refuse(result, t("tampering", what=", ".join(self.tampering)))
            return
        try:
            first = self._prepare(self.exercises[0])  # while the sandbox starts (a new fork server imports numpy meanwhile)
            self.start = self.session.start()
            result.layers = dict(self.session.layers)
            result.notes += self._load_notes()
            for exercise in self.exercises:
                seed = self._seed(exercise)
                ex_result = ExerciseResult(exercise.id, exercise.title)
                result.exercises.append(ex_result)
                self._candidates = []
                self.uses = forbidden_uses(self.submission.cells, exercise.forbidden, exercise.functions)
                passed: list[Case] = []
                for case, public in first if exercise is self.exercises[0] else exercise.paired_cases(seed):
                    case_result = self._grade_case(exercise, case, public)
                    ex_result.cases.append(case_result)
                    if case_result.status == "passed":
                        passed.append(case)
                self._settle_diagnoses(exercise, passed)
                refused = {c.function: c.message for c in ex_result.cases if c.status == Status.FORBIDDEN}
                for i, perf in enumerate(exercise.perf_cases()):
                    ex_result.cases.append(self._time_case(exercise, perf, seed + i, refused))
        finally:
            result.output, result.output_bytes = self.session.output()
            result.output_truncated = self.session.output_buffer.truncated
            if result.output_truncated:
                result.notes.append(t("output_truncated", kept_kib=self.limits.output_bytes >> 10,
                                      total_mib=result.output_bytes / (1 << 20)))
            self.session.close()

    def _seed(self, exercise: Exercise) -> int:
        seed = self.seed.get(exercise.id) if isinstance(self.seed, dict) else self.seed
        return submission_seed(exercise.id, self.submission.digest) if seed is None else seed

    def _prepare(self, exercise: Exercise) -> list[tuple[Case, bool]]:
        """The exercise's cases with the reference's outcome on each, worked out before any worker
        answers: the parent's share of the grading, done while it would otherwise wait."""
        cases = exercise.paired_cases(self._seed(exercise))
        for case, _ in cases:
            self._expected_cache[id(case)] = self._expected(exercise, case)
        return cases

    def _refuse(self, result: GradeResult, message: dict) -> None:
        """A submission that is not graded at all: every case gets `message`, no worker starts."""
        for exercise in self.exercises:
            seed = self.seed.get(exercise.id) if isinstance(self.seed, dict) else self.seed
            ex_result = ExerciseResult(exercise.id, exercise.title)
            for case, public in exercise.paired_cases(seed if seed is not None else 0):
                ex_result.cases.append(CaseResult(exercise.id, case.name, case.function, public, case.points,
                                                  status=Status.FORBIDDEN, message=message, title=dict(case.title)))
            for perf in exercise.perf_cases():
                ex_result.cases.append(CaseResult(exercise.id, perf.name or f"speed: {perf.function}", perf.function,
                                                  False, perf.points, status=Status.FORBIDDEN, message=message,
                                                  kind="performance", title=dict(perf.title)))
            result.exercises.append(ex_result)
        result.notes.append(message)
        result.tampering = list(self.tampering)

    def _time_case(self, exercise: Exercise, perf: PerfCase, seed: int, refused: dict[str, Texts]) -> CaseResult:
        res = CaseResult(exercise.id, perf.name or f"speed: {perf.function}", perf.function, False, perf.points,
                         kind="performance", title=dict(perf.title))
        if time.monotonic() > self.deadline:
            res.status, res.message = Status.NOT_RUN, t("time_budget", seconds=self.limits.total_timeout)
            return res
        if perf.function in refused:  # a forbidden routine found in the source or seen at run time
            res.status, res.message = Status.FORBIDDEN, refused[perf.function]
            return res
        timing = SpeedTrial(exercise, perf, self.submission.cells, self.limits, seed, self.hide, self.forkserver).run()
        res.timing = timing.as_dict()
        if timing.verdict == "passed":
            res.status, res.score = Status.PASSED, perf.points
            res.message = t("perf_passed", ratio=timing.ratio, budget=timing.budget)
        elif timing.verdict == "slow":
            res.status, res.message = Status.SLOW, t("perf_slow", ratio=timing.ratio, budget=timing.budget)
        else:
            res.status = {"timeout": Status.TIMEOUT, "wrong": Status.FAILED}.get(timing.verdict, Status.ERROR)
            res.message = timing.detail
        return res

    def _load_notes(self) -> list[dict]:
        """What the student reads once about loading: the file's notes, cells that raised, a load that failed."""
        failed = [] if self.start.ok else [t("load_failed", detail=self.start.reason)]
        return list(self.submission.notes) + load_notes(self.submission, self.start.cells) + failed

    def _ensure_worker(self) -> StartInfo:
        """Restart the worker after a call killed it, unless loading itself failed."""
        if self.start.ok and not self.session.alive:
            self.start = self.session.start()
        return self.start

    def _grade_case(self, exercise: Exercise, case: Case, public: bool) -> CaseResult:
        res = CaseResult(exercise.id, case.name, case.function, public, case.points, title=dict(case.title))
        if time.monotonic() > self.deadline:
            res.status, res.message = Status.NOT_RUN, t("time_budget", seconds=self.limits.total_timeout)
            return res
        start = self._ensure_worker()
        if not start.ok:
            res.status = Status(start.status) if start.status != "ok" else Status.ERROR
            res.message = t("load_failed", detail=start.reason)
            return res
        if case.function not in start.functions:
            res.status = Status.MISSING
            lost = lost_to_crash(self.submission, start.cells, case.function)  # one message for all it took
            res.message, res.traceback = lost or (t("missing_function", function=case.function), None)
            return res
        if case.function in self.uses:
            return self._forbidden(res, self.uses[case.function])
        harness = (f"harness_{exercise.id}", case.harness) if case.harness else None
        expected, reference_seconds = self._expected(exercise, case)
        res.time_limit = self._time_limit(exercise, case, reference_seconds)
        remaining = self.deadline - time.monotonic()
        outcome = self.session.call(case.function, case.args, case.kwargs, harness,
                                    timeout=min(res.time_limit["wall_seconds"], max(remaining, 0.1)),
                                    check_inputs=harness is None, cpu_timeout=res.time_limit["seconds"])
        res.seconds = outcome.seconds
        if outcome.status == "timeout":
            self.timed_out.add((exercise.id, case.function))
            if res.time_limit["wall_seconds"] <= remaining:  # else the submission's whole time ran out
                limit = res.time_limit
                outcome.detail = text("timeouts.exercise" if limit["exercise_timeout"] else "timeouts.derived",
                                      after=outcome.seconds, limit=limit["seconds"], wall=limit["wall_seconds"],
                                      factor=limit["factor"], floor=limit["floor"], cap=limit["cap"])
        patterns = exercise.forbidden.get(case.function, []) + exercise.forbidden.get("*", [])
        if runtime_uses(outcome.used, patterns):
            return self._forbidden(res, runtime_uses(outcome.used, patterns))
        self._judge(exercise, case, outcome, res, expected)
        if public and (outcome.error or {}).get("type") != "NotImplementedError":
            names = None if case.harness else argument_names(exercise, case.function, list(range(len(case.args))))
            res.shown = {**(res.shown or {}), "inputs": inputs_text(names, case.args, case.kwargs),
                         "actual": answer_text(outcome.value, _parts(exercise, case)) if outcome.status == "ok" else None}
            res.values = {**(res.values or {}), "args": case.args, "kwargs": case.kwargs,
                          "actual": outcome.value if outcome.status == "ok" else None}
        return res

    def _forbidden(self, res: CaseResult, routines: list[str]) -> CaseResult:
        res.status = Status.FORBIDDEN
        res.message = t("forbidden", function=res.function, routines=", ".join(routines))
        return res

    def _expected(self, exercise: Exercise, case: Case) -> tuple[Outcome, float | None]:
        """The reference's outcome on the case and its time here (trusted; None for a literal value)."""
        if id(case) in self._expected_cache:
            return self._expected_cache.pop(id(case))
        if case.has_literal_expected:
            return Outcome(value=as_plain(case.expected)), None
        started = time.perf_counter()
        expected = evaluate(getattr(exercise.reference, case.function), case, exercise.harness)
        return expected, time.perf_counter() - started

    def _time_limit(self, exercise: Exercise, case: Case, reference_seconds: float | None) -> dict:
        """What the call may take: CPU seconds where the sandbox measures them (a busy machine does not
        change them), a multiple of that on the wall clock; an exercise's own timeout wins."""
        again = (exercise.id, case.function) in self.timed_out
        seconds = round(case.timeout or self.limits.call_limit(reference_seconds, again), 3)  # the limit as shown
        wall = seconds * self.limits.wall_factor if self.session.measures_cpu else seconds  # exactly that multiple of it
        reference = round(reference_seconds, 6) if reference_seconds is not None else None
        return {"seconds": seconds, "wall_seconds": round(wall, 3), "reference_seconds": reference,
                "factor": self.limits.call_timeout_factor, "floor": self.limits.call_limit(None, again),
                "cap": self.limits.call_timeout, "exercise_timeout": bool(case.timeout)}

    def _judge(self, exercise: Exercise, case: Case, outcome: CallOutcome, res: CaseResult, expected: Outcome) -> None:
        if outcome.status not in ("ok", "error"):
            res.status = Status(outcome.status)
            res.message = t(outcome.status, detail=outcome.detail)
            return
        if res.public:
            res.values = {"expected": expected.value}
        if case.raises or expected.raised:
            wanted = case.raises or expected.raised[0]
            if outcome.status == "error" and wanted in outcome.error.get("mro", []):
                res.status, res.score, res.message = Status.PASSED, case.points, t("passed")
                return
            if outcome.status == "error":
                self._error(outcome, res, wanted)
            else:
                res.message = t("should_raise", expected=wanted)
            student = Outcome(value=outcome.value) if outcome.status == "ok" else Outcome(raised=outcome.error.get("mro"))
            self._diagnose(exercise, case, student, expected, res)
            return
        if outcome.status == "error":
            self._error(outcome, res)
            self._diagnose(exercise, case, Outcome(raised=outcome.error.get("mro")), expected, res)
            return
        if outcome.mutated:
            names = ", ".join(f"`{n}`" for n in argument_names(exercise, case.function, outcome.mutated))
            res.message = t("modified_input", function=case.function, names=names)
            student = Outcome(value=outcome.value, mutated=outcome.mutated)
            if not self._diagnose(exercise, case, student, expected, res) and _right_values(case, outcome.value, expected):
                res.diagnosis = {"id": IN_PLACE, **text("in_place.diagnosis"), "also": []}
                res.hint = text("in_place.hint")
            return
        comparison = compare(outcome.value, expected.value, case.check, values=case.check.custom is None,
                             names=_parts(exercise, case))
        if comparison.ok and case.check.custom is not None:
            problem = case.check.custom(outcome.value, expected.value, case)
            if problem:
                self._custom_problem(exercise, case, dict(problem), Outcome(value=outcome.value), expected, res)
                return
        if comparison.ok:
            res.status, res.score, res.message = Status.PASSED, case.points, t("passed")
            return
        res.message, res.figures, res.mismatch = comparison.message, comparison.figures, comparison.mask
        if res.public:
            res.shown = {"expected": answer_text(expected.value, _parts(exercise, case))}
            res.values.update(path=comparison.path, actual_leaf=comparison.actual, expected_leaf=comparison.expected)
        self._diagnose(exercise, case, Outcome(value=outcome.value), expected, res, comparison)

    def _error(self, outcome: CallOutcome, res: CaseResult, wanted: str | None = None) -> None:
        err = outcome.error
        res.status, res.traceback = Status.ERROR, own_traceback(err.get("traceback"), self.submission) or None
        if err.get("type") == "NotImplementedError":  # a stub's: the message says it all, once for every case
            res.message, res.traceback = t("not_implemented"), None
        elif err.get("type") == "SystemExit":
            res.message = t("system_exit")
        elif err.get("errno") == errno.EFBIG:  # Python ignores SIGXFSZ: the write fails instead
            res.status, res.message = Status.OUTPUT, t("output", detail=t("d_output", mib=self.limits.file_bytes >> 20))
        elif err.get("type") == "MemoryError":
            res.status, res.message = Status.MEMORY, t("memory", detail=t("d_memory", mib=self.limits.memory_bytes >> 20))
        elif wanted:
            res.message = t("raised_wrong", expected=wanted, actual=err.get("type"), message=err.get("message", "")[:300])
        else:
            res.message = t("raised", type=err.get("type"), message=err.get("message", "")[:300])

    def _diagnose(self, exercise: Exercise, case: Case, student: Outcome, expected: Outcome,
                  res: CaseResult, comparison=None) -> bool:
        """Queue the known mistakes the answer reproduces (named once the whole exercise is graded); any?"""
        if student.raised and student.raised[0] == "NotImplementedError":
            return False
        candidates = matching_mistakes(exercise, case, student, expected)
        if candidates:
            self._candidates.append((res, candidates))
        elif comparison is not None:
            res.hint = _signature(comparison)
        return bool(candidates)

    def _custom_problem(self, exercise: Exercise, case: Case, problem: dict, student: Outcome, expected: Outcome,
                        res: CaseResult) -> None:
        """A custom check's verdict {"de", "en"}; with "mistake": <id> of a known mistake, that is the diagnosis."""
        mistake = problem.pop("mistake", None)
        res.message = problem
        if mistake in {m.id for m in exercise.mistakes}:
            self._candidates.append((res, [mistake]))
        else:
            self._diagnose(exercise, case, student, expected, res)

    def _settle_diagnoses(self, exercise: Exercise, passed: list[Case]) -> None:
        """Name, per wrong case, the known mistake most consistent with the whole submission."""
        explained = Counter(m for _, candidates in self._candidates for m in candidates)
        for res, candidates in self._candidates:
            ranked = most_likely(exercise, candidates, passed, explained)
            found = describe_mistake(exercise, ranked[0])
            res.diagnosis = {"id": found["id"], **found["diagnosis"], "also": ranked[1:]}
            res.hint = found["hint"] or None


def _right_values(case: Case, value, expected: Outcome) -> bool:
    """Whether an answer that changed its inputs returned the right values: then that change is its only fault."""
    if not compare(value, expected.value, case.check, values=case.check.custom is None).ok:
        return False
    return case.check.custom is None or not case.check.custom(value, expected.value, case)


def _parts(exercise: Exercise, case: Case) -> list[str] | None:
    """The names of the case's tuple answer's elements (exercise.toml's [returns]); a harness answers its own way."""
    return None if case.harness else exercise.returns.get(case.function)


def _signature(comparison) -> Texts | None:
    """The error signature of a wrong answer; of several wrong parts, only one that all of them share."""
    parts = comparison.parts or [comparison]
    found = [signature(part) for part in parts]
    if not found[0] or any(f != found[0] for f in found):
        return None
    named = ", ".join(p.path for p in parts if p.path)
    return text("compare.part_hint", names=named, hint=found[0]) if named else found[0]


def argument_names(exercise: Exercise, function: str, positions: list) -> list[str]:
    """Names for argument positions, from the reference's signature (trusted): 0 -> "w"."""
    try:
        params = list(inspect.signature(getattr(exercise.reference, function)).parameters)
    except (AttributeError, TypeError, ValueError):
        params = []
    return [params[p] if isinstance(p, int) and p < len(params) else str(p) for p in positions]


def unusable_result(target: str, submission: str, message: Texts) -> GradeResult:
    """The result of a file that cannot be graded at all: every case 'invalid', with the reason."""
    result = GradeResult(target, submission)
    for exercise in catalog.resolve(target):
        ex_result = ExerciseResult(exercise.id, exercise.title)
        for case, public in exercise.paired_cases(0):
            ex_result.cases.append(CaseResult(exercise.id, case.name, case.function, public, case.points,
                                              status=Status.INVALID, message=message, title=dict(case.title)))
        for perf in exercise.perf_cases():  # the timed cases count too: the same maximum as a graded file
            ex_result.cases.append(CaseResult(exercise.id, perf.name or f"speed: {perf.function}", perf.function,
                                              False, perf.points, status=Status.INVALID, message=message,
                                              kind="performance", title=dict(perf.title)))
        result.exercises.append(ex_result)
    result.notes.append(message)
    apply_sheet_points(result)
    return result


def grade(target: str, submission_path: Path, limits: Limits | None = None, hide: list[str] = (),
          seed: int | dict[str, int] | None = None, forkserver=None) -> GradeResult:
    """Grade one submission file against an exercise or a sheet. Never raises for bad input.

    `hide`: more folders the sandbox must not see (the output folder, other students' files).
    `seed`: the hidden cases' seed, one for all exercises or one per exercise id (a cluster
    worker without the grader's secret gets them from the client); default: per submission.
    `forkserver`: a `ForkServer` to fork workers from (batch grading), else one is started
    for this run and closed at its end.
    """
    started = time.monotonic()
    limits = limits or Limits()
    exercises = catalog.resolve(target)
    result = GradeResult(target, Path(submission_path).name)
    try:
        submission = load_submission(Path(submission_path), preferred_stem=target)
        result.submission = submission.name
    except BadSubmission as exc:
        result = unusable_result(target, result.submission, exc.message)
        result.execution_time = time.monotonic() - started
        return result
    # A call that runs into its limit kills its worker; forking the next one from a warm server
    # costs milliseconds where starting Python and numpy again costs a few hundred.
    own_server = forkserver is None
    if own_server:
        forkserver = ForkServer(preload(any(e.needs_torch for e in exercises)))
        forkserver.launch()  # it starts while the grading prepares the cases
    try:
        Grading(exercises, submission, limits, hide, seed, forkserver).run(result)
    finally:
        if own_server:
            forkserver.close(wait=False)  # its interpreter shuts down while the reports are written
    apply_sheet_points(result)
    result.execution_time = time.monotonic() - started
    return result
