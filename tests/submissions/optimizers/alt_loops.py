"""Optimisers with explicit loops over the entries (a student who does not trust broadcasting)."""
import math

import numpy as np


def _entries(*arrays):
    """Float copies of the arrays, flattened, and the shape to return."""
    shape = np.shape(arrays[0])
    return [np.array(a, dtype=float).reshape(-1) for a in arrays], shape


def sgd_step(w, g, lr):
    (w, g), shape = _entries(w, g)
    out = np.zeros(len(w))
    for i in range(len(w)):
        out[i] = w[i] - lr * g[i]
    return out.reshape(shape)


def momentum_step(w, g, v, lr, beta=0.9):
    (w, g, v), shape = _entries(w, g, v)
    w_new, v_new = np.zeros(len(w)), np.zeros(len(w))
    for i in range(len(w)):
        v_new[i] = beta * v[i] + lr * g[i]
        w_new[i] = w[i] - v_new[i]
    return w_new.reshape(shape), v_new.reshape(shape)


def adagrad_step(w, g, G, lr, eps=1e-8):
    (w, g, G), shape = _entries(w, g, G)
    w_new, G_new = np.zeros(len(w)), np.zeros(len(w))
    for i in range(len(w)):
        G_new[i] = G[i] + g[i] * g[i]
        w_new[i] = w[i] - lr * g[i] / (math.sqrt(G_new[i]) + eps)
    return w_new.reshape(shape), G_new.reshape(shape)


def rmsprop_step(w, g, s, lr, rho=0.9, eps=1e-8):
    (w, g, s), shape = _entries(w, g, s)
    w_new, s_new = np.zeros(len(w)), np.zeros(len(w))
    for i in range(len(w)):
        s_new[i] = rho * s[i] + (1 - rho) * g[i] ** 2
        w_new[i] = w[i] - lr * g[i] / (math.sqrt(s_new[i]) + eps)
    return w_new.reshape(shape), s_new.reshape(shape)


def adam_step(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    (w, g, m, v), shape = _entries(w, g, m, v)
    w_new, m_new, v_new = np.zeros(len(w)), np.zeros(len(w)), np.zeros(len(w))
    for i in range(len(w)):
        m_new[i] = beta1 * m[i] + (1 - beta1) * g[i]
        v_new[i] = beta2 * v[i] + (1 - beta2) * g[i] ** 2
        m_hat = m_new[i] / (1 - beta1**t)
        v_hat = v_new[i] / (1 - beta2**t)
        w_new[i] = w[i] - lr * m_hat / (math.sqrt(v_hat) + eps)
    return w_new.reshape(shape), m_new.reshape(shape), v_new.reshape(shape)


def lr_schedule(kind, k, lr0, **params):
    if kind == "step":
        lr = lr0
        for j in range(1, k + 1):  # one more decay at every multiple of `every`
            if j % params["every"] == 0:
                lr *= params["factor"]
        return lr
    elif kind == "linear":
        if k >= params["T"]:
            return params["lr_T"]
        return lr0 + (params["lr_T"] - lr0) * k / params["T"]
    elif kind == "exponential":
        return lr0 * math.exp(-params["gamma"] * k)
    else:
        raise ValueError("unknown schedule")


def optimize_quadratic(A, b, w0, method, steps, lr, **hyper):
    A, b = np.array(A, dtype=float), np.array(b, dtype=float)
    d = len(w0)
    w = np.array(w0, dtype=float)
    trajectory = np.zeros((steps + 1, d))
    trajectory[0] = w
    if method == "sgd":
        for k in range(steps):
            grad = np.array([sum(A[i, j] * w[j] for j in range(d)) - b[i] for i in range(d)])
            w = sgd_step(w, grad, lr, **hyper)
            trajectory[k + 1] = w
    elif method == "momentum":
        v = np.zeros(d)
        for k in range(steps):
            grad = np.array([sum(A[i, j] * w[j] for j in range(d)) - b[i] for i in range(d)])
            w, v = momentum_step(w, grad, v, lr, **hyper)
            trajectory[k + 1] = w
    elif method == "adagrad":
        G = np.zeros(d)
        for k in range(steps):
            grad = np.array([sum(A[i, j] * w[j] for j in range(d)) - b[i] for i in range(d)])
            w, G = adagrad_step(w, grad, G, lr, **hyper)
            trajectory[k + 1] = w
    elif method == "rmsprop":
        s = np.zeros(d)
        for k in range(steps):
            grad = np.array([sum(A[i, j] * w[j] for j in range(d)) - b[i] for i in range(d)])
            w, s = rmsprop_step(w, grad, s, lr, **hyper)
            trajectory[k + 1] = w
    elif method == "adam":
        m, v = np.zeros(d), np.zeros(d)
        for k in range(steps):
            grad = np.array([sum(A[i, j] * w[j] for j in range(d)) - b[i] for i in range(d)])
            w, m, v = adam_step(w, grad, m, v, k + 1, lr, **hyper)
            trajectory[k + 1] = w
    else:
        raise ValueError(f"method {method} does not exist")
    return trajectory
