# WRONG: lstm_forward: carries h from step to step but restarts every step from c0 instead of the previous cell state.
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_cell(x, h_prev, c_prev, params):
    hx = np.concatenate([h_prev, x], axis=1)  # (n, H + D), h first
    f = sigmoid(hx @ params["W_f"].T + params["b_f"])
    i = sigmoid(hx @ params["W_i"].T + params["b_i"])
    c_tilde = np.tanh(hx @ params["W_C"].T + params["b_C"])
    o = sigmoid(hx @ params["W_o"].T + params["b_o"])
    c = f * c_prev + i * c_tilde
    h = o * np.tanh(c)
    return h, c


def lstm_forward(X, h0, c0, params):
    n, T, _ = X.shape
    h, c = h0, c0
    Hs = np.zeros((n, T, h0.shape[1]))
    for t in range(T):
        h, c = lstm_cell(X[:, t, :], h, c0, params)
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
