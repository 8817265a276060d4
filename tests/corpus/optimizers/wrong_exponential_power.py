# WRONG: lr_schedule: the exponential schedule is lr0 * gamma ** k instead of lr0 * exp(-gamma * k).
import math
import torch


def _t(a):
    return torch.as_tensor(a, dtype=torch.float64)


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
    s_new = rho * _t(s) + (1 - rho) * g.pow(2)
    return _t(w) - lr * g / (s_new.sqrt() + eps), s_new


def adam_step(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    g = _t(g)
    m_new = torch.lerp(g, _t(m), beta1)            # beta1 * m + (1 - beta1) * g
    v_new = torch.lerp(g * g, _t(v), beta2)
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    return _t(w) - lr * m_hat / (v_hat.sqrt() + eps), m_new, v_new


def lr_schedule(kind, k, lr0, **params):
    if kind == "step":
        return lr0 * params["factor"] ** math.floor(k / params["every"])
    if kind == "linear":
        a = min(k / params["T"], 1.0)
        return lr0 + a * (params["lr_T"] - lr0)
    if kind == "exponential":
        return lr0 * params["gamma"] ** k
    raise ValueError(kind)


STEPS = {"momentum": momentum_step, "adagrad": adagrad_step, "rmsprop": rmsprop_step}


def optimize_quadratic(A, b, w0, method, steps, lr, **hyper):
    A, b, w = _t(A), _t(b), _t(w0).clone()
    if method not in ("sgd", "adam") and method not in STEPS:
        raise ValueError(method)
    state = torch.zeros_like(w)
    m, v = torch.zeros_like(w), torch.zeros_like(w)
    traj = [w]
    for t in range(1, steps + 1):
        g = A @ w - b
        if method == "sgd":
            w = sgd_step(w, g, lr)
        elif method == "adam":
            w, m, v = adam_step(w, g, m, v, t, lr, **hyper)
        else:
            w, state = STEPS[method](w, g, state, lr, **hyper)
        traj.append(w)
    return torch.stack(traj)
