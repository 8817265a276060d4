"""Exercise: batch normalisation (lecture notes 004, slide "Batch-Normalisierung").

Batches are rows: X (n, d), one sample per row; feature j is column j. In the 2-d form the
input is (N, C, H, W) and channel c is one feature. gamma and beta have one entry per feature.

Training mode (equations (1)-(4) of the statement), per feature j:
    mean_j = mean over the batch of X[:, j]
    var_j  = mean over the batch of (X[:, j] - mean_j)**2        (BIASED: divide by n)
    X_hat  = (X - mean) / sqrt(var + eps)                          (eps INSIDE the root)
    Y      = gamma * X_hat + beta
Running statistics (torch's rule): new = (1 - momentum) * old + momentum * batch statistic,
with the UNBIASED batch variance (divide by n - 1). Inference uses the running statistics.

All inputs are float64 numpy arrays; return numpy arrays (torch tensors or lists are accepted
too). No function may modify the arrays it is given.
Not allowed: torch.nn.functional.batch_norm, torch.nn.BatchNorm* (and the same routine under
other names), and automatic differentiation in batchnorm_backward.
"""
import numpy as np


def batchnorm_forward(X, gamma, beta, eps=1e-5):
    """Return Y (n, d): batch normalisation in training mode, eqs. (1)-(4).

    X (n, d) with n >= 1; gamma, beta (d,). Each column is normalised with the mean and the
    biased variance of that column over the batch, then scaled by gamma and shifted by beta.
    With n = 1 the variance is 0 and Y = beta.
    """
    raise NotImplementedError


def batchnorm_backward(dY, X, gamma, eps=1e-5):
    """Return (dX, dgamma, dbeta): the gradients of a loss L given dY = dL/dY.

    dY and X (n, d), gamma (d,); dX (n, d), dgamma (d,), dbeta (d,). Y is batchnorm_forward(X,
    gamma, beta, eps) (beta does not change the gradients, so it is not an argument); recompute
    the batch statistics from X. Remember that the mean and the variance depend on every sample.
    Without automatic differentiation.
    """
    raise NotImplementedError


def batchnorm2d_forward(X, gamma, beta, eps=1e-5):
    """Return Y (N, C, H, W): batch normalisation of an image batch, eq. (5).

    X (N, C, H, W); gamma, beta (C,). Channel c is normalised with the mean and the biased
    variance of all its N * H * W values (over the images and all positions together).
    """
    raise NotImplementedError


def update_running_stats(running_mean, running_var, X, momentum=0.1):
    """Return (new_running_mean, new_running_var), each (d,): torch's rule, eq. (6).

    new = (1 - momentum) * old + momentum * (statistic of the batch X (n, d), n >= 2), with the
    batch mean and the UNBIASED batch variance (divide by n - 1). Return new arrays; do not
    change running_mean and running_var.
    """
    raise NotImplementedError


def batchnorm_inference(X, gamma, beta, running_mean, running_var, eps=1e-5):
    """Return Y (n, d): batch normalisation in inference mode, eq. (7).

    Like batchnorm_forward, but with the running statistics running_mean, running_var (d,)
    instead of the batch's own; every sample is normalised on its own (n = 1 is fine).
    """
    raise NotImplementedError
