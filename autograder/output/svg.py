"""Small SVG charts for the reports: axes with nice ticks, lines, points, rectangles (bars, heat-map
cells), text, a legend and a colour bar; written by `templates/pictures/figure.svg.j2`.

Why not matplotlib: importing it and drawing two PNGs took about 3 of the 4 s of a graded report.
These pictures are a few dozen shapes: computing their pixel coordinates here and writing them as
text takes milliseconds, and the result is crisp at any zoom, small, and its text is searchable.
The SVG goes inline into the HTML: no script, nothing fetched, no ids (clipping is a nested <svg>),
so any number of pictures can share a page. Text is autoescaped by the template.

Use: `fig = Figure(720, 300, lang)`, `ax = fig.panel(title, xlabel, ylabel)`, set `ax.x`/`ax.y`
limits, add marks in data coordinates (`line`, `points`, `rect`, `cells`, `text`, ...), then
`fig.render(label)`.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from markupsafe import Markup

from ..i18n import number
from .templates import render

FONT = 12  # px: the figure's text; ticks are one px smaller
CHAR = 0.58  # an average character's width in font sizes (system sans-serif), for margins
TEMPLATE = "pictures/figure.svg.j2"
# ColorBrewer ramps (colorbrewer2.org): OrRd for sizes that start at 0, RdBu for signed values.
SEQUENTIAL = ("#fff7ec", "#fee8c8", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#b30000", "#7f0000")
DIVERGING = ("#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d", "#b2182b")
NOT_FINITE = "#9e9e9e"  # nan or inf in a heat map
INK, MUTED, GRID = "#1d2733", "#5f6b7a", "#e3e7ec"


# ---------------------------------------------------------------- colours

def ramp(t: float, colours: Sequence[str] = SEQUENTIAL) -> str:
    """The colour at `t` in [0, 1] along `colours` (linear in RGB); NOT_FINITE for nan."""
    if not math.isfinite(t):
        return NOT_FINITE
    t = min(max(t, 0.0), 1.0) * (len(colours) - 1)
    i = min(int(t), len(colours) - 2)
    a, b = _rgb(colours[i]), _rgb(colours[i + 1])
    return "#" + "".join(f"{round(x + (y - x) * (t - i)):02x}" for x, y in zip(a, b))


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def text_colour(fill: str) -> str:
    """Black or white, whichever reads better on `fill`."""
    r, g, b = _rgb(fill)
    return INK if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#ffffff"


# ---------------------------------------------------------------- ticks

def nice_ticks(lo: float, hi: float, count: int = 5, integer: bool = False) -> list[float]:
    """About `count` round values (steps of 1, 2, 2.5 or 5 times a power of ten) within [lo, hi];
    with `integer`, whole numbers only (an index axis never shows 0.5)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi < lo:
        return []
    if integer:
        lo, hi = math.ceil(lo - 1e-9), math.floor(hi + 1e-9)
        if hi < lo:
            return []
    if hi == lo:
        return [float(lo)]
    raw = (hi - lo) / max(count, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10)
    step = next(m * power for m in steps if raw <= m * power * (1 + 1e-9))
    if integer:
        step = max(1.0, round(step))
    first = math.ceil(lo / step - 1e-9)
    ticks = []
    for k in range(first, first + 1000):
        value = k * step
        if value > hi + step * 1e-9:
            break
        ticks.append(float(f"{value:.12g}"))
    return ticks


def log_ticks(lo: float, hi: float) -> list[float]:
    """Powers of ten within [lo, hi] (lo > 0); with 2 and 5 between them when there are few."""
    if not (0 < lo <= hi) or not math.isfinite(hi):
        return []
    decades = range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)
    factors = (1, 2, 5) if math.log10(hi / lo) <= 2.5 else (1,)
    ticks = [f * 10.0 ** d for d in decades for f in factors]
    return [float(f"{t:.12g}") for t in ticks if lo * (1 - 1e-9) <= t <= hi * (1 + 1e-9)]


def tick_text(value: float, step: float | None, lang: str) -> str:
    """A tick's number in `lang` with as many decimals as the step needs (German: decimal comma)."""
    if value == 0:
        return "0"
    if step is None or abs(value) >= 1e5 or abs(value) < 1e-3:
        return number(value, lang, ".3g")
    decimals = next((d for d in range(10) if abs(round(step, d) - step) <= abs(step) * 1e-6), 9)
    return number(value, lang, f".{decimals}f")


@dataclass
class Axis:
    """One axis of a panel: its limits, scale and ticks."""

    label: str = ""
    lo: float = 0.0
    hi: float = 1.0
    log: bool = False
    integer: bool = False  # index axes: whole-number ticks only
    reverse: bool = False  # rows of a matrix: 0 at the top
    names: dict[float, str] | None = None  # tick texts at given positions instead of numbers
    suffix: str = ""  # after every tick number, e.g. "×"
    hidden: bool = False  # no ticks and no label

    def limits(self, lo: float, hi: float, pad: float = 0.0) -> Axis:
        """Set the limits, widened by `pad` of their span on each side (a point span becomes ±1)."""
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise ValueError("axis limits must be finite")
        if hi <= lo:
            lo, hi = lo - max(1.0, abs(lo) * 0.1), hi + max(1.0, abs(hi) * 0.1)
        span = hi - lo
        self.lo, self.hi = lo - pad * span, hi + pad * span
        return self

    def fraction(self, value: float) -> float:
        """Where `value` lies between lo (0) and hi (1); nan for a value this axis cannot show."""
        if self.log:
            if not (value > 0 and self.lo > 0):
                return math.nan
            return (math.log10(value) - math.log10(self.lo)) / (math.log10(self.hi) - math.log10(self.lo))
        return (value - self.lo) / (self.hi - self.lo)

    def ticks(self, lang: str, count: int = 5) -> list[tuple[float, str]]:
        """(position, text) of every tick."""
        if self.hidden:
            return []
        if self.names is not None:
            return list(self.names.items())
        if self.log:
            return [(v, tick_text(v, None, lang) + self.suffix) for v in log_ticks(self.lo, self.hi)]
        values = nice_ticks(self.lo, self.hi, count, self.integer)
        step = values[1] - values[0] if len(values) > 1 else None
        return [(v, tick_text(v, step, lang) + self.suffix) for v in values]


# ---------------------------------------------------------------- panels

def _text_width(text: str, size: float = FONT - 1) -> float:
    return len(text) * size * CHAR


def _finite_pairs(xs: Sequence[float], ys: Sequence[float]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive points with finite coordinates (a nan breaks a line)."""
    runs, run = [], []
    for x, y in zip(xs, ys):
        if math.isfinite(x) and math.isfinite(y):
            run.append((float(x), float(y)))
        elif run:
            runs.append(run)
            run = []
    return runs + [run] if run else runs


@dataclass
class Panel:
    """One set of axes and what is drawn in it, in data coordinates until the figure is rendered."""

    title: str = ""
    x: Axis = field(default_factory=Axis)
    y: Axis = field(default_factory=Axis)
    equal: bool = False  # one unit is as long on x as on y
    grid: bool = True
    marks: list[dict] = field(default_factory=list)
    legend: list[dict] = field(default_factory=list)
    legend_at: str = "upper right"  # or "lower right", "upper left", "lower left", "outside" (right of the axes)
    notes: list[str] = field(default_factory=list)
    bar: dict | None = None
    lang: str = "en"  # of the numbers that `matrix` writes

    def line(self, xs: Sequence[float], ys: Sequence[float], colour: str = INK, width: float = 2,
             dash: str = "", label: str = "") -> Panel:
        self.marks.append({"kind": "line", "xs": list(xs), "ys": list(ys), "stroke": colour, "width": width, "dash": dash})
        return self.key(label, "line", colour, dash)

    def polygon(self, xs: Sequence[float], ys: Sequence[float], fill: str, opacity: float = 1.0) -> Panel:
        self.marks.append({"kind": "polygon", "xs": list(xs), "ys": list(ys), "fill": fill, "opacity": opacity})
        return self

    def points(self, xs: Sequence[float], ys: Sequence[float], colour: str = INK, marker: str = "circle",
               size: float = 5, label: str = "") -> Panel:
        """Markers "circle", "square" or "cross" of radius `size` px."""
        for x, y in zip(xs, ys):
            self.marks.append({"kind": marker, "x": x, "y": y, "fill": colour, "size": size})
        return self.key(label, marker, colour)

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: str, stroke: str = "", title: str = "",
             text: str = "") -> Panel:
        """A rectangle between two data points (a bar, a cell); `title` shows on hover, `text` inside."""
        self.marks.append({"kind": "rect", "x0": x0, "y0": y0, "x1": x1, "y1": y1, "fill": fill, "stroke": stroke,
                           "title": title, "text": text})
        return self

    def vline(self, x: float, colour: str = INK, width: float = 1.5, dash: str = "") -> Panel:
        """A vertical line across the axes at x."""
        self.marks.append({"kind": "vline", "x": x, "stroke": colour, "width": width, "dash": dash})
        return self

    def text(self, x: float, y: float, text: str, anchor: str = "start", dx: float = 0, dy: float = 0,
             size: float = FONT - 1, bold: bool = False, colour: str = INK) -> Panel:
        """Text at a data point (shifted by dx, dy px); not clipped to the axes."""
        self.marks.append({"kind": "text", "x": x, "y": y, "text": text, "anchor": anchor, "dx": dx, "dy": dy,
                           "size": size, "bold": bold, "fill": colour})
        return self

    def cells(self, colours: Sequence[Sequence[str]], texts: Sequence[Sequence[str]] | None = None,
              titles: Sequence[Sequence[str]] | None = None, rows: Sequence[int] | None = None,
              cols: Sequence[int] | None = None) -> Panel:
        """A matrix of coloured cells, row 0 at the top; cell (i, j) covers indices rows[i]..rows[i+1]-1
        (blocks of a pooled matrix; one index each by default). Sets integer index axes."""
        n_rows, n_cols = len(colours), len(colours[0]) if len(colours) else 0
        rows = list(rows) if rows is not None else list(range(n_rows + 1))
        cols = list(cols) if cols is not None else list(range(n_cols + 1))
        self.x.limits(cols[0] - 0.5, cols[-1] - 0.5)
        self.y.limits(rows[0] - 0.5, rows[-1] - 0.5)
        self.x.integer = self.y.integer = self.y.reverse = True
        self.grid = False
        for i in range(n_rows):
            j = 0
            while j < n_cols:
                k = j + 1  # a run of equal cells without text becomes one rectangle
                while k < n_cols and colours[i][k] == colours[i][j] and not texts and not titles:
                    k += 1
                self.rect(cols[j] - 0.5, rows[i] - 0.5, cols[k] - 0.5, rows[i + 1] - 0.5, colours[i][j],
                          stroke="#ffffff" if n_cols * n_rows <= 400 else "",
                          title=titles[i][j] if titles else "", text=texts[i][j] if texts else "")
                j = k
        return self

    def matrix(self, values, lo: float, hi: float, scale: str = "diverging", differs=None) -> Panel:
        """A small matrix with its numbers in the cells (up to 12 x 12; hover shows them up to 400 cells),
        coloured from lo to hi ("diverging": blue-white-red, for signed values; "sequential": light to
        dark, for sizes from 0); cells where `differs` is true are framed. Square cells."""
        rows, cols = len(values), len(values[0]) if len(values) else 0
        span = hi - lo if hi > lo else 1.0
        colours = DIVERGING if scale == "diverging" else SEQUENTIAL
        colour = [[ramp((float(v) - lo) / span, colours) for v in row] for row in values]
        shown = [[number(v, self.lang, ".3g") for v in row] for row in values]
        small = rows <= 12 and cols <= 12
        self.cells(colour, texts=shown if small else None,
                   titles=[[f"({i}, {j}): {t}" for j, t in enumerate(row)] for i, row in enumerate(shown)]
                   if rows * cols <= 400 else None)
        self.equal = True
        if differs is not None:
            for i, j in zip(*np.nonzero(np.asarray(differs, dtype=bool))):
                self.outline(int(i), int(j))
        return self

    def outline(self, row: float, col: float, colour: str = INK) -> Panel:
        """A frame around cell (row, col) of a `cells` matrix: marks a cell that differs."""
        self.marks.append({"kind": "outline", "x0": col - 0.5, "y0": row - 0.5, "x1": col + 0.5, "y1": row + 0.5,
                           "stroke": colour, "width": 3})
        return self

    def colour_bar(self, lo: float, hi: float, colours: Sequence[str] = SEQUENTIAL, label: str = "") -> Panel:
        """A vertical scale right of the axes from lo (bottom) to hi (top)."""
        self.bar = {"axis": Axis(label=label).limits(lo, hi), "colours": tuple(colours)}
        return self

    def note(self, text: str) -> Panel:
        """A message in the middle of the axes (e.g. why nothing is drawn)."""
        self.notes.append(text)
        return self

    def key(self, label: str, kind: str, colour: str, dash: str = "") -> Panel:
        """A legend entry (none for an empty label): kind "line", "rect", "circle", "square" or "cross"."""
        if label:
            self.legend.append({"label": label, "kind": kind, "colour": colour, "dash": dash})
        return self


# ---------------------------------------------------------------- layout: data -> pixels

@dataclass
class _Box:
    left: float
    top: float
    width: float
    height: float
    beside: float = 0.0  # px right of the box taken by a colour bar


class Figure:
    """Panels side by side (in rows of `columns` when given); `render` lays them out and writes the SVG.
    `lang` is the language of every number the figure writes (German: decimal comma)."""

    def __init__(self, width: float = 720, height: float = 300, lang: str = "en", columns: int | None = None) -> None:
        self.width, self.height, self.lang, self.columns = width, height, lang, columns
        self.panels: list[Panel] = []

    def panel(self, title: str = "", xlabel: str = "", ylabel: str = "") -> Panel:
        panel = Panel(title=title, x=Axis(label=xlabel), y=Axis(label=ylabel), lang=self.lang)
        self.panels.append(panel)
        return panel

    def render(self, label: str) -> Markup:
        """The figure as inline SVG markup; `label` is what a screen reader says."""
        columns = self.columns or max(len(self.panels), 1)
        rows = math.ceil(len(self.panels) / columns)
        width, height = self.width / columns, self.height / max(rows, 1)
        panels = [self._layout(p, (i % columns) * width, (i // columns) * height, width, height)
                  for i, p in enumerate(self.panels)]
        return Markup(render(TEMPLATE, width=round(self.width), height=round(self.height), label=label,
                             panels=panels, font=FONT).strip())

    def _layout(self, panel: Panel, x0: float, y0: float, slot: float, slot_height: float) -> dict:
        xticks, yticks = panel.x.ticks(self.lang), panel.y.ticks(self.lang, count=max(3, int(slot_height // 60)))
        left = 8 + max((_text_width(t) for _, t in yticks), default=0) + (6 if yticks else 0) + (18 if panel.y.label else 0)
        bottom = 6 + (18 if xticks else 0) + (18 if panel.x.label else 0)
        top = 24 if panel.title else 10
        beside = 0.0
        if panel.bar:
            bar_ticks = panel.bar["axis"].ticks(self.lang, 4)
            beside = 22 + max((_text_width(t) for _, t in bar_ticks), default=0) + (32 if panel.bar["axis"].label else 0)
        right = 12 + beside + (12 + _legend_width(panel) if panel.legend and panel.legend_at == "outside" else 0)
        if xticks:  # the outermost tick labels stay inside the figure
            left = max(left, _text_width(xticks[0][1]) / 2 + 4)
            right = max(right, _text_width(xticks[-1][1]) / 2 + 4)
        box = _Box(x0 + left, y0 + top, max(slot - left - right, 20), max(slot_height - top - bottom, 20), beside)
        if panel.equal:
            _equalise(panel, box)
        grid: list[dict] = []
        outer = self._outer(panel, box, xticks, yticks, grid)
        return {"box": box, "grid": grid, "inner": self._inner(panel, box), "outer": outer}

    def _inner(self, panel: Panel, box: _Box) -> list[dict]:
        """Everything inside the axes, in pixels relative to the axes box (clipped to it)."""
        fx = lambda v: round(panel.x.fraction(v) * box.width, 1)
        fy = lambda v: round((panel.y.fraction(v) if panel.y.reverse else 1 - panel.y.fraction(v)) * box.height, 1)
        out = []
        for mark in panel.marks:
            kind = mark["kind"]
            if kind in ("line", "polygon"):
                pts = [(fx(x), fy(y)) for x, y in zip(mark["xs"], mark["ys"])]
                for run in _finite_pairs([p[0] for p in pts], [p[1] for p in pts]):
                    out.append({**mark, "points": " ".join(f"{x:g},{y:g}" for x, y in run)})
            elif kind in ("circle", "square", "cross"):
                x, y = fx(mark["x"]), fy(mark["y"])
                if math.isfinite(x) and math.isfinite(y):
                    out.append({**mark, "px": x, "py": y})
            elif kind in ("rect", "outline"):
                out.extend(self._rect(mark, fx, fy))
            elif kind == "vline":
                x = fx(mark["x"])
                if math.isfinite(x):
                    out.append({**mark, "kind": "line", "points": f"{x:g},0 {x:g},{box.height:g}"})
        return out

    @staticmethod
    def _rect(mark: dict, fx, fy) -> list[dict]:
        xs, ys = (fx(mark["x0"]), fx(mark["x1"])), (fy(mark["y0"]), fy(mark["y1"]))
        if not all(math.isfinite(v) for v in xs + ys):
            return []
        inset = mark.get("width", 0) / 2 if mark["kind"] == "outline" else 0  # a frame stays inside its cell
        rect = {**mark, "px": min(xs) + inset, "py": min(ys) + inset, "w": round(abs(xs[1] - xs[0]) - 2 * inset, 1),
                "h": round(abs(ys[1] - ys[0]) - 2 * inset, 1)}
        if mark.get("text"):
            rect["ink"] = text_colour(mark["fill"])
        return [rect]

    def _outer(self, panel: Panel, box: _Box, xticks, yticks, grid: list[dict]) -> list[dict]:
        """Ticks, labels, title, free text, legend, notes and colour bar, in figure pixels (grid lines
        go to `grid`, drawn beneath the marks)."""
        out: list[dict] = []
        right, bottom = box.left + box.width, box.top + box.height
        for value, text in xticks:
            f = panel.x.fraction(value)
            if not 0 <= f <= 1 + 1e-9:
                continue
            x = round(box.left + f * box.width, 1)
            if panel.grid:
                grid.append({"kind": "line", "points": f"{x:g},{box.top:g} {x:g},{bottom:g}", "stroke": GRID, "width": 1})
            out.append({"kind": "line", "points": f"{x:g},{bottom:g} {x:g},{bottom + 4:g}", "stroke": MUTED, "width": 1})
            out.append(_label(x, bottom + 17, text, "middle"))
        for value, text in yticks:
            f = panel.y.fraction(value)
            if not 0 <= f <= 1 + 1e-9:
                continue
            y = round(box.top + (f if panel.y.reverse else 1 - f) * box.height, 1)
            if panel.grid:
                grid.append({"kind": "line", "points": f"{box.left:g},{y:g} {right:g},{y:g}", "stroke": GRID, "width": 1})
            out.append({"kind": "line", "points": f"{box.left - 4:g},{y:g} {box.left:g},{y:g}", "stroke": MUTED, "width": 1})
            out.append(_label(box.left - 7, y + 4, text, "end"))
        if panel.x.label:
            out.append(_label(box.left + box.width / 2, bottom + (36 if xticks else 18), panel.x.label, "middle", FONT))
        if panel.y.label:
            width = max((_text_width(t) for _, t in yticks), default=0)
            out.append({**_label(box.left - width - 16, box.top + box.height / 2, panel.y.label, "middle", FONT),
                        "rotate": True})
        if panel.title:
            out.append({**_label(box.left + box.width / 2, box.top - 8, panel.title, "middle", FONT + 1), "bold": True})
        for mark in panel.marks:
            if mark["kind"] == "text":
                fx, fy = panel.x.fraction(mark["x"]), panel.y.fraction(mark["y"])
                if math.isfinite(fx) and math.isfinite(fy):
                    y = box.top + (fy if panel.y.reverse else 1 - fy) * box.height
                    out.append({**mark, "px": round(box.left + fx * box.width + mark["dx"], 1),
                                "py": round(y + mark["dy"], 1), "lines": str(mark["text"]).split("\n")})
        for i, text in enumerate(panel.notes):
            out.append({**_label(box.left + box.width / 2, box.top + box.height / 2 + 18 * i, text, "middle", FONT),
                        "fill": "#b2182b"})
        out += _legend(panel, box)
        if panel.bar:
            out += self._bar(panel.bar, box)
        return out

    def _bar(self, bar: dict, box: _Box) -> list[dict]:
        """The colour bar: stacked slices (no gradient: gradients need ids) and its ticks."""
        axis, colours, x = bar["axis"], bar["colours"], box.left + box.width + 14
        slices = 32
        out = []
        for k in range(slices):
            h = box.height / slices
            out.append({"kind": "rect", "px": round(x, 1), "py": round(box.top + box.height - (k + 1) * h, 1),
                        "w": 12, "h": round(h + 0.6, 1), "fill": ramp((k + 0.5) / slices, colours), "stroke": ""})
        out.append({"kind": "outline", "px": round(x, 1), "py": box.top, "w": 12, "h": box.height, "stroke": MUTED})
        ticks = axis.ticks(self.lang, 4)
        for value, text in ticks:
            y = round(box.top + (1 - axis.fraction(value)) * box.height, 1)
            out.append({"kind": "line", "points": f"{x + 12:g},{y:g} {x + 16:g},{y:g}", "stroke": MUTED, "width": 1})
            out.append(_label(x + 19, y + 4, text, "start"))
        if axis.label:
            width = max((_text_width(t) for _, t in ticks), default=0)
            out.append({**_label(x + 34 + width, box.top + box.height / 2, axis.label, "middle", FONT), "rotate": True})
        return out


def _label(x: float, y: float, text: str, anchor: str, size: float = FONT - 1) -> dict:
    return {"kind": "text", "px": round(x, 1), "py": round(y, 1), "lines": text.split("\n"), "anchor": anchor, "size": size,
            "bold": False, "fill": INK}


def _equalise(panel: Panel, box: _Box) -> None:
    """Shrink the box so that a unit on x is as long as a unit on y (centred in the space)."""
    aspect = (panel.x.hi - panel.x.lo) / (panel.y.hi - panel.y.lo)
    if box.width / box.height > aspect:
        width = box.height * aspect
        box.left += (box.width - width) / 2
        box.width = width
    else:
        height = box.width / aspect
        box.top += (box.height - height) / 2
        box.height = height


def _legend_width(panel: Panel) -> float:
    return 34 + max(_text_width(item["label"]) for item in panel.legend)


def _legend(panel: Panel, box: _Box) -> list[dict]:
    """A key in a corner of the axes, on a white card."""
    if not panel.legend:
        return []
    width, height = _legend_width(panel), 8 + 18 * len(panel.legend)
    if panel.legend_at == "outside":  # beside the axes (and their colour bar): covers nothing
        x, y = box.left + box.width + box.beside + 12, box.top
    else:
        x = box.left + 8 if "left" in panel.legend_at else box.left + box.width - width - 8
        y = box.top + 8 if "upper" in panel.legend_at else box.top + box.height - height - 8
    out = [{"kind": "rect", "px": round(x, 1), "py": round(y, 1), "w": round(width, 1), "h": height, "fill": "#ffffff",
            "stroke": GRID, "opacity": 0.9}]
    for i, item in enumerate(panel.legend):
        cy, cx = y + 13 + 18 * i, x + 14
        if item["kind"] == "line":
            out.append({"kind": "line", "points": f"{cx - 9:g},{cy:g} {cx + 9:g},{cy:g}", "stroke": item["colour"],
                        "width": 2, "dash": item["dash"]})
        elif item["kind"] == "rect":
            out.append({"kind": "rect", "px": cx - 6, "py": cy - 6, "w": 12, "h": 12, "fill": item["colour"], "stroke": ""})
        else:
            out.append({"kind": item["kind"], "px": cx, "py": cy, "fill": item["colour"], "size": 5})
        out.append(_label(cx + 14, cy + 4, item["label"], "start"))
    return out
