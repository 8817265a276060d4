"""Known mistakes on the optimisers, each a small variant of the reference.

Each function replaces the reference function of the same name; its source is appended to
the reference's, so it may use only what reference.py defines or imports (np, math,
_as_float and the reference functions). optimize_quadratic calls the step functions, so a
wrong step shows in the trajectories too.
"""
# ruff: noqa: F811  (each mistake redefines a reference function; it runs in the reference's namespace)
import math

import numpy as np

from dlgrade.spec import MistakeRegistry

from .reference import _as_float, adam_step, sgd_step

known = MistakeRegistry()


# --- sgd_step -----------------------------------------------------------------------------


@known.mistake("sgd_in_place")
def sgd_step(w, g, lr):
    w -= lr * g  # writes into the caller's array and returns that same array
    return w


# --- momentum_step ------------------------------------------------------------------------


@known.mistake("momentum_lr_outside_v")
def momentum_step(w, g, v, lr, beta=0.9):
    w, g, v = _as_float(w), _as_float(g), _as_float(v)
    v_new = beta * v + g  # notes 004: v := mu v + grad, w += -lambda v
    return w - lr * v_new, v_new


@known.mistake("momentum_in_place")
def momentum_step(w, g, v, lr, beta=0.9):
    v *= beta  # torch style: the state and the parameters updated in place
    v += lr * g
    w -= v
    return w, v


@known.mistake("momentum_sign_notes002")
def momentum_step(w, g, v, lr, beta=0.9):
    w, g, v = _as_float(w), _as_float(g), _as_float(v)
    v_new = beta * v - lr * g  # notes 002, Algorithm 2: v <- alpha v - eps g, theta <- theta + v
    return w + v_new, v_new


# --- adagrad_step -------------------------------------------------------------------------


@known.mistake("adagrad_accumulates_g")
def adagrad_step(w, g, G, lr, eps=1e-8):
    w, g, G = _as_float(w), _as_float(g), _as_float(G)
    G_new = G + g
    with np.errstate(invalid="ignore"):
        return w - lr * g / (np.sqrt(G_new) + eps), G_new


@known.mistake("adagrad_no_accumulation")
def adagrad_step(w, g, G, lr, eps=1e-8):
    w, g, G = _as_float(w), _as_float(g), _as_float(G)
    G_new = g**2
    return w - lr * g / (np.sqrt(G_new) + eps), G_new


# --- eps forgotten in every adaptive method ------------------------------------------------


@known.mistake("eps_missing")
def adagrad_step(w, g, G, lr, eps=1e-8):
    w, g, G = _as_float(w), _as_float(g), _as_float(G)
    G_new = G + g**2
    with np.errstate(divide="ignore", invalid="ignore"):
        return w - lr * g / np.sqrt(G_new), G_new


@known.mistake("eps_missing")
def rmsprop_step(w, g, s, lr, rho=0.9, eps=1e-8):
    w, g, s = _as_float(w), _as_float(g), _as_float(s)
    s_new = rho * s + (1.0 - rho) * g**2
    with np.errstate(divide="ignore", invalid="ignore"):
        return w - lr * g / np.sqrt(s_new), s_new


@known.mistake("eps_missing")
def adam_step(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _as_float(w), _as_float(g), _as_float(m), _as_float(v)
    m_new = beta1 * m + (1.0 - beta1) * g
    v_new = beta2 * v + (1.0 - beta2) * g**2
    m_hat = m_new / (1.0 - beta1**t)
    v_hat = v_new / (1.0 - beta2**t)
    with np.errstate(divide="ignore", invalid="ignore"):
        return w - lr * m_hat / np.sqrt(v_hat), m_new, v_new


# --- rmsprop_step -------------------------------------------------------------------------


@known.mistake("rmsprop_rho_swapped")
def rmsprop_step(w, g, s, lr, rho=0.9, eps=1e-8):
    w, g, s = _as_float(w), _as_float(g), _as_float(s)
    s_new = (1.0 - rho) * s + rho * g**2
    return w - lr * g / (np.sqrt(s_new) + eps), s_new


# --- the state updated after the step (every adaptive method) -------------------------------


@known.mistake("step_with_old_state")
def adagrad_step(w, g, G, lr, eps=1e-8):
    w, g, G = _as_float(w), _as_float(g), _as_float(G)
    w_new = w - lr * g / (np.sqrt(G) + eps)  # G before this gradient was added
    return w_new, G + g**2


@known.mistake("step_with_old_state")
def rmsprop_step(w, g, s, lr, rho=0.9, eps=1e-8):
    w, g, s = _as_float(w), _as_float(g), _as_float(s)
    w_new = w - lr * g / (np.sqrt(s) + eps)  # s before this gradient was averaged in
    return w_new, rho * s + (1.0 - rho) * g**2


@known.mistake("step_with_old_state")
def adam_step(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _as_float(w), _as_float(g), _as_float(m), _as_float(v)
    m_hat = m / (1.0 - beta1**t)  # the moments before this gradient (eqs. 66-67 read with m^(t), v^(t))
    v_hat = v / (1.0 - beta2**t)
    w_new = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_new, beta1 * m + (1.0 - beta1) * g, beta2 * v + (1.0 - beta2) * g**2


# --- adam_step ----------------------------------------------------------------------------


@known.mistake("adam_state_in_place")
def adam_step(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m *= beta1  # torch style (exp_avg.mul_(beta1).add_(...)): the caller's m and v are overwritten
    m += (1.0 - beta1) * g
    v *= beta2
    v += (1.0 - beta2) * g**2
    m_hat = m / (1.0 - beta1**t)
    v_hat = v / (1.0 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


@known.mistake("adam_no_bias_correction")
def adam_step(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _as_float(w), _as_float(g), _as_float(m), _as_float(v)
    m_new = beta1 * m + (1.0 - beta1) * g
    v_new = beta2 * v + (1.0 - beta2) * g**2
    return w - lr * m_new / (np.sqrt(v_new) + eps), m_new, v_new


@known.mistake("adam_eps_inside_sqrt")
def adam_step(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _as_float(w), _as_float(g), _as_float(m), _as_float(v)
    m_new = beta1 * m + (1.0 - beta1) * g
    v_new = beta2 * v + (1.0 - beta2) * g**2
    m_hat = m_new / (1.0 - beta1**t)
    v_hat = v_new / (1.0 - beta2**t)
    return w - lr * m_hat / np.sqrt(v_hat + eps), m_new, v_new  # eq. 68 as printed


@known.mistake("adam_bias_exponent_t_plus_1")
def adam_step(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _as_float(w), _as_float(g), _as_float(m), _as_float(v)
    m_new = beta1 * m + (1.0 - beta1) * g
    v_new = beta2 * v + (1.0 - beta2) * g**2
    m_hat = m_new / (1.0 - beta1 ** (t + 1))  # eqs. 66-67 copied with the lecture's t + 1
    v_hat = v_new / (1.0 - beta2 ** (t + 1))
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


@known.mistake("adam_returns_corrected_moments")
def adam_step(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _as_float(w), _as_float(g), _as_float(m), _as_float(v)
    m_hat = (beta1 * m + (1.0 - beta1) * g) / (1.0 - beta1**t)
    v_hat = (beta2 * v + (1.0 - beta2) * g**2) / (1.0 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_hat, v_hat


# --- lr_schedule --------------------------------------------------------------------------


@known.mistake("step_schedule_off_by_one")
def lr_schedule(kind, k, lr0, **params):
    if kind == "step":
        return lr0 * params["factor"] ** ((k + 1) // params["every"])
    if kind == "linear":
        T = params["T"]
        a = 1.0 if T == 0 else min(k / T, 1.0)
        return (1.0 - a) * lr0 + a * params["lr_T"]
    if kind == "exponential":
        return lr0 * math.exp(-params["gamma"] * k)
    raise ValueError(f"unknown schedule {kind!r}")


@known.mistake("step_schedule_float_division")
def lr_schedule(kind, k, lr0, **params):
    if kind == "step":
        return lr0 * params["factor"] ** (k / params["every"])
    if kind == "linear":
        T = params["T"]
        a = 1.0 if T == 0 else min(k / T, 1.0)
        return (1.0 - a) * lr0 + a * params["lr_T"]
    if kind == "exponential":
        return lr0 * math.exp(-params["gamma"] * k)
    raise ValueError(f"unknown schedule {kind!r}")


@known.mistake("linear_schedule_no_clamp")
def lr_schedule(kind, k, lr0, **params):
    if kind == "step":
        return lr0 * params["factor"] ** (k // params["every"])
    if kind == "linear":
        T = params["T"]
        a = 1.0 if T == 0 else k / T
        return (1.0 - a) * lr0 + a * params["lr_T"]
    if kind == "exponential":
        return lr0 * math.exp(-params["gamma"] * k)
    raise ValueError(f"unknown schedule {kind!r}")


@known.mistake("exponential_as_gamma_power")
def lr_schedule(kind, k, lr0, **params):
    if kind == "step":
        return lr0 * params["factor"] ** (k // params["every"])
    if kind == "linear":
        T = params["T"]
        a = 1.0 if T == 0 else min(k / T, 1.0)
        return (1.0 - a) * lr0 + a * params["lr_T"]
    if kind == "exponential":
        return lr0 * params["gamma"] ** k
    raise ValueError(f"unknown schedule {kind!r}")


# --- optimize_quadratic -------------------------------------------------------------------


@known.mistake("adam_t_starts_at_zero")
def optimize_quadratic(A, b, w0, method, steps, lr, **hyper):
    if method not in ("sgd", "momentum", "adagrad", "rmsprop", "adam"):
        raise ValueError(f"unknown method {method!r}")
    A, b, w = _as_float(A), _as_float(b), _as_float(w0)
    state = [np.zeros_like(w) for _ in range({"sgd": 0, "adam": 2}.get(method, 1))]
    path = [w]
    for t in range(steps):  # t = 0, 1, ...: Adam's bias correction 1 - beta**0 = 0 divides by zero
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
            with np.errstate(divide="ignore", invalid="ignore"):
                w, *state = adam_step(w, g, *state, t, lr, **hyper)
        path.append(w)
    return np.array(path)


@known.mistake("quadratic_gradient_plus_b")
def optimize_quadratic(A, b, w0, method, steps, lr, **hyper):
    if method not in ("sgd", "momentum", "adagrad", "rmsprop", "adam"):
        raise ValueError(f"unknown method {method!r}")
    A, b, w = _as_float(A), _as_float(b), _as_float(w0)
    state = [np.zeros_like(w) for _ in range({"sgd": 0, "adam": 2}.get(method, 1))]
    path = [w]
    for t in range(1, steps + 1):
        g = A @ w + b  # the derivative of -b.w is -b
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


@known.mistake("state_reset_every_step")
def optimize_quadratic(A, b, w0, method, steps, lr, **hyper):
    if method not in ("sgd", "momentum", "adagrad", "rmsprop", "adam"):
        raise ValueError(f"unknown method {method!r}")
    A, b, w = _as_float(A), _as_float(b), _as_float(w0)
    n_state = {"sgd": 0, "adam": 2}.get(method, 1)
    path = [w]
    for t in range(1, steps + 1):
        g = A @ w - b
        state = [np.zeros_like(w) for _ in range(n_state)]  # a fresh zero state on every step
        if method == "sgd":
            w = sgd_step(w, g, lr, **hyper)
        elif method == "momentum":
            w, *_ = momentum_step(w, g, *state, lr, **hyper)
        elif method == "adagrad":
            w, *_ = adagrad_step(w, g, *state, lr, **hyper)
        elif method == "rmsprop":
            w, *_ = rmsprop_step(w, g, *state, lr, **hyper)
        else:
            w, *_ = adam_step(w, g, *state, t, lr, **hyper)
        path.append(w)
    return np.array(path)


@known.mistake("trajectory_without_w0")
def optimize_quadratic(A, b, w0, method, steps, lr, **hyper):
    if method not in ("sgd", "momentum", "adagrad", "rmsprop", "adam"):
        raise ValueError(f"unknown method {method!r}")
    A, b, w = _as_float(A), _as_float(b), _as_float(w0)
    state = [np.zeros_like(w) for _ in range({"sgd": 0, "adam": 2}.get(method, 1))]
    path = []
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
    return np.array(path).reshape(steps, len(w))
