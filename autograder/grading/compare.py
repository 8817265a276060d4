"""Comparing an answer with the expected value: type, then shape, then values.

The answer here is already plain data (decoded and type-checked by `wire`), so nothing in
this module runs student code. A failed comparison says what differed and, for numbers,
the error figures: mismatch count, worst index, largest absolute and relative error.

A tuple or dict answer is compared part by part, and every wrong part is reported under
its name (`b_new`, `W1`: the exercise's `[returns]` names a function's tuple elements, a
dict's keys name themselves), so a student reads which part to fix, not `Index (1, 0)`.
The first wrong part stays the comparison's own `path`/`actual`/`expected`/`mask`, for the
error signatures and the pictures.
"""
from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..i18n import Texts, join, text
from ..sandbox.wire import Unsupported
from ..spec import Check


@dataclass
class Comparison:
    ok: bool
    kind: str = ""  # "", "type", "shape", "length", "keys", "values", "nan", "custom"
    message: dict = field(default_factory=dict)
    figures: dict | None = None
    path: str = ""  # the (first) wrong part by name: "b_new", "W1", "Hs", "grads['W1']"; "" is the whole answer
    actual: np.ndarray | None = None  # the leaf where it failed, for signatures and pictures
    expected: np.ndarray | None = None
    mask: np.ndarray | None = None  # where the failing leaf differs: positions only, no values
    parts: list[Comparison] = field(default_factory=list)  # every wrong part (a part answer: its first is the above)


def _subject(path: str) -> Texts:
    """What a message is about: the whole answer or one named part of it."""
    return text("compare.the_answer") if not path else {"de": path, "en": path}


def _say(key: str, path: str, **fields) -> Texts:
    return text(f"compare.{key}", subject=_subject(path), **fields)


def _quiet(key: str, path: str, **fields) -> Texts:
    """`_say` when nobody reads the message."""
    return {}


def _describe(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, Unsupported):
        return repr(value)
    if isinstance(value, np.ndarray):
        return f"array {value.shape} {value.dtype}"
    return type(value).__name__


def _expected_kind(expected) -> Texts:
    if isinstance(expected, np.ndarray) and expected.ndim:
        return text("compare.an_array", shape=expected.shape)
    if isinstance(expected, (tuple, list)):
        return text("compare.a_sequence", kind=type(expected).__name__, n=len(expected))
    if isinstance(expected, dict):
        return text("compare.a_dict")
    if isinstance(expected, (np.ndarray, np.generic, numbers.Number)):
        return text("compare.a_number")
    return {"de": type(expected).__name__, "en": type(expected).__name__}


def _to_array(value) -> np.ndarray | None:
    """A numeric ndarray from plain data (arrays, numbers, nested lists/tuples), else None."""
    if isinstance(value, (str, dict, Unsupported)) or value is None:
        return None
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError):
        return None
    if arr.dtype.kind not in "biuf":
        return None
    return arr


def _part(path: str, key, name: str | None = None) -> str:
    """The name of a part: the exercise's name for a top-level tuple element, a dict's key, else an index."""
    if name:
        return name
    if isinstance(key, int):
        return f"{path}[{key}]" if path else f"Element [{key}]"
    return f"{path}[{key!r}]" if path else str(key)


def compare(actual, expected, check: Check = Check(), values: bool = True, path: str = "",
            names: Sequence[str] | None = None, explain: bool = True) -> Comparison:
    """Compare recursively; with `values=False` only types and shapes are checked.

    `names`: the names of a tuple answer's elements (the exercise's `[returns]`), so that a
    wrong element is reported as `b_new`, not as an index. `explain=False` only decides: no
    message and no figures (the diagnosis compares dozens of variants and reads only `ok`).
    """
    wrong: list[Comparison] = []
    right: list[str] = []
    _walk(actual, expected, check, values, path, names, wrong, right, explain)
    if not wrong:
        return Comparison(True)
    if not explain:
        return Comparison(False, wrong[0].kind, path=wrong[0].path)
    first = wrong[0]
    if len(wrong) == 1 and first.path == path:
        return first  # the answer as a whole (a single array or number) is wrong
    named = ", ".join(w.path for w in wrong if w.path)  # a whole-answer problem (missing keys) speaks for itself
    listing = (text("compare.parts", wrong=named, right=", ".join(right)) if named and right
               else text("compare.parts_all_wrong", wrong=named) if named else None)
    figures = {**(first.figures or {}), "parts": [{"part": w.path, "kind": w.kind, **(w.figures or {})} for w in wrong]}
    return Comparison(False, first.kind, join(listing, *(w.message for w in wrong)), figures, first.path,
                      first.actual, first.expected, first.mask, wrong)


def _walk(actual, expected, check: Check, values: bool, path: str, names, wrong: list, right: list,
          explain: bool = True) -> None:
    """Compare `actual` with `expected` at `path`: append each wrong leaf to `wrong`, each right part to `right`."""
    say = _say if explain else _quiet
    if isinstance(expected, dict) and isinstance(actual, dict):
        missing, extra = sorted(map(str, set(expected) - set(actual))), sorted(map(str, set(actual) - set(expected)))
        if missing or extra:
            wrong.append(Comparison(False, "keys", say("keys", path, missing=", ".join(missing) or "–",
                                                        extra=", ".join(extra) or "–"), path=path))
        for key in expected:
            if key in actual:
                _walk(actual[key], expected[key], check, values, _part(path, key), None, wrong, right, explain)
        return
    seq = list(actual) if isinstance(expected, (tuple, list)) and isinstance(actual, np.ndarray) and actual.ndim == 1 \
        else actual
    if isinstance(expected, (tuple, list)) and isinstance(seq, (tuple, list)):
        if len(seq) != len(expected):
            wrong.append(Comparison(False, "length", say("length", path, actual=len(seq), expected=len(expected)),
                                    path=path))
            return
        for i, (a, e) in enumerate(zip(seq, expected)):
            name = names[i] if names and i < len(names) and not path else None
            _walk(a, e, check, values, _part(path, i, name), None, wrong, right, explain)
        return
    result = _leaf(actual, expected, check, values, path, explain)
    if result.ok:
        right.append(path)
    else:
        wrong.append(result)


def _leaf(actual, expected, check: Check, values: bool, path: str, explain: bool = True) -> Comparison:
    """One value (or a structure whose type does not match) against the expected one."""
    say = _say if explain else _quiet
    if actual is None and expected is not None:
        message = text("compare.returned_none") if not path and explain else say("type", path, actual="None",
                                                                          expected=_expected_kind(expected))
        return Comparison(False, "type", message, path=path)
    if isinstance(actual, Unsupported):
        return Comparison(False, "type", say("object", path, what=actual.what, expected=_expected_kind(expected)),
                          path=path)
    if isinstance(expected, (dict, tuple, list)):  # the structure itself is of the wrong type
        return Comparison(False, "type", say("type", path, actual=_describe(actual), expected=_expected_kind(expected)),
                          path=path)
    if expected is None:
        if actual is None:
            return Comparison(True, path=path)
        return Comparison(False, "type", say("type", path, actual=_describe(actual), expected="None"), path=path)
    if isinstance(expected, str):
        if actual == expected:
            return Comparison(True, path=path)
        return Comparison(False, "values", say("type", path, actual=repr(actual)[:60], expected=repr(expected)),
                          path=path)
    return _compare_numeric(actual, expected, check, values, path, explain)


def _compare_numeric(actual, expected, check: Check, values: bool, path: str, explain: bool = True) -> Comparison:
    say = _say if explain else _quiet
    e = np.asarray(expected)
    a = _to_array(actual)
    if a is None:
        return Comparison(False, "type", say("type", path, actual=_describe(actual), expected=_expected_kind(expected)),
                          path=path)
    if a.shape != e.shape:
        return Comparison(False, "shape", say("shape", path, actual=a.shape, expected=e.shape), path=path,
                          actual=a, expected=e)
    if not values:
        return Comparison(True, path=path)
    if e.dtype.kind == "b":
        if a.dtype.kind != "b" and not np.isin(a, (0, 1)).all():
            return Comparison(False, "type", say("type", path, actual=text("compare.array_of", dtype=str(a.dtype)),
                                                  expected=text("compare.booleans")), path=path)
        a, e = a.astype(bool), e
        bad = a != e
        tol_error = bad.astype(float)
        abs_err = bad.astype(float)
    else:
        a64, e64 = a.astype(np.float64), e.astype(np.float64)
        finite_e = np.isfinite(e64)
        nonfinite = ~np.isfinite(a64) & finite_e
        if nonfinite.any() and not explain:
            return Comparison(False, "nan", path=path)
        if nonfinite.any():
            return Comparison(False, "nan", say("nan", path, count=int(nonfinite.sum())), path=path,
                              figures=_figures(nonfinite, nonfinite.astype(float), np.where(nonfinite, np.inf, 0.0), e64),
                              actual=a64, expected=e64, mask=nonfinite)
        with np.errstate(invalid="ignore", over="ignore"):
            abs_err = np.where(finite_e, np.abs(a64 - e64), np.where(a64 == e64, 0.0, np.inf))
            bad = ~np.isclose(a64, e64, rtol=check.rtol, atol=check.atol, equal_nan=True)
            tol_error = abs_err / (check.atol + check.rtol * np.abs(e64))
        a, e = a64, e64
    if not bad.any():
        return Comparison(True, path=path)
    if not explain:
        return Comparison(False, "values", path=path)
    figures = _figures(bad, tol_error, abs_err, e)
    plain = "" if figures["max_rel"] is not None else "_absolute"  # relative to an expected 0 says nothing
    if bad.size == 1:
        message = say("value" + plain, path, max_abs=figures["max_abs"], max_rel=figures["max_rel"])
    else:
        prefix = f"{path}: " if path else ""
        message = text("compare.values" + plain, prefix=prefix, **{**figures, "worst": tuple(figures["worst"])})
    return Comparison(False, "values", message, figures=figures, path=path, actual=np.asarray(a),
                      expected=np.asarray(e), mask=np.asarray(bad))


def _figures(bad: np.ndarray, tol_error: np.ndarray, abs_err: np.ndarray, e: np.ndarray) -> dict:
    worst = np.unravel_index(int(np.nanargmax(np.where(np.isnan(tol_error), np.inf, tol_error))), bad.shape) if bad.size else ()
    scale = np.abs(e.astype(float))
    with np.errstate(invalid="ignore", divide="ignore"):
        rel = abs_err[scale > 0] / scale[scale > 0]  # where the expected value is 0 there is no relative error
    return {
        "mismatches": int(bad.sum()),
        "total": int(bad.size),
        "worst": [int(i) for i in worst],
        "max_abs": float(np.max(abs_err)) if abs_err.size else 0.0,
        "max_rel": float(np.max(rel)) if rel.size else None,
    }
