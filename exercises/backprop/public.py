"""Public cases: run them yourself; the grader runs these and hidden ones like them.

Two small networks with integer weights:
- the worked example of the statement, built so that every pre-activation is 0, hence every
  activation is 1/2 and sigma' = 1/4: all values are exact and can be checked by hand;
- a network with non-zero pre-activations, three samples and two outputs, so that a missing
  factor 2 (1/2), a mean over the samples (1/3) and a mean over all entries (1/6) give three
  different answers; its expected values are rounded to 12 digits and agree with central
  finite differences of the loss and with torch autograd in float64.
"""
import numpy as np

from dlgrade.spec import Case, Check

# Every value here is of order 0.01 to 3; a correct answer computed in float32 (torch's default)
# is within 1e-6 of it (measured: at most 5e-7 over 200 seeds of the hidden cases), every known
# mistake off by 1e-3 or more: rtol = atol = 1e-5 accepts the one and rejects the other.
FLOAT32 = Check(rtol=1e-5, atol=1e-5)


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

# A small integer network with non-zero pre-activations: n = 3, d = 2, h = 3, k = 2.
X_INT = np.array([[1.0, 0.0], [0.0, -1.0], [1.0, 1.0]])
Y_INT = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
W1_INT = np.array([[1.0, -1.0], [2.0, 1.0], [-1.0, 2.0]])
B1_INT = np.array([1.0, -1.0, 0.0])
W2_INT = np.array([[1.0, -1.0, 2.0], [-2.0, 0.0, 1.0]])
B2_INT = np.array([0.0, 1.0])
Z1_INT = X_INT @ W1_INT.T + B1_INT  # [[2, 1, -1], [2, -2, -2], [1, 2, 1]]
A1_INT = _sigmoid(Z1_INT)
Z2_INT = A1_INT @ W2_INT.T + B2_INT
A2_INT = _sigmoid(Z2_INT)
D2_INT = 2.0 * (A2_INT - Y_INT) * A2_INT * (1.0 - A2_INT)  # input of the hidden_delta case

CASES = [
    Case("forward", (X_EX, W1_EX, B1_EX, W2_EX, B2_EX),
         expected=(Z1_EX, A1_EX, Z2_EX, A2_EX),
         check=FLOAT32, name="forward: worked example, every pre-activation is 0"),
    Case("output_delta", (Z2_EX, A2_EX, Y_EX),
         expected=np.array([[-0.25], [-0.25], [0.25]]),
         check=FLOAT32, name="output_delta: worked example, 2 (a - y) sigma'(z) with sigma'(0) = 1/4"),
    Case("hidden_delta", (D2_EX, W2_EX, Z1_EX, A1_EX),
         expected=np.array([[-0.125, 0.25], [-0.125, 0.25], [0.125, -0.25]]),
         check=FLOAT32, name="hidden_delta: worked example"),
    Case("gradients", (X_EX, Y_EX, W1_EX, B1_EX, W2_EX, B2_EX),
         expected={
             "W1": np.array([[-0.375, 0.0, 0.125], [0.75, 0.0, -0.25]]),
             "b1": np.array([-0.125, 0.25]),
             "W2": np.array([[-0.125, -0.125]]),
             "b2": np.array([-0.25]),
         },
         check=FLOAT32, name="gradients: worked example, summed over the batch"),
    Case("forward", (X_INT, W1_INT, B1_INT, W2_INT, B2_INT),
         expected=(
             np.array([[2.0, 1.0, -1.0], [2.0, -2.0, -2.0], [1.0, 2.0, 1.0]]),
             np.array([[0.880797077978, 0.73105857863, 0.26894142137],
                       [0.880797077978, 0.119202922022, 0.119202922022],
                       [0.73105857863, 0.880797077978, 0.73105857863]]),
             np.array([[0.687621342088, -0.492652734586], [1.0, -0.642391233934], [1.31237865791, 0.26894142137]]),
             np.array([[0.665437573728, 0.379268850587], [0.73105857863, 0.344706197907],
                       [0.787910919202, 0.566833007021]]),
         ),
         check=FLOAT32, name="forward: a small integer network, three samples, two outputs"),
    Case("output_delta", (Z2_INT, A2_INT, Y_INT),
         expected=np.array([[-0.148967539727, 0.178577971843],
                            [0.287469680914, -0.296040554178],
                            [-0.0708832684078, -0.212713885075]]),
         check=FLOAT32, name="output_delta: a small integer network, three samples, two outputs"),
    Case("hidden_delta", (D2_INT, W2_INT, Z1_INT, A1_INT),
         expected=np.array([[-0.0531397191805, 0.029288795976, -0.0234670316736],
                            [0.09234719091, -0.030182472494, 0.02928258578],
                            [0.0697076799075, 0.00744228849525, -0.0696950810441]]),
         check=FLOAT32, name="hidden_delta: a small integer network, three samples, two outputs"),
    Case("gradients", (X_INT, Y_INT, W1_INT, B1_INT, W2_INT, B2_INT),
         expected={
             "W1": np.array([[0.016567960727, -0.0226395110026],
                             [0.0367310844713, 0.0376247609893],
                             [-0.0931621127176, -0.0989776668241]]),
             "b1": np.array([0.108915151637, 0.00654861197724, -0.0638795269376]),
             "W2": np.array([[0.0701724598005, -0.137070547588, -0.0576161373653],
                             [-0.25896700977, -0.0920957092437, -0.142768196]]),
             "b2": np.array([0.0676188727794, -0.33017646741]),
         },
         check=FLOAT32, name="gradients: a small integer network, three samples, two outputs"),
]
