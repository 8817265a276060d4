# WRONG: lstm_cell: h_t is computed from tanh(c_{t-1}) before the cell state is updated.
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_cell(x, h_prev, c_prev, params):
    hx = np.concatenate([h_prev, x], axis=1)
    f = sigmoid(hx @ params["W_f"].T + params["b_f"])
    i = sigmoid(hx @ params["W_i"].T + params["b_i"])
    c_tilde = np.tanh(hx @ params["W_C"].T + params["b_C"])
    o = sigmoid(hx @ params["W_o"].T + params["b_o"])
    h = o * np.tanh(c_prev)
    c = f * c_prev + i * c_tilde
    return h, c


def lstm_forward(X, h0, c0, params):
    # stacked gates (order f, i, C, o) so that each step is one matmul
    W = np.concatenate([params["W_f"], params["W_i"], params["W_C"], params["W_o"]])
    b = np.concatenate([params["b_f"], params["b_i"], params["b_C"], params["b_o"]])
    n, T, _ = X.shape
    Hd = h0.shape[1]
    h, c = h0, c0
    Hs = np.zeros((n, T, Hd))
    for t in range(T):
        z = np.concatenate([h, X[:, t, :]], axis=1) @ W.T + b
        f, i = sigmoid(z[:, :Hd]), sigmoid(z[:, Hd:2 * Hd])
        g, o = np.tanh(z[:, 2 * Hd:3 * Hd]), sigmoid(z[:, 3 * Hd:])
        c = f * c + i * g
        h = o * np.tanh(c)
        Hs[:, t, :] = h
    return Hs, h, c


def _to_numpy(a):
    if hasattr(a, "detach"):  # torch tensor or Parameter
        a = a.detach().cpu().numpy()
    return np.asarray(a, dtype=float)


def params_from_torch(weight_ih, weight_hh, bias_ih, bias_hh):
    w_ih, w_hh = _to_numpy(weight_ih), _to_numpy(weight_hh)
    b = _to_numpy(bias_ih) + _to_numpy(bias_hh)
    H = w_hh.shape[1]
    params = {}
    for k, name in enumerate(["i", "f", "C", "o"]):  # torch order: i, f, g, o
        rows = slice(k * H, (k + 1) * H)
        params["W_" + name] = np.concatenate([w_hh[rows], w_ih[rows]], axis=1)
        params["b_" + name] = b[rows]
    return params
