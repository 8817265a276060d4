# WRONG: mse: sums the squared errors over the outputs of each sample and averages only over samples (1/m sum_i ||y_i - mu_i||^2) instead of the mean over all entries.
import numpy as np


def _log_softmax(S):
    S = np.asarray(S, dtype=float)
    m = S.max(axis=1, keepdims=True)
    return S - m - np.log(np.sum(np.exp(S - m), axis=1, keepdims=True))


def softmax(S):
    return np.exp(_log_softmax(S))


def cross_entropy(S, y):
    y = np.asarray(y).astype(int)
    logp = _log_softmax(S)
    return -logp[np.arange(len(y)), y]


def _hinge_terms(S, y, margin):
    S = np.asarray(S, dtype=float)
    y = np.asarray(y).astype(int)
    rows = np.arange(len(y))
    M = S - S[rows, y][:, None] + margin
    M[rows, y] = 0.0
    return np.maximum(M, 0.0)


def hinge_loss(S, y, margin=1.0):
    return _hinge_terms(S, y, margin).sum(axis=1)


def loss_gradient(S, y, kind, margin=1.0):
    S = np.asarray(S, dtype=float)
    y = np.asarray(y).astype(int)
    n = S.shape[0]
    rows = np.arange(n)
    if kind == "cross_entropy":
        G = np.exp(_log_softmax(S))
        G[rows, y] -= 1.0
    elif kind == "hinge":
        G = (_hinge_terms(S, y, margin) > 0).astype(float)
        G[rows, y] = -G.sum(axis=1)
    else:
        raise ValueError("unknown loss kind: %r" % (kind,))
    return G / n


def mse(pred, target):
    d = np.asarray(pred, dtype=float) - np.asarray(target, dtype=float)
    if d.ndim == 1:
        return float(np.mean(d ** 2))
    return float(np.mean(np.sum(d ** 2, axis=1)))


def mae(pred, target):
    d = np.asarray(pred, dtype=float) - np.asarray(target, dtype=float)
    return float(np.mean(np.abs(d)))
