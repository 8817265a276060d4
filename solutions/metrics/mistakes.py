"""Known mistakes on metrics, each a small variant of the reference.

Mistakes in the helpers `ratio` and `prf` reach every function that uses them (precision_recall_f1
and macro_f1), as they would in a student's file; a mistake in roc_curve reaches roc_auc too.
"""
# ruff: noqa: F811, F821  (each mistake redefines a reference function; it runs in the reference's namespace)
from dlgrade.spec import MistakeRegistry

known = MistakeRegistry()


# --- confusion matrix ----------------------------------------------------------------

@known.mistake("confusion_matrix_transposed")
def confusion_matrix(y_true, y_pred, n_classes):
    y_true, y_pred = np.asarray(y_true, dtype=np.int64), np.asarray(y_pred, dtype=np.int64)
    cells = np.bincount(y_pred * n_classes + y_true, minlength=n_classes * n_classes)
    return cells.reshape(n_classes, n_classes)


@known.mistake("confusion_matrix_size_from_labels")
def confusion_matrix(y_true, y_pred, n_classes):
    y_true, y_pred = np.asarray(y_true, dtype=np.int64), np.asarray(y_pred, dtype=np.int64)
    n_classes = int(max(y_true.max(), y_pred.max())) + 1  # the classes seen, not the n_classes given
    cells = np.bincount(y_true * n_classes + y_pred, minlength=n_classes * n_classes)
    return cells.reshape(n_classes, n_classes)


# --- precision, recall, F1 -----------------------------------------------------------

@known.mistake("precision_recall_swapped")
def precision_recall_f1(y_true, y_pred):
    t, p = np.asarray(y_true) == 1, np.asarray(y_pred) == 1
    tp, fp, fn = np.sum(t & p), np.sum(~t & p), np.sum(t & ~p)
    precision, recall, f1 = prf(tp, fp, fn)
    return float(recall), float(precision), float(f1)


@known.mistake("zero_division_nan")
def ratio(num, den):
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return num / den


@known.mistake("zero_division_one")
def ratio(num, den):
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.ones(np.broadcast(num, den).shape), where=den != 0)


@known.mistake("f1_arithmetic_mean")
def prf(tp, fp, fn):
    p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
    return p, r, (p + r) / 2


# --- macro F1 ------------------------------------------------------------------------

@known.mistake("macro_over_present_classes")
def macro_f1(y_true, y_pred, n_classes):
    C = confusion_matrix(y_true, y_pred, n_classes)
    tp = np.diag(C)
    fp = C.sum(axis=0) - tp
    fn = C.sum(axis=1) - tp
    present = (C.sum(axis=0) + C.sum(axis=1)) > 0  # only classes that occur somewhere
    return float(np.mean(prf(tp, fp, fn)[2][present]))


@known.mistake("micro_instead_of_macro")
def macro_f1(y_true, y_pred, n_classes):
    C = confusion_matrix(y_true, y_pred, n_classes)
    tp = np.diag(C)
    fp = C.sum(axis=0) - tp
    fn = C.sum(axis=1) - tp
    return float(prf(tp.sum(), fp.sum(), fn.sum())[2])  # counts pooled over the classes first


@known.mistake("macro_f1_of_mean_precision_recall")
def macro_f1(y_true, y_pred, n_classes):
    C = confusion_matrix(y_true, y_pred, n_classes)
    tp = np.diag(C)
    fp = C.sum(axis=0) - tp
    fn = C.sum(axis=1) - tp
    p, r, _ = prf(tp, fp, fn)
    p, r = p.mean(), r.mean()
    return float(ratio(2 * p * r, p + r))


# --- ROC curve -----------------------------------------------------------------------

@known.mistake("roc_strict_greater")
def roc_curve(y_true, scores):
    positive = np.asarray(y_true) == 1
    n_pos = int(positive.sum())
    n_neg = positive.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("roc_curve needs labels of both classes, 0 and 1")
    scores = np.asarray(scores)
    thresholds = np.concatenate([[np.inf], np.unique(scores)[::-1]])
    # how many positives / negatives score strictly above each threshold
    tps = n_pos - np.searchsorted(np.sort(scores[positive]), thresholds, side="right")
    fps = n_neg - np.searchsorted(np.sort(scores[~positive]), thresholds, side="right")
    return fps / n_neg, tps / n_pos, thresholds


@known.mistake("roc_no_inf_threshold")
def roc_curve(y_true, scores):
    positive = np.asarray(y_true) == 1
    n_pos = int(positive.sum())
    n_neg = positive.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("roc_curve needs labels of both classes, 0 and 1")
    values, which = np.unique(np.asarray(scores), return_inverse=True)
    tps = np.cumsum(np.bincount(which[positive], minlength=values.size)[::-1])
    fps = np.cumsum(np.bincount(which[~positive], minlength=values.size)[::-1])
    return fps / n_neg, tps / n_pos, values[::-1].astype(float)


@known.mistake("roc_threshold_per_sample")
def roc_curve(y_true, scores):
    positive = np.asarray(y_true) == 1
    n_pos = int(positive.sum())
    n_neg = positive.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("roc_curve needs labels of both classes, 0 and 1")
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")  # one point per sample, ties not merged
    tps = np.concatenate([[0], np.cumsum(positive[order])])
    fps = np.concatenate([[0], np.cumsum(~positive[order])])
    return fps / n_neg, tps / n_pos, np.concatenate([[np.inf], np.asarray(scores)[order]])


@known.mistake("roc_returns_tpr_first")
def roc_curve(y_true, scores):
    positive = np.asarray(y_true) == 1
    n_pos = int(positive.sum())
    n_neg = positive.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("roc_curve needs labels of both classes, 0 and 1")
    values, which = np.unique(np.asarray(scores), return_inverse=True)
    tps = np.concatenate([[0], np.cumsum(np.bincount(which[positive], minlength=values.size)[::-1])])
    fps = np.concatenate([[0], np.cumsum(np.bincount(which[~positive], minlength=values.size)[::-1])])
    return tps / n_pos, fps / n_neg, np.concatenate([[np.inf], values[::-1]])


@known.mistake("roc_one_class_no_error")
def roc_curve(y_true, scores):
    positive = np.asarray(y_true) == 1
    n_pos = int(positive.sum())
    n_neg = positive.size - n_pos
    values, which = np.unique(np.asarray(scores), return_inverse=True)
    tps = np.concatenate([[0], np.cumsum(np.bincount(which[positive], minlength=values.size)[::-1])])
    fps = np.concatenate([[0], np.cumsum(np.bincount(which[~positive], minlength=values.size)[::-1])])
    with np.errstate(divide="ignore", invalid="ignore"):  # 0/0 where a class is missing
        return fps / n_neg, tps / n_pos, np.concatenate([[np.inf], values[::-1]])


@known.mistake("scores_sorted_in_place")
def roc_curve(y_true, scores):
    positive = np.asarray(y_true) == 1
    n_pos = int(positive.sum())
    n_neg = positive.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("roc_curve needs labels of both classes, 0 and 1")
    scores = np.asarray(scores)  # the caller's array itself, not a copy
    positive = positive[np.argsort(scores, kind="stable")]
    scores.sort()  # sorts the caller's scores: the answer is right, the input is destroyed
    values, which = np.unique(scores, return_inverse=True)
    tps = np.concatenate([[0], np.cumsum(np.bincount(which[positive], minlength=values.size)[::-1])])
    fps = np.concatenate([[0], np.cumsum(np.bincount(which[~positive], minlength=values.size)[::-1])])
    return fps / n_neg, tps / n_pos, np.concatenate([[np.inf], values[::-1]])


# --- area under the curve ------------------------------------------------------------

@known.mistake("auc_ties_count_zero")
def roc_auc(y_true, scores):
    fpr, tpr, _ = roc_curve(y_true, scores)
    return float(np.sum(np.diff(fpr) * tpr[:-1]))  # rectangles under the lower corner of each step


@known.mistake("auc_ties_count_one")
def roc_auc(y_true, scores):
    fpr, tpr, _ = roc_curve(y_true, scores)
    return float(np.sum(np.diff(fpr) * tpr[1:]))  # rectangles under the upper corner of each step


@known.mistake("auc_axes_swapped")
def roc_auc(y_true, scores):
    fpr, tpr, _ = roc_curve(y_true, scores)
    return float(np.sum(np.diff(tpr) * (fpr[1:] + fpr[:-1]) / 2))  # integrates fpr over tpr
