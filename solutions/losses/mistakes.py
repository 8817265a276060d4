"""Known mistakes on the loss functions, each a small variant of the reference.

Each function replaces the reference function (or helper) of the same name; its source is
appended to the reference's, so it may use only what reference.py defines or imports (np,
_scores, _labels, _shifted, _log_softmax, _correct, _hinge_terms and the reference functions).
Replacing a helper changes every function that uses it, as the same slip in a student's
helper would.
"""
# ruff: noqa: F811, F821  (each mistake redefines a reference function; it runs in the reference's namespace)
import numpy as np

from dlgrade.spec import MistakeRegistry

from .reference import _correct, _hinge_terms, _labels, _log_softmax, _scores, _shifted  # noqa: F401

known = MistakeRegistry()


# --- softmax: stability and axis --------------------------------------------------------


@known.mistake("no_max_shift")
def softmax(S):
    S = _scores(S)
    with np.errstate(over="ignore", invalid="ignore"):
        E = np.exp(S)  # exp(1000) = inf, exp(-1000) = 0: inf/inf and 0/0 give nan
        return E / E.sum(axis=1, keepdims=True)


@known.mistake("no_max_shift")
def cross_entropy(S, y):
    S, y = _scores(S), _labels(y)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        E = np.exp(S)  # the slide's formula taken literally
        return -np.log(_correct(E, y) / E.sum(axis=1))


@known.mistake("global_max_shift")
def softmax(S):
    S = _scores(S)
    with np.errstate(invalid="ignore"):
        E = np.exp(S - S.max())  # one constant for the whole batch, not one per row
        return E / E.sum(axis=1, keepdims=True)


@known.mistake("global_max_shift")
def _log_softmax(S):
    Z = S - S.max()
    with np.errstate(divide="ignore"):
        return Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))


@known.mistake("softmax_over_samples")
def softmax(S):
    S = _scores(S)
    E = np.exp(S - S.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)  # normalised per column, as the slide's table is drawn


@known.mistake("softmax_over_samples")
def _log_softmax(S):
    Z = S - S.max(axis=0, keepdims=True)
    return Z - np.log(np.exp(Z).sum(axis=0, keepdims=True))


@known.mistake("shift_in_place")
def _shifted(S):
    S -= S.max(axis=1, keepdims=True)  # right values, but the caller's array is changed
    return S


# --- cross_entropy ----------------------------------------------------------------------


@known.mistake("log_of_softmax")
def cross_entropy(S, y):
    S, y = _scores(S), _labels(y)
    with np.errstate(divide="ignore"):
        return -np.log(_correct(softmax(S), y))  # p = exp(-2000) rounds to 0: -log 0 = inf


@known.mistake("clipped_probability")
def cross_entropy(S, y):
    S, y = _scores(S), _labels(y)
    return -np.log(np.clip(_correct(softmax(S), y), 1e-7, 1.0))


@known.mistake("log2_instead_of_ln")
def cross_entropy(S, y):
    S, y = _scores(S), _labels(y)
    return -_correct(_log_softmax(S), y) / np.log(2.0)


@known.mistake("log10_instead_of_ln")
def cross_entropy(S, y):
    S, y = _scores(S), _labels(y)
    return -_correct(_log_softmax(S), y) / np.log(10.0)


@known.mistake("log10_in_log_sum_exp")
def _log_softmax(S):
    Z = _shifted(S)
    return Z - np.log10(np.exp(Z).sum(axis=1, keepdims=True))  # the shift is in ln units, the sum in log10


# --- per-sample losses returned as the batch mean ---------------------------------------


@known.mistake("batch_mean_returned")
def cross_entropy(S, y):
    S, y = _scores(S), _labels(y)
    return float(np.mean(-_correct(_log_softmax(S), y)))


@known.mistake("batch_mean_returned")
def hinge_loss(S, y, margin=1.0):
    S, y = _scores(S), _labels(y)
    return float(np.mean(_hinge_terms(S, y, margin).sum(axis=1)))


# --- hinge_loss -------------------------------------------------------------------------


@known.mistake("hinge_includes_correct_class")
def _hinge_terms(S, y, margin):
    return np.maximum(0.0, S - _correct(S, y)[:, None] + margin)  # j = y_i adds max(0, margin)


@known.mistake("hinge_difference_reversed")
def _hinge_terms(S, y, margin):
    terms = np.maximum(0.0, _correct(S, y)[:, None] - S + margin)  # s_{y_i} - s_j: rewards the wrong classes
    terms[np.arange(S.shape[0]), y] = 0.0
    return terms


@known.mistake("margin_fixed_at_one")
def _hinge_terms(S, y, margin):
    terms = np.maximum(0.0, S - _correct(S, y)[:, None] + 1.0)  # the slide's 1, not the argument
    terms[np.arange(S.shape[0]), y] = 0.0
    return terms


@known.mistake("hinge_max_over_classes")
def hinge_loss(S, y, margin=1.0):
    S, y = _scores(S), _labels(y)
    return _hinge_terms(S, y, margin).max(axis=1)


@known.mistake("hinge_divided_by_classes")
def hinge_loss(S, y, margin=1.0):
    S, y = _scores(S), _labels(y)
    return _hinge_terms(S, y, margin).sum(axis=1) / S.shape[1]  # torch's multi_margin_loss convention


# --- loss_gradient ----------------------------------------------------------------------


@known.mistake("gradient_of_sum")
def loss_gradient(S, y, kind, margin=1.0):
    S, y = _scores(S), _labels(y)
    rows = np.arange(S.shape[0])
    if kind == "cross_entropy":
        G = softmax(S)
        G[rows, y] -= 1.0
    elif kind == "hinge":
        G = (_hinge_terms(S, y, margin) > 0).astype(np.float64)
        G[rows, y] = -G.sum(axis=1)
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return G  # no 1/n


@known.mistake("kink_counts_as_active")
def loss_gradient(S, y, kind, margin=1.0):
    S, y = _scores(S), _labels(y)
    n, rows = S.shape[0], np.arange(S.shape[0])
    if kind == "cross_entropy":
        G = softmax(S)
        G[rows, y] -= 1.0
    elif kind == "hinge":
        G = (S - _correct(S, y)[:, None] + margin >= 0).astype(np.float64)  # H(0) = 1
        G[rows, y] = 0.0
        G[rows, y] = -G.sum(axis=1)
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return G / n


@known.mistake("hinge_gradient_correct_class_missing")
def loss_gradient(S, y, kind, margin=1.0):
    S, y = _scores(S), _labels(y)
    n, rows = S.shape[0], np.arange(S.shape[0])
    if kind == "cross_entropy":
        G = softmax(S)
        G[rows, y] -= 1.0
    elif kind == "hinge":
        G = (_hinge_terms(S, y, margin) > 0).astype(np.float64)  # d/ds_{y_i} forgotten
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return G / n


@known.mistake("hinge_gradient_correct_class_minus_one")
def loss_gradient(S, y, kind, margin=1.0):
    S, y = _scores(S), _labels(y)
    n, rows = S.shape[0], np.arange(S.shape[0])
    if kind == "cross_entropy":
        G = softmax(S)
        G[rows, y] -= 1.0
    elif kind == "hinge":
        G = (_hinge_terms(S, y, margin) > 0).astype(np.float64)
        G[rows, y] = -(G.sum(axis=1) > 0)  # -1 once, not once per active term
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return G / n


@known.mistake("ce_gradient_without_one_hot")
def loss_gradient(S, y, kind, margin=1.0):
    S, y = _scores(S), _labels(y)
    n, rows = S.shape[0], np.arange(S.shape[0])
    if kind == "cross_entropy":
        G = softmax(S)  # the -1 at the correct class is missing
    elif kind == "hinge":
        G = (_hinge_terms(S, y, margin) > 0).astype(np.float64)
        G[rows, y] = -G.sum(axis=1)
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return G / n


@known.mistake("ce_gradient_sign_flipped")
def loss_gradient(S, y, kind, margin=1.0):
    S, y = _scores(S), _labels(y)
    n, rows = S.shape[0], np.arange(S.shape[0])
    if kind == "cross_entropy":
        G = -softmax(S)
        G[rows, y] += 1.0  # one-hot minus p: the gradient of the log-likelihood, not of the loss
    elif kind == "hinge":
        G = (_hinge_terms(S, y, margin) > 0).astype(np.float64)
        G[rows, y] = -G.sum(axis=1)
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return G / n


# --- mse / mae --------------------------------------------------------------------------


@known.mistake("mean_over_samples_only")
def mse(pred, target):
    pred, target = _scores(pred), _scores(target)
    D = (pred - target) ** 2
    return float(np.mean(D.reshape(D.shape[0], -1).sum(axis=1)))  # eq. (39): sum over outputs


@known.mistake("mean_over_samples_only")
def mae(pred, target):
    pred, target = _scores(pred), _scores(target)
    D = np.abs(pred - target)
    return float(np.mean(D.reshape(D.shape[0], -1).sum(axis=1)))


@known.mistake("mae_without_abs")
def mae(pred, target):
    pred, target = _scores(pred), _scores(target)
    return float(np.mean(pred - target))  # signed errors: positive and negative ones cancel


@known.mistake("root_mean_squared_error")
def mse(pred, target):
    pred, target = _scores(pred), _scores(target)
    return float(np.sqrt(np.mean((pred - target) ** 2)))
