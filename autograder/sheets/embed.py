"""The self-check's own code, for a notebook whose kernel has no dlgrade installed.

Rather than a hand-written copy that drifts from the grader, the notebook carries the real
engine modules the self-check imports (`sheets.selfcheck` and what it needs: the comparison,
the known-mistake signature hints, the codec, the texts), found here by following their
relative imports, plus the engine's texts in the sheet's language. The notebook's hidden
setup cell registers them under a private package name and runs them unchanged, so the
verdicts are the grader's by construction. Every embedded module may import only the
standard library and numpy; anything else is refused at build time.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

from ..errors import SheetError
from ..i18n import ENGINE

PACKAGE = "dlgrade"
ROOT = Path(__file__).resolve().parent.parent  # the installed dlgrade package (autograder/ in a checkout)
ROOT_MODULE = "dlgrade.sheets.selfcheck"
ALLOWED = {"numpy"}  # besides the standard library


def _file(module: str) -> Path | None:
    """The source file of a dlgrade module (a package's __init__.py), or None."""
    rel = Path(*module.split(".")[1:])
    for path in (ROOT / rel.with_suffix(".py"), ROOT / rel / "__init__.py"):
        if path.is_file():
            return path
    return None


def _type_checking_only(tree: ast.Module) -> set[int]:
    """ids of import nodes under `if TYPE_CHECKING:` (annotations only, never run)."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for child in node.body for n in ast.walk(child)}
    return skip


def _imports(module: str, source: str) -> tuple[list[str], list[str]]:
    """(dlgrade modules it imports, other top-level packages it imports)."""
    tree = ast.parse(source)
    skip = _type_checking_only(tree)
    is_package = _file(module).name == "__init__.py"
    package = module if is_package else module.rsplit(".", 1)[0]
    ours, others = [], []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            if target.split(".")[0] != PACKAGE:
                others.append(target.split(".")[0])
                continue
            for alias in node.names:  # `from .. import catalog` imports a module
                ours.append(f"{target}.{alias.name}" if _file(f"{target}.{alias.name}") else target)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                (ours if top == PACKAGE else others).append(alias.name if top == PACKAGE else top)
    return ours, others


def closure(root: str = ROOT_MODULE) -> list[tuple[str, str]]:
    """(module name, source) of `root` and every dlgrade module it needs, dependencies first."""
    order: list[tuple[str, str]] = []
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        if module in done or module in path:
            return
        file = _file(module)
        if file is None:
            raise SheetError(f"the self-check imports {module}, which has no source file")
        source = file.read_text(encoding="utf-8")
        ours, others = _imports(module, source)
        foreign = sorted({m for m in others if m and m not in ALLOWED and m not in sys.stdlib_module_names})
        if foreign:
            raise SheetError(f"{module} imports {', '.join(foreign)}: a notebook without dlgrade cannot run it")
        for dependency in ours:
            if dependency != module and _file(dependency).name != "__init__.py":
                visit(dependency, (*path, module))
        done.add(module)
        order.append((module, source))

    visit(root, ())
    return order


def embedded_modules() -> list[list[str]]:
    """The closure with names relative to the package (".grading.compare"), as JSON-able pairs."""
    return [[name[len(PACKAGE):], source] for name, source in closure()]


def engine_texts(lang: str) -> dict[str, str]:
    """The engine's texts in one language, flat keys, for the embedded i18n module."""
    return dict(ENGINE.tables.get(lang, {}))
