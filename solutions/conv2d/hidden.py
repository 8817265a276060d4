"""Hidden cases for conv2d, generated from the per-submission seed.

Every kernel is drawn from a continuous distribution, so it is not symmetric and
convolution and cross-correlation give different results; every bias is non-zero. The
inputs are small: a loop over the output pixels must finish each case well under a second.
"""
from functools import partial

from dlgrade.exercises.conv2d.public import FLOAT32
from dlgrade.spec import Case, PerfCase

Float = partial(Case, check=FLOAT32)  # a case compared with the tolerance that float32 answers meet (public.py)


def normal(rng, *shape):
    return rng.normal(size=shape)


def layer(rng, n, c, f, h, w, kh, kw):
    """Random input, filters and bias of a conv layer: x (n, c, h, w), w (f, c, kh, kw), b (f,)."""
    return normal(rng, n, c, h, w), normal(rng, f, c, kh, kw), rng.uniform(0.5, 2.0, size=f) * rng.choice([-1, 1], size=f)


def pick(rng, values):
    return int(rng.choice(values))


def cases(rng):
    out = []

    # --- 1-d: convolution (flipped kernel, full) and cross-correlation (valid) ---
    n, k = pick(rng, [5, 6, 7, 9]), pick(rng, [2, 3, 4])
    out.append(Float("convolve1d", (normal(rng, n), normal(rng, k)), name="convolve1d: random signal, asymmetric kernel"))
    n, k = pick(rng, [2, 3]), pick(rng, [4, 5])
    out.append(Float("convolve1d", (normal(rng, n), normal(rng, k)), name="convolve1d: kernel longer than the signal"))
    n = pick(rng, [7, 8, 11])
    out.append(Float("convolve1d", (normal(rng, n), normal(rng, 2)), name="convolve1d: kernel of length 2"))
    n, k = pick(rng, [6, 8, 9, 10]), pick(rng, [2, 3, 4])
    out.append(Float("cross_correlate1d", (normal(rng, n), normal(rng, k)),
                     name="cross_correlate1d: random signal, asymmetric kernel"))
    n = pick(rng, [3, 4, 5])
    out.append(Float("cross_correlate1d", (normal(rng, n), normal(rng, n)),
                     name="cross_correlate1d: kernel as long as the signal"))
    n, k = pick(rng, [15, 19, 24]), pick(rng, [3, 5])
    out.append(Float("cross_correlate1d", (normal(rng, n), normal(rng, k)), name="cross_correlate1d: a longer signal"))

    # --- 2-d: what a CNN layer computes ---
    kh, kw = (2, 3) if rng.random() < 0.5 else (3, 2)
    x, w, b = layer(rng, 1, 1, 1, pick(rng, [5, 7]), pick(rng, [6, 8]), kh, kw)
    out.append(Float("conv2d_forward", (x, w, b), name="conv2d_forward: batch of one, one channel, one filter, kh != kw"))

    x, w, b = layer(rng, 2, 3, 4, 6, 6, 3, 3)
    out.append(Float("conv2d_forward", (x, w, b), name="conv2d_forward: several input channels and filters"))

    s = pick(rng, [2, 3])
    h, wd = (10, 9) if s == 2 else (9, 10)  # (h - 3) and (wd - 3) are not multiples of s
    x, w, b = layer(rng, 2, 2, 3, h, wd, 3, 3)
    out.append(Float("conv2d_forward", (x, w, b), {"stride": s}, name="conv2d_forward: stride that does not divide the input"))

    p = pick(rng, [1, 2])
    x, w, b = layer(rng, 2, 2, 2, 5, 6, 3, 2)
    out.append(Float("conv2d_forward", (x, w, b), {"padding": p}, name="conv2d_forward: zero padding, kh != kw"))

    x, w, b = layer(rng, 1, 2, 2, 3, 4, 3, 3)
    out.append(Float("conv2d_forward", (x, w, b), {"padding": 1}, name="conv2d_forward: padding 1 keeps the size"))

    x, w, b = layer(rng, 1, 2, 2, pick(rng, [7, 9]), 8, 3, 3)
    out.append(Float("conv2d_forward", (x, w, b), {"dilation": 2}, name="conv2d_forward: dilation 2"))

    x, w, b = layer(rng, 2, 3, 2, 9, 8, 3, 2)
    out.append(Float("conv2d_forward", (x, w, b), {"stride": 2, "padding": 2, "dilation": 2},
                    name="conv2d_forward: stride, padding and dilation together"))

    x, w, b = layer(rng, 2, 3, 2, 5, 7, 1, 1)
    out.append(Float("conv2d_forward", (x, w, b), {"stride": 2}, name="conv2d_forward: 1x1 kernel with stride 2"))

    x, w, b = layer(rng, 1, 4, 3, 4, 5, 2, 2)
    out.append(Float("conv2d_forward", (x, w, b), {"padding": 2}, name="conv2d_forward: padding wider than the kernel"))
    return out


def timed_layer(rng, device):
    """A layer with many output pixels and few channels: the reference takes a few ms on one
    CPU thread, a vectorised answer 0.4-2.5 times that, a Python loop over pixels 60-130 times."""
    x = rng.normal(size=(1, 2, 192, 192))
    w = rng.normal(size=(4, 2, 3, 3))
    b = rng.normal(size=4)
    return (x, w, b), {"padding": 1}


PERF = [
    PerfCase("conv2d_forward", timed_layer, name="conv2d_forward: speed on a 1x2x192x192 input",
             points=2.0, cpu_budget=10.0, cuda_budget=10.0, repetitions=7, check=FLOAT32),
]
