"""A correct but loop-heavy submission: every number computed one at a time, like on paper."""
import math

import numpy as np


def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)  # no overflow for very negative z
    return e / (1.0 + e)


def lstm_cell(x, h_prev, c_prev, params):
    n, D = x.shape
    H = h_prev.shape[1]
    h = np.zeros((n, H))
    c = np.zeros((n, H))
    for s in range(n):
        z = list(h_prev[s]) + list(x[s])  # [h_{t-1}, x_t]
        for j in range(H):
            pre = {}
            for gate in ["f", "i", "C", "o"]:
                total = params["b_" + gate][j]
                for k in range(H + D):
                    total += params["W_" + gate][j, k] * z[k]
                pre[gate] = total
            f = sigmoid(pre["f"])
            i = sigmoid(pre["i"])
            cand = math.tanh(pre["C"])
            o = sigmoid(pre["o"])
            c[s, j] = f * c_prev[s, j] + i * cand
            h[s, j] = o * math.tanh(c[s, j])
    return h, c


def lstm_forward(X, h0, c0, params):
    n, T, _ = X.shape
    H = h0.shape[1]
    Hs = np.zeros((n, T, H))
    hT = np.zeros((n, H))
    cT = np.zeros((n, H))
    for s in range(n):
        h = h0[s:s + 1]
        c = c0[s:s + 1]
        for t in range(T):
            h, c = lstm_cell(X[s:s + 1, t], h, c, params)
            Hs[s, t] = h[0]
        hT[s] = h[0]
        cT[s] = c[0]
    return Hs, hT, cT


def to_list(t):
    if hasattr(t, "detach"):
        t = t.detach().cpu().numpy()
    return np.array(t, dtype=float).tolist()


def params_from_torch(weight_ih, weight_hh, bias_ih, bias_hh):
    w_ih, w_hh = to_list(weight_ih), to_list(weight_hh)
    b_ih, b_hh = to_list(bias_ih), to_list(bias_hh)
    H = len(w_hh[0])
    params = {}
    for g, name in enumerate(["i", "f", "C", "o"]):  # torch: i, f, g, o
        W, b = [], []
        for j in range(H):
            row = g * H + j
            W.append(w_hh[row] + w_ih[row])  # h columns first
            b.append(b_ih[row] + b_hh[row])
        params["W_" + name] = np.array(W)
        params["b_" + name] = np.array(b)
    return params
