"""Public cases: run them yourself; the grader runs these and hidden ones like them."""
from functools import partial

from dlgrade.spec import Case, Check

# Sizes are integers: compared exactly (an int, a numpy int or a float with the same value).
Size = partial(Case, check=Check(rtol=0.0, atol=0.0))

CASES = [
    # conv_output_size
    Size("conv_output_size", (5, 3), expected=3,
         name="conv_output_size: eq. 78, a 3x3 filter without padding on a 5x5 input"),
    Size("conv_output_size", (5, 3), {"padding": 1}, expected=5,
         name="conv_output_size: eq. 75, 2k+1 taps with padding k keep the size"),
    Size("conv_output_size", (32, 5), expected=28, name="conv_output_size: a 5x5 filter on a 32x32 image"),
    Size("conv_output_size", (7, 3), {"stride": 2}, expected=3, name="conv_output_size: stride 2 that divides"),
    Size("conv_output_size", (8, 3), {"stride": 2}, expected=3,
         name="conv_output_size: stride 2 that does not divide, the last position is dropped"),
    Size("conv_output_size", (7, 3), {"dilation": 2}, expected=3, name="conv_output_size: dilation 2 spans 5 positions"),
    Size("conv_output_size", (5, 3, 1, 2, 2), expected=2, name="conv_output_size: padding, stride and dilation"),
    Size("conv_output_size", (2, 3), raises="ValueError", name="conv_output_size: the kernel does not fit"),
    Size("conv_output_size", (4, 5), {"stride": 2}, raises="ValueError",
         name="conv_output_size: the kernel sticks out by less than one stride, floor(-1/2) + 1 = 0"),
    # pool_output_size
    Size("pool_output_size", (4, 2), expected=2,
         name="pool_output_size: 2x2 max pooling with stride 2, as in the lecture's example"),
    Size("pool_output_size", (5, 2), expected=2, name="pool_output_size: odd input, the last row is dropped"),
    Size("pool_output_size", (5, 3), {"stride": 1, "padding": 1}, expected=5,
         name="pool_output_size: overlapping 3x3 windows with padding 1"),
    Size("pool_output_size", (5, 2), {"padding": 1}, expected=3,
         name="pool_output_size: padding exactly half the window (2p = k) is allowed"),
    Size("pool_output_size", (4, 2), {"padding": 2}, raises="ValueError",
         name="pool_output_size: padding larger than half the window"),
    # transposed_conv_output_size
    Size("transposed_conv_output_size", (2, 2), {"stride": 2}, expected=4,
         name="transposed_conv_output_size: undoes a 2x2 stride-2 down-sampling"),
    Size("transposed_conv_output_size", (3, 3), {"padding": 1, "stride": 2}, expected=5,
         name="transposed_conv_output_size: 3x3, stride 2, padding 1"),
    Size("transposed_conv_output_size", (3, 3), {"padding": 1, "stride": 2, "output_padding": 1}, expected=6,
         name="transposed_conv_output_size: output_padding picks the even size"),
    Size("transposed_conv_output_size", (3, 3), {"stride": 2, "output_padding": 2}, raises="ValueError",
         name="transposed_conv_output_size: output_padding must be smaller than the stride"),
    # conv_param_count
    Size("conv_param_count", (3, 16, 3), expected=448, name="conv_param_count: 16 3x3 filters on an RGB image"),
    Size("conv_param_count", (3, 16, 3), {"bias": False}, expected=432,
         name="conv_param_count: the slides' count, #filters * #(pixels per filter)"),
    Size("conv_param_count", (3, 8, (3, 5)), expected=368, name="conv_param_count: a 3x5 kernel"),
    # receptive_field
    Size("receptive_field", ([(3, 1, 1), (3, 1, 1)],), expected=5,
         name="receptive_field: the lecture's figure, g_3 sees x_1, ..., x_5"),
    Size("receptive_field", ([],), expected=1, name="receptive_field: no layer, a unit sees itself"),
    Size("receptive_field", ([(2, 2, 1), (3, 1, 1)],), expected=6,
         name="receptive_field: a stride-2 layer doubles what the next kernel covers"),
    Size("receptive_field", ([(3, 1, 1), (3, 1, 2)],), expected=7, name="receptive_field: a dilated second layer"),
    # conv2d_output_shape
    Size("conv2d_output_shape", ((1, 3, 32, 32), 16, 5), expected=(1, 16, 28, 28),
         name="conv2d_output_shape: 16 5x5 filters on one 32x32 RGB image"),
    Size("conv2d_output_shape", ((8, 3, 28, 20), 4, 3), {"padding": 1, "stride": 2}, expected=(8, 4, 14, 10),
         name="conv2d_output_shape: a batch of non-square images, stride 2"),
]
