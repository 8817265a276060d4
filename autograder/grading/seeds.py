"""Hidden cases' seeds: fixed per submission and exercise, not derivable by the student.

The seed is an HMAC of the submission's digest under the grader's secret, so a regrade sees
the same hidden cases, an edited file different ones, and nobody without the secret can
compute them (a cluster worker gets the seeds from the client, not the secret).
"""
from __future__ import annotations

import hashlib
import hmac
import os

from ..catalog import STATE_DIR


def secret_key() -> bytes:
    """The grader's secret for hidden-case seeds; created once, readable only by its owner."""
    if os.environ.get("DLGRADE_SECRET"):
        return os.environ["DLGRADE_SECRET"].encode()
    path = STATE_DIR / "secret.key"
    if not path.exists():
        STATE_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, os.urandom(32).hex().encode())
        os.close(fd)
    return path.read_bytes().strip()


def submission_seed(exercise_id: str, digest: str) -> int:
    """Fixed per submission and exercise, not derivable without the grader's secret."""
    mac = hmac.new(secret_key(), f"{exercise_id}:{digest}".encode(), hashlib.sha256)
    return int.from_bytes(mac.digest()[:8], "little")
