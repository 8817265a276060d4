# CORRECT: explicit Python loops for the counts and the curve, vectorised AUC
import numpy as np


def confusion_matrix(y_true, y_pred, n_classes):
    cm = np.zeros((n_classes, n_classes), dtype=int)
    for t, p in zip(y_true, y_pred):
        cm[int(t), int(p)] += 1
    return cm


def accuracy(y_true, y_pred):
    correct = 0
    total = 0
    for t, p in zip(y_true, y_pred):
        total += 1
        if t == p:
            correct += 1
    return correct / total


def _counts(y_true, y_pred, cls):
    tp = fp = fn = 0
    for t, p in zip(y_true, y_pred):
        if p == cls and t == cls:
            tp += 1
        elif p == cls:
            fp += 1
        elif t == cls:
            fn += 1
    return tp, fp, fn


def _prf(tp, fp, fn):
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    if precision + recall == 0:
        return precision, recall, 0.0
    return precision, recall, 2 * precision * recall / (precision + recall)


def precision_recall_f1(y_true, y_pred):
    return _prf(*_counts(y_true, y_pred, 1))


def macro_f1(y_true, y_pred, n_classes):
    total = 0.0
    for c in range(n_classes):
        total += _prf(*_counts(y_true, y_pred, c))[2]
    return total / n_classes


def roc_curve(y_true, scores):
    y = np.asarray(y_true)
    s = np.asarray(scores, dtype=float)
    n_pos = int(np.sum(y == 1))
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("need positive and negative samples")
    order = np.argsort(-s, kind="stable")
    fpr, tpr, thresholds = [0.0], [0.0], [np.inf]
    tp = fp = 0
    for k, idx in enumerate(order):
        if y[idx] == 1:
            tp += 1
        else:
            fp += 1
        # emit a point only after the last sample with this score
        if k == len(order) - 1 or s[order[k + 1]] != s[idx]:
            fpr.append(fp / n_neg)
            tpr.append(tp / n_pos)
            thresholds.append(s[idx])
    return np.array(fpr), np.array(tpr), np.array(thresholds)


def roc_auc(y_true, scores):
    # same curve, but grouped with np.unique so that a million samples stay fast
    y = np.asarray(y_true) == 1
    s = np.asarray(scores, dtype=float)
    n_pos = int(y.sum())
    n_neg = y.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("need positive and negative samples")
    values, inverse = np.unique(s, return_inverse=True)
    pos_per_value = np.bincount(inverse.ravel(), weights=y, minlength=values.size)
    all_per_value = np.bincount(inverse.ravel(), minlength=values.size)
    # walk from the largest score down
    tp = np.r_[0.0, np.cumsum(pos_per_value[::-1])] / n_pos
    fp = np.r_[0.0, np.cumsum((all_per_value - pos_per_value)[::-1])] / n_neg
    return float(np.sum((fp[1:] - fp[:-1]) * (tp[1:] + tp[:-1])) / 2)
