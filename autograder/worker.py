"""The untrusted side: imports the submission and answers calls, nothing more.

Runs inside the sandbox from a scratch folder that holds this file, wire.py, job.json
(the submission's code cells) and the exercises' public harness modules, if any. It knows no reference, no
expected value and no hidden generator; whatever the student does to this process can
only change the student's own answers, which the parent checks like any other.

Usage: python -I worker.py REQUEST_FD RESPONSE_FD (or `serve` in a forked, isolated process)
"""
import functools
import importlib
import json
import linecache
import os
import sys
import time
import traceback
import types

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE]

import wire  # noqa: E402  (the copy in the scratch folder)

SUBMISSION_FILES = ("submission.py", "<cell")


def student_traceback(exc: BaseException) -> str:
    """The traceback trimmed to the student's own frames, with no grader paths."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(SUBMISSION_FILES)]
    lines = traceback.format_list(frames[-6:])
    lines += traceback.format_exception_only(type(exc), exc)
    text = "".join(lines)
    return text[-4000:]


def describe(exc: BaseException) -> dict:
    return {
        "type": type(exc).__name__,
        "mro": [c.__name__ for c in type(exc).__mro__],
        "message": str(exc)[:1000],
        "errno": getattr(exc, "errno", None) if isinstance(getattr(exc, "errno", None), int) else None,
        "traceback": student_traceback(exc),
        "line": next((f.lineno for f in reversed(traceback.extract_tb(exc.__traceback__))
                      if f.filename.startswith(SUBMISSION_FILES)), None),
    }


def on_device(value, device: str):
    """Arrays as torch tensors on `device` (outside the timed region)."""
    import torch

    if isinstance(value, wire.np.ndarray):
        return torch.as_tensor(value, device=device)
    if isinstance(value, (list, tuple)):
        return type(value)(on_device(v, device) for v in value)
    if isinstance(value, dict):
        return {k: on_device(v, device) for k, v in value.items()}
    return value


def timed_call(fn, args, kwargs, device: str):
    """Call fn and measure only the call: CUDA events with synchronisation on a GPU."""
    if device == "cuda":
        import torch

        args, kwargs = on_device(args, device), on_device(kwargs, device)
        torch.cuda.synchronize()
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        value = fn(*args, **kwargs)
        end.record()
        torch.cuda.synchronize()
        return value, start.elapsed_time(end) / 1000.0
    t0 = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - t0


def load_submission(job: dict) -> tuple[types.ModuleType, list[dict]]:
    """Execute the cells in order in one module; a failing cell does not stop the rest."""
    module = types.ModuleType("submission")
    module.__file__ = "submission.py"
    sys.modules["submission"] = module
    reports = []
    for i, cell in enumerate(job["cells"]):
        filename = "submission.py" if len(job["cells"]) == 1 else f"<cell {cell['index']}>"
        report = {"index": cell["index"], "ok": True}
        linecache.cache[filename] = (len(cell["source"]), None, cell["source"].splitlines(True), filename)  # tracebacks show the line
        try:
            exec(compile(cell["source"], filename, "exec"), module.__dict__)
        except SyntaxError as exc:
            report.update(ok=False, error={"type": "SyntaxError", "mro": ["SyntaxError"], "message": str(exc.msg),
                                           "line": exc.lineno, "traceback": "".join(traceback.format_exception_only(type(exc), exc))[-2000:]})
        except BaseException as exc:  # SystemExit and KeyboardInterrupt too: the rest still runs
            report.update(ok=False, error=describe(exc))
        reports.append(report)
    return module, reports


def main() -> None:
    serve(int(sys.argv[1]), int(sys.argv[2]), HERE)


def serve(request_fd: int, response_fd: int, folder: str) -> None:
    """Load the submission from `folder`/job.json, then answer calls until told to exit."""
    if folder not in sys.path:
        sys.path.insert(0, folder)
    read_exact = wire.fd_reader(request_fd)

    def send(message, value=None):
        frame = wire.pack(message, value)
        view = memoryview(frame)
        while view:
            view = view[os.write(response_fd, view):]

    with open(os.path.join(folder, "job.json"), encoding="utf-8") as f:
        job = json.load(f)
    started = time.perf_counter()
    module, cells = load_submission(job)
    functions = sorted(n for n, v in vars(module).items() if callable(v) and not n.startswith("__"))
    send({"kind": "ready", "cells": cells, "functions": functions, "import_time": time.perf_counter() - started})

    while True:
        try:
            header, body = wire.read_frame(read_exact, 1 << 34)
        except EOFError:
            return
        if header.get("kind") == "exit":
            return
        call_id = header.get("id")
        try:
            args, kwargs = wire.decode(header, body)
            fn = getattr(module, header["function"])
            if header.get("harness"):
                module_name, function_name = header["harness"]  # an exercise's public harness, beside this file
                fn = functools.partial(getattr(importlib.import_module(module_name), function_name), fn)
            value, elapsed = timed_call(fn, args, kwargs, header.get("device") or "cpu")
        except BaseException as exc:  # the student's exception, whatever it is, is their answer
            send({"kind": "error", "id": call_id, "error": describe(exc)})
            continue
        try:
            send({"kind": "result", "id": call_id, "time": elapsed}, value)
        except BaseException as exc:
            send({"kind": "error", "id": call_id, "error": {**describe(exc), "type": "UnencodableAnswer"}})


if __name__ == "__main__":
    main()
