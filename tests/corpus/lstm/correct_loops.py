# CORRECT: explicit loops (cell per sample, gates in a loop); forward loops over time only
import math
import numpy as np


def _sig(v):
    return 1.0 / (1.0 + np.exp(-v))


def lstm_cell(x, h_prev, c_prev, params):
    n, H = h_prev.shape
    h = np.zeros((n, H))
    c = np.zeros((n, H))
    for s in range(n):
        v = np.concatenate([h_prev[s], x[s]])  # [h_{t-1}, x_t] for one sample
        gates = {}
        for name in ("f", "i", "C", "o"):
            z = params["W_" + name] @ v + params["b_" + name]
            gates[name] = np.tanh(z) if name == "C" else _sig(z)
        for j in range(H):
            c[s, j] = gates["f"][j] * c_prev[s, j] + gates["i"][j] * gates["C"][j]
            h[s, j] = gates["o"][j] * math.tanh(c[s, j])
    return h, c


def lstm_forward(X, h0, c0, params):
    # the cell above is per sample; here the whole batch goes through each step at once
    n, T, _ = X.shape
    Hs = np.zeros((n, T, h0.shape[1]))
    h, c = h0.copy(), c0.copy()
    for t in range(T):
        v = np.concatenate([h, X[:, t, :]], axis=1)
        f = _sig(v @ params["W_f"].T + params["b_f"])
        i = _sig(v @ params["W_i"].T + params["b_i"])
        g = np.tanh(v @ params["W_C"].T + params["b_C"])
        o = _sig(v @ params["W_o"].T + params["b_o"])
        c = f * c + i * g
        h = o * np.tanh(c)
        Hs[:, t, :] = h
    return Hs, h, c


def params_from_torch(weight_ih, weight_hh, bias_ih, bias_hh):
    mats = []
    for a in (weight_ih, weight_hh, bias_ih, bias_hh):
        if hasattr(a, "detach"):
            a = a.detach().cpu().numpy()
        mats.append(np.array(a, dtype=float))
    w_ih, w_hh, b_ih, b_hh = mats
    H = w_hh.shape[1]
    params = {}
    for k, name in enumerate(("i", "f", "C", "o")):
        W = np.zeros((H, H + w_ih.shape[1]))
        b = np.zeros(H)
        for r in range(H):
            row = k * H + r
            W[r, :H] = w_hh[row]
            W[r, H:] = w_ih[row]
            b[r] = b_ih[row] + b_hh[row]
        params["W_" + name] = W
        params["b_" + name] = b
    return params
