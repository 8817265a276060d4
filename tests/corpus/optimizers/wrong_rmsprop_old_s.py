# WRONG: rmsprop_step: updates w with the old s before computing s_new (divides by sqrt(s) + eps instead of sqrt(s_new) + eps).
import math
import numpy as np


def _vec(a):
    return np.array(a, dtype=float)     # always a fresh copy


def sgd_step(w, g, lr):
    w_new, g = _vec(w), _vec(g)
    for i in range(w_new.size):
        w_new.flat[i] -= lr * g.flat[i]
    return w_new


def momentum_step(w, g, v, lr, beta=0.9):
    w_new, g, v_new = _vec(w), _vec(g), _vec(v)
    for i in range(w_new.size):
        v_new.flat[i] = beta * v_new.flat[i] + lr * g.flat[i]
        w_new.flat[i] -= v_new.flat[i]
    return w_new, v_new


def adagrad_step(w, g, G, lr, eps=1e-8):
    w_new, g, G_new = _vec(w), _vec(g), _vec(G)
    for i in range(w_new.size):
        G_new.flat[i] += g.flat[i] * g.flat[i]
        w_new.flat[i] -= lr * g.flat[i] / (math.sqrt(G_new.flat[i]) + eps)
    return w_new, G_new


def rmsprop_step(w, g, s, lr, rho=0.9, eps=1e-8):
    w_new, g, s_new = _vec(w), _vec(g), _vec(s)
    for i in range(w_new.size):
        w_new.flat[i] -= lr * g.flat[i] / (math.sqrt(s_new.flat[i]) + eps)
        s_new.flat[i] = rho * s_new.flat[i] + (1 - rho) * g.flat[i] ** 2
    return w_new, s_new


def adam_step(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    w_new, g, m_new, v_new = _vec(w), _vec(g), _vec(m), _vec(v)
    c1 = 1 - beta1 ** t
    c2 = 1 - beta2 ** t
    for i in range(w_new.size):
        m_new.flat[i] = beta1 * m_new.flat[i] + (1 - beta1) * g.flat[i]
        v_new.flat[i] = beta2 * v_new.flat[i] + (1 - beta2) * g.flat[i] ** 2
        w_new.flat[i] -= lr * (m_new.flat[i] / c1) / (math.sqrt(v_new.flat[i] / c2) + eps)
    return w_new, m_new, v_new


def lr_schedule(kind, k, lr0, **params):
    if kind == "step":
        return lr0 * params["factor"] ** (k // params["every"])
    elif kind == "linear":
        a = min(k / params["T"], 1)
        return (1 - a) * lr0 + a * params["lr_T"]
    elif kind == "exponential":
        return lr0 * math.exp(-params["gamma"] * k)
    else:
        raise ValueError("unknown schedule: " + str(kind))


def optimize_quadratic(A, b, w0, method, steps, lr, **hyper):
    A, b, w = _vec(A), _vec(b), _vec(w0)
    d = w.size
    state = [np.zeros(d), np.zeros(d)]
    traj = np.zeros((steps + 1, d))
    traj[0] = w
    for k in range(1, steps + 1):
        g = np.zeros(d)
        for i in range(d):
            g[i] = sum(A[i, j] * w[j] for j in range(d)) - b[i]
        if method == "sgd":
            w = sgd_step(w, g, lr)
        elif method == "momentum":
            w, state[0] = momentum_step(w, g, state[0], lr, **hyper)
        elif method == "adagrad":
            w, state[0] = adagrad_step(w, g, state[0], lr, **hyper)
        elif method == "rmsprop":
            w, state[0] = rmsprop_step(w, g, state[0], lr, **hyper)
        elif method == "adam":
            w, state[0], state[1] = adam_step(w, g, state[0], state[1], k, lr, **hyper)
        else:
            raise ValueError("unknown method: " + str(method))
        traj[k] = w
    return traj
