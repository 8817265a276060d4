"""A sheet as a Gradescope autograder zip that grades with dlgrade's own sandboxed engine.

The zip holds `setup.sh` (installs Python and dlgrade's dependencies once per image),
`run_autograder` (grades the upload in `/autograder/submission/` into
`/autograder/results/results.json` with `dlgrade lms gradescope`: the file chosen as
`grade-batch` chooses it, Markdown feedback that Gradescope renders),
`requirements.txt` and `dlgrade/dlgrade/`, the package as it is installed (engine, templates,
and the exercises and solutions of this sheet only), which run_autograder puts on PYTHONPATH. `dlgrade/.state/secret.key` is the
hidden-case secret of this zip (DLGRADE_SECRET at export time, else a fresh random one), so
regrades of one submission see the same hidden cases.
"""
from __future__ import annotations

import os
import secrets
import stat
import zipfile
from pathlib import Path

from .. import catalog
from ..output.templates import render

SKIP_DIRS = {"__pycache__", ".pytest_cache", ".mypy_cache"}
SKIP_SUFFIXES = (".pyc", ".pyo")


def _tree(folder: Path, prefix: str, keep=lambda rel: True) -> list[tuple[Path, str]]:
    files = []
    for file in sorted(folder.rglob("*")):
        rel = file.relative_to(folder)
        if file.is_file() and not SKIP_DIRS & set(rel.parts) and not file.name.endswith(SKIP_SUFFIXES) and keep(rel):
            files.append((file, f"{prefix}/{rel.as_posix()}"))
    return files


def project_files(exercise_ids: list[str]) -> list[tuple[Path, str]]:
    """(file, name in the zip): the installed package `dlgrade` under `dlgrade/`, with only these exercises.

    The zip carries the references and hidden cases of the sheet's own exercises, nothing else.
    """
    engine = Path(__file__).resolve().parent.parent  # the package: dlgrade/
    wanted = set(exercise_ids)

    def content(rel: Path) -> bool:
        return len(rel.parts) == 1 and not rel.name.startswith("sheet") or rel.parts[0] in wanted

    files = _tree(engine, "dlgrade/dlgrade", lambda rel: rel.parts[0] not in ("exercises", "solutions", "templates"))
    files += _tree(catalog.EXERCISES, "dlgrade/dlgrade/exercises", content)
    files += [(catalog.EXERCISES / f"{s}.toml", f"dlgrade/dlgrade/exercises/{s}.toml") for s in catalog.sheet_ids()
              if set(catalog.load_sheet(s).exercises) <= wanted]
    files += _tree(catalog.SOLUTIONS, "dlgrade/dlgrade/solutions", content)
    files += _tree(catalog.TEMPLATES, "dlgrade/dlgrade/templates")
    return files


def requirements() -> str:
    """dlgrade's runtime dependencies, as the installed distribution declares them."""
    from importlib.metadata import requires

    return "\n".join(r for r in requires("dlgrade") or [] if "extra ==" not in r) + "\n"


def write_member(archive: zipfile.ZipFile, name: str, data: str | bytes, mode: int = 0o644) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | mode) << 16
    archive.writestr(info, data)


def export_gradescope(sheet_id: str, out: Path, lang: str = "de", hidden_visibility: str = "visible",
                      extra_options: list[str] = ()) -> Path:
    """Write the autograder zip for a sheet (or a single exercise) to `out`."""
    catalog.resolve(sheet_id)  # raises UnknownExercise for an unknown target
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    secret = os.environ.get("DLGRADE_SECRET") or secrets.token_hex(32)
    context = {"sheet": sheet_id, "lang": lang, "hidden_visibility": hidden_visibility, "extra": list(extra_options)}
    with zipfile.ZipFile(out, "w") as archive:
        write_member(archive, "setup.sh", render("gradescope/setup.sh.j2", **context) + "\n", 0o755)
        write_member(archive, "run_autograder", render("gradescope/run_autograder.j2", **context) + "\n", 0o755)
        write_member(archive, "requirements.txt", requirements())
        for path, name in project_files([e.id for e in catalog.resolve(sheet_id)]):
            mode = 0o755 if os.access(path, os.X_OK) else 0o644
            write_member(archive, name, path.read_bytes(), mode)
        write_member(archive, "dlgrade/.state/secret.key", secret, 0o600)
    return out


def unpack(zip_path: Path, target: Path) -> None:
    """Unpack like Gradescope does, keeping the file modes (zipfile alone drops them)."""
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            path = Path(archive.extract(info, target))
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                path.chmod(mode)
