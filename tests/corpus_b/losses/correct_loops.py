# CORRECT: explicit Python loops over samples and classes with the math module
import math
import numpy as np


def _row_lse(row):
    m = max(row)
    return m + math.log(sum(math.exp(s - m) for s in row))


def softmax(S):
    S = np.asarray(S, dtype=float)
    out = np.zeros(S.shape)
    for i in range(S.shape[0]):
        lse = _row_lse(S[i])
        for j in range(S.shape[1]):
            out[i, j] = math.exp(S[i, j] - lse)
    return out


def cross_entropy(S, y):
    S = np.asarray(S, dtype=float)
    losses = []
    for i in range(S.shape[0]):
        losses.append(_row_lse(S[i]) - S[i, int(y[i])])
    return np.array(losses)


def hinge_loss(S, y, margin=1.0):
    S = np.asarray(S, dtype=float)
    losses = []
    for i in range(S.shape[0]):
        yi = int(y[i])
        total = 0.0
        for j in range(S.shape[1]):
            if j != yi:
                total += max(0.0, S[i, j] - S[i, yi] + margin)
        losses.append(total)
    return np.array(losses)


def loss_gradient(S, y, kind, margin=1.0):
    if kind not in ("cross_entropy", "hinge"):
        raise ValueError("kind must be 'cross_entropy' or 'hinge'")
    S = np.asarray(S, dtype=float)
    n, C = S.shape
    grad = np.zeros((n, C))
    for i in range(n):
        yi = int(y[i])
        if kind == "cross_entropy":
            lse = _row_lse(S[i])
            for j in range(C):
                p = math.exp(S[i, j] - lse)
                grad[i, j] = (p - (1.0 if j == yi else 0.0)) / n
        else:
            for j in range(C):
                if j != yi and S[i, j] - S[i, yi] + margin > 0:
                    grad[i, j] += 1.0 / n
                    grad[i, yi] -= 1.0 / n
    return grad


def mse(pred, target):
    p = np.asarray(pred, dtype=float).ravel()
    t = np.asarray(target, dtype=float).ravel()
    return sum((a - b) ** 2 for a, b in zip(p, t)) / len(p)


def mae(pred, target):
    p = np.asarray(pred, dtype=float).ravel()
    t = np.asarray(target, dtype=float).ravel()
    return sum(abs(a - b) for a, b in zip(p, t)) / len(p)
