"""Reference solution: weight initialisation, weight penalties and dropout.

Lecture: slides 004 ("Initialisierung der Gewichte tiefer Netze", "Regularisierung") and the
summary 002 (sections 10.11 and 10.12: L2 and L1 penalties; 12.4 and 12.5.1: dropout and the
weight scaling inference rule). N(0, v) means mean 0 and VARIANCE v, as on the slides.
"""
import math

import numpy as np


def fan_in_out(shape):
    """(fan_in, fan_out) of a weight of shape (out, in) or (out, in, kh, kw), as torch counts them.

    Every input of a neuron is one weight of its row: in * kh * kw for a conv filter (the
    receptive field kh * kw counts), in for a linear layer; fan_out likewise with out.
    """
    shape = tuple(int(s) for s in shape)
    if len(shape) < 2:
        raise ValueError(f"fans need a weight with at least 2 dimensions, got shape {shape}")
    receptive_field = math.prod(shape[2:])
    return shape[1] * receptive_field, shape[0] * receptive_field


def init_std(kind, fan_in, fan_out=None):
    """The standard deviation (not the variance) of the initialisation `kind`."""
    if kind == "xavier":  # slides 004: N(0, 1/m), m = number of inputs
        variance = 1.0 / fan_in
    elif kind == "glorot":  # Glorot & Bengio: N(0, 2 / (fan_in + fan_out)), torch's xavier_normal_
        if fan_out is None:
            raise ValueError('"glorot" needs fan_out')
        variance = 2.0 / (fan_in + fan_out)
    elif kind == "he":  # slides 004: N(0, 2/m) for ReLU networks, torch's kaiming_normal_
        variance = 2.0 / fan_in
    else:  # "zeros" included: it is not a normal distribution with a std
        raise ValueError(f"unknown initialisation {kind!r}: use 'xavier', 'glorot' or 'he'")
    return math.sqrt(variance)


def initialize(shape, kind, seed):
    """An array of `shape`: all 0 for "zeros", else drawn from N(0, init_std(kind, ...)^2)."""
    if kind == "zeros":  # needs no fans: also for a bias of shape (out,)
        return np.zeros(tuple(shape))
    std = init_std(kind, *fan_in_out(shape))
    return np.random.default_rng(seed).normal(0.0, std, size=tuple(shape))


def l2_penalty(w, alpha):
    """alpha / 2 * sum of w**2 over every entry (summary 002, section 10.11)."""
    w = np.asarray(w, dtype=np.float64)
    return float(alpha / 2.0 * np.sum(w * w))


def l2_grad(w, alpha):
    """The gradient of l2_penalty: alpha * w."""
    return alpha * np.asarray(w, dtype=np.float64)


def l1_penalty(w, alpha):
    """alpha * sum of |w| over every entry (summary 002, section 10.12)."""
    return float(alpha * np.sum(np.abs(np.asarray(w, dtype=np.float64))))


def l1_grad(w, alpha):
    """alpha * sign(w), with sign(0) = 0 (the subgradient 0 at w = 0)."""
    return alpha * np.sign(np.asarray(w, dtype=np.float64))


def dropout_train(X, keep_mask, p, inverted=True):
    """Zero the units the mask drops; inverted dropout scales the kept ones by 1 / (1 - p).

    p is the DROP probability; keep_mask (X's shape) is bool or 0/1 numbers, True/1 = kept.
    """
    X = np.asarray(X, dtype=np.float64)
    kept = np.where(np.asarray(keep_mask) != 0, X, 0.0)
    return kept / (1.0 - p) if inverted else kept


def dropout_inference(X, p, inverted=True):
    """Test time: inverted dropout leaves X unchanged; plain dropout scales by 1 - p."""
    X = np.asarray(X, dtype=np.float64)
    return X.copy() if inverted else (1.0 - p) * X
