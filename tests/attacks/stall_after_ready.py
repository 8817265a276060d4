# Writes a well-formed "ready" frame (every function present) onto the worker's response pipe
# while being imported, then sleeps instead of finishing the import: the worker never reads a
# request and never answers one.
import fcntl
import json
import os
import stat
import struct
import time


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


_head = json.dumps({"kind": "ready", "cells": [{"index": 1, "ok": True}], "blobs": [], "value": None,
                    "functions": ["misclassified", "perceptron_loss", "perceptron_step", "predict",
                                  "train_perceptron"]}).encode()
for _fd in _response_pipes():
    os.write(_fd, struct.pack("<4sIQ", b"DLG1", len(_head), 0) + _head)
time.sleep(10**6)
