"""What grading means: cases in, one judged result per case out, whatever the student did.

`engine` runs a submission's cases through a sandbox session and judges each outcome
(`compare` for values, `diagnose` for the misconception behind a wrong one, `forbidden` for
routines an exercise does not allow, `timing` for the timed checks); `submission` reads the
file, `seeds` fixes the hidden cases, `points` scales them to a sheet's points.
"""
from .engine import grade, unusable_result

__all__ = ["grade", "unusable_result"]
