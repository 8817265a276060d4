"""Exercise: evaluating classifiers (notes 004, section 6a.1: confusion matrix, accuracy,
precision, recall, F-measure, ROC curve, AUC).

Labels are ints in 0..n_classes-1; for the binary metrics the positive class is 1 and the
negative class 0. Every input array has shape (n,) with n >= 1. Return numpy arrays and Python
numbers (a torch tensor or a list of the right shape is accepted too).
"""
import numpy as np


def confusion_matrix(y_true, y_pred, n_classes):
    """Return the confusion matrix, an int array of shape (n_classes, n_classes).

    C[i, j] is the number of samples whose TRUE class is i (row) and whose PREDICTED class
    is j (column). y_true, y_pred: (n,) ints in 0..n_classes-1. Classes that never occur
    still get their (zero) row and column.
    """
    raise NotImplementedError


def accuracy(y_true, y_pred):
    """Return the fraction of samples with y_pred == y_true, a float in [0, 1].

    y_true, y_pred: (n,) ints. In the binary case (RP + RN) / (RP + RN + FP + FN).
    """
    raise NotImplementedError


def precision_recall_f1(y_true, y_pred):
    """Return (precision, recall, f1) of the positive class 1, a tuple of three floats.

    y_true, y_pred: (n,) ints in {0, 1}. precision = RP / (RP + FP), recall = RP / (RP + FN),
    f1 = 2 P R / (P + R). Wherever a denominator is 0 (0/0), that value is 0.0.
    """
    raise NotImplementedError


def macro_f1(y_true, y_pred, n_classes):
    """Return the macro-averaged F1, a float: the mean over ALL n_classes classes of the
    one-vs-rest F1 of each class.

    y_true, y_pred: (n,) ints in 0..n_classes-1. For class c, "positive" means "class c".
    0/0 counts as 0.0, so a class absent from both labels and predictions has F1 0 and
    still counts in the mean.
    """
    raise NotImplementedError


def roc_curve(y_true, scores):
    """Return (fpr, tpr, thresholds), three float arrays of shape (m + 1,), m = number of
    distinct scores.

    y_true: (n,) ints in {0, 1}; scores: (n,) floats or ints, higher means "more positive".
    thresholds[0] = +inf, followed by the distinct scores in decreasing order. At threshold t
    a sample is predicted positive when score >= t; fpr[k] = FP / (FP + RN) and
    tpr[k] = RP / (RP + FN) at thresholds[k], so the curve runs from (0, 0) to (1, 1).
    Raises ValueError when y_true holds only one class.
    """
    raise NotImplementedError


def roc_auc(y_true, scores):
    """Return the area under the ROC curve, a float in [0, 1]: the trapezoidal rule over the
    points of roc_curve (a tie between a positive and a negative score counts one half).

    y_true: (n,) ints in {0, 1}; scores: (n,) floats or ints. Raises ValueError when y_true
    holds only one class. Also timed with n = 1,000,000: it must run in O(n log n) (one sort),
    not compare every positive with every negative.
    """
    raise NotImplementedError
