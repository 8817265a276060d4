# Everything in torch float32, returned as tensors.
import torch


def fan_in_out(shape):
    receptive_field = 1
    if len(shape) > 2:
        receptive_field = int(torch.tensor(shape[2:]).prod())
    return shape[1] * receptive_field, shape[0] * receptive_field


def init_std(kind, fan_in, fan_out=None):
    if kind == "xavier":
        return float(torch.sqrt(torch.tensor(1.0 / fan_in)))
    if kind == "glorot":
        if fan_out is None:
            raise ValueError("fan_out missing")
        return float(torch.sqrt(torch.tensor(2.0 / (fan_in + fan_out))))
    if kind == "he":
        return float(torch.sqrt(torch.tensor(2.0 / fan_in)))
    raise ValueError(f"unknown initialisation {kind}")


def initialize(shape, kind, seed):
    if kind == "zeros":
        return torch.zeros(shape)
    std = init_std(kind, *fan_in_out(shape))
    g = torch.Generator().manual_seed(seed)
    return torch.randn(shape, generator=g) * std


def l2_penalty(w, alpha):
    w = torch.as_tensor(w, dtype=torch.float32)
    return 0.5 * alpha * (w ** 2).sum()


def l2_grad(w, alpha):
    return alpha * torch.as_tensor(w, dtype=torch.float32)


def l1_penalty(w, alpha):
    return alpha * torch.as_tensor(w, dtype=torch.float32).abs().sum()


def l1_grad(w, alpha):
    return alpha * torch.sign(torch.as_tensor(w, dtype=torch.float32))


def dropout_train(X, keep_mask, p, inverted=True):
    X = torch.as_tensor(X, dtype=torch.float32)
    mask = torch.as_tensor(keep_mask).bool()
    Y = X * mask
    if inverted:
        Y = Y / (1 - p)
    return Y


def dropout_inference(X, p, inverted=True):
    X = torch.as_tensor(X, dtype=torch.float32)
    if inverted:
        return X.clone()
    return X * (1 - p)
