"""Exercise: convolution and cross-correlation as used in CNN layers.

Lecture 001 eqs. (73)-(78), summary 002 sections 13-14. Indices start at 0.
Return numpy arrays of floats (a list or a torch tensor of the right shape is accepted too).
"""


def convolve1d(x, w):
    """Return the full discrete convolution x * w, shape (len(x) + len(w) - 1,).

    (x * w)[n] = sum_k x[k] w[n - k], over all k where both indices are valid:
    the kernel is flipped. x has shape (L,), w has shape (K,).
    Example: convolve1d([1, 2, 3], [4, 5, 6]) = [4, 13, 28, 27, 18].
    """
    raise NotImplementedError


def cross_correlate1d(x, w):
    """Return the valid cross-correlation of the signal x with the kernel w, shape (len(x) - len(w) + 1,).

    s[i] = sum_{m=0}^{K-1} w[m] x[i + m]: the kernel is NOT flipped and only positions where
    it lies completely inside x count. x has shape (L,), w has shape (K,), K <= L.
    """
    raise NotImplementedError


def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    """Return what a CNN layer computes (as torch.nn.functional.conv2d), shape (N, F, H_out, W_out).

    x: (N, C, H, W) inputs, w: (F, C, kh, kw) filters, b: (F,) biases; stride, padding and
    dilation are ints, the same on both spatial axes; padding adds `padding` zeros on all four sides.

    y[n, f, i, j] = b[f] + sum_{c, m, l} w[f, c, m, l] * x_pad[n, c, stride*i + dilation*m, stride*j + dilation*l]

    (cross-correlation: the kernel is not flipped), with
    H_out = (H + 2*padding - dilation*(kh - 1) - 1) // stride + 1 and the same for W_out.
    This function is also timed against the reference: vectorise it, no Python loops over pixels.
    """
    raise NotImplementedError
