"""Pictures for the HTML report, as inline SVG drawn with `svg.py` (milliseconds, no matplotlib).

Three kinds of picture, each only where it shows something the numbers beside it do not:

- an exercise's own picture: `exercises/<id>/pictures.py` may define
  `picture(fig, case, lang) -> str | None` that draws into an `svg.Figure` and returns its
  caption (None: nothing worth drawing). `case` holds a PUBLIC case's decoded `function`,
  `args`, `kwargs`, `expected`, `actual`, `status`, `name`, and where values differ `path` (the
  failing element of a tuple or dict answer) and `mismatch` (its bool mask). It replaces the
  heat map: it is the more specific picture of the same answer;
- a heat map of where a 2-D-or-more array answer differs: the absolute error for a public case
  (a colour scale from 0), only the mismatch mask (positions, no values) for a hidden one;
- a bar of a timed case's speed ratio against its budget.

Every drawing is guarded: a picture that cannot be drawn is left out, never an error.
"""
from __future__ import annotations

import importlib
import math
import sys
from dataclasses import dataclass
from numbers import Real

import numpy as np
from markupsafe import Markup

from ..catalog import EXERCISES
from ..i18n import number, text, word
from ..model import CaseResult
from .svg import INK, MUTED, Figure, Panel, ramp

MAX_BLOCKS = 48  # a heat map shows at most 48 x 48 cells; a larger array is pooled into blocks
MAX_MARKED = 400  # cells: up to this many, every differing cell is marked and has a tooltip
CELL_PX = (6, 30)  # the smallest and largest cell of a heat map, in px
WRONG, RIGHT, FAST, SLOW = "#d62728", "#e3ece3", "#2ca02c", "#d62728"


@dataclass
class Picture:
    caption: str
    svg: Markup


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
    fig = Figure(720, 320, lang)
    view = {"function": case.function, "name": case.name, "status": case.status, "args": values.get("args", ()),
            "kwargs": values.get("kwargs", {}), "expected": values.get("expected"), "actual": values.get("actual"),
            "path": values.get("path"), "mismatch": case.mismatch}
    caption = module.picture(fig, view, lang)
    return Picture(caption, fig.render(caption)) if caption and fig.panels else None


def _as_2d(array: np.ndarray) -> np.ndarray:
    return array.reshape(-1, array.shape[-1]) if array.ndim > 2 else array


def _edges(n: int) -> list[int]:
    """Block boundaries that split n indices into at most MAX_BLOCKS nearly equal blocks."""
    blocks = min(n, MAX_BLOCKS)
    return [round(k * n / blocks) for k in range(blocks + 1)]


def _pool(array: np.ndarray, rows: list[int], cols: list[int]) -> np.ndarray:
    """The largest entry of every block (nan where a block holds a nan: not finite wins)."""
    out = np.empty((len(rows) - 1, len(cols) - 1), dtype=array.dtype)
    for i in range(len(rows) - 1):
        for j in range(len(cols) - 1):
            out[i, j] = array[rows[i]:rows[i + 1], cols[j]:cols[j + 1]].max()
    return out


def _frame(mask: np.ndarray, lang: str, flattened: bool) -> tuple[Figure, Panel, list[int], list[int]]:
    """A figure sized to the matrix and its one panel, with the block edges of rows and columns."""
    rows, cols = _edges(mask.shape[0]), _edges(mask.shape[1])
    cell = min(max(min(520 / (len(cols) - 1), 380 / (len(rows) - 1)), CELL_PX[0]), CELL_PX[1])
    fig = Figure(min(720, (len(cols) - 1) * cell + 230), (len(rows) - 1) * cell + 70, lang)
    ax = fig.panel(xlabel=word('pictures.column', lang),
                   ylabel=word('pictures.row', lang) + (f" ({word('pictures.flattened', lang)})" if flattened else ""))
    return fig, ax, rows, cols


def heat_map(case: CaseResult, lang: str) -> Picture | None:
    """Where a 2-D-or-more array answer differs; a hidden case shows positions only."""
    mask = case.mismatch
    if case.status != "failed" or mask is None or mask.ndim < 2 or not mask.any():
        return None
    flattened = mask.ndim > 2
    mask = _as_2d(np.asarray(mask, dtype=bool))
    values = case.values or {}
    actual, expected = values.get("actual_leaf"), values.get("expected_leaf")
    public = case.public and isinstance(actual, np.ndarray) and isinstance(expected, np.ndarray) \
        and actual.shape == expected.shape and actual.size == mask.size
    if not public and mask.all():
        return None  # "every value differs" is in the figures already; an all-red square adds nothing
    path = f" {values['path']}" if values.get("path") else ""
    fields = {"path": path, "n": int(mask.sum()), "total": mask.size}
    fig, ax, rows, cols = _frame(mask, lang, flattened)
    block = {"rows": int(max(np.diff(rows))), "cols": int(max(np.diff(cols)))}
    if public:
        marked = _error_cells(ax, mask, _as_2d(actual).reshape(mask.shape), _as_2d(expected).reshape(mask.shape),
                              rows, cols, lang)
        notes = [text('pictures.heat_public', **fields), text('pictures.marked') if marked else None,
                 text('pictures.pooled_error', **block) if block != {"rows": 1, "cols": 1} else None]
    else:
        ax.cells([[WRONG if m else RIGHT for m in row] for row in _pool(mask, rows, cols)], rows=rows, cols=cols)
        ax.key(word('pictures.differs', lang), "rect", WRONG).key(word('pictures.matches', lang), "rect", RIGHT)
        ax.legend_at = "outside"
        notes = [text('pictures.heat_hidden', **fields),
                 text('pictures.pooled_mask', **block) if block != {"rows": 1, "cols": 1} else None]
    caption = " ".join(note[lang] for note in notes if note)
    return Picture(caption, fig.render(caption))


def _error_cells(ax: Panel, mask: np.ndarray, actual: np.ndarray, expected: np.ndarray, rows: list[int], cols: list[int],
                 lang: str) -> bool:
    """|actual - expected| per cell on a scale from 0; differing cells marked with × (True) where few enough."""
    with np.errstate(invalid="ignore", over="ignore"):
        error = np.abs(actual.astype(float) - expected.astype(float))
    error = np.where(np.isfinite(error), error, np.inf)
    pooled = _pool(error, rows, cols)
    finite = pooled[np.isfinite(pooled)]
    top = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    colours = [[ramp(v / top) if math.isfinite(v) else ramp(math.nan) for v in row] for row in pooled]
    titles = None
    if pooled.size <= MAX_MARKED:
        titles = [[f"({i}, {j}): {number(v, lang, '.3g')}" for j, v in enumerate(row)] for i, row in enumerate(pooled)]
    ax.cells(colours, titles=titles, rows=rows, cols=cols)
    ax.colour_bar(0.0, top, label="|" + word('pictures.actual_minus_expected', lang) + "|")
    if not np.isfinite(pooled).all():
        ax.key(word('pictures.not_finite', lang), "rect", ramp(math.nan))
        ax.legend_at = "outside"
    marked = _pool(mask, rows, cols)
    if marked.size > MAX_MARKED:
        return False
    ys, xs = np.nonzero(marked)
    ax.points([(cols[j] + cols[j + 1] - 1) / 2 for j in xs], [(rows[i] + rows[i + 1] - 1) / 2 for i in ys],
              "#0077bb", marker="cross", size=4)
    return True


def speed_bar(case: CaseResult, lang: str) -> Picture | None:
    """A timed case's median ratio to the reference against its budget (log scale for wide ranges)."""
    timing = case.timing or {}
    ratio, budget = timing.get("ratio"), timing.get("budget")
    if not all(isinstance(v, Real) and not isinstance(v, bool) and math.isfinite(v) and v > 0 for v in (ratio, budget)):
        return None  # no ratio (a wrong or crashed timed answer): no bar to draw
    ratio, budget = float(ratio), float(budget)
    fig = Figure(680, 120, lang)
    ax = fig.panel(xlabel=word('pictures.ratio_axis', lang))
    top = max(ratio, budget) * 1.6
    ax.x.log = top > 30
    ax.x.limits(min(0.5, ratio * 0.8) if ax.x.log else 0.0, top)
    ax.x.suffix = "×"
    ax.y.limits(-0.6, 0.8)
    ax.y.hidden = True
    ax.rect(ax.x.lo, -0.25, ratio, 0.25, FAST if ratio <= budget else SLOW)
    ax.vline(1.0, MUTED, 1, "2 3").vline(budget, INK, 1.5, "6 4")
    ax.text(budget, 0.5, text('pictures.budget', budget=budget)[lang], dx=5, dy=4, colour=INK)
    ax.text(ratio, 0, number(ratio, lang, ".3g") + "×", dx=5, dy=4, bold=True)
    device = timing.get("device_name") or timing.get("device")
    caption = text('pictures.speed', ratio=ratio, budget=budget)[lang] + (f" ({device})" if device else "")
    return Picture(caption, fig.render(caption))


def case_pictures(case: CaseResult, lang: str) -> list[Picture]:
    """Every picture that helps with this case; [] when there is nothing to look at."""
    pictures = []
    for draw in (exercise_picture, heat_map, speed_bar):
        if draw is heat_map and pictures:
            continue  # the exercise's own picture already shows this answer
        try:
            picture = draw(case, lang)
        except Exception as exc:  # a picture is a nicety: leave it out, say so on stderr
            print(f"dlgrade: picture {draw.__name__} for {case.name!r} left out: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
            continue
        if picture:
            pictures.append(picture)
    return pictures

