"""The one jinja2 environment: reports, class report, sheets and LMS packages render here.

`.html` templates are autoescaped (student text can never become markup); Markdown output
uses the `md` and `fence` filters from `output.formats`; undefined names are errors, so a
template typo fails a test instead of printing nothing. Compiled templates are cached on disk
in the grader's state folder (beside its secret, mode 0700; not the temp folder, which a grader
leaves as it found it): compiling the report templates anew cost a tenth of a second of every
`dlgrade grade`. Sandboxed submissions run under another uid in a root of their own and never see it.
"""
from __future__ import annotations

import functools
from typing import Any

import jinja2

from ..catalog import STATE_DIR, TEMPLATES
from ..i18n import number
from .formats import md_escape, md_fence


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), undefined=jinja2.StrictUndefined,
                             autoescape=lambda name: bool(name) and ".html" in name, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True, bytecode_cache=_bytecode_cache())
    env.filters["md"] = md_escape
    env.filters["fence"] = md_fence
    env.filters["points"] = lambda value, lang="en": number(value, lang)
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """A cache folder in the state folder, or none where it cannot be made (a read-only home)."""
    folder = STATE_DIR / "jinja-cache"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
