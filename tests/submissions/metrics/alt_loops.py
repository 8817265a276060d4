"""A correct answer written with plain Python loops (as a student would start)."""
import numpy as np


def confusion_matrix(y_true, y_pred, n_classes):
    C = np.zeros((n_classes, n_classes), dtype=int)
    for t, p in zip(y_true, y_pred):
        C[t, p] += 1
    return C


def accuracy(y_true, y_pred):
    right = 0
    for t, p in zip(y_true, y_pred):
        if t == p:
            right += 1
    return right / len(y_true)


def safe_div(a, b):
    if b == 0:
        return 0.0
    return a / b


def precision_recall_f1(y_true, y_pred):
    tp = fp = fn = 0
    for t, p in zip(y_true, y_pred):
        if t == 1 and p == 1:
            tp += 1
        elif t == 0 and p == 1:
            fp += 1
        elif t == 1 and p == 0:
            fn += 1
    precision = safe_div(tp, tp + fp)
    recall = safe_div(tp, tp + fn)
    f1 = safe_div(2 * precision * recall, precision + recall)
    return precision, recall, f1


def macro_f1(y_true, y_pred, n_classes):
    total = 0.0
    for c in range(n_classes):
        t = [1 if v == c else 0 for v in y_true]
        p = [1 if v == c else 0 for v in y_pred]
        total += precision_recall_f1(t, p)[2]
    return total / n_classes


def roc_curve(y_true, scores):
    n_pos = sum(1 for t in y_true if t == 1)
    n_neg = len(y_true) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("need both classes")
    thresholds = [float("inf")] + sorted(set(float(s) for s in scores), reverse=True)
    fpr, tpr = [], []
    for thr in thresholds:
        tp = fp = 0
        for t, s in zip(y_true, scores):
            if s >= thr:
                if t == 1:
                    tp += 1
                else:
                    fp += 1
        fpr.append(fp / n_neg)
        tpr.append(tp / n_pos)
    return np.array(fpr), np.array(tpr), np.array(thresholds)


def roc_auc(y_true, scores):
    # sort once (decreasing), then walk along the samples; a group of equal scores is one step
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")
    labels = np.asarray(y_true)[order].tolist()
    values = np.asarray(scores, dtype=float)[order].tolist()
    n_pos = sum(labels)
    n_neg = len(labels) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("need both classes")
    area = 0.0
    tp = fp = 0
    i = 0
    while i < len(values):
        tp_before, fp_before = tp, fp
        j = i
        while j < len(values) and values[j] == values[i]:
            if labels[j] == 1:
                tp += 1
            else:
                fp += 1
            j += 1
        area += (fp - fp_before) * (tp + tp_before) / 2  # trapezoid, in counts
        i = j
    return area / (n_pos * n_neg)
