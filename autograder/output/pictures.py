"""Pictures for the HTML report, drawn with matplotlib and returned as base64 PNG data URIs.

matplotlib is imported only when a picture is actually drawn, so grading a correct
submission never pays for it. Three kinds of picture:

- an exercise's own picture: `exercises/<id>/pictures.py` may define
  `picture(fig, case, lang) -> str | None` that draws into a matplotlib Figure and returns
  its caption (None: nothing to draw). `case` holds a PUBLIC case's decoded `function`,
  `args`, `kwargs`, `expected`, `actual`, `status`, `name`;
- a heat map of where a 2-D-or-more array answer differs: the absolute error for a public
  case, only the mismatch mask (positions, no values) for a hidden one;
- a bar of a timed case's speed ratio against its budget.

Every drawing is guarded: a picture that cannot be drawn is left out, never an error.
"""
from __future__ import annotations

import base64
import importlib
import io
import sys
from dataclasses import dataclass
from numbers import Real

import numpy as np

from ..catalog import EXERCISES
from ..i18n import word
from ..model import CaseResult

MAX_CELLS = 250_000  # larger answers get no heat map: the PNG would not show single cells anyway


@dataclass
class Picture:
    caption: str
    data_uri: str


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _encode(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _exercise_module(exercise_id: str):
    """`exercises/<id>/pictures.py` if the exercise has one (public, trusted content)."""
    if not exercise_id.isidentifier() or not (EXERCISES / exercise_id / "pictures.py").exists():
        return None
    return importlib.import_module(f"dlgrade.exercises.{exercise_id}.pictures")


def exercise_picture(case: CaseResult, lang: str) -> Picture | None:
    """The exercise's own picture of a wrong public answer, if it defines one."""
    values = case.values or {}
    if not case.public or case.status != "failed" or values.get("actual") is None:
        return None
    module = _exercise_module(case.exercise)
    if module is None or not hasattr(module, "picture"):
        return None
    fig = _figure(8.0, 3.6)
    view = {"function": case.function, "name": case.name, "status": case.status, "args": values.get("args", ()),
            "kwargs": values.get("kwargs", {}), "expected": values.get("expected"), "actual": values.get("actual")}
    caption = module.picture(fig, view, lang)
    return Picture(caption, _encode(fig)) if caption else None


def _as_2d(array: np.ndarray) -> np.ndarray:
    return array.reshape(-1, array.shape[-1]) if array.ndim > 2 else array


def heat_map(case: CaseResult, lang: str) -> Picture | None:
    """Where a 2-D-or-more array answer differs; a hidden case shows positions only."""
    mask = case.mismatch
    if case.status != "failed" or mask is None or mask.ndim < 2 or mask.size > MAX_CELLS or not mask.any():
        return None
    mask = _as_2d(np.asarray(mask, dtype=bool))
    values = case.values or {}
    actual, expected = values.get("actual_leaf"), values.get("expected_leaf")
    public = case.public and isinstance(actual, np.ndarray) and isinstance(expected, np.ndarray) \
        and actual.shape == expected.shape and actual.size == mask.size
    if not public and mask.all():
        return None  # "every value differs" is in the figures already; an all-red square adds nothing
    rows, cols = mask.shape
    fig = _figure(min(8.0, 2.5 + cols * 0.25), min(6.0, 1.6 + rows * 0.25))
    ax = fig.add_subplot()
    path = f" {values['path']}" if values.get("path") else ""
    if public:
        with np.errstate(invalid="ignore", over="ignore"):
            error = np.abs(_as_2d(actual).astype(float) - _as_2d(expected).astype(float))
        error = np.where(np.isfinite(error), error, np.nan)
        image = ax.imshow(error, cmap="magma_r", interpolation="nearest", aspect="auto")
        fig.colorbar(image, ax=ax, shrink=0.85, label="|" + word('pictures.actual_minus_expected', lang) + "|")
        if mask.size <= 400:
            ys, xs = np.nonzero(mask)
            ax.scatter(xs, ys, marker="x", s=36, c="#00c8ff", linewidths=2)
        caption = word('pictures.heat_public', lang).format(path=path, n=int(mask.sum()), total=mask.size)
    else:
        from matplotlib.colors import ListedColormap

        ax.imshow(mask.astype(float), cmap=ListedColormap(["#e8efe8", "#d62728"]), vmin=0, vmax=1,
                  interpolation="nearest", aspect="auto")
        caption = word('pictures.heat_hidden', lang).format(path=path, n=int(mask.sum()), total=mask.size)
    ax.set_xlabel(word('pictures.column', lang))
    ax.set_ylabel(word('pictures.row', lang) + (" (" + word('pictures.flattened', lang) + ")" if case.mismatch.ndim > 2 else ""))
    if rows <= 20:
        ax.set_yticks(range(rows))
    if cols <= 20:
        ax.set_xticks(range(cols))
    return Picture(caption, _encode(fig))


def speed_bar(case: CaseResult, lang: str) -> Picture | None:
    """A timed case's median ratio to the reference against its budget."""
    timing = case.timing or {}
    ratio, budget = timing.get("ratio"), timing.get("budget")
    if not isinstance(ratio, Real) or not isinstance(budget, Real) or ratio <= 0 or budget <= 0:
        return None
    from matplotlib.ticker import FuncFormatter

    fig = _figure(7.0, 1.9)
    ax = fig.add_subplot()
    ok = ratio <= budget
    ax.barh([0], [ratio], color="#2ca02c" if ok else "#d62728", height=0.5)
    ax.axvline(budget, color="#333", linestyle="--", linewidth=1.5)
    ax.axvline(1.0, color="#888", linestyle=":", linewidth=1)
    top = max(ratio, budget) * 1.6
    if top > 30:
        ax.set_xscale("log")
        ax.set_xlim(min(0.5, ratio * 0.8), top)
    else:
        ax.set_xlim(0, top)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}×"))
    ax.set_ylim(-0.55, 0.75)
    ax.set_yticks([])
    ax.set_xlabel(word('pictures.ratio_axis', lang))
    ax.text(budget, 0.5, " " + word('pictures.budget', lang).format(budget=budget), va="center", fontsize=9)
    ax.text(ratio, 0, f" {ratio:.3g}×", va="center", fontsize=10, fontweight="bold")
    device = timing.get("device_name") or timing.get("device")
    caption = word('pictures.speed', lang).format(ratio=ratio, budget=budget) + (f" ({device})" if device else "")
    return Picture(caption, _encode(fig))


def case_pictures(case: CaseResult, lang: str) -> list[Picture]:
    """Every picture that helps with this case; [] when there is nothing to look at."""
    pictures = []
    for draw in (exercise_picture, heat_map, speed_bar):
        try:
            picture = draw(case, lang)
        except Exception as exc:  # a picture is a nicety: leave it out, say so on stderr
            print(f"dlgrade: picture {draw.__name__} for {case.name!r} left out: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
            continue
        if picture:
            pictures.append(picture)
    return pictures
