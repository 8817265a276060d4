"""Reference solution: loss functions (notes 004, "Hinge-Loss für mehrere Klassen",
"Softmax", "Kreuzentropie als Verlustfunktion"; notes 002, sections 3.10-3.13).

S has shape (n, C): one row of class scores per sample; y has shape (n,): the label of
each sample, an int in 0..C-1. Every per-sample loss has shape (n,).
"""
import numpy as np


def _scores(S):
    return np.asarray(S, dtype=np.float64)


def _labels(y):
    return np.asarray(y).astype(np.intp)


def _shifted(S):
    """S minus the maximum of its row: the same softmax, and no exp(s) > 1 to overflow."""
    return S - S.max(axis=1, keepdims=True)


def _log_softmax(S):
    """log softmax(S) row by row via log-sum-exp: finite wherever S is."""
    Z = _shifted(S)
    return Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))


def _correct(S, y):
    """The score of the right class of every sample, s_{y_i}, shape (n,)."""
    return S[np.arange(S.shape[0]), y]


def _hinge_terms(S, y, margin):
    """max(0, s_j - s_{y_i} + margin) for every j != y_i; the term j = y_i is 0."""
    terms = np.maximum(0.0, S - _correct(S, y)[:, None] + margin)
    terms[np.arange(S.shape[0]), y] = 0.0
    return terms


def softmax(S):
    E = np.exp(_shifted(_scores(S)))
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(S, y):
    S, y = _scores(S), _labels(y)
    return -_correct(_log_softmax(S), y)


def hinge_loss(S, y, margin=1.0):
    S, y = _scores(S), _labels(y)
    return _hinge_terms(S, y, margin).sum(axis=1)


def loss_gradient(S, y, kind, margin=1.0):
    S, y = _scores(S), _labels(y)
    n, rows = S.shape[0], np.arange(S.shape[0])
    if kind == "cross_entropy":
        G = softmax(S)                      # dL_i/ds_j = p_j - [j = y_i]
        G[rows, y] -= 1.0
    elif kind == "hinge":
        G = (_hinge_terms(S, y, margin) > 0).astype(np.float64)  # argument exactly 0: no gradient
        G[rows, y] -= G.sum(axis=1)         # s_{y_i} appears with -1 in every active term
    else:
        raise ValueError(f"unknown kind {kind!r}: use 'cross_entropy' or 'hinge'")
    return G / n                            # the gradient of the MEAN over the n samples


def mse(pred, target):
    pred, target = _scores(pred), _scores(target)
    return float(np.mean((pred - target) ** 2))


def mae(pred, target):
    pred, target = _scores(pred), _scores(target)
    return float(np.mean(np.abs(pred - target)))
