"""A correct answer with other formulas: F1 = 2 RP / (2 RP + FP + FN), the ROC curve by binary
search in the sorted scores of each class, the AUC from average ranks (Mann-Whitney)."""
import numpy as np


def confusion_matrix(y_true, y_pred, n_classes):
    C = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(C, (np.asarray(y_true), np.asarray(y_pred)), 1)
    return C


def accuracy(y_true, y_pred):
    C = confusion_matrix(y_true, y_pred, int(max(np.max(y_true), np.max(y_pred))) + 1)
    return np.trace(C) / C.sum()


def f1_from_counts(tp, fp, fn):
    den = 2 * tp + fp + fn
    return np.where(den > 0, 2 * tp / np.maximum(den, 1), 0.0)


def precision_recall_f1(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.count_nonzero((y_true == 1) & (y_pred == 1))
    n_pred, n_true = np.count_nonzero(y_pred == 1), np.count_nonzero(y_true == 1)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_true if n_true else 0.0
    return precision, recall, float(f1_from_counts(tp, n_pred - tp, n_true - tp))


def macro_f1(y_true, y_pred, n_classes):
    C = confusion_matrix(y_true, y_pred, n_classes)
    tp = np.diag(C)
    return float(np.sum(f1_from_counts(tp, C.sum(axis=0) - tp, C.sum(axis=1) - tp)) / n_classes)


def roc_curve(y_true, scores):
    y_true, scores = np.asarray(y_true), np.asarray(scores, dtype=float)
    pos, neg = np.sort(scores[y_true == 1]), np.sort(scores[y_true == 0])
    if len(pos) == 0 or len(neg) == 0:
        raise ValueError("both classes are needed")
    thresholds = np.r_[np.inf, np.unique(scores)[::-1]]
    # how many scores of each class are >= t: all of them minus those < t
    tpr = (len(pos) - np.searchsorted(pos, thresholds, side="left")) / len(pos)
    fpr = (len(neg) - np.searchsorted(neg, thresholds, side="left")) / len(neg)
    return fpr, tpr, thresholds


def average_ranks(x):
    """Ranks 1..n of x, equal values sharing the mean of their ranks."""
    values, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    last = np.cumsum(counts)  # the highest rank within each group of equal values
    return (last - (counts - 1) / 2)[inverse]


def roc_auc(y_true, scores):
    positive = np.asarray(y_true) == 1
    n_pos, n_neg = positive.sum(), (~positive).sum()
    if n_pos == 0 or n_neg == 0:
        raise ValueError("both classes are needed")
    r = average_ranks(np.asarray(scores))
    return (r[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
