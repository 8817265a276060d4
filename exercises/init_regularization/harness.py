"""Worker-side wrapper for the seed cases of `initialize`: one case, several calls.

`initialize_with_seeds` calls the function under test once per seed and returns the raw
arrays, copied right after each call (so a function that reuses one buffer cannot make an
earlier answer change). Whether two seeds differ, or one seed repeats its draw, is decided by
the trusted parent on these arrays, never here.

The same code runs in the sandboxed worker (with the student's function) and in the trusted
parent (with the reference), so it imports only the standard library and numpy.
"""
import numpy as np


def _snapshot(value):
    """A copy of an answer that later calls cannot change (torch tensors stay tensors)."""
    if type(value).__module__.startswith("torch") and hasattr(value, "detach"):
        return value.detach().clone()
    if isinstance(value, np.ndarray):
        return value.copy()
    return value


def initialize_with_seeds(fn, shape, kind, seeds):
    """[fn(shape, kind, seed) for seed in seeds], each answer copied as it comes."""
    return [_snapshot(fn(tuple(shape), kind, int(seed))) for seed in seeds]
