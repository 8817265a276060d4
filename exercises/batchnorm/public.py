"""Public cases: run them yourself; the grader runs these and hidden ones like them.

The worked example of the statement: a batch of n = 8 samples with d = 2 features whose batch
statistics are whole numbers (means 5 and 2, biased variances 4 and 1), so with eps = 0 every
value is a short binary fraction and can be checked by hand. Further: a single sample, a
variance small enough that eps = 1e-5 matters (the result is +-sqrt(2/7)), the 2-d form of the
same numbers, the running statistics after this batch, and inference with running statistics.
"""
import numpy as np

from dlgrade.spec import Case, Check

# A correct answer computed in float32 (torch's default dtype) is off by about 1e-7 relative
# here; every known mistake by 5 % or more.
FLOAT32 = Check(rtol=1e-4, atol=1e-5)
# A single sample: Y = beta exactly, but computed through 1/sqrt(eps) ~ 316, which multiplies
# float32 rounding (up to ~3e-4 where gamma / sqrt(eps) and beta - mean * gamma / sqrt(eps) are
# folded into one affine map a X + b); the known mistakes give NaN or are off by more than 0.1.
ZERO_VARIANCE = Check(rtol=1e-4, atol=1e-3)

X_EX = np.array([[2.0, 1.0], [4.0, 1.0], [4.0, 1.0], [4.0, 1.0], [5.0, 3.0], [5.0, 3.0], [7.0, 3.0], [9.0, 3.0]])
GAMMA_EX = np.array([0.5, 2.0])
BETA_EX = np.array([1.0, -1.0])
DY_EX = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0], [2.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 2.0]])

# The same 16 numbers per channel as an image batch (N, C, H, W) = (2, 2, 2, 2):
# channel 0 holds the first column of X_EX, channel 1 the second, in another arrangement.
X2D_EX = np.array([
    [[[2.0, 4.0], [4.0, 4.0]], [[1.0, 3.0], [1.0, 3.0]]],
    [[[5.0, 5.0], [7.0, 9.0]], [[3.0, 1.0], [1.0, 3.0]]],
])

CASES = [
    Case("batchnorm_forward", (X_EX, GAMMA_EX, BETA_EX), {"eps": 0.0}, check=FLOAT32,
         expected=np.array([[0.25, -3.0], [0.75, -3.0], [0.75, -3.0], [0.75, -3.0],
                            [1.0, 1.0], [1.0, 1.0], [1.5, 1.0], [2.0, 1.0]]),
         name="batchnorm_forward: worked example, eps = 0"),
    Case("batchnorm_forward", (np.array([[3.0, -1.0, 7.0]]), np.array([2.0, 0.5, -1.0]), np.array([0.5, -2.0, 1.0])),
         check=ZERO_VARIANCE, expected=np.array([[0.5, -2.0, 1.0]]),
         name="batchnorm_forward: a single sample gives beta"),
    Case("batchnorm_forward", (np.array([[0.0], [0.004]]), np.array([1.0]), np.array([0.0])), check=FLOAT32,
         expected=np.array([[-0.5345224838248488], [0.5345224838248488]]),  # -+0.002 / sqrt(4e-6 + 1e-5) = -+sqrt(2/7)
         name="batchnorm_forward: a variance of 4e-6, where eps = 1e-5 matters"),
    Case("batchnorm_backward", (DY_EX, X_EX, GAMMA_EX), {"eps": 0.0}, check=FLOAT32,
         expected=(
             np.array([[0.21875, 0.0], [-0.09375, 2.0], [-0.34375, 0.0], [-0.09375, -2.0],
                       [0.375, -1.5], [-0.125, 0.5], [0.0625, -1.5], [0.0, 2.5]]),
             np.array([2.0, 3.0]),
             np.array([4.0, 3.0]),
         ),
         name="batchnorm_backward: worked example, eps = 0"),
    Case("batchnorm_backward", (np.array([[1.5, -2.0, 0.5]]), np.array([[3.0, -1.0, 7.0]]), np.array([2.0, 0.5, -1.0])),
         check=FLOAT32, expected=(np.zeros((1, 3)), np.zeros(3), np.array([1.5, -2.0, 0.5])),
         name="batchnorm_backward: a single sample, dX = 0 and dbeta = dY"),
    Case("batchnorm2d_forward", (X2D_EX, GAMMA_EX, BETA_EX), {"eps": 0.0}, check=FLOAT32,
         expected=np.array([
             [[[0.25, 0.75], [0.75, 0.75]], [[-3.0, 1.0], [-3.0, 1.0]]],
             [[[1.0, 1.0], [1.5, 2.0]], [[1.0, -3.0], [-3.0, 1.0]]],
         ]),
         name="batchnorm2d_forward: the worked example as images, eps = 0"),
    Case("update_running_stats", (np.array([0.0, 0.0]), np.array([1.0, 1.0]), X_EX), check=FLOAT32,
         expected=(np.array([0.5, 0.2]), np.array([1.3571428571428572, 1.0142857142857142])),  # 0.9 + 0.1 * (32/7, 8/7)
         name="update_running_stats: after the worked example's batch, momentum 0.1"),
    Case("batchnorm_inference", (np.array([[6.0, 0.0], [3.0, 4.0]]), GAMMA_EX, BETA_EX, np.array([5.0, 2.0]),
                                 np.array([4.0, 1.0])), {"eps": 0.0}, check=FLOAT32,
         expected=np.array([[1.25, -5.0], [0.5, 3.0]]),
         name="batchnorm_inference: running mean (5, 2) and variance (4, 1), eps = 0"),
]
