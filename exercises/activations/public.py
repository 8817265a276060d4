"""Public cases: run them yourself; the grader runs these and hidden ones like them.

Every expected value below is exact to double precision (checked with 50-digit arithmetic).
Tolerances: rtol = 1e-5 and atol = 1e-6 (see the statement: a float32 answer passes, and
sigma(z) (1 - sigma(z)) may round to 0 where the true value is below 1e-16).
"""
import numpy as np

from dlgrade.spec import Case, Check

# Why not the defaults (rtol 1e-6, atol 1e-9): a correct float32 answer (torch) is off by up to
# about 1.4e-7 in absolute terms in 1 - tanh(z)^2 and sigma(1 - sigma), and the lecture's forms
# lose all relative precision where the derivative is tiny (sigma'(40) evaluates to 0, not 4e-18).
# Every known mistake is off by at least 0.01 or gives inf/nan.
CHECK = Check(rtol=1e-5, atol=1e-6)

Z3 = np.array([-2.0, 0.0, 2.0])
Z_ONE = np.array([-1.0, 0.0, 1.0])
Z_SPLIT = np.array([-1.5, 0.0, 2.5])
Z_HUGE = np.array([-1000.0, 0.0, 1000.0])

CASES = [
    Case("activation", ("sigmoid", Z3), expected=np.array([0.11920292202211756, 0.5, 0.8807970779778824]),
         check=CHECK, name="activation: sigmoid at -2, 0, 2"),
    Case("activation_grad", ("sigmoid", Z3), expected=np.array([0.10499358540350652, 0.25, 0.10499358540350652]),
         check=CHECK, name="activation_grad: sigmoid' at -2, 0, 2 (at most 1/4)"),
    Case("activation", ("tanh", Z_ONE), expected=np.array([-0.7615941559557649, 0.0, 0.7615941559557649]),
         check=CHECK, name="activation: tanh at -1, 0, 1"),
    Case("activation_grad", ("tanh", Z_ONE), expected=np.array([0.4199743416140261, 1.0, 0.4199743416140261]),
         check=CHECK, name="activation_grad: tanh' at -1, 0, 1"),
    Case("activation", ("relu", Z_SPLIT), expected=np.array([0.0, 0.0, 2.5]), check=CHECK,
         name="activation: relu at -1.5, 0, 2.5"),
    Case("activation_grad", ("relu", Z_SPLIT), expected=np.array([0.0, 0.0, 1.0]), check=CHECK,
         name="activation_grad: relu'(0) = 0"),
    Case("activation", ("leaky_relu", Z_SPLIT), expected=np.array([-0.015, 0.0, 2.5]), check=CHECK,
         name="activation: leaky_relu at -1.5, 0, 2.5"),
    Case("activation_grad", ("leaky_relu", Z_SPLIT), expected=np.array([0.01, 0.01, 1.0]), check=CHECK,
         name="activation_grad: leaky_relu'(0) = 0.01"),
    Case("activation", ("swish", Z_ONE), expected=np.array([-0.2689414213699951, 0.0, 0.7310585786300049]),
         check=CHECK, name="activation: swish at -1, 0, 1"),
    Case("activation_grad", ("swish", Z_ONE), expected=np.array([0.07232948812851327, 0.5, 0.9276705118714867]),
         check=CHECK, name="activation_grad: swish' at -1, 0, 1"),
    Case("activation", ("softplus", Z_HUGE), expected=np.array([0.0, 0.6931471805599453, 1000.0]), check=CHECK,
         name="activation: softplus at -1000, 0, 1000 stays finite"),
    Case("activation_grad", ("softplus", Z_HUGE), expected=np.array([0.0, 0.5, 1.0]), check=CHECK,
         name="activation_grad: softplus' at -1000, 0, 1000"),
    Case("activation_grad", ("tanh", np.zeros((2, 3))), expected=np.ones((2, 3)), check=CHECK,
         name="activation_grad: a (2, 3) array keeps its shape"),
    Case("activation", ("relu", np.array(-3.0)), expected=np.array(0.0), check=CHECK,
         name="activation: a 0-d array gives a 0-d array"),
    Case("activation", ("softmax", np.array([1.0, 2.0])), raises="ValueError",
         name="activation: an unknown name raises ValueError"),
]
