"""What a submission that failed while loading tells its student, said once.

A .py file is one cell for the worker; when it raises at import, Python stops there and every
function defined below that line is missing. The student reads where their file stopped (the
file's name and line, not "cell 1"), that the missing functions are missing because of it (one
message for all of them, so the report says it once), and, when the cause is a file the code
reads at import (FileNotFoundError and other OSErrors), that the grader runs it in an empty folder.
Everything here reads the worker's report of the cells (plain data) and the source text; nothing
runs student code.
"""
from __future__ import annotations

import re
from pathlib import PurePath

from ..i18n import Texts, t, text
from .submission import Submission

WORKER_FILE = 'File "submission.py"'  # what the worker calls a .py submission in its tracebacks


def file_name(submission: Submission) -> str:
    """The student's own name for the file ("abgabe.zip:perceptron.py" -> "perceptron.py")."""
    return PurePath(submission.name.rsplit(":", 1)[-1]).name or submission.name


def is_notebook(submission: Submission) -> bool:
    return file_name(submission).lower().endswith(".ipynb")


def own_traceback(traceback: str | None, submission: Submission) -> str | None:
    """A traceback that names the student's file as they know it."""
    if not traceback or is_notebook(submission):
        return traceback
    return traceback.replace(WORKER_FILE, f'File "{file_name(submission)}"')


def failed_cells(cells: list[dict]) -> list[dict]:
    """The worker's reports of the cells that raised while loading."""
    return [c for c in cells if not c.get("ok") and isinstance(c.get("error"), dict)]


def _where(submission: Submission, cell: dict) -> Texts:
    line = cell["error"].get("line")
    if is_notebook(submission):
        return text("loading.in_cell", index=cell.get("index"), line=line)
    return text("loading.in_file", file=file_name(submission), line=line)


def _reads_a_file(cell: dict) -> bool:
    return "OSError" in (cell["error"].get("mro") or [])


def load_notes(submission: Submission, cells: list[dict]) -> list[Texts]:
    """One note per cell that raised while loading: where, what, and the data-file hint where it applies."""
    notes = []
    for cell in failed_cells(cells):
        error = cell["error"]
        if is_notebook(submission):
            notes.append(t("cell_failed", index=cell.get("index"), type=error.get("type"), line=error.get("line"),
                           message=str(error.get("message", ""))[:300]))
        else:
            key = "loading.file_syntax" if error.get("type") == "SyntaxError" else "loading.file_failed"
            notes.append(text(key, where=_where(submission, cell), type=error.get("type"),
                              message=str(error.get("message", ""))[:300]))
        if _reads_a_file(cell):
            notes.append(text("loading.data_file"))
    return notes


def _defines(source: str, name: str) -> bool:
    """Whether `source` defines `name` at its top level (a def, a class or an assignment); text only."""
    pattern = rf"^(?:async\s+def|def|class)\s+{re.escape(name)}\b|^{re.escape(name)}\s*(?::[^=]*)?="
    return re.search(pattern, source, re.MULTILINE) is not None


def lost_to_crash(submission: Submission, cells: list[dict], function: str) -> tuple[Texts, str | None] | None:
    """Why `function` is missing when a cell that defines it stopped before it: the message and traceback."""
    sources = {c.get("index"): c.get("source", "") for c in submission.cells}
    for cell in failed_cells(cells):
        if _defines(sources.get(cell.get("index"), ""), function):
            message = text("loading.missing_after_crash", where=_where(submission, cell), type=cell["error"].get("type"))
            return message, own_traceback(cell["error"].get("traceback"), submission)
    return None
