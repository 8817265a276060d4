"""A correct submission in torch's default dtype float32: im2col with unfold and one matrix
product (no library convolution); every answer a float32 tensor."""
import torch
import torch.nn.functional as F


def _t(a):
    return torch.as_tensor(a).float()


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
    return (w.reshape(f, -1) @ cols + b.reshape(1, f, 1)).reshape(n, f, h_out, w_out)
