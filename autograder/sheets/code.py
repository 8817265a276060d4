"""An exercise's code as notebook cells: the stub split into units, in the sheet's language.

A unit is one top-level function or class of the stub (a class is one cell: the student
completes the whole class there). Docstrings are shown in the sheet's language: the German
ones come from `exercises/<id>/texts.de.toml`, table `[docstrings]`, keyed by the function's
name, the class's name ("Value") or "Class.method" ("Value.backward"), and "__module__" for
the stub's module docstring. The solution version keeps the stub's signatures and (localised)
docstrings and takes the bodies from the reference; a class of the reference is taken whole,
with the stub's docstrings put in.
"""
from __future__ import annotations

import ast
import inspect
import textwrap
from dataclasses import dataclass, field

from ..catalog import Exercise
from ..errors import SheetError

MODULE_KEY = "__module__"  # the [docstrings] key of the stub's module docstring
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
_UNITS = (*_DEFS, ast.ClassDef)


@dataclass
class CodeParts:
    """An exercise's code split into cells: the prelude and one cell per function or class."""

    prelude: str
    functions: dict[str, str]
    helpers: str = ""  # the reference's own top-level code (helpers, imports), solutions only
    helper_names: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------- docstrings


def _docstring_node(node: ast.AST) -> ast.Expr | None:
    """The docstring statement of a module, class or function, if it has one."""
    body = getattr(node, "body", None)
    first = body[0] if body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return first
    return None


def _documented(tree: ast.Module) -> dict[str, ast.AST]:
    """Module, top-level functions and classes, and methods, by their [docstrings] key."""
    found: dict[str, ast.AST] = {MODULE_KEY: tree}
    for node in tree.body:
        if isinstance(node, _UNITS):
            found[node.name] = node
        if isinstance(node, ast.ClassDef):
            found.update({f"{node.name}.{m.name}": m for m in node.body if isinstance(m, _DEFS)})
    return found


def docstrings_of(source: str) -> dict[str, str]:
    """Every docstring of a module by its [docstrings] key, cleaned as `inspect.cleandoc` does."""
    found = {}
    for key, node in _documented(ast.parse(source)).items():
        doc = _docstring_node(node)
        if doc is not None:
            found[key] = inspect.cleandoc(doc.value.value)
    return found


def _literal(text: str, indent: str) -> str:
    """A docstring literal for `text`, its continuation lines indented by `indent`."""
    lines = text.strip("\n").splitlines()
    if '"""' in text or text.rstrip().endswith("\\"):
        raise SheetError(f"a docstring cannot hold triple quotes or end in a backslash: {lines[0][:60]!r}")
    prefix = "r" if "\\" in text else ""
    if len(lines) == 1:
        return f'{prefix}"""{lines[0]}"""'
    rest = "\n".join(f"{indent}{line}" if line.strip() else "" for line in lines[1:])
    return f'{prefix}"""{lines[0]}\n{rest}\n{indent}"""'


def _offset(lines: list[str], line: int, col: int) -> int:
    """The character offset of (1-based `line`, UTF-8 byte column `col`) in the joined source."""
    before = sum(len(text) + 1 for text in lines[: line - 1])
    return before + len(lines[line - 1].encode("utf-8")[:col].decode("utf-8")) if line <= len(lines) else before


def with_docstrings(source: str, texts: dict[str, str], drop_module: bool = False) -> str:
    """`source` with the docstrings named in `texts` replaced (or put in where there is none).

    `drop_module` removes the module docstring instead (a sheet whose language has none).
    """
    lines = source.split("\n")
    edits: list[tuple[int, int, str]] = []  # (start offset, end offset, new text)
    for key, node in _documented(ast.parse(source)).items():
        doc = _docstring_node(node)
        if key == MODULE_KEY and drop_module and doc is not None:
            edits.append((_offset(lines, doc.lineno, 0), _offset(lines, doc.end_lineno + 1, 0), ""))
        elif key in texts and doc is not None:
            start, end = _offset(lines, doc.lineno, doc.col_offset), _offset(lines, doc.end_lineno, doc.end_col_offset)
            edits.append((start, end, _literal(texts[key], " " * doc.col_offset)))
        elif key in texts and key != MODULE_KEY:
            first = node.body[0]
            indent = " " * first.col_offset
            at = _offset(lines, first.lineno, 0)
            edits.append((at, at, f"{indent}{_literal(texts[key], indent)}\n"))
    for start, end, new in sorted(edits, reverse=True):
        source = source[:start] + new + source[end:]
    return source.strip("\n") + "\n"


def stub_source(exercise: Exercise, lang: str) -> str:
    """The stub in the sheet's language: German docstrings from `[docstrings]`.

    The stubs are written in English; a sheet in another language takes the exercise's
    translations, and a module docstring without one is left out (the statement says it).
    """
    source = exercise.stub_path.read_text(encoding="utf-8")
    if lang == "en":
        return source
    texts = {key: value[lang] for key, value in exercise.texts.table("docstrings").items() if lang in value}
    return with_docstrings(source, texts, drop_module=MODULE_KEY not in texts)


# ---------------------------------------------------------------- splitting and merging


def _lines(source: str, start: int, end: int) -> str:
    """Lines start..end (1-based, inclusive) of `source`."""
    return "\n".join(source.splitlines()[start - 1 : end])


def _node_start(node: ast.AST) -> int:
    """The first line of a statement, its decorators included."""
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno] + [d.lineno for d in decorators])


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


def split_stub(exercise: Exercise, lang: str = "en") -> CodeParts:
    """The stub as cells: everything before the first function or class, then each of them."""
    source = stub_source(exercise, lang)
    tree = ast.parse(source)
    prelude, units, trailing = [], {}, []
    for node in tree.body:
        if isinstance(node, _UNITS):
            units[node.name] = _lines(source, _node_start(node), node.end_lineno)
        elif units:
            trailing.append(_lines(source, _node_start(node), node.end_lineno))
        else:
            prelude.append(_lines(source, _node_start(node), node.end_lineno))
    prelude_text = "\n".join(prelude)
    if trailing:
        prelude_text += "\n\n" + "\n".join(trailing)  # rare: top-level code after the functions
    return CodeParts(prelude_text.strip("\n"), units)


def _merged_function(stub: str, node: ast.FunctionDef, ref_source: str, ref_node: ast.FunctionDef, otter: bool) -> str:
    """Stub signature and docstring, reference body; for otter with solution and prompt markers."""
    head, indent = _head_text(stub, node)
    body = _body_text(ref_source, ref_node)
    if not otter:
        return "\n".join([head, textwrap.indent(body, indent)])
    prompt = _body_text(stub, node)
    quote = _prompt_quote(prompt, node.name)
    return "\n".join([head, f"{indent}{quote} # BEGIN PROMPT", textwrap.indent(prompt, indent), f"{indent}{quote} # END PROMPT",
                      f"{indent}# BEGIN SOLUTION NO PROMPT", textwrap.indent(body, indent), f"{indent}# END SOLUTION"])


def _merged_class(stub: str, node: ast.ClassDef, ref_source: str, ref_node: ast.ClassDef, otter: bool) -> str:
    """The reference's class with the stub's docstrings; for otter, the stub's class is the prompt."""
    stub_class = _lines(stub, _node_start(node), node.end_lineno)
    texts = docstrings_of(stub_class)
    texts.pop(MODULE_KEY, None)
    solution = with_docstrings(_lines(ref_source, _node_start(ref_node), ref_node.end_lineno), texts).strip("\n")
    if not otter:
        return solution
    quote = _prompt_quote(stub_class, node.name)
    return "\n".join([f"{quote} # BEGIN PROMPT", stub_class, f"{quote} # END PROMPT",
                      "# BEGIN SOLUTION NO PROMPT", solution, "# END SOLUTION"])


def _prompt_quote(prompt: str, name: str) -> str:
    """The triple quote that can wrap `prompt` as otter's prompt block."""
    quote = '"""' if '"""' not in prompt else "'''"
    if quote in prompt:
        raise SheetError(f"{name}: the stub holds both kinds of triple quotes")
    return quote


def merge_reference(exercise: Exercise, otter: bool = False, lang: str = "en") -> CodeParts:
    """The stub with the reference filled in: stub signatures and docstrings, reference bodies.

    The reference's other top-level code (imports, constants, helper functions) becomes
    `helpers`. With `otter`, the bodies are wrapped in otter-assign solution markers and the
    stub's own body stays as the prompt that otter shows to students.
    """
    stub = stub_source(exercise, lang)
    ref_source = exercise.reference_source()
    ref_tree = ast.parse(ref_source)
    ref_units = {n.name: n for n in ref_tree.body if isinstance(n, _UNITS)}
    parts = split_stub(exercise, lang)
    merged: dict[str, str] = {}
    for node in ast.parse(stub).body:
        if not isinstance(node, _UNITS):
            continue
        ref_node = ref_units.get(node.name)
        if ref_node is None or isinstance(ref_node, ast.ClassDef) != isinstance(node, ast.ClassDef):
            raise SheetError(f"{exercise.id}: the reference has no {type(node).__name__[:-3].lower()} {node.name}")
        merge = _merged_class if isinstance(node, ast.ClassDef) else _merged_function
        merged[node.name] = merge(stub, node, ref_source, ref_node, otter)
    helpers, names = [], {}
    for i, node in enumerate(ref_tree.body):
        if i == 0 and _docstring_node(ref_tree) is node:
            continue  # the module docstring
        if isinstance(node, _UNITS) and node.name in merged:
            continue
        text = _lines(ref_source, _node_start(node), node.end_lineno)
        helpers.append(text)
        for name in _defined_names(node):
            names[name] = text
    return CodeParts(parts.prelude, merged, "\n\n\n".join(helpers), names)


def _defined_names(node: ast.AST) -> list[str]:
    """The top-level names a statement binds."""
    if isinstance(node, _UNITS):
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


def parameter_names(exercise: Exercise) -> dict[str, list[str]]:
    """Each stub function's parameters (a class: its constructor's, without self), for naming inputs."""
    names: dict[str, list[str]] = {}
    for node in ast.parse(exercise.stub_path.read_text(encoding="utf-8")).body:
        if isinstance(node, _DEFS):
            names[node.name] = [a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs]
        elif isinstance(node, ast.ClassDef):
            init = next((m for m in node.body if isinstance(m, _DEFS) and m.name == "__init__"), None)
            names[node.name] = [a.arg for a in init.args.args[1:]] if init else []
    return names
