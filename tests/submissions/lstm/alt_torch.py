"""A correct submission in torch, float32, with the four gates in one stacked matrix."""
import torch


def _stack(params):
    W = torch.cat([torch.as_tensor(params[k], dtype=torch.float32) for k in ("W_f", "W_i", "W_C", "W_o")])
    b = torch.cat([torch.as_tensor(params[k], dtype=torch.float32) for k in ("b_f", "b_i", "b_C", "b_o")])
    return W, b


def _step(x, h, c, W, b):
    z = torch.cat([h, x], dim=1) @ W.T + b
    f, i, g, o = z.chunk(4, dim=1)
    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    h = torch.sigmoid(o) * torch.tanh(c)
    return h, c


def lstm_cell(x, h_prev, c_prev, params):
    W, b = _stack(params)
    x, h, c = (torch.as_tensor(a, dtype=torch.float32) for a in (x, h_prev, c_prev))
    return _step(x, h, c, W, b)


def lstm_forward(X, h0, c0, params):
    W, b = _stack(params)
    X = torch.as_tensor(X, dtype=torch.float32)
    h = torch.as_tensor(h0, dtype=torch.float32)
    c = torch.as_tensor(c0, dtype=torch.float32)
    outputs = []
    for t in range(X.shape[1]):
        h, c = _step(X[:, t], h, c, W, b)
        outputs.append(h)
    return torch.stack(outputs, dim=1), h, c


def params_from_torch(weight_ih, weight_hh, bias_ih, bias_hh):
    w_ih, w_hh, b_ih, b_hh = (torch.as_tensor(t).detach().float() for t in (weight_ih, weight_hh, bias_ih, bias_hh))
    W = torch.cat([w_hh, w_ih], dim=1)
    b = b_ih + b_hh
    Wi, Wf, Wg, Wo = W.chunk(4, dim=0)
    bi, bf, bg, bo = b.chunk(4)
    return {"W_f": Wf, "W_i": Wi, "W_C": Wg, "W_o": Wo, "b_f": bf, "b_i": bi, "b_C": bg, "b_o": bo}
