"""A correct submission with algebraically equivalent formulas: a one-hot matrix instead of
fancy indexing, log-sum-exp via np.logaddexp.reduce, the softmax as exp(log-softmax), and the
hinge gradient as a matrix of active terms minus the one-hot matrix times their count."""
import numpy as np


def _onehot(y, C):
    return np.eye(C)[np.asarray(y)]


def _log_softmax(S):
    S = np.asarray(S, dtype=float)
    return S - np.logaddexp.reduce(S, axis=1)[:, None]


def softmax(S):
    return np.exp(_log_softmax(S))


def cross_entropy(S, y):
    S = np.asarray(S, dtype=float)
    return -np.sum(_onehot(y, S.shape[1]) * _log_softmax(S), axis=1)


def _active_args(S, y, margin):
    S = np.asarray(S, dtype=float)
    Y = _onehot(y, S.shape[1])
    correct = np.sum(Y * S, axis=1, keepdims=True)
    return (S - correct + margin) * (1 - Y), Y


def hinge_loss(S, y, margin=1.0):
    args, _ = _active_args(S, y, margin)
    return np.clip(args, 0, None).sum(axis=1)


def loss_gradient(S, y, kind, margin=1.0):
    S = np.asarray(S, dtype=float)
    if kind == "cross_entropy":
        return (softmax(S) - _onehot(y, S.shape[1])) / len(S)
    if kind == "hinge":
        args, Y = _active_args(S, y, margin)
        A = np.where(args > 0, 1.0, 0.0)
        return (A - Y * A.sum(axis=1, keepdims=True)) / len(S)
    raise ValueError("unknown kind")


def mse(pred, target):
    d = np.ravel(np.asarray(pred, dtype=float) - np.asarray(target, dtype=float))
    return float(d @ d / d.size)


def mae(pred, target):
    d = np.ravel(np.asarray(pred, dtype=float) - np.asarray(target, dtype=float))
    return float(np.linalg.norm(d, 1) / d.size)
