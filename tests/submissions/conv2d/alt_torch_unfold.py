"""A correct submission with torch tensor operations: im2col with unfold, one matrix product; returns tensors."""
import torch
import torch.nn.functional as F


def _t(a):
    return torch.as_tensor(a, dtype=torch.float64)


def convolve1d(x, w):
    x, w = _t(x), _t(w)
    padded = F.pad(x, (len(w) - 1, len(w) - 1))
    return padded.unfold(0, len(w), 1) @ w.flip(0)


def cross_correlate1d(x, w):
    x, w = _t(x), _t(w)
    return x.unfold(0, len(w), 1) @ w


def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w, b = _t(x), _t(w), _t(b)
    n, _, h, wd = x.shape
    f, c, kh, kw = w.shape
    cols = F.unfold(x, (kh, kw), dilation=dilation, padding=padding, stride=stride)  # (n, c*kh*kw, L)
    h_out = (h + 2 * padding - dilation * (kh - 1) - 1) // stride + 1
    w_out = (wd + 2 * padding - dilation * (kw - 1) - 1) // stride + 1
    out = w.reshape(f, c * kh * kw) @ cols + b.reshape(1, f, 1)
    return out.reshape(n, f, h_out, w_out)
