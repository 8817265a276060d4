# WRONG: activation_grad: swish'(z) is only z * sigmoid'(z); the product rule's sigmoid(z) term is missing.
import numpy as np

NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "swish", "softplus")


def _sigmoid(z):
    e = np.exp(-np.abs(z))            # never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


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
        return z * s * (1.0 - s)
    if name == "softplus":
        return _sigmoid(z)
    raise ValueError(f"unknown activation {name!r}, expected one of {NAMES}")
