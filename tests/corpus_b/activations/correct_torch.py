# CORRECT: torch float64 tensors (closed-form derivatives, no autograd), returns tensors
import numpy as np
import torch


def _t(z):
    return torch.as_tensor(np.asarray(z, dtype=np.float64))


def activation(name, z):
    t = _t(z)
    if name == "sigmoid":
        return torch.sigmoid(t)
    if name == "tanh":
        return torch.tanh(t)
    if name == "relu":
        return torch.where(t > 0, t, torch.zeros_like(t))
    if name == "leaky_relu":
        return torch.where(t > 0, t, 0.01 * t)
    if name == "swish":
        return t * torch.sigmoid(t)
    if name == "softplus":
        return torch.logaddexp(torch.zeros_like(t), t)
    raise ValueError("unknown activation " + str(name))


def activation_grad(name, z):
    t = _t(z)
    if name == "sigmoid":
        s = torch.sigmoid(t)
        return s * (1 - s)
    if name == "tanh":
        return 1 - torch.tanh(t) ** 2
    if name == "relu":
        return (t > 0).to(torch.float64)
    if name == "leaky_relu":
        return torch.where(t > 0, torch.ones_like(t), torch.full_like(t, 0.01))
    if name == "swish":
        s = torch.sigmoid(t)
        return s * (1 + t * (1 - s))
    if name == "softplus":
        return torch.sigmoid(t)
    raise ValueError("unknown activation " + str(name))
