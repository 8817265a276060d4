"""Public cases: run them yourself; the grader runs these and hidden ones like them.

The worked example of the statement: eight samples with the scores of a classifier,
y = (1, 1, 0, 1, 0, 0, 1, 0), s = (0.9, 0.8, 0.8, 0.6, 0.5, 0.4, 0.4, 0.1); thresholding at 0.5
(s >= 0.5) gives the predictions (1, 1, 1, 1, 1, 0, 0, 0): RP = 3, FP = 2, FN = 1, RN = 2.
"""
import numpy as np

from dlgrade.spec import Case, Check

Y = np.array([1, 1, 0, 1, 0, 0, 1, 0])
S = np.array([0.9, 0.8, 0.8, 0.6, 0.5, 0.4, 0.4, 0.1])
PRED = np.array([1, 1, 1, 1, 1, 0, 0, 0])

# Three classes of which the predictions confuse each one once, and a fourth class that never occurs.
Y3 = np.array([0, 0, 1, 1, 2, 2, 2])
P3 = np.array([0, 1, 1, 2, 2, 2, 0])

EXACT = Check(rtol=0.0)  # counts are integers: any count off by one fails
RATES = Check(rtol=1e-6, atol=1e-7)  # rates in [0, 1]; a float32 answer is within ~1e-7

CASES = [
    Case("confusion_matrix", (Y, PRED, 2), expected=np.array([[2, 2], [1, 3]]), check=EXACT,
         name="confusion_matrix: the worked example, [[RN, FP], [FN, RP]]"),
    Case("confusion_matrix", (Y3, P3, 4),
         expected=np.array([[1, 1, 0, 0], [0, 1, 1, 0], [1, 0, 2, 0], [0, 0, 0, 0]]), check=EXACT,
         name="confusion_matrix: three classes and a fourth that never occurs"),
    Case("accuracy", (Y, PRED), expected=5 / 8, name="accuracy: the worked example, 5/8"),
    Case("precision_recall_f1", (Y, PRED), expected=(3 / 5, 3 / 4, 2 / 3),
         name="precision_recall_f1: the worked example, P = 3/5, R = 3/4, F = 2/3"),
    Case("precision_recall_f1", (np.array([1, 0, 0]), np.array([0, 0, 0])), expected=(0.0, 0.0, 0.0),
         name="precision_recall_f1: nothing predicted positive (0/0 counts as 0)"),
    Case("macro_f1", (Y, PRED, 2), expected=(4 / 7 + 2 / 3) / 2,
         name="macro_f1: the worked example, (4/7 + 2/3) / 2"),
    Case("macro_f1", (Y3, P3, 4), expected=(1 / 2 + 1 / 2 + 2 / 3 + 0) / 4,
         name="macro_f1: an absent fourth class counts with F1 0"),
    Case("roc_curve", (Y, S), check=RATES,
         expected=(np.array([0.0, 0.0, 0.25, 0.25, 0.5, 0.75, 1.0]),
                   np.array([0.0, 0.25, 0.5, 0.75, 0.75, 1.0, 1.0]),
                   np.array([np.inf, 0.9, 0.8, 0.6, 0.5, 0.4, 0.1])),
         name="roc_curve: the worked example"),
    Case("roc_curve", (np.array([0, 1, 1]), np.array([2, 2, 2])), check=RATES,
         expected=(np.array([0.0, 1.0]), np.array([0.0, 1.0]), np.array([np.inf, 2.0])),
         name="roc_curve: all scores tied (integer scores)"),
    Case("roc_curve", (np.array([1, 1, 1]), np.array([0.2, 0.5, 0.7])), raises="ValueError",
         name="roc_curve: only positive labels raise ValueError"),
    Case("roc_auc", (Y, S), expected=0.75, check=RATES, name="roc_auc: the worked example, 12/16"),
    Case("roc_auc", (np.array([0, 1, 1]), np.array([2, 2, 2])), expected=0.5, check=RATES,
         name="roc_auc: all scores tied, 1/2"),
    Case("roc_auc", (np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8])), expected=0.75, check=RATES,
         name="roc_auc: four samples without ties, 3/4"),
]
