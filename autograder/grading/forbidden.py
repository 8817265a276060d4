"""Which forbidden library routines a submission's functions use, read from its source.

An exercise may forbid the routines that would do its whole job (a library convolution in
`conv2d_forward`, autograd in `backprop`): `[forbidden]` in its exercise.toml maps a function
(or "*") to dotted-name patterns. This module runs in the trusted parent and never executes
the submission: it parses the code cells, resolves import aliases, module-level assignments,
`getattr(obj, "literal")` and attribute chains to dotted names (`F.conv2d` after
`import torch.nn.functional as F` is `torch.nn.functional.conv2d`), follows references between
the submission's own top-level functions and classes, and matches what each function reaches
against the patterns. The worker records calls of the same routines at run time (see
`worker.Recorder`); a use found by either counts.
"""
from __future__ import annotations

import ast
import fnmatch
from collections import defaultdict

DYNAMIC_IMPORTS = {"importlib.import_module", "__import__"}


def matches(name: str, pattern: str) -> bool:
    """`torch.nn.functional.conv2d` against `torch.nn.functional.conv*`; `pkg.*` also matches `pkg`."""
    if pattern.endswith(".*") and (name == pattern[:-2] or name.startswith(pattern[:-1])):
        return True
    return fnmatch.fnmatchcase(name, pattern)


def method_patterns(patterns: list[str]) -> dict[str, str]:
    """`torch.Tensor.backward` -> {"backward": pattern}: a method may be reached from any tensor."""
    out = {}
    for pattern in patterns:
        parts = pattern.split(".")
        if len(parts) >= 3 and parts[-2][:1].isupper() and "*" not in parts[-1]:
            out[parts[-1]] = pattern
    return out


class _Names(ast.NodeVisitor):
    """The dotted names and the submission's own top-level names one definition refers to."""

    def __init__(self, aliases: dict[str, str], own: set[str]) -> None:
        self.aliases, self.own = dict(aliases), own
        self.names: set[str] = set()
        self.calls: set[str] = set()
        self.methods: set[str] = set()
        self.bare: set[str] = set()  # names resolved nowhere: may come from a star import

    def dotted(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self.dotted(node.value)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, ast.Call) and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) \
                and isinstance(node.args[1].value, str) and isinstance(node.func, ast.Name) and node.func.id == "getattr":
            base = self.dotted(node.args[0])
            return f"{base}.{node.args[1].value}" if base else None
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str) and self.dotted(node.func) in DYNAMIC_IMPORTS:
            return node.args[0].value
        return None

    def visit_Import(self, node: ast.Import) -> None:
        _imports(node, self.aliases)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        _imports(node, self.aliases)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in self.own:
            self.calls.add(node.id)
        name = self.dotted(node)
        if name:
            self.names.add(name)
        elif node.id not in self.own:
            self.bare.add(node.id)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        name = self.dotted(node)
        if name:
            self.names.add(name)
        else:
            self.methods.add(node.attr)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = self.dotted(node)
        if name:
            self.names.add(name)
        self.generic_visit(node)


def _imports(node: ast.AST, aliases: dict[str, str]) -> None:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                aliases[alias.asname] = alias.name
            else:
                top = alias.name.split(".")[0]
                aliases[top] = top
    elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
        for alias in node.names:
            if alias.name == "*":
                aliases[f"*{node.module}"] = node.module  # a star import: bare names may come from it
            else:
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"


def _module_level(trees: list[ast.Module]) -> tuple[dict[str, str], dict[str, list[ast.AST]]]:
    """Import aliases and simple assignments at module level, and the top-level definitions."""
    aliases: dict[str, str] = {"getattr": "getattr", "__import__": "__import__", "vars": "vars"}
    definitions: dict[str, list[ast.AST]] = defaultdict(list)
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                _imports(node, aliases)
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                definitions[node.name].append(node)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                value = _Names(aliases, set()).dotted(node.value) if node.value is not None else None
                for target in targets:
                    if isinstance(target, ast.Name) and value:
                        aliases[target.id] = value
                    elif isinstance(target, ast.Name):
                        definitions[target.id].append(node)
    return aliases, definitions


def parse_cells(cells: list[dict]) -> list[ast.Module]:
    """The cells that parse (a cell with a syntax error defines nothing anyway)."""
    trees = []
    for cell in cells:
        source = cell.get("source")
        if not isinstance(source, str):
            continue
        try:
            trees.append(ast.parse(source))
        except (SyntaxError, ValueError, RecursionError):
            continue
    return trees


def reached(cells: list[dict]) -> dict[str, set[str]]:
    """For every top-level name: the dotted library names it uses, directly or through own helpers."""
    trees = parse_cells(cells)
    aliases, definitions = _module_level(trees)
    own = set(definitions)
    direct: dict[str, _Names] = {}
    for name, nodes in definitions.items():
        visitor = _Names(aliases, own)
        for node in nodes:
            visitor.visit(node)
        direct[name] = visitor
    stars = [module for key, module in aliases.items() if key.startswith("*")]
    out = {}
    for name in definitions:
        seen, todo, names = {name}, [name], set()
        while todo:
            visitor = direct[todo.pop()]
            names |= visitor.names
            names |= {f"{m}.{bare}" for m in stars for bare in visitor.bare}
            names |= {f"?.{method}" for method in visitor.methods}
            for callee in visitor.calls - seen:
                seen.add(callee)
                todo.append(callee)
        out[name] = names
    return out


def forbidden_uses(cells: list[dict], forbidden: dict[str, list[str]], functions: list[str]) -> dict[str, list[str]]:
    """function -> the forbidden routines (by pattern) it uses; only functions that use one."""
    if not forbidden:
        return {}
    uses = reached(cells)
    imports_anything = any(isinstance(n, (ast.Import, ast.ImportFrom)) for t in parse_cells(cells) for n in ast.walk(t))
    out = {}
    for function in functions:
        patterns = forbidden.get(function, []) + forbidden.get("*", [])
        names = uses.get(function, set())
        found = {p for p in patterns for n in names if not n.startswith("?.") and matches(n, p)}
        if imports_anything:
            methods = method_patterns(patterns)
            found |= {methods[n[2:]] for n in names if n.startswith("?.") and n[2:] in methods}
        if found:
            out[function] = sorted(found)
    return out


def runtime_uses(used: list[str], patterns: list[str]) -> list[str]:
    """Which of the worker's recorded routine names fall under these patterns."""
    return sorted({p for p in patterns for name in used if matches(name, p)})


# Routines no exercise needs and that reach into the grader's process: its frames, its modules,
# the import system, raw memory. A submission that uses one is not graded (every exercise).
TAMPER_PATTERNS = ("sys.modules", "sys._getframe", "sys.settrace", "sys.setprofile", "sys.meta_path",
                   "sys.path_hooks", "sys.addaudithook", "gc.get_objects", "gc.get_referrers", "gc.get_referents",
                   "inspect.currentframe", "inspect.stack", "inspect.getouterframes", "inspect.trace",
                   "ctypes", "ctypes.*", "builtins.*", "importlib.reload", "worker", "worker.*", "wire", "wire.*",
                   "jail.*", "forkserver.*", "__main__.*", "harness_*", "_dlgrade_*", "threading.settrace",
                   "threading.setprofile", "torch._C", "torch._C.*", "torch.ops", "torch.ops.*")
# Attributes that lead from any object into the interpreter's frames and functions' insides: reading a
# traceback's frames reaches the worker's locals; __wrapped__ and __code__ undo a wrapper. No exercise needs them.
INTERNAL_ATTRIBUTES = {"tb_frame", "tb_next", "f_back", "f_globals", "f_locals", "f_builtins", "f_code",
                       "gi_frame", "cr_frame", "ag_frame", "gi_code", "__globals__", "__closure__", "__code__",
                       "__wrapped__", "__subclasses__", "__self_class__"}
DYNAMIC_CODE = {"exec", "eval", "compile"}
SETTERS = {"setattr", "delattr", "object.__setattr__", "object.__delattr__", "type.__setattr__", "type.__delattr__"}


def tampering(cells: list[dict]) -> list[str]:
    """What in the submission changes the grader's or a library's internals (empty: nothing).

    Monkeypatching anything imported (`torch.Tensor.backward = ...`, `setattr(np, ...)`), the
    interpreter's internals (frames, sys.modules, gc, ctypes) and code built at run time
    (`exec(text)`) are never needed by an exercise and would let a submission forge what the
    worker reports; such a submission gets no points, with this list as the reason.
    """
    trees = parse_cells(cells)
    aliases, _ = _module_level(trees)
    found: list[str] = []
    for tree in trees:
        scope = dict(aliases)
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                _imports(node, scope)
        names = _Names(scope, set())
        for node in ast.walk(tree):
            found += _tamper_in(node, names)
    return sorted(set(found))[:20]


def _tamper_in(node: ast.AST, names: _Names) -> list[str]:
    out = []
    targets = []
    if isinstance(node, (ast.Assign, ast.Delete)):
        targets = list(node.targets)
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        targets = [node.target]
    while targets:
        part = targets.pop()
        if isinstance(part, (ast.Tuple, ast.List)):
            targets += part.elts
        elif isinstance(part, ast.Starred):
            targets.append(part.value)
        elif isinstance(part, (ast.Attribute, ast.Subscript)):
            base = names.dotted(part.value)
            if base:
                out.append(f"{base}.{part.attr} = …" if isinstance(part, ast.Attribute) else f"{base}[…] = …")
            elif isinstance(part, ast.Subscript) and isinstance(part.value, ast.Call) \
                    and names.dotted(part.value.func) == "vars" and part.value.args:
                out.append("vars(…)[…] = …")  # vars(torch)["conv2d"] = ...
            elif isinstance(part, ast.Attribute) and isinstance(part.value, ast.Call):
                out.append(f"{ast.unparse(part.value)[:40]}.{part.attr} = …")  # type(t).backward = ...
    if isinstance(node, ast.Call):
        called = names.dotted(node.func) or (node.func.id if isinstance(node.func, ast.Name) else
                                             _attribute_text(node.func))
        if called in SETTERS and len(node.args) >= 2 and not isinstance(node.args[1], ast.Constant) \
                and not (isinstance(node.args[0], ast.Name) and node.args[0].id == "self"):
            out.append(f"{called}(…, {ast.unparse(node.args[1])[:40]}, …)")  # a name built at run time
        elif called in SETTERS and node.args and names.dotted(node.args[0]):
            out.append(f"{called}({names.dotted(node.args[0])}, …)")
        elif called in SETTERS and node.args and isinstance(node.args[0], ast.Call):  # setattr(type(t), ...)
            out.append(f"{called}({ast.unparse(node.args[0])[:40]}, …)")
        if called in DYNAMIC_CODE and node.args and not isinstance(node.args[0], ast.Constant):
            out.append(f"{called}(…)")
        if called in DYNAMIC_IMPORTS and node.args and not isinstance(node.args[0], ast.Constant):
            out.append(f"{called}(…)")
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        out += [m for m in modules if any(matches(m, p) for p in TAMPER_PATTERNS)]
    if isinstance(node, ast.Name) and node.id in ("__builtins__", "__loader__", "__spec__"):
        out.append(node.id)
    if isinstance(node, ast.Attribute) and node.attr in INTERNAL_ATTRIBUTES:
        out.append(f"….{node.attr}")
    out += _namespace_access(node, names)
    name = names.dotted(node) if isinstance(node, (ast.Attribute, ast.Name)) else None
    if name and any(matches(name, p) for p in TAMPER_PATTERNS):
        out.append(name)
    return out


def _namespace_access(node: ast.AST, names: _Names) -> list[str]:
    """A library's namespace as a dict (`torch.autograd.__dict__`, `vars(os)`, `vars(type(f))`): editing it
    patches the library without an assignment the scan would see; reading it hides which routine is used."""
    library = isinstance(node, ast.Attribute) and (names.dotted(node.value) or isinstance(node.value, ast.Call))
    if library and node.attr == "__dict__":
        return [f"{names.dotted(node.value) or ast.unparse(node.value)[:40]}.__dict__"]
    if not isinstance(node, ast.Call) or not node.args:
        return []
    called = names.dotted(node.func)
    target = node.args[0]
    if called == "vars" and (names.dotted(target) or isinstance(target, ast.Call)):
        return [f"vars({names.dotted(target) or ast.unparse(target)[:40]})"]
    if called == "getattr" and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) \
            and node.args[1].value in INTERNAL_ATTRIBUTES | {"__dict__"}:
        return [f"getattr(…, {node.args[1].value!r})"]
    return []


def _attribute_text(node: ast.AST) -> str | None:
    """`object.__setattr__` for an attribute of a builtin name (no import needed)."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return None
