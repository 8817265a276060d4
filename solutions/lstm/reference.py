"""Reference solution: the LSTM cell (lecture 001, eqs. 80-88).

Rows are samples: x (n, D), h and c (n, H). [h_{t-1}, x_t] concatenates h first, then x,
so every weight matrix has shape (H, H + D): its first H columns act on h, the last D on x.
"""
import numpy as np

GATES = ("f", "i", "C", "o")


def sigmoid(z):
    """The logistic function 1 / (1 + e^-z), written as 0.5 (1 + tanh(z / 2)): no overflow for large |z|."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def lstm_cell(x, h_prev, c_prev, params):
    """One time step, eqs. 80-88: x (n, D), h_prev and c_prev (n, H) -> (h, c), each (n, H)."""
    W = {g: np.asarray(params["W_" + g], dtype=float) for g in GATES}
    b = {g: np.asarray(params["b_" + g], dtype=float) for g in GATES}
    hx = np.concatenate([np.asarray(h_prev, dtype=float), np.asarray(x, dtype=float)], axis=1)  # [h_{t-1}, x_t]
    f = sigmoid(hx @ W["f"].T + b["f"])          # forget gate (80)
    i = sigmoid(hx @ W["i"].T + b["i"])          # input gate (81)
    C_tilde = np.tanh(hx @ W["C"].T + b["C"])    # candidate (82)
    c = f * np.asarray(c_prev, dtype=float) + i * C_tilde  # new cell state (83/86)
    o = sigmoid(hx @ W["o"].T + b["o"])          # output gate (84/87)
    h = o * np.tanh(c)                           # new hidden state (85/88)
    return h, c


def lstm_forward(X, h0, c0, params):
    """Run the cell over a sequence: X (n, T, D), h0 and c0 (n, H) -> (Hs (n, T, H), h_T, c_T).

    The loop runs over time only (each step needs the previous one); every step handles the
    whole batch at once.
    """
    X = np.asarray(X, dtype=float)
    n, T, _ = X.shape
    h, c = np.asarray(h0, dtype=float), np.asarray(c0, dtype=float)
    Hs = np.empty((n, T, h.shape[1]))
    for t in range(T):
        h, c = lstm_cell(X[:, t, :], h, c, params)
        Hs[:, t, :] = h
    return Hs, h, c


def as_numpy(a):
    """A float64 copy of a numpy array or a torch tensor (also a Parameter that requires grad)."""
    if hasattr(a, "detach"):  # a torch tensor: leave the autograd graph and the GPU first
        a = a.detach().cpu().numpy()
    return np.array(a, dtype=float)


def params_from_torch(weight_ih, weight_hh, bias_ih, bias_hh):
    """The lecture's params from torch.nn.LSTM's layer-0 tensors.

    weight_ih (4H, D), weight_hh (4H, H), bias_ih and bias_hh (4H,), each stacking the gates in
    torch's order i, f, g, o (g is the candidate C~). The lecture multiplies [h, x], so W_hh's
    columns come first; torch adds both biases, so the lecture's b is their sum.
    """
    W_ih, W_hh, b = as_numpy(weight_ih), as_numpy(weight_hh), as_numpy(bias_ih) + as_numpy(bias_hh)
    H = W_hh.shape[1]
    W = np.concatenate([W_hh, W_ih], axis=1)  # (4H, H + D), columns in the order [h, x]
    params = {}
    for k, gate in enumerate(("i", "f", "C", "o")):  # torch's i, f, g, o
        rows = slice(k * H, (k + 1) * H)
        params["W_" + gate], params["b_" + gate] = W[rows], b[rows]
    return params
