"""Reference solution: convolution and cross-correlation as used in CNN layers.

Lecture 001 eqs. (73)-(78), summary 002 sections 13-14. Indices start at 0.
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def correlate_valid(x, w):
    """The valid 1-d cross-correlation s[i] = sum_m w[m] x[i + m], as a matrix product."""
    return sliding_window_view(x, len(w)) @ w


def convolve1d(x, w):
    """Full discrete convolution (x * w)[n] = sum_k x[k] w[n - k], length len(x) + len(w) - 1.

    Pad x with len(w) - 1 zeros on both sides and slide the flipped kernel over it.
    """
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    return correlate_valid(np.pad(x, len(w) - 1), w[::-1])


def cross_correlate1d(x, w):
    """Valid cross-correlation: the kernel is not flipped, length len(x) - len(w) + 1."""
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    return correlate_valid(x, w)


def zero_pad(x, padding):
    """Zero padding of p rows/columns on every side of the two spatial axes of (N, C, H, W)."""
    return np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))


def patches(x, kh, kw, stride, dilation):
    """All receptive fields of a padded (N, C, H, W) input: (N, C, H_out, W_out, kh, kw).

    patches[n, c, i, j, m, l] = x[n, c, stride * i + dilation * m, stride * j + dilation * l]
    A view into x (no copy): the windows of the dilated kernel's extent, subsampled.
    """
    span_h, span_w = dilation * (kh - 1) + 1, dilation * (kw - 1) + 1
    windows = sliding_window_view(x, (span_h, span_w), axis=(2, 3))
    return windows[:, :, ::stride, ::stride, ::dilation, ::dilation]


def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    """What a CNN layer computes (cross-correlation, as torch.nn.functional.conv2d).

    y[n, f, i, j] = b[f] + sum_{c, m, l} w[f, c, m, l] * x_pad[n, c, s i + d m, s j + d l]
    x (N, C, H, W), w (F, C, kh, kw), b (F,) -> (N, F, H_out, W_out),
    H_out = floor((H + 2 p - d (kh - 1) - 1) / s) + 1, the same for W_out.
    """
    x, w, b = (np.asarray(a, dtype=float) for a in (x, w, b))
    P = patches(zero_pad(x, padding), w.shape[2], w.shape[3], stride, dilation)
    # im2col: contract channels and kernel offsets in one matrix product.
    y = np.tensordot(P, w, axes=([1, 4, 5], [1, 2, 3]))  # (N, H_out, W_out, F)
    return y.transpose(0, 3, 1, 2) + b[None, :, None, None]
