"""Exercise: weight initialisation, weight penalties (L2, L1) and dropout.

Slides 004 ("Initialisierung der Gewichte tiefer Netze", "Regularisierung") and the summary
002 (sections 10.11-10.12: L2 and L1; 12.4-12.5.1: dropout and weight scaling at inference).
N(0, v) means mean 0 and VARIANCE v, as on the slides. Arrays come as float64 numpy arrays;
you may return numpy arrays, torch tensors or lists of the right shape.
Not allowed in fan_in_out, init_std and initialize: torch.nn.init (its fan computation included).
"""
import numpy as np


def fan_in_out(shape):
    """Return (fan_in, fan_out), two ints, for a weight of the given shape, as torch counts them.

    shape: (out, in) for a linear layer, (out, in, kh, kw) for a conv kernel (a tuple of ints).
    fan_in = in * kh * kw, fan_out = out * kh * kw (the receptive field kh * kw counts;
    it is 1 for a linear layer). Example: fan_in_out((64, 3, 5, 5)) = (75, 1600).
    """
    raise NotImplementedError


def init_std(kind, fan_in, fan_out=None):
    """Return the STANDARD DEVIATION (not the variance) of an initialisation, a float.

    kind "xavier": variance 1 / fan_in (slides 004, N(0, 1/m)); fan_out is ignored.
    kind "glorot": variance 2 / (fan_in + fan_out) (torch's xavier_normal_); needs fan_out.
    kind "he":     variance 2 / fan_in (slides 004, N(0, 2/m), for ReLU).
    Raise ValueError for any other kind ("zeros" included) and for "glorot" without fan_out.
    """
    raise NotImplementedError


def initialize(shape, kind, seed):
    """Return a new float array of the given shape: the initial weights.

    kind "zeros": all 0 (works for any shape, also a bias (out,)).
    kind "xavier", "glorot", "he": independent draws from a NORMAL distribution with mean 0
    and std init_std(kind, *fan_in_out(shape)). seed is an int in [0, 2**32): seed your own
    random generator with it, so that the same seed gives the same array and different seeds
    give different arrays. Any other kind: ValueError.
    """
    raise NotImplementedError


def l2_penalty(w, alpha):
    """Return alpha / 2 * sum(w**2) over every entry of w (any shape), a float."""
    raise NotImplementedError


def l2_grad(w, alpha):
    """Return the gradient of l2_penalty with respect to w, an array of w's shape."""
    raise NotImplementedError


def l1_penalty(w, alpha):
    """Return alpha * sum(|w|) over every entry of w (any shape), a float."""
    raise NotImplementedError


def l1_grad(w, alpha):
    """Return the (sub)gradient of l1_penalty, an array of w's shape: alpha * sign(w), 0 where w = 0."""
    raise NotImplementedError


def dropout_train(X, keep_mask, p, inverted=True):
    """Return dropout's output during training, an array of X's shape.

    X: activations of any shape, e.g. (n, d). keep_mask: X's shape, bool or 0/1 numbers,
    True/1 = the unit is kept, False/0 = dropped (set to 0). p: the DROP probability, 0 <= p < 1.
    inverted=True: kept units are scaled by 1 / (1 - p); inverted=False: no scaling.
    """
    raise NotImplementedError


def dropout_inference(X, p, inverted=True):
    """Return dropout's output at test time (no units dropped), an array of X's shape.

    inverted=True: X unchanged (the scaling happened during training).
    inverted=False: X scaled by 1 - p, the keep probability (weight scaling inference rule).
    """
    raise NotImplementedError
