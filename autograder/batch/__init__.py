"""Grading a whole course at once: discovery of submissions, pools, the results store, gradebook, class report."""
