"""Finding and loading exercises and sheets from `exercises/` and `solutions/`.

The engine knows an exercise only through this interface, so adding one touches the two
content folders and nothing here.
"""
from __future__ import annotations

import ast
import dataclasses
import functools
import importlib
import importlib.util
import inspect
import os
import textwrap
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any

import numpy as np

from .errors import UnknownExercise
from .i18n import Catalog
from .spec import Case, Mistake, PerfCase, Texts


def _package_folder(name: str) -> Path:
    """Where an installed content package lives (the repository folder in an editable install)."""
    try:
        return Path(importlib.import_module(name).__file__).resolve().parent
    except ImportError:  # a student's install without solutions/
        return Path(__file__).resolve().parent / name.rsplit(".", 1)[-1]


EXERCISES = _package_folder("dlgrade.exercises")
SOLUTIONS = _package_folder("dlgrade.solutions")
TEMPLATES = _package_folder("dlgrade.templates")
ROOT = EXERCISES.parent  # the repository (editable install) or site-packages/dlgrade
STATE_DIR = Path(os.environ.get("DLGRADE_STATE", Path.home() / ".local" / "state" / "dlgrade"))  # the grader's secret


def has_solutions() -> bool:
    """Whether this installation can grade: a student's package ships without `dlgrade.solutions`."""
    return importlib.util.find_spec("dlgrade.solutions") is not None


@dataclass(eq=False)
class Exercise:
    id: str
    title: Texts
    functions: list[str]
    lecture: Texts = field(default_factory=dict)
    needs_torch: bool = False
    forbidden: dict[str, list[str]] = field(default_factory=dict)  # function (or "*") -> library routines it may not use
    returns: dict[str, list[str]] = field(default_factory=dict)  # function -> the names of its tuple answer's elements

    @property
    def folder(self) -> Path:
        return EXERCISES / self.id

    @property
    def solution_folder(self) -> Path:
        return SOLUTIONS / self.id

    @property
    def stub_path(self) -> Path:
        return self.folder / "stub.py"

    @functools.cached_property
    def texts(self) -> Catalog:
        """What students may read: the title, the lecture reference, public case titles, words."""
        return Catalog(self.folder)

    @functools.cached_property
    def hidden_texts(self) -> Catalog:
        """Hidden and timed case titles, the known mistakes' diagnoses and hints."""
        return Catalog(self.solution_folder)

    def statement(self, lang: str) -> str:
        return (self.folder / f"statement.{lang}.md").read_text(encoding="utf-8")

    @functools.cached_property
    def reference(self) -> ModuleType:
        return importlib.import_module(f"dlgrade.solutions.{self.id}.reference")

    @functools.cached_property
    def harness(self) -> ModuleType | None:
        if not (self.folder / "harness.py").exists():
            return None
        return importlib.import_module(f"dlgrade.exercises.{self.id}.harness")

    @property
    def harness_path(self) -> Path | None:
        path = self.folder / "harness.py"
        return path if path.exists() else None

    def public_cases(self) -> list[Case]:
        module = importlib.import_module(f"dlgrade.exercises.{self.id}.public")
        return _name_cases(list(module.CASES), "public", self.texts.table("cases"))

    def hidden_cases(self, seed: int) -> list[Case]:
        module = importlib.import_module(f"dlgrade.solutions.{self.id}.hidden")
        return _name_cases(list(module.cases(np.random.default_rng(seed))), "hidden", self._hidden_titles)

    def perf_cases(self) -> list[PerfCase]:
        module = importlib.import_module(f"dlgrade.solutions.{self.id}.hidden")
        titles = self._hidden_titles
        return [dataclasses.replace(p, title=titles.get(p.name or f"speed: {p.function}", {}))
                for p in getattr(module, "PERF", [])]

    @functools.cached_property
    def _hidden_titles(self) -> dict[str, Texts]:
        return {**self.texts.table("cases"), **self.hidden_texts.table("cases")}

    @functools.cached_property
    def mistakes(self) -> list[Mistake]:
        try:
            module = importlib.import_module(f"dlgrade.solutions.{self.id}.mistakes")
        except ModuleNotFoundError:
            return []
        return [dataclasses.replace(m, diagnosis=self.hidden_texts.get(f"mistakes.{m.id}.diagnosis") or {},
                                    hint=self.hidden_texts.get(f"mistakes.{m.id}.hint") or {}) for m in module.known]

    def reference_source(self) -> str:
        return (self.solution_folder / "reference.py").read_text(encoding="utf-8")

    def variant_source(self, mistake: Mistake) -> str:
        """The reference with the mistake's functions replaced, as one module's source."""
        parts = [self.reference_source()]
        parts += [function_source(fn) for fn in mistake.functions.values()]
        return "\n\n".join(parts) + "\n"

    @functools.cache
    def variant(self, mistake_id: str) -> dict[str, Any]:
        """The namespace of a mistake's variant module (trusted code, run in the parent)."""
        mistake = next(m for m in self.mistakes if m.id == mistake_id)
        namespace: dict[str, Any] = {"__name__": f"variant_{self.id}_{mistake_id}"}
        exec(compile(self.variant_source(mistake), namespace["__name__"], "exec"), namespace)
        return namespace

    def touches(self, mistake_id: str, function: str) -> bool:
        """Whether the mistake can change what `function` computes: it replaces the function, or one
        that the reference's function uses, directly or through others. On the cases of a function it
        cannot change, the variant gives the reference's answer, so the diagnosis need not run it."""
        return function in self._reach(mistake_id)

    @functools.cache
    def _reach(self, mistake_id: str) -> frozenset[str]:
        mistake = next(m for m in self.mistakes if m.id == mistake_id)
        uses = _uses(self.reference)
        reached = set(mistake.functions) | {fn.__name__ for fn in mistake.functions.values()}
        if any(DYNAMIC & names for names in uses.values()):
            return frozenset(uses) | reached  # a name looked up at run time could be any of them
        while True:
            more = {name for name, names in uses.items() if name not in reached and names & reached}
            if not more:
                return frozenset(reached)
            reached |= more

    def paired_cases(self, seed: int) -> list[tuple[Case, bool]]:
        """The correctness cases in grading order, each with whether it is public."""
        return [(c, True) for c in self.public_cases()] + [(c, False) for c in self.hidden_cases(seed)]

    def max_points(self, seed: int = 0) -> float:
        return sum(c.points for c, _ in self.paired_cases(seed)) + sum(p.points for p in self.perf_cases())


DYNAMIC = frozenset({"globals", "vars", "eval", "exec", "getattr", "__import__"})  # names that reach others at run time


def _uses(module: ModuleType) -> dict[str, set[str]]:
    """The global names each function and class defined in `module` uses (nested code included)."""
    def names(code: CodeType) -> set[str]:
        found = set(code.co_names)
        for const in code.co_consts:
            if isinstance(const, CodeType):
                found |= names(const)
        return found

    uses: dict[str, set[str]] = {}
    for name, value in vars(module).items():
        if inspect.isfunction(value) and value.__module__ == module.__name__:
            uses[name] = names(value.__code__)
        elif inspect.isclass(value) and value.__module__ == module.__name__:
            uses[name] = set().union(*(names(v.__code__) for v in vars(value).values() if inspect.isfunction(v)))
    return uses


def function_source(fn: Callable) -> str:
    """A function's source without its decorators (mistakes are registered by decorator)."""
    source = textwrap.dedent(inspect.getsource(fn))
    node = ast.parse(source).body[0]
    lines = source.splitlines()
    return "\n".join(lines[node.lineno - 1 : node.end_lineno])


def _name_cases(cases: list[Case], prefix: str, titles: dict[str, Texts]) -> list[Case]:
    """Unique names (a repeated one gets its position) and each case's title in every language."""
    named, seen = [], set()
    for i, case in enumerate(cases, 1):
        base = case.name or f"{prefix} {i}: {case.function}"
        name, suffix = base, ""
        if name in seen:
            suffix = f" #{i}"
            name += suffix
        seen.add(name)
        title = {lang: text + suffix for lang, text in titles.get(base, {}).items()}
        named.append(dataclasses.replace(case, name=name, title=title))
    return named


@functools.cache
def load_exercise(exercise_id: str) -> Exercise:
    meta_path = EXERCISES / exercise_id / "exercise.toml"
    if not exercise_id.isidentifier() or not meta_path.exists():
        raise UnknownExercise(exercise_id)
    meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    texts = Catalog(meta_path.parent)
    return Exercise(
        id=exercise_id,
        title=texts.get("title") or {"en": exercise_id},
        functions=list(meta["functions"]),
        lecture=texts.get("lecture") or {},
        needs_torch=bool(meta.get("needs_torch", False)),
        forbidden={name: list(apis) for name, apis in meta.get("forbidden", {}).items()},
        returns={name: [str(n) for n in names] for name, names in meta.get("returns", {}).items()},
    )


def exercise_ids() -> list[str]:
    return sorted(p.parent.name for p in EXERCISES.glob("*/exercise.toml"))


@dataclass
class Sheet:
    id: str
    title: Texts
    exercises: list[str]
    points: dict[str, float] = field(default_factory=dict)
    due: str | None = None
    rounding: str = "0.01"  # the step points are rounded to for people (grading/points.py): "0.01", "0.5", ...


def sheet_ids() -> list[str]:
    return sorted(p.stem for p in EXERCISES.glob("sheet*.toml"))


@functools.cache
def load_sheet(sheet_id: str) -> Sheet:
    path = EXERCISES / f"{sheet_id}.toml"
    if not sheet_id.isidentifier() or not path.exists():
        raise UnknownExercise(sheet_id)
    meta = tomllib.loads(path.read_text(encoding="utf-8"))
    return Sheet(
        id=sheet_id,
        title=meta["title"],
        exercises=list(meta["exercises"]),
        points={k: float(v) for k, v in meta.get("points", {}).items()},
        due=meta.get("due"),
        rounding=str(meta.get("rounding", "0.01")),
    )


def resolve(target: str) -> list[Exercise]:
    """An exercise id or a sheet id -> the exercises to grade."""
    if (EXERCISES / f"{target}.toml").exists():
        return [load_exercise(e) for e in load_sheet(target).exercises]
    return [load_exercise(target)]
