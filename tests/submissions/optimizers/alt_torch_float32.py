"""Optimisers in torch, everything in float32 (a student who works in torch throughout)."""

import torch


def _t(a):
    return torch.as_tensor(a, dtype=torch.float32)


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
    m_new = beta1 * _t(m) + (1 - beta1) * g
    v_new = beta2 * _t(v) + (1 - beta2) * g * g
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    return _t(w) - lr * m_hat / (v_hat.sqrt() + eps), m_new, v_new


def lr_schedule(kind, k, lr0, **params):
    k = torch.tensor(float(k))
    if kind == "step":
        return float(lr0 * params["factor"] ** torch.div(k, params["every"], rounding_mode="floor"))
    elif kind == "linear":
        if params["T"] == 0:
            return float(params["lr_T"])
        a = torch.clamp(k / params["T"], max=1.0)
        return float((1 - a) * lr0 + a * params["lr_T"])
    elif kind == "exponential":
        return float(lr0 * torch.exp(-params["gamma"] * k))
    raise ValueError("unknown learning-rate schedule: " + str(kind))


STEPS = {"sgd": sgd_step, "momentum": momentum_step, "adagrad": adagrad_step,
         "rmsprop": rmsprop_step, "adam": adam_step}


def optimize_quadratic(A, b, w0, method, steps, lr, **hyper):
    if method not in STEPS:
        raise ValueError(f"no such method: {method}")
    A, b, w = _t(A), _t(b), _t(w0)
    state = {"sgd": [], "adam": [torch.zeros_like(w), torch.zeros_like(w)]}.get(method, [torch.zeros_like(w)])
    ws = [w]
    for t in range(1, steps + 1):
        grad = A @ w - b
        if method == "sgd":
            w = sgd_step(w, grad, lr, **hyper)
        elif method == "adam":
            w, *state = adam_step(w, grad, *state, t, lr, **hyper)
        else:
            w, *state = STEPS[method](w, grad, *state, lr, **hyper)
        ws.append(w)
    return torch.stack(ws)
