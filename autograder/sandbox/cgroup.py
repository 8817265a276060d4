"""One cgroup per worker: memory, processes and CPU accounting, where the hierarchy is writable."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from .limits import Limits


class Cgroup:
    """A memory+pids(+cpu accounting) cgroup (v1 or v2) for one worker, where writable.

    The CPU time the kernel accounts to the group is what the timed checks trust: the
    worker cannot change it, and a busy neighbour on the machine barely moves it.

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
        for parent in (base / "dlgrade", base / "memory" / "dlgrade", base / "pids" / "dlgrade", base / "cpuacct" / "dlgrade"):
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
        self.cpu_file: Path | None = None
        self.threads_file: Path | None = None
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
                self.cpu_file = d / "cpu.stat"
                self.threads_file = d / "cgroup.threads"
            else:  # v1
                mem, pids = base / "memory" / "dlgrade" / name, base / "pids" / "dlgrade" / name
                for d in (mem, pids):
                    d.mkdir(parents=True)
                    self.dirs.append(d)
                self.threads_file = pids / "tasks"
                (mem / "memory.limit_in_bytes").write_text(str(limits.memory_bytes))
                swap = mem / "memory.memsw.limit_in_bytes"
                if swap.exists():
                    try:
                        swap.write_text(str(limits.memory_bytes))
                    except OSError:
                        pass
                (pids / "pids.max").write_text(str(limits.processes))
                cpu = base / "cpuacct" / "dlgrade" / name
                try:
                    cpu.mkdir(parents=True)
                    self.dirs.append(cpu)
                    self.cpu_file = cpu / "cpuacct.usage"
                except OSError:
                    pass  # no CPU accounting: timed checks fall back to the parent's wall clock
            self.procs = [str(d / "cgroup.procs") for d in self.dirs]
        except OSError:
            self.remove()
            self.dirs, self.procs = [], []

    def cpu_seconds(self) -> float | None:
        """CPU time used by every process the group ever held, or None without accounting."""
        if self.cpu_file is None:
            return None
        try:
            text = self.cpu_file.read_text()
            if self.cpu_file.name == "cpu.stat":
                usage = dict(line.split() for line in text.splitlines())
                return int(usage["usage_usec"]) / 1e6
            return int(text) / 1e9
        except (OSError, ValueError, KeyError):
            return None

    def waiting_seconds(self) -> float:
        """How long the group's threads have waited in a run queue for a CPU (the kernel's schedstat).

        A starved call piles this up, a sleeping one does not: the difference between "the machine
        is busy" and "the call waits for nothing". 0 where the kernel does not say.
        """
        try:
            threads = self.threads_file.read_text().split() if self.threads_file else []
        except OSError:
            return 0.0
        total = 0
        for tid in threads[:4096]:
            try:
                total += int(Path(f"/proc/{tid}/schedstat").read_text().split()[1])
            except (OSError, ValueError, IndexError):
                continue  # the thread has ended
        return total / 1e9

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
