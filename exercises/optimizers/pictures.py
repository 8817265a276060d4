"""The report's picture for a wrong public optimize_quadratic case: the trajectory, the student's
over the reference's. In two dimensions on the contour lines of f(w) = 1/2 w.A w - b.w (a wrong
sign walks uphill, a missing bias correction takes short steps, momentum overshoots or does not),
in one dimension w_k over the steps, in more the gap f(w_k) - f(w*) over the steps.

Called by the report with an SVG figure (see autograder/output/pictures.py); draws nothing
(returns None) for the other functions, a trajectory of one point, or an unreadable answer.
"""
import numpy as np

from dlgrade.i18n import Catalog

TEXTS = Catalog.beside(__file__)
BLUE, ORANGE, GREY, INK = "#1f77b4", "#ff7f0e", "#b8c2cc", "#1d2733"
LEVELS = 5  # contour lines
MAX_LABELLED = 12  # steps numbered on the reference's trajectory


def _path(value, d):
    """A trajectory as a float (k, d) array (k >= 1), or None."""
    try:
        path = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return path if path.ndim == 2 and path.shape[1] == d and len(path) >= 1 else None


def _problem(case):
    """(A, b, method) of the case, A symmetric positive definite, or None."""
    try:
        A, b = np.asarray(case["args"][0], dtype=float), np.asarray(case["args"][1], dtype=float).ravel()
        method = str(case["args"][3])
    except (IndexError, TypeError, ValueError):
        return None
    if A.ndim != 2 or A.shape != (len(b), len(b)) or not np.all(np.isfinite(A)) or not np.allclose(A, A.T):
        return None
    return (A, b, method) if np.all(np.linalg.eigvalsh(A) > 0) else None


def _limits(expected, actual, minimum):
    """A box around the reference's trajectory and the minimum; the student's points count unless
    they run off (to 4 times the reference's span), so a diverging answer does not shrink the rest."""
    core = np.vstack([expected, minimum[None]])
    lo, hi = core.min(axis=0), core.max(axis=0)
    span = np.maximum(hi - lo, 1e-9)
    near = actual[np.all(np.isfinite(actual), axis=1) & np.all(np.abs(actual - (lo + hi) / 2) <= 2 * span, axis=1)]
    if len(near):
        lo, hi = np.minimum(lo, near.min(axis=0)), np.maximum(hi, near.max(axis=0))
    return lo, hi


def _plane(fig, A, b, expected, actual, lang):
    """Two dimensions: contour ellipses around w*, both trajectories, step numbers, the minimum."""
    minimum = np.linalg.solve(A, b)
    lo, hi = _limits(expected, actual, minimum)
    fig.width, fig.height = 640, 420
    ax = fig.panel(xlabel="w[0]", ylabel="w[1]")
    ax.x.limits(lo[0], hi[0], pad=0.08)
    ax.y.limits(lo[1], hi[1], pad=0.08)
    ratio = (ax.x.hi - ax.x.lo) / (ax.y.hi - ax.y.lo)
    ax.equal = 0.25 <= ratio <= 4
    lam, V = np.linalg.eigh(A)
    gaps = [0.5 * (w - minimum) @ A @ (w - minimum) for w in expected]
    top = max(max(gaps), 1e-12)
    angle = np.linspace(0, 2 * np.pi, 73)
    for level in top * 0.45 ** np.arange(LEVELS):
        ellipse = minimum[:, None] + V @ (np.sqrt(2 * level / lam)[:, None] * np.vstack([np.cos(angle), np.sin(angle)]))
        ax.line(ellipse[0], ellipse[1], GREY, 1)
    ax.points([minimum[0]], [minimum[1]], INK, "cross", 5, label=TEXTS.word("words.minimum", lang))
    ax.line(expected[:, 0], expected[:, 1], BLUE, 2.5, label=TEXTS.word("words.reference", lang))
    ax.points(expected[:, 0], expected[:, 1], BLUE, size=4)
    ax.line(actual[:, 0], actual[:, 1], ORANGE, 2, "7 5", label=TEXTS.word("words.yours", lang))
    ax.points(actual[:, 0], actual[:, 1], ORANGE, "square", 3.5)
    ax.legend_at = "outside"  # inside it would cover the start, where trajectories begin
    if len(expected) <= MAX_LABELLED:
        for k, (x, y) in enumerate(expected):
            ax.text(x, y, str(k), dx=6, dy=-6, colour=BLUE, bold=True)
    return "words.plane"


def _steps(fig, A, b, expected, actual, lang):
    """One dimension: w_k over k; more: f(w_k) - f(w*) over k."""
    minimum = np.linalg.solve(A, b)
    one = expected.shape[1] == 1
    measure = (lambda path: path[:, 0]) if one else \
        (lambda path: np.einsum("ki,ij,kj->k", path - minimum, A, path - minimum) / 2)
    ys, yours = measure(expected), measure(actual)
    fig.width, fig.height = 620, 340
    ax = fig.panel(xlabel=TEXTS.word("words.step", lang), ylabel=TEXTS.word("words.value" if one else "words.gap", lang))
    ax.x.limits(0, max(len(expected), len(actual)) - 1, pad=0.04)
    ax.x.integer = True
    shown = np.concatenate([ys, yours[np.isfinite(yours) & (np.abs(yours - ys.mean()) <= 4 * (np.ptp(ys) + 1e-9))]])
    ax.y.limits(min(shown.min(), minimum[0] if one else 0.0), max(shown.max(), minimum[0] if one else 0.0), pad=0.08)
    if one:
        ax.line([ax.x.lo, ax.x.hi], [minimum[0]] * 2, INK, 1, "2 4", label=TEXTS.word("words.minimum", lang))
    ax.line(np.arange(len(ys)), ys, BLUE, 2.5, label=TEXTS.word("words.reference", lang))
    ax.points(np.arange(len(ys)), ys, BLUE, size=4)
    ax.line(np.arange(len(yours)), yours, ORANGE, 2, "7 5", label=TEXTS.word("words.yours", lang))
    ax.points(np.arange(len(yours)), yours, ORANGE, "square", 3.5)
    return "words.steps" if one else "words.gaps"


def picture(fig, case, lang):
    """The trajectories of optimize_quadratic, reference and yours; the caption or None."""
    problem = _problem(case) if case["function"] == "optimize_quadratic" else None
    if problem is None:
        return None
    A, b, method = problem
    expected, actual = _path(case["expected"], len(b)), _path(case["actual"], len(b))
    if expected is None or actual is None or len(expected) < 2 or not np.all(np.isfinite(expected)):
        return None
    draw = _plane if len(b) == 2 else _steps
    return TEXTS(draw(fig, A, b, expected, actual, lang), method=method)[lang]
