"""results.json for Gradescope with Markdown feedback that Gradescope renders (`output_format: md`).

Gradescope's results.json may say how its `output` strings are formatted (top-level
`output_format`, `test_output_format`, `test_name_format`, and per test `output_format`: one of
text, html, simple_format, md, ansi). The feedback is written as Markdown, every text that came
from a student (messages, tracebacks, printed values) escaped or fenced by `output.formats`,
so that labels are bold and tracebacks and values are code blocks. Visibility is the same as
everywhere: a hidden case never shows inputs, expected or actual values.
"""
from __future__ import annotations

from pathlib import Path

from ..i18n import word
from ..model import CaseResult, GradeResult
from ..output.formats import json_text, md_escape, md_fence, write_atomic
from ..output.results import to_gradescope


def _text(value, lang: str) -> str:
    return value.get(lang, "") if isinstance(value, dict) else ""


def case_markdown(case: CaseResult, lang: str) -> str:
    """One case's feedback as Markdown."""
    parts = [f"**{md_escape(word(f'status.{case.status}', lang))}** {md_escape(_text(case.message, lang))}".rstrip()]
    for key, value in (("diagnosis", _text(case.diagnosis, lang)), ("hint", _text(case.hint, lang))):
        if value:
            parts.append(f"**{md_escape(word(f'labels.{key}', lang))}:** {md_escape(value)}")
    timing = case.timing if isinstance(case.timing, dict) else {}
    if _text(timing.get("summary"), lang):
        parts.append(md_escape(_text(timing.get("summary"), lang)))
    blocks = [("traceback", (case.traceback or "").rstrip())]
    if case.public and case.shown and case.status != "passed":
        blocks += [(key, case.shown.get(key) or "") for key in ("inputs", "expected", "actual")]
    parts += [f"**{md_escape(word(f'labels.{key}', lang))}:**\n\n{md_fence(value)}" for key, value in blocks if value]
    return "\n\n".join(parts)


def summary_markdown(result: GradeResult, data: dict, lang: str) -> str:
    """The submission's feedback above the tests: the total, the notes, a grader error."""
    lines = [f"**{md_escape(result.target)}: {data['score']:g} / {data['max_score']:g}**"]
    notes = [_text(n, lang) for n in result.notes if _text(n, lang)]
    if notes:
        lines.append("\n".join(f"- {md_escape(n)}" for n in notes))
    if result.internal_error:
        lines.append(md_fence(result.internal_error))
    return "\n\n".join(lines)


def gradescope_results(result: GradeResult, lang: str, hidden_visibility: str) -> dict:
    """results.json's content: Gradescope's schema with Markdown outputs."""
    data = to_gradescope(result, lang, hidden_visibility)
    for test, case in zip(data["tests"], result.cases, strict=True):
        test["output"] = case_markdown(case, lang)
        test["output_format"] = "md"
    data.update(output=summary_markdown(result, data, lang), output_format="md", test_output_format="md",
                test_name_format="text")
    return data


def write_gradescope_results(out_dir: Path, result: GradeResult, lang: str, hidden_visibility: str) -> Path:
    path = Path(out_dir) / "results.json"
    write_atomic(path, json_text(gradescope_results(result, lang, hidden_visibility)))
    return path
