"""Exercise sheets as Jupyter notebooks (student and solution versions), with Markdown and HTML."""
