# CORRECT: numpy with np.random.default_rng(seed); torch's fan rule written out by hand
import math
import numpy as np


def _fans(shape):
    shape = tuple(int(s) for s in shape)
    if len(shape) < 2:
        raise ValueError("fan_in and fan_out need a weight with at least 2 dimensions")
    receptive_field = int(np.prod(shape[2:])) if len(shape) > 2 else 1
    return shape[1] * receptive_field, shape[0] * receptive_field


def fan_in_out(shape):
    return _fans(shape)


def _std(kind, fan_in, fan_out=None):
    if kind == "xavier":
        return math.sqrt(1.0 / fan_in)
    if kind == "glorot":
        if fan_out is None:
            raise ValueError("glorot needs fan_out")
        return math.sqrt(2.0 / (fan_in + fan_out))
    if kind == "he":
        return math.sqrt(2.0 / fan_in)
    if kind == "zeros":
        return 0.0
    raise ValueError("unknown initialisation: %r" % (kind,))


def init_std(kind, fan_in, fan_out=None):
    return _std(kind, fan_in, fan_out)


def initialize(shape, kind, seed):
    shape = tuple(shape)
    if kind == "zeros":
        return np.zeros(shape)
    fan_in, fan_out = _fans(shape)
    std = _std(kind, fan_in, fan_out)
    rng = np.random.default_rng(seed)
    return rng.normal(0.0, std, size=shape)


def l2_penalty(w, alpha):
    w = np.asarray(w, dtype=float)
    return float(alpha / 2.0 * np.sum(w ** 2))


def l2_grad(w, alpha):
    return alpha * np.asarray(w, dtype=float)


def l1_penalty(w, alpha):
    return float(alpha * np.sum(np.abs(np.asarray(w, dtype=float))))


def l1_grad(w, alpha):
    return alpha * np.sign(np.asarray(w, dtype=float))


def dropout_train(X, keep_mask, p, inverted=True):
    X = np.asarray(X, dtype=float)
    keep = np.asarray(keep_mask).astype(bool)
    Y = np.where(keep, X, 0.0)
    if inverted:
        Y = Y / (1.0 - p) if p < 1 else np.zeros_like(X)
    return Y


def dropout_inference(X, p, inverted=True):
    X = np.asarray(X, dtype=float)
    if inverted:
        return X.copy()
    return X * (1.0 - p)
