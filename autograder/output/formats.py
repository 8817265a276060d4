"""Every text that leaves the grader, made safe for the format it lands in.

Student-controlled text (file names, exception messages, printed output, values, names and
ids from an LMS export) reaches HTML, Markdown, CSV, JSON and the terminal. Each format has
one function here; nothing else in the project escapes on its own. HTML is escaped by the
jinja2 environment (`output.templates`), which autoescapes every `.html` template.
"""
from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~&])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # from \ud800 escapes or undecodable file names: no UTF-8 for them
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def one_line(text: Any) -> str:
    """Any text as one line: whitespace runs become one space, control characters are dropped."""
    return " ".join(_CONTROL.sub("", str(text)).split())


def md_escape(text: Any) -> str:
    """Inline Markdown text: one line, every character that could format or link escaped."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(text))


def md_fence(text: Any) -> str:
    """A fenced code block that no backtick run inside `text` can close."""
    text = _CONTROL.sub("", str(text).replace("\r\n", "\n")).replace("\r", "\n")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"


def csv_cell(value: Any) -> str:
    """A spreadsheet cell that is text, never a formula (`=HYPERLINK(...)`, `+1+1`, `@SUM`)."""
    text = "" if value is None else str(value)
    text = text.replace("\x00", "")
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(header: list[str], rows: Iterable[list[Any]], delimiter: str = ",") -> str:
    """A whole CSV document with every cell made safe (numbers stay numbers)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", delimiter=delimiter)
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([v if isinstance(v, (int, float)) and not isinstance(v, bool) else csv_cell(v) for v in row])
    return buffer.getvalue()


def terminal(text: Any) -> str:
    """Text for rich's console markup: brackets escaped, control characters (escape codes) dropped."""
    from rich.markup import escape

    return escape(_CONTROL.sub("", str(text)))


def vpl_comment(text: Any, title: bool = False) -> str:
    """One line of Moodle VPL's evaluation protocol: a comment ("-" makes it a title), never a grade.

    VPL reads a grade from any line that starts with "Grade :=>>" and ends a comment block at a
    line "--|>"; every line written here starts with "Comment :=>>" and holds no line break, and
    only a title (ours, never a student's text) starts right after the tag with "-".
    """
    return f"Comment :=>>{'-' if title else ' '}{one_line(text)}"


def readable(text: str | None) -> str | None:
    """Text that has a UTF-8 form: lone surrogates (undecodable file names, \\ud800 escapes) become U+FFFD."""
    return None if text is None else _SURROGATE.sub("\ufffd", text)


def json_safe(value: Any) -> Any:
    """Plain JSON data: non-finite floats become None (results.json must stay strict JSON), lone
    surrogates U+FFFD (they have no UTF-8 form)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return readable(value)
    if isinstance(value, dict):
        return {json_safe(str(k)): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return json_safe(value.item())
    return str(value)


def json_text(value: Any, indent: int | None = 2) -> str:
    """Strict JSON (no NaN, no Infinity), UTF-8 text."""
    return json.dumps(json_safe(value), indent=indent, ensure_ascii=False, allow_nan=False)


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as f:  # a text no function made safe: "?"
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
