"""Outputs of a grading run: results.json (Gradescope schema), reports, pictures, the terminal."""
