"""Reading what a student handed in: a .py file, a .ipynb notebook, or a .zip of one.

The result is a list of code cells (a .py file is one cell) that the worker executes in
order. Nothing here executes student code; notebooks are parsed with nbformat.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BadSubmission
from ..i18n import t, text
from ..output.formats import one_line

MAX_BYTES = 5 << 20
MAGIC_LINE = re.compile(r"^\s*(%|!)")
CELL_MAGIC = re.compile(r"^\s*%%")


@dataclass
class Submission:
    name: str
    cells: list[dict]
    digest: str
    notes: list[dict] = field(default_factory=list)


def load_submission(path: Path, preferred_stem: str | None = None) -> Submission:
    path = Path(path)
    if not path.exists():
        raise BadSubmission("not_found", name=path.name)
    if path.is_dir():
        raise BadSubmission("is_folder", name=path.name)
    data = path.read_bytes()
    return parse_submission(path.name, data, preferred_stem)


def parse_submission(name: str, data: bytes, preferred_stem: str | None = None) -> Submission:
    if len(data) > MAX_BYTES:
        raise BadSubmission("too_large", mib=MAX_BYTES >> 20)
    if not data.strip():
        raise BadSubmission("empty")
    digest = hashlib.sha256(data).hexdigest()
    suffix = Path(name).suffix.lower()
    if suffix == ".zip" or data[:4] == b"PK\x03\x04":
        inner_name, inner = _from_zip(data, preferred_stem)
        sub = parse_submission(inner_name, inner, preferred_stem)
        return Submission(f"{name}:{inner_name}", sub.cells, digest, sub.notes)
    text = _decode(data)
    if suffix == ".ipynb":
        cells, notes = _notebook_cells(text)
        return Submission(name, cells, digest, notes)
    if suffix not in (".py", ""):
        raise BadSubmission("unknown_type", suffix=suffix)
    return Submission(name, [{"index": 1, "source": text}], digest)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadSubmission("not_utf8", byte=exc.start) from None


def _from_zip(data: bytes, preferred_stem: str | None) -> tuple[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir() and not Path(m.filename).name.startswith(".")
                   and "__MACOSX" not in m.filename and Path(m.filename).suffix.lower() in (".py", ".ipynb")]
    except zipfile.BadZipFile:
        raise BadSubmission("zip_damaged") from None
    if preferred_stem:
        preferred = [m for m in members if Path(m.filename).stem == preferred_stem]
        members = preferred or members
    if len(members) != 1:
        found = ", ".join(one_line(m.filename)[:120] for m in members) or text("submission.none")
        raise BadSubmission("zip_count", found=found)
    member = members[0]
    if member.file_size > MAX_BYTES:
        raise BadSubmission("zip_member_too_large")
    with archive.open(member) as f:
        return one_line(Path(member.filename).name)[:120], f.read(MAX_BYTES + 1)


def _notebook_cells(text: str) -> tuple[list[dict], list[dict]]:
    import nbformat

    try:
        json.loads(text)
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:
        raise BadSubmission("not_notebook", error=type(exc).__name__) from None
    cells, notes = [], []
    number = 0
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        mark = cell.get("metadata").get("dlgrade") if isinstance(cell.get("metadata"), dict) else None
        if isinstance(mark, dict) and mark.get("role") == "self-check":
            continue  # the sheet's own self-check cells are not the student's code (they are never run)
        number += 1
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(line, str) for line in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise BadSubmission("cell_not_text", index=number)
        if CELL_MAGIC.match(source):
            notes.append(t("magic_removed", index=number, line=source.splitlines()[0][:60]))
            continue
        lines = []
        for line in source.splitlines():
            if MAGIC_LINE.match(line):
                notes.append(t("magic_removed", index=number, line=line.strip()[:60]))
                indent = line[: len(line) - len(line.lstrip())]
                lines.append(f"{indent}pass")
            else:
                lines.append(line)
        cells.append({"index": number, "source": "\n".join(lines)})
    if not cells:
        raise BadSubmission("no_code_cells")
    return cells, notes
