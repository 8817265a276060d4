"""A correct alternative: math.floor on exact fractions, numpy integers as results."""
import math
from fractions import Fraction

import numpy as np


def _valid(*pairs):
    for value, low in pairs:
        if value < low:
            raise ValueError(f"{value} < {low}")


def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    _valid((n, 1), (k, 1), (padding, 0), (stride, 1), (dilation, 1))
    out = math.floor(Fraction(n + 2 * padding - dilation * (k - 1) - 1, stride)) + 1
    if out <= 0:
        raise ValueError("output size < 1")
    return np.int64(out)


def pool_output_size(n, k, stride=None, padding=0):
    _valid((k, 1))
    if 2 * padding > k:
        raise ValueError("padding more than half the window")
    return conv_output_size(n, k, padding, k if stride is None else stride)


def transposed_conv_output_size(n, k, padding=0, stride=1, dilation=1, output_padding=0):
    _valid((n, 1), (k, 1), (padding, 0), (stride, 1), (dilation, 1), (output_padding, 0))
    if output_padding >= max(stride, dilation):
        raise ValueError("output_padding must be smaller than stride or dilation")
    out = stride * (n - 1) + dilation * (k - 1) + 1 - 2 * padding + output_padding
    if out <= 0:
        raise ValueError("output size < 1")
    return np.int64(out)


def conv_param_count(in_channels, out_channels, k, bias=True):
    kernel = np.broadcast_to(np.asarray(k, dtype=np.int64), (2,))
    _valid((in_channels, 1), (out_channels, 1), (int(kernel.min()), 1))
    weights = np.prod(np.array([out_channels, in_channels, *kernel], dtype=np.int64))
    return weights + (np.int64(out_channels) if bias else np.int64(0))


def receptive_field(layers):
    layers = np.asarray(layers, dtype=np.int64).reshape(-1, 3)
    if (layers < 1).any():
        raise ValueError("k, stride and dilation must be positive")
    k, stride, dilation = layers.T
    jumps = np.concatenate([[1], np.cumprod(stride)[:-1]]).astype(np.int64)
    return np.int64(1 + np.sum((k - 1) * dilation * jumps))


def conv2d_output_shape(input_shape, out_channels, k, padding=0, stride=1, dilation=1):
    N, C, H, W = input_shape
    _valid((C, 1), (out_channels, 1))
    spatial = [conv_output_size(x, k, padding, stride, dilation) for x in (H, W)]
    return (np.int64(N), np.int64(out_channels), *spatial)
