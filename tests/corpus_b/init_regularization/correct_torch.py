# CORRECT: torch float64 tensors, torch.Generator for the seed, loops for the fan computation
import math
import numpy as np
import torch


def _t(x):
    return torch.as_tensor(np.asarray(x, dtype=np.float64))


def fan_in_out(shape):
    if len(shape) < 2:
        raise ValueError("need at least a 2-d weight shape")
    out_ch, in_ch = int(shape[0]), int(shape[1])
    kernel = 1
    for k in shape[2:]:
        kernel *= int(k)
    return in_ch * kernel, out_ch * kernel


def init_std(kind, fan_in, fan_out=None):
    if kind == "xavier":
        var = 1.0 / fan_in
    elif kind == "he":
        var = 2.0 / fan_in
    elif kind == "glorot":
        if fan_out is None:
            raise ValueError("glorot needs fan_out")
        var = 2.0 / (fan_in + fan_out)
    else:
        raise ValueError("unknown kind " + str(kind))
    return math.sqrt(var)


def initialize(shape, kind, seed):
    shape = tuple(int(s) for s in shape)
    if kind == "zeros":
        return torch.zeros(shape, dtype=torch.float64)
    fan_in, fan_out = fan_in_out(shape)
    std = init_std(kind, fan_in, fan_out)
    gen = torch.Generator().manual_seed(int(seed))
    return std * torch.randn(shape, generator=gen, dtype=torch.float64)


def l2_penalty(w, alpha):
    return alpha / 2 * float((_t(w) ** 2).sum())


def l2_grad(w, alpha):
    return alpha * _t(w)


def l1_penalty(w, alpha):
    return alpha * float(_t(w).abs().sum())


def l1_grad(w, alpha):
    return alpha * torch.sign(_t(w))


def dropout_train(X, keep_mask, p, inverted=True):
    X = _t(X)
    mask = torch.as_tensor(np.asarray(keep_mask) != 0)
    scale = (1.0 / (1.0 - p) if p < 1 else 0.0) if inverted else 1.0
    return torch.where(mask, X * scale, torch.zeros_like(X))


def dropout_inference(X, p, inverted=True):
    X = _t(X)
    return X.clone() if inverted else (1 - p) * X
