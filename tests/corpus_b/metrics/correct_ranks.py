# CORRECT: counting with np.add.at and searchsorted; AUC from mid-ranks (Mann-Whitney U), which equals the trapezoid area
import numpy as np


def confusion_matrix(y_true, y_pred, n_classes):
    cm = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(cm, (np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)), 1)
    return cm


def accuracy(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return np.count_nonzero(y_true == y_pred) / y_true.size


def _f1_from_counts(tp, fp, fn):
    return 2 * tp / (2 * tp + fp + fn) if tp > 0 else 0.0


def precision_recall_f1(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = int(np.count_nonzero((y_true == 1) & (y_pred == 1)))
    fp = int(np.count_nonzero((y_true == 0) & (y_pred == 1)))
    fn = int(np.count_nonzero((y_true == 1) & (y_pred == 0)))
    p = tp / (tp + fp) if tp + fp > 0 else 0.0
    r = tp / (tp + fn) if tp + fn > 0 else 0.0
    return p, r, _f1_from_counts(tp, fp, fn)


def macro_f1(y_true, y_pred, n_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    total = 0.0
    for c in range(n_classes):
        tp = int(np.count_nonzero((y_true == c) & (y_pred == c)))
        fp = int(np.count_nonzero((y_true != c) & (y_pred == c)))
        fn = int(np.count_nonzero((y_true == c) & (y_pred != c)))
        total += _f1_from_counts(tp, fp, fn)
    return total / n_classes


def _split(y_true, scores):
    y = np.asarray(y_true).ravel()
    s = np.asarray(scores, dtype=float).ravel()
    pos, neg = s[y == 1], s[y != 1]
    if len(pos) == 0 or len(neg) == 0:
        raise ValueError("labels of only one class")
    return s, pos, neg


def roc_curve(y_true, scores):
    s, pos, neg = _split(y_true, scores)
    thr = np.unique(s)[::-1]
    pos, neg = np.sort(pos), np.sort(neg)
    tp = len(pos) - np.searchsorted(pos, thr, side="left")    # scores >= threshold
    fp = len(neg) - np.searchsorted(neg, thr, side="left")
    fpr = np.concatenate([[0.0], fp / len(neg)])
    tpr = np.concatenate([[0.0], tp / len(pos)])
    return fpr, tpr, np.concatenate([[np.inf], thr])


def roc_auc(y_true, scores):
    s, pos, neg = _split(y_true, scores)
    values, inverse, counts = np.unique(s, return_inverse=True, return_counts=True)
    first_rank = np.cumsum(counts) - counts + 1           # ranks start at 1
    mid_rank = first_rank + (counts - 1) / 2.0            # ties share their average rank
    ranks = mid_rank[inverse.ravel()]
    y = np.asarray(y_true).ravel() == 1
    n_pos, n_neg = len(pos), len(neg)
    u = ranks[y].sum() - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))
