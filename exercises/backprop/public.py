"""Public cases: run them yourself; the grader runs these and hidden ones like them.

Two small networks with integer weights:
- the worked example of the statement, built so that every pre-activation is 0, hence every
  activation is 1/2 and sigma' = 1/4: all values are exact and can be checked by hand;
- a network with non-zero pre-activations; its expected values are rounded to 10 digits and
  were checked against the exact symbolic derivative of the loss.
"""
import numpy as np

from dlgrade.spec import Case


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# Worked example (statement): n = 3 samples, d = 3 inputs, h = 2 hidden units, k = 1 output.
X_EX = np.array([[1.0, 2.0, 1.0], [2.0, 1.0, 0.0], [0.0, 3.0, 2.0]])
Y_EX = np.array([[1.0], [1.0], [0.0]])
W1_EX = np.array([[1.0, 1.0, 0.0], [2.0, 1.0, 1.0]])
B1_EX = np.array([-3.0, -5.0])
W2_EX = np.array([[2.0, -4.0]])
B2_EX = np.array([1.0])
Z1_EX, A1_EX = np.zeros((3, 2)), np.full((3, 2), 0.5)
Z2_EX, A2_EX = np.zeros((3, 1)), np.full((3, 1), 0.5)
D2_EX = np.array([[-0.25], [-0.25], [0.25]])

# A small integer network with non-zero pre-activations: n = 2, d = 2, h = 3, k = 1.
X_INT = np.array([[1.0, 0.0], [0.0, -1.0]])
Y_INT = np.array([[1.0], [0.0]])
W1_INT = np.array([[1.0, -1.0], [0.0, 1.0], [-1.0, 2.0]])
B1_INT = np.array([0.0, 1.0, -1.0])
W2_INT = np.array([[1.0, -1.0, 2.0]])
B2_INT = np.array([0.0])
Z1_INT = X_INT @ W1_INT.T + B1_INT  # [[1, 1, -2], [1, 0, -3]]
A1_INT = _sigmoid(Z1_INT)
Z2_INT = A1_INT @ W2_INT.T + B2_INT
A2_INT = _sigmoid(Z2_INT)
D2_INT = 2.0 * (A2_INT - Y_INT) * A2_INT * (1.0 - A2_INT)  # input of the hidden_delta case

CASES = [
    Case("forward", (X_EX, W1_EX, B1_EX, W2_EX, B2_EX),
         expected=(Z1_EX, A1_EX, Z2_EX, A2_EX),
         name="forward: worked example, every pre-activation is 0"),
    Case("output_delta", (Z2_EX, A2_EX, Y_EX),
         expected=np.array([[-0.25], [-0.25], [0.25]]),
         name="output_delta: worked example, 2 (a - y) sigma'(z) with sigma'(0) = 1/4"),
    Case("hidden_delta", (D2_EX, W2_EX, Z1_EX, A1_EX),
         expected=np.array([[-0.125, 0.25], [-0.125, 0.25], [0.125, -0.25]]),
         name="hidden_delta: worked example"),
    Case("gradients", (X_EX, Y_EX, W1_EX, B1_EX, W2_EX, B2_EX),
         expected={
             "W1": np.array([[-0.375, 0.0, 0.125], [0.75, 0.0, -0.25]]),
             "b1": np.array([-0.125, 0.25]),
             "W2": np.array([[-0.125, -0.125]]),
             "b2": np.array([-0.25]),
         },
         name="gradients: worked example, summed over the batch"),
    Case("forward", (X_INT, W1_INT, B1_INT, W2_INT, B2_INT),
         expected=(
             np.array([[1.0, 1.0, -2.0], [1.0, 0.0, -3.0]]),
             np.array([[0.7310585786, 0.7310585786, 0.1192029220], [0.7310585786, 0.5, 0.04742587318]]),
             np.array([[0.2384058440], [0.3259103250]]),
             np.array([[0.5593207573], [0.5807639645]]),
         ),
         name="forward: a small integer network"),
    Case("output_delta", (Z2_INT, A2_INT, Y_INT),
         expected=np.array([[-0.2172381629], [0.2828055470]]),
         name="output_delta: the 2-layer sigmoid network's deltas on a small integer example"),
    Case("hidden_delta", (D2_INT, W2_INT, Z1_INT, A1_INT),
         expected=np.array([[-0.04271161519, 0.04271161519, -0.04561722723],
                            [0.05560294533, -0.07070138675, 0.02555241993]]),
         name="hidden_delta: the 2-layer sigmoid network's deltas on a small integer example"),
    Case("gradients", (X_INT, Y_INT, W1_INT, B1_INT, W2_INT, B2_INT),
         expected={
             "W1": np.array([[-0.04271161519, -0.05560294533],
                             [0.04271161519, 0.07070138675],
                             [-0.04561722723, -0.02555241993]]),
             "b1": np.array([0.01289133014, -0.02798977156, -0.02006480729]),
             "W2": np.array([[0.04793359859, -0.01741104912, -0.01248312379]]),
             "b2": np.array([0.06556738406]),
         },
         name="gradients: a small integer network"),
]
