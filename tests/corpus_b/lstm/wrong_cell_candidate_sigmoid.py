# WRONG: lstm_cell: the candidate cell state C~ (eq. 82) uses a sigmoid like the gates instead of tanh.
import numpy as np


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))      # = 1 / (1 + exp(-x)), without overflow


def _cell(x, h_prev, c_prev, p):
    hx = np.concatenate([h_prev, x], axis=1)   # [h_{t-1}, x_t]
    f = _sigmoid(hx @ p["W_f"].T + p["b_f"])
    i = _sigmoid(hx @ p["W_i"].T + p["b_i"])
    c_tilde = np.tanh(hx @ p["W_C"].T + p["b_C"])
    o = _sigmoid(hx @ p["W_o"].T + p["b_o"])
    c = f * c_prev + i * c_tilde
    h = o * np.tanh(c)
    return h, c


def _as_arrays(params):
    return {k: np.asarray(v, dtype=float) for k, v in params.items()}


def lstm_cell(x, h_prev, c_prev, params):
    x = np.asarray(x, dtype=float)
    h_prev = np.asarray(h_prev, dtype=float)
    c_prev = np.asarray(c_prev, dtype=float)
    p = _as_arrays(params)
    hx = np.concatenate([h_prev, x], axis=1)
    f = _sigmoid(hx @ p["W_f"].T + p["b_f"])
    i = _sigmoid(hx @ p["W_i"].T + p["b_i"])
    c_tilde = _sigmoid(hx @ p["W_C"].T + p["b_C"])
    o = _sigmoid(hx @ p["W_o"].T + p["b_o"])
    c = f * c_prev + i * c_tilde
    h = o * np.tanh(c)
    return h, c


def lstm_forward(X, h0, c0, params):
    X = np.asarray(X, dtype=float)
    p = _as_arrays(params)
    h, c = np.asarray(h0, dtype=float), np.asarray(c0, dtype=float)
    n, T, _ = X.shape
    Hs = np.zeros((n, T, h.shape[1]))
    for t in range(T):
        h, c = _cell(X[:, t, :], h, c, p)
        Hs[:, t, :] = h
    return Hs, h, c


def _to_numpy(a):
    if hasattr(a, "detach"):
        a = a.detach().cpu().numpy()
    return np.asarray(a, dtype=float)


def params_from_torch(weight_ih, weight_hh, bias_ih, bias_hh):
    W_ih, W_hh = _to_numpy(weight_ih), _to_numpy(weight_hh)
    b = _to_numpy(bias_ih) + _to_numpy(bias_hh)
    H = W_hh.shape[1]
    params = {}
    for k, name in enumerate(["i", "f", "C", "o"]):     # torch stacks i, f, g, o
        rows = slice(k * H, (k + 1) * H)
        params["W_" + name] = np.concatenate([W_hh[rows], W_ih[rows]], axis=1)
        params["b_" + name] = b[rows]
    return params
