# Tries to kill the grader: its parent, and anything that looks like it.
import os
import signal

ppid = os.getppid()
if ppid > 1:
    try:
        os.kill(ppid, signal.SIGKILL)
    except OSError:
        pass
for pid in os.listdir("/proc"):
    if pid.isdigit() and int(pid) != os.getpid():
        try:
            cmdline = open(f"/proc/{pid}/cmdline", "rb").read()
            if b"dlgrade" in cmdline or b"pytest" in cmdline or b"jail" in cmdline:
                os.kill(int(pid), signal.SIGKILL)
        except OSError:
            pass
{CORRECT}
