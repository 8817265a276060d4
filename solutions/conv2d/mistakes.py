"""Known mistakes on conv2d, each a small variant of the reference."""
# ruff: noqa: F811, F821  (each mistake redefines a reference function; it runs in the reference's namespace)
from dlgrade.spec import MistakeRegistry

known = MistakeRegistry()


# --- the 1-d functions -------------------------------------------------------------

@known.mistake("convolve1d_not_flipped")
def convolve1d(x, w):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    return correlate_valid(np.pad(x, len(w) - 1), w)


@known.mistake("convolve1d_valid_only")
def convolve1d(x, w):
    return np.convolve(np.asarray(x, dtype=float), np.asarray(w, dtype=float), mode="valid")


@known.mistake("cross_correlate1d_flipped")
def cross_correlate1d(x, w):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    return correlate_valid(x, w[::-1])


@known.mistake("cross_correlate1d_full")
def cross_correlate1d(x, w):
    return np.correlate(np.asarray(x, dtype=float), np.asarray(w, dtype=float), mode="full")


# --- conv2d_forward ----------------------------------------------------------------

@known.mistake("conv2d_kernel_flipped")
def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w, b = (np.asarray(a, dtype=float) for a in (x, w, b))
    w = w[:, :, ::-1, ::-1]
    P = patches(zero_pad(x, padding), w.shape[2], w.shape[3], stride, dilation)
    y = np.tensordot(P, w, axes=([1, 4, 5], [1, 2, 3]))
    return y.transpose(0, 3, 1, 2) + b[None, :, None, None]


@known.mistake("bias_forgotten")
def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    P = patches(zero_pad(x, padding), w.shape[2], w.shape[3], stride, dilation)
    return np.tensordot(P, w, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2)


@known.mistake("bias_per_channel")
def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w, b = (np.asarray(a, dtype=float) for a in (x, w, b))
    P = patches(zero_pad(x, padding), w.shape[2], w.shape[3], stride, dilation)
    y = np.tensordot(P, w, axes=([1, 4, 5], [1, 2, 3]))
    return y.transpose(0, 3, 1, 2) + x.shape[1] * b[None, :, None, None]


@known.mistake("only_first_channel")
def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w, b = (np.asarray(a, dtype=float) for a in (x, w, b))
    x, w = x[:, :1], w[:, :1]
    P = patches(zero_pad(x, padding), w.shape[2], w.shape[3], stride, dilation)
    y = np.tensordot(P, w, axes=([1, 4, 5], [1, 2, 3]))
    return y.transpose(0, 3, 1, 2) + b[None, :, None, None]


@known.mistake("mean_over_channels")
def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w, b = (np.asarray(a, dtype=float) for a in (x, w, b))
    P = patches(zero_pad(x, padding), w.shape[2], w.shape[3], stride, dilation)
    y = np.tensordot(P, w, axes=([1, 4, 5], [1, 2, 3])) / x.shape[1]
    return y.transpose(0, 3, 1, 2) + b[None, :, None, None]


@known.mistake("padding_one_side")
def zero_pad(x, padding):
    return np.pad(x, ((0, 0), (0, 0), (padding, 0), (padding, 0)))


@known.mistake("dilation_ignored")
def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w, b = (np.asarray(a, dtype=float) for a in (x, w, b))
    P = patches(zero_pad(x, padding), w.shape[2], w.shape[3], stride, 1)
    y = np.tensordot(P, w, axes=([1, 4, 5], [1, 2, 3]))
    return y.transpose(0, 3, 1, 2) + b[None, :, None, None]


@known.mistake("dilation_off_by_one")
def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w, b = (np.asarray(a, dtype=float) for a in (x, w, b))
    P = patches(zero_pad(x, padding), w.shape[2], w.shape[3], stride, dilation + 1)
    y = np.tensordot(P, w, axes=([1, 4, 5], [1, 2, 3]))
    return y.transpose(0, 3, 1, 2) + b[None, :, None, None]


@known.mistake("stride_ignored")
def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w, b = (np.asarray(a, dtype=float) for a in (x, w, b))
    P = patches(zero_pad(x, padding), w.shape[2], w.shape[3], 1, dilation)
    y = np.tensordot(P, w, axes=([1, 4, 5], [1, 2, 3]))
    return y.transpose(0, 3, 1, 2) + b[None, :, None, None]
