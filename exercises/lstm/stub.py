"""Exercise: the LSTM cell (lecture 001, eqs. 80-88).

Rows are samples: x (n, D), h and c (n, H). [h_{t-1}, x_t] concatenates h FIRST, then x, so
every weight matrix W_f, W_i, W_C, W_o has shape (H, H + D) and every bias b_f, b_i, b_C, b_o
shape (H,). `params` is a dict with exactly these eight keys.
Return numpy arrays of floats (a list or a torch tensor of the right shape is accepted too).
Not allowed in lstm_cell and lstm_forward: torch.nn.LSTM, torch.nn.LSTMCell, torch.lstm*.
"""


def lstm_cell(x, h_prev, c_prev, params):
    """Return (h, c) after one LSTM step, each of shape (n, H) (eqs. 80-88).

    x: (n, D) inputs x_t, h_prev: (n, H) hidden states h_{t-1}, c_prev: (n, H) cell states C_{t-1}.
    With z = [h_prev, x] of shape (n, H + D) (h first) and sigma the logistic sigmoid:
      f = sigma(z W_f^T + b_f),  i = sigma(z W_i^T + b_i),  C~ = tanh(z W_C^T + b_C),
      c = f * c_prev + i * C~,   o = sigma(z W_o^T + b_o),  h = o * tanh(c)
    (* is the elementwise product). Vectorised over the batch: no loop over samples.
    """
    raise NotImplementedError


def lstm_forward(X, h0, c0, params):
    """Return (Hs, h_T, c_T) of shapes (n, T, H), (n, H), (n, H): the cell run over whole sequences.

    X: (n, T, D), n sequences of T >= 1 steps; h0, c0: (n, H) initial states.
    Hs: (n, T, H), Hs[:, t] is the hidden state h after step t (not the cell state);
    h_T, c_T: (n, H), the states after the last step.
    This function is also timed against the reference: loop over time only (each step needs
    the previous one), never over samples.
    """
    raise NotImplementedError


def params_from_torch(weight_ih, weight_hh, bias_ih, bias_hh):
    """Return the params dict of the same cell from torch.nn.LSTM's layer-0 tensors.

    weight_ih: (4H, D), weight_hh: (4H, H), bias_ih and bias_hh: (4H,), as lstm.weight_ih_l0,
    lstm.weight_hh_l0, lstm.bias_ih_l0, lstm.bias_hh_l0 of a torch.nn.LSTM(D, H). Each stacks
    the four gates in torch's order i, f, g, o (g is the candidate C~); torch adds both biases.
    The arguments may be numpy arrays or torch tensors, also Parameters that require grad.
    Returns the dict {"W_f", "W_i", "W_C", "W_o"} of shape (H, H + D) each (the columns of
    weight_hh first, as [h, x] starts with h) and {"b_f", "b_i", "b_C", "b_o"} of shape (H,)
    each (bias_ih + bias_hh).
    """
    raise NotImplementedError
