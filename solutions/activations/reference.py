"""Reference solution: activation functions and their derivatives (lecture 001, notes 004).

Every function works elementwise on a float array of any shape (0-d and empty included)
and stays finite for |z| up to 1000 and beyond.
"""
import numpy as np

LEAK = 0.01  # the slope of the leaky ReLU for z <= 0 (notes 004: max(0.01 z, z))


def sigmoid(z):
    """1 / (1 + e^-z), with e^-|z| only, so that nothing overflows for large |z|."""
    e = np.exp(-np.abs(z))  # in (0, 1]
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def tanh(z):
    return np.tanh(z)


def relu(z):
    return np.maximum(z, 0.0)


def leaky_relu(z):
    return np.where(z > 0, z, LEAK * z)


def swish(z):
    return z * sigmoid(z)


def softplus(z):
    """log(1 + e^z) = max(z, 0) + log(1 + e^-|z|), without overflow."""
    return np.logaddexp(0.0, z)


def sigmoid_grad(z):
    """sigma(z) (1 - sigma(z)) (eq. 11); 1 - sigma(z) = sigma(-z) keeps full precision where sigma(z) is near 1."""
    return sigmoid(z) * sigmoid(-z)


def tanh_grad(z):
    """1 - tanh^2(z) (lecture 001) = 1 / cosh^2(z), written with e^-|z| only.

    The same value; it stays exact where tanh(z) rounds to +-1 (|z| > 19) and cosh(z) overflows (|z| > 710).
    """
    e = np.exp(-np.abs(z))
    return (2.0 * e / (1.0 + e * e)) ** 2


def relu_grad(z):
    """1 for z > 0, 0 for z <= 0: the lecture's case split puts z = 0 on the flat side."""
    return np.where(z > 0, 1.0, 0.0)


def leaky_relu_grad(z):
    return np.where(z > 0, 1.0, LEAK)


def swish_grad(z):
    """Product rule on z * sigma(z): sigma(z) + z sigma'(z)."""
    return sigmoid(z) + z * sigmoid_grad(z)


def softplus_grad(z):
    """Chain rule: e^z / (1 + e^z) = sigma(z)."""
    return sigmoid(z)


def functions(name):
    """(f, f') for an activation's name; ValueError for an unknown name."""
    table = {
        "sigmoid": (sigmoid, sigmoid_grad),
        "tanh": (tanh, tanh_grad),
        "relu": (relu, relu_grad),
        "leaky_relu": (leaky_relu, leaky_relu_grad),
        "swish": (swish, swish_grad),
        "softplus": (softplus, softplus_grad),
    }
    if not isinstance(name, str) or name not in table:
        raise ValueError(f"unknown activation {name!r}; known: {', '.join(table)}")
    return table[name]


def activation(name, z):
    f, _ = functions(name)
    return np.asarray(f(np.asarray(z, dtype=float)), dtype=float)


def activation_grad(name, z):
    _, df = functions(name)
    return np.asarray(df(np.asarray(z, dtype=float)), dtype=float)
