"""The parent's side of the sandbox: limits, isolation layers, and a worker session.

A `WorkerSession` starts the untrusted worker through `jail.py`, waits for it to import
the submission, and then sends it calls one at a time. Every way a call can end (answer,
exception, timeout, a limit, death, garbage on the wire) comes back as a `CallOutcome`;
nothing the worker does raises in the parent.
"""
from __future__ import annotations

import functools
import json
import os
import select
import shutil
import signal
import site
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import wire
from .texts import t
from .catalog import SOLUTIONS, STATE_DIR

HERE = Path(__file__).resolve().parent
GiB = 1 << 30


@dataclass
class Limits:
    """What one submission may use; the defaults suit a course (all configurable)."""

    memory_bytes: int = 4 * GiB
    processes: int = 64
    cpu_seconds: int = 120
    file_bytes: int = 64 << 20
    open_files: int = 256
    call_timeout: float = 10.0
    import_timeout: float = 20.0
    total_timeout: float = 300.0
    output_bytes: int = 64 << 10
    answer_bytes: int = 256 << 20
    answer_elements: int = 50_000_000
    uid: int | None = None  # None: 61000 when the grader runs as root
    hide: tuple[str, ...] = ()
    namespaces: tuple[str, ...] = ("mount_ns", "net_ns", "ipc_ns", "pid_ns", "uts_ns")  # fewer inside some LMS containers

    def sandbox_uid(self) -> int | None:
        if os.geteuid() != 0:
            return None
        return self.uid if self.uid is not None else 61000


@dataclass
class CallOutcome:
    """How one call ended. `status`: ok, error, timeout, memory, cpu, output, crash, garbage."""

    status: str
    value: Any = None
    error: dict | None = None
    seconds: float = 0.0
    detail: dict = field(default_factory=dict)  # why, in every language (texts.t)


@dataclass
class StartInfo:
    ok: bool
    reason: dict | str = ""  # why the submission could not be loaded (timeout, crash, ...)
    status: str = "ok"
    cells: list[dict] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)
    import_time: float = 0.0


def worker_env() -> dict[str, str]:
    """The scrubbed environment of every worker: one BLAS/OpenMP thread, nothing of the grader's."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1",
           "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1"}
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "CUDA_VISIBLE_DEVICES"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


LAYER_WARNINGS = {
    "uid": "the submission ran as root ({reason}); files readable only by root were visible to it",
    "mount_ns": "no mount namespace: the project folder (with solutions/) is hidden only by file permissions",
    "net_ns": "no network namespace: the submission could reach the network",
    "pid_ns": "no PID namespace: processes the submission started were killed through the cgroup only",
    "cgroup": "no cgroup: memory and process limits come from rlimits only",
}


def layer_warnings(layers: dict) -> list[str]:
    """What an instructor should know about layers that were not active (in English)."""
    warnings = []
    if os.geteuid() == 0 and layers.get("uid") == 0:
        warnings.append(LAYER_WARNINGS["uid"].format(reason=layers.get("uid_error", "no sandbox uid")))
    if layers:  # an empty report means the worker never started: nothing to say about layers
        warnings += [LAYER_WARNINGS[name] for name in ("mount_ns", "net_ns", "pid_ns", "cgroup") if not layers.get(name)]
    return warnings


def cuda_present() -> bool:
    return any(Path("/dev").glob("nvidia[0-9]*"))


@functools.cache
def interpreter_paths() -> tuple[str, ...]:
    """Folders the worker's interpreter needs to read: its prefixes and site-packages."""
    import numpy

    paths = {sys.prefix, sys.base_prefix, str(Path(sys.executable).resolve().parent.parent),
             str(Path(numpy.__file__).resolve().parent.parent)}
    paths.update(p for p in site.getsitepackages() if os.path.isdir(p))
    ordered = sorted({os.path.realpath(p) for p in paths}, key=len)
    return tuple(p for i, p in enumerate(ordered) if not any(p.startswith(q.rstrip("/") + "/") for q in ordered[:i]))


class Cgroup:
    """A memory+pids cgroup (v1 or v2) for one worker, where the hierarchy is writable.

    Named w<grader pid>-<clock>, so groups left behind by a grader that was killed can be
    recognised and removed by the next one.
    """

    swept = False

    @staticmethod
    def sweep_stale() -> None:
        """Empty and remove the groups of graders that no longer run (once per process)."""
        if Cgroup.swept:
            return
        Cgroup.swept = True
        base = Path("/sys/fs/cgroup")
        for parent in (base / "dlgrade", base / "memory" / "dlgrade", base / "pids" / "dlgrade"):
            for d in parent.glob("w*-*") if parent.is_dir() else []:
                owner = d.name[1:].split("-")[0]
                if owner.isdigit() and not Path(f"/proc/{owner}").exists():
                    stale = Cgroup.__new__(Cgroup)
                    stale.dirs, stale.procs = [d], [str(d / "cgroup.procs")]
                    stale.kill_all()
                    stale.remove()

    def __init__(self, name: str, limits: Limits) -> None:
        Cgroup.sweep_stale()
        self.dirs: list[Path] = []
        self.procs: list[str] = []
        base = Path("/sys/fs/cgroup")
        try:
            if (base / "cgroup.controllers").exists():  # v2, unified
                parent = base / "dlgrade"
                parent.mkdir(exist_ok=True)
                for ctl in ("+memory", "+pids"):
                    (base / "cgroup.subtree_control").write_text(ctl)
                    (parent / "cgroup.subtree_control").write_text(ctl)
                d = parent / name
                d.mkdir()
                self.dirs = [d]
                (d / "memory.max").write_text(str(limits.memory_bytes))
                if (d / "memory.swap.max").exists():
                    (d / "memory.swap.max").write_text("0")
                (d / "pids.max").write_text(str(limits.processes))
            else:  # v1
                mem, pids = base / "memory" / "dlgrade" / name, base / "pids" / "dlgrade" / name
                for d in (mem, pids):
                    d.mkdir(parents=True)
                    self.dirs.append(d)
                (mem / "memory.limit_in_bytes").write_text(str(limits.memory_bytes))
                swap = mem / "memory.memsw.limit_in_bytes"
                if swap.exists():
                    try:
                        swap.write_text(str(limits.memory_bytes))
                    except OSError:
                        pass
                (pids / "pids.max").write_text(str(limits.processes))
            self.procs = [str(d / "cgroup.procs") for d in self.dirs]
        except OSError:
            self.remove()
            self.dirs, self.procs = [], []

    def hit_memory_limit(self) -> bool:
        for d in self.dirs:
            try:
                if (d / "memory.events").exists():
                    events = dict(line.split() for line in (d / "memory.events").read_text().splitlines())
                    if int(events.get("oom_kill", 0)) or int(events.get("max", 0)):
                        return True
                if (d / "memory.failcnt").exists() and int((d / "memory.failcnt").read_text()) > 0:
                    return True
            except (OSError, ValueError):
                pass
        return False

    def kill_all(self) -> None:
        """SIGKILL every process in the group until it is empty (setsid does not escape it)."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            pids = set()
            for procs in self.procs:
                try:
                    pids.update(int(p) for p in Path(procs).read_text().split())
                except OSError:
                    pass
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.01)

    def remove(self) -> None:
        for d in self.dirs:
            for _ in range(50):
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)


class WorkerSession:
    """One sandboxed worker process holding one imported submission."""

    def __init__(self, cells: list[dict], limits: Limits, harnesses: dict[str, Path] | None = None,
                 hide: list[str] = (), forkserver=None) -> None:
        self.cells = cells
        self.forkserver = forkserver  # a ForkServer: workers fork from a warm process instead of starting Python
        self.limits = limits
        self.harnesses = harnesses or {}
        self.extra_hide = list(hide)
        self.layers: dict = {}
        self.proc: subprocess.Popen | None = None
        self.cgroup: Cgroup | None = None
        self.scratch: Path | None = None
        self.private = Path(tempfile.mkdtemp(prefix="dlgrade-private-"))
        self.output_path = self.private / "output.txt"
        self._next_id = 0

    # ------------------------------------------------------------ lifecycle

    def _prepare_scratch(self) -> Path:
        scratch = Path(tempfile.mkdtemp(prefix="dlgrade-sandbox-"))
        shutil.copy(HERE / "worker.py", scratch / "worker.py")
        shutil.copy(HERE / "wire.py", scratch / "wire.py")
        for module_name, path in self.harnesses.items():
            shutil.copy(path, scratch / f"{module_name}.py")
        (scratch / "job.json").write_text(json.dumps({"cells": self.cells}), encoding="utf-8")
        uid = self.limits.sandbox_uid()
        if uid is not None:
            for p in [scratch, *scratch.iterdir()]:
                os.chown(p, uid, uid)
        scratch.chmod(0o700)
        return scratch

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
            "rlimits": rlimits,
            "uid": uid,
            "gid": uid,
            "python": sys.executable,
            "must_read": [sys.executable, *interpreter_paths()],
            "argv": [sys.executable, "-I", str(self.scratch / "worker.py"), str(request_fd), str(response_fd)],
            "env": env,
        }

    def start(self) -> StartInfo:
        """Start a fresh worker and wait until the submission is imported."""
        self.stop()
        self.scratch = self._prepare_scratch()
        self.cgroup = Cgroup(f"w{os.getpid()}-{time.monotonic_ns()}", self.limits)
        req_r, self._req_w = os.pipe()
        self._resp_r, resp_w = os.pipe()
        status_r, status_w = os.pipe()
        config = self._jail_config(status_w, req_r, resp_w)
        self._out = open(self.output_path, "ab")
        if self.forkserver is not None:
            exit_r, exit_w = os.pipe()
            self.proc = self.forkserver.spawn(config, {
                "request": req_r, "response": resp_w, "status": status_w, "exit": exit_w,
                "output": self._out.fileno(), "exit_reader": exit_r})
            os.close(exit_w)
        else:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-S", str(HERE / "jail.py"), json.dumps(config)],
                stdin=subprocess.DEVNULL, stdout=self._out, stderr=subprocess.STDOUT,
                pass_fds=(req_r, resp_w, status_w), cwd="/",
            )
        for fd in (req_r, resp_w, status_w):
            os.close(fd)
        report = self._read_status(status_r)
        self.layers = report.get("layers", {})
        if "error" in report:
            self.stop()
            return StartInfo(False, t("internal", detail=f"sandbox set-up failed: {report['error']}"), status="internal")
        deadline = time.monotonic() + self.limits.import_timeout
        header, _, failure = self._receive(deadline)
        if failure:
            if failure.status == "timeout":
                failure.detail = t("d_import_timeout", seconds=self.limits.import_timeout)
            self.stop()
            return StartInfo(False, failure.detail, status=failure.status)
        return StartInfo(True, cells=header.get("cells", []), functions=header.get("functions", []),
                         import_time=float(header.get("import_time", 0.0)))

    def _read_status(self, fd: int) -> dict:
        data = b""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                break
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            data += chunk
        os.close(fd)
        try:
            return json.loads(data) if data else {"error": "the launcher ended before reporting"}
        except ValueError:
            return {"error": "unreadable launcher report"}

    def stop(self) -> None:
        """Kill the worker and everything it started, and clean up its scratch folder."""
        if self.proc is not None:
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
            for fd in (self._req_w, self._resp_r):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._out.close()
        if self.cgroup is not None:
            self.cgroup.kill_all()
            self.cgroup.remove()
            self.cgroup = None
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.private, ignore_errors=True)

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    # ------------------------------------------------------------ calls

    def call(self, function: str, args: tuple, kwargs: dict, harness: tuple[str, str] | None = None,
             timeout: float | None = None, device: str = "cpu") -> CallOutcome:
        if not self.alive:
            return CallOutcome("crash", detail=t("d_not_running"))
        self._next_id += 1
        frame = wire.pack({"kind": "call", "id": self._next_id, "function": function,
                           "harness": list(harness) if harness else None, "device": device},
                          (tuple(args), dict(kwargs)))
        started = time.monotonic()
        try:
            self._send(frame, started + 30)
        except OSError:
            return self._death(started)
        header, body, failure = self._receive(started + (timeout or self.limits.call_timeout))
        if failure:
            if failure.status == "timeout":
                failure.detail = t("d_call_timeout", seconds=timeout or self.limits.call_timeout)
            return failure
        elapsed = time.monotonic() - started
        if header.get("id") != self._next_id or header.get("kind") not in ("result", "error"):
            self.stop()
            return CallOutcome("garbage", seconds=elapsed, detail=t("d_out_of_turn"))
        if header["kind"] == "error":
            error = header.get("error") if isinstance(header.get("error"), dict) else {}
            return CallOutcome("error", error=_clean_error(error), seconds=elapsed)
        try:
            value = wire.decode(header, body, self.limits.answer_elements)
        except wire.WireError as exc:
            return CallOutcome("garbage", seconds=elapsed, detail=t("d_wire", what=exc))
        return CallOutcome("ok", value=value, seconds=float(header.get("time", elapsed)))

    def _send(self, frame: bytes, deadline: float) -> None:
        view = memoryview(frame)
        while view:
            _, writable, _ = select.select([], [self._req_w], [], max(0.0, deadline - time.monotonic()))
            if not writable:
                raise OSError("worker does not read")
            view = view[os.write(self._req_w, view[: 1 << 16]):]

    def _receive(self, deadline: float) -> tuple[dict, bytes, CallOutcome | None]:
        started = time.monotonic()

        def read_exact(n: int) -> bytes:
            chunks, left = [], n
            while left:
                wait = deadline - time.monotonic()
                if wait <= 0:
                    raise TimeoutError
                ready, _, _ = select.select([self._resp_r], [], [], wait)
                if not ready:
                    raise TimeoutError
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

    def _death(self, started: float) -> CallOutcome:
        """Why the worker died: a limit, a signal, or the submission ending the process."""
        proc = self.proc
        code = proc.wait(timeout=10) if proc is not None else None
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
        if sig is not None:
            return CallOutcome("crash", seconds=elapsed, detail=t("d_signal", signal=signal.Signals(sig).name))
        return CallOutcome("crash", seconds=elapsed, detail=t("d_exit", code=code))

    def output(self) -> tuple[str, int]:
        """The student's captured stdout/stderr (capped) and its full size in bytes."""
        try:
            size = self.output_path.stat().st_size
            with open(self.output_path, "rb") as f:
                head = f.read(self.limits.output_bytes)
        except OSError:
            return "", 0
        return head.decode("utf-8", "replace"), size


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
