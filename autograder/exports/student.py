"""A sheet's student package: dlgrade without solutions, installable with `pip install FOLDER`.

It holds the engine (so that `dlgrade check` and the notebook's self-check run the grader's
own comparison and texts), the sheet's exercises as students may see them (stub, statements,
public cases, public harness, texts), each with its self-check data precomputed on this side
(`exercises/<id>/selfcheck.json`: expected values and known mistakes' outputs on the public
cases, never code), the templates, and beside the package the student notebook of the sheet.
It holds no `solutions/`: no reference, no hidden case generator, no known mistake's code.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from .. import __version__, catalog
from ..errors import SheetError
from ..output.templates import render
from ..sheets.build import build_sheet
from ..sheets.pack import PACK_FILE, build_pack, pack_json

MARKER = "dlgrade-student.json"  # says the folder is a student package this command may replace
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", ".pytest_cache")
CONTENT = ("exercises", "solutions", "templates")  # folders of the installed package that are not the engine


def _dependencies() -> list[str]:
    """dlgrade's runtime dependencies: the checkout's pyproject.toml, else the installed distribution's."""
    import tomllib
    from importlib.metadata import requires

    pyproject = catalog.ROOT / "pyproject.toml"
    if pyproject.is_file():
        return list(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"])
    return [r for r in requires("dlgrade") or [] if "extra ==" not in r]


def _prepare(out_dir: Path) -> None:
    """An empty folder, or one that holds an earlier student package (which is replaced)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise SheetError(f"{out_dir} is a file; name a folder for the student package")
    if out_dir.exists() and any(out_dir.iterdir()):
        if not (out_dir / MARKER).is_file():
            raise SheetError(f"{out_dir} is not empty and holds no student package of dlgrade; name an empty folder")
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)


def _copy_package(sheet_id: str, exercise_ids: list[str], package: Path) -> None:
    """The installed package without solutions: engine, templates, the sheet's exercises with their packs."""
    engine = Path(__file__).resolve().parent.parent
    shutil.copytree(engine, package, ignore=shutil.ignore_patterns(*CONTENT, "__pycache__", "*.pyc", "*.pyo"))
    shutil.copytree(catalog.TEMPLATES, package / "templates", ignore=IGNORE)
    exercises = package / "exercises"
    exercises.mkdir()
    shutil.copy2(catalog.EXERCISES / "__init__.py", exercises / "__init__.py")
    shutil.copy2(catalog.EXERCISES / f"{sheet_id}.toml", exercises / f"{sheet_id}.toml")
    for exercise_id in exercise_ids:
        exercise = catalog.load_exercise(exercise_id)
        shutil.copytree(exercise.folder, exercises / exercise_id, ignore=IGNORE)
        (exercises / exercise_id / PACK_FILE).write_text(pack_json(build_pack(exercise)), encoding="utf-8")


def export_student(sheet_id: str, out_dir: Path, lang: str = "de") -> list[Path]:
    """Write the student package of a sheet into `out_dir`; returns the folder and the notebook."""
    sheet = catalog.load_sheet(sheet_id)
    out_dir = Path(out_dir)
    _prepare(out_dir)
    _copy_package(sheet.id, sheet.exercises, out_dir / "dlgrade")
    notebook, *_ = build_sheet(sheet.id, out_dir, lang)
    (out_dir / "pyproject.toml").write_text(render(
        "student/pyproject.toml.j2", sheet=sheet, version=f"{__version__}+{sheet.id}", dependencies=_dependencies(),
        description=f"dlgrade self-check for {sheet.id} (no solutions)"), encoding="utf-8")
    (out_dir / "README.md").write_text(render("student/README.md.j2", sheet=sheet, lang=lang, notebook=notebook.name),
                                       encoding="utf-8")
    (out_dir / MARKER).write_text(json.dumps({"sheet": sheet.id, "lang": lang, "dlgrade": __version__}) + "\n",
                                  encoding="utf-8")
    return [out_dir, notebook]
