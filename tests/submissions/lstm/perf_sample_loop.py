"""Correct but slow: lstm_forward loops over samples and time (each step one sample), with the
four gates stacked in one matrix so that each step is as cheap as a per-sample step can be."""
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_cell(x, h_prev, c_prev, params):
    z = np.concatenate([h_prev, x], axis=1)
    f = sigmoid(z @ params["W_f"].T + params["b_f"])
    i = sigmoid(z @ params["W_i"].T + params["b_i"])
    g = np.tanh(z @ params["W_C"].T + params["b_C"])
    o = sigmoid(z @ params["W_o"].T + params["b_o"])
    c = f * c_prev + i * g
    return o * np.tanh(c), c


def lstm_forward(X, h0, c0, params):
    n, T, _ = X.shape
    H = h0.shape[1]
    W = np.concatenate([params["W_f"], params["W_i"], params["W_C"], params["W_o"]])
    b = np.concatenate([params["b_f"], params["b_i"], params["b_C"], params["b_o"]])
    Hs = np.zeros((n, T, H))
    hT = np.zeros((n, H))
    cT = np.zeros((n, H))
    for s in range(n):
        h, c = h0[s], c0[s]
        for t in range(T):
            z = W @ np.concatenate([h, X[s, t]]) + b
            f, i, g, o = sigmoid(z[:H]), sigmoid(z[H:2 * H]), np.tanh(z[2 * H:3 * H]), sigmoid(z[3 * H:])
            c = f * c + i * g
            h = o * np.tanh(c)
            Hs[s, t] = h
        hT[s], cT[s] = h, c
    return Hs, hT, cT


def params_from_torch(weight_ih, weight_hh, bias_ih, bias_hh):
    w_ih, w_hh, b_ih, b_hh = (np.asarray(a.detach() if hasattr(a, "detach") else a, dtype=float)
                              for a in (weight_ih, weight_hh, bias_ih, bias_hh))
    H = w_hh.shape[1]
    params = {}
    for k, g in enumerate("ifCo"):
        rows = slice(k * H, (k + 1) * H)
        params["W_" + g] = np.hstack([w_hh[rows], w_ih[rows]])
        params["b_" + g] = b_ih[rows] + b_hh[rows]
    return params
