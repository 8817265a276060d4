# WRONG: loss_gradient: the hinge gradient puts +1 at the active classes j but forgets the -(number of active j) at the true class y_i.
import numpy as np


def softmax(S):
    S = np.asarray(S, dtype=float)
    E = np.exp(S - S.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(S, y):
    S = np.asarray(S, dtype=float)
    y = np.asarray(y, dtype=int)
    m = S.max(axis=1)
    lse = m + np.log(np.exp(S - m[:, None]).sum(axis=1))
    return lse - S[np.arange(len(y)), y]


def _margins(S, y, margin):
    rows = np.arange(S.shape[0])
    A = S - S[rows, y][:, None] + margin
    A[rows, y] = 0.0          # the j = y_i term is not part of the sum
    return A


def hinge_loss(S, y, margin=1.0):
    S = np.asarray(S, dtype=float)
    y = np.asarray(y, dtype=int)
    return np.maximum(0.0, _margins(S, y, margin)).sum(axis=1)


def loss_gradient(S, y, kind, margin=1.0):
    S = np.asarray(S, dtype=float)
    y = np.asarray(y, dtype=int)
    n = S.shape[0]
    rows = np.arange(n)
    if kind == "cross_entropy":
        G = softmax(S)
        G[rows, y] -= 1.0
    elif kind == "hinge":
        G = (_margins(S, y, margin) > 0).astype(float)
    else:
        raise ValueError(f"unknown loss kind {kind!r}")
    return G / max(n, 1)


def mse(pred, target):
    d = np.asarray(pred, dtype=float) - np.asarray(target, dtype=float)
    return float(np.mean(d ** 2))


def mae(pred, target):
    d = np.asarray(pred, dtype=float) - np.asarray(target, dtype=float)
    return float(np.mean(np.abs(d)))
