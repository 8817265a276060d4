# CORRECT: torch float64 tensors; optimize_quadratic reuses the step functions
import math
import numpy as np
import torch


def _t(x):
    return torch.as_tensor(np.asarray(x, dtype=np.float64))


def sgd_step(w, g, lr):
    return _t(w) - lr * _t(g)


def momentum_step(w, g, v, lr, beta=0.9):
    v_new = beta * _t(v) + lr * _t(g)
    return _t(w) - v_new, v_new


def adagrad_step(w, g, G, lr, eps=1e-8):
    g = _t(g)
    G_new = _t(G) + g * g
    return _t(w) - lr * g / (torch.sqrt(G_new) + eps), G_new


def rmsprop_step(w, g, s, lr, rho=0.9, eps=1e-8):
    g = _t(g)
    s_new = rho * _t(s) + (1 - rho) * g * g
    return _t(w) - lr * g / (torch.sqrt(s_new) + eps), s_new


def adam_step(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    g = _t(g)
    m_new = beta1 * _t(m) + (1 - beta1) * g
    v_new = beta2 * _t(v) + (1 - beta2) * g * g
    step = lr * (m_new / (1 - beta1 ** t)) / (torch.sqrt(v_new / (1 - beta2 ** t)) + eps)
    return _t(w) - step, m_new, v_new


def lr_schedule(kind, k, lr0, **params):
    if kind == "step":
        return lr0 * params["factor"] ** math.floor(k / params["every"])
    elif kind == "linear":
        alpha = 1.0 if k >= params["T"] else k / params["T"]
        return lr0 + alpha * (params["lr_T"] - lr0)
    elif kind == "exponential":
        return lr0 * math.exp(-params["gamma"] * k)
    else:
        raise ValueError("unknown learning-rate schedule " + str(kind))


def optimize_quadratic(A, b, w0, method, steps, lr, **hyper):
    if method not in ("sgd", "momentum", "adagrad", "rmsprop", "adam"):
        raise ValueError("unknown method " + str(method))
    A, b, w = _t(A), _t(b), _t(w0).clone()
    state1, state2 = torch.zeros_like(w), torch.zeros_like(w)
    trajectory = [w]
    for k in range(steps):
        g = A @ w - b
        if method == "sgd":
            w = sgd_step(w, g, lr)
        elif method == "momentum":
            w, state1 = momentum_step(w, g, state1, lr, **hyper)
        elif method == "adagrad":
            w, state1 = adagrad_step(w, g, state1, lr, **hyper)
        elif method == "rmsprop":
            w, state1 = rmsprop_step(w, g, state1, lr, **hyper)
        elif method == "adam":
            w, state1, state2 = adam_step(w, g, state1, state2, k + 1, lr, **hyper)
        trajectory.append(w)
    return torch.stack(trajectory)
