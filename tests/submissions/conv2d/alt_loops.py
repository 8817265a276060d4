"""A correct submission written with plain loops; the 1-d functions return lists."""
import numpy as np


def convolve1d(x, w):
    x, w = [float(v) for v in x], [float(v) for v in w]
    out = [0.0] * (len(x) + len(w) - 1)
    for k, xk in enumerate(x):
        for j, wj in enumerate(w):
            out[k + j] += xk * wj  # x[k] w[n - k] with n = k + j
    return out


def cross_correlate1d(x, w):
    x, w = [float(v) for v in x], [float(v) for v in w]
    return [sum(w[m] * x[i + m] for m in range(len(w))) for i in range(len(x) - len(w) + 1)]


def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w, b = np.asarray(x, dtype=float), np.asarray(w, dtype=float), np.asarray(b, dtype=float)
    N, C, H, W = x.shape
    F, _, kh, kw = w.shape
    xp = np.zeros((N, C, H + 2 * padding, W + 2 * padding))
    xp[:, :, padding:padding + H, padding:padding + W] = x
    H_out = (H + 2 * padding - dilation * (kh - 1) - 1) // stride + 1
    W_out = (W + 2 * padding - dilation * (kw - 1) - 1) // stride + 1
    y = np.empty((N, F, H_out, W_out))
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    total = b[f]
                    for c in range(C):
                        for m in range(kh):
                            for l in range(kw):
                                total += w[f, c, m, l] * xp[n, c, stride * i + dilation * m, stride * j + dilation * l]
                    y[n, f, i, j] = total
    return y
