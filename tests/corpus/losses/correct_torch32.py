# CORRECT: torch tensors in float32, softmax as exp(S - logsumexp), returns tensors
import numpy as np
import torch


def _t(a):
    return torch.as_tensor(np.asarray(a, dtype=float), dtype=torch.float32)


def _idx(y):
    return torch.as_tensor(np.asarray(y), dtype=torch.long)


def softmax(S):
    S = _t(S)
    return torch.exp(S - torch.logsumexp(S, dim=1, keepdim=True))


def cross_entropy(S, y):
    S, y = _t(S), _idx(y)
    return torch.logsumexp(S, dim=1) - S[torch.arange(S.shape[0]), y]


def hinge_loss(S, y, margin=1.0):
    S, y = _t(S), _idx(y)
    correct = S.gather(1, y[:, None])
    M = torch.clamp(S - correct + margin, min=0)
    M = M.scatter(1, y[:, None], 0.0)
    return M.sum(dim=1)


def loss_gradient(S, y, kind, margin=1.0):
    S, y = _t(S), _idx(y)
    n = S.shape[0]
    onehot = torch.zeros_like(S).scatter(1, y[:, None], 1.0)
    if kind == "cross_entropy":
        G = softmax(S) - onehot
    elif kind == "hinge":
        active = (S - S.gather(1, y[:, None]) + margin > 0).float() * (1 - onehot)
        G = active - onehot * active.sum(dim=1, keepdim=True)
    else:
        raise ValueError("unknown kind: " + str(kind))
    return G / max(n, 1)


def mse(pred, target):
    return float(torch.mean((_t(pred) - _t(target)) ** 2))


def mae(pred, target):
    return float(torch.mean(torch.abs(_t(pred) - _t(target))))
