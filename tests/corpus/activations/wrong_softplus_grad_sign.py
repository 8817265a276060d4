# WRONG: activation_grad: softplus'(z) given as 1 / (1 + e^z) = sigmoid(-z) (sign slip in the chain rule) instead of sigmoid(z).
import numpy as np


def _sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))            # 1 / (1 + e^-z) = exp(-log(1 + e^-z))


def _tanh(z):
    e = np.exp(-2.0 * np.abs(z))
    return np.sign(z) * -np.expm1(-2.0 * np.abs(z)) / (1.0 + e)


def _softplus(z):
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def activation(name, z):
    z = np.asarray(z, dtype=float)
    if name == "sigmoid":
        return _sigmoid(z)
    elif name == "tanh":
        return _tanh(z)
    elif name == "relu":
        return (z + np.abs(z)) / 2
    elif name == "leaky_relu":
        return np.maximum(0.01 * z, z)               # notes 004: max(0.01 a, a)
    elif name == "swish":
        return z * _sigmoid(z)
    elif name == "softplus":
        return _softplus(z)
    else:
        raise ValueError("no such activation: " + repr(name))


def activation_grad(name, z):
    z = np.asarray(z, dtype=float)
    if name == "sigmoid":
        return _sigmoid(z) * _sigmoid(-z)
    elif name == "tanh":
        e = np.exp(-2.0 * np.abs(z))
        return 4.0 * e / (1.0 + e) ** 2              # 1 - tanh^2 = 1 / cosh^2
    elif name == "relu":
        return np.heaviside(z, 0.0)
    elif name == "leaky_relu":
        return 0.01 + 0.99 * np.heaviside(z, 0.0)
    elif name == "swish":
        return _sigmoid(z) * (1.0 + z * _sigmoid(-z))
    elif name == "softplus":
        return _sigmoid(-z)
    else:
        raise ValueError("no such activation: " + repr(name))
