"""Loading what the reports need while a submission is graded.

One `dlgrade grade` spends most of its grading waiting: for the sandbox to start, for the
worker's answers. Importing the report modules (jinja2, rich, the pictures) and loading the
templates takes about as long and needs nothing from the grading, so a thread does it in those
waits instead of after them. Whoever writes the reports first joins the thread; a failure here
only means the reports load it themselves, as they would without it.
"""
from __future__ import annotations

import threading


def _load() -> None:
    try:
        from . import pictures, results, terminal  # noqa: F401  (imported for their side effect: loaded once)
        from .templates import environment

        for name in ("report.html.j2", "report.md.j2"):
            environment().get_template(name)
        import rich.console  # noqa: F401
        import rich.table  # noqa: F401
    except Exception:  # noqa: BLE001  (the reports will raise it themselves, with their context)
        pass


def start() -> threading.Thread:
    """Begin loading in the background; `join()` the thread before writing the reports."""
    thread = threading.Thread(target=_load, name="dlgrade-report-warmup", daemon=True)
    thread.start()
    return thread
