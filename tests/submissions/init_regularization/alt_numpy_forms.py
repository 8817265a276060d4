# Equivalent numpy forms: the legacy global generator, norms, a piecewise sign, keep probability.
import numpy as np


def fan_in_out(shape):
    rf = int(np.prod(shape[2:]))  # np.prod(()) == 1 for a linear layer
    return int(shape[1] * rf), int(shape[0] * rf)


STD = {
    "xavier": lambda fi, fo: 1 / np.sqrt(fi),
    "he": lambda fi, fo: np.sqrt(2) / np.sqrt(fi),
    "glorot": lambda fi, fo: np.sqrt(2 / (fi + fo)),
}


def init_std(kind, fan_in, fan_out=None):
    if kind not in STD:
        raise ValueError(kind)
    if kind == "glorot" and fan_out is None:
        raise ValueError("glorot without fan_out")
    return STD[kind](fan_in, fan_out)


def initialize(shape, kind, seed):
    if kind == "zeros":
        return np.zeros(shape)
    std = init_std(kind, *fan_in_out(shape))
    np.random.seed(seed)
    return std * np.random.randn(*shape)


def l2_penalty(w, alpha):
    return 0.5 * alpha * np.linalg.norm(np.ravel(w)) ** 2


def l2_grad(w, alpha):
    return np.multiply(w, alpha)


def l1_penalty(w, alpha):
    return alpha * np.linalg.norm(np.ravel(w), ord=1)


def l1_grad(w, alpha):
    w = np.asarray(w)
    return alpha * ((w > 0).astype(float) - (w < 0).astype(float))


def dropout_train(X, keep_mask, p, inverted=True):
    keep = 1.0 - p
    scale = 1.0 / keep if inverted else 1.0
    return X * np.asarray(keep_mask, dtype=float) * scale


def dropout_inference(X, p, inverted=True):
    if inverted:
        return X
    keep = 1.0 - p
    return keep * X
