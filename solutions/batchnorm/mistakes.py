"""Known mistakes on batch normalisation, each a small variant of the reference.

A mistake in a helper (batch_moments, inverse_std) reaches every reference function that calls
it, as the same slip would in a student's file: batchnorm_forward, batchnorm_backward and
batchnorm2d_forward share batch_moments; those three and batchnorm_inference share inverse_std.
"""
# ruff: noqa: F811  (each mistake redefines a reference function; it runs in the reference's namespace)
import numpy as np

from dlgrade.spec import MistakeRegistry

from .reference import _as_float, batch_moments, inverse_std

known = MistakeRegistry()


# --- the training statistics -------------------------------------------------------------


@known.mistake("unbiased_variance_in_training")
def batch_moments(X, axes):
    mean = X.mean(axis=axes, keepdims=True)
    count = X.size // mean.size
    var = ((X - mean) ** 2).sum(axis=axes, keepdims=True) / (count - 1)  # torch.var's default
    return mean, var


@known.mistake("eps_outside_sqrt")
def inverse_std(var, eps):
    return 1.0 / (np.sqrt(var) + eps)


@known.mistake("eps_forgotten")
def inverse_std(var, eps):
    return 1.0 / np.sqrt(var)


@known.mistake("statistics_over_features")
def batchnorm_forward(X, gamma, beta, eps=1e-5):
    X, gamma, beta = _as_float(X), _as_float(gamma), _as_float(beta)
    mean, var = batch_moments(X, axes=1)  # per sample, over its features (that is layer norm)
    X_hat = (X - mean) * inverse_std(var, eps)
    return gamma * X_hat + beta


@known.mistake("variance_std_confused")
def inverse_std(var, eps):
    return 1.0 / (var + eps)  # divided by the variance, as if it were the standard deviation


@known.mistake("variance_std_confused")
def update_running_stats(running_mean, running_var, X, momentum=0.1):
    running_mean, running_var, X = _as_float(running_mean), _as_float(running_var), _as_float(X)
    mean, std = X.mean(axis=0), X.std(axis=0, ddof=1)  # the standard deviation blended into running_var
    return (1.0 - momentum) * running_mean + momentum * mean, (1.0 - momentum) * running_var + momentum * std


# --- the backward pass -------------------------------------------------------------------


@known.mistake("dx_direct_path_only")
def batchnorm_backward(dY, X, gamma, eps=1e-5):
    dY, X, gamma = _as_float(dY), _as_float(X), _as_float(gamma)
    mean, var = batch_moments(X, axes=0)
    inv_std = inverse_std(var, eps)
    X_hat = (X - mean) * inv_std
    dX = gamma * inv_std * dY  # mean and variance treated as constants
    return dX, (dY * X_hat).sum(axis=0), dY.sum(axis=0)


@known.mistake("dx_missing_variance_path")
def batchnorm_backward(dY, X, gamma, eps=1e-5):
    dY, X, gamma = _as_float(dY), _as_float(X), _as_float(gamma)
    mean, var = batch_moments(X, axes=0)
    inv_std = inverse_std(var, eps)
    X_hat = (X - mean) * inv_std
    dX = gamma * inv_std * (dY - dY.mean(axis=0))
    return dX, (dY * X_hat).sum(axis=0), dY.sum(axis=0)


@known.mistake("dx_missing_mean_path")
def batchnorm_backward(dY, X, gamma, eps=1e-5):
    dY, X, gamma = _as_float(dY), _as_float(X), _as_float(gamma)
    mean, var = batch_moments(X, axes=0)
    inv_std = inverse_std(var, eps)
    X_hat = (X - mean) * inv_std
    dX = gamma * inv_std * (dY - X_hat * (dY * X_hat).mean(axis=0))
    return dX, (dY * X_hat).sum(axis=0), dY.sum(axis=0)


@known.mistake("dx_without_gamma")
def batchnorm_backward(dY, X, gamma, eps=1e-5):
    dY, X, gamma = _as_float(dY), _as_float(X), _as_float(gamma)
    mean, var = batch_moments(X, axes=0)
    inv_std = inverse_std(var, eps)
    X_hat = (X - mean) * inv_std
    dX = inv_std * (dY - dY.mean(axis=0) - X_hat * (dY * X_hat).mean(axis=0))
    return dX, (dY * X_hat).sum(axis=0), dY.sum(axis=0)


@known.mistake("dgamma_wrong_axis")
def batchnorm_backward(dY, X, gamma, eps=1e-5):
    dY, X, gamma = _as_float(dY), _as_float(X), _as_float(gamma)
    mean, var = batch_moments(X, axes=0)
    inv_std = inverse_std(var, eps)
    X_hat = (X - mean) * inv_std
    dX = gamma * inv_std * (dY - dY.mean(axis=0) - X_hat * (dY * X_hat).mean(axis=0))
    return dX, (dY * X_hat).sum(axis=1), dY.sum(axis=0)  # summed over the features of each sample


@known.mistake("dgamma_uses_input")
def batchnorm_backward(dY, X, gamma, eps=1e-5):
    dY, X, gamma = _as_float(dY), _as_float(X), _as_float(gamma)
    mean, var = batch_moments(X, axes=0)
    inv_std = inverse_std(var, eps)
    X_hat = (X - mean) * inv_std
    dX = gamma * inv_std * (dY - dY.mean(axis=0) - X_hat * (dY * X_hat).mean(axis=0))
    return dX, (dY * X).sum(axis=0), dY.sum(axis=0)  # the raw input instead of the normalised one


@known.mistake("dbeta_mean")
def batchnorm_backward(dY, X, gamma, eps=1e-5):
    dY, X, gamma = _as_float(dY), _as_float(X), _as_float(gamma)
    mean, var = batch_moments(X, axes=0)
    inv_std = inverse_std(var, eps)
    X_hat = (X - mean) * inv_std
    dX = gamma * inv_std * (dY - dY.mean(axis=0) - X_hat * (dY * X_hat).mean(axis=0))
    return dX, (dY * X_hat).sum(axis=0), dY.mean(axis=0)


# --- the 2-d form ------------------------------------------------------------------------


@known.mistake("bn2d_statistics_over_batch_only")
def batchnorm2d_forward(X, gamma, beta, eps=1e-5):
    X, gamma, beta = _as_float(X), _as_float(gamma), _as_float(beta)
    mean, var = batch_moments(X, axes=0)  # one mean per channel AND pixel
    X_hat = (X - mean) * inverse_std(var, eps)
    return gamma.reshape(1, -1, 1, 1) * X_hat + beta.reshape(1, -1, 1, 1)


@known.mistake("bn2d_statistics_per_sample")
def batchnorm2d_forward(X, gamma, beta, eps=1e-5):
    X, gamma, beta = _as_float(X), _as_float(gamma), _as_float(beta)
    mean, var = batch_moments(X, axes=(2, 3))  # per image and channel (instance norm)
    X_hat = (X - mean) * inverse_std(var, eps)
    return gamma.reshape(1, -1, 1, 1) * X_hat + beta.reshape(1, -1, 1, 1)


@known.mistake("bn2d_reshape_without_transpose")
def batchnorm2d_forward(X, gamma, beta, eps=1e-5):
    X = _as_float(X)
    C = X.shape[1]
    return batchnorm_forward(X.reshape(-1, C), gamma, beta, eps).reshape(X.shape)


# --- running statistics and inference ----------------------------------------------------


@known.mistake("running_var_biased")
def update_running_stats(running_mean, running_var, X, momentum=0.1):
    running_mean, running_var, X = _as_float(running_mean), _as_float(running_var), _as_float(X)
    mean, var = X.mean(axis=0), X.var(axis=0)
    return (1.0 - momentum) * running_mean + momentum * mean, (1.0 - momentum) * running_var + momentum * var


@known.mistake("momentum_keras_convention")
def update_running_stats(running_mean, running_var, X, momentum=0.1):
    running_mean, running_var, X = _as_float(running_mean), _as_float(running_var), _as_float(X)
    mean, var = X.mean(axis=0), X.var(axis=0, ddof=1)
    return momentum * running_mean + (1.0 - momentum) * mean, momentum * running_var + (1.0 - momentum) * var


@known.mistake("running_stats_in_place")
def update_running_stats(running_mean, running_var, X, momentum=0.1):
    X = _as_float(X)
    running_mean *= 1.0 - momentum  # as torch updates its buffers, but these are the caller's arrays
    running_mean += momentum * X.mean(axis=0)
    running_var *= 1.0 - momentum
    running_var += momentum * X.var(axis=0, ddof=1)
    return running_mean, running_var


@known.mistake("inference_uses_batch_statistics")
def batchnorm_inference(X, gamma, beta, running_mean, running_var, eps=1e-5):
    return batchnorm_forward(X, gamma, beta, eps)
