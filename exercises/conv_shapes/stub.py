"""Exercise: sizes in convolutional networks (lecture: CNN, eqs. 73-79; padding, stride,
dilation, pooling, receptive field, transposed convolution).

Notation: n is the size of the input along one axis (the slides' "Größe"), k the number
of kernel taps along that axis (k = 3 for a 3x3 filter), p the zero padding added on EACH
side, s the stride, d the dilation. All sizes are ints; return ints.

An impossible configuration raises ValueError: a size or kernel size < 1, a stride or
dilation < 1, a negative padding, or an output size < 1 (see the statement for the
pooling and transposed-convolution rules).
"""


def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    """Return the output size of a convolution along one axis.

    The input of size n gets `padding` zeros on each side; the kernel has k taps spaced
    `dilation` apart; it moves by `stride`; only windows that lie entirely inside the
    padded input count. Raise ValueError for an impossible configuration.
    """
    raise NotImplementedError


def pool_output_size(n, k, stride=None, padding=0):
    """Return the output size of a (max or average) pooling layer along one axis.

    The window has size k; `stride` defaults to k (non-overlapping windows). Raise
    ValueError for an impossible configuration, and when 2 * padding > k.
    """
    raise NotImplementedError


def transposed_conv_output_size(n, k, padding=0, stride=1, dilation=1, output_padding=0):
    """Return the output size of a transposed convolution along one axis.

    The size is the one a convolution with the same k, padding, stride and dilation
    would map back to n; output_padding (0 <= output_padding < max(stride, dilation))
    adds to it on one side. Raise ValueError for an impossible configuration.
    """
    raise NotImplementedError


def conv_param_count(in_channels, out_channels, k, bias=True):
    """Return the number of trainable parameters of a 2D convolutional layer.

    k is an int (a k x k kernel) or a (kh, kw) pair. With bias=True every filter
    (output channel) has its own bias. Raise ValueError if a count or size is < 1.
    """
    raise NotImplementedError


def receptive_field(layers):
    """Return the receptive field of one output unit, measured in input positions.

    `layers` is a list of (k, stride, dilation) triples, from the input to the output;
    an empty list gives 1. Raise ValueError if a k, stride or dilation is < 1.
    """
    raise NotImplementedError


def conv2d_output_shape(input_shape, out_channels, k, padding=0, stride=1, dilation=1):
    """Return the output shape (N, out_channels, H_out, W_out) as a tuple of ints.

    input_shape is (N, C, H, W); k, padding, stride and dilation are ints that apply to
    both spatial axes (H and W) alike. Raise ValueError for an impossible configuration.
    """
    raise NotImplementedError
