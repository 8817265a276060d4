"""A sheet as a Moodle VPL (Virtual Programming Lab) activity that grades with dlgrade's sandbox.

VPL runs the activity's `vpl_evaluate.sh` in its jail, in a folder with the student's files and
the activity's execution files; the script must leave a program `vpl_execution`, whose output
VPL reads: lines "Comment :=>>..." are the comments ("-" starts a title), the last line
"Grade :=>>N" is the proposed grade. VPL deletes the execution files before `vpl_execution`
runs (unless they are marked to keep), so the generated script grades while the bundle is
there, removes the bundle, and leaves a `vpl_execution` that only prints what was prepared.

`dlgrade export vpl SHEET --out DIR` writes DIR/vpl_evaluate.sh, DIR/dlgrade_bundle.zip (the
package with this sheet's exercises and solutions only, and the hidden cases' secret) and
DIR/requirements.txt (what the jail's Python needs).
"""
from __future__ import annotations

import os
import secrets
import zipfile
from pathlib import Path

from .. import catalog
from ..i18n import number, word
from ..model import GradeResult
from ..output.formats import vpl_comment, write_atomic
from ..output.templates import render
from .gradescope import project_files, requirements, write_member

BUNDLE = "dlgrade_bundle.zip"


def export_vpl(sheet_id: str, out_dir: Path, lang: str = "de", hidden_visibility: str = "visible",
               extra_options: list[str] = ()) -> list[Path]:
    """Write the VPL execution files of a sheet (or an exercise) to `out_dir`."""
    exercises = catalog.resolve(sheet_id)  # raises UnknownExercise for an unknown target
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    script = out_dir / "vpl_evaluate.sh"
    write_atomic(script, render("vpl/vpl_evaluate.sh.j2", sheet=sheet_id, lang=lang, bundle=BUNDLE,
                                hidden_visibility=hidden_visibility, extra=list(extra_options)))
    script.chmod(0o755)
    bundle = out_dir / BUNDLE
    secret = os.environ.get("DLGRADE_SECRET") or secrets.token_hex(32)
    with zipfile.ZipFile(bundle, "w") as archive:
        for path, name in project_files([e.id for e in exercises]):
            write_member(archive, name, path.read_bytes(), 0o755 if os.access(path, os.X_OK) else 0o644)
        write_member(archive, "dlgrade/.state/secret.key", secret, 0o600)
    reqs = out_dir / "requirements.txt"
    write_atomic(reqs, requirements())
    return [script, bundle, reqs]


def _pts(value: float, lang: str) -> str:
    return number(round(value, 2), lang)


def _case_lines(case, lang: str) -> list[str]:
    mark = "✓" if case.status == "passed" else "✗"
    visibility = word("labels.public" if case.public else "labels.hidden", lang)
    lines = [vpl_comment(f"{mark} {case.label(lang)} ({visibility}): {_pts(case.score, lang)} / {_pts(case.max_score, lang)}")]
    if case.status != "passed":
        lines.append(vpl_comment(f"   {word(f'status.{case.status}', lang)}: {case.message.get(lang, '')}"))
        lines += [vpl_comment(f"   {word(f'labels.{key}', lang)}: {getattr(case, key).get(lang, '')}")
                  for key in ("diagnosis", "hint") if getattr(case, key)]
    return lines


def _exercise_lines(exercise, lang: str, hidden_visibility: str) -> list[str]:
    title = exercise.title.get(lang, exercise.id) if isinstance(exercise.title, dict) else exercise.id
    lines = [vpl_comment(f"{title} ({exercise.id}): {_pts(exercise.score, lang)} / {_pts(exercise.max_score, lang)}",
                         title=True)]
    folded = [c for c in exercise.cases if not (c.public or hidden_visibility == "visible")]
    for case in (c for c in exercise.cases if c not in folded):
        lines += _case_lines(case, lang)
    if folded:
        score, top = sum(c.score for c in folded), sum(c.max_score for c in folded)
        lines.append(vpl_comment(f"{len(folded)} × {word('labels.hidden', lang)}: {_pts(score, lang)} / {_pts(top, lang)}"))
    return lines


def protocol(result: GradeResult, lang: str, hidden_visibility: str, grade_min: float, grade_max: float | None) -> str:
    """VPL's comments and grade for one result (the grade scaled to the activity's range)."""
    lines = [vpl_comment(f"{result.target}: {_pts(result.score, lang)} / {_pts(result.max_score, lang)}", title=True)]
    lines += [vpl_comment(note.get(lang, "")) for note in result.notes if note.get(lang)]
    if result.internal_error:
        lines.append(vpl_comment(result.internal_error))
    for exercise in result.exercises:
        lines += _exercise_lines(exercise, lang, hidden_visibility)
    top = grade_max if grade_max is not None else result.max_score
    share = result.score / result.max_score if result.max_score else 0.0
    lines.append(f"Grade :=>>{grade_min + (top - grade_min) * share:.2f}")
    return "\n".join(lines) + "\n"
