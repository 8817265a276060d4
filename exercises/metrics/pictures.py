"""The report's pictures for wrong public metrics cases: the ROC curve of roc_curve's answer over
the reference's (a curve that starts in the wrong corner, runs in steps where ties should make a
diagonal, or skips a point is plain to see), and the confusion matrix beside the reference's (a
transposed matrix shows as a mirror image).

Called by the report with an SVG figure (see autograder/output/pictures.py); draws nothing
(returns None) for the other functions or an answer that cannot be read as a curve or a matrix.
"""
import numpy as np

from dlgrade.i18n import Catalog

TEXTS = Catalog.beside(__file__)
BLUE, ORANGE, GREY = "#1f77b4", "#ff7f0e", "#8a94a0"
MAX_CLASSES = 20


def _curve(answer):
    """(fpr, tpr) from an answer (fpr, tpr, ...) as two finite 1-D arrays of one length, or None."""
    try:
        fpr, tpr = (np.asarray(answer[k], dtype=float).ravel() for k in (0, 1))
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    if fpr.size != tpr.size or fpr.size == 0 or not (np.all(np.isfinite(fpr)) and np.all(np.isfinite(tpr))):
        return None
    return fpr, tpr


def _roc(fig, case, lang):
    expected, actual = _curve(case["expected"]), _curve(case["actual"])
    if expected is None or actual is None:
        return None
    fig.width, fig.height = 520, 420
    ax = fig.panel(xlabel=TEXTS.word("words.fpr", lang), ylabel=TEXTS.word("words.tpr", lang))
    points = np.concatenate([*expected, *actual])
    ax.x.limits(min(0.0, points.min()), max(1.0, points.max()), pad=0.03)
    ax.y.limits(ax.x.lo, ax.x.hi)
    ax.equal = True
    ax.line([0, 1], [0, 1], GREY, 1, "2 4")
    ax.line(*expected, BLUE, 2.5, label=TEXTS.word("words.reference", lang)).points(*expected, BLUE, size=4)
    ax.line(*actual, ORANGE, 2, "7 5", label=TEXTS.word("words.yours", lang)).points(*actual, ORANGE, "square", 3.5)
    ax.legend_at = "lower right"
    return TEXTS("words.roc")[lang]


def _matrix(value):
    try:
        matrix = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    ok = matrix.ndim == 2 and 0 < matrix.shape[0] <= MAX_CLASSES and 0 < matrix.shape[1] <= MAX_CLASSES
    return matrix if ok else None


def _confusion(fig, case, lang):
    expected, actual = _matrix(case["expected"]), _matrix(case["actual"])
    if expected is None or actual is None:
        return None
    mismatch = case.get("mismatch")
    same = expected.shape == actual.shape and mismatch is not None and np.shape(mismatch) == expected.shape
    values = np.concatenate([expected.ravel(), actual.ravel()])
    values = values[np.isfinite(values)]
    lo, hi = min(0.0, float(values.min(initial=0))), max(1.0, float(values.max(initial=1)))
    side = max(*expected.shape, *actual.shape)
    fig.height = min(max(side * 44 + 90, 220), 520)
    for title, matrix, differs in ((TEXTS.word("words.reference", lang), expected, None),
                                   (TEXTS.word("words.yours", lang), actual, mismatch if same else None)):
        ax = fig.panel(title, TEXTS.word("words.predicted_class", lang), TEXTS.word("words.true_class", lang))
        ax.matrix(matrix, lo, hi, "sequential", differs=differs)  # counts start at 0: light = few
    return TEXTS("words.confusion")[lang]


def picture(fig, case, lang):
    """The ROC curve or the confusion matrix, reference against yours; the caption or None."""
    draw = {"roc_curve": _roc, "confusion_matrix": _confusion}.get(case["function"])
    return draw(fig, case, lang) if draw else None
