"""The vocabulary an exercise is written in: cases, known mistakes, timed cases.

Exercises (in `exercises/` and `solutions/`) only build these objects; the engine decides
how to run and compare them. Everything here is plain data plus callables of the
trusted side (reference, generators, custom checks): nothing of it crosses into the sandbox
except a case's inputs.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Texts = dict[str, str]  # language code ("de", "en") -> text

_MISSING = object()


@dataclass(frozen=True)
class Check:
    """How an answer is compared with the expected value.

    `rtol`/`atol` as in numpy.isclose. `custom(actual, expected, case)` may replace the
    value comparison: it gets the decoded answer and returns None when it is right or a
    message dict {"de": ..., "en": ...} saying what is wrong. Types and shapes are always
    checked first by the engine unless `custom_only` is set.
    """

    rtol: float = 1e-6
    atol: float = 1e-9
    custom: Callable[[Any, Any, Case], Texts | None] | None = None
    custom_only: bool = False


@dataclass(frozen=True)
class Case:
    """One call of one student function on one input, worth `points`.

    `expected` may be given literally (worked examples); otherwise the reference computes it.
    `name` is the case's stable id (English); what a student reads as its title comes from
    the exercise's `texts.<lang>.toml`, table `[cases]`, keyed by the name.
    `raises` names an exception class the call must raise (e.g. "ValueError").
    `harness` names a function in `exercises/<id>/harness.py` that wraps the call on both
    sides (for inputs that are not plain arrays, e.g. a torch critic).
    """

    function: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    name: str = ""
    points: float = 1.0
    check: Check = Check()
    expected: Any = _MISSING
    raises: str | None = None
    harness: str | None = None
    title: Texts = field(default_factory=dict)  # filled in from texts.<lang>.toml
    timeout: float | None = None

    @property
    def has_literal_expected(self) -> bool:
        return self.expected is not _MISSING

    def named(self, name: str) -> Case:
        return dataclasses.replace(self, name=name)


@dataclass(frozen=True)
class PerfCase:
    """A timed case: the submission must run within `budget` times the reference.

    `make_inputs(rng, device)` returns (args, kwargs) sized so the reference takes a
    measurable time; it is called afresh for every repetition so caching cannot help.
    Budgets are ratios, never seconds: `cpu_budget` on the CPU, `cuda_budget` on a GPU.
    The budget belongs in the wide gap between a vectorised answer (about 1-5x) and a loop.
    """

    function: str
    make_inputs: Callable
    name: str = ""
    points: float = 1.0
    cpu_budget: float = 5.0
    cuda_budget: float = 5.0
    repetitions: int = 7
    check: Check = Check(rtol=1e-5, atol=1e-7)
    cuda_inputs: bool = False  # on a GPU, pass array inputs as CUDA tensors and time with CUDA events
    title: Texts = field(default_factory=dict)


@dataclass(frozen=True)
class Mistake:
    """A misconception students really have, as a small variant of the reference.

    `functions` maps a function name to its wrong version; the variant is the reference
    module with these replaced, so internal calls pick up the mistake too. `diagnosis`
    says what went wrong, `hint` points to the lecture without giving the solution (both
    filled in from the exercise's texts when the exercise is loaded).
    """

    id: str
    functions: dict[str, Callable]
    diagnosis: Texts
    hint: Texts = field(default_factory=dict)


class MistakeRegistry:
    """Collects mistakes in a `solutions/<id>/mistakes.py` module via a decorator.

    Usage::

        known = MistakeRegistry()

        @known.mistake("ceil_not_floor")
        def conv_output_size(n, k, padding=0, stride=1, dilation=1):
            ...

    The decorated function keeps the name of the function it replaces. Decorating two
    functions with the same id makes one mistake that replaces both. Mistake functions
    may use only names that the reference module defines or imports: the variant is built
    in the reference's namespace. What the student reads about the mistake (its diagnosis
    and hint) is in `solutions/<id>/texts.<lang>.toml` under `[mistakes.<id>]`.
    """

    def __init__(self) -> None:
        self._mistakes: dict[str, Mistake] = {}

    def mistake(self, id: str):
        def register(fn: Callable) -> Callable:
            old = self._mistakes.get(id)
            functions = dict(old.functions) if old else {}
            functions[fn.__name__] = fn
            self._mistakes[id] = Mistake(id, functions, {})
            return fn

        return register

    def __iter__(self):
        return iter(self._mistakes.values())

    def __len__(self) -> int:
        return len(self._mistakes)
