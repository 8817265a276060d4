# WRONG: lr_schedule: the linear schedule uses a = k / T without the min(., 1), so after step T the rate keeps moving past lr_T.
import math
import numpy as np


def _a(x):
    return np.asarray(x, dtype=float)


def sgd_step(w, g, lr):
    return _a(w) - lr * _a(g)


def momentum_step(w, g, v, lr, beta=0.9):
    v_new = beta * _a(v) + lr * _a(g)
    return _a(w) - v_new, v_new


def adagrad_step(w, g, G, lr, eps=1e-8):
    g = _a(g)
    G_new = _a(G) + g ** 2
    return _a(w) - lr * g / (np.sqrt(G_new) + eps), G_new


def rmsprop_step(w, g, s, lr, rho=0.9, eps=1e-8):
    g = _a(g)
    s_new = rho * _a(s) + (1 - rho) * g ** 2
    return _a(w) - lr * g / (np.sqrt(s_new) + eps), s_new


def adam_step(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    g = _a(g)
    m_new = beta1 * _a(m) + (1 - beta1) * g
    v_new = beta2 * _a(v) + (1 - beta2) * g ** 2
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    return _a(w) - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


def lr_schedule(kind, k, lr0, **params):
    if kind == "step":
        return float(lr0 * params["factor"] ** (k // params["every"]))
    if kind == "linear":
        T = params["T"]
        a = k / T
        return float((1 - a) * lr0 + a * params["lr_T"])
    if kind == "exponential":
        return float(lr0 * math.exp(-params["gamma"] * k))
    raise ValueError("unknown schedule: %r" % (kind,))


def optimize_quadratic(A, b, w0, method, steps, lr, **hyper):
    if method not in ("sgd", "momentum", "adagrad", "rmsprop", "adam"):
        raise ValueError("unknown method: %r" % (method,))
    A, b = _a(A), _a(b)
    w = _a(w0).copy()
    s1 = np.zeros_like(w)     # velocity / first moment / accumulator
    s2 = np.zeros_like(w)     # second moment (adam)
    beta = hyper.get("beta", 0.9)
    rho = hyper.get("rho", 0.9)
    eps = hyper.get("eps", 1e-8)
    beta1, beta2 = hyper.get("beta1", 0.9), hyper.get("beta2", 0.999)
    traj = [w.copy()]
    for t in range(1, steps + 1):
        g = A @ w - b
        if method == "sgd":
            w = w - lr * g
        elif method == "momentum":
            s1 = beta * s1 + lr * g
            w = w - s1
        elif method == "adagrad":
            s1 = s1 + g * g
            w = w - lr * g / (np.sqrt(s1) + eps)
        elif method == "rmsprop":
            s1 = rho * s1 + (1 - rho) * g * g
            w = w - lr * g / (np.sqrt(s1) + eps)
        else:
            s1 = beta1 * s1 + (1 - beta1) * g
            s2 = beta2 * s2 + (1 - beta2) * g * g
            m_hat = s1 / (1 - beta1 ** t)
            v_hat = s2 / (1 - beta2 ** t)
            w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
        traj.append(w.copy())
    return np.array(traj)
