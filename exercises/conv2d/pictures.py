"""The report's picture for a wrong public conv2d_forward case: the output maps, the reference's
values beside the student's, with the cells that differ framed. A flipped kernel, a forgotten
bias or an ignored stride each leave a pattern that a grid shows at a glance and a list of
numbers hides.

Called by the report with an SVG figure (see autograder/output/pictures.py); draws nothing
(returns None) for the other functions or an answer that is not a 4-D array of maps.
"""
import numpy as np

from dlgrade.i18n import Catalog

TEXTS = Catalog.beside(__file__)
MAX_SIDE = 48  # larger maps are not worth drawing cell by cell
MAX_MAPS = 3  # the (sample, filter) maps shown, those that differ first
ROW_PX = (150, 330)  # the height of one row of panels


def _maps(value):
    """The answer as a float (N, F, H, W) array, or None."""
    try:
        maps = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    if maps.ndim != 4 or 0 in maps.shape or max(maps.shape[2:]) > MAX_SIDE:
        return None
    return maps


def _chosen(expected, differs):
    """The (n, f) of the maps to show: those with differing cells first, at most MAX_MAPS."""
    pairs = [(n, f) for n in range(expected.shape[0]) for f in range(expected.shape[1])]
    if differs is not None:
        pairs.sort(key=lambda p: not differs[p].any())
    return pairs[:MAX_MAPS]


def picture(fig, case, lang):
    """Expected and actual maps in pairs, one pair per row; return the caption or None."""
    if case["function"] != "conv2d_forward":
        return None
    expected, actual = _maps(case["expected"]), _maps(case["actual"])
    if expected is None or actual is None:
        return None
    same = expected.shape == actual.shape
    mismatch = case.get("mismatch")
    differs = np.asarray(mismatch, dtype=bool) if same and mismatch is not None and np.shape(mismatch) == expected.shape else None
    pairs = _chosen(expected, differs) if same else [(0, 0)]
    both = np.concatenate([expected.ravel(), actual.ravel()])
    finite = np.abs(both[np.isfinite(both)])
    top = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    height = max(expected.shape[2], actual.shape[2])
    fig.columns, fig.height = 2, len(pairs) * min(max(height * 40 + 70, ROW_PX[0]), ROW_PX[1])
    for n, f in pairs:
        title = TEXTS("words.map", n=n, f=f)[lang]
        left = fig.panel(f"{TEXTS.word('words.reference', lang)}: {title}")
        left.matrix(expected[n, f], -top, top)
        right = fig.panel(f"{TEXTS.word('words.yours', lang)}: {title}")
        right.matrix(actual[n, f], -top, top, differs=differs[n, f] if differs is not None else None)
    if same:
        return TEXTS("words.caption")[lang]
    return TEXTS("words.shapes", expected=str(expected.shape), actual=str(actual.shape))[lang]
