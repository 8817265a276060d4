"""The untrusted side: imports the submission and answers calls, nothing more.

Runs inside the sandbox. Its job (the submission's code cells, the exercises' public harness
modules, the routines to watch) arrives as the first frame on the request pipe, so nothing
of it lies on a disk path. It knows no reference, no expected value and no hidden generator;
whatever the student does to this process can only change the student's own answers, which
the parent checks like any other. The parent measures every call's time itself: this
process reports no clock.

Harness modules are loaded before the submission and kept in this function's locals (not
in sys.modules), so a submission cannot swap them by name; their namespaces are put back as
loaded before every call. An audit hook (`guard`) refuses the interpreter's back doors (frames,
gc, code objects, tracing, ctypes) to code compiled from the submission. The parent scans the
source for the same back doors; neither alone is complete, and a harness's verdict stays an
answer from the student's process (see docs/architecture.md, "What the sandbox cannot promise").

Usage: python -I worker.py REQUEST_FD RESPONSE_FD (or `serve` in a forked, isolated process)
"""
import fnmatch
import functools
import importlib.abc
import importlib.util
import linecache
import os
import sys
import traceback
import types

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE]

import wire  # noqa: E402  (the copy beside this file)

SUBMISSION_FILES = ("submission.py", "<cell")
# Audit events that hand out frames, live objects or new code, or reach raw memory: no exercise needs them.
GUARDED_EVENTS = frozenset({"sys._getframe", "sys._current_frames", "sys.settrace", "sys.setprofile", "object.__getattr__",
                            "object.__setattr__", "object.__delattr__", "gc.get_objects", "gc.get_referrers",
                            "gc.get_referents", "code.__new__", "function.__new__", "compile", "exec", "sys.addaudithook"})
# Pure-Python routines that pass those on to their caller (inspect.currentframe, traceback.walk_tb, ...).
RELAYS = ("inspect.py", "traceback.py", "logging/__init__.py", "bdb.py", "pdb.py")


def student_traceback(exc: BaseException) -> str:
    """The traceback trimmed to the student's own frames, with no grader paths."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(SUBMISSION_FILES)]
    lines = traceback.format_list(frames[-6:])
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines)[-4000:]


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
    """Arrays as torch tensors on `device`."""
    import torch

    if isinstance(value, wire.np.ndarray):
        return torch.as_tensor(value, device=device)
    if isinstance(value, (list, tuple)):
        return type(value)(on_device(v, device) for v in value)
    if isinstance(value, dict):
        return {k: on_device(v, device) for k, v in value.items()}
    return value


# ---------------------------------------------------------------- watching forbidden routines


class Recorder:
    """Wraps the routines an exercise forbids and records which ones run during a call.

    Patterns are dotted names (`torch.nn.functional.conv*`, `torch.Tensor.backward`,
    `torch.autograd.*`). A module is wrapped when it is imported (a finder hook), so torch is
    never imported just to watch it. The parent scans the source as well; this catches calls
    that the source hides (getattr with a computed name).
    """

    def __init__(self, patterns: list) -> None:
        self.patterns = [p for p in patterns if isinstance(p, str)]
        self.used = set()
        self.active = False
        self.done = set()

    def install(self) -> None:
        if not self.patterns:
            return
        sys.meta_path.insert(0, _WatchFinder(self))
        for name in list(sys.modules):
            self.patch(name)

    def patch(self, module_name: str) -> None:
        module = sys.modules.get(module_name)
        if module is None or module_name in self.done:
            return
        self.done.add(module_name)
        for pattern in self.patterns:
            parts = pattern.split(".")
            for cut in range(len(parts) - 1, 0, -1):
                if ".".join(parts[:cut]) == module_name:
                    self._wrap_under(module, module_name, parts[cut:])

    def _wrap_under(self, owner, owner_name: str, rest: list) -> None:
        head = rest[0]
        names = [n for n in dir(owner) if fnmatch.fnmatchcase(n, head) and not n.startswith("__")] if "*" in head else [head]
        for name in names:
            try:
                target = getattr(owner, name)
            except Exception:
                continue
            full = f"{owner_name}.{name}"
            if len(rest) > 1:
                if isinstance(target, type):
                    self._wrap_under(target, full, rest[1:])
                continue
            if isinstance(target, types.ModuleType):
                continue
            wrapped = self._wrapped(target, full)
            if wrapped is not None:
                try:
                    setattr(owner, name, wrapped)
                except (AttributeError, TypeError):
                    pass

    def _wrapped(self, target, full: str):
        recorder = self
        if isinstance(target, type):
            init = target.__init__

            def __init__(self, *args, **kwargs):
                if recorder.active:
                    recorder.used.add(full)
                return init(self, *args, **kwargs)

            _look_like(__init__, init)
            try:
                target.__init__ = __init__
            except (AttributeError, TypeError):
                pass
            return None
        if not callable(target):
            return None

        def watched(*args, **kwargs):
            if recorder.active:
                recorder.used.add(full)
            return target(*args, **kwargs)

        return _look_like(watched, target)


def _look_like(wrapper, original):
    """Name and docstring of the original, but no `__wrapped__`: that would lead back around the watch."""
    for attribute in ("__name__", "__qualname__", "__doc__", "__module__"):
        try:
            setattr(wrapper, attribute, getattr(original, attribute))
        except (AttributeError, TypeError):
            pass
    return wrapper


class _WatchFinder(importlib.abc.MetaPathFinder):
    """Lets the normal import happen, then wraps the new module's watched routines."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    def find_spec(self, fullname, path, target=None):
        watched = any(p == fullname or p.startswith(fullname + ".") for p in self.recorder.patterns)
        if not watched:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
                spec.loader = _PatchingLoader(spec.loader, self.recorder)
                return spec
            if spec is not None:
                return spec
        return None


class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, loader, recorder: Recorder) -> None:
        self.loader, self.recorder = loader, recorder

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        self.recorder.patch(module.__name__)


# ---------------------------------------------------------------- the audit hook


def guard(submission_files: tuple = SUBMISSION_FILES, relays: tuple = RELAYS, events: frozenset = GUARDED_EVENTS) -> None:
    """Install an audit hook that refuses guarded events raised by the submission's own code.

    The hook looks at the Python frame that raised the event (or, for a relay such as
    `inspect.currentframe`, its caller). Libraries the submission calls keep working: torch or
    `collections.namedtuple` asking for a frame is not the submission asking. Everything the hook
    needs is bound as default arguments and closure cells, nothing looked up at event time.
    """
    import threading

    state = threading.local()
    getframe = sys._getframe

    def hook(event, args, _events=events, _mine=submission_files, _relays=relays, _state=state, _getframe=getframe):
        if event not in _events and not event.startswith("ctypes."):
            return
        if getattr(_state, "busy", False):
            return
        _state.busy = True
        try:
            frame = _getframe(1)
            name = frame.f_code.co_filename
            caller = frame.f_back
            if name.startswith(_mine) or (name.endswith(_relays) and caller is not None
                                          and caller.f_code.co_filename.startswith(_mine)):
                raise PermissionError(f"not allowed in a submission: {event}")
        finally:
            _state.busy = False

    sys.addaudithook(hook)


# ---------------------------------------------------------------- the submission and the calls


def load_harnesses(sources: dict) -> dict:
    """The exercises' public harness modules, as private module objects (not in sys.modules)."""
    harnesses = {}
    for name, source in sources.items():
        module = types.ModuleType(f"_dlgrade_{name}")
        exec(compile(source, f"<harness {name}>", "exec"), module.__dict__)
        harnesses[name] = module
    return harnesses


def load_submission(cells: list) -> tuple:
    """Execute the cells in order in one module; a failing cell does not stop the rest."""
    module = types.ModuleType("submission")
    module.__file__ = "submission.py"
    sys.modules["submission"] = module
    reports = []
    for cell in cells:
        filename = "submission.py" if len(cells) == 1 else f"<cell {cell['index']}>"
        report = {"index": cell["index"], "ok": True}
        # tracebacks show the student's line
        linecache.cache[filename] = (len(cell["source"]), None, cell["source"].splitlines(True), filename)
        try:
            exec(compile(cell["source"], filename, "exec"), module.__dict__)
        except SyntaxError as exc:
            text = "".join(traceback.format_exception_only(type(exc), exc))[-2000:]
            report.update(ok=False, error={"type": "SyntaxError", "mro": ["SyntaxError"], "message": str(exc.msg),
                                           "line": exc.lineno, "traceback": text})
        except BaseException as exc:  # SystemExit and KeyboardInterrupt too: the rest still runs
            report.update(ok=False, error=describe(exc))
        reports.append(report)
    return module, reports


def restore(module: types.ModuleType, loaded: dict) -> None:
    """The harness's namespace as it was loaded: names the submission rebound or added are undone."""
    namespace = vars(module)
    namespace.clear()
    namespace.update(loaded)


def intact(module: types.ModuleType, loaded: dict) -> bool:
    """Every name of the harness still bound to the object it was loaded with."""
    namespace = vars(module)
    return namespace.keys() == loaded.keys() and all(namespace[k] is v for k, v in loaded.items())


def snapshot(value):
    """Copies of every array inside the arguments (to see afterwards whether one was changed)."""
    if isinstance(value, wire.np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return [snapshot(v) for v in value]
    if isinstance(value, dict):
        return {k: snapshot(v) for k, v in value.items()}
    return None


def changed(before, after) -> bool:
    if isinstance(before, wire.np.ndarray):
        return not (isinstance(after, wire.np.ndarray) and after.shape == before.shape
                    and wire.np.array_equal(after, before, equal_nan=before.dtype.kind in "fc"))
    if isinstance(before, list):
        return not isinstance(after, (list, tuple)) or len(after) != len(before) or any(
            changed(b, a) for b, a in zip(before, after))
    if isinstance(before, dict):
        return not isinstance(after, dict) or any(k not in after or changed(b, after[k]) for k, b in before.items())
    return False


def mutated(args, kwargs, saved_args, saved_kwargs) -> list:
    """Positions and keywords of the array arguments that the call changed."""
    out = [i for i, (a, s) in enumerate(zip(args, saved_args)) if changed(s, a)]
    out += [k for k, s in saved_kwargs.items() if changed(s, kwargs.get(k))]
    return out


def main() -> None:
    serve(int(sys.argv[1]), int(sys.argv[2]))


def serve(request_fd: int, response_fd: int, folder: str = HERE) -> None:
    """Read the job, load the submission, then answer calls until told to exit."""
    if folder not in sys.path:
        sys.path.insert(0, folder)
    read_exact = wire.fd_reader(request_fd)

    write, pack = os.write, wire.pack  # bound before the submission runs: patching os or wire later changes nothing

    def send(message, value=None):
        frame = pack(message, value)
        view = memoryview(frame)
        while view:
            view = view[write(response_fd, view):]

    header, body = wire.read_frame(read_exact, 1 << 30)
    job = wire.decode(header, body)
    harnesses = load_harnesses(job.get("harnesses", {}))
    loaded = {name: dict(vars(harness)) for name, harness in harnesses.items()}
    recorder = Recorder(job.get("watch", []))
    recorder.install()
    guard()
    module, cells = load_submission(job["cells"])
    functions = sorted(n for n, v in vars(module).items() if callable(v) and not n.startswith("__"))
    send({"kind": "ready", "cells": cells, "functions": functions})

    while True:
        try:
            header, body = wire.read_frame(read_exact, 1 << 34)
        except EOFError:
            return
        if header.get("kind") == "exit":
            return
        call_id = header.get("id")
        recorder.used.clear()
        moved = []
        harness = None
        try:
            args, kwargs = wire.decode(header, body)
            fn = getattr(module, header["function"])
            if header.get("harness"):
                module_name, function_name = header["harness"]
                harness = harnesses[module_name]
                restore(harness, loaded[module_name])
                fn = functools.partial(getattr(harness, function_name), fn)
            device = header.get("device") or "cpu"
            if device != "cpu":
                args, kwargs = on_device(args, device), on_device(kwargs, device)
            saved = (snapshot(list(args)), snapshot(dict(kwargs))) if header.get("check_inputs") else None
            recorder.active = True
            try:
                value = fn(*args, **kwargs)
            finally:
                recorder.active = False
            if saved is not None:
                moved = mutated(args, kwargs, *saved)
            if harness is not None and not intact(harness, loaded[module_name]):
                raise RuntimeError("the exercise's check was changed while it ran; the answer does not count")
        except BaseException as exc:  # the student's exception, whatever it is, is their answer
            send({"kind": "error", "id": call_id, "error": describe(exc), "used": sorted(recorder.used)})
            continue
        try:
            send({"kind": "result", "id": call_id, "mutated": moved, "used": sorted(recorder.used)}, value)
        except BaseException as exc:
            send({"kind": "error", "id": call_id, "error": {**describe(exc), "type": "UnencodableAnswer"},
                  "used": sorted(recorder.used)})


if __name__ == "__main__":
    main()
