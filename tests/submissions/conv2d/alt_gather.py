"""A correct submission: np.convolve / np.correlate in 1-d, im2col by fancy indexing in 2-d."""
import numpy as np


def convolve1d(x, w):
    return np.convolve(np.asarray(x, dtype=float), np.asarray(w, dtype=float))  # mode "full"


def cross_correlate1d(x, w):
    return np.correlate(np.asarray(x, dtype=float), np.asarray(w, dtype=float), mode="valid")


def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w, b = np.asarray(x, dtype=float), np.asarray(w, dtype=float), np.asarray(b, dtype=float)
    N, C, H, W = x.shape
    F, _, kh, kw = w.shape
    p = padding
    xp = np.pad(x, [(0, 0), (0, 0), (p, p), (p, p)], mode="constant")
    H_out = (H + 2 * p - dilation * (kh - 1) - 1) // stride + 1
    W_out = (W + 2 * p - dilation * (kw - 1) - 1) // stride + 1
    # rows[i, m] = s i + d m, cols[j, l] = s j + d l
    rows = stride * np.arange(H_out)[:, None] + dilation * np.arange(kh)[None, :]
    cols = stride * np.arange(W_out)[:, None] + dilation * np.arange(kw)[None, :]
    # cols_mat[n, c, i, m, j, l] = xp[n, c, rows[i, m], cols[j, l]]
    cols_mat = xp[:, :, rows[:, :, None, None], cols[None, None, :, :]]
    cols_mat = cols_mat.transpose(0, 2, 4, 1, 3, 5).reshape(N * H_out * W_out, C * kh * kw)
    y = cols_mat @ w.reshape(F, -1).T + b  # (N * H_out * W_out, F)
    return y.reshape(N, H_out, W_out, F).transpose(0, 3, 1, 2)
