# Replaces the worker's own functions, in plain sight: imports the worker module by name.
import worker
import wire

{CONV2D}

worker.snapshot = lambda value: None
wire.pack = lambda message, value=None: b""

_fast = conv2d_forward


def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    for _ in range({REPEAT} - 1):
        _fast(x, w, b, stride, padding, dilation)
    return _fast(x, w, b, stride, padding, dilation)
