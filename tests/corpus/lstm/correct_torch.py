# CORRECT: torch float32 tensors (torch.cat / matmul / sigmoid), returns tensors
import torch


def _t(a):
    if isinstance(a, torch.Tensor):
        return a.detach().to(torch.float32)
    return torch.as_tensor(a, dtype=torch.float32)


def lstm_cell(x, h_prev, c_prev, params):
    x, h_prev, c_prev = _t(x), _t(h_prev), _t(c_prev)
    hx = torch.cat([h_prev, x], dim=1)

    def gate(name):
        return hx @ _t(params["W_" + name]).T + _t(params["b_" + name])

    f = torch.sigmoid(gate("f"))
    i = torch.sigmoid(gate("i"))
    c_tilde = torch.tanh(gate("C"))
    o = torch.sigmoid(gate("o"))
    c = f * c_prev + i * c_tilde
    return o * torch.tanh(c), c


def lstm_forward(X, h0, c0, params):
    X = _t(X)
    p = {k: _t(v) for k, v in params.items()}  # convert once, not every step
    h, c = _t(h0), _t(c0)
    outputs = []
    for t in range(X.shape[1]):
        h, c = lstm_cell(X[:, t], h, c, p)
        outputs.append(h)
    if outputs:
        Hs = torch.stack(outputs, dim=1)
    else:
        Hs = torch.zeros(X.shape[0], 0, h.shape[1])
    return Hs, h, c


def params_from_torch(weight_ih, weight_hh, bias_ih, bias_hh):
    w_ih, w_hh = _t(weight_ih), _t(weight_hh)
    b = _t(bias_ih) + _t(bias_hh)
    w_i, w_f, w_g, w_o = torch.cat([w_hh, w_ih], dim=1).chunk(4, dim=0)
    b_i, b_f, b_g, b_o = b.chunk(4)
    return {"W_i": w_i, "W_f": w_f, "W_C": w_g, "W_o": w_o,
            "b_i": b_i, "b_f": b_f, "b_C": b_g, "b_o": b_o}
