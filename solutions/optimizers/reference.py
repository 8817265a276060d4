"""Reference solution: optimisers (lecture 001, eqs. 62-68; notes 004: schedules).

Every step works elementwise on parameter arrays of any shape (0-d, vectors, weight
matrices) and returns NEW arrays: it never writes into w, g or the optimiser's state.
"""
import math

import numpy as np


def _as_float(a):
    return np.asarray(a, dtype=np.float64)


def sgd_step(w, g, lr):
    """w - lr g (eq. 23)."""
    w, g = _as_float(w), _as_float(g)
    return w - lr * g


def momentum_step(w, g, v, lr, beta=0.9):
    """Eqs. 62-63: v_new = beta v + lr g, w_new = w - v_new (lr inside the velocity)."""
    w, g, v = _as_float(w), _as_float(g), _as_float(v)
    v_new = beta * v + lr * g
    return w - v_new, v_new


def adagrad_step(w, g, G, lr, eps=1e-8):
    """G_new = G + g^2 (every squared gradient so far), w_new = w - lr g / (sqrt(G_new) + eps)."""
    w, g, G = _as_float(w), _as_float(g), _as_float(G)
    G_new = G + g**2
    return w - lr * g / (np.sqrt(G_new) + eps), G_new


def rmsprop_step(w, g, s, lr, rho=0.9, eps=1e-8):
    """s_new = rho s + (1 - rho) g^2 (a moving average), w_new = w - lr g / (sqrt(s_new) + eps)."""
    w, g, s = _as_float(w), _as_float(g), _as_float(s)
    s_new = rho * s + (1.0 - rho) * g**2
    return w - lr * g / (np.sqrt(s_new) + eps), s_new


def adam_step(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """Eqs. 64-68 with t = this step's number (1 on the first step) and eps outside the root."""
    w, g, m, v = _as_float(w), _as_float(g), _as_float(m), _as_float(v)
    m_new = beta1 * m + (1.0 - beta1) * g
    v_new = beta2 * v + (1.0 - beta2) * g**2
    m_hat = m_new / (1.0 - beta1**t)
    v_hat = v_new / (1.0 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


def lr_schedule(kind, k, lr0, **params):
    """The learning rate of step k = 0, 1, ... (notes 004); parameters of other kinds are ignored."""
    if kind == "step":
        return lr0 * params["factor"] ** (k // params["every"])
    if kind == "linear":
        T = params["T"]
        a = 1.0 if T == 0 else min(k / T, 1.0)  # T = 0: lr_T from the start
        return (1.0 - a) * lr0 + a * params["lr_T"]
    if kind == "exponential":
        return lr0 * math.exp(-params["gamma"] * k)
    raise ValueError(f"unknown schedule {kind!r}: use 'step', 'linear' or 'exponential'")


def optimize_quadratic(A, b, w0, method, steps, lr, **hyper):
    """The trajectory w_0, ..., w_steps, shape (steps + 1, d), minimising 0.5 w.A w - b.w.

    The state (v; G; s; m and v) starts at zero and Adam's t at 1; `hyper` goes to the step
    function unchanged, so a name it does not know is a TypeError.
    """
    if method not in ("sgd", "momentum", "adagrad", "rmsprop", "adam"):
        raise ValueError(f"unknown method {method!r}")
    A, b, w = _as_float(A), _as_float(b), _as_float(w0)
    state = [np.zeros_like(w) for _ in range({"sgd": 0, "adam": 2}.get(method, 1))]
    path = [w]
    for t in range(1, steps + 1):
        g = A @ w - b
        if method == "sgd":
            w = sgd_step(w, g, lr, **hyper)
        elif method == "momentum":
            w, *state = momentum_step(w, g, *state, lr, **hyper)
        elif method == "adagrad":
            w, *state = adagrad_step(w, g, *state, lr, **hyper)
        elif method == "rmsprop":
            w, *state = rmsprop_step(w, g, *state, lr, **hyper)
        else:
            w, *state = adam_step(w, g, *state, t, lr, **hyper)
        path.append(w)
    return np.array(path)
