"""Known mistakes on the LSTM cell, each a small variant of the reference."""
# ruff: noqa: F811, F821  (each mistake redefines a reference function; it runs in the reference's namespace)
from dlgrade.spec import MistakeRegistry

known = MistakeRegistry()


# --- lstm_cell: eqs. 80-88 ---------------------------------------------------------------

@known.mistake("concat_x_first")
def lstm_cell(x, h_prev, c_prev, params):
    W = {g: np.asarray(params["W_" + g], dtype=float) for g in GATES}
    b = {g: np.asarray(params["b_" + g], dtype=float) for g in GATES}
    hx = np.concatenate([np.asarray(x, dtype=float), np.asarray(h_prev, dtype=float)], axis=1)  # [x, h]
    f = sigmoid(hx @ W["f"].T + b["f"])
    i = sigmoid(hx @ W["i"].T + b["i"])
    C_tilde = np.tanh(hx @ W["C"].T + b["C"])
    c = f * np.asarray(c_prev, dtype=float) + i * C_tilde
    o = sigmoid(hx @ W["o"].T + b["o"])
    return o * np.tanh(c), c


@known.mistake("tanh_for_gates")
def lstm_cell(x, h_prev, c_prev, params):
    W = {g: np.asarray(params["W_" + g], dtype=float) for g in GATES}
    b = {g: np.asarray(params["b_" + g], dtype=float) for g in GATES}
    hx = np.concatenate([np.asarray(h_prev, dtype=float), np.asarray(x, dtype=float)], axis=1)
    f = np.tanh(hx @ W["f"].T + b["f"])
    i = np.tanh(hx @ W["i"].T + b["i"])
    C_tilde = np.tanh(hx @ W["C"].T + b["C"])
    c = f * np.asarray(c_prev, dtype=float) + i * C_tilde
    o = np.tanh(hx @ W["o"].T + b["o"])
    return o * np.tanh(c), c


@known.mistake("sigmoid_for_candidate")
def lstm_cell(x, h_prev, c_prev, params):
    W = {g: np.asarray(params["W_" + g], dtype=float) for g in GATES}
    b = {g: np.asarray(params["b_" + g], dtype=float) for g in GATES}
    hx = np.concatenate([np.asarray(h_prev, dtype=float), np.asarray(x, dtype=float)], axis=1)
    f = sigmoid(hx @ W["f"].T + b["f"])
    i = sigmoid(hx @ W["i"].T + b["i"])
    C_tilde = sigmoid(hx @ W["C"].T + b["C"])
    c = f * np.asarray(c_prev, dtype=float) + i * C_tilde
    o = sigmoid(hx @ W["o"].T + b["o"])
    return o * np.tanh(c), c


@known.mistake("no_forget_gate")
def lstm_cell(x, h_prev, c_prev, params):
    W = {g: np.asarray(params["W_" + g], dtype=float) for g in GATES}
    b = {g: np.asarray(params["b_" + g], dtype=float) for g in GATES}
    hx = np.concatenate([np.asarray(h_prev, dtype=float), np.asarray(x, dtype=float)], axis=1)
    i = sigmoid(hx @ W["i"].T + b["i"])
    C_tilde = np.tanh(hx @ W["C"].T + b["C"])
    c = np.asarray(c_prev, dtype=float) + i * C_tilde
    o = sigmoid(hx @ W["o"].T + b["o"])
    return o * np.tanh(c), c


@known.mistake("forget_and_input_swapped")
def lstm_cell(x, h_prev, c_prev, params):
    W = {g: np.asarray(params["W_" + g], dtype=float) for g in GATES}
    b = {g: np.asarray(params["b_" + g], dtype=float) for g in GATES}
    hx = np.concatenate([np.asarray(h_prev, dtype=float), np.asarray(x, dtype=float)], axis=1)
    f = sigmoid(hx @ W["f"].T + b["f"])
    i = sigmoid(hx @ W["i"].T + b["i"])
    C_tilde = np.tanh(hx @ W["C"].T + b["C"])
    c = i * np.asarray(c_prev, dtype=float) + f * C_tilde
    o = sigmoid(hx @ W["o"].T + b["o"])
    return o * np.tanh(c), c


@known.mistake("h_without_tanh")
def lstm_cell(x, h_prev, c_prev, params):
    W = {g: np.asarray(params["W_" + g], dtype=float) for g in GATES}
    b = {g: np.asarray(params["b_" + g], dtype=float) for g in GATES}
    hx = np.concatenate([np.asarray(h_prev, dtype=float), np.asarray(x, dtype=float)], axis=1)
    f = sigmoid(hx @ W["f"].T + b["f"])
    i = sigmoid(hx @ W["i"].T + b["i"])
    C_tilde = np.tanh(hx @ W["C"].T + b["C"])
    c = f * np.asarray(c_prev, dtype=float) + i * C_tilde
    o = sigmoid(hx @ W["o"].T + b["o"])
    return o * c, c


@known.mistake("h_from_old_c")
def lstm_cell(x, h_prev, c_prev, params):
    W = {g: np.asarray(params["W_" + g], dtype=float) for g in GATES}
    b = {g: np.asarray(params["b_" + g], dtype=float) for g in GATES}
    hx = np.concatenate([np.asarray(h_prev, dtype=float), np.asarray(x, dtype=float)], axis=1)
    f = sigmoid(hx @ W["f"].T + b["f"])
    i = sigmoid(hx @ W["i"].T + b["i"])
    C_tilde = np.tanh(hx @ W["C"].T + b["C"])
    c = f * np.asarray(c_prev, dtype=float) + i * C_tilde
    o = sigmoid(hx @ W["o"].T + b["o"])
    return o * np.tanh(np.asarray(c_prev, dtype=float)), c


@known.mistake("c_prev_updated_in_place")
def lstm_cell(x, h_prev, c_prev, params):
    W = {g: np.asarray(params["W_" + g], dtype=float) for g in GATES}
    b = {g: np.asarray(params["b_" + g], dtype=float) for g in GATES}
    hx = np.concatenate([np.asarray(h_prev, dtype=float), np.asarray(x, dtype=float)], axis=1)
    f = sigmoid(hx @ W["f"].T + b["f"])
    i = sigmoid(hx @ W["i"].T + b["i"])
    C_tilde = np.tanh(hx @ W["C"].T + b["C"])
    c = c_prev  # not a copy: the updates below overwrite the caller's array
    c *= f
    c += i * C_tilde
    o = sigmoid(hx @ W["o"].T + b["o"])
    return o * np.tanh(c), c


# --- lstm_forward: the loop over time ----------------------------------------------------

@known.mistake("c_reset_every_step")
def lstm_forward(X, h0, c0, params):
    X = np.asarray(X, dtype=float)
    n, T, _ = X.shape
    h, c = np.asarray(h0, dtype=float), np.asarray(c0, dtype=float)
    Hs = np.empty((n, T, h.shape[1]))
    for t in range(T):
        h, c = lstm_cell(X[:, t, :], h, np.asarray(c0, dtype=float), params)  # always c0, never the last c
        Hs[:, t, :] = h
    return Hs, h, c


@known.mistake("h_reset_every_step")
def lstm_forward(X, h0, c0, params):
    X = np.asarray(X, dtype=float)
    n, T, _ = X.shape
    h, c = np.asarray(h0, dtype=float), np.asarray(c0, dtype=float)
    Hs = np.empty((n, T, h.shape[1]))
    for t in range(T):
        h, c = lstm_cell(X[:, t, :], np.asarray(h0, dtype=float), c, params)  # always h0, never the last h
        Hs[:, t, :] = h
    return Hs, h, c


@known.mistake("hs_holds_cell_states")
def lstm_forward(X, h0, c0, params):
    X = np.asarray(X, dtype=float)
    n, T, _ = X.shape
    h, c = np.asarray(h0, dtype=float), np.asarray(c0, dtype=float)
    Hs = np.empty((n, T, h.shape[1]))
    for t in range(T):
        h, c = lstm_cell(X[:, t, :], h, c, params)
        Hs[:, t, :] = c
    return Hs, h, c


@known.mistake("hs_time_major")
def lstm_forward(X, h0, c0, params):
    X = np.asarray(X, dtype=float)
    h, c = np.asarray(h0, dtype=float), np.asarray(c0, dtype=float)
    hs = []
    for t in range(X.shape[1]):
        h, c = lstm_cell(X[:, t, :], h, c, params)
        hs.append(h)
    return np.stack(hs), h, c  # (T, n, H): stacked along a new first axis


@known.mistake("sequence_first_layout")
def lstm_forward(X, h0, c0, params):
    X = np.asarray(X, dtype=float)
    h, c = np.asarray(h0, dtype=float), np.asarray(c0, dtype=float)
    hs = []
    for x_t in X:  # the first axis read as time, as in torch.nn.LSTM without batch_first: (T, n, D)
        h, c = lstm_cell(x_t, h, c, params)  # [h, x] of different heights: ValueError unless n == T
        hs.append(h)
    return np.stack(hs), h, c


# --- params_from_torch: torch.nn.LSTM's layout -------------------------------------------

@known.mistake("torch_order_ifog")
def params_from_torch(weight_ih, weight_hh, bias_ih, bias_hh):
    W_ih, W_hh, b = as_numpy(weight_ih), as_numpy(weight_hh), as_numpy(bias_ih) + as_numpy(bias_hh)
    H = W_hh.shape[1]
    W = np.concatenate([W_hh, W_ih], axis=1)
    params = {}
    for k, gate in enumerate(("i", "f", "o", "C")):  # assumed i, f, o, g
        rows = slice(k * H, (k + 1) * H)
        params["W_" + gate], params["b_" + gate] = W[rows], b[rows]
    return params


@known.mistake("torch_order_as_lecture")
def params_from_torch(weight_ih, weight_hh, bias_ih, bias_hh):
    W_ih, W_hh, b = as_numpy(weight_ih), as_numpy(weight_hh), as_numpy(bias_ih) + as_numpy(bias_hh)
    H = W_hh.shape[1]
    W = np.concatenate([W_hh, W_ih], axis=1)
    params = {}
    for k, gate in enumerate(("f", "i", "C", "o")):  # the order of eqs. 80-84
        rows = slice(k * H, (k + 1) * H)
        params["W_" + gate], params["b_" + gate] = W[rows], b[rows]
    return params


@known.mistake("one_bias_only")
def params_from_torch(weight_ih, weight_hh, bias_ih, bias_hh):
    W_ih, W_hh, b = as_numpy(weight_ih), as_numpy(weight_hh), as_numpy(bias_ih)  # bias_hh forgotten
    H = W_hh.shape[1]
    W = np.concatenate([W_hh, W_ih], axis=1)
    params = {}
    for k, gate in enumerate(("i", "f", "C", "o")):
        rows = slice(k * H, (k + 1) * H)
        params["W_" + gate], params["b_" + gate] = W[rows], b[rows]
    return params


@known.mistake("ih_columns_first")
def params_from_torch(weight_ih, weight_hh, bias_ih, bias_hh):
    W_ih, W_hh, b = as_numpy(weight_ih), as_numpy(weight_hh), as_numpy(bias_ih) + as_numpy(bias_hh)
    H = W_hh.shape[1]
    W = np.concatenate([W_ih, W_hh], axis=1)  # [x, h] columns
    params = {}
    for k, gate in enumerate(("i", "f", "C", "o")):
        rows = slice(k * H, (k + 1) * H)
        params["W_" + gate], params["b_" + gate] = W[rows], b[rows]
    return params


@known.mistake("parameters_not_detached")
def params_from_torch(weight_ih, weight_hh, bias_ih, bias_hh):
    # np.asarray on a tensor that requires grad raises RuntimeError ("Can't call numpy() on Tensor that requires grad")
    W_ih, W_hh = np.asarray(weight_ih, dtype=float), np.asarray(weight_hh, dtype=float)
    b = np.asarray(bias_ih, dtype=float) + np.asarray(bias_hh, dtype=float)
    H = W_hh.shape[1]
    W = np.concatenate([W_hh, W_ih], axis=1)
    params = {}
    for k, gate in enumerate(("i", "f", "C", "o")):
        rows = slice(k * H, (k + 1) * H)
        params["W_" + gate], params["b_" + gate] = W[rows], b[rows]
    return params
