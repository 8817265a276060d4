# WRONG: sgd_step: updates w in place (w -= lr * g) and returns the same array, modifying the caller's input (and every stored trajectory row aliases it).
import numpy as np


def sgd_step(w, g, lr):
    w -= lr * g
    return w


def momentum_step(w, g, v, lr, beta=0.9):
    v_new = beta * v + lr * g                      # eq. 62
    return w - v_new, v_new                        # eq. 63


def adagrad_step(w, g, G, lr, eps=1e-8):
    G_new = G + g ** 2
    return w - lr * g / (np.sqrt(G_new) + eps), G_new


def rmsprop_step(w, g, s, lr, rho=0.9, eps=1e-8):
    s_new = rho * s + (1 - rho) * g ** 2
    return w - lr * g / (np.sqrt(s_new) + eps), s_new


def adam_step(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * g            # eq. 64
    v_new = beta2 * v + (1 - beta2) * g ** 2       # eq. 65
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    w_new = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_new, m_new, v_new


def lr_schedule(kind, k, lr0, **params):
    if kind == "step":
        return float(lr0 * params["factor"] ** (k // params["every"]))
    if kind == "linear":
        a = min(k / params["T"], 1.0)
        return float((1 - a) * lr0 + a * params["lr_T"])
    if kind == "exponential":
        return float(lr0 * np.exp(-params["gamma"] * k))
    raise ValueError(f"unknown schedule {kind!r}")


def optimize_quadratic(A, b, w0, method, steps, lr, **hyper):
    if method not in ("sgd", "momentum", "adagrad", "rmsprop", "adam"):
        raise ValueError(f"unknown method {method!r}")
    A = np.asarray(A, dtype=float)
    b = np.asarray(b, dtype=float)
    w = np.array(w0, dtype=float)
    s1 = np.zeros_like(w)
    s2 = np.zeros_like(w)
    traj = [w]
    for k in range(steps):
        g = A @ w - b
        if method == "sgd":
            w = sgd_step(w, g, lr)
        elif method == "momentum":
            w, s1 = momentum_step(w, g, s1, lr, **hyper)
        elif method == "adagrad":
            w, s1 = adagrad_step(w, g, s1, lr, **hyper)
        elif method == "rmsprop":
            w, s1 = rmsprop_step(w, g, s1, lr, **hyper)
        else:
            w, s1, s2 = adam_step(w, g, s1, s2, k + 1, lr, **hyper)
        traj.append(w)
    return np.array(traj)
