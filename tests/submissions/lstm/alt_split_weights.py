"""A correct submission without the concatenation: W [h, x] = W_h h + W_x x, with the input
projections of all time steps computed before the loop."""
import numpy as np

GATES = ["f", "i", "C", "o"]


def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def split(params, H):
    """W (H, H + D) -> the columns acting on h and those acting on x, all four gates side by side."""
    W_h = np.hstack([params["W_" + g][:, :H].T for g in GATES])  # (H, 4H)
    W_x = np.hstack([params["W_" + g][:, H:].T for g in GATES])  # (D, 4H)
    b = np.concatenate([params["b_" + g] for g in GATES])          # (4H,)
    return W_h, W_x, b


def gates_to_states(a, c_prev, H):
    f = sigmoid(a[:, :H])
    i = sigmoid(a[:, H:2 * H])
    g = np.tanh(a[:, 2 * H:3 * H])
    o = sigmoid(a[:, 3 * H:])
    c = f * c_prev + i * g
    return o * np.tanh(c), c


def lstm_cell(x, h_prev, c_prev, params):
    H = h_prev.shape[1]
    W_h, W_x, b = split(params, H)
    return gates_to_states(h_prev @ W_h + x @ W_x + b, c_prev, H)


def lstm_forward(X, h0, c0, params):
    n, T, _ = X.shape
    H = h0.shape[1]
    W_h, W_x, b = split(params, H)
    A_x = X @ W_x + b  # (n, T, 4H): the part that does not depend on h, for every step at once
    Hs = np.empty((n, T, H))
    h, c = h0, c0
    for t in range(T):
        h, c = gates_to_states(A_x[:, t] + h @ W_h, c, H)
        Hs[:, t] = h
    return Hs, h, c


def params_from_torch(weight_ih, weight_hh, bias_ih, bias_hh):
    arrays = []
    for a in (weight_ih, weight_hh, bias_ih, bias_hh):
        if not isinstance(a, np.ndarray):
            a = a.detach().numpy()
        arrays.append(a.astype(np.float64))
    w_ih, w_hh, b_ih, b_hh = arrays
    H = w_hh.shape[1]
    w_ih = w_ih.reshape(4, H, -1)
    w_hh = w_hh.reshape(4, H, H)
    b = (b_ih + b_hh).reshape(4, H)
    torch_position = {"i": 0, "f": 1, "C": 2, "o": 3}
    params = {}
    for g, k in torch_position.items():
        params["W_" + g] = np.concatenate([w_hh[k], w_ih[k]], axis=1)
        params["b_" + g] = b[k]
    return params
