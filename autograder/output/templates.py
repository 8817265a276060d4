"""The one jinja2 environment: reports, class report, sheets and LMS packages render here.

`.html` templates are autoescaped (student text can never become markup); Markdown output
uses the `md` and `fence` filters from `output.formats`; undefined names are errors, so a
template typo fails a test instead of printing nothing.
"""
from __future__ import annotations

import functools
from typing import Any

import jinja2

from ..catalog import TEMPLATES
from ..i18n import number
from .formats import md_escape, md_fence


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), undefined=jinja2.StrictUndefined,
                             autoescape=lambda name: bool(name) and ".html" in name, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = md_escape
    env.filters["fence"] = md_fence
    env.filters["points"] = lambda value, lang="en": number(value, lang)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
