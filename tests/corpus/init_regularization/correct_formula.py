# CORRECT: equivalent formulas (fans from prod(shape), he = sqrt(2) * xavier, dot/norm penalties, np.where masks)
import math
import numpy as np


def fan_in_out(shape):
    total = int(np.prod(shape))
    # every output unit sees in*kh*kw weights, every input unit feeds out*kh*kw weights
    return total // shape[0], total // shape[1]


def init_std(kind, fan_in, fan_out=None):
    if kind in ("xavier", "he"):
        std = 1.0 / math.sqrt(fan_in)
        return std * math.sqrt(2.0) if kind == "he" else std
    if kind == "glorot" and fan_out is not None:
        return 1.0 / math.sqrt((fan_in + fan_out) / 2.0)  # 1 / average fan
    raise ValueError("bad kind or missing fan_out for glorot: %r" % (kind,))


def initialize(shape, kind, seed):
    shape = tuple(shape)
    if kind == "zeros":
        return np.zeros(shape)
    rng = np.random.RandomState(seed)
    return rng.normal(loc=0.0, scale=init_std(kind, *fan_in_out(shape)), size=shape)


def l2_penalty(w, alpha):
    v = np.ravel(w).astype(float)
    return 0.5 * alpha * float(np.dot(v, v))


def l2_grad(w, alpha):
    return np.multiply(w, alpha, dtype=float)


def l1_penalty(w, alpha):
    return alpha * float(np.linalg.norm(np.ravel(w), ord=1))


def l1_grad(w, alpha):
    w = np.asarray(w)
    return alpha * (w > 0).astype(float) - alpha * (w < 0).astype(float)


def dropout_train(X, keep_mask, p, inverted=True):
    keep = np.asarray(keep_mask).astype(bool)
    scale = 1.0 / (1.0 - p) if inverted and p != 1 else 1.0
    return np.where(keep, X * scale, 0.0)


def dropout_inference(X, p, inverted=True):
    return np.array(X, dtype=float, copy=True) if inverted else np.asarray(X) * (1.0 - p)
