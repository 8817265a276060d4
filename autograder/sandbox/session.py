"""The parent's side of the sandbox: a session with one untrusted worker.

A `WorkerSession` starts the worker through `jail.py` (or forks it from the warm
`forkserver`), hands it its job over a pipe, waits for it to import the submission, and then
sends it calls one at a time. Every way a call can end (answer, exception, timeout, a limit,
death, garbage on the wire) comes back as a `CallOutcome`; nothing the worker does raises in
the parent, and every wait has a deadline.
"""
from __future__ import annotations

import json
import math
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog import SOLUTIONS, STATE_DIR
from ..i18n import t
from . import activity, waiting, wire
from .cgroup import Cgroup
from .cpuwatch import CpuWatch
from .limits import Limits, cuda_present, interpreter_paths, worker_env

HERE = Path(__file__).resolve().parent


@dataclass
class CallOutcome:
    """How one call ended. `status`: ok, error, timeout, memory, cpu, output, crash, garbage.

    `seconds` is the parent's wall clock from sending the call until the whole answer had
    arrived; `cpu_seconds` the CPU time the worker's cgroup used meanwhile (None without a
    cgroup). Both are measured here, never reported by the worker. `mutated` lists the
    positions/keywords of array arguments the call changed, `used` the watched routines it ran.
    """

    status: str
    value: Any = None
    error: dict | None = None
    seconds: float = 0.0
    cpu_seconds: float | None = None
    detail: dict = field(default_factory=dict)  # why, in every language (texts.t)
    mutated: list = field(default_factory=list)
    used: list = field(default_factory=list)


@dataclass
class StartInfo:
    ok: bool
    reason: dict | str = ""  # why the submission could not be loaded (timeout, crash, ...)
    status: str = "ok"
    cells: list[dict] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)


SCRATCH_PREFIX = "dlgrade-sandbox-"


class OutputBuffer:
    """The student's stdout and stderr: the first `cap` bytes kept, the rest counted and dropped.

    The worker writes into a pipe, never a file, so printing more than any limit neither
    fails its writes nor fills a disk: the program goes on and the report says it was cut.
    """

    def __init__(self, cap: int) -> None:
        self.cap, self.head, self.total = cap, bytearray(), 0

    def add(self, chunk: bytes) -> None:
        self.total += len(chunk)
        room = self.cap - len(self.head)
        if room > 0:
            self.head += chunk[:room]

    @property
    def truncated(self) -> bool:
        return self.total > len(self.head)


class WorkerSession:
    """One sandboxed worker process holding one imported submission.

    Every wait has a deadline: requests are written to a non-blocking pipe, answers read with
    select, and a worker that stops reading or answering becomes a timeout, never a hang.
    """

    def __init__(self, cells: list[dict], limits: Limits, harnesses: dict[str, Path] | None = None,
                 hide: list[str] = (), forkserver=None, watch: list[str] = ()) -> None:
        self.cells = cells
        self.forkserver = forkserver  # a ForkServer: workers fork from a warm process instead of starting Python
        self.limits = limits
        self.harnesses = harnesses or {}
        self.watch = list(watch)
        self.extra_hide = list(hide)
        self.layers: dict = {}
        self.proc: subprocess.Popen | None = None
        self.cgroup: Cgroup | None = None
        self.scratch: Path | None = None
        self.output_buffer = OutputBuffer(limits.output_bytes)
        self._out_r: int | None = None
        self._next_id = 0
        self._watch: CpuWatch | None = None  # the running call's CPU time limit, where one applies (or an import's idling)

    # ------------------------------------------------------------ lifecycle

    def _prepare_scratch(self) -> Path:
        """The worker's code only: its job (the student's cells, harnesses) comes over the pipe."""
        scratch = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-"))
        shutil.copy(HERE / "worker.py", scratch / "worker.py")
        shutil.copy(HERE / "wire.py", scratch / "wire.py")
        uid = self.limits.sandbox_uid()
        if uid is not None:
            for p in [scratch, *scratch.iterdir()]:
                os.chown(p, uid, uid)
        scratch.chmod(0o700)
        return scratch

    def _job(self) -> bytes:
        harnesses = {name: Path(path).read_text(encoding="utf-8") for name, path in self.harnesses.items()}
        return wire.pack({"kind": "job"}, {"cells": self.cells, "harnesses": harnesses, "watch": self.watch})

    def _jail_config(self, status_fd: int, request_fd: int, response_fd: int) -> dict:
        limits, uid = self.limits, self.limits.sandbox_uid()
        keep = [{"path": p, "writable": False} for p in interpreter_paths()]
        keep.append({"path": str(self.scratch), "writable": True})
        # The worker's root holds only the system, the interpreter and scratch; these are the
        # secrets that could still be inside a kept folder (e.g. solutions/ in site-packages).
        hide = [str(SOLUTIONS), str(STATE_DIR), *self.extra_hide, *limits.hide]
        rlimits = {"cpu": limits.cpu_seconds, "fsize": limits.file_bytes, "nofile": limits.open_files, "core": 0}
        if uid is not None:
            rlimits["nproc"] = limits.processes
        if not cuda_present():
            rlimits["as"] = limits.memory_bytes
        env = {**worker_env(), "HOME": str(self.scratch), "TMPDIR": str(self.scratch)}
        return {
            "status_fd": status_fd,
            "cgroup_procs": self.cgroup.procs if self.cgroup else [],
            "namespaces": list(limits.namespaces),
            "hide": sorted(set(hide)),
            "keep": keep,
            "scratch": str(self.scratch),
            "scratch_size": limits.scratch_bytes,
            "scratch_inodes": limits.scratch_inodes,
            "rlimits": rlimits,
            "uid": uid,
            "gid": uid,
            "python": sys.executable,
            "must_read": [sys.executable, *interpreter_paths()],
            "argv": [sys.executable, "-I", str(self.scratch / "worker.py"), str(request_fd), str(response_fd)],
            "env": env,
        }

    def start(self) -> StartInfo:
        """Start a fresh worker, hand it its job and wait until the submission is imported."""
        self.stop()
        self.scratch = self._prepare_scratch()
        self.cgroup = Cgroup(f"w{os.getpid()}-{time.monotonic_ns()}", self.limits)
        req_r, self._req_w = os.pipe()
        self._resp_r, resp_w = os.pipe()
        status_r, status_w = os.pipe()
        self._out_r, out_w = os.pipe()
        config = self._jail_config(status_w, req_r, resp_w)
        try:
            self.proc = self._launch(config, req_r, resp_w, status_w, out_w)
        except BaseException:  # e.g. a fork server that died (Ctrl-C while it started): no pipe left open
            for fd in (self._req_w, self._resp_r, status_r, self._out_r):
                os.close(fd)
            self._out_r = None
            raise
        finally:
            for fd in (req_r, resp_w, status_w, out_w):
                os.close(fd)
        os.set_blocking(self._req_w, False)
        os.set_blocking(self._out_r, False)
        report = self._read_status(status_r)
        self.layers = report.get("layers", {}) if isinstance(report.get("layers"), dict) else {}
        if "error" in report:
            self.stop()
            return StartInfo(False, t("internal", detail=f"sandbox set-up failed: {report['error']}"), status="internal")
        deadline = time.monotonic() + self.limits.import_timeout
        failure = self._send_or_fail(self._job(), deadline, time.monotonic())
        header: dict = {}
        if failure is None:
            if activity.admitted() and self.cgroup is not None:  # a batch starts another job while this import sleeps
                self._watch = self._cpu_watch()
            try:
                header, _, failure = self._receive(deadline)
            finally:
                self._watch = None
        if failure:
            if failure.status == "timeout":
                failure.detail = t("d_import_timeout", seconds=self.limits.import_timeout)
            self.stop()
            return StartInfo(False, failure.detail, status=failure.status)
        ready = _ready_report(header)
        if ready is None:
            self.stop()
            return StartInfo(False, t("garbage", detail=t("d_bad_frame")), status="garbage")
        cells, functions = ready
        return StartInfo(True, cells=cells, functions=functions)

    def _launch(self, config: dict, req_r: int, resp_w: int, status_w: int, out_w: int):
        """The launcher with the worker's pipe ends: forked from the warm server, or a fresh jail.py."""
        if self.forkserver is None:
            return subprocess.Popen(
                [sys.executable, "-I", "-S", str(HERE / "jail.py"), json.dumps(config)],
                stdin=subprocess.DEVNULL, stdout=out_w, stderr=subprocess.STDOUT,
                pass_fds=(req_r, resp_w, status_w), cwd="/",
            )
        exit_r, exit_w = os.pipe()
        try:
            return self.forkserver.spawn(config, {
                "request": req_r, "response": resp_w, "status": status_w, "exit": exit_w,
                "output": out_w, "exit_reader": exit_r})
        except BaseException:
            os.close(exit_r)
            raise
        finally:
            os.close(exit_w)

    def _read_status(self, fd: int) -> dict:
        data = b""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if not waiting.ready([fd], timeout=deadline - time.monotonic())[0]:
                break
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            data += chunk
        os.close(fd)
        try:
            report = json.loads(data) if data else {"error": "the launcher ended before reporting"}
        except ValueError:
            return {"error": "unreadable launcher report"}
        return report if isinstance(report, dict) else {"error": "unreadable launcher report"}

    def stop(self) -> None:
        """Kill the worker and everything it started, and clean up its scratch folder."""
        if self.proc is not None:
            self._drain_output()
            if self.proc.poll() is None:
                # SIGTERM lets the launcher kill and reap the worker (the namespace's init);
                # SIGKILL would leave that reaping to whatever init the machine has.
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
            self.proc.wait()
            self.proc = None
            for fd in (self._req_w, self._resp_r, self._out_r):
                try:
                    os.close(fd)
                except (OSError, TypeError):
                    pass
            self._out_r = None
        if self.cgroup is not None:
            self.cgroup.kill_all()
            self.cgroup.remove()
            self.cgroup = None
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def close(self) -> None:
        self.stop()

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    # ------------------------------------------------------------ the pipes

    def _drain_output(self) -> None:
        """Move whatever the worker printed into the output buffer (never blocks)."""
        while self._out_r is not None:
            try:
                chunk = os.read(self._out_r, 1 << 16)
            except BlockingIOError:
                return
            except OSError:
                chunk = b""
            if not chunk:
                os.close(self._out_r)
                self._out_r = None
                return
            self.output_buffer.add(chunk)

    def _wait(self, deadline: float, write: bool = False) -> bool:
        """Until the request pipe is writable (or the response readable); drains output meanwhile."""
        try:
            return self._wait_watched(deadline, write)
        finally:
            activity.report(sleeping=False)  # the grader works on what arrived, or on a stopped call

    def _wait_watched(self, deadline: float, write: bool) -> bool:
        target = self._req_w if write else self._resp_r
        while True:
            wait = deadline - time.monotonic()
            if wait <= 0 or (self._watch is not None and self._watch.over()):
                raise TimeoutError
            if self._watch is not None:
                activity.report(sleeping=self._watch.quiet)
            wait = min(wait, self._watch.pause() if self._watch is not None else waiting.SLICE)  # signals handled meanwhile
            readers = [self._out_r] if self._out_r is not None else []
            if not write:
                readers.append(self._resp_r)
            ready_r, ready_w, _ = select.select(readers, [target] if write else [], [], wait)
            if self._out_r is not None and self._out_r in ready_r:
                self._drain_output()
            if (write and ready_w) or (not write and self._resp_r in ready_r):
                return True

    def _send(self, frame: bytes, deadline: float) -> None:
        view = memoryview(frame)
        while view:
            self._wait(deadline, write=True)
            try:
                view = view[os.write(self._req_w, view[: 1 << 16]):]
            except BlockingIOError:
                continue

    def _send_or_fail(self, frame: bytes, deadline: float, started: float) -> CallOutcome | None:
        try:
            self._send(frame, deadline)
        except TimeoutError:
            self.stop()
            return CallOutcome("timeout", seconds=time.monotonic() - started)
        except OSError:  # a broken pipe: the worker is gone
            return self._death(started)
        return None

    def _receive(self, deadline: float) -> tuple[dict, bytes, CallOutcome | None]:
        started = time.monotonic()

        def read_exact(n: int) -> bytes:
            chunks, left = [], n
            while left:
                self._wait(deadline)
                chunk = os.read(self._resp_r, min(left, 1 << 20))
                if not chunk:
                    raise EOFError
                chunks.append(chunk)
                left -= len(chunk)
            return b"".join(chunks)

        try:
            header, body = wire.read_frame(read_exact, self.limits.answer_bytes)
            return header, body, None
        except TimeoutError:
            self.stop()
            return {}, b"", CallOutcome("timeout", seconds=time.monotonic() - started)
        except EOFError:
            return {}, b"", self._death(started)
        except wire.WireError as exc:
            self.stop()
            return {}, b"", CallOutcome("garbage", seconds=time.monotonic() - started, detail=t("d_wire", what=exc))

    # ------------------------------------------------------------ calls

    def _cpu_watch(self, limit: float = math.inf) -> CpuWatch | None:
        """A watch on the worker's CPU time from now on (None without accounting); no limit: only whether it idles."""
        return CpuWatch.start(self.cgroup.cpu_seconds, limit, self.cgroup.waiting_seconds, lambda: self.output_buffer.total)

    @property
    def measures_cpu(self) -> bool:
        """Whether a call's CPU time is accounted (a cgroup with CPU accounting), so `cpu_timeout` applies."""
        return self.cgroup is not None and self.cgroup.cpu_seconds() is not None

    def call(self, function: str, args: tuple, kwargs: dict, harness: tuple[str, str] | None = None,
             timeout: float | None = None, device: str = "cpu", check_inputs: bool = False,
             cpu_timeout: float | None = None) -> CallOutcome:
        """One call, timed by this process: from sending it until its whole answer has arrived.

        `timeout` is the wall-clock limit; `cpu_timeout` (where `measures_cpu`) also stops the call
        once the worker's cgroup has used that much CPU time in it, or once it has idled past that
        many seconds (`cpuwatch.py`): a loop or a sleep is stopped after the same time however
        loaded the machine is.
        """
        if not self.alive:
            return CallOutcome("crash", detail=t("d_not_running"))
        try:
            return self._call(function, args, kwargs, harness, timeout, device, check_inputs, cpu_timeout)
        finally:
            self._watch = None

    def _call(self, function: str, args: tuple, kwargs: dict, harness: tuple[str, str] | None,
              timeout: float | None, device: str, check_inputs: bool, cpu_timeout: float | None) -> CallOutcome:
        self._next_id += 1
        timeout = timeout or self.limits.call_timeout
        frame = wire.pack({"kind": "call", "id": self._next_id, "function": function, "check_inputs": check_inputs,
                           "harness": list(harness) if harness else None, "device": device},
                          (tuple(args), dict(kwargs)))
        cpu_before = self.cgroup.cpu_seconds() if self.cgroup else None
        started = time.monotonic()
        failure = self._send_or_fail(frame, started + timeout, started)
        header: dict = {}
        body = b""
        if failure is None:
            if cpu_timeout and self.cgroup is not None:  # from here on: waiting for a big call to arrive is no idling
                self._watch = self._cpu_watch(cpu_timeout)
            header, body, failure = self._receive(started + timeout)
        elapsed = time.monotonic() - started
        if failure:
            if failure.status == "timeout":
                watched = self._watch is not None and (self._watch.spent or self._watch.idle)
                failure.detail = t("d_call_timeout", seconds=cpu_timeout if watched else timeout)
            return failure
        cpu_after = self.cgroup.cpu_seconds() if self.cgroup else None
        cpu = cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None
        if header.get("id") != self._next_id or header.get("kind") not in ("result", "error"):
            self.stop()
            return CallOutcome("garbage", seconds=elapsed, detail=t("d_out_of_turn"))
        used = _strings(header.get("used"))
        if header["kind"] == "error":
            error = header.get("error") if isinstance(header.get("error"), dict) else {}
            return CallOutcome("error", error=_clean_error(error), seconds=elapsed, cpu_seconds=cpu, used=used)
        try:
            value = wire.decode(header, body, self.limits.answer_elements)
        except wire.WireError as exc:  # whoever wrote this frame, the worker cannot be trusted to answer the next call
            self.stop()
            return CallOutcome("garbage", seconds=elapsed, detail=t("d_wire", what=exc))
        mutated = header.get("mutated") if isinstance(header.get("mutated"), list) else []
        mutated = [m for m in mutated if (type(m) is int and 0 <= m < len(args)) or (isinstance(m, str) and m in kwargs)]
        return CallOutcome("ok", value=value, seconds=elapsed, cpu_seconds=cpu, mutated=mutated, used=used)

    def _death(self, started: float) -> CallOutcome:
        """Why the worker died: a limit, a signal, or the submission ending the process."""
        proc = self.proc
        try:
            code = proc.wait(timeout=10) if proc is not None else None
        except subprocess.TimeoutExpired:  # it closed its pipes but goes on running
            code = None
        memory = self.cgroup is not None and self.cgroup.hit_memory_limit()
        self.stop()
        elapsed = time.monotonic() - started
        if memory:
            return CallOutcome("memory", seconds=elapsed, detail=t("d_memory", mib=self.limits.memory_bytes >> 20))
        sig = code - 128 if code is not None and code > 128 else (-code if code is not None and code < 0 else None)
        if sig == signal.SIGXCPU:
            return CallOutcome("cpu", seconds=elapsed, detail=t("d_cpu", seconds=self.limits.cpu_seconds))
        if sig == signal.SIGXFSZ:
            return CallOutcome("output", seconds=elapsed, detail=t("d_output", mib=self.limits.file_bytes >> 20))
        if sig is not None and sig in signal.Signals._value2member_map_:
            return CallOutcome("crash", seconds=elapsed, detail=t("d_signal", signal=signal.Signals(sig).name))
        return CallOutcome("crash", seconds=elapsed, detail=t("d_exit", code=code))

    def output(self) -> tuple[str, int]:
        """The student's captured stdout/stderr (its first part) and its full size in bytes."""
        self._drain_output()
        return self.output_buffer.head.decode("utf-8", "replace"), self.output_buffer.total


def _strings(value, limit: int = 64) -> list[str]:
    return [v[:200] for v in value if isinstance(v, str)][:limit] if isinstance(value, list) else []


def _ready_report(header: dict) -> tuple[list[dict], list[str]] | None:
    """The worker's "ready" frame as plain, bounded data, or None when it is not one."""
    cells, functions = header.get("cells"), header.get("functions")
    if header.get("kind") != "ready" or not isinstance(cells, list) or not isinstance(functions, list):
        return None
    if not all(isinstance(f, str) for f in functions) or not all(isinstance(c, dict) for c in cells):
        return None
    clean = []
    for cell in cells[:10_000]:
        index, ok = cell.get("index"), cell.get("ok")
        if type(index) is not int or not isinstance(ok, bool):
            return None
        error = cell.get("error")
        clean.append({"index": index, "ok": ok, **({"error": _clean_error(error)} if isinstance(error, dict) else {})})
    return clean, [f[:200] for f in functions[:10_000]]


def _clean_error(error: dict) -> dict:
    """Keep only plain, bounded fields of an exception report from the worker."""
    out = {}
    for key in ("type", "message", "traceback"):
        value = error.get(key)
        out[key] = value[:4000] if isinstance(value, str) else ""
    mro = error.get("mro")
    out["mro"] = [m for m in mro if isinstance(m, str)][:20] if isinstance(mro, list) else []
    for key in ("line", "errno"):
        out[key] = error.get(key) if isinstance(error.get(key), int) else None
    return out
