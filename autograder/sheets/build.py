"""Exercise sheets: the student notebook, the solution notebook, Markdown and HTML.

A sheet (`exercises/<sheet>.toml`) names exercises; `build_sheet` turns it into a Jupyter
notebook (nbformat v4): a title, one collapsed setup cell for the self-check, then per
exercise the statement, the stub's code cells (one per function or class, docstrings in the
sheet's language) and a one-line self-check cell. The student version holds nothing from
`solutions/`: the self-check's data are plain values computed here (`sheets.pack`), its code
is dlgrade's own (`sheets.selfcheck`, embedded for kernels without dlgrade: `sheets.embed`).

A notebook that is already there and differs from the one this would write (a student's or
an instructor's edits) is not overwritten unless asked (`force`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import catalog
from ..catalog import Exercise, Sheet
from ..errors import SheetError
from ..grading.points import exercise_points
from ..i18n import LANGUAGES, word
from ..i18n import text as i18n_text
from .code import check_no_clashes, merge_reference, split_stub
from .document import render, render_html, render_markdown, statement
from .embed import embedded_modules, engine_texts
from .pack import load_pack, pack_json

SELF_CHECK_ROLE = "self-check"  # cell metadata of the sheet's own checking cells (see grading.submission)
HIDDEN = {"jupyter": {"source_hidden": True}, "tags": ["hide-input"]}  # JupyterLab/Notebook 7; Jupyter Book, nbconvert


class NotebookExists(SheetError):
    """The notebook to write exists and differs from what the build would write."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} exists and differs from the notebook this build would write (edited, or built by "
                         "another version of dlgrade); nothing was written. Use --force to overwrite it, or another --out.")
        self.path = path


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


def _raw(text: str, what: str) -> str:
    """`text` as it goes between r''' and ''' in the setup cell."""
    if "'''" in text or text.endswith("\\"):
        raise SheetError(f"the self-check's {what} cannot be embedded (it holds ''' or ends in a backslash)")
    return text


def self_check_setup(exercises: list[Exercise], lang: str) -> str:
    """The collapsed code cell that defines `_dlgrade_self_check` (packs, and the checker for kernels without dlgrade)."""
    packs = {e.id: load_pack(e) for e in exercises}
    modules = json.dumps(embedded_modules(), ensure_ascii=False)
    texts = json.dumps(engine_texts(lang), ensure_ascii=False)
    return render("sheet/self_check_setup.py.j2", lang=lang, comment=word("sheets.setup_comment", lang),
                  embedded=word("sheets.self_check_embedded", lang), packs=_raw(pack_json(packs), "data"),
                  modules=_raw(modules, "code"), texts=_raw(texts, "texts"))


def _exercise_cells(sheet: Sheet, exercise: Exercise, number: int, lang: str, solutions: bool) -> list[Any]:
    """Heading, statement, code cells and self-check of one exercise."""
    import nbformat

    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    parts = merge_reference(exercise, lang=lang) if solutions else split_stub(exercise, lang)
    cells = [md(render("sheet/exercise.md.j2", ex=_view(sheet, exercise, lang), number=number, lang=lang))]
    text = statement(exercise, lang)
    if text:
        cells.append(md(text))
    cells.append(md(render("sheet/code_intro.md.j2", number=number, lang=lang, solutions=solutions,
                           has_helpers=bool(parts.helpers))))
    prelude = (parts.prelude + (f"\n\n\n{parts.helpers}" if parts.helpers else "")).strip("\n")
    if prelude:
        cells.append(code(prelude))
    cells += [code(src) for src in parts.functions.values()]
    cells.append(md(render("sheet/self_check.md.j2", number=number, lang=lang, count=len(exercise.public_cases()))))
    call = code(render("sheet/self_check_call.py.j2", exercise=exercise.id,
                       comment=i18n_text("sheets.self_check_comment", exercise=exercise.id)[lang]))
    call.metadata["dlgrade"] = {"role": SELF_CHECK_ROLE}  # the grader leaves these cells out
    return cells + [call]


def build_notebook(sheet: Sheet, lang: str = "de", solutions: bool = False) -> Any:
    """The sheet as an nbformat v4 notebook (the instructors' version with `solutions`)."""
    import nbformat

    exercises = [catalog.load_exercise(e) for e in sheet.exercises]
    if solutions:
        check_no_clashes(exercises, {e.id: merge_reference(e, lang=lang) for e in exercises})
    views = [_view(sheet, e, lang) for e in exercises]
    setup = nbformat.v4.new_code_cell(self_check_setup(exercises, lang))
    setup.metadata.update({"dlgrade": {"role": SELF_CHECK_ROLE}, **json.loads(json.dumps(HIDDEN))})
    cells = [nbformat.v4.new_markdown_cell(render("sheet/title.md.j2", sheet=sheet, lang=lang, exercises=views,
                                                  solutions=solutions)), setup]
    for number, exercise in enumerate(exercises, 1):
        cells += _exercise_cells(sheet, exercise, number, lang, solutions)
    cells.append(nbformat.v4.new_markdown_cell(render("sheet/submit.md.j2", sheet=sheet, lang=lang,
                                                      filename=notebook_name(sheet, solutions))))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["dlgrade"] = {"sheet": sheet.id, "lang": lang, "solutions": solutions,
                              "exercises": [e.id for e in exercises]}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{sheet.id}-{i:03d}"
    nbformat.validate(nb)
    return nb


def notebook_name(sheet: Sheet, solutions: bool) -> str:
    """`sheet01.ipynb`, or `sheet01_solutions.ipynb` for the instructors' version."""
    return f"{sheet.id}_solutions.ipynb" if solutions else f"{sheet.id}.ipynb"


def _cells(nb: Any) -> list[tuple[str, str]]:
    return [(c.get("cell_type", ""), c.get("source", "")) for c in nb.get("cells", [])]


def differs(path: Path, nb: Any) -> bool:
    """Whether the notebook at `path` has other cells than `nb` (outputs and metadata do not count)."""
    import nbformat

    try:
        existing = nbformat.read(str(path), as_version=4)
    except Exception:  # not a notebook at all: overwriting it would lose it
        return True
    return _cells(existing) != _cells(nb)


def build_sheet(sheet_id: str, out_dir: Path, lang: str = "de", solutions: bool = False, force: bool = False) -> list[Path]:
    """Write the notebook, the Markdown and the HTML version of a sheet; returns their paths.

    Raises `NotebookExists` (and writes nothing) where the notebook is there and differs from
    the one it would write, unless `force`.
    """
    import nbformat

    if lang not in LANGUAGES:
        raise SheetError(f"unknown language {lang!r}")
    sheet = catalog.load_sheet(sheet_id)
    nb = build_notebook(sheet, lang, solutions)
    out_dir = Path(out_dir)
    stem = Path(notebook_name(sheet, solutions)).stem
    paths = [out_dir / f"{stem}.ipynb", out_dir / f"{stem}.md", out_dir / f"{stem}.html"]
    if paths[0].exists() and not force and differs(paths[0], nb):
        raise NotebookExists(paths[0])
    out_dir.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(paths[0]))
    paths[1].write_text(render_markdown(nb), encoding="utf-8")
    paths[2].write_text(render_html(nb, sheet, lang), encoding="utf-8")
    return paths
