# WRONG: roc_curve: thresholds start at the largest score; the +inf threshold and its (0, 0) point are missing.
import numpy as np


def confusion_matrix(y_true, y_pred, n_classes):
    t = np.asarray(y_true, dtype=np.int64).ravel()
    p = np.asarray(y_pred, dtype=np.int64).ravel()
    counts = np.bincount(t * n_classes + p, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes)


def accuracy(y_true, y_pred):
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))


def _div(a, b):
    return float(a) / float(b) if b > 0 else 0.0


def precision_recall_f1(y_true, y_pred):
    t = np.asarray(y_true) == 1
    p = np.asarray(y_pred) == 1
    tp = np.sum(t & p)
    fp = np.sum(~t & p)
    fn = np.sum(t & ~p)
    prec = _div(tp, tp + fp)
    rec = _div(tp, tp + fn)
    f1 = _div(2 * prec * rec, prec + rec)
    return prec, rec, f1


def macro_f1(y_true, y_pred, n_classes):
    cm = confusion_matrix(y_true, y_pred, n_classes)
    tp = np.diag(cm).astype(float)
    fp = cm.sum(axis=0) - tp
    fn = cm.sum(axis=1) - tp
    prec = np.divide(tp, tp + fp, out=np.zeros(n_classes), where=(tp + fp) > 0)
    rec = np.divide(tp, tp + fn, out=np.zeros(n_classes), where=(tp + fn) > 0)
    f1 = np.divide(2 * prec * rec, prec + rec, out=np.zeros(n_classes),
                   where=(prec + rec) > 0)
    return float(np.mean(f1))


def roc_curve(y_true, scores):
    y = np.asarray(y_true).ravel() == 1
    s = np.asarray(scores, dtype=float).ravel()
    n_pos = int(y.sum())
    n_neg = y.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("roc_curve needs both classes in y_true")
    order = np.argsort(-s, kind="mergesort")
    s_sorted = s[order]
    tp = np.cumsum(y[order])
    fp = np.arange(1, y.size + 1) - tp
    last = np.r_[np.nonzero(np.diff(s_sorted))[0], y.size - 1]
    return fp[last] / n_neg, tp[last] / n_pos, s_sorted[last]


def roc_auc(y_true, scores):
    # area from its own sorted pass (does not use roc_curve)
    y = np.asarray(y_true).ravel() == 1
    s = np.asarray(scores, dtype=float).ravel()
    n_pos = int(y.sum())
    n_neg = y.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("roc_auc needs both classes in y_true")
    order = np.argsort(-s, kind="mergesort")
    s_sorted = s[order]
    tp = np.cumsum(y[order])
    fp = np.arange(1, y.size + 1) - tp
    last = np.r_[np.nonzero(np.diff(s_sorted))[0], y.size - 1]
    tpr = np.r_[0, tp[last]] / n_pos
    fpr = np.r_[0, fp[last]] / n_neg
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
