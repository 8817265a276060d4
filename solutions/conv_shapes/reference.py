"""Reference solution: sizes in convolutional networks.

Lecture: CNN (001, eqs. 73-79), slides 000 (convolution and pooling layers), the summary
002 (receptive field, dilation, padding, stride, pooling, transposed convolution).
Everything is integer arithmetic: `//` is the floor division, so no float is ever rounded.
"""
import operator


def _int(value, name, minimum):
    """`value` as a Python int, at least `minimum`, else ValueError."""
    value = operator.index(value)
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return value


def _pair(value, name, minimum):
    """An int or an (h, w) pair -> (h, w) as Python ints."""
    try:
        value = operator.index(value)
    except TypeError:  # not an integer: a pair
        h, w = value
        return _int(h, name, minimum), _int(w, name, minimum)
    value = _int(value, name, minimum)
    return value, value


def effective_kernel(k, dilation):
    """The span of a dilated kernel: k taps with dilation - 1 gaps between neighbours."""
    return dilation * (k - 1) + 1


def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    n, k = _int(n, "n", 1), _int(k, "k", 1)
    padding, stride, dilation = _int(padding, "padding", 0), _int(stride, "stride", 1), _int(dilation, "dilation", 1)
    out = (n + 2 * padding - effective_kernel(k, dilation)) // stride + 1
    if out < 1:
        raise ValueError(f"the output size would be {out}: the kernel does not fit into the padded input")
    return out


def pool_output_size(n, k, stride=None, padding=0):
    k = _int(k, "k", 1)
    stride = k if stride is None else stride
    if _int(padding, "padding", 0) * 2 > k:
        raise ValueError("padding must be at most half the pooling window")
    return conv_output_size(n, k, padding, stride, 1)


def transposed_conv_output_size(n, k, padding=0, stride=1, dilation=1, output_padding=0):
    n, k = _int(n, "n", 1), _int(k, "k", 1)
    padding, stride, dilation = _int(padding, "padding", 0), _int(stride, "stride", 1), _int(dilation, "dilation", 1)
    output_padding = _int(output_padding, "output_padding", 0)
    if output_padding >= max(stride, dilation):
        raise ValueError("output_padding must be smaller than the stride (or the dilation)")
    out = (n - 1) * stride - 2 * padding + effective_kernel(k, dilation) + output_padding
    if out < 1:
        raise ValueError(f"the output size would be {out}: the padding crops away everything")
    return out


def conv_param_count(in_channels, out_channels, k, bias=True):
    in_channels, out_channels = _int(in_channels, "in_channels", 1), _int(out_channels, "out_channels", 1)
    kh, kw = _pair(k, "k", 1)
    weights = out_channels * in_channels * kh * kw  # one filter of depth in_channels per output channel
    return weights + (out_channels if bias else 0)  # one bias per filter


def receptive_field(layers):
    r, jump = 1, 1  # one unit sees itself; neighbouring units are `jump` input positions apart
    for layer in layers:
        k, stride, dilation = layer
        k, stride, dilation = _int(k, "k", 1), _int(stride, "stride", 1), _int(dilation, "dilation", 1)
        r += (effective_kernel(k, dilation) - 1) * jump
        jump *= stride
    return r


def conv2d_output_shape(input_shape, out_channels, k, padding=0, stride=1, dilation=1):
    N, C, H, W = input_shape
    N, C = _int(N, "N", 0), _int(C, "C", 1)
    out_channels = _int(out_channels, "out_channels", 1)
    return (N, out_channels, conv_output_size(H, k, padding, stride, dilation), conv_output_size(W, k, padding, stride, dilation))
