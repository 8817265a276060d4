"""The self-check pack: an exercise's public cases as plain data that need no solution code.

Built on the trusted side, where `solutions/` is installed: per public case its inputs, the
expected value (the reference computes it where the case has no literal one), the tolerances,
and the output of every known mistake that the case can tell from the reference, so that the
student's side (`sheets.selfcheck`) judges and names a mistake exactly as the grader does for
that case. Plus the diagnoses and hints of those mistakes (the words the grader's feedback
shows anyway), the stub's parameter names and the exercise's public harness.

A student install has no `solutions/`: there the pack comes precomputed, as
`exercises/<id>/selfcheck.json` in the student bundle (`exports.student`).
"""
from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from ..catalog import Exercise
from ..errors import SheetError
from ..sandbox import wire
from ..spec import Case
from .code import parameter_names
from .selfcheck import FORMAT

PACK_FILE = "selfcheck.json"


def _listed_array(arr: np.ndarray) -> dict:
    """An array as the pack holds it: flat values (non-finite ones as strings), dtype and shape."""
    flat = arr.ravel().tolist()
    if arr.dtype.kind == "f":
        flat = [v if math.isfinite(v) else repr(v) for v in flat]
    dtype = "bool" if arr.dtype.kind == "b" else arr.dtype.str.lstrip("<>=|")
    return {"$a": {"flat": flat, "dtype": dtype, "shape": list(arr.shape)}}


def encode(value: Any) -> Any:
    """A case value as plain JSON, in the project's one codec (arrays as flat lists)."""
    if isinstance(value, np.ndarray) and value.dtype.kind not in "biuf":
        raise SheetError(f"cannot embed an array of dtype {value.dtype}")
    encoded, _ = wire.encode(value, array=_listed_array)
    if '"$x"' in json.dumps(encoded):
        raise SheetError(f"cannot embed a value of type {type(value).__name__}")
    return encoded


def _expected(exercise: Exercise, case: Case):
    """The reference's outcome on a case (its literal expected value where it has one)."""
    from ..grading.diagnose import Outcome, evaluate

    if case.has_literal_expected:
        return Outcome(value=wire.as_plain(case.expected))
    return evaluate(getattr(exercise.reference, case.function), case, exercise.harness)


def _mistake_outputs(exercise: Exercise, case: Case, expected) -> list[dict]:
    """Each known mistake's outcome on the case, where it differs from the reference's."""
    from ..grading.diagnose import evaluate, matches

    found = []
    for mistake in exercise.mistakes:
        namespace = exercise.variant(mistake.id)
        if case.function not in namespace:
            continue
        wrong = evaluate(namespace[case.function], case, exercise.harness)
        if matches(wrong, expected, case):
            continue  # this mistake is invisible on this input
        found.append({"id": mistake.id, "value": encode(wrong.value) if wrong.raised is None else None,
                      "raised": wrong.raised, "mutated": [str(m) if not isinstance(m, int) else m for m in wrong.mutated]})
    return found


def case_record(exercise: Exercise, case: Case, call_timeout: float, mistakes: bool = True) -> dict:
    """One public case as plain data: inputs, expected value or exception, tolerances, mistakes' outputs."""
    expected = _expected(exercise, case)
    raises = case.raises or (expected.raised[0] if expected.raised else None)
    return {
        "name": case.name, "title": dict(case.title), "function": case.function, "points": case.points,
        "args": encode(tuple(case.args)), "kwargs": encode(dict(case.kwargs)),
        "expected": None if raises else encode(expected.value), "raises": raises, "harness": case.harness,
        "rtol": case.check.rtol, "atol": case.check.atol, "timeout": case.timeout or call_timeout,
        "mistakes": _mistake_outputs(exercise, case, expected) if mistakes else [],
    }


def build_pack(exercise: Exercise) -> dict:
    """The pack of one exercise (trusted: runs the reference and the known mistakes)."""
    from ..sandbox.limits import Limits

    cases = exercise.public_cases()
    timeout = Limits().call_timeout
    with np.errstate(all="ignore"):  # known mistakes overflow on purpose
        records = [case_record(exercise, c, timeout) for c in cases]
    seen = {m["id"] for r in records for m in r["mistakes"]}
    texts = {m.id: {"diagnosis": m.diagnosis, "hint": m.hint} for m in exercise.mistakes if m.id in seen}
    needs_harness = exercise.harness_path and any(c.harness for c in cases)
    harness = exercise.harness_path.read_text(encoding="utf-8") if needs_harness else None
    return {"format": FORMAT, "exercise": exercise.id, "title": dict(exercise.title), "params": parameter_names(exercise),
            "returns": dict(exercise.returns), "harness_source": harness, "cases": records, "mistakes": texts}


def pack_json(pack: dict) -> str:
    """A pack as strict JSON text."""
    return json.dumps(pack, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def load_pack(exercise: Exercise) -> dict:
    """The exercise's pack: the precomputed one of a student install, else built from `solutions/`."""
    path = exercise.folder / PACK_FILE
    if path.exists():
        pack = json.loads(path.read_text(encoding="utf-8"))
        if pack.get("format") != FORMAT:
            raise SheetError(f"{path} was written by another version of dlgrade (format {pack.get('format')})")
        return pack
    try:
        return build_pack(exercise)
    except ImportError as exc:
        raise SheetError(f"{exercise.id}: no self-check data ({PACK_FILE}) and no solutions/ to compute it "
                         f"({exc}); install the sheet's student bundle") from None
