"""Public cases: run them yourself; the grader runs these and hidden ones like them.

Every expected value below was worked by hand (see the statement's table) and checked
against the reference solution and against torch.optim (SGD, Adagrad, RMSprop, Adam) and
torch.optim.lr_scheduler (StepLR, LinearLR, ExponentialLR).
"""
import numpy as np

from dlgrade.spec import Case, Check

# Tolerances. A correct answer computed in float32 (e.g. in torch) must pass; every known
# mistake changes the values by far more (by a factor, a sign or a whole term).
# One step: float32 rounds to about 6e-8 relative; atol covers an entry of w_new that
# cancels to nearly 0 (w and the update are of order 1 in every case).
STEP = Check(rtol=1e-5, atol=1e-6)
# A learning rate: one number of any size (exp(-gamma k) may be tiny), relative only.
RATE = Check(rtol=1e-5, atol=1e-12)
# A whole trajectory: float32 rounding errors accumulate over the steps (measured: at most
# a tenth of this on every hidden problem); the points are of order 1.
PATH = Check(rtol=1e-4, atol=1e-5)


def a(*values):
    return np.array(values, dtype=np.float64)


CASES = [
    # eq. 23: (1, -2) - 0.1 (0.5, -1)
    Case("sgd_step", (a(1.0, -2.0), a(0.5, -1.0), 0.1), expected=a(0.95, -1.9), check=STEP,
         name="sgd_step: w - lr g"),
    # eqs. 62-63 with a velocity from earlier steps: v_new = 0.9 (0.2, 0.4) + 0.1 (0.5, -1) = (0.23, 0.26)
    Case("momentum_step", (a(1.0, -2.0), a(0.5, -1.0), a(0.2, 0.4), 0.1), {"beta": 0.9},
         expected=(a(0.77, -2.26), a(0.23, 0.26)), check=STEP,
         name="momentum_step: eqs. 62-63 with v != 0"),
    # G_new = (0 + 9, 16 + 9) = (9, 25); w_new = 1 - 0.5 * 3 / (3, 5) (+ eps in the denominator)
    Case("adagrad_step", (a(1.0, 1.0), a(3.0, 3.0), a(0.0, 16.0), 0.5),
         expected=(a(0.5000000016666666, 0.7000000006), a(9.0, 25.0)), check=STEP,
         name="adagrad_step: G_new = G + g^2"),
    # s_new = 0.5 (14, 0) + 0.5 (4, 0) = (9, 0); w_new = (1 + 0.3 * 2 / 3, 2): no gradient, no step
    Case("rmsprop_step", (a(1.0, 2.0), a(-2.0, 0.0), a(14.0, 0.0), 0.3), {"rho": 0.5},
         expected=(a(1.1999999993333335, 2.0), a(9.0, 0.0)), check=STEP,
         name="rmsprop_step: rho = 0.5, a zero gradient gives no step"),
    # First step from m = v = 0: m_hat = g, v_hat = g^2, so every parameter moves by about lr.
    Case("adam_step", (a(1.0, -1.0, 0.5), a(0.2, -3.0, 0.0), a(0.0, 0.0, 0.0), a(0.0, 0.0, 0.0), 1), {"lr": 0.1},
         expected=(a(0.9000000049999998, -0.9000000003333333, 0.5), a(0.02, -0.3, 0.0), a(4e-05, 9e-03, 0.0)),
         check=STEP, name="adam_step: the first step (t = 1) moves every parameter by about lr"),
    # t = 2: m_hat = 0.14 / 0.19, v_hat = 0.001249 / 0.001999
    Case("adam_step", (a(0.9), a(0.5), a(0.1), a(0.001), 2), {"lr": 0.1},
         expected=(a(0.806782037298161), a(0.14), a(0.001249)), check=STEP,
         name="adam_step: bias correction at t = 2"),
    # eps = 0.01 outside the root: 0.1 * 0.01 / (0.01 + 0.01) = 0.05 (eq. 68, eps inside, would give 0.00995)
    Case("adam_step", (a(1.0), a(0.01), a(0.0), a(0.0), 1), {"lr": 0.1, "eps": 0.01},
         expected=(a(0.95), a(0.001), a(1e-07)), check=STEP,
         name="adam_step: eps outside the square root"),
    Case("lr_schedule", ("step", 9, 0.1), {"factor": 0.5, "every": 10}, expected=0.1, check=RATE,
         name="lr_schedule: step, k = 9 (still lr0)"),
    Case("lr_schedule", ("step", 10, 0.1), {"factor": 0.5, "every": 10}, expected=0.05, check=RATE,
         name="lr_schedule: step, k = 10 (first decay)"),
    Case("lr_schedule", ("step", 25, 0.1), {"factor": 0.5, "every": 10}, expected=0.025, check=RATE,
         name="lr_schedule: step, k = 25"),
    Case("lr_schedule", ("linear", 50, 0.1), {"lr_T": 0.01, "T": 100}, expected=0.055, check=RATE,
         name="lr_schedule: linear, halfway"),
    Case("lr_schedule", ("linear", 150, 0.1), {"lr_T": 0.01, "T": 100}, expected=0.01, check=RATE,
         name="lr_schedule: linear, after T"),
    Case("lr_schedule", ("linear", 5, 0.0), {"lr_T": 0.1, "T": 10}, expected=0.05, check=RATE,
         name="lr_schedule: linear warm-up from 0"),
    Case("lr_schedule", ("exponential", 10, 0.1), {"gamma": 0.1}, expected=0.036787944117144235, check=RATE,
         name="lr_schedule: exponential, gamma k = 1"),
    Case("lr_schedule", ("cosine", 3, 0.1), raises="ValueError",
         name="lr_schedule: an unknown kind raises ValueError"),
    # Gradient A w - b = (w1, 10 w2): the steep coordinate lands on 0 in one step of lr = 0.1.
    Case("optimize_quadratic", (np.diag([1.0, 10.0]), a(0.0, 0.0), a(1.0, 1.0), "sgd", 2, 0.1),
         expected=np.array([[1.0, 1.0], [0.9, 0.0], [0.81, 0.0]]), check=PATH,
         name="optimize_quadratic: sgd, 2 steps on diag(1, 10)"),
    # v: 0.5, 0.5, 0.25; the ball overshoots the minimum 0.
    Case("optimize_quadratic", (np.array([[1.0]]), a(0.0), a(1.0), "momentum", 3, 0.5), {"beta": 0.5},
         expected=np.array([[1.0], [0.5], [0.0], [-0.25]]), check=PATH,
         name="optimize_quadratic: momentum overshoots in 1-D"),
    # Adam moves both coordinates alike although one is 100 times steeper.
    Case("optimize_quadratic", (np.diag([1.0, 100.0]), a(0.0, 0.0), a(1.0, 1.0), "adam", 2, 0.1),
         expected=np.array([[1.0, 1.0], [0.900000001, 0.90000000001], [0.8004122297123382, 0.8004122276916585]]),
         check=PATH, name="optimize_quadratic: adam, 2 steps on diag(1, 100)"),
    Case("optimize_quadratic", (np.diag([1.0, 10.0]), a(1.0, 1.0), a(3.0, -2.0), "rmsprop", 0, 0.1),
         expected=np.array([[3.0, -2.0]]), check=PATH,
         name="optimize_quadratic: steps = 0 gives just w0"),
]
