"""The report's picture for a wrong public perceptron case: the decision boundary of the
student's weights next to the reference's, on the case's own 2-D points.

Called by the report with a matplotlib Figure (see autograder/pictures.py); draws nothing
(returns None) when the case has no 2-D data or no weights to draw.
"""
import numpy as np

from dlgrade.i18n import Catalog

TEXTS = Catalog.beside(__file__)
DATA = {"train_perceptron": (0, 1), "perceptron_step": (2, 3)}  # where X and y are among the arguments


def _weights(answer):
    """(w, b) from an answer (w, b, ...) or None when it is not two numbers' worth."""
    try:
        w = np.asarray(answer[0], dtype=float).ravel()
        b = float(np.asarray(answer[1], dtype=float))
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    return (w, b) if w.shape == (2,) and np.all(np.isfinite(w)) and np.isfinite(b) else None


def _panel(ax, X, y, weights, title, lang):
    lo, hi = X.min(axis=0) - 1.0, X.max(axis=0) + 1.0
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_aspect("equal", adjustable="box")
    ax.set_title(title)
    if weights is None:
        ax.text(0.5, 0.5, TEXTS.word("words.unreadable", lang), transform=ax.transAxes, ha="center", va="center", color="#d62728")
    else:
        w, b = weights
        if np.allclose(w, 0):
            ax.text(0.5, 0.92, TEXTS.word("words.no_boundary", lang), transform=ax.transAxes, ha="center", va="top",
                    color="#d62728", fontsize=9)
        else:
            gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], 200), np.linspace(lo[1], hi[1], 200))
            side = gx * w[0] + gy * w[1] + b >= 0
            ax.contourf(gx, gy, side.astype(float), levels=[0.5, 1.5], colors=["#1f77b4"], alpha=0.12)
            ax.contour(gx, gy, gx * w[0] + gy * w[1] + b, levels=[0.0], colors=["#1f77b4"], linewidths=2)
        ax.set_xlabel(f"w = ({w[0]:.3g}, {w[1]:.3g}), b = {b:.3g}", fontsize=9)
    pos, neg = y > 0, y <= 0
    ax.scatter(X[pos, 0], X[pos, 1], marker="o", s=60, c="#1f77b4", edgecolors="k", label="y = +1", zorder=3)
    ax.scatter(X[neg, 0], X[neg, 1], marker="s", s=60, c="#ff7f0e", edgecolors="k", label="y = −1", zorder=3)


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
    if X.ndim != 2 or X.shape[1] != 2 or len(y) != len(X):
        return None
    left, right = fig.subplots(1, 2)
    _panel(left, X, y, _weights(case["expected"]), TEXTS.word("words.reference", lang), lang)
    _panel(right, X, y, _weights(case["actual"]), TEXTS.word("words.yours", lang), lang)
    right.legend(loc="lower right", fontsize=8)
    return TEXTS("words.caption", function=case["function"])[lang]
