# CORRECT: equivalent formulas (one-hot product, F1 = 2TP/(2TP+FP+FN), AUC from mid-ranks)
import numpy as np


def _one_hot(labels, n_classes):
    labels = np.asarray(labels, dtype=int).ravel()
    return (labels[:, None] == np.arange(n_classes)[None, :]).astype(np.int64)


def confusion_matrix(y_true, y_pred, n_classes):
    return _one_hot(y_true, n_classes).T @ _one_hot(y_pred, n_classes)


def accuracy(y_true, y_pred):
    t = np.asarray(y_true).ravel()
    p = np.asarray(y_pred).ravel()
    return np.count_nonzero(t == p) / t.size


def _f1(tp, fp, fn):
    # 2PR/(P+R) simplifies to 2TP/(2TP+FP+FN); 0 when TP = 0
    den = 2 * tp + fp + fn
    return 2.0 * tp / den if tp > 0 else 0.0


def precision_recall_f1(y_true, y_pred):
    cm = confusion_matrix(y_true, y_pred, 2)
    tn, fp, fn, tp = (int(v) for v in cm.ravel())
    p = tp / (tp + fp) if tp > 0 else 0.0
    r = tp / (tp + fn) if tp > 0 else 0.0
    return p, r, _f1(tp, fp, fn)


def macro_f1(y_true, y_pred, n_classes):
    cm = confusion_matrix(y_true, y_pred, n_classes)
    tp = np.diag(cm)
    fp = cm.sum(axis=0) - tp
    fn = cm.sum(axis=1) - tp
    return sum(_f1(tp[c], fp[c], fn[c]) for c in range(n_classes)) / n_classes


def _check(y):
    n_pos = int(np.sum(y))
    if n_pos == 0 or n_pos == y.size:
        raise ValueError("y_true must contain both classes")
    return n_pos, y.size - n_pos


def roc_curve(y_true, scores):
    y = np.asarray(y_true).ravel() == 1
    n_pos, n_neg = _check(y)
    s = np.asarray(scores, dtype=float).ravel()
    values, inverse = np.unique(-s, return_inverse=True)  # ascending in -s = descending in s
    inverse = inverse.ravel()
    pos = np.bincount(inverse, weights=y, minlength=values.size)
    neg = np.bincount(inverse, weights=~y, minlength=values.size)
    tpr = np.concatenate(([0.0], np.cumsum(pos) / n_pos))
    fpr = np.concatenate(([0.0], np.cumsum(neg) / n_neg))
    thresholds = np.concatenate(([np.inf], -values))
    return fpr, tpr, thresholds


def roc_auc(y_true, scores):
    # Mann-Whitney U: P(score_pos > score_neg) + 0.5 P(tie), via mid-ranks
    y = np.asarray(y_true).ravel() == 1
    n_pos, n_neg = _check(y)
    s = np.asarray(scores, dtype=float).ravel()
    _, inverse, counts = np.unique(s, return_inverse=True, return_counts=True)
    upper = np.cumsum(counts)             # rank of the last member of each group
    mid_rank = upper - (counts - 1) / 2.0  # average rank of the group (1-based)
    rank_sum = mid_rank[inverse.ravel()][y].sum()
    return float((rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))
