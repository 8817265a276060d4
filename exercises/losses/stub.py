"""Exercise: loss functions (notes 004: multi-class hinge loss, softmax, cross-entropy;
notes 002: MSE and MAE).

S has shape (n, C): one row of class scores per sample (the slides of notes 004 draw one
COLUMN per image; here every sample is a row). y has shape (n,): the label of each sample,
an int in 0..C-1. All inputs are float64 numpy arrays (y: int); you may return numpy
arrays, torch tensors or lists. Do not modify the arrays you are given.
"""
import numpy as np


def softmax(S):
    """Return the softmax of every row of S, shape (n, C).

    P[i, k] = exp(S[i, k]) / sum_j exp(S[i, j]); every row sums to 1. The result must be
    finite and exact for scores as large as +-1000 (exp(1000) overflows: see the statement).
    """
    raise NotImplementedError


def cross_entropy(S, y):
    """Return the cross-entropy loss of every sample, shape (n,).

    L_i = -ln softmax(S)[i, y_i], with the NATURAL logarithm; one value per sample, not the
    mean over the batch. Finite and exact for scores as large as +-1000.
    """
    raise NotImplementedError


def hinge_loss(S, y, margin=1.0):
    """Return the multi-class hinge (SVM) loss of every sample, shape (n,).

    L_i = sum over j != y_i of max(0, S[i, j] - S[i, y_i] + margin); margin >= 0 is a float
    (the slide uses 1). One value per sample, not the mean over the batch.
    """
    raise NotImplementedError


def loss_gradient(S, y, kind, margin=1.0):
    """Return dL/dS, shape (n, C), for the MEAN loss L = (1/n) sum_i L_i.

    kind is "cross_entropy" or "hinge" (L_i as in cross_entropy or hinge_loss, with this
    margin); any other kind raises ValueError. A hinge term whose argument
    S[i, j] - S[i, y_i] + margin is exactly 0 contributes nothing (only arguments > 0 count).
    """
    raise NotImplementedError


def mse(pred, target):
    """Return the mean squared error as a float: the mean of (pred - target)**2 over ALL entries.

    pred and target have the same shape (any number of axes, at least one entry).
    """
    raise NotImplementedError


def mae(pred, target):
    """Return the mean absolute error as a float: the mean of |pred - target| over ALL entries.

    pred and target have the same shape (any number of axes, at least one entry).
    """
    raise NotImplementedError
