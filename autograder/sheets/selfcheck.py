"""The public self-check, run in the student's own Python: a notebook's kernel or `dlgrade check`.

It runs an exercise's public cases from a *pack* (plain JSON built on the trusted side by
`sheets.pack`: the inputs, the expected values, and every known mistake's output on the same
inputs) on the functions in a namespace, judges each answer with the grader's own comparison
and texts, names the known mistake whose precomputed output the answer reproduces, and prints
what the grader's feedback shows for a public case. It holds and needs no reference code.

It is no sandbox: the code it calls is the student's own, on the student's machine, as when
the student runs the notebook. A call that runs longer than the grader's limit is stopped
with a timer where the platform has one (the main thread on Unix).

It imports only the standard library, numpy and engine modules that themselves import only
those, so a notebook without dlgrade runs an embedded copy of exactly these modules
(`sheets.embed` collects them).
"""
from __future__ import annotations

import contextlib
import copy
import os
import signal
import sys
import threading
import traceback
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..grading.compare import compare
from ..grading.diagnose import signature
from ..grading.shown import answer_text, inputs_text
from ..i18n import Texts, t, text, word
from ..output.wording import diagnosis_text, hint_text, in_lang
from ..sandbox.wire import as_plain, decode_value
from ..spec import Check

FORMAT = 1  # the pack's layout (sheets.pack writes it)


# ---------------------------------------------------------------- plain data


def _array(tag: str, inner: dict) -> np.ndarray:
    """An array from the pack's form: flat values (non-finite ones as strings), dtype, shape."""
    flat = [float(v) if isinstance(v, str) else v for v in inner["flat"]]
    return np.array(flat, dtype=inner["dtype"]).reshape(inner["shape"])


def decode(value: Any) -> Any:
    """A value of the pack back to arrays, tuples, dicts (the project's one codec, `wire`)."""
    return decode_value(value, _array)


def changed(before: Any, after: Any) -> bool:
    """Whether a call changed an array inside its arguments (the grader's rule: inputs stay as they are)."""
    if isinstance(before, np.ndarray):
        return not (isinstance(after, np.ndarray) and after.shape == before.shape
                    and np.array_equal(after, before, equal_nan=before.dtype.kind in "fc"))
    if isinstance(before, (list, tuple)):
        return not isinstance(after, (list, tuple)) or len(after) != len(before) or any(
            changed(b, a) for b, a in zip(before, after))
    if isinstance(before, dict):
        return not isinstance(after, dict) or any(k not in after or changed(b, after[k]) for k, b in before.items())
    return False


# ---------------------------------------------------------------- one call


class CallTimeout(BaseException):
    """Raised into a call that ran past its limit (a BaseException, so `except Exception` cannot keep it)."""


@contextlib.contextmanager
def deadline(seconds: float):
    """Stop the code inside after `seconds` where a timer signal is available, else let it run."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or seconds <= 0:
        yield
        return

    def expire(signum, frame):
        raise CallTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Answer:
    """What the student's function did on one case, as the grader's worker reports it."""

    value: Any = None
    raised: list[str] | None = None  # the exception's class names (its MRO)
    error: str = ""  # the exception's message
    trace: str = ""  # its traceback, the checker's own frame left out
    mutated: list = field(default_factory=list)
    timed_out: bool = False
    seconds: float = 0.0  # the limit it ran into


def call(fn: Any, case: dict, harness: dict, seconds: float) -> Answer:
    """Call `fn` (via the exercise's harness where the case names one) on copies of the inputs."""
    args, kwargs = decode(case["args"]), decode(case["kwargs"])
    args_in, kwargs_in = copy.deepcopy(args), copy.deepcopy(kwargs)
    try:
        with deadline(seconds):
            if case.get("harness"):
                value = harness[case["harness"]](fn, *args_in, **kwargs_in)
            else:
                value = fn(*args_in, **kwargs_in)
    except CallTimeout:
        return Answer(timed_out=True, seconds=seconds)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # the answer is the exception, whatever it is
        trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__.tb_next))
        return Answer(raised=[c.__name__ for c in type(exc).__mro__], error=str(exc)[:300], trace=trace[-2000:])
    mutated = [] if case.get("harness") else [i for i, (b, a) in enumerate(zip(args, args_in)) if changed(b, a)]
    mutated += [] if case.get("harness") else [k for k, b in kwargs.items() if changed(b, kwargs_in.get(k))]
    try:
        value = as_plain(value)
    except Exception as exc:  # an object whose conversion fails is an unusable answer
        return Answer(raised=[type(exc).__name__], error=str(exc)[:300])
    return Answer(value=value, mutated=mutated)


# ---------------------------------------------------------------- judging, as grading.engine does


@dataclass
class Verdict:
    """One public case judged: status and message, the mistake it matches, what the report shows."""

    case: dict
    status: str = "failed"
    message: Texts = field(default_factory=dict)
    candidates: list[str] = field(default_factory=list)  # known mistakes the answer reproduces
    hint: Texts | None = None
    diagnosis: Texts | None = None
    trace: str = ""
    shown: dict = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return self.status == "passed"


def _matches(answer: Answer, wrong: dict, check: Check) -> bool:
    """Whether the answer is what a known mistake gives on this case (grading.diagnose.matches)."""
    if wrong.get("raised") is not None or answer.raised is not None:
        return bool(wrong.get("raised") and answer.raised and wrong["raised"][0] in answer.raised)
    if sorted(map(str, answer.mutated)) != sorted(map(str, wrong.get("mutated", []))):
        return False
    return compare(answer.value, decode(wrong["value"]), check).ok


def _candidates(case: dict, answer: Answer, check: Check) -> list[str]:
    if answer.raised and answer.raised[0] == "NotImplementedError":
        return []
    return [m["id"] for m in case.get("mistakes", []) if _matches(answer, m, check)]


def _error(verdict: Verdict, answer: Answer, wanted: str | None = None) -> None:
    """The message of a call that raised (grading.engine's _error)."""
    verdict.status, verdict.trace = "error", answer.trace
    kind = answer.raised[0]
    if kind == "NotImplementedError":  # the untouched stub: the message says it all
        verdict.message, verdict.trace = t("not_implemented"), ""
        verdict.shown.clear()
    elif kind == "SystemExit":
        verdict.message = t("system_exit")
    elif wanted:
        verdict.message = t("raised_wrong", expected=wanted, actual=kind, message=answer.error)
    else:
        verdict.message = t("raised", type=kind, message=answer.error)


def _signature(comparison) -> Texts | None:
    """The error signature of a wrong answer; of several wrong parts, only one they all share (as the engine)."""
    parts = comparison.parts or [comparison]
    found = [signature(part) for part in parts]
    if not found[0] or any(f != found[0] for f in found):
        return None
    named = ", ".join(p.path for p in parts if p.path)
    return text("compare.part_hint", names=named, hint=found[0]) if named else found[0]


def judge(case: dict, answer: Answer, params: list[str], returns: list[str] | None) -> Verdict:
    """The grader's verdict on a public case, from the answer and the pack's expected value.

    `params`: the function's parameter names (the inputs are shown by name); `returns`: the
    names of a tuple answer's elements (exercise.toml's [returns]), None where a harness answers.
    """
    verdict = Verdict(case)
    check = Check(rtol=case["rtol"], atol=case["atol"])
    names = None if case.get("harness") else params[: len(decode(case["args"]))]
    verdict.shown["inputs"] = inputs_text(names, decode(case["args"]), decode(case["kwargs"]))
    if answer.timed_out:
        verdict.status = "timeout"
        verdict.message = t("timeout", detail=t("d_call_timeout", seconds=answer.seconds))
        return verdict
    if answer.raised is None:
        verdict.shown["actual"] = answer_text(answer.value, returns)
    if case.get("raises"):
        if answer.raised and case["raises"] in answer.raised:
            verdict.status, verdict.message = "passed", t("passed")
            return verdict
        if answer.raised:
            _error(verdict, answer, case["raises"])
        else:
            verdict.message = t("should_raise", expected=case["raises"])
        verdict.candidates = _candidates(case, answer, check)
        return verdict
    if answer.raised:
        _error(verdict, answer)
        verdict.candidates = _candidates(case, answer, check)
        return verdict
    if answer.mutated:
        names = ", ".join(f"`{params[p] if isinstance(p, int) and p < len(params) else p}`" for p in answer.mutated)
        verdict.message = t("modified_input", function=case["function"], names=names)
        verdict.candidates = _candidates(case, answer, check)
        return verdict
    expected = decode(case["expected"])
    comparison = compare(answer.value, expected, check, names=returns)
    if comparison.ok:
        verdict.status, verdict.message = "passed", t("passed")
        return verdict
    verdict.message = comparison.message
    verdict.shown["expected"] = answer_text(expected, returns)
    verdict.candidates = _candidates(case, answer, check)
    if not verdict.candidates:
        verdict.hint = _signature(comparison)
    return verdict


def settle(verdicts: list[Verdict], mistakes: dict[str, dict]) -> None:
    """Name, per wrong case, the known mistake most consistent with the cases passed (grading.diagnose.most_likely)."""
    passed = [v.case for v in verdicts if v.passed]
    for verdict in verdicts:
        if not verdict.candidates:
            continue
        visible = {mid for c in passed for mid in (m["id"] for m in c.get("mistakes", []))}
        ranked = [m for m in verdict.candidates if m not in visible] + [m for m in verdict.candidates if m in visible]
        found = mistakes.get(ranked[0], {})
        verdict.diagnosis = found.get("diagnosis") or None
        verdict.hint = found.get("hint") or None


# ---------------------------------------------------------------- the report


def feedback(verdict: Verdict, lang: str) -> str:
    """The lines the grader's feedback has for this case (output.results.case_output)."""
    lines = [f"[{word(f'status.{verdict.status}', lang)}] {in_lang(verdict.message, lang)}"]
    if diagnosis_text(verdict, lang):
        lines.append(f"{word('labels.diagnosis', lang)}: {diagnosis_text(verdict, lang)}")
    if hint_text(verdict, lang):
        lines.append(f"{word('labels.hint', lang)}: {hint_text(verdict, lang)}")
    if verdict.trace:
        lines.append(f"{word('labels.traceback', lang)}:\n{verdict.trace.rstrip()}")
    for key in ("inputs", "expected", "actual"):
        if verdict.shown.get(key):
            lines.append(f"{word(f'labels.{key}', lang)}:\n{verdict.shown[key]}")
    return "\n".join(line for line in lines if line)


def report(exercise: str, verdicts: list[Verdict], lang: str) -> str:
    """✓ or ✗ per case with the grader's feedback under a wrong one, then the count."""
    out = []
    for verdict in verdicts:
        title = verdict.case.get("title", {}).get(lang) or verdict.case["name"]
        out.append(("✓ " if verdict.passed else "✗ ") + title)
        if not verdict.passed:
            out.append("    " + feedback(verdict, lang).replace("\n", "\n    "))
    passed = sum(v.passed for v in verdicts)
    out.append(text("sheets.self_check_summary", exercise=exercise, passed=passed, total=len(verdicts))[lang])
    return "\n".join(out)


# ---------------------------------------------------------------- running an exercise


def run(pack: dict, namespace: dict, refused: dict[str, Texts] | None = None,
        call_timeout: float | None = None) -> list[Verdict]:
    """Every public case of one exercise's pack on the functions in `namespace`, judged and diagnosed.

    `refused`: functions the grader would not run (a forbidden routine in their source) with
    the grader's message; their cases are not called. `call_timeout`: seconds per call instead
    of the grader's limit that the pack holds.
    """
    harness: dict = {}
    if pack.get("harness_source"):
        exec(compile(pack["harness_source"], f"<harness {pack['exercise']}>", "exec"), harness)
    verdicts = []
    for case in pack["cases"]:
        params = pack.get("params", {}).get(case["function"], [])
        returns = None if case.get("harness") else pack.get("returns", {}).get(case["function"])
        fn = namespace.get(case["function"])
        if refused and case["function"] in refused:
            verdict = Verdict(case, "forbidden", refused[case["function"]])
        elif not callable(fn):
            verdict = Verdict(case, "missing", t("missing_function", function=case["function"]))
        else:
            seconds = case["timeout"] if call_timeout is None else call_timeout
            verdict = judge(case, call(fn, case, harness, seconds), params, returns)
        verdicts.append(verdict)
    settle(verdicts, pack.get("mistakes", {}))
    return verdicts


def _in_kernel() -> bool:
    """Whether this runs in an IPython kernel or shell (a notebook), not a plain interpreter."""
    ipython = sys.modules.get("IPython")
    return bool(ipython and getattr(ipython, "get_ipython", lambda: None)())


class SelfCheck:
    """The notebook's `_dlgrade_self_check(exercise)`: the sheet's packs and the notebook's namespace.

    In a plain interpreter (a notebook exported to .py and handed to the grader) it prints
    one line and calls nothing, unless DLGRADE_SELF_CHECK=1 forces it.
    """

    def __init__(self, packs: dict[str, dict], lang: str, namespace: dict) -> None:
        self.packs, self.lang, self.namespace = packs, lang, namespace

    def __call__(self, exercise: str) -> None:
        if not _in_kernel() and os.environ.get("DLGRADE_SELF_CHECK") != "1":
            print(text("sheets.self_check_skipped", exercise=exercise)[self.lang])
            return
        print(report(exercise, run(self.packs[exercise], self.namespace), self.lang))
