"""Reference solution: evaluating classifiers (notes 004, section 6a.1, "Evaluierung von
Klassifikatoren" and "Evaluierung mittels ROC-Kurven").

Labels are ints; for the binary metrics the positive class is 1 and the negative class 0.
"""
import numpy as np


def ratio(num, den):
    """num / den elementwise, where an empty denominator (0/0) gives 0.0."""
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den != 0)


def prf(tp, fp, fn):
    """Precision RP/(RP+FP), recall RP/(RP+FN) and the F-measure 2PR/(P+R), each 0/0 -> 0."""
    p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
    return p, r, ratio(2 * p * r, p + r)


def confusion_matrix(y_true, y_pred, n_classes):
    """Counts C[i, j] of samples with true class i (row) and predicted class j (column)."""
    y_true, y_pred = np.asarray(y_true, dtype=np.int64), np.asarray(y_pred, dtype=np.int64)
    # every (true, predicted) pair is one cell i * C + j; count all of them at once
    cells = np.bincount(y_true * n_classes + y_pred, minlength=n_classes * n_classes)
    return cells.reshape(n_classes, n_classes)


def accuracy(y_true, y_pred):
    """The fraction of correct predictions, (RP + RN) / n in the binary case."""
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))


def precision_recall_f1(y_true, y_pred):
    """Binary precision, recall and F1 of the positive class 1 (0/0 counts as 0.0)."""
    t, p = np.asarray(y_true) == 1, np.asarray(y_pred) == 1
    tp, fp, fn = np.sum(t & p), np.sum(~t & p), np.sum(t & ~p)
    return tuple(float(v) for v in prf(tp, fp, fn))


def macro_f1(y_true, y_pred, n_classes):
    """The mean over all n_classes classes of the one-vs-rest F1 (an absent class has F1 0)."""
    C = confusion_matrix(y_true, y_pred, n_classes)
    tp = np.diag(C)
    fp = C.sum(axis=0) - tp  # predicted as the class, but another true class
    fn = C.sum(axis=1) - tp  # of the class, but predicted as another
    return float(np.mean(prf(tp, fp, fn)[2]))


def roc_curve(y_true, scores):
    """(fpr, tpr, thresholds): thresholds +inf and the distinct scores in decreasing order;
    a sample is predicted positive when its score >= the threshold."""
    positive = np.asarray(y_true) == 1
    n_pos = int(positive.sum())
    n_neg = positive.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("roc_curve needs labels of both classes, 0 and 1")
    # the distinct scores (increasing) and, for every sample, the index of its score among them
    values, which = np.unique(np.asarray(scores), return_inverse=True)
    pos_at = np.bincount(which[positive], minlength=values.size)  # positives per distinct score
    neg_at = np.bincount(which[~positive], minlength=values.size)
    # from the highest threshold down: everything with score >= threshold is predicted positive
    tps = np.concatenate([[0], np.cumsum(pos_at[::-1])])
    fps = np.concatenate([[0], np.cumsum(neg_at[::-1])])
    thresholds = np.concatenate([[np.inf], values[::-1]])
    return fps / n_neg, tps / n_pos, thresholds


def roc_auc(y_true, scores):
    """The trapezoidal area under roc_curve: O(n log n) (one sort); ties count one half."""
    fpr, tpr, _ = roc_curve(y_true, scores)
    # a tie between positives and negatives is a diagonal step: its trapezoid counts it half
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
