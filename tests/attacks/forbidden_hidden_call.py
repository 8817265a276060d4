# conv2d_forward hands the whole job to a library convolution that the exercise forbids, reached
# in a way the source does not spell out: {WHAT}. convolve1d and cross_correlate1d are correct.
import torch
import torch.nn.functional as F

{CONV2D}

{HELPERS}


def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w, b = (torch.as_tensor(a, dtype=torch.float64) for a in (x, w, b))
    return ({CALL}).detach().numpy()
