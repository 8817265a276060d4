# CORRECT: numpy with algebraic rewrites (Kingma-Ba's folded Adam step size, EMA as s + (1-rho)(g^2 - s)), dispatch table
import numpy as np


def sgd_step(w, g, lr):
    return np.subtract(w, np.multiply(lr, g))


def momentum_step(w, g, v, lr, beta=0.9):
    v_new = np.add(np.multiply(beta, v), np.multiply(lr, g))
    return np.subtract(w, v_new), v_new


def adagrad_step(w, g, G, lr, eps=1e-8):
    G_new = np.add(G, np.square(g))
    return w - lr * np.divide(g, np.sqrt(G_new) + eps), G_new


def rmsprop_step(w, g, s, lr, rho=0.9, eps=1e-8):
    s_new = s + (1 - rho) * (np.square(g) - s)
    return w - lr * np.divide(g, np.sqrt(s_new) + eps), s_new


def adam_step(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = m + (1 - beta1) * (g - m)
    v_new = v + (1 - beta2) * (np.square(g) - v)
    c2 = np.sqrt(1 - beta2 ** t)
    step = lr * c2 / (1 - beta1 ** t)          # bias corrections folded into the step size
    return w - step * m_new / (np.sqrt(v_new) + eps * c2), m_new, v_new


def _linear(k, lr0, lr_T, T, **_):
    a = min(k / T, 1)
    return lr0 + a * (lr_T - lr0)


SCHEDULES = {
    "step": lambda k, lr0, factor, every, **_: lr0 * factor ** (k // every),
    "linear": _linear,
    "exponential": lambda k, lr0, gamma, **_: lr0 * np.exp(-gamma * k),
}


def lr_schedule(kind, k, lr0, **params):
    if kind not in SCHEDULES:
        raise ValueError("schedule must be one of %s" % list(SCHEDULES))
    return float(SCHEDULES[kind](k, lr0, **params))


def optimize_quadratic(A, b, w0, method, steps, lr, **hyper):
    A = np.asarray(A, dtype=float)
    b = np.asarray(b, dtype=float)
    w = np.asarray(w0, dtype=float)
    zero = np.zeros_like(w)
    if method == "sgd":
        step, state = (lambda w, g, t: (sgd_step(w, g, lr),)), ()
    elif method == "momentum":
        step, state = (lambda w, g, t, v: momentum_step(w, g, v, lr, **hyper)), (zero,)
    elif method == "adagrad":
        step, state = (lambda w, g, t, G: adagrad_step(w, g, G, lr, **hyper)), (zero,)
    elif method == "rmsprop":
        step, state = (lambda w, g, t, s: rmsprop_step(w, g, s, lr, **hyper)), (zero,)
    elif method == "adam":
        step, state = (lambda w, g, t, m, v: adam_step(w, g, m, v, t, lr, **hyper)), (zero, zero)
    else:
        raise ValueError("unknown method " + repr(method))
    out = np.empty((steps + 1,) + w.shape)
    out[0] = w
    for t in range(1, steps + 1):
        w, *state = step(w, A @ w - b, t, *state)
        out[t] = w
    return out
