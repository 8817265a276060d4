"""Public cases: run them yourself; the grader runs these and hidden ones like them."""
import numpy as np

from dlgrade.spec import Case, Check

# The values here and in the hidden cases are of order 1 to 20 (sums of up to 27 products of
# standard normal numbers); a correct answer computed in float32 (torch's default) is within 1.3e-6
# + 1e-5 |expected| of the reference (measured over 300 seeds of the hidden cases), every known
# mistake (a flipped kernel, a bias, a channel, a padding side, a dilation or a stride) off by 0.1
# or more.
FLOAT32 = Check(rtol=1e-5, atol=1e-5)

# 4x4 image x[i, j] = 4 i + j and a non-symmetric 2x2 kernel: by hand,
# y[i, j] = x[i, j] + 2 x[i, j+1] - x[i+1, j+1] + 0.5 = 8 i + 2 j - 2.5.
X_RAMP = np.arange(16.0).reshape(1, 1, 4, 4)
W_RAMP = np.array([[[[1.0, 2.0], [0.0, -1.0]]]])

# Two input channels (a ramp and ones) and two filters: filter 0 reads the top-left pixel of
# channel 0 plus twice the bottom-right of channel 1; filter 1 the top-right of channel 0
# minus the top-left of channel 1.
X_TWO = np.stack([np.arange(9.0).reshape(3, 3), np.ones((3, 3))])[None]
W_TWO = np.array([[[[1.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 2.0]]],
                  [[[0.0, 1.0], [0.0, 0.0]], [[-1.0, 0.0], [0.0, 0.0]]]])

CASES = [
    Case("convolve1d", (np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0])),
         expected=np.array([4.0, 13.0, 28.0, 27.0, 18.0]), check=FLOAT32,
         name="convolve1d: the worked example (1, 2, 3) * (4, 5, 6)"),
    Case("convolve1d", (np.array([1.0, 2.0, 3.0, 4.0, 5.0]), np.array([1.0, 0.0, -1.0])),
         expected=np.array([1.0, 2.0, 2.0, 2.0, 2.0, -4.0, -5.0]), check=FLOAT32, name="convolve1d: a difference kernel"),
    Case("cross_correlate1d", (np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 2.0])),
         expected=np.array([5.0, 8.0, 11.0]), check=FLOAT32, name="cross_correlate1d: no flip, x[i] + 2 x[i+1]"),
    Case("cross_correlate1d", (np.array([1.0, 2.0, 3.0, 4.0, 5.0]), np.array([1.0, 0.0, -1.0])),
         expected=np.array([-2.0, -2.0, -2.0]), check=FLOAT32, name="cross_correlate1d: a difference kernel"),
    Case("cross_correlate1d", (np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0])),
         expected=np.array([32.0]), check=FLOAT32, name="cross_correlate1d: kernel as long as the signal"),
    Case("conv2d_forward", (X_RAMP, W_RAMP, np.array([0.5])),
         expected=np.array([[[[-2.5, -0.5, 1.5], [5.5, 7.5, 9.5], [13.5, 15.5, 17.5]]]]),
         check=FLOAT32, name="conv2d_forward: one channel, a non-symmetric 2x2 kernel"),
    Case("conv2d_forward", (np.arange(9.0).reshape(1, 1, 3, 3), np.array([[[[1.0, -1.0], [2.0, 0.0]]]]), np.array([0.0])),
         {"stride": 2, "padding": 1},
         expected=np.array([[[[0.0, 2.0], [-3.0, 13.0]]]]), check=FLOAT32, name="conv2d_forward: padding 1, stride 2"),
    Case("conv2d_forward", (np.arange(25.0).reshape(1, 1, 5, 5), np.array([[[[1.0, 0.0], [0.0, -1.0]]]]), np.array([1.0])),
         {"dilation": 2},
         expected=np.full((1, 1, 3, 3), -11.0), check=FLOAT32, name="conv2d_forward: dilation 2, x[i, j] - x[i+2, j+2] + 1"),
    Case("conv2d_forward", (X_TWO, W_TWO, np.array([0.0, 10.0])),
         expected=np.array([[[[2.0, 3.0], [5.0, 6.0]], [[10.0, 11.0], [13.0, 14.0]]]]),
         check=FLOAT32, name="conv2d_forward: two channels, two filters"),
]
