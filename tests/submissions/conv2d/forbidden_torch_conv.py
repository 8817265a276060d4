# FORBIDDEN: conv2d_forward
"""A correct submission that lets torch do the work and returns tensors."""
import torch
import torch.nn.functional as F


def convolve1d(x, w):
    x = torch.as_tensor(x, dtype=torch.float64)
    w = torch.as_tensor(w, dtype=torch.float64)
    # conv1d is a cross-correlation: flip the kernel and pad fully for the true convolution.
    return F.conv1d(x.view(1, 1, -1), w.flip(0).view(1, 1, -1), padding=len(w) - 1).view(-1)


def cross_correlate1d(x, w):
    x = torch.as_tensor(x, dtype=torch.float64)
    w = torch.as_tensor(w, dtype=torch.float64)
    return F.conv1d(x.view(1, 1, -1), w.view(1, 1, -1)).view(-1)


def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w, b = (torch.as_tensor(a, dtype=torch.float64) for a in (x, w, b))
    return F.conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation)
