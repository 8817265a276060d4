# CORRECT: explicit Python loops over shapes and entries, lookup table for the variances
import math
import numpy as np

VARIANCE = {
    "xavier": lambda fan_in, fan_out: 1.0 / fan_in,
    "glorot": lambda fan_in, fan_out: 2.0 / (fan_in + fan_out),
    "he": lambda fan_in, fan_out: 2.0 / fan_in,
}


def fan_in_out(shape):
    receptive_field = 1
    for k in shape[2:]:
        receptive_field *= k
    fan_in = shape[1] * receptive_field
    fan_out = shape[0] * receptive_field
    return fan_in, fan_out


def init_std(kind, fan_in, fan_out=None):
    if kind not in VARIANCE:
        raise ValueError("kind must be xavier, glorot or he, got " + repr(kind))
    if kind == "glorot" and fan_out is None:
        raise ValueError("glorot needs fan_in and fan_out")
    return math.sqrt(VARIANCE[kind](fan_in, fan_out))


def initialize(shape, kind, seed):
    rng = np.random.default_rng(seed)
    if kind == "zeros":
        return np.zeros(shape)
    std = init_std(kind, *fan_in_out(shape))
    return std * rng.standard_normal(shape)


def l2_penalty(w, alpha):
    total = 0.0
    for v in np.ravel(w):
        total += float(v) ** 2
    return alpha / 2 * total


def l2_grad(w, alpha):
    w = np.asarray(w, dtype=float)
    g = np.empty(w.shape)
    for idx in np.ndindex(w.shape):
        g[idx] = alpha * w[idx]
    return g


def l1_penalty(w, alpha):
    total = 0.0
    for v in np.ravel(w):
        total += abs(float(v))
    return alpha * total


def l1_grad(w, alpha):
    w = np.asarray(w, dtype=float)
    g = np.zeros(w.shape)
    for idx in np.ndindex(w.shape):
        if w[idx] > 0:
            g[idx] = alpha
        elif w[idx] < 0:
            g[idx] = -alpha
    return g


def dropout_train(X, keep_mask, p, inverted=True):
    X = np.asarray(X, dtype=float)
    mask = np.asarray(keep_mask)
    scale = 1.0 / (1.0 - p) if (inverted and p < 1) else 1.0
    Y = np.zeros(X.shape)
    for idx in np.ndindex(X.shape):
        if mask[idx]:
            Y[idx] = X[idx] * scale
    return Y


def dropout_inference(X, p, inverted=True):
    X = np.asarray(X, dtype=float)
    factor = 1.0 if inverted else 1.0 - p
    Y = np.empty(X.shape)
    for idx in np.ndindex(X.shape):
        Y[idx] = X[idx] * factor
    return Y
