# A conv2d answer that returns at once: an object whose __array__ does the slow work ({REPEAT}
# times what is needed) only when the worker converts the answer, after the function returned.
{CONV2D}

_fast = conv2d_forward


class Lazy:
    def __init__(self, args):
        self.args = args

    def __array__(self, dtype=None, copy=None):
        for _ in range({REPEAT} - 1):
            _fast(*self.args)
        out = _fast(*self.args)
        return out if dtype is None else out.astype(dtype)


def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    return Lazy((x, w, b, stride, padding, dilation))
