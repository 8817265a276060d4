"""Packages for other graders and LMSs: otter-grader, Gradescope."""
