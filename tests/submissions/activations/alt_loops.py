"""A correct submission written element by element with the math module (explicit loops)."""
import math

import numpy as np


def sigmoid(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)  # x < 0: e^x cannot overflow
    return e / (1.0 + e)


def softplus(x):
    # log(1 + e^x) = max(x, 0) + log(1 + e^-|x|)
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def f_and_df(name, x):
    if name == "sigmoid":
        s = sigmoid(x)
        return s, s * (1 - s)
    elif name == "tanh":
        t = math.tanh(x)
        return t, 1 - t * t
    elif name == "relu":
        if x > 0:
            return x, 1.0
        return 0.0, 0.0
    elif name == "leaky_relu":
        if x > 0:
            return x, 1.0
        return 0.01 * x, 0.01
    elif name == "swish":
        s = sigmoid(x)
        return x * s, s + x * s * (1 - s)
    elif name == "softplus":
        return softplus(x), sigmoid(x)
    else:
        raise ValueError("unknown activation: " + repr(name))


def apply(name, z, which):
    if name not in ("sigmoid", "tanh", "relu", "leaky_relu", "swish", "softplus"):
        raise ValueError("unknown activation: " + repr(name))
    z = np.asarray(z, dtype=float)
    out = np.empty(z.shape)
    for idx in np.ndindex(z.shape):
        out[idx] = f_and_df(name, float(z[idx]))[which]
    return out


def activation(name, z):
    return apply(name, z, 0)


def activation_grad(name, z):
    return apply(name, z, 1)
