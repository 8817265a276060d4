"""Comparing an answer with the expected value: type, then shape, then values.

The answer here is already plain data (decoded and type-checked by `wire`), so nothing in
this module runs student code. A failed comparison says what differed and, for numbers,
the error figures: mismatch count, worst index, largest absolute and relative error.
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np

from ..i18n import t
from ..sandbox.wire import Unsupported
from ..spec import Check

REL_FLOOR = 1e-12


@dataclass
class Comparison:
    ok: bool
    kind: str = ""  # "", "type", "shape", "length", "keys", "values", "nan", "custom"
    message: dict = field(default_factory=dict)
    figures: dict | None = None
    path: str = ""
    actual: np.ndarray | None = None  # the leaf where it failed, for signatures and pictures
    expected: np.ndarray | None = None
    mask: np.ndarray | None = None  # where the failing leaf differs: positions only, no values


def _describe(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, Unsupported):
        return repr(value)
    if isinstance(value, np.ndarray):
        return f"array {value.shape} {value.dtype}"
    return type(value).__name__


def _expected_kind(expected) -> str:
    if isinstance(expected, np.ndarray):
        return f"array {expected.shape}"
    if isinstance(expected, (tuple, list)):
        return f"{type(expected).__name__} of {len(expected)}"
    return type(expected).__name__


def _is_numeric_leaf(value) -> bool:
    return isinstance(value, (np.ndarray, np.generic, numbers.Number)) and not isinstance(value, complex)


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


def compare(actual, expected, check: Check = Check(), values: bool = True, path: str = "") -> Comparison:
    """Compare recursively; with `values=False` only types and shapes are checked."""
    where = f" {path}" if path else ""
    if actual is None and expected is not None:
        return Comparison(False, "type", t("returned_none"), path=path)
    if isinstance(actual, Unsupported):
        return Comparison(False, "type", t("wrong_object", where=where, what=actual.what, expected=_expected_kind(expected)), path=path)
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return Comparison(False, "type", t("wrong_type", where=where, actual=_describe(actual), expected="dict"), path=path)
        if set(actual) != set(expected):
            return Comparison(False, "keys", t("wrong_keys", where=where, actual=sorted(actual), expected=sorted(expected)), path=path)
        for key in expected:
            result = compare(actual[key], expected[key], check, values, f"{path}[{key!r}]")
            if not result.ok:
                return result
        return Comparison(True)
    if isinstance(expected, (tuple, list)):
        seq = actual
        if isinstance(actual, np.ndarray) and actual.ndim == 1:
            seq = list(actual)
        if not isinstance(seq, (tuple, list)):
            return Comparison(False, "type", t("wrong_type", where=where, actual=_describe(actual),
                                                  expected=_expected_kind(expected)), path=path)
        if len(seq) != len(expected):
            return Comparison(False, "length", t("wrong_length", where=where, actual=len(seq), expected=len(expected)), path=path)
        for i, (a, e) in enumerate(zip(seq, expected)):
            result = compare(a, e, check, values, f"{path}[{i}]")
            if not result.ok:
                return result
        return Comparison(True)
    if expected is None:
        return Comparison(actual is None, "" if actual is None else "type",
                          {} if actual is None else t("wrong_type", where=where, actual=_describe(actual), expected="None"), path=path)
    if isinstance(expected, str):
        ok = actual == expected
        return Comparison(ok, "" if ok else "values", {} if ok else t("wrong_type", where=where, actual=repr(actual)[:60], expected=repr(expected)), path=path)
    return _compare_numeric(actual, expected, check, values, path)


def _compare_numeric(actual, expected, check: Check, values: bool, path: str) -> Comparison:
    where = f" {path}" if path else ""
    e = np.asarray(expected)
    a = _to_array(actual)
    if a is None:
        return Comparison(False, "type", t("wrong_type", where=where, actual=_describe(actual),
                                              expected=_expected_kind(expected) if e.ndim else "a number"), path=path)
    if a.shape != e.shape:
        return Comparison(False, "shape", t("wrong_shape", where=where, actual=a.shape, expected=e.shape), path=path,
                          actual=a, expected=e)
    if not values:
        return Comparison(True)
    if e.dtype.kind == "b":
        if a.dtype.kind != "b" and not np.isin(a, (0, 1)).all():
            return Comparison(False, "type", t("wrong_type", where=where, actual=f"array of {a.dtype} values", expected="booleans"), path=path)
        a, e = a.astype(bool), e
        bad = a != e
        tol_error = bad.astype(float)
        abs_err = bad.astype(float)
    else:
        a64, e64 = a.astype(np.float64), e.astype(np.float64)
        finite_e = np.isfinite(e64)
        nonfinite = ~np.isfinite(a64) & finite_e
        if nonfinite.any():
            return Comparison(False, "nan", t("nan", count=int(nonfinite.sum())), path=path,
                              figures=_figures(nonfinite, nonfinite.astype(float), np.where(nonfinite, np.inf, 0.0), e64),
                              actual=a64, expected=e64, mask=nonfinite)
        with np.errstate(invalid="ignore", over="ignore"):
            abs_err = np.where(finite_e, np.abs(a64 - e64), np.where(a64 == e64, 0.0, np.inf))
            bad = ~np.isclose(a64, e64, rtol=check.rtol, atol=check.atol, equal_nan=True)
            tol_error = abs_err / (check.atol + check.rtol * np.abs(e64))
        a, e = a64, e64
    if not bad.any():
        return Comparison(True)
    figures = _figures(bad, tol_error, abs_err, e)
    return Comparison(False, "values", t("wrong_values", **{**figures, "worst": tuple(figures["worst"])}),
                      figures=figures, path=path, actual=np.asarray(a), expected=np.asarray(e), mask=np.asarray(bad))


def _figures(bad: np.ndarray, tol_error: np.ndarray, abs_err: np.ndarray, e: np.ndarray) -> dict:
    worst = np.unravel_index(int(np.nanargmax(np.where(np.isnan(tol_error), np.inf, tol_error))), bad.shape) if bad.size else ()
    with np.errstate(invalid="ignore", divide="ignore"):
        rel = abs_err / np.maximum(np.abs(e.astype(float)), REL_FLOOR)
    return {
        "mismatches": int(bad.sum()),
        "total": int(bad.size),
        "worst": [int(i) for i in worst],
        "max_abs": float(np.max(abs_err)) if abs_err.size else 0.0,
        "max_rel": float(np.max(rel)) if rel.size else 0.0,
    }
