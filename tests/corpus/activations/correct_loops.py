# CORRECT: scalar math functions applied element by element in a Python loop over z.flat
import math
import numpy as np


def _sig(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _softplus(x):
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


FUNCS = {
    "sigmoid": _sig,
    "tanh": math.tanh,
    "relu": lambda x: x if x > 0 else 0.0,
    "leaky_relu": lambda x: x if x > 0 else 0.01 * x,
    "swish": lambda x: x * _sig(x),
    "softplus": _softplus,
}

DERIVS = {
    "sigmoid": lambda x: _sig(x) * (1.0 - _sig(x)),
    "tanh": lambda x: 1.0 - math.tanh(x) ** 2,
    "relu": lambda x: 1.0 if x > 0 else 0.0,
    "leaky_relu": lambda x: 1.0 if x > 0 else 0.01,
    "swish": lambda x: _sig(x) + x * _sig(x) * (1.0 - _sig(x)),
    "softplus": _sig,
}


def _apply(table, name, z):
    if name not in table:
        raise ValueError("unknown activation: %s" % name)
    f = table[name]
    z = np.asarray(z, dtype=float)
    out = np.empty(z.shape)
    for i, x in enumerate(z.flat):
        out.flat[i] = f(float(x))
    return out


def activation(name, z):
    return _apply(FUNCS, name, z)


def activation_grad(name, z):
    return _apply(DERIVS, name, z)
