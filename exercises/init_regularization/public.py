"""Public cases: run them yourself; the grader runs these and hidden ones like them.

The random draws of `initialize` are judged by their statistics (mean, std, normal shape,
seeds) on large shapes; those cases are hidden, and the statement says how they are judged.
Every expected value below is a worked example of the statement, checked against torch
(torch.nn.init's fans and stds, torch.nn.functional.dropout's scaling).
"""
import numpy as np

from dlgrade.spec import Case

W = np.array([[1.0, -2.0], [3.0, 0.0]])  # sum w^2 = 14, sum |w| = 6, one exact zero
X = np.array([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]])
KEEP = np.array([[True, False, True, True], [False, True, True, False]])

CASES = [
    # nn.Linear(784, 10) stores its weight as (out, in) = (10, 784).
    Case("fan_in_out", ((10, 784),), expected=(784, 10), name="fan_in_out: a linear layer (out, in) = (10, 784)"),
    # nn.Conv2d(3, 64, 5): every output sees 3 * 5 * 5 = 75 inputs.
    Case("fan_in_out", ((64, 3, 5, 5),), expected=(75, 1600),
         name="fan_in_out: a conv kernel (64, 3, 5, 5), the receptive field counts"),
    # Slides 004: N(0, 1/m) has variance 1/100, so std 0.1.
    Case("init_std", ("xavier", 100), expected=0.1, name="init_std: xavier, m = 100 inputs"),
    Case("init_std", ("xavier", 100, 300), expected=0.1, name="init_std: xavier ignores fan_out"),
    # 2 / (100 + 300) = 1/200.
    Case("init_std", ("glorot", 100, 300), expected=0.07071067811865475, name="init_std: glorot, fans 100 and 300"),
    # 2 / 512 = 1/256.
    Case("init_std", ("he", 512), expected=0.0625, name="init_std: he, m = 512 inputs"),
    Case("init_std", ("glorot", 100), raises="ValueError", name="init_std: glorot without fan_out raises ValueError"),
    # Slides 004: biases are often initialised to 0; "zeros" needs no fans.
    Case("initialize", ((4,), "zeros", 0), expected=np.zeros(4), name="initialize: zeros for a bias of shape (4,)"),
    Case("initialize", ((3, 2), "zeros", 1), expected=np.zeros((3, 2)), name="initialize: zeros for a (3, 2) weight"),
    # alpha / 2 * 14 with alpha = 0.1.
    Case("l2_penalty", (W, 0.1), expected=0.7, name="l2_penalty: alpha = 0.1, sum w^2 = 14"),
    Case("l2_grad", (W, 0.1), expected=np.array([[0.1, -0.2], [0.3, 0.0]]), name="l2_grad: alpha * w"),
    Case("l1_penalty", (W, 0.1), expected=0.6, name="l1_penalty: alpha = 0.1, sum |w| = 6"),
    Case("l1_grad", (W, 0.1), expected=np.array([[0.1, -0.1], [0.1, 0.0]]), name="l1_grad: alpha * sign(w), 0 at w = 0"),
    # p = 0.25 drops a quarter: kept units are scaled by 1 / 0.75 = 4/3.
    Case("dropout_train", (X, KEEP, 0.25), expected=np.array([[4 / 3, 0.0, 4.0, 16 / 3], [0.0, 8.0, 28 / 3, 0.0]]),
         name="dropout_train: inverted, bool mask, p = 0.25"),
    Case("dropout_train", (X, KEEP.astype(np.int64), 0.25),
         expected=np.array([[4 / 3, 0.0, 4.0, 16 / 3], [0.0, 8.0, 28 / 3, 0.0]]),
         name="dropout_train: inverted, 0/1 integer mask, p = 0.25"),
    Case("dropout_train", (X, KEEP, 0.25), {"inverted": False}, expected=np.array([[1.0, 0.0, 3.0, 4.0], [0.0, 6.0, 7.0, 0.0]]),
         name="dropout_train: not inverted, only the mask"),
    Case("dropout_inference", (X, 0.25), expected=X.copy(), name="dropout_inference: inverted, X unchanged"),
    # Weight scaling inference rule (summary 002, 12.5.1): times 1 - p = 0.75, not p.
    Case("dropout_inference", (X, 0.25), {"inverted": False},
         expected=np.array([[0.75, 1.5, 2.25, 3.0], [3.75, 4.5, 5.25, 6.0]]),
         name="dropout_inference: not inverted, scaled by 1 - p = 0.75"),
]
