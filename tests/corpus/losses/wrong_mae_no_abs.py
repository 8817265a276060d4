# WRONG: mae: averages the signed differences pred - target without taking the absolute value, so errors cancel.
import math
import numpy as np


def _logsumexp(row):
    m = max(row)
    return m + math.log(sum(math.exp(s - m) for s in row))


def softmax(S):
    S = np.asarray(S, dtype=float)
    n, C = S.shape
    P = np.zeros((n, C))
    for i in range(n):
        lse = _logsumexp(S[i])
        for j in range(C):
            P[i, j] = math.exp(S[i, j] - lse)
    return P


def cross_entropy(S, y):
    S = np.asarray(S, dtype=float)
    losses = []
    for i in range(S.shape[0]):
        losses.append(_logsumexp(S[i]) - S[i, int(y[i])])
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
    G = np.zeros((n, C))
    for i in range(n):
        yi = int(y[i])
        if kind == "cross_entropy":
            lse = _logsumexp(S[i])
            for j in range(C):
                G[i, j] = math.exp(S[i, j] - lse) / n
            G[i, yi] -= 1.0 / n
        else:
            for j in range(C):
                if j != yi and S[i, j] - S[i, yi] + margin > 0:
                    G[i, j] += 1.0 / n
                    G[i, yi] -= 1.0 / n
    return G


def mse(pred, target):
    p = np.asarray(pred, dtype=float).ravel()
    t = np.asarray(target, dtype=float).ravel()
    total = 0.0
    for a, b in zip(p, t):
        total += (a - b) ** 2
    return total / len(p)


def mae(pred, target):
    p = np.asarray(pred, dtype=float).ravel()
    t = np.asarray(target, dtype=float).ravel()
    total = 0.0
    for a, b in zip(p, t):
        total += a - b
    return total / len(p)
