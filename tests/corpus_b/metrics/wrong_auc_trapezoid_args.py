# WRONG: roc_auc: calls np.trapezoid(fpr, tpr) with the arguments swapped (y first, then x), which integrates fpr over tpr and returns 1 - AUC.
import numpy as np


def _counts(y_true, y_pred, n_classes):
    t = np.asarray(y_true).astype(int).ravel()
    p = np.asarray(y_pred).astype(int).ravel()
    counts = np.bincount(t * n_classes + p, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes)


def confusion_matrix(y_true, y_pred, n_classes):
    return _counts(y_true, y_pred, n_classes)


def accuracy(y_true, y_pred):
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))


def _safe_div(a, b):
    return float(a) / float(b) if b > 0 else 0.0


def precision_recall_f1(y_true, y_pred):
    t = np.asarray(y_true) == 1
    p = np.asarray(y_pred) == 1
    tp = np.sum(t & p)
    fp = np.sum(~t & p)
    fn = np.sum(t & ~p)
    precision = _safe_div(tp, tp + fp)
    recall = _safe_div(tp, tp + fn)
    f1 = _safe_div(2 * precision * recall, precision + recall)
    return precision, recall, f1


def macro_f1(y_true, y_pred, n_classes):
    cm = _counts(y_true, y_pred, n_classes)
    tp = np.diag(cm)
    fp = cm.sum(axis=0) - tp
    fn = cm.sum(axis=1) - tp
    f1 = [_safe_div(2 * tp[c], 2 * tp[c] + fp[c] + fn[c]) for c in range(n_classes)]
    return float(np.mean(f1))


def _roc(y_true, scores):
    y = np.asarray(y_true).ravel() == 1
    s = np.asarray(scores, dtype=float).ravel()
    n_pos = int(y.sum())
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("roc needs both positive and negative labels")
    order = np.argsort(-s, kind="mergesort")
    s_sorted, y_sorted = s[order], y[order]
    tps = np.cumsum(y_sorted)
    fps = np.cumsum(~y_sorted)
    last = np.r_[np.nonzero(np.diff(s_sorted))[0], len(s) - 1]   # end of each group of equal scores
    fpr = np.r_[0.0, fps[last] / n_neg]
    tpr = np.r_[0.0, tps[last] / n_pos]
    thresholds = np.r_[np.inf, s_sorted[last]]
    return fpr, tpr, thresholds


def roc_curve(y_true, scores):
    return _roc(y_true, scores)


def roc_auc(y_true, scores):
    fpr, tpr, _ = _roc(y_true, scores)
    return float(np.trapezoid(fpr, tpr))
