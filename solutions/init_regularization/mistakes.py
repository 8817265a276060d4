"""Known mistakes on initialisation, weight penalties and dropout, each a small variant of the reference.

Each function replaces the reference function of the same name; its source is appended to
the reference's, so it may use only what reference.py defines or imports (math, np and the
reference functions). initialize calls fan_in_out and init_std, so their mistakes also show in
its draws. The draws of initialize can only be matched value for value when the student used
the same generator as the reference (numpy's default_rng(seed)); for every other generator the
custom checks in hidden.py name the mistake from the statistics where they can (a uniform shape:
uniform_draw, whatever its bounds; one draw for two seeds: fixed_seed).
"""
# ruff: noqa: F811  (each mistake redefines a reference function; it runs in the reference's namespace)
import math

import numpy as np

from dlgrade.spec import MistakeRegistry

from .reference import fan_in_out, init_std

known = MistakeRegistry()


# --- fan_in_out -------------------------------------------------------------------------


@known.mistake("fans_swapped")
def fan_in_out(shape):
    shape = tuple(int(s) for s in shape)
    receptive_field = math.prod(shape[2:])
    return shape[0] * receptive_field, shape[1] * receptive_field


@known.mistake("receptive_field_ignored")
def fan_in_out(shape):
    shape = tuple(int(s) for s in shape)
    return shape[1], shape[0]


# --- init_std ---------------------------------------------------------------------------


@known.mistake("std_is_variance")
def init_std(kind, fan_in, fan_out=None):
    if kind == "xavier":
        return 1.0 / fan_in
    if kind == "glorot":
        if fan_out is None:
            raise ValueError("glorot needs fan_out")
        return 2.0 / (fan_in + fan_out)
    if kind == "he":
        return 2.0 / fan_in
    raise ValueError(kind)


@known.mistake("xavier_is_glorot")
def init_std(kind, fan_in, fan_out=None):
    if kind in ("xavier", "glorot"):  # torch's xavier_normal_
        if fan_out is None:
            raise ValueError("xavier/glorot needs fan_out")
        return math.sqrt(2.0 / (fan_in + fan_out))
    if kind == "he":
        return math.sqrt(2.0 / fan_in)
    raise ValueError(kind)


@known.mistake("he_with_fan_out")
def init_std(kind, fan_in, fan_out=None):
    if kind == "xavier":
        return math.sqrt(1.0 / fan_in)
    if kind == "glorot":
        if fan_out is None:
            raise ValueError("glorot needs fan_out")
        return math.sqrt(2.0 / (fan_in + fan_out))
    if kind == "he":
        return math.sqrt(2.0 / fan_out)
    raise ValueError(kind)


@known.mistake("unknown_kind_accepted")
def init_std(kind, fan_in, fan_out=None):
    if kind == "xavier":
        return math.sqrt(1.0 / fan_in)
    if kind == "glorot":
        if fan_out is None:
            raise ValueError("glorot needs fan_out")
        return math.sqrt(2.0 / (fan_in + fan_out))
    return math.sqrt(2.0 / fan_in)  # everything else is treated as "he"


@known.mistake("glorot_without_fan_out_accepted")
def init_std(kind, fan_in, fan_out=None):
    if fan_out is None:
        fan_out = fan_in
    if kind == "xavier":
        return math.sqrt(1.0 / fan_in)
    if kind == "glorot":
        return math.sqrt(2.0 / (fan_in + fan_out))
    if kind == "he":
        return math.sqrt(2.0 / fan_in)
    raise ValueError(kind)


@known.mistake("glorot_fan_out_not_checked")
def init_std(kind, fan_in, fan_out=None):
    if kind == "xavier":
        return math.sqrt(1.0 / fan_in)
    if kind == "glorot":
        return math.sqrt(2.0 / (fan_in + fan_out))  # fan_out None: TypeError, not ValueError
    if kind == "he":
        return math.sqrt(2.0 / fan_in)
    raise ValueError(kind)


@known.mistake("uniform_draw")
def initialize(shape, kind, seed):
    if kind == "zeros":
        return np.zeros(tuple(shape))
    std = init_std(kind, *fan_in_out(shape))
    bound = math.sqrt(3.0) * std  # the right std, but uniform (like xavier_uniform_)
    return np.random.default_rng(seed).uniform(-bound, bound, size=tuple(shape))


@known.mistake("variance_as_scale")
def initialize(shape, kind, seed):
    if kind == "zeros":
        return np.zeros(tuple(shape))
    std = init_std(kind, *fan_in_out(shape))
    return np.random.default_rng(seed).normal(0.0, std**2, size=tuple(shape))  # N(0, s^2) read as normal(0, s^2)


@known.mistake("fixed_seed")
def initialize(shape, kind, seed):
    if kind == "zeros":
        return np.zeros(tuple(shape))
    std = init_std(kind, *fan_in_out(shape))
    return np.random.default_rng(0).normal(0.0, std, size=tuple(shape))


@known.mistake("zeros_computes_fans_first")
def initialize(shape, kind, seed):
    fan_in, fan_out = fan_in_out(shape)  # fails for a bias of shape (out,)
    if kind == "zeros":
        return np.zeros(tuple(shape))
    return np.random.default_rng(seed).normal(0.0, init_std(kind, fan_in, fan_out), size=tuple(shape))


# --- penalties --------------------------------------------------------------------------


@known.mistake("l2_without_half")
def l2_penalty(w, alpha):
    w = np.asarray(w, dtype=np.float64)
    return float(alpha * np.sum(w * w))  # slides 004 write R(W) = sum w^2 without 1/2


@known.mistake("l2_grad_twice")
def l2_grad(w, alpha):
    return 2.0 * alpha * np.asarray(w, dtype=np.float64)


@known.mistake("l1_grad_one_at_zero")
def l1_grad(w, alpha):
    w = np.asarray(w, dtype=np.float64)
    return np.where(w >= 0, alpha, -alpha)


@known.mistake("l1_grad_nan_at_zero")
def l1_grad(w, alpha):
    w = np.asarray(w, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        return alpha * w / np.abs(w)


@known.mistake("l1_penalty_with_half")
def l1_penalty(w, alpha):
    return float(alpha / 2.0 * np.sum(np.abs(np.asarray(w, dtype=np.float64))))


# --- dropout_train ----------------------------------------------------------------------


@known.mistake("dropout_scale_by_1_over_p")
def dropout_train(X, keep_mask, p, inverted=True):
    X = np.asarray(X, dtype=np.float64)
    kept = np.where(np.asarray(keep_mask) != 0, X, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):  # p = 0: 0/0
        return kept / p if inverted else kept  # p read as the keep probability


@known.mistake("dropout_train_times_keep_probability")
def dropout_train(X, keep_mask, p, inverted=True):
    X = np.asarray(X, dtype=np.float64)
    kept = np.where(np.asarray(keep_mask) != 0, X, 0.0)
    return kept * (1.0 - p) if inverted else kept


@known.mistake("dropout_train_not_scaled")
def dropout_train(X, keep_mask, p, inverted=True):
    X = np.asarray(X, dtype=np.float64)
    return np.where(np.asarray(keep_mask) != 0, X, 0.0)


@known.mistake("dropout_train_inverted_ignored")
def dropout_train(X, keep_mask, p, inverted=True):
    X = np.asarray(X, dtype=np.float64)
    return np.where(np.asarray(keep_mask) != 0, X, 0.0) / (1.0 - p)  # scaled even when inverted=False


@known.mistake("mask_bitwise_not")
def dropout_train(X, keep_mask, p, inverted=True):
    Y = np.array(X, dtype=np.float64)
    Y[~keep_mask] = 0.0  # right for a bool mask only: ~1 = -2 and ~0 = -1 for integers
    return Y / (1.0 - p) if inverted else Y


@known.mistake("dropout_in_place")
def dropout_train(X, keep_mask, p, inverted=True):
    X[np.asarray(keep_mask) == 0] = 0.0  # writes into the caller's activations
    if inverted:
        X /= 1.0 - p
    return X


# --- dropout_inference ------------------------------------------------------------------


@known.mistake("inference_scaled_by_p")
def dropout_inference(X, p, inverted=True):
    X = np.asarray(X, dtype=np.float64)
    return X.copy() if inverted else p * X  # the slip on slide 004 ("mit p skaliert")


@known.mistake("inference_inverted_rescaled")
def dropout_inference(X, p, inverted=True):
    X = np.asarray(X, dtype=np.float64)
    return X / (1.0 - p) if inverted else (1.0 - p) * X


@known.mistake("inference_scaled_twice")
def dropout_inference(X, p, inverted=True):
    X = np.asarray(X, dtype=np.float64)
    return (1.0 - p) * X  # the weight scaling rule applied although training already scaled
