# CORRECT: gates stacked into one (4H, H+D) matrix, W split into h and x parts, x part precomputed for all steps
import numpy as np

GATES = ("f", "i", "C", "o")


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # same function, no overflow


def _stack(params):
    W = np.concatenate([np.asarray(params["W_" + g], dtype=float) for g in GATES], axis=0)
    b = np.concatenate([np.asarray(params["b_" + g], dtype=float) for g in GATES])
    return W, b


def _step(pre, c_prev, H):
    # pre: (n, 4H) pre-activations in the order f, i, C, o
    f = _sigmoid(pre[:, :H])
    i = _sigmoid(pre[:, H:2 * H])
    g = np.tanh(pre[:, 2 * H:3 * H])
    o = _sigmoid(pre[:, 3 * H:])
    c = f * c_prev + i * g
    return o * np.tanh(c), c


def lstm_cell(x, h_prev, c_prev, params):
    W, b = _stack(params)
    H = h_prev.shape[1]
    # W [h; x] = W_h h + W_x x
    pre = h_prev @ W[:, :H].T + x @ W[:, H:].T + b
    return _step(pre, c_prev, H)


def lstm_forward(X, h0, c0, params):
    W, b = _stack(params)
    n, T, _ = X.shape
    H = h0.shape[1]
    W_h, W_x = W[:, :H], W[:, H:]
    X_part = X @ W_x.T + b  # (n, T, 4H): the x part of every step at once
    Hs = np.empty((n, T, H))
    h, c = np.array(h0, dtype=float), np.array(c0, dtype=float)
    for t in range(T):
        h, c = _step(X_part[:, t] + h @ W_h.T, c, H)
        Hs[:, t] = h
    return Hs, h, c


def params_from_torch(weight_ih, weight_hh, bias_ih, bias_hh):
    arrays = []
    for a in (weight_ih, weight_hh, bias_ih, bias_hh):
        if not isinstance(a, np.ndarray):
            a = a.detach().numpy()
        arrays.append(a.astype(float))
    w_ih, w_hh, b_ih, b_hh = arrays
    H = w_hh.shape[0] // 4
    W = np.hstack([w_hh, w_ih])  # rows: i, f, g, o blocks; columns: h first, then x
    b = b_ih + b_hh
    blocks = {"i": 0, "f": 1, "C": 2, "o": 3}
    params = {}
    for name, k in blocks.items():
        params["W_" + name] = W[k * H:(k + 1) * H].copy()
        params["b_" + name] = b[k * H:(k + 1) * H].copy()
    return params
