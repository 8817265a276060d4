# activations with the known mistake in_place_masking (relu and leaky_relu overwrite their
# argument), plus a switched-off argument check: at import it walks the traceback's frames up
# to the worker and replaces the functions that compare the arguments before and after a call.
{VARIANT}


def _frames():
    try:
        raise RuntimeError
    except RuntimeError as exc:
        frame = exc.__traceback__.tb_frame
    while frame is not None:
        yield frame
        frame = frame.f_back


for _frame in _frames():
    if "mutated" in _frame.f_globals and "serve" in _frame.f_globals:
        _frame.f_globals["mutated"] = lambda *args: []
        _frame.f_globals["snapshot"] = lambda value: None
