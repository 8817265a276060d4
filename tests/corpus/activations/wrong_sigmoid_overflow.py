# WRONG: activation: the sigmoid helper computes exp(z) / (1 + exp(z)), which is inf/inf = nan for z around 1000 (also breaks swish and the derivatives that use it).
import numpy as np

NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "swish", "softplus")


def _sigmoid(z):
    e = np.exp(z)
    return e / (1.0 + e)


def activation(name, z):
    z = np.asarray(z, dtype=float)
    if name == "sigmoid":
        return _sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.where(z > 0, z, 0.0)
    if name == "leaky_relu":
        return np.where(z > 0, z, 0.01 * z)
    if name == "swish":
        return z * _sigmoid(z)
    if name == "softplus":
        return np.logaddexp(0.0, z)
    raise ValueError(f"unknown activation {name!r}, expected one of {NAMES}")


def activation_grad(name, z):
    z = np.asarray(z, dtype=float)
    if name == "sigmoid":
        s = _sigmoid(z)
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 - np.tanh(z) ** 2
    if name == "relu":
        return np.where(z > 0, 1.0, 0.0)
    if name == "leaky_relu":
        return np.where(z > 0, 1.0, 0.01)
    if name == "swish":
        s = _sigmoid(z)
        return s + z * s * (1.0 - s)
    if name == "softplus":
        return _sigmoid(z)
    raise ValueError(f"unknown activation {name!r}, expected one of {NAMES}")
