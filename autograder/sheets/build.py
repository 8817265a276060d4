"""Exercise sheets: the student notebook, the solution notebook, Markdown and HTML.

A sheet (`exercises/<sheet>.toml`) names exercises; `build_sheet` turns it into a Jupyter
notebook (nbformat v4) with, per exercise, the statement, the stub's code cells and a
self-check cell that runs the public cases in the student's own kernel. Text cells come
from `templates/sheet/`. The student version holds nothing from `solutions/`: public cases
whose expected value is not written down are evaluated with the reference here, and only
the resulting plain values are embedded.
"""
from __future__ import annotations

import ast
import html
import json
import math
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .. import catalog
from ..catalog import Exercise, Sheet
from ..errors import SheetError
from ..grading.points import exercise_points
from ..i18n import LANGUAGES, word
from ..i18n import text as i18n_text
from ..output import templates
from ..sandbox import wire
from ..spec import Case

CHECKER_PATH = catalog.TEMPLATES / "sheet" / "checker.py"
SELF_CHECK_ROLE = "self-check"  # cell metadata of the sheet's own checking cells (see grading.submission)
# The grader's texts that the embedded checker needs.
CHECK_MESSAGES = ("passed", "not_implemented", "raised", "should_raise", "raised_wrong", "missing_function",
                  "returned_none", "wrong_type", "wrong_keys", "wrong_length", "wrong_shape", "nan",
                  "wrong_values", "system_exit")


# ---------------------------------------------------------------- plain values


def _listed_array(arr: np.ndarray) -> dict:
    """An array as the embedded checker reads it: flat values, dtype and shape."""
    flat = arr.ravel().tolist()
    if arr.dtype.kind == "f":
        flat = [v if math.isfinite(v) else repr(v) for v in flat]
    return {"$a": flat, "dtype": arr.dtype.str.lstrip("<>=|") if arr.dtype.kind != "b" else "bool",
            "shape": list(arr.shape)}


def encode(value: Any) -> Any:
    """A case value as JSON for the notebook, in the project's one codec (arrays as flat lists)."""
    if isinstance(value, np.ndarray) and value.dtype.kind not in "biuf":
        raise SheetError(f"cannot embed an array of dtype {value.dtype}")
    encoded, _ = wire.encode(value, array=_listed_array)
    if "$x" in json.dumps(encoded):
        raise SheetError(f"cannot embed a value of type {type(value).__name__}")
    return encoded


def case_record(exercise: Exercise, case: Case) -> dict:
    """One case as plain data: inputs, the expected value (or exception) and the tolerances.

    Without a literal `expected` the reference computes it here, in the trusted process.
    """
    from ..grading.diagnose import evaluate
    from ..sandbox.wire import as_plain

    raises = case.raises
    expected: Any = None
    if not raises:
        if case.has_literal_expected:
            expected = as_plain(case.expected)
        else:
            outcome = evaluate(getattr(exercise.reference, case.function), case, exercise.harness)
            if outcome.raised:
                raises = outcome.raised[0]
            else:
                expected = outcome.value
    return {
        "name": case.name, "function": case.function, "points": case.points,
        "args": encode(tuple(case.args)), "kwargs": encode(dict(case.kwargs)),
        "expected": encode(expected), "raises": raises, "harness": case.harness,
        "rtol": case.check.rtol, "atol": case.check.atol, "custom": case.check.custom is not None,
    }


def harness_source(exercise: Exercise, cases: list[Case]) -> str | None:
    """The exercise's public harness module, where one of `cases` needs it."""
    if exercise.harness_path and any(c.harness for c in cases):
        return exercise.harness_path.read_text(encoding="utf-8")
    return None


# ---------------------------------------------------------------- code cells


@dataclass
class CodeParts:
    """An exercise's code split into cells: the prelude and one cell per function."""

    prelude: str
    functions: dict[str, str]
    helpers: str = ""  # the reference's own top-level code (helpers, imports), solutions only
    helper_names: dict[str, str] = field(default_factory=dict)


def _lines(source: str, start: int, end: int) -> str:
    """Lines start..end (1-based, inclusive) of `source`."""
    return "\n".join(source.splitlines()[start - 1 : end])


def _node_start(node: ast.AST) -> int:
    """The first line of a statement, its decorators included."""
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno] + [d.lineno for d in decorators])


def _docstring_node(fn: ast.FunctionDef) -> ast.Expr | None:
    """The function's docstring statement, if it has one."""
    first = fn.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return first
    return None


def _body_text(source: str, fn: ast.FunctionDef) -> str:
    """A function's body without its docstring, dedented."""
    doc = _docstring_node(fn)
    statements = fn.body[1:] if doc else fn.body
    if not statements:
        return "pass"
    if statements[0].lineno == fn.lineno:  # def f(x): return x
        return "\n".join(ast.get_source_segment(source, s) or ast.unparse(s) for s in statements)
    start = doc.end_lineno + 1 if doc else statements[0].lineno
    return textwrap.dedent(_lines(source, start, fn.end_lineno)).strip("\n")


def _head_text(source: str, fn: ast.FunctionDef) -> tuple[str, str]:
    """(def line(s) and docstring, the body's indentation) of a stub function."""
    doc = _docstring_node(fn)
    first_body = fn.body[0]
    indent = " " * first_body.col_offset
    if doc:
        return _lines(source, _node_start(fn), doc.end_lineno), indent
    return _lines(source, _node_start(fn), first_body.lineno - 1), indent


def split_stub(exercise: Exercise) -> CodeParts:
    """The stub as cells: everything before the first function, then each function."""
    source = exercise.stub_path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    prelude, functions, trailing = [], {}, []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions[node.name] = _lines(source, _node_start(node), node.end_lineno)
        elif functions:
            trailing.append(_lines(source, _node_start(node), node.end_lineno))
        else:
            prelude.append(_lines(source, _node_start(node), node.end_lineno))
    prelude_text = "\n".join(prelude)
    if trailing:
        prelude_text += "\n\n" + "\n".join(trailing)  # rare: top-level code after the functions
    return CodeParts(prelude_text.strip("\n"), functions)


def merge_reference(exercise: Exercise, otter: bool = False) -> CodeParts:
    """The stub with the reference filled in: stub signatures and docstrings, reference bodies.

    The reference's other top-level code (imports, constants, helper functions) becomes
    `helpers`. With `otter`, the bodies are wrapped in otter-assign solution markers and the
    stub's own body stays as the prompt that otter shows to students.
    """
    stub_source = exercise.stub_path.read_text(encoding="utf-8")
    stub_tree = ast.parse(stub_source)
    ref_source = exercise.reference_source()
    ref_tree = ast.parse(ref_source)
    ref_functions = {n.name: n for n in ref_tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    parts = split_stub(exercise)
    merged: dict[str, str] = {}
    for node in stub_tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if node.name not in ref_functions:
            raise SheetError(f"{exercise.id}: the reference has no function {node.name}")
        head, indent = _head_text(stub_source, node)
        body = _body_text(ref_source, ref_functions[node.name])
        if otter:
            prompt = _body_text(stub_source, node)
            quote = '"""' if '"""' not in prompt else "'''"
            if quote in prompt:
                raise SheetError(f"{exercise.id}.{node.name}: the stub's body holds both kinds of triple quotes")
            lines = [head, f"{indent}{quote} # BEGIN PROMPT", textwrap.indent(prompt, indent), f"{indent}{quote} # END PROMPT",
                     f"{indent}# BEGIN SOLUTION NO PROMPT", textwrap.indent(body, indent), f"{indent}# END SOLUTION"]
        else:
            lines = [head, textwrap.indent(body, indent)]
        merged[node.name] = "\n".join(lines)
    helpers, names = [], {}
    for i, node in enumerate(ref_tree.body):
        if i == 0 and isinstance(node, ast.Expr) and isinstance(getattr(node, "value", None), ast.Constant):
            continue  # the module docstring
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in merged:
            continue
        text = _lines(ref_source, _node_start(node), node.end_lineno)
        helpers.append(text)
        for name in _defined_names(node):
            names[name] = text
    helper_text = "\n\n\n".join(helpers)
    return CodeParts(parts.prelude, merged, helper_text, names)


def _defined_names(node: ast.AST) -> list[str]:
    """The top-level names a statement binds."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [(a.asname or a.name).split(".")[0] for a in node.names]
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
    return []


def check_no_clashes(exercises: list[Exercise], parts: dict[str, CodeParts]) -> None:
    """One notebook is one namespace: two exercises must not define a name differently."""
    seen: dict[str, tuple[str, str]] = {}
    for exercise in exercises:
        p = parts[exercise.id]
        defined = {**p.helper_names, **p.functions}
        for name, text in defined.items():
            if name in seen and seen[name][1] != text and not _is_import(text):
                raise SheetError(f"{seen[name][0]} and {exercise.id} both define {name!r} differently; "
                                 "they cannot share one notebook (rename the helper in one reference)")
            seen.setdefault(name, (exercise.id, text))


def _is_import(text: str) -> bool:
    """Whether a top-level statement is an import (the same import twice does no harm)."""
    return text.lstrip().startswith(("import ", "from "))


# ---------------------------------------------------------------- text


def render(template: str, **context: Any) -> str:
    """A template's text as a cell; in Markdown, runs of blank lines left by template tags become one."""
    text = templates.render(template, **context).strip("\n")
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text) if template.endswith(".md.j2") else text


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
    return "\n".join(out).strip("\n")


@dataclass
class ExerciseView:
    """What the templates show of one exercise of a sheet."""

    id: str
    title: str
    lecture: str
    points: float
    functions: list[str]


def _view(sheet: Sheet, exercise: Exercise, lang: str) -> ExerciseView:
    """An exercise as the templates show it, in one language."""
    return ExerciseView(exercise.id, exercise.title.get(lang) or next(iter(exercise.title.values())),
                        exercise.lecture.get(lang, ""), exercise_points(sheet, exercise), list(exercise.functions))


# ---------------------------------------------------------------- the notebook


def self_check_data(exercise: Exercise) -> str:
    """The public cases as JSON, one case per line, with expected values computed where needed."""
    cases = exercise.public_cases()
    records = [case_record(exercise, c) for c in cases]
    lines = [json.dumps(r, ensure_ascii=False, allow_nan=False) for r in records]
    body = '{"harness_source": ' + json.dumps(harness_source(exercise, cases), ensure_ascii=False) + ',\n"cases": [\n'
    text = body + ",\n".join(lines) + "\n]}"
    if '"""' in text:
        raise SheetError(f"{exercise.id}: a public case holds a triple quote")
    return text


def _messages(lang: str) -> dict[str, str]:
    """The grader's texts that the checker uses, in one language."""
    return {k: word(f"messages.{k}", lang) for k in CHECK_MESSAGES}


def self_check_setup(lang: str) -> str:
    """The code cell that defines `_dlgrade_self_check` (the checker embedded)."""
    return render("sheet/self_check_setup.py.j2", lang=lang, messages=_messages(lang),
                  skipped=word("sheets.self_check_skipped", lang), embedded=word("sheets.self_check_embedded", lang),
                  summary=word("sheets.self_check_summary", lang),
                  checker=CHECKER_PATH.read_text(encoding="utf-8").strip("\n"))


def build_notebook(sheet: Sheet, lang: str = "de", solutions: bool = False) -> Any:
    """The sheet as an nbformat v4 notebook (the instructors' version with `solutions`)."""
    import nbformat

    exercises = [catalog.load_exercise(e) for e in sheet.exercises]
    parts = {e.id: merge_reference(e) if solutions else split_stub(e) for e in exercises}
    if solutions:
        check_no_clashes(exercises, parts)
    views = [_view(sheet, e, lang) for e in exercises]
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [md(render("sheet/title.md.j2", sheet=sheet, lang=lang, exercises=views, solutions=solutions)),
             code(self_check_setup(lang))]
    for number, (exercise, view) in enumerate(zip(exercises, views), 1):
        p = parts[exercise.id]
        cells.append(md(render("sheet/exercise.md.j2", ex=view, number=number, lang=lang)))
        text = statement(exercise, lang)
        if text:
            cells.append(md(text))
        cells.append(md(render("sheet/code_intro.md.j2", number=number, lang=lang, solutions=solutions,
                               has_helpers=bool(p.helpers))))
        prelude = p.prelude + (f"\n\n\n{p.helpers}" if p.helpers else "")
        cells.append(code(prelude.strip("\n")))
        cells += [code(src) for src in p.functions.values()]
        cells.append(md(render("sheet/self_check.md.j2", number=number, lang=lang, count=len(exercise.public_cases()))))
        cells.append(code(render("sheet/self_check_call.py.j2", exercise=exercise.id, data=self_check_data(exercise),
                                 comment=i18n_text("sheets.self_check_comment", exercise=exercise.id)[lang],
                                 missing=word("sheets.self_check_missing", lang))))
    cells.append(md(render("sheet/submit.md.j2", sheet=sheet, lang=lang, filename=notebook_name(sheet, solutions))))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["dlgrade"] = {"sheet": sheet.id, "lang": lang, "solutions": solutions,
                              "exercises": [e.id for e in exercises]}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{sheet.id}-{i:03d}"
        if cell.cell_type == "code" and "_dlgrade_self_check" in cell.source:
            cell.metadata["dlgrade"] = {"role": SELF_CHECK_ROLE}  # the grader leaves these cells out
    nbformat.validate(nb)
    return nb


def notebook_name(sheet: Sheet, solutions: bool) -> str:
    """`sheet01.ipynb`, or `sheet01_solutions.ipynb` for the instructors' version."""
    return f"{sheet.id}_solutions.ipynb" if solutions else f"{sheet.id}.ipynb"


# ---------------------------------------------------------------- Markdown and HTML


def render_markdown(nb: Any) -> str:
    """The notebook as one Markdown document: text as is, code fenced, the self-check left out."""
    out = []
    for cell in nb.cells:
        source = cell.source
        if cell.cell_type == "markdown":
            out.append(source)
        elif "_dlgrade_self_check" not in source:
            out.append(f"```python\n{source}\n```")
    return "\n\n".join(out) + "\n"


_MATH = re.compile(r"\$\$.+?\$\$|(?<![\\$])\$(?!\s)[^$\n]+?(?<![\s\\])\$", re.S)


def markdown_to_html(text: str) -> str:
    """Markdown to HTML with `$...$`/`$$...$$` kept verbatim for MathJax."""
    from markdown_it import MarkdownIt

    spans: list[str] = []

    def protect(match: re.Match) -> str:
        spans.append(match.group(0))
        return f"DLGMATH{len(spans) - 1}END"

    chunks = re.split(r"(^```.*?^```[ \t]*$)", text, flags=re.S | re.M)  # no math inside code fences
    protected = "".join(c if c.startswith("```") else _MATH.sub(protect, c) for c in chunks)
    body = MarkdownIt("commonmark").enable("table").render(protected)
    return re.sub(r"DLGMATH(\d+)END", lambda m: html.escape(spans[int(m.group(1))], quote=False), body)


def render_html(nb: Any, sheet: Sheet, lang: str) -> str:
    """The Markdown version as one HTML page, math typeset by MathJax."""
    return render("sheet/sheet.html.j2", lang=lang, title=sheet.title.get(lang, sheet.id),
                  body=markdown_to_html(render_markdown(nb))) + "\n"


# ---------------------------------------------------------------- entry point


def build_sheet(sheet_id: str, out_dir: Path, lang: str = "de", solutions: bool = False) -> list[Path]:
    """Write the notebook, the Markdown and the HTML version of a sheet; returns their paths."""
    import nbformat

    if lang not in LANGUAGES:
        raise SheetError(f"unknown language {lang!r}")
    sheet = catalog.load_sheet(sheet_id)
    nb = build_notebook(sheet, lang, solutions)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = Path(notebook_name(sheet, solutions)).stem
    paths = [out_dir / f"{stem}.ipynb", out_dir / f"{stem}.md", out_dir / f"{stem}.html"]
    nbformat.write(nb, str(paths[0]))
    paths[1].write_text(render_markdown(nb), encoding="utf-8")
    paths[2].write_text(render_html(nb, sheet, lang), encoding="utf-8")
    return paths
