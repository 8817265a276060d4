# CORRECT: torch float64, the four gates stacked into one (4H, H + D) matrix; input projections of all time steps precomputed
import numpy as np
import torch

GATES = ("f", "i", "C", "o")


def _t(a):
    if isinstance(a, torch.Tensor):
        return a.detach().to(torch.float64)
    return torch.as_tensor(np.asarray(a, dtype=np.float64))


def _stacked(params):
    W = torch.cat([_t(params["W_" + g]) for g in GATES], dim=0)
    b = torch.cat([_t(params["b_" + g]) for g in GATES], dim=0)
    return W, b


def _step(z, c_prev):
    f, i, g, o = z.chunk(4, dim=1)
    c = torch.sigmoid(f) * c_prev + torch.sigmoid(i) * torch.tanh(g)
    h = torch.sigmoid(o) * torch.tanh(c)
    return h, c


def lstm_cell(x, h_prev, c_prev, params):
    W, b = _stacked(params)
    z = torch.cat([_t(h_prev), _t(x)], dim=1) @ W.T + b
    return _step(z, _t(c_prev))


def lstm_forward(X, h0, c0, params):
    X, h, c = _t(X), _t(h0), _t(c0)
    W, b = _stacked(params)
    H = h.shape[1]
    W_hT = W[:, :H].T.contiguous()           # (H, 4H)
    W_xT = W[:, H:].T.contiguous()           # (D, 4H)
    n, T, D = X.shape
    X_proj = (X.reshape(n * T, D) @ W_xT + b).reshape(n, T, 4 * H)   # all steps at once
    outputs = []
    for t in range(T):
        h, c = _step(X_proj[:, t] + h @ W_hT, c)
        outputs.append(h)
    if outputs:
        Hs = torch.stack(outputs, dim=1)
    else:
        Hs = torch.zeros(n, 0, H, dtype=torch.float64)
    return Hs, h, c


def params_from_torch(weight_ih, weight_hh, bias_ih, bias_hh):
    w_ih, w_hh = _t(weight_ih), _t(weight_hh)
    b = _t(bias_ih) + _t(bias_hh)
    params = {}
    for name, w_x, w_h, bb in zip(("i", "f", "C", "o"), w_ih.chunk(4), w_hh.chunk(4), b.chunk(4)):
        params["W_" + name] = torch.cat([w_h, w_x], dim=1).numpy()
        params["b_" + name] = bb.numpy()
    return params
