# The self-contained checker of the otter export's tests (otter runs them without dlgrade).
# It mirrors dlgrade.compare (type, then shape, then values) and speaks the grader's
# messages (passed in as `messages`, the grader's texts in one language), with numpy only.
# dlgrade embeds this file in every test; it is never imported. (The sheets' own self-check
# runs the grader's modules themselves: dlgrade.sheets.selfcheck.)
def _dl_decode(value):
    """Plain JSON (as written by dlgrade.sheets.pack.encode) back to arrays, tuples, dicts."""
    import numpy as np

    if isinstance(value, list):
        return [_dl_decode(v) for v in value]
    if isinstance(value, dict):
        if "$a" in value:
            array = value["$a"]
            flat = [float(v) if isinstance(v, str) else v for v in array["flat"]]
            return np.array(flat, dtype=array["dtype"]).reshape(array["shape"])
        if "$t" in value:
            return tuple(_dl_decode(v) for v in value["$t"])
        if "$d" in value:
            return {k: _dl_decode(v) for k, v in value["$d"]}
        if "$f" in value:
            return float(value["$f"])
    return value


def _dl_plain(value):
    """Tensors and numpy scalars as arrays, containers element by element."""
    import numpy as np

    if type(value).__module__.startswith("torch") and hasattr(value, "detach"):
        return value.detach().cpu().numpy()
    if isinstance(value, np.generic):
        return np.asarray(value)
    if isinstance(value, tuple):
        return tuple(_dl_plain(v) for v in value)
    if isinstance(value, list):
        return [_dl_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _dl_plain(v) for k, v in value.items()}
    return value


def _dl_compare(actual, expected, rtol, atol, messages, path=""):
    """None when `actual` matches `expected`, else the grader's message saying what differs."""

    import numpy as np

    where = " " + path if path else ""

    def kind(value):
        if isinstance(value, np.ndarray):
            return f"array {value.shape}"
        if isinstance(value, (tuple, list)):
            return f"{type(value).__name__} of {len(value)}"
        return type(value).__name__

    def describe(value):
        if value is None:
            return "None"
        if isinstance(value, np.ndarray):
            return f"array {value.shape} {value.dtype}"
        return type(value).__name__

    if actual is None and expected is not None:
        return messages["returned_none"]
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return messages["wrong_type"].format(where=where, actual=describe(actual), expected="dict")
        if set(actual) != set(expected):
            return messages["wrong_keys"].format(where=where, actual=sorted(actual), expected=sorted(expected))
        for key in expected:
            problem = _dl_compare(actual[key], expected[key], rtol, atol, messages, f"{path}[{key!r}]")
            if problem:
                return problem
        return None
    if isinstance(expected, (tuple, list)):
        seq = list(actual) if isinstance(actual, np.ndarray) and actual.ndim == 1 else actual
        if not isinstance(seq, (tuple, list)):
            return messages["wrong_type"].format(where=where, actual=describe(actual), expected=kind(expected))
        if len(seq) != len(expected):
            return messages["wrong_length"].format(where=where, actual=len(seq), expected=len(expected))
        for i, (a, e) in enumerate(zip(seq, expected)):
            problem = _dl_compare(a, e, rtol, atol, messages, f"{path}[{i}]")
            if problem:
                return problem
        return None
    if expected is None:
        return None if actual is None else messages["wrong_type"].format(where=where, actual=describe(actual), expected="None")
    if isinstance(expected, str):
        if actual == expected:
            return None
        return messages["wrong_type"].format(where=where, actual=repr(actual)[:60], expected=repr(expected))
    e = np.asarray(expected)
    a = None
    if not isinstance(actual, (str, dict)) and actual is not None:
        try:
            a = np.asarray(actual)
        except (ValueError, TypeError):
            a = None
    if a is None or a.dtype.kind not in "biuf":
        wanted = kind(expected) if e.ndim else "a number"
        return messages["wrong_type"].format(where=where, actual=describe(actual), expected=wanted)
    if a.shape != e.shape:
        return messages["wrong_shape"].format(where=where, actual=a.shape, expected=e.shape)
    if e.dtype.kind == "b":
        if a.dtype.kind != "b" and not np.isin(a, (0, 1)).all():
            return messages["wrong_type"].format(where=where, actual=f"array of {a.dtype} values", expected="booleans")
        bad = a.astype(bool) != e
        abs_err = bad.astype(float)
        tol_err = abs_err
        e64 = e.astype(float)
    else:
        a64, e64 = a.astype(np.float64), e.astype(np.float64)
        finite = np.isfinite(e64)
        nonfinite = ~np.isfinite(a64) & finite
        if nonfinite.any():
            return messages["nan"].format(count=int(nonfinite.sum()))
        with np.errstate(invalid="ignore", over="ignore"):
            abs_err = np.where(finite, np.abs(a64 - e64), np.where(a64 == e64, 0.0, np.inf))
            bad = ~np.isclose(a64, e64, rtol=rtol, atol=atol, equal_nan=True)
            tol_err = abs_err / (atol + rtol * np.abs(e64))
    if not bad.any():
        return None
    worst = np.unravel_index(int(np.nanargmax(np.where(np.isnan(tol_err), np.inf, tol_err))), bad.shape) if bad.size else ()
    scale = np.abs(e64)
    with np.errstate(invalid="ignore", divide="ignore"):
        rel = abs_err[scale > 0] / scale[scale > 0]  # relative to an expected 0 says nothing
    figures = dict(mismatches=int(bad.sum()), total=int(bad.size), worst=tuple(int(i) for i in worst),
                   max_abs=float(np.max(abs_err)))
    if not rel.size:
        return messages["wrong_values_absolute"].format(**figures)
    return messages["wrong_values"].format(max_rel=float(np.max(rel)), **figures)


def _dl_run(fn, case, harness, messages, compare):
    """Call `fn` on one encoded case; (passed, message) in the grader's words."""
    import copy

    if not callable(fn):
        return False, messages["missing_function"].format(function=case["function"])
    args, kwargs = copy.deepcopy(_dl_decode(case["args"])), copy.deepcopy(_dl_decode(case["kwargs"]))
    try:
        if case.get("harness"):
            value = harness[case["harness"]](fn, *args, **kwargs)
        else:
            value = fn(*args, **kwargs)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # the answer is the exception, whatever it is
        mro = [c.__name__ for c in type(exc).__mro__]
        text = str(exc)[:300]
        if case.get("raises"):
            if case["raises"] in mro:
                return True, messages["passed"]
            return False, messages["raised_wrong"].format(expected=case["raises"], actual=mro[0], message=text)
        if isinstance(exc, NotImplementedError):
            return False, messages["not_implemented"]
        if isinstance(exc, SystemExit):
            return False, messages["system_exit"]
        return False, messages["raised"].format(type=mro[0], message=text)
    if case.get("raises"):
        return False, messages["should_raise"].format(expected=case["raises"])
    problem = compare(_dl_plain(value), _dl_decode(case["expected"]), case["rtol"], case["atol"], messages)
    return problem is None, problem or messages["passed"]
