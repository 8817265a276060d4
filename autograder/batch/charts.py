"""The class report's two charts as inline SVG (see output/svg.py): the histogram of the total
points, and per case how the class fared (passed, failed, crashed, timed out, ...) as one bar.

The outcome bar replaces a pass-rate chart that only repeated the table beside it: what a
lecture needs is whether a case fails because of wrong answers (teach the idea) or because of
crashes and timeouts (teach the tooling), which the table says in words and the bar at a glance.
"""
from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from ..i18n import number, word
from ..output.svg import Figure

BAR, ROW_PX, MAX_LABEL = "#3b6ea5", 20, 60
OUTCOME_COLOURS = {"passed": "#2ca02c", "failed": "#d62728", "error": "#ff7f0e", "timeout": "#9467bd",
                   "missing": "#bcbd22"}
OTHER = "#8c8c8c"  # every other status (crash, memory, forbidden, ...)


def histogram(scores: Sequence[float], max_score: float, lang: str) -> Markup:
    """How many students reached how many points: one bar per whole point up to 40 points, else 25 bins."""
    top = max(max_score, max(scores, default=0.0), 1.0)
    edges = [x - 0.5 for x in range(int(top) + 2)] if top <= 40 else [top * k / 25 for k in range(26)]
    counts = [0] * (len(edges) - 1)
    for score in scores:
        i = next((k for k in range(len(counts)) if score < edges[k + 1]), len(counts) - 1)
        counts[i] += 1
    fig = Figure(720, 300, lang)
    ax = fig.panel(xlabel=word('class_report.points', lang), ylabel=word('class_report.count', lang))
    ax.x.limits(edges[0], edges[-1])
    ax.x.integer = top <= 40
    ax.y.limits(0, max(max(counts), 1), pad=0.05)
    ax.y.lo, ax.y.integer = 0.0, True
    for left, right, count in zip(edges, edges[1:], counts):
        if count:
            span = f"{number(left + 0.5, lang, 'g')}" if top <= 40 else \
                f"{number(left, lang, '.3g')}–{number(right, lang, '.3g')}"
            ax.rect(left + 0.04 * (right - left), 0, right - 0.04 * (right - left), count, BAR,
                    title=f"{span}: {count}")
    return fig.render(word('class_report.histogram', lang))


def outcomes(stats: Sequence, lang: str) -> Markup:
    """One 100 % bar per case, split by outcome; `stats` have name, total, passed and outcomes (a Counter)."""
    names = [s.name if len(s.name) <= MAX_LABEL else s.name[:MAX_LABEL - 1] + "…" for s in stats]
    fig = Figure(900, len(stats) * ROW_PX + 110, lang)
    ax = fig.panel(xlabel=f"{word('class_report.share', lang)} (%)")
    ax.x.limits(0, 100)
    ax.y.limits(-0.5, len(stats) - 0.5)
    ax.y.reverse, ax.y.names = True, dict(enumerate(names))
    shown = set()
    for row, case in enumerate(stats):
        parts = [("passed", case.passed)] + sorted(case.outcomes.items(), key=lambda kv: -kv[1])
        start = 0.0
        for status, count in parts:
            if not count or not case.total:
                continue
            share = 100 * count / case.total
            colour = OUTCOME_COLOURS.get(status, OTHER)
            label = word(f'status.{status}', lang)
            ax.rect(start, row - 0.35, start + share, row + 0.35, colour,
                    title=f"{case.name}: {label} {count}/{case.total}")
            start += share
            shown.add(status if status in OUTCOME_COLOURS else "other")
    for status, colour in (*OUTCOME_COLOURS.items(), ("other", OTHER)):
        if status in shown:
            ax.key(word(f'status.{status}', lang) if status != "other" else word('class_report.other', lang), "rect", colour)
    ax.legend_at = "outside"
    return fig.render(word('class_report.pass_rates', lang))
