"""A sheet's texts: statements as notebook cells, and the sheet as one Markdown and one HTML page.

Statements are written for the whole `exercises/` folder, where `public.py` is a file a
student can open; a notebook student has the self-check instead, so the sheet says that.
The HTML page typesets its math at build time (LaTeX to MathML with `latex2mathml`), so it
renders offline in any current browser: no script, no CDN.
"""
from __future__ import annotations

import html
import re
from typing import Any

from ..catalog import Exercise, Sheet
from ..i18n import LANGUAGES, word
from ..output import templates

MATH = re.compile(r"\$\$.+?\$\$|(?<![\\$])\$(?!\s)(?:[^$\n]|\n(?![ \t]*\n))+?(?<!\\)\$", re.S)  # inline: no blank line
FENCE = re.compile(r"(^```.*?^```[ \t]*$)", re.S | re.M)
TEXT_COMMAND = re.compile(r"(\\(?:text|texttt|textrm|textit|mathrm|operatorname)\{)([^{}]*)\}")


def render(template: str, **context: Any) -> str:
    """A template's text as a cell; in Markdown, runs of blank lines left by template tags become one."""
    text = templates.render(template, **context).strip("\n")
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text) if template.endswith(".md.j2") else text


# ---------------------------------------------------------------- statements


def _public_file_rules(lang: str) -> list[tuple[re.Pattern, str]]:
    """How a sentence about `public.py` reads in a notebook (where the self-check has those cases)."""
    name = r"`public\.py`"
    return [
        (re.compile(rf"\s*\({name}\)"), ""),                      # "the public cases (`public.py`) hold"
        (re.compile(rf"\({name},\s*"), "("),                       # "(`public.py`, the examples above)"
        (re.compile(rf"(?:^|(?<=[.!?:]\s)){name}", re.M), word("sheets.public_file_subject", lang)),
        (re.compile(rf"\bIn {name}"), word("sheets.public_file_in_capital", lang)),
        (re.compile(rf"\bin {name}"), word("sheets.public_file_in", lang)),
        (re.compile(rf"\b(?:see|siehe) {name}"), word("sheets.public_file_see", lang)),
        (re.compile(name), word("sheets.public_file", lang)),
    ]


def for_notebook(text: str, lang: str) -> str:
    """A statement without pointers to `public.py`, a file notebook students do not have."""
    for pattern, replacement in _public_file_rules(lang):
        text = pattern.sub(lambda _, said=replacement: said, text)
    return text


def statement(exercise: Exercise, lang: str) -> str:
    """The statement in `lang` (else the other language), its title dropped, headings one level down."""
    for candidate in (lang, *[other for other in LANGUAGES if other != lang]):
        path = exercise.folder / f"statement.{candidate}.md"
        if path.exists():
            text = path.read_text(encoding="utf-8")
            break
    else:
        return ""
    lines, out, fenced = text.strip("\n").splitlines(), [], False
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    for line in lines:
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and re.match(r"#{1,5} ", line):
            line = "#" + line
        out.append(line)
    return for_notebook("\n".join(out).strip("\n"), lang)


# ---------------------------------------------------------------- Markdown and HTML


def render_markdown(nb: Any) -> str:
    """The notebook as one Markdown document: text as is, code fenced, the self-check left out."""
    out = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            out.append(cell.source)
        elif (cell.metadata.get("dlgrade") or {}).get("role") != "self-check":
            out.append(f"```python\n{cell.source}\n```")
    return "\n\n".join(out) + "\n"


def mathml(tex: str, display: bool) -> str:
    """LaTeX as MathML; what latex2mathml cannot read stays visible as its TeX source."""
    from latex2mathml.converter import convert

    source = TEXT_COMMAND.sub(lambda m: m.group(1) + m.group(2).replace("\\_", "_") + "}", tex)
    try:
        return convert(source, display="block" if display else "inline")
    except Exception:  # any parser error: show the TeX rather than fail the sheet
        return f'<code class="tex">{html.escape(tex)}</code>'


def markdown_to_html(text: str) -> str:
    """Markdown to HTML with `$...$`/`$$...$$` typeset as MathML (none inside code)."""
    from markdown_it import MarkdownIt

    spans: list[str] = []

    def protect(match: re.Match) -> str:
        spans.append(match.group(0))
        return f"DLGMATH{len(spans) - 1}END"

    chunks = FENCE.split(text)
    protected = "".join(c if c.startswith("```") else MATH.sub(protect, c) for c in chunks)
    body = MarkdownIt("commonmark").enable("table").render(protected)

    def typeset(match: re.Match) -> str:
        span = spans[int(match.group(1))]
        display = span.startswith("$$")
        return mathml(span[2:-2] if display else span[1:-1], display)

    return re.sub(r"DLGMATH(\d+)END", typeset, body)


def render_html(nb: Any, sheet: Sheet, lang: str) -> str:
    """The Markdown version as one self-contained HTML page, its math as MathML."""
    return render("sheet/sheet.html.j2", lang=lang, title=sheet.title.get(lang, sheet.id),
                  body=markdown_to_html(render_markdown(nb))) + "\n"
