"""The launcher between the grader and the worker: sets up every isolation layer it is
permitted to, reports which ones are active, then becomes the worker.

Runs with the grader's privileges (standard library only, `python -I -S jail.py CONFIG`),
so it can join cgroups, create namespaces, mount and drop to the sandbox uid before it
executes the untrusted worker. Each layer is tried on its own: where one is not permitted
(inside an LMS container, as a normal user) the others still apply, and the report says so.
"""
import ctypes
import json
import os
import resource
import signal
import stat
import sys

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWNET, CLONE_NEWPID = 0x40000000, 0x20000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38

libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def mount(source, target, fstype, flags, data=None) -> None:
    enc = lambda s: s.encode() if s is not None else None  # noqa: E731
    _check(libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)), f"mount {target}")


def unshare_each(names: list[str], layers: dict) -> None:
    flags = {"mount_ns": CLONE_NEWNS, "net_ns": CLONE_NEWNET, "ipc_ns": CLONE_NEWIPC,
             "pid_ns": CLONE_NEWPID, "uts_ns": CLONE_NEWUTS}
    for name in names:
        layers[name] = libc.unshare(flags[name]) == 0


def join_cgroups(procs_files: list[str], layers: dict) -> None:
    joined = 0
    for path in procs_files:
        try:
            with open(path, "w") as f:
                f.write(str(os.getpid()))
            joined += 1
        except OSError:
            pass
    layers["cgroup"] = bool(procs_files) and joined == len(procs_files)


SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
MS_MOVE = 8192


def bind(source: str, target: str, writable: bool = False) -> None:
    os.makedirs(target, exist_ok=True)
    mount(source, target, None, MS_BIND | MS_REC)
    if not writable:
        mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID)


DEVICES = ("null", "zero", "full", "random", "urandom", "tty")


def minimal_dev(target: str, size: str) -> None:
    """/dev with the harmless nodes and the GPUs only (no disks, no kmsg, no kvm)."""
    os.makedirs(target)
    mount("tmpfs", target, "tmpfs", MS_NOSUID, "size=1m,mode=755")
    names = [n for n in DEVICES if os.path.exists("/dev/" + n)]
    names += sorted(n for n in os.listdir("/dev") if n.startswith("nvidia"))
    for name in names:
        if os.path.isdir("/dev/" + name):
            continue
        open(f"{target}/{name}", "w").close()
        mount("/dev/" + name, f"{target}/{name}", None, MS_BIND)
    for name, link in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                       ("stderr", "/proc/self/fd/2")):
        os.symlink(link, f"{target}/{name}")
    os.makedirs(target + "/shm")
    mount("tmpfs", target + "/shm", "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=1777")


def build_root(cfg: dict, pid_ns: bool) -> list[str]:
    """Switch to a new root that holds only the system folders, the interpreter and scratch.

    An allowlist, not a denylist: another checkout of the course, an instructor's files,
    other students' folders are simply not there. `keep` folders are opened before /tmp is
    covered and bound back from /proc/self/fd at their own paths; `hide` folders that are
    still visible inside (e.g. solutions/ within a kept site-packages) get an empty tmpfs.
    Returns the hidden folders.
    """
    size = cfg.get("tmpfs_size", "64m")
    keep = [k for k in cfg.get("keep", []) if os.path.isdir(k["path"])]
    handles = {k["path"]: os.open(k["path"], os.O_PATH | os.O_DIRECTORY) for k in keep}
    mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=1777")
    new = "/tmp/.dlgrade-root"
    os.mkdir(new)
    mount("tmpfs", new, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=755")
    for d in SYSTEM_DIRS:
        if os.path.islink(d):
            os.symlink(os.readlink(d), new + d)
        elif os.path.isdir(d):
            bind(d, new + d)
    minimal_dev(new + "/dev", size)
    os.makedirs(new + "/proc")
    if pid_ns:
        mount("proc", new + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    else:
        bind("/proc", new + "/proc", writable=True)
    if os.path.isdir("/sys"):
        bind("/sys", new + "/sys")
    for tmp in ("/tmp", "/var/tmp"):
        os.makedirs(new + tmp, exist_ok=True)
        mount("tmpfs", new + tmp, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=1777")
    scratch = cfg.get("scratch")
    for k in sorted(keep, key=lambda k: len(k["path"])):
        if k["path"] == scratch:
            continue
        bind(f"/proc/self/fd/{handles[k['path']]}", new + k["path"], writable=bool(k.get("writable")))
    if scratch:
        scratch_tmpfs(handles[scratch], new + scratch, cfg)
    for fd in handles.values():
        os.close(fd)
    hidden = []
    kept = [k["path"].rstrip("/") + "/" for k in keep]
    for path in sorted(cfg.get("hide", []), key=len):
        if any(k.startswith(path.rstrip("/") + "/") for k in kept):
            continue  # covering it would cover the interpreter or the scratch folder too
        if os.path.isdir(new + path):
            mount("tmpfs", new + path, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=755")
            hidden.append(path)
    os.chdir(new)
    mount(new, "/", None, MS_MOVE)
    os.chroot(".")
    os.chdir("/")
    return hidden


def scratch_tmpfs(source_fd: int, target: str, cfg: dict) -> None:
    """The worker's scratch folder as a tmpfs with a size and inode quota, holding a copy of
    what the grader put into the host's scratch folder (the worker's code): whatever the
    submission writes stays in memory the cgroup counts, never on the class's shared disk."""
    files = {}
    for name in os.listdir(f"/proc/self/fd/{source_fd}"):
        with open(f"/proc/self/fd/{source_fd}/{name}", "rb") as f:
            files[name] = f.read()
    os.makedirs(target, exist_ok=True)
    size, inodes = int(cfg.get("scratch_size", 64 << 20)), int(cfg.get("scratch_inodes", 4096))
    mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},nr_inodes={inodes},mode=700")
    uid, gid = cfg.get("uid"), cfg.get("gid")
    for name, data in files.items():
        with open(f"{target}/{name}", "wb") as f:
            f.write(data)
        if uid is not None and os.getuid() == 0:
            os.chown(f"{target}/{name}", uid, gid)
    if uid is not None and os.getuid() == 0:
        os.chown(target, uid, gid)


def set_limits(limits: dict, layers: dict) -> None:
    names = {"cpu": resource.RLIMIT_CPU, "fsize": resource.RLIMIT_FSIZE, "nofile": resource.RLIMIT_NOFILE,
             "nproc": resource.RLIMIT_NPROC, "as": resource.RLIMIT_AS, "core": resource.RLIMIT_CORE}
    active = []
    for name, value in limits.items():
        try:
            resource.setrlimit(names[name], (value, value))
            active.append(name)
        except (ValueError, OSError):
            pass
    layers["rlimits"] = active


def world_readable(path: str) -> bool:
    """Whether a uid without rights can reach `path` (every folder on the way searchable)."""
    parts = os.path.realpath(path).split("/")
    for i in range(2, len(parts) + 1):
        try:
            mode = os.stat("/".join(parts[:i]) or "/").st_mode
        except OSError:
            return False
        if stat.S_ISDIR(mode) and not mode & stat.S_IXOTH:
            return False
    return bool(mode & stat.S_IROTH)


def drop_privileges(uid: int, gid: int, layers: dict) -> None:
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
    layers["uid"] = os.getuid()


def enter(cfg: dict) -> dict:
    """Put this process behind every permitted layer; returns (in the isolated child) the layers.

    The calling process forks: the outer half waits for the isolated half, reports its exit
    code (as its own exit status, and on `exit_fd` when given) and never returns; killing it
    kills the isolated half, which is the init of its PID namespace, and so all it started.
    """
    layers: dict = {}
    join_cgroups(cfg.get("cgroup_procs", []), layers)
    unshare_each(cfg.get("namespaces", []), layers)
    child = os.fork()
    if child:
        exit_fd = cfg.get("exit_fd")
        # It keeps no other pipe ends, so the grader sees EOF as soon as the worker is gone.
        keep = exit_fd if exit_fd is not None else 1 << 16
        os.closerange(3, keep)
        os.closerange(keep + 1, 1 << 16)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, lambda *_: os.kill(child, signal.SIGKILL))
        _, status = os.waitpid(child, 0)
        code = os.waitstatus_to_exitcode(status)
        code = 128 - code if code < 0 else code
        if exit_fd is not None:
            os.write(exit_fd, str(code).encode())
        os._exit(code)

    if cfg.get("exit_fd") is not None:
        os.close(cfg["exit_fd"])  # only the outer half reports the exit code
    status_fd = cfg["status_fd"]
    try:
        if layers.get("mount_ns"):
            mount(None, "/", None, MS_REC | MS_PRIVATE)
            layers["hidden"] = build_root(cfg, bool(layers.get("pid_ns")))
            layers["new_root"] = True
            layers["scratch_quota"] = bool(cfg.get("scratch"))
        os.setsid()
        os.chdir(cfg["scratch"])
        set_limits(cfg.get("rlimits", {}), layers)
        layers["uid"] = os.getuid()
        if cfg.get("uid") is not None and os.getuid() == 0:
            unreadable = [p for p in cfg.get("must_read", []) if not world_readable(p)]
            if unreadable:  # dropping would leave a worker that cannot even start Python
                layers["uid_error"] = f"stayed root: the sandbox uid cannot read {unreadable[0]}"
            else:
                drop_privileges(cfg["uid"], cfg["gid"], layers)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        layers["no_new_privs"] = libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0
    except Exception as exc:  # report, never run the student half-isolated without saying so
        os.write(status_fd, json.dumps({"error": f"{type(exc).__name__}: {exc}", "layers": layers}).encode())
        os._exit(70)
    os.write(status_fd, json.dumps({"layers": layers}).encode())
    os.close(status_fd)
    return layers


def main() -> None:
    cfg = json.loads(sys.argv[1])
    enter(cfg)
    os.execve(cfg["python"], cfg["argv"], cfg["env"])


if __name__ == "__main__":
    main()
