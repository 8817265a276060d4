"""A correct alternative: sizes found by counting window positions with loops."""


def _check(value, minimum):
    if int(value) != value or value < minimum:
        raise ValueError("invalid size")
    return int(value)


def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    n, k, padding = _check(n, 1), _check(k, 1), _check(padding, 0)
    stride, dilation = _check(stride, 1), _check(dilation, 1)
    length = n + 2 * padding
    last_tap = (k - 1) * dilation  # offset of the last kernel tap from the window start
    count, start = 0, 0
    while start + last_tap < length:
        count += 1
        start += stride
    if count == 0:
        raise ValueError("the kernel does not fit")
    return count


def pool_output_size(n, k, stride=None, padding=0):
    if stride is None:
        stride = k
    if padding > k / 2:
        raise ValueError("padding too large")
    return conv_output_size(n, k, padding, stride, 1)


def transposed_conv_output_size(n, k, padding=0, stride=1, dilation=1, output_padding=0):
    n, k, padding = _check(n, 1), _check(k, 1), _check(padding, 0)
    stride, dilation = _check(stride, 1), _check(dilation, 1)
    output_padding = _check(output_padding, 0)
    if output_padding >= stride and output_padding >= dilation:
        raise ValueError("output_padding too large")
    # scatter every input position into a full-size canvas, then crop `padding` on each side
    positions = set()
    for i in range(n):
        for j in range(k):
            positions.add(i * stride + j * dilation)
    full = max(positions) + 1 + output_padding
    out = full - 2 * padding
    if out < 1:
        raise ValueError("nothing left")
    return out


def conv_param_count(in_channels, out_channels, k, bias=True):
    in_channels, out_channels = _check(in_channels, 1), _check(out_channels, 1)
    sizes = list(k) if isinstance(k, (list, tuple)) else [k, k]
    if len(sizes) != 2:
        raise ValueError("k must be an int or a pair")
    total = 0
    for _ in range(out_channels):
        total += in_channels * _check(sizes[0], 1) * _check(sizes[1], 1)
        if bias:
            total += 1
    return total


def receptive_field(layers):
    for k, stride, dilation in layers:
        _check(k, 1), _check(stride, 1), _check(dilation, 1)
    # walk backwards from one output unit: the region it sees in each earlier layer
    size = 1
    for k, stride, dilation in reversed(list(layers)):
        size = (size - 1) * stride + (k - 1) * dilation + 1
    return size


def conv2d_output_shape(input_shape, out_channels, k, padding=0, stride=1, dilation=1):
    if len(input_shape) != 4:
        raise ValueError("expected (N, C, H, W)")
    N, C, H, W = input_shape
    if out_channels < 1 or C < 1:
        raise ValueError("channels must be positive")
    return (N, out_channels, conv_output_size(H, k, padding, stride, dilation),
            conv_output_size(W, k, padding, stride, dilation))
