"""What a public case shows a student, as text: its inputs by name, the expected and the actual answer.

A student compares these with their own call, so they read like Python: `w = [0., 0.]` with the
names from the function's signature (the reference's, trusted), a tuple answer by the names of
its elements (`w_new = …`, `b_new = …`), long arrays and dicts wrapped and indented, not one
unnamed tuple on one line. Hidden cases never get any of this (engine.py decides).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

WIDTH = 88  # characters per line before a value is wrapped
LIMIT = 1500  # characters per value; the rest is cut with " …"
INDENT = 4
MAX_DEPTH = 6  # nesting shown; deeper parts are "…" (a student's answer may nest deeply: layout must stay cheap)
MAX_ITEMS = 50  # items shown per container


def value_text(value, column: int = 0, base: int = 0, depth: int = 0) -> str:
    """One value as readable Python-like text that starts at `column` of a line indented by `base`."""
    if isinstance(value, (dict, list, tuple)) and depth >= MAX_DEPTH:
        return "…"
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return repr(value.item())
        return np.array2string(value, precision=5, threshold=40, edgeitems=3, suppress_small=True, separator=", ",
                               max_line_width=WIDTH, prefix=" " * column)
    if isinstance(value, dict):
        items = [(f"{_short_key(k)}: ", v) for k, v in list(value.items())[:MAX_ITEMS]]
        return _container("{", "}", items, column, base, depth, len(value) > MAX_ITEMS)
    if isinstance(value, (list, tuple)):
        close = ",)" if isinstance(value, tuple) and len(value) == 1 else ")" if isinstance(value, tuple) else "]"
        return _container("(" if isinstance(value, tuple) else "[", close, [("", v) for v in value[:MAX_ITEMS]],
                          column, base, depth, len(value) > MAX_ITEMS)
    if isinstance(value, np.generic):
        return repr(value.item())
    return _cut(repr(value))


def _short_key(key) -> str:
    text = repr(key)
    return text if len(text) <= 60 else text[:60] + "…"


def _container(open_: str, close: str, items: list[tuple[str, object]], column: int, base: int, depth: int,
               more: bool) -> str:
    """A dict, list or tuple on one line when it fits, else one item per line, indented under its line."""
    tail = [", …"] if more else []
    one = open_ + ", ".join(key + value_text(v, depth=depth + 1) for key, v in items) + "".join(tail) + close
    if "\n" not in one and column + len(one) <= WIDTH:
        return one
    inner = base + INDENT
    lines = [" " * inner + key + value_text(v, inner + len(key), inner, depth + 1) + "," for key, v in items]
    lines += [" " * inner + "…"] if more else []
    return open_ + "\n" + "\n".join(lines) + "\n" + " " * base + close.lstrip(",")


def _cut(text: str) -> str:
    return text if len(text) <= LIMIT else text[:LIMIT] + " …"


def named_text(names: Sequence[str], values: Sequence) -> str:
    """`name = value` per line, each value aligned after its name."""
    return "\n".join(_cut(f"{name} = " + value_text(value, len(name) + 3)) for name, value in zip(names, values))


def inputs_text(names: Sequence[str] | None, args: tuple, kwargs: dict) -> str:
    """A call's inputs by the parameter names; without names, as the tuple of arguments."""
    if names is None:
        return _cut(value_text((*args, kwargs) if kwargs else tuple(args)))
    return named_text([*names, *kwargs], [*args, *kwargs.values()])


def answer_text(value, names: Sequence[str] | None = None) -> str:
    """An answer; a tuple answer whose elements the exercise names, element by element."""
    if names and isinstance(value, (tuple, list)) and len(value) == len(names):
        return named_text(names, value)
    return _cut(value_text(value))
