"""dlgrade's exceptions: one hierarchy, each carrying what a person should read.

Nothing a student hands in raises out of the engine (it becomes a result with a reason);
these are for the callers: a CLI usage problem, content that cannot be built, a file that
cannot be graded at all.
"""
from __future__ import annotations

from typing import Any

from .i18n import Texts, t, text


class DlgradeError(Exception):
    """Base of every error dlgrade raises on purpose."""


class UnknownExercise(DlgradeError, LookupError):
    """No exercise or sheet of that id."""


class SheetError(DlgradeError, ValueError):
    """A sheet or export cannot be built as asked (a clash between exercises, bad content)."""


class BadSubmission(DlgradeError):
    """The file cannot be graded at all; `message` says why in every language.

    `reason` is a key of the `[submission]` table in the locale files, `fields` fill it in
    (a field may itself be a Texts dict).
    """

    def __init__(self, reason: str, **fields: Any) -> None:
        self.reason = reason
        self.message: Texts = t("bad_submission", detail=text(f"submission.{reason}", **fields))
        super().__init__(self.message.get("en", reason))


class BatchError(DlgradeError):
    """A batch cannot run as asked (another batch's folder, an unknown student to regrade, no cluster)."""


class CourseError(DlgradeError):
    """A course cannot be processed as asked (a course file, a CSV or a Moodle file that does not fit)."""
