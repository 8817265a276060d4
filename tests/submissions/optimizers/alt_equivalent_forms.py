"""Optimisers written in equivalent forms: copies updated in place, the momentum of slides 004
inside optimize_quadratic (v / lr, the same trajectory for a constant lr), Adam in the
'efficient' form of Kingma & Ba (section 2), and schedules from a table of lambdas."""
import math

import numpy as np


def sgd_step(w, g, lr):
    w_new = np.array(w, dtype=np.float64)  # a copy: updating it in place is fine
    w_new -= lr * np.asarray(g)
    return w_new


def momentum_step(w, g, v, lr, beta=0.9):
    v_new = np.multiply(v, beta)
    v_new += np.multiply(g, lr)
    return np.subtract(w, v_new), v_new


def adagrad_step(w, g, G, lr, eps=1e-8):
    G_new = np.add(G, np.square(g))
    return w - lr * np.divide(g, np.sqrt(G_new) + eps), G_new


def rmsprop_step(w, g, s, lr, rho=0.9, eps=1e-8):
    s_new = s + (1 - rho) * (np.square(g) - s)  # rho s + (1 - rho) g^2, rearranged
    return w - lr * g / (np.sqrt(s_new) + eps), s_new


def adam_step(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    # lr * m_hat / (sqrt(v_hat) + eps) with both corrections moved into the step size:
    c2 = math.sqrt(1 - beta2**t)
    step_size = lr * c2 / (1 - beta1**t)
    return w - step_size * m_new / (np.sqrt(v_new) + eps * c2), m_new, v_new


SCHEDULES = {
    "step": lambda k, lr0, factor, every, **_: lr0 * factor ** math.floor(k / every),
    "linear": lambda k, lr0, lr_T, T, **_: lr_T if k >= T else lr0 + (k / T) * (lr_T - lr0),
    "exponential": lambda k, lr0, gamma, **_: lr0 / math.exp(gamma * k),
}


def lr_schedule(kind, k, lr0, **params):
    if kind not in SCHEDULES:
        raise ValueError(f"kind must be one of {sorted(SCHEDULES)}, not {kind!r}")
    return float(SCHEDULES[kind](k, lr0, **params))


def optimize_quadratic(A, b, w0, method, steps, lr, **hyper):
    def grad(w):
        return A @ w - b

    w = np.asarray(w0, dtype=float)
    out = [w.copy()]
    if method == "momentum":
        # slides 004: u = mu u + grad, w -= lr u; with a constant lr, u = v / lr of eqs. 62-63
        beta = hyper.pop("beta", 0.9)
        if hyper:
            raise TypeError(f"unexpected hyperparameters {sorted(hyper)}")
        u = np.zeros_like(w)
        for _ in range(steps):
            u = beta * u + grad(w)
            w = w - lr * u
            out.append(w)
        return np.stack(out)
    if method == "sgd":
        for _ in range(steps):
            w = sgd_step(w, grad(w), lr, **hyper)
            out.append(w)
    elif method in ("adagrad", "rmsprop"):
        step = adagrad_step if method == "adagrad" else rmsprop_step
        state = np.zeros_like(w)
        for _ in range(steps):
            w, state = step(w, grad(w), state, lr, **hyper)
            out.append(w)
    elif method == "adam":
        m = v = np.zeros_like(w)
        for t in range(1, steps + 1):
            w, m, v = adam_step(w, grad(w), m, v, t, lr, **hyper)
            out.append(w)
    else:
        raise ValueError("unknown method " + repr(method))
    return np.stack(out)
