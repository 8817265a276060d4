"""A correct alternative: float results with integer values, written without helpers."""


def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    if n < 1 or k < 1 or padding < 0 or stride < 1 or dilation < 1:
        raise ValueError("invalid configuration")
    span = dilation * (k - 1) + 1
    padded = n + 2 * padding
    if span > padded:
        raise ValueError("kernel larger than the padded input")
    return float((padded - span) // stride + 1)


def pool_output_size(n, k, stride=None, padding=0):
    if k < 1 or padding < 0 or 2 * padding > k:
        raise ValueError("invalid pooling configuration")
    if stride is None:
        stride = k
    return conv_output_size(n, k, padding=padding, stride=stride)


def transposed_conv_output_size(n, k, padding=0, stride=1, dilation=1, output_padding=0):
    if n < 1 or k < 1 or padding < 0 or stride < 1 or dilation < 1 or output_padding < 0:
        raise ValueError("invalid configuration")
    if not (output_padding < stride or output_padding < dilation):
        raise ValueError("output_padding too large")
    size = float((n - 1) * stride + dilation * (k - 1) + 1 + output_padding - 2 * padding)
    if size < 1:
        raise ValueError("output size < 1")
    return size


def conv_param_count(in_channels, out_channels, k, bias=True):
    try:
        kh, kw = k
    except TypeError:
        kh = kw = k
    if min(in_channels, out_channels, kh, kw) < 1:
        raise ValueError("sizes must be positive")
    per_filter = in_channels * kh * kw + (1 if bias else 0)
    return float(out_channels * per_filter)


def receptive_field(layers):
    rf, spacing = 1.0, 1.0
    for k, stride, dilation in layers:
        if k < 1 or stride < 1 or dilation < 1:
            raise ValueError("invalid layer")
        rf = rf + (k - 1) * dilation * spacing
        spacing = spacing * stride
    return rf


def conv2d_output_shape(input_shape, out_channels, k, padding=0, stride=1, dilation=1):
    n, c, h, w = (int(v) for v in input_shape)
    if c < 1 or out_channels < 1:
        raise ValueError("invalid channels")
    h_out = conv_output_size(h, k, padding, stride, dilation)
    w_out = conv_output_size(w, k, padding, stride, dilation)
    return [n, out_channels, int(h_out), int(w_out)]
