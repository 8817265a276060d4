# Writes its own "ready" frame onto the worker's response pipe while being imported, before the
# worker's real one: {WHAT}. Then the real definitions follow.
import fcntl
import json
import os
import stat
import struct


def _response_pipes():
    """Write-only pipes other than stdout and stderr: the worker's response pipe."""
    found = []
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        try:
            if fd > 2 and stat.S_ISFIFO(os.fstat(fd).st_mode) and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY:
                found.append(fd)
        except OSError:
            pass
    return found


HEADER = {HEADER}
if isinstance(HEADER, bytes):
    FRAME = HEADER
else:
    _head = json.dumps(HEADER).encode()
    FRAME = struct.pack("<4sIQ", b"DLG1", len(_head), 0) + _head
for _fd in _response_pipes():
    os.write(_fd, FRAME)

{CORRECT}
