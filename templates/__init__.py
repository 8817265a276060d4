"""The jinja2 templates (reports, sheets, LMS packages); a package only so that installs carry them."""
