"""Hidden cases for conv_shapes, generated from the per-submission seed.

Every configuration is built so that the case it is named after really is that case
(e.g. the stride really does not divide n + 2p - d(k-1) - 1), whatever the seed.
Case names describe the situation, never the numbers.
"""
from functools import partial

from dlgrade.spec import Case, Check

# Sizes are integers: compared exactly (an int, a numpy int or a float with the same value).
Size = partial(Case, check=Check(rtol=0.0, atol=0.0))


def _int(rng, low, high):
    """A Python int in [low, high] (inclusive): only plain ints cross the sandbox."""
    return int(rng.integers(low, high + 1))


def _conv_input(k, padding, stride, dilation, out, remainder):
    """The input size n whose convolution has `out` outputs and leaves `remainder` positions over."""
    return (out - 1) * stride + dilation * (k - 1) + 1 - 2 * padding + remainder


def conv_cases(rng):
    out = []
    # stride that does not divide: n + 2p - d(k-1) - 1 = (out-1) s + r with 0 < r < s
    s = _int(rng, 2, 4)
    k, p = _int(rng, 2, 5), _int(rng, 0, 2)
    n = _conv_input(k, p, s, 1, _int(rng, 3, 9), _int(rng, 1, s - 1))
    out.append(Size("conv_output_size", (n, k), {"padding": p, "stride": s},
                    name="conv_output_size: stride that does not divide the input"))
    s, d = _int(rng, 2, 3), _int(rng, 2, 3)
    k = _int(rng, 2, 4)
    n = _conv_input(k, 1, s, d, _int(rng, 2, 8), _int(rng, 1, s - 1))
    out.append(Size("conv_output_size", (n, k, 1, s, d),
                    name="conv_output_size: stride that does not divide, with dilation"))
    # odd sizes, 'same' padding (eq. 75: a kernel of 2k+1 taps with padding k)
    half = _int(rng, 1, 3)
    n = 2 * _int(rng, 3, 40) + 1
    out.append(Size("conv_output_size", (n, 2 * half + 1), {"padding": half},
                    name="conv_output_size: odd input, odd kernel, 'same' padding"))
    # no padding, stride 1: eq. 78
    k = 2 * _int(rng, 1, 3) + 1
    out.append(Size("conv_output_size", (_int(rng, k, 60), k), name="conv_output_size: valid convolution (eq. 78)"))
    # padding with stride 1 (every padded position counts)
    k, p = _int(rng, 2, 6), _int(rng, 1, 3)
    out.append(Size("conv_output_size", (_int(rng, max(1, k - 2 * p), 30), k), {"padding": p},
                    name="conv_output_size: padding, stride 1"))
    # dilation > 1, stride 1
    k, d = _int(rng, 2, 5), _int(rng, 2, 4)
    n = d * (k - 1) + 1 + _int(rng, 0, 20)
    out.append(Size("conv_output_size", (n, k), {"dilation": d}, name="conv_output_size: dilation > 1"))
    k, d, p = _int(rng, 3, 5), _int(rng, 2, 6), _int(rng, 1, 4)
    out.append(Size("conv_output_size", (_int(rng, 20, 100), k), {"padding": p, "dilation": d, "stride": _int(rng, 1, 3)},
                    name="conv_output_size: padding, stride and dilation together"))
    # the dilated kernel exactly fills the padded input: one output
    k, d = _int(rng, 2, 5), _int(rng, 1, 3)
    p = _int(rng, 0, min(2, d * (k - 1) // 2))
    out.append(Size("conv_output_size", (d * (k - 1) + 1 - 2 * p, k, p, _int(rng, 1, 4), d),
                    name="conv_output_size: the kernel just fits, one output"))
    # a realistic first layer
    out.append(Size("conv_output_size", (2 ** _int(rng, 5, 8), 7, 3, 2), name="conv_output_size: a 7x7 stem with stride 2"))
    # impossible: n + 2p < d(k-1) + 1
    k, d, p = _int(rng, 3, 6), _int(rng, 2, 3), _int(rng, 0, 1)
    n = d * (k - 1) + 1 - 2 * p - _int(rng, 1, 2)
    out.append(Size("conv_output_size", (n, k, p, 1, d), raises="ValueError",
                    name="conv_output_size: the dilated kernel is larger than the padded input"))
    k = _int(rng, 3, 7)
    out.append(Size("conv_output_size", (_int(rng, 1, k - 1), k), {"stride": _int(rng, 1, 3)}, raises="ValueError",
                    name="conv_output_size: the kernel is larger than the input"))
    # impossible, but only by less than one stride: -s < n + 2p - d(k-1) - 1 < 0, so floor gives an
    # output size of 0 where int() (truncation towards zero) gives 1
    s, k, d, p = _int(rng, 2, 3), _int(rng, 5, 7), _int(rng, 1, 2), _int(rng, 0, 1)
    n = d * (k - 1) + 1 - 2 * p - _int(rng, 1, s - 1)
    out.append(Size("conv_output_size", (n, k, p, s, d), raises="ValueError",
                    name="conv_output_size: the kernel sticks out of the padded input by less than one stride"))
    out.append(Size("conv_output_size", (_int(rng, 5, 20), 3), {"stride": 0}, raises="ValueError",
                    name="conv_output_size: stride 0"))
    out.append(Size("conv_output_size", (_int(rng, 5, 20), 0), raises="ValueError", name="conv_output_size: kernel size 0"))
    out.append(Size("conv_output_size", (_int(rng, 5, 20), 3), {"dilation": 0}, raises="ValueError",
                    name="conv_output_size: dilation 0"))
    out.append(Size("conv_output_size", (_int(rng, 5, 20), 3), {"padding": -1}, raises="ValueError",
                    name="conv_output_size: negative padding"))
    return out


def pool_cases(rng):
    out = []
    k = _int(rng, 2, 4)
    n = k * _int(rng, 2, 10) + _int(rng, 1, k - 1)
    out.append(Size("pool_output_size", (n, k), name="pool_output_size: default stride, window does not divide the input"))
    k = _int(rng, 2, 3)
    out.append(Size("pool_output_size", (k * _int(rng, 3, 16), k),
                    name="pool_output_size: default stride, non-overlapping windows"))
    k, s = _int(rng, 3, 5), _int(rng, 1, 2)
    out.append(Size("pool_output_size", (_int(rng, 7, 31), k), {"stride": s, "padding": k // 2},
                    name="pool_output_size: overlapping windows with padding"))
    k, s = 3, 2
    out.append(Size("pool_output_size", (2 * _int(rng, 4, 30) + 1, k, s, 1),
                    name="pool_output_size: 3x3, stride 2, padding 1, odd input"))
    k = 2 * _int(rng, 1, 3)
    out.append(Size("pool_output_size", (_int(rng, 5, 20), k), {"stride": _int(rng, 1, k), "padding": k // 2},
                    name="pool_output_size: padding exactly half of an even window"))
    k = _int(rng, 2, 5)
    out.append(Size("pool_output_size", (_int(rng, 5, 20), k), {"padding": k // 2 + 1}, raises="ValueError",
                    name="pool_output_size: padding larger than half the window"))
    k = _int(rng, 3, 6)
    out.append(Size("pool_output_size", (_int(rng, 1, k - 1), k), raises="ValueError",
                    name="pool_output_size: the window is larger than the input"))
    return out


def transposed_cases(rng):
    out = []
    s = _int(rng, 2, 4)
    k, p = _int(rng, 2, 5), _int(rng, 0, 1)
    out.append(Size("transposed_conv_output_size", (_int(rng, 2, 16), k), {"padding": p, "stride": s},
                    name="transposed_conv_output_size: stride > 1"))
    s = _int(rng, 2, 4)
    out.append(Size("transposed_conv_output_size", (_int(rng, 2, 16), _int(rng, 3, 5)),
                    {"padding": 1, "stride": s, "output_padding": _int(rng, 1, s - 1)},
                    name="transposed_conv_output_size: with output_padding"))
    n, k, s, d = _int(rng, 1, 12), _int(rng, 2, 4), _int(rng, 1, 3), _int(rng, 2, 3)
    p = _int(rng, 0, min(2, ((n - 1) * s + d * (k - 1)) // 2))  # leaves at least one output
    out.append(Size("transposed_conv_output_size", (n, k, p, s, d), name="transposed_conv_output_size: dilation > 1"))
    n = _int(rng, 1, 8)
    out.append(Size("transposed_conv_output_size", (n, 1), name="transposed_conv_output_size: 1x1 kernel, stride 1"))
    out.append(Size("transposed_conv_output_size", (_int(rng, 4, 32), 4, 1, 2),
                    name="transposed_conv_output_size: the DCGAN up-sampling layer"))
    # inverting a convolution: the output_padding that restores an input size the stride left over
    s, k = _int(rng, 2, 3), 3
    r = _int(rng, 1, s - 1)
    n_in = _conv_input(k, 1, s, 1, _int(rng, 3, 10), r)
    n_mid = (n_in + 2 - k) // s + 1
    out.append(Size("transposed_conv_output_size", (n_mid, k), {"padding": 1, "stride": s, "output_padding": r},
                    name="transposed_conv_output_size: output_padding restores the input of a strided convolution"))
    s = _int(rng, 2, 4)
    out.append(Size("transposed_conv_output_size", (_int(rng, 2, 10), 3), {"stride": s, "output_padding": s + _int(rng, 0, 1)},
                    raises="ValueError", name="transposed_conv_output_size: output_padding not smaller than the stride"))
    out.append(Size("transposed_conv_output_size", (1, 1), {"padding": _int(rng, 1, 3)}, raises="ValueError",
                    name="transposed_conv_output_size: padding crops away everything"))
    out.append(Size("transposed_conv_output_size", (_int(rng, 2, 9), 3), {"stride": 0}, raises="ValueError",
                    name="transposed_conv_output_size: stride 0"))
    return out


def param_cases(rng):
    kh = _int(rng, 1, 3)
    kw = kh + _int(rng, 1, 4)
    pair = (kh, kw) if rng.integers(2) else (kw, kh)
    return [
        Size("conv_param_count", (_int(rng, 2, 64), _int(rng, 2, 64), pair), name="conv_param_count: asymmetric kernel"),
        Size("conv_param_count", (_int(rng, 2, 16), _int(rng, 2, 16), list(pair)), {"bias": False},
             name="conv_param_count: asymmetric kernel given as a list, no bias"),
        Size("conv_param_count", (_int(rng, 2, 512), _int(rng, 2, 512), 2 * _int(rng, 0, 3) + 1),
             name="conv_param_count: square kernel"),
        Size("conv_param_count", (_int(rng, 2, 8), _int(rng, 2, 8), 1), {"bias": True}, name="conv_param_count: 1x1 kernel"),
        Size("conv_param_count", (_int(rng, 2, 8), 1, _int(rng, 2, 5)), name="conv_param_count: a single filter"),
        Size("conv_param_count", (_int(rng, 2, 8), _int(rng, 2, 8), 0), raises="ValueError",
             name="conv_param_count: kernel size 0"),
    ]


def receptive_cases(rng):
    def layer(k=(1, 5), s=(1, 1), d=(1, 1)):
        return (_int(rng, *k), _int(rng, *s), _int(rng, *d))

    strided_then_wide = [layer(k=(2, 5), s=(2, 3)), layer(k=(3, 5)), layer(k=(2, 3), s=(1, 2))]
    vgg_like = [(3, 1, 1), (3, 1, 1), (2, 2, 1)] * _int(rng, 2, 4)
    dilated = [(3, 1, 2 ** i) for i in range(_int(rng, 2, 5))]
    mixed = [layer(k=(2, 7), s=(1, 3), d=(1, 3)) for _ in range(_int(rng, 3, 6))]
    mixed[0] = (mixed[0][0], _int(rng, 2, 3), mixed[0][2])
    mixed[1] = (_int(rng, 2, 5), mixed[1][1], mixed[1][2])
    return [
        Size("receptive_field", ([layer(k=(2, 9), s=(1, 4), d=(1, 3))],), name="receptive_field: one layer"),
        Size("receptive_field", ([(3, 1, 1)] * _int(rng, 3, 8),), name="receptive_field: a stack of 3-wide kernels, stride 1"),
        Size("receptive_field", (strided_then_wide,), name="receptive_field: a strided layer before wider kernels"),
        Size("receptive_field", (vgg_like,), name="receptive_field: conv, conv, pool blocks"),
        Size("receptive_field", (dilated,), name="receptive_field: exponentially growing dilation"),
        Size("receptive_field", (mixed,), name="receptive_field: several layers with strides and dilations"),
        Size("receptive_field", ([(3, 2, 1), (1, 1, 1), (_int(rng, 2, 4), 1, _int(rng, 2, 3))],),
             name="receptive_field: a 1x1 layer between a strided and a dilated layer"),
        Size("receptive_field", ([layer(), (3, 0, 1)],), raises="ValueError", name="receptive_field: stride 0"),
    ]


def shape_cases(rng):
    H, W = _int(rng, 8, 64), _int(rng, 8, 64)
    if H == W:
        W += 1
    return [
        Size("conv2d_output_shape", ((_int(rng, 1, 16), 3, H, W), _int(rng, 1, 64), 3), {"padding": 1},
             name="conv2d_output_shape: non-square input, 'same' padding"),
        Size("conv2d_output_shape", ((_int(rng, 1, 8), _int(rng, 1, 8), 2 * H + 1, W), _int(rng, 1, 8), _int(rng, 2, 5)),
             {"stride": _int(rng, 2, 3), "padding": _int(rng, 0, 1), "dilation": _int(rng, 1, 2)},
             name="conv2d_output_shape: stride, padding and dilation on a non-square input"),
        Size("conv2d_output_shape", ([_int(rng, 1, 4), _int(rng, 1, 4), H, W], _int(rng, 1, 4), 1),
             name="conv2d_output_shape: input shape given as a list, 1x1 kernel"),
        Size("conv2d_output_shape", ((1, 1, H, 2), 1, 3), raises="ValueError",
             name="conv2d_output_shape: the kernel does not fit along one axis"),
    ]


def cases(rng):
    return conv_cases(rng) + pool_cases(rng) + transposed_cases(rng) + param_cases(rng) + receptive_cases(rng) + shape_cases(rng)
