"""Each student's folder (results.json, report.html, report.md), written whole or not at all."""
from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path

from ..model import GradeResult
from ..output.results import write_outputs
from .store import ResultStore


def publish(out_dir: Path, student_id: str, result: GradeResult, lang: str, hidden_visibility: str) -> str:
    """Write DIR/students/ID/ as a whole (temporary folder, then rename); return results.json's text."""
    students = out_dir / "students"
    students.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{student_id}.tmp-", dir=students))
    try:
        write_outputs(tmp, result, lang, hidden_visibility)
        text = (tmp / "results.json").read_text(encoding="utf-8")
        tmp.chmod(0o755)
        final = students / student_id
        if final.exists():
            old = students / f".{student_id}.old-{uuid.uuid4().hex[:8]}"
            final.rename(old)
            tmp.rename(final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(final)
        return text
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def restore_folders(store: ResultStore, out_dir: Path, lang: str, hidden_visibility: str, rerender: bool) -> int:
    """Rebuild every student folder that is missing or differs from the store; returns how many."""
    students = out_dir / "students"
    if students.exists():
        for leftover in students.glob(".*.*-*"):  # a run killed in the middle of `publish`
            shutil.rmtree(leftover, ignore_errors=True)
    rebuilt = 0
    for row in store.students():
        path = students / row.student_id / "results.json"
        if not rerender and path.exists() and path.read_text(encoding="utf-8") == row.results_json:
            continue
        text = publish(out_dir, row.student_id, store.result(row.student_id), lang, hidden_visibility)
        if text != row.results_json:
            store.update_results_json(row.student_id, text)
        rebuilt += 1
    return rebuilt
