"""Public cases: run them yourself; the grader runs these and hidden ones like them."""
import math

import numpy as np

from dlgrade.spec import Case, Check

LN3, LN4 = math.log(3.0), math.log(4.0)

# h and c lie in (-1, 1) or are of order 1: a float32 answer (torch) is within 1e-6 of these values.
STATES = Check(rtol=1e-4, atol=1e-5)


def one_unit(W_f, W_i, W_C, W_o, b_f=0.0, b_i=0.0, b_C=0.0, b_o=0.0):
    """params of a cell with H = 1 hidden unit and D = 1 input: each W is [[w_h, w_x]]."""
    W = {"W_f": W_f, "W_i": W_i, "W_C": W_C, "W_o": W_o}
    params = {k: np.array([v], dtype=float) for k, v in W.items()}
    params.update({k: np.array([v]) for k, v in {"b_f": b_f, "b_i": b_i, "b_C": b_C, "b_o": b_o}.items()})
    return params


# The worked example of the statement, one step by hand with [h_{t-1}, x_t] = [1/2, 1] and c_{t-1} = 2:
#   f = sigma(2 ln 3 * 1/2) = sigma(ln 3) = 3/4,  i = sigma(0) = 1/2,  C~ = tanh(ln 3 * 1) = 4/5,
#   c = 3/4 * 2 + 1/2 * 4/5 = 1.9,  o = sigma(ln 4) = 4/5,  h = 4/5 tanh(1.9).
STEP_PARAMS = one_unit([2 * LN3, 0.0], [0.0, 0.0], [0.0, LN3], [0.0, 0.0], b_o=LN4)

# Three steps where only the candidate reads the input, C~_t = tanh(x_t), and every gate is
# sigma(0) = 1/2: with x = (ln 2, ln 3, 0), C~ = (3/5, 4/5, 0) and from c_0 = 1
#   c_1 = 1/2 + 3/10 = 0.8,  c_2 = 0.4 + 0.4 = 0.8,  c_3 = 0.4 + 0 = 0.4,  h_t = 1/2 tanh(c_t).
MEMORY_PARAMS = one_unit([0.0, 0.0], [0.0, 0.0], [0.0, 1.0], [0.0, 0.0])
MEMORY_X = np.array([[[math.log(2.0)], [LN3], [0.0]]])
MEMORY_C = [0.8, 0.8, 0.4]

# Two samples, H = 2 hidden units, D = 3 inputs; the expected values were computed with
# torch.nn.LSTM holding the same weights (bias_hh = 0) in float64.
TWO = {
    "W_f": np.array([[1.0, 1.6, 1.1, -1.0, -1.4], [0.1, 0.9, 0.5, 1.8, 0.8]]),
    "W_i": np.array([[0.6, -0.7, -1.1, 1.5, 0.0], [0.8, -1.4, -0.4, -1.3, -0.8]]),
    "W_C": np.array([[0.9, -1.5, -0.5, 0.2, -0.7], [-0.3, -0.2, 0.4, -0.4, 0.3]]),
    "W_o": np.array([[0.1, 0.4, 0.2, 1.7, -0.7], [1.2, -0.4, -1.0, 1.2, -0.4]]),
    "b_f": np.array([-0.4, -1.4]), "b_i": np.array([-2.1, 0.6]),
    "b_C": np.array([-1.2, 0.8]), "b_o": np.array([1.8, -0.1]),
}
TWO_H = np.array([[-0.3, -0.1], [-0.5, 0.0]])
TWO_C = np.array([[0.6, -0.2], [-0.6, -0.8]])
TWO_X = np.array([[-1.1, 0.4, 0.8], [-0.3, 0.0, 1.3]])
TWO_SEQ = np.array([[[-0.6, -0.7, -0.5], [1.1, -0.8, 0.9]], [[0.4, 0.1, -0.8], [-0.5, 2.0, 0.1]]])
TWO_SEQ_H = np.array([[[0.15820489548074276, 0.2029171166088244], [0.08124255361082043, 0.04778424835851749]],
                      [[-0.38099076260124176, 0.10205549553001132], [-0.5528509580410208, 0.2371008688064086]]])

# torch.nn.LSTM(1, 2): the gates stacked in torch's order i, f, g, o, so rows 0-1 belong to i,
# 2-3 to f, 4-5 to g (the candidate C~), 6-7 to o. weight_hh[r, k] = 100 + 10 r + k and
# weight_ih[r, 0] = r show where each number goes; the two biases add up to 11 r.
TORCH_IH = np.arange(8.0).reshape(8, 1)
TORCH_HH = 100.0 + 10.0 * np.arange(8.0)[:, None] + np.arange(2.0)[None, :]
TORCH_B_IH, TORCH_B_HH = np.arange(8.0), 10.0 * np.arange(8.0)
TORCH_PARAMS = {
    "W_i": np.array([[100.0, 101.0, 0.0], [110.0, 111.0, 1.0]]),
    "W_f": np.array([[120.0, 121.0, 2.0], [130.0, 131.0, 3.0]]),
    "W_C": np.array([[140.0, 141.0, 4.0], [150.0, 151.0, 5.0]]),
    "W_o": np.array([[160.0, 161.0, 6.0], [170.0, 171.0, 7.0]]),
    "b_i": np.array([0.0, 11.0]), "b_f": np.array([22.0, 33.0]),
    "b_C": np.array([44.0, 55.0]), "b_o": np.array([66.0, 77.0]),
}

CASES = [
    Case("lstm_cell", (np.array([[1.0]]), np.array([[0.5]]), np.array([[2.0]]), STEP_PARAMS),
         expected=(np.array([[0.8 * math.tanh(1.9)]]), np.array([[1.9]])), check=STATES,
         name="lstm_cell: the worked example, one step by hand"),
    Case("lstm_cell", (TWO_X, TWO_H, TWO_C, TWO), check=STATES,
         expected=(np.array([[-0.26205641293971593, 0.10871383172656769], [-0.09361343416949364, -0.004542152582401634]]),
                   np.array([[-0.32431242116879005, 0.15692222323218857], [-0.13738426922142166, -0.015941082575750387]])),
         name="lstm_cell: two samples, H = 2, D = 3"),
    Case("lstm_forward", (MEMORY_X, np.zeros((1, 1)), np.ones((1, 1)), MEMORY_PARAMS), check=STATES,
         expected=(np.array([[[0.5 * math.tanh(c)] for c in MEMORY_C]]), np.array([[0.5 * math.tanh(0.4)]]),
                   np.array([[0.4]])),
         name="lstm_forward: three steps of memory, c = 0.8, 0.8, 0.4"),
    Case("lstm_forward", (TWO_SEQ, TWO_H, TWO_C, TWO), check=STATES,
         expected=(TWO_SEQ_H, TWO_SEQ_H[:, -1],
                   np.array([[0.15400255418912812, 0.6632398379377258], [-0.6276850233189823, 0.2680326877720873]])),
         name="lstm_forward: two sequences of length 2, H = 2, D = 3"),
    Case("params_from_torch", (TORCH_IH, TORCH_HH, TORCH_B_IH, TORCH_B_HH), expected=TORCH_PARAMS,
         check=Check(rtol=1e-6, atol=1e-6),  # small integers: exact in float32 too
         name="params_from_torch: numpy arrays of a torch.nn.LSTM(1, 2)"),
    Case("params_from_torch", (TORCH_IH, TORCH_HH, TORCH_B_IH, TORCH_B_HH, "float32"), harness="lstm_parameters",
         expected=TORCH_PARAMS, check=Check(rtol=1e-6, atol=1e-6),
         name="params_from_torch: the Parameters of the same torch.nn.LSTM(1, 2) (float32, requires_grad)"),
]
