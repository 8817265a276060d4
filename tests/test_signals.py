"""A signal stops the grader while it waits, whichever thread the kernel hands it to.

Python runs signal handlers in the main thread, but a signal sent to the process may land in any
thread (numpy's BLAS threads, a batch's grading threads); then the main thread only notices when
its current wait ends. These tests send the signal to a helper thread on purpose and check that
the grader's waits end long before their limits. The limits are 60 s and the bound 30 s: waits
are sliced at half a second, so no busy machine makes the bound tight, and the old waits (one
select() for the whole limit) fail it by 30 s.
"""
from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from dlgrade.sandbox import Limits, WorkerSession, waiting

LIMIT = 60


class Stopped(Exception):
    pass


@pytest.fixture
def signal_from_another_thread():
    """Sends SIGUSR1 from a helper thread to itself after a second; the handler raises Stopped."""
    def stop(*_):
        raise Stopped

    previous = signal.signal(signal.SIGUSR1, stop)
    sender = threading.Thread(target=lambda: (time.sleep(1), signal.pthread_kill(threading.get_ident(), signal.SIGUSR1)))
    sender.start()
    try:
        yield
    finally:
        sender.join()
        signal.signal(signal.SIGUSR1, previous)


def test_a_wait_on_a_pipe_is_ended_by_a_signal_another_thread_received(signal_from_another_thread):
    r, w = os.pipe()
    started = time.monotonic()
    try:
        with pytest.raises(Stopped):
            waiting.ready([r], timeout=LIMIT)
    finally:
        os.close(r)
        os.close(w)
    assert time.monotonic() - started < LIMIT / 2


def test_a_grader_waiting_on_a_sleeping_import_is_stopped_by_a_signal_another_thread_received(signal_from_another_thread):
    session = WorkerSession([{"index": 1, "source": "import time\ntime.sleep(3600)\n"}], Limits(import_timeout=LIMIT))
    started = time.monotonic()
    try:
        with pytest.raises(Stopped):
            session.start()
    finally:
        session.close()
    assert time.monotonic() - started < LIMIT / 2
    assert not session.alive
