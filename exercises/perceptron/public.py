"""Public cases: run them yourself; the grader runs these and hidden ones like them."""
from functools import partial

import numpy as np

from dlgrade.spec import Case, Check

# Integer inputs give exact answers; on float inputs the loss and the step are sums of up to 40
# products of order 1, which a correct float32 answer (torch's default) gets within 1e-7 + 1e-5
# |expected| (measured over 200 seeds of the hidden cases). Every known mistake changes a label,
# a set M or a whole term: rtol = atol = 1e-5 accepts the one and rejects the other.
FLOAT32 = Check(rtol=1e-5, atol=1e-5)
Float = partial(Case, check=FLOAT32)  # every case of this exercise is compared with FLOAT32

# The worked example of the statement: three points, one batch step from w = 0, b = 0.
X_EXAMPLE = np.array([[2.0, 1.0], [-1.0, -1.0], [1.0, -2.0]])
Y_EXAMPLE = np.array([1, -1, -1])
W_ZERO = np.zeros(2)

CASES = [
    Float("predict", (np.array([1.0, -1.0]), 0.5, np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.5]])),
          expected=np.array([1, -1, 1]), name="predict: X @ w + b = 0 gives +1"),
    Float("misclassified", (W_ZERO, 0.0, X_EXAMPLE, Y_EXAMPLE),
          expected=np.array([True, True, True]), name="misclassified: w = 0, every point lies on the boundary"),
    Float("misclassified", (np.array([2.0, 4.0]), -1.0, X_EXAMPLE, np.array([1, 1, -1])),
          expected=np.array([False, True, False]), name="misclassified: one wrong label"),
    Float("perceptron_loss", (np.array([2.0, 4.0]), -1.0, X_EXAMPLE, np.array([1, 1, -1])),
          expected=7.0, name="perceptron_loss: eq. 22 on the worked example"),
    Float("perceptron_step", (W_ZERO, 0.0, X_EXAMPLE, Y_EXAMPLE, 1.0),
          expected=(np.array([2.0, 4.0]), -1.0), name="perceptron_step: the worked example"),
    Float("train_perceptron", (X_EXAMPLE, Y_EXAMPLE), expected=(np.array([2.0, 4.0]), -1.0, 1),
          name="train_perceptron: the worked example converges in one step"),
]
