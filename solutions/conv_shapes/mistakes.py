"""Known mistakes on conv_shapes, each a small variant of the reference.

A variant replaces only the functions below; the other reference functions call the
replaced ones (pool_output_size and conv2d_output_shape use conv_output_size), as a
student's own file would.
"""
# ruff: noqa: F811, F821  (each mistake redefines a reference function; it runs in the reference's namespace)
from dlgrade.spec import MistakeRegistry

known = MistakeRegistry()


@known.mistake("ceil_not_floor")
def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    n, k = _int(n, "n", 1), _int(k, "k", 1)
    padding, stride, dilation = _int(padding, "padding", 0), _int(stride, "stride", 1), _int(dilation, "dilation", 1)
    out = -(-(n + 2 * padding - effective_kernel(k, dilation)) // stride) + 1
    if out < 1:
        raise ValueError("impossible")
    return out


@known.mistake("int_truncates_toward_zero")
def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    n, k = _int(n, "n", 1), _int(k, "k", 1)
    padding, stride, dilation = _int(padding, "padding", 0), _int(stride, "stride", 1), _int(dilation, "dilation", 1)
    out = int((n + 2 * padding - effective_kernel(k, dilation)) / stride) + 1
    if out < 1:
        raise ValueError("impossible")
    return out


@known.mistake("dilation_ignored")
def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    n, k = _int(n, "n", 1), _int(k, "k", 1)
    padding, stride, dilation = _int(padding, "padding", 0), _int(stride, "stride", 1), _int(dilation, "dilation", 1)
    out = (n + 2 * padding - k) // stride + 1
    if out < 1:
        raise ValueError("impossible")
    return out


@known.mistake("padding_counted_once")
def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    n, k = _int(n, "n", 1), _int(k, "k", 1)
    padding, stride, dilation = _int(padding, "padding", 0), _int(stride, "stride", 1), _int(dilation, "dilation", 1)
    out = (n + padding - effective_kernel(k, dilation)) // stride + 1
    if out < 1:
        raise ValueError("impossible")
    return out


@known.mistake("missing_plus_one")
def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    n, k = _int(n, "n", 1), _int(k, "k", 1)
    padding, stride, dilation = _int(padding, "padding", 0), _int(stride, "stride", 1), _int(dilation, "dilation", 1)
    out = (n + 2 * padding - effective_kernel(k, dilation)) // stride
    if out < 0:
        raise ValueError("impossible")
    return out


@known.mistake("params_without_in_channels")
def conv_param_count(in_channels, out_channels, k, bias=True):
    in_channels, out_channels = _int(in_channels, "in_channels", 1), _int(out_channels, "out_channels", 1)
    kh, kw = _pair(k, "k", 1)
    return out_channels * kh * kw + (out_channels if bias else 0)


@known.mistake("one_bias_per_layer")
def conv_param_count(in_channels, out_channels, k, bias=True):
    in_channels, out_channels = _int(in_channels, "in_channels", 1), _int(out_channels, "out_channels", 1)
    kh, kw = _pair(k, "k", 1)
    return out_channels * in_channels * kh * kw + (1 if bias else 0)


@known.mistake("receptive_field_ignores_strides")
def receptive_field(layers):
    r = 1
    for layer in layers:
        k, stride, dilation = layer
        k, stride, dilation = _int(k, "k", 1), _int(stride, "stride", 1), _int(dilation, "dilation", 1)
        r += effective_kernel(k, dilation) - 1
    return r


@known.mistake("transposed_like_conv")
def transposed_conv_output_size(n, k, padding=0, stride=1, dilation=1, output_padding=0):
    return conv_output_size(n, k, padding, stride, dilation)


@known.mistake("transposed_output_padding_ignored")
def transposed_conv_output_size(n, k, padding=0, stride=1, dilation=1, output_padding=0):
    n, k = _int(n, "n", 1), _int(k, "k", 1)
    padding, stride, dilation = _int(padding, "padding", 0), _int(stride, "stride", 1), _int(dilation, "dilation", 1)
    output_padding = _int(output_padding, "output_padding", 0)
    if output_padding >= max(stride, dilation):
        raise ValueError("impossible")
    out = (n - 1) * stride - 2 * padding + effective_kernel(k, dilation)
    if out < 1:
        raise ValueError("impossible")
    return out


@known.mistake("pool_stride_defaults_to_one")
def pool_output_size(n, k, stride=None, padding=0):
    k = _int(k, "k", 1)
    stride = 1 if stride is None else stride
    if _int(padding, "padding", 0) * 2 > k:
        raise ValueError("impossible")
    return conv_output_size(n, k, padding, stride, 1)


@known.mistake("pool_half_window_padding_rejected")
def pool_output_size(n, k, stride=None, padding=0):
    k = _int(k, "k", 1)
    stride = k if stride is None else stride
    if _int(padding, "padding", 0) * 2 >= k:
        raise ValueError("impossible")
    return conv_output_size(n, k, padding, stride, 1)


@known.mistake("impossible_sizes_not_rejected")
def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    return (n + 2 * padding - dilation * (k - 1) - 1) // stride + 1


@known.mistake("impossible_sizes_not_rejected")
def pool_output_size(n, k, stride=None, padding=0):
    return conv_output_size(n, k, padding, k if stride is None else stride, 1)


@known.mistake("impossible_sizes_not_rejected")
def transposed_conv_output_size(n, k, padding=0, stride=1, dilation=1, output_padding=0):
    return (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1


@known.mistake("impossible_sizes_not_rejected")
def conv_param_count(in_channels, out_channels, k, bias=True):
    kh, kw = (k, k) if isinstance(k, int) else k
    return out_channels * in_channels * kh * kw + (out_channels if bias else 0)


@known.mistake("impossible_sizes_not_rejected")
def receptive_field(layers):
    r, jump = 1, 1
    for k, stride, dilation in layers:
        r += dilation * (k - 1) * jump
        jump *= stride
    return r
