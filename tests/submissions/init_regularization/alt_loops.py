# Written with explicit loops and Python's random module, as a student might.
import math
import random

import numpy as np


def fan_in_out(shape):
    receptive = 1
    for k in shape[2:]:
        receptive = receptive * k
    fan_in = shape[1] * receptive
    fan_out = shape[0] * receptive
    return fan_in, fan_out


def init_std(kind, fan_in, fan_out=None):
    if kind == "xavier":
        var = 1 / fan_in
    elif kind == "glorot":
        if fan_out is None:
            raise ValueError("glorot needs fan_out")
        var = 2 / (fan_in + fan_out)
    elif kind == "he":
        var = 2 / fan_in
    else:
        raise ValueError("unknown kind " + str(kind))
    return math.sqrt(var)


def initialize(shape, kind, seed):
    if kind == "zeros":
        return np.zeros(shape)
    fan_in, fan_out = fan_in_out(shape)
    std = init_std(kind, fan_in, fan_out)
    gen = random.Random(seed)
    size = 1
    for s in shape:
        size *= s
    values = [gen.gauss(0.0, std) for _ in range(size)]
    return np.array(values).reshape(shape)


def l2_penalty(w, alpha):
    total = 0.0
    for v in np.asarray(w).flat:
        total += v * v
    return alpha / 2 * total


def l2_grad(w, alpha):
    w = np.asarray(w)
    g = np.zeros(w.shape)
    for idx in np.ndindex(w.shape):
        g[idx] = alpha * w[idx]
    return g


def l1_penalty(w, alpha):
    total = 0.0
    for v in np.asarray(w).flat:
        total += abs(v)
    return alpha * total


def l1_grad(w, alpha):
    w = np.asarray(w)
    g = np.zeros(w.shape)
    for idx in np.ndindex(w.shape):
        if w[idx] > 0:
            g[idx] = alpha
        elif w[idx] < 0:
            g[idx] = -alpha
        else:
            g[idx] = 0.0
    return g


def dropout_train(X, keep_mask, p, inverted=True):
    X = np.asarray(X)
    Y = np.zeros(X.shape)
    for idx in np.ndindex(X.shape):
        if keep_mask[idx]:
            if inverted:
                Y[idx] = X[idx] / (1 - p)
            else:
                Y[idx] = X[idx]
    return Y


def dropout_inference(X, p, inverted=True):
    X = np.asarray(X)
    Y = np.zeros(X.shape)
    for idx in np.ndindex(X.shape):
        Y[idx] = X[idx] if inverted else X[idx] * (1 - p)
    return Y
