# A correct conv2d answer {REPEAT} times slower than it needs to be that stops the clocks of the
# time module at import, in plain sight (the source scan sees it).
import time

{CONV2D}

time.perf_counter = lambda: 0.0
time.monotonic = lambda: 0.0
time.process_time = lambda: 0.0
time.time = lambda: 0.0

_fast = conv2d_forward


def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    for _ in range({REPEAT} - 1):
        _fast(x, w, b, stride, padding, dilation)
    return _fast(x, w, b, stride, padding, dilation)
