"""Hidden cases for metrics, generated from the per-submission seed.

Every generator keeps the inputs where the known mistakes show: confusion matrices that are
not symmetric, precision != recall, every form of 0/0, classes missing at the top and in the
middle of the range, and ties between positive and negative scores in every seed. Scores lie
on a grid (multiples of 0.001 or 0.1, or integers), so distinct scores stay distinct in
float32 and a torch answer sees exactly the same ties. No +-inf or nan scores (the catalog
does not define them). The correctness inputs are small; the timed input has a million samples.
"""
import numpy as np

from dlgrade.spec import Case, Check, PerfCase

# Counts are integers: no relative slack, so any count off by one fails (any dtype that holds them
# exactly passes, float32 included); atol keeps its tiny default so the error figures stay finite.
EXACT = Check(rtol=0.0)
# Rates and areas lie in [0, 1]: a float32 answer is within about 1e-7 of them; the smallest
# difference a known mistake makes on these inputs is 1 / (2 n_pos n_neg) > 1e-4.
RATES = Check(rtol=1e-6, atol=1e-7)


def ints(values, dtype=np.int64):
    return np.asarray(values, dtype=dtype)


def asymmetric_labels(rng, n, C, classes=None):
    """Random true and predicted labels whose confusion matrix is not symmetric."""
    classes = np.arange(C) if classes is None else np.asarray(classes)
    while True:
        y_true, y_pred = rng.choice(classes, size=n), rng.choice(classes, size=n)
        counts = np.zeros((C, C), dtype=int)
        np.add.at(counts, (y_true, y_pred), 1)
        if (counts != counts.T).any() and len(set(y_true.tolist())) > 1:
            return ints(y_true), ints(y_pred)


def binary_with(rng, tp, fp, fn, tn):
    """Shuffled binary labels and predictions with exactly these counts."""
    y_true = np.array([1] * tp + [0] * fp + [1] * fn + [0] * tn)
    y_pred = np.array([1] * tp + [1] * fp + [0] * fn + [0] * tn)
    order = rng.permutation(len(y_true))
    return ints(y_true[order]), ints(y_pred[order])


def both_classes(rng, n, n_pos):
    """Binary labels with n_pos positives, shuffled."""
    return ints(rng.permutation(np.r_[np.ones(n_pos), np.zeros(n - n_pos)]))


def scores_without_ties(rng, y):
    """Scores that tend to be higher for positives, on a 0.001 grid, all distinct."""
    while True:
        s = np.round(y * 1.2 + rng.normal(size=y.size), 3)
        if np.unique(s).size == s.size:
            return s


def scores_with_ties(rng, y, decimals=1):
    """Scores rounded so that several values are shared by a positive and a negative."""
    while True:
        s = np.round(y * 0.6 + rng.normal(size=y.size), decimals)
        shared = np.intersect1d(s[y == 1], s[y == 0])
        if shared.size >= 2 and roc_auc_differs_from_half(y, s):
            return s


def roc_auc_differs_from_half(y, s):
    """Whether the positives' and negatives' scores differ (so 1 - AUC != AUC)."""
    pos, neg = s[y == 1], s[y == 0]
    return abs(np.mean(pos[:, None] > neg[None, :]) + 0.5 * np.mean(pos[:, None] == neg[None, :]) - 0.5) > 0.05


def cases(rng):
    out = []

    # --- confusion_matrix -------------------------------------------------------------
    C = int(rng.integers(3, 6))
    out.append(Case("confusion_matrix", (*asymmetric_labels(rng, int(rng.integers(20, 40)), C), C), check=EXACT,
                    name="confusion_matrix: random multi-class labels"))
    C = int(rng.integers(4, 7))
    out.append(Case("confusion_matrix", (*asymmetric_labels(rng, 25, C, classes=np.arange(C - 2)), C), check=EXACT,
                    name="confusion_matrix: the highest classes never occur"))
    out.append(Case("confusion_matrix", (*asymmetric_labels(rng, 20, 4, classes=[0, 2, 3]), 4), check=EXACT,
                    name="confusion_matrix: a class in the middle never occurs"))
    t, p = rng.choice(3, size=2, replace=False)
    out.append(Case("confusion_matrix", (ints([t]), ints([p]), 3), check=EXACT,
                    name="confusion_matrix: a single, wrong sample"))
    y_true, y_pred = binary_with(rng, int(rng.integers(3, 7)), int(rng.integers(1, 3)), int(rng.integers(4, 7)),
                                 int(rng.integers(2, 6)))
    out.append(Case("confusion_matrix", (y_true.astype(np.int32), y_pred.astype(np.int32), 2), check=EXACT,
                    name="confusion_matrix: binary labels as int32"))
    y = ints(rng.choice(4, size=12))
    out.append(Case("confusion_matrix", (y, y.copy(), 4), check=EXACT,
                    name="confusion_matrix: every prediction right"))

    # --- accuracy ---------------------------------------------------------------------
    out.append(Case("accuracy", asymmetric_labels(rng, int(rng.integers(15, 30)), 4),
                    name="accuracy: random multi-class labels"))
    y = ints(rng.choice(3, size=9))
    out.append(Case("accuracy", (y, y.copy()), name="accuracy: every prediction right"))
    out.append(Case("accuracy", (ints([1]), ints([0])), name="accuracy: a single, wrong sample"))

    # --- precision_recall_f1 ------------------------------------------------------------
    tp, fp, fn = int(rng.integers(3, 8)), int(rng.integers(1, 3)), int(rng.integers(4, 8))  # precision > recall
    out.append(Case("precision_recall_f1", binary_with(rng, tp, fp, fn, int(rng.integers(3, 8))),
                    name="precision_recall_f1: random binary labels"))
    out.append(Case("precision_recall_f1", binary_with(rng, int(rng.integers(2, 5)), int(rng.integers(5, 9)), 1, 3),
                    name="precision_recall_f1: more false positives than false negatives"))
    out.append(Case("precision_recall_f1", binary_with(rng, 0, 0, int(rng.integers(2, 5)), int(rng.integers(3, 6))),
                    name="precision_recall_f1: no sample predicted positive"))
    out.append(Case("precision_recall_f1", binary_with(rng, 0, int(rng.integers(2, 5)), 0, int(rng.integers(3, 6))),
                    name="precision_recall_f1: no positive labels"))
    out.append(Case("precision_recall_f1", binary_with(rng, 0, 0, 0, int(rng.integers(3, 8))),
                    name="precision_recall_f1: everything negative"))
    out.append(Case("precision_recall_f1", binary_with(rng, 0, int(rng.integers(2, 5)), int(rng.integers(2, 5)), 3),
                    name="precision_recall_f1: no true positive (precision + recall = 0)"))
    out.append(Case("precision_recall_f1", binary_with(rng, int(rng.integers(3, 6)), 0, 0, int(rng.integers(2, 5))),
                    name="precision_recall_f1: every prediction right"))
    out.append(Case("precision_recall_f1", (ints([1]), ints([1])), name="precision_recall_f1: a single true positive"))
    out.append(Case("precision_recall_f1", (ints([1]), ints([0])), name="precision_recall_f1: a single false negative"))

    # --- macro_f1 -----------------------------------------------------------------------
    C = int(rng.integers(3, 5))
    out.append(Case("macro_f1", (*asymmetric_labels(rng, int(rng.integers(25, 40)), C), C),
                    name="macro_f1: random multi-class labels"))
    C = int(rng.integers(5, 8))
    out.append(Case("macro_f1", (*asymmetric_labels(rng, 30, C, classes=np.arange(C - 2)), C),
                    name="macro_f1: the highest classes never occur"))
    # class 1 is only a label (never predicted), class 3 only a prediction (never a label)
    y_true, y_pred = asymmetric_labels(rng, 20, 4, classes=[0, 2])
    y_true[:3], y_pred[3:5] = 1, 3
    out.append(Case("macro_f1", (y_true, y_pred, 4),
                    name="macro_f1: a class only among the labels, one only among the predictions"))
    out.append(Case("macro_f1", (*binary_with(rng, int(rng.integers(3, 7)), 1, int(rng.integers(3, 6)), 4), 2),
                    name="macro_f1: two classes"))
    c = int(rng.integers(0, 3))
    out.append(Case("macro_f1", (ints([c]), ints([c]), 3), name="macro_f1: a single, correct sample"))
    y_true = ints(rng.choice(3, size=8))
    out.append(Case("macro_f1", (y_true, (y_true + 1) % 3, 3), name="macro_f1: every prediction wrong"))

    # --- roc_curve ------------------------------------------------------------------------
    y = both_classes(rng, int(rng.integers(12, 20)), int(rng.integers(4, 8)))
    out.append(Case("roc_curve", (y, scores_without_ties(rng, y)), check=RATES, name="roc_curve: scores without ties"))
    y = both_classes(rng, int(rng.integers(20, 30)), int(rng.integers(8, 14)))
    out.append(Case("roc_curve", (y, scores_with_ties(rng, y)), check=RATES,
                    name="roc_curve: ties between positive and negative scores"))
    y = both_classes(rng, int(rng.integers(5, 9)), int(rng.integers(1, 4)))
    out.append(Case("roc_curve", (y, np.full(y.size, round(float(rng.normal()), 2))), check=RATES,
                    name="roc_curve: all scores tied"))
    y = both_classes(rng, int(rng.integers(12, 18)), int(rng.integers(5, 8)))
    out.append(Case("roc_curve", (y, ints(rng.integers(0, 4, size=y.size) + 2 * y)), check=RATES,
                    name="roc_curve: integer scores"))
    y = ints(rng.permutation([0, 1]))
    out.append(Case("roc_curve", (y, np.round(rng.normal(size=2), 3) + np.array([0.0, 0.5])), check=RATES,
                    name="roc_curve: one sample of each class"))
    n = int(rng.integers(3, 7))
    out.append(Case("roc_curve", (ints(np.ones(n)), np.round(rng.normal(size=n), 3)), raises="ValueError",
                    name="roc_curve: only positive labels"))
    out.append(Case("roc_curve", (ints(np.zeros(n)), np.round(rng.normal(size=n), 3)), raises="ValueError",
                    name="roc_curve: only negative labels"))

    # --- roc_auc ----------------------------------------------------------------------------
    y = both_classes(rng, int(rng.integers(15, 25)), int(rng.integers(5, 10)))
    out.append(Case("roc_auc", (y, scores_without_ties(rng, y)), check=RATES, name="roc_auc: scores without ties"))
    y = both_classes(rng, int(rng.integers(25, 40)), int(rng.integers(10, 15)))
    out.append(Case("roc_auc", (y, scores_with_ties(rng, y)), check=RATES,
                    name="roc_auc: ties between positive and negative scores"))
    y = both_classes(rng, int(rng.integers(4, 9)), int(rng.integers(1, 4)))
    out.append(Case("roc_auc", (y, np.full(y.size, round(float(rng.normal()), 2))), check=RATES,
                    name="roc_auc: all scores tied"))
    y = both_classes(rng, int(rng.integers(14, 20)), int(rng.integers(5, 9)))
    out.append(Case("roc_auc", (y, ints(rng.integers(0, 3, size=y.size) + y)), check=RATES,
                    name="roc_auc: integer scores"))
    y = both_classes(rng, 10, 4)
    out.append(Case("roc_auc", (y, ints(np.where(rng.random(10) < 0.7, y, 1 - y))), check=RATES,
                    name="roc_auc: hard 0/1 predictions as scores"))
    y = both_classes(rng, int(rng.integers(8, 14)), int(rng.integers(3, 6)))
    s = np.round(rng.uniform(0.0, 1.0, size=y.size), 3) + 2.0 * y
    out.append(Case("roc_auc", (y, s), check=RATES, name="roc_auc: perfectly separated (AUC 1)"))
    out.append(Case("roc_auc", (y, -s), check=RATES, name="roc_auc: separated the wrong way round (AUC 0)"))
    y = both_classes(rng, int(rng.integers(8, 14)), 1)
    out.append(Case("roc_auc", (y, scores_without_ties(rng, y) - 1.0), check=RATES, name="roc_auc: a single positive"))
    n = int(rng.integers(3, 7))
    out.append(Case("roc_auc", (ints(np.zeros(n)), np.round(rng.normal(size=n), 3)), raises="ValueError",
                    name="roc_auc: only negative labels"))
    return out


def million_scores(rng, device):
    """A million samples, scores on a 0.001 grid (about 10^4 distinct values, so ties matter):
    the reference takes about 0.1 s on one CPU thread, a vectorised answer 0.8-1.2 times that,
    a Python loop over the sorted samples 2-3 times, a loop over the thresholds about 100 times,
    a pairwise comparison thousands of times."""
    y = rng.integers(0, 2, size=1_000_000)
    s = np.round(rng.normal(loc=1.0 * y, scale=1.5), 3)
    return (y, s), {}


PERF = [
    PerfCase("roc_auc", million_scores, name="roc_auc: speed on a million samples", points=2.0,
             cpu_budget=10.0, cuda_budget=10.0, repetitions=7,
             # AUC of a float32 answer over 10^6 samples: the rates carry ~1e-7, the sum a little more
             check=Check(rtol=1e-5, atol=1e-7)),
]
