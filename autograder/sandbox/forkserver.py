"""A warm pool for batch grading: numpy and torch are imported once, not per submission.

The fork server is a trusted process that imports the heavy modules and then only forks:
each submission still gets a fresh process, which goes behind every isolation layer
(`jail.enter`: cgroup, namespaces, mounts, rlimits, uid) before it loads any student code.
No student code ever runs in the server itself, so nothing one submission does can reach
the next. The grader talks to it over a Unix socket and hands it the worker's pipe ends
with SCM_RIGHTS.

Run as a script (by `ForkServer.start`): python -I forkserver.py SOCKET_FD MODULE,MODULE...
"""
from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
FDS = ("request", "response", "status", "exit", "output")


class ForkedProcess:
    """The grader's handle on one forked worker, with the parts of Popen a session uses."""

    def __init__(self, pid: int, exit_fd: int) -> None:
        self.pid, self._exit_fd, self.returncode = pid, exit_fd, None

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self._exit_fd], [], [], 0)[0]:
            data = os.read(self._exit_fd, 32)
            self.returncode = int(data) if data.strip().isdigit() else -signal.SIGKILL
            os.close(self._exit_fd)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        from . import waiting  # client side only: the server runs this file as a script

        if self.returncode is None and not waiting.ready([self._exit_fd], timeout=timeout)[0]:
            raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout)
        return self.poll()

    def _signal(self, sig: int) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass

    def terminate(self) -> None:
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        self._signal(signal.SIGKILL)


class ForkServer:
    """Client side: start the server once, then `spawn` isolated workers from it."""

    def __init__(self, preload: tuple[str, ...] = ("numpy",), env: dict | None = None) -> None:
        self.preload, self.env = preload, env or {}
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._ready = False  # the server said it has imported what it preloads
        self._proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.launch()
        self._await_ready()

    def launch(self) -> None:
        """Start the server's process without waiting for it: it imports numpy (and torch) while the
        caller prepares what it can (`spawn` waits for it to be ready)."""
        from .limits import worker_env

        if self._sock is not None:
            return
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {**worker_env(), **self.env}
        self._proc = subprocess.Popen(
            [sys.executable, "-I", str(HERE / "forkserver.py"), str(theirs.fileno()), ",".join(self.preload)],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, env=env, cwd="/")
        theirs.close()
        self._sock, self._ready = ours, False

    def _await_ready(self) -> None:
        if not self._ready:
            if json.loads(_answer(self._sock, "start") or b"{}").get("ready") is not True:
                raise RuntimeError("the fork server did not start")
            self._ready = True

    def spawn(self, config: dict, fds: dict[str, int]) -> ForkedProcess:
        """Fork an isolated worker with `config` (jail.enter's) and the pipe ends in `fds`."""
        with self._lock:
            self.start()
            socket.send_fds(self._sock, [json.dumps(config).encode()], [fds[name] for name in FDS])
            reply = json.loads(_answer(self._sock, "fork a worker"))
        return ForkedProcess(reply["pid"], fds["exit_reader"])

    def close(self, wait: bool = True) -> None:
        """Stop the server (it exits when its socket closes); `wait=False` lets its exit, which takes
        an interpreter's shutdown, happen while the caller goes on (a thread reaps it)."""
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        if self._proc is not None:
            if wait:
                self._proc.wait(timeout=10)
            else:
                threading.Thread(target=self._proc.wait, name="dlgrade-forkserver-exit", daemon=True).start()
            self._proc = None

    def __enter__(self) -> ForkServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()


ANSWER_SECONDS = 120  # the server imports numpy (and torch) before it answers "ready": minutes only on a sick machine


def _answer(sock: socket.socket, what: str) -> bytes:
    """The server's next message, waited for in slices (a signal is handled meanwhile) and at most ANSWER_SECONDS."""
    from . import waiting

    if not waiting.ready([sock.fileno()], timeout=ANSWER_SECONDS)[0]:
        raise RuntimeError(f"the fork server did not answer ({what}) within {ANSWER_SECONDS} s")
    return sock.recv(4096)


def _child(config: dict, fds: list[int]) -> None:
    """In the forked child: stdio, isolation, then the worker; never returns."""
    try:
        request, response, status, exit_fd, output = fds
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(output, 1)
        os.dup2(output, 2)
        for fd in (devnull, output):
            os.close(fd)
        config.update(status_fd=status, exit_fd=exit_fd)
        import jail
        import worker

        jail.enter(config)
        os.environ.clear()
        os.environ.update(config["env"])
        worker.serve(request, response, config["scratch"])
    finally:
        os._exit(0)


def serve(sock: socket.socket, preload: list[str]) -> None:
    """The server loop: import once, then fork one child per request."""
    sys.path.insert(0, str(HERE))
    for name in preload:
        __import__(name)
    import jail  # noqa: F401  (imported before forking, so children start at once)
    import worker  # noqa: F401

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    sock.send(json.dumps({"ready": True}).encode())
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(sock, 1 << 20, len(FDS))
        except OSError:
            return
        if not message:
            return
        pid = os.fork()
        if pid == 0:
            sock.close()
            _child(json.loads(message), fds)
        for fd in fds:
            os.close(fd)
        sock.send(json.dumps({"pid": pid}).encode())


if __name__ == "__main__":
    serve(socket.socket(fileno=int(sys.argv[1])), [m for m in sys.argv[2].split(",") if m])
