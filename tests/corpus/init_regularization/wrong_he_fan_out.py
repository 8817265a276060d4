# WRONG: init_std: He uses fan_out, sqrt(2 / fan_out), instead of fan_in.
import math
import numpy as np


def fan_in_out(shape):
    shape = tuple(shape)
    receptive = int(np.prod(shape[2:])) if len(shape) > 2 else 1  # kh * kw for conv weights
    return shape[1] * receptive, shape[0] * receptive


def init_std(kind, fan_in, fan_out=None):
    if kind == "xavier":
        return math.sqrt(1.0 / fan_in)
    if kind == "glorot":
        if fan_out is None:
            raise ValueError("glorot needs fan_out")
        return math.sqrt(2.0 / (fan_in + fan_out))
    if kind == "he":
        return math.sqrt(2.0 / fan_out)
    raise ValueError(f"unknown init kind {kind!r}")


def initialize(shape, kind, seed):
    if kind == "zeros":
        return np.zeros(shape)
    receptive = int(np.prod(shape[2:]))
    fan_in, fan_out = shape[1] * receptive, shape[0] * receptive
    variances = {"xavier": 1 / fan_in, "glorot": 2 / (fan_in + fan_out), "he": 2 / fan_in}
    if kind not in variances:
        raise ValueError(f"unknown init kind {kind!r}")
    return np.random.default_rng(seed).normal(0.0, math.sqrt(variances[kind]), size=shape)


def l2_penalty(w, alpha):
    return float(alpha / 2 * np.sum(np.asarray(w) ** 2))


def l2_grad(w, alpha):
    return alpha * np.asarray(w, dtype=float)


def l1_penalty(w, alpha):
    return float(alpha * np.sum(np.abs(w)))


def l1_grad(w, alpha):
    return alpha * np.sign(w)  # np.sign(0) = 0


def dropout_train(X, keep_mask, p, inverted=True):
    Y = X * np.asarray(keep_mask, dtype=float)
    if inverted:
        Y = Y / (1.0 - p) if p < 1 else np.zeros_like(Y)
    return Y


def dropout_inference(X, p, inverted=True):
    if inverted:
        return np.array(X, dtype=float)  # a copy, unchanged
    return X * (1.0 - p)
