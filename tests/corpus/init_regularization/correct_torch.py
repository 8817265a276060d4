# CORRECT: torch float32 tensors (seeded torch.Generator, tensor ops), returns tensors
import math
import torch


def fan_in_out(shape):
    shape = torch.Size(shape)
    receptive = shape[2:].numel()  # 1 for a 2-d weight
    return shape[1] * receptive, shape[0] * receptive


def init_std(kind, fan_in, fan_out=None):
    if kind == "glorot":
        if fan_out is None:
            raise ValueError("glorot needs fan_out")
        return math.sqrt(2.0 / (fan_in + fan_out))
    gains = {"xavier": 1.0, "he": 2.0}
    if kind not in gains:
        raise ValueError("unknown kind: %s" % kind)
    return math.sqrt(gains[kind] / fan_in)


def initialize(shape, kind, seed):
    if kind == "zeros":
        return torch.zeros(tuple(shape))
    std = init_std(kind, *fan_in_out(shape))
    gen = torch.Generator().manual_seed(int(seed))
    return torch.randn(tuple(shape), generator=gen) * std


def _f(a):
    return torch.as_tensor(a).to(torch.float32)


def l2_penalty(w, alpha):
    return alpha / 2 * (_f(w) ** 2).sum()


def l2_grad(w, alpha):
    return alpha * _f(w)


def l1_penalty(w, alpha):
    return alpha * _f(w).abs().sum()


def l1_grad(w, alpha):
    return alpha * torch.sign(_f(w))


def dropout_train(X, keep_mask, p, inverted=True):
    kept = _f(X) * _f(keep_mask)
    if inverted and p < 1:
        kept = kept / (1 - p)
    return kept


def dropout_inference(X, p, inverted=True):
    return _f(X).clone() if inverted else _f(X) * (1 - p)
