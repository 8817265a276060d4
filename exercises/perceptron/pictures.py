"""The report's picture for a wrong public perceptron case: the decision boundary of the
student's weights next to the reference's, on the case's own 2-D points.

Called by the report with an SVG figure (see autograder/output/pictures.py); draws nothing
(returns None) when the case has no 2-D data or no weights to draw.
"""
import numpy as np

from dlgrade.i18n import Catalog, number

TEXTS = Catalog.beside(__file__)
DATA = {"train_perceptron": (0, 1), "perceptron_step": (2, 3)}  # where X and y are among the arguments
BLUE, ORANGE = "#1f77b4", "#ff7f0e"


def _weights(answer):
    """(w, b) from an answer (w, b, ...) or None when it is not two numbers' worth."""
    try:
        w = np.asarray(answer[0], dtype=float).ravel()
        b = float(np.asarray(answer[1], dtype=float))
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    return (w, b) if w.shape == (2,) and np.all(np.isfinite(w)) and np.isfinite(b) else None


def _half_plane(corners, w, b):
    """The part of the box (its corners in order) where w.x + b >= 0 (one Sutherland-Hodgman pass)."""
    inside = []
    for p, q in zip(corners, corners[1:] + corners[:1]):
        fp, fq = p @ w + b, q @ w + b
        if fp >= 0:
            inside.append(p)
        if (fp >= 0) != (fq >= 0):
            inside.append(p + (q - p) * fp / (fp - fq))
    return inside


def _panel(ax, X, y, weights, lang):
    lo, hi = X.min(axis=0) - 1.0, X.max(axis=0) + 1.0
    ax.x.limits(lo[0], hi[0])
    ax.y.limits(lo[1], hi[1])
    ax.equal = True
    if weights is None:
        ax.note(TEXTS.word("words.unreadable", lang))
    else:
        w, b = weights
        sep = "; " if lang == "de" else ", "  # German decimal commas need another separator
        ax.x.label = f"w = ({number(w[0], lang, '.3g')}{sep}{number(w[1], lang, '.3g')}), b = {number(b, lang, '.3g')}"
        if np.allclose(w, 0):
            ax.note(TEXTS.word("words.no_boundary", lang))
        else:
            corners = [np.array(c, dtype=float) for c in ((lo[0], lo[1]), (hi[0], lo[1]), (hi[0], hi[1]), (lo[0], hi[1]))]
            side = _half_plane(corners, w, b)
            if side:
                ax.polygon([p[0] for p in side], [p[1] for p in side], BLUE, opacity=0.12)
            centre, direction = (lo + hi) / 2, np.array([-w[1], w[0]]) / np.linalg.norm(w)
            foot = centre - (centre @ w + b) * w / (w @ w)  # the boundary's point nearest the centre
            reach = float(np.linalg.norm(hi - lo))
            ends = [foot - reach * direction, foot + reach * direction]
            ax.line([p[0] for p in ends], [p[1] for p in ends], BLUE, 2)
    pos, neg = y > 0, y <= 0
    ax.points(X[pos, 0], X[pos, 1], BLUE, "circle", 6, label="y = +1")
    ax.points(X[neg, 0], X[neg, 1], ORANGE, "square", 5, label="y = −1")


def picture(fig, case, lang):
    """Draw reference and student boundaries side by side; return the caption or None."""
    if case["function"] not in DATA:
        return None
    ix, iy = DATA[case["function"]]
    try:
        X = np.asarray(case["args"][ix], dtype=float)
        y = np.asarray(case["args"][iy], dtype=float).ravel()
    except (IndexError, TypeError, ValueError):
        return None
    if X.ndim != 2 or X.shape[1] != 2 or len(y) != len(X) or not np.all(np.isfinite(X)):
        return None
    left = fig.panel(TEXTS.word("words.reference", lang))
    right = fig.panel(TEXTS.word("words.yours", lang))
    _panel(left, X, y, _weights(case["expected"]), lang)
    _panel(right, X, y, _weights(case["actual"]), lang)
    left.legend.clear()  # one key is enough, in the student's panel
    right.legend_at = "lower right"
    return TEXTS("words.caption", function=case["function"])[lang]
