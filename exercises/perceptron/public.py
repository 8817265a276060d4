"""Public cases: run them yourself; the grader runs these and hidden ones like them."""
import numpy as np

from dlgrade.spec import Case

# The worked example of the statement: three points, one batch step from w = 0, b = 0.
X_EXAMPLE = np.array([[2.0, 1.0], [-1.0, -1.0], [1.0, -2.0]])
Y_EXAMPLE = np.array([1, -1, -1])
W_ZERO = np.zeros(2)

CASES = [
    Case("predict", (np.array([1.0, -1.0]), 0.5, np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.5]])),
         expected=np.array([1, -1, 1]), name="predict: X @ w + b = 0 gives +1"),
    Case("misclassified", (W_ZERO, 0.0, X_EXAMPLE, Y_EXAMPLE),
         expected=np.array([True, True, True]), name="misclassified: w = 0, every point lies on the boundary"),
    Case("misclassified", (np.array([2.0, 4.0]), -1.0, X_EXAMPLE, np.array([1, 1, -1])),
         expected=np.array([False, True, False]), name="misclassified: one wrong label"),
    Case("perceptron_loss", (np.array([2.0, 4.0]), -1.0, X_EXAMPLE, np.array([1, 1, -1])),
         expected=7.0, name="perceptron_loss: eq. 22 on the worked example"),
    Case("perceptron_step", (W_ZERO, 0.0, X_EXAMPLE, Y_EXAMPLE, 1.0),
         expected=(np.array([2.0, 4.0]), -1.0), name="perceptron_step: the worked example"),
    Case("train_perceptron", (X_EXAMPLE, Y_EXAMPLE), expected=(np.array([2.0, 4.0]), -1.0, 1),
         name="train_perceptron: the worked example converges in one step"),
]
