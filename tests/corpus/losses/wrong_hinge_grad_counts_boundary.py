# WRONG: loss_gradient: for the hinge, counts terms whose argument is exactly 0 as active (>= 0 instead of > 0).
import numpy as np


def _log_softmax(S):
    S = np.asarray(S, dtype=float)
    return S - np.logaddexp.reduce(S, axis=1, keepdims=True)


def softmax(S):
    return np.exp(_log_softmax(S))


def cross_entropy(S, y):
    y = np.asarray(y, dtype=int)
    return -np.take_along_axis(_log_softmax(S), y[:, None], axis=1)[:, 0]


def hinge_loss(S, y, margin=1.0):
    S = np.asarray(S, dtype=float)
    y = np.asarray(y, dtype=int)
    sy = np.take_along_axis(S, y[:, None], axis=1)
    is_y = np.arange(S.shape[1])[None, :] == y[:, None]
    return np.where(is_y, 0.0, np.maximum(0.0, S - sy + margin)).sum(axis=1)


def loss_gradient(S, y, kind, margin=1.0):
    S = np.asarray(S, dtype=float)
    y = np.asarray(y, dtype=int)
    n, C = S.shape
    is_y = np.arange(C)[None, :] == y[:, None]
    if kind == "cross_entropy":
        G = softmax(S) - np.where(is_y, 1.0, 0.0)
    elif kind == "hinge":
        sy = np.take_along_axis(S, y[:, None], axis=1)
        active = np.where((S - sy + margin >= 0) & ~is_y, 1.0, 0.0)
        G = np.where(is_y, -active.sum(axis=1, keepdims=True), active)
    else:
        raise ValueError("kind must be 'cross_entropy' or 'hinge'")
    return G / n if n else G


def mse(pred, target):
    d = np.subtract(pred, target, dtype=float)
    return float(np.sum(d * d) / d.size)


def mae(pred, target):
    d = np.subtract(pred, target, dtype=float)
    return float(np.sum(np.abs(d)) / d.size)
