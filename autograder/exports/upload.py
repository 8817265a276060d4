"""Grading one student's upload inside an LMS container (Gradescope, a Moodle VPL jail).

The LMS hands over whatever the student uploaded: the file to grade is chosen exactly as
`grade-batch` chooses it (one code file, or the one named after the sheet or an exercise), so
an upload with two notebooks is "ambiguous" with the same message, never a silent pick. The
result and its reports are written to `out_dir` whatever happens; a failure of the grader
itself becomes a result that says so.
"""
from __future__ import annotations

import traceback
from collections.abc import Iterable
from pathlib import Path

from ..batch.discover import choose
from ..grading import grade, unusable_result
from ..model import GradeResult
from ..output.results import write_outputs
from ..sandbox import Limits


def grade_upload(target: str, paths: Iterable[Path], out_dir: Path, lang: str, hidden_visibility: str,
                 limits: Limits) -> GradeResult:
    """Choose, grade and write results.json and the reports to `out_dir`; returns the result."""
    out_dir = Path(out_dir).resolve()
    entry = choose(paths, target)
    if entry.problem:
        result = unusable_result(target, "-", entry.message)
    else:
        try:
            result = grade(target, entry.path, limits, hide=[str(out_dir), str(entry.path.resolve().parent)])
        except Exception as exc:  # the grader's own fault: recorded in the results
            traceback.print_exc()
            result = GradeResult(target, entry.path.name)
            result.internal_error = f"internal error: {type(exc).__name__}: {exc}"
    write_outputs(out_dir, result, lang, hidden_visibility)
    return result
