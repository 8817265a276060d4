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

from .texts import t

MAX_BYTES = 5 << 20
MAGIC_LINE = re.compile(r"^\s*(%|!)")
CELL_MAGIC = re.compile(r"^\s*%%")


class BadSubmission(Exception):
    """The file cannot be graded at all; `message` says why in every language."""

    def __init__(self, detail_de: str, detail_en: str) -> None:
        super().__init__(detail_en)
        self.message = {"de": t("bad_submission", detail=detail_de)["de"], "en": t("bad_submission", detail=detail_en)["en"]}


@dataclass
class Submission:
    name: str
    cells: list[dict]
    digest: str
    notes: list[dict] = field(default_factory=list)


def load_submission(path: Path, preferred_stem: str | None = None) -> Submission:
    path = Path(path)
    if not path.exists():
        raise BadSubmission(f"Datei {path.name} nicht gefunden", f"file {path.name} not found")
    if path.is_dir():
        raise BadSubmission(f"{path.name} ist ein Ordner, keine Datei", f"{path.name} is a folder, not a file")
    data = path.read_bytes()
    return parse_submission(path.name, data, preferred_stem)


def parse_submission(name: str, data: bytes, preferred_stem: str | None = None) -> Submission:
    if len(data) > MAX_BYTES:
        raise BadSubmission(f"die Datei ist größer als {MAX_BYTES >> 20} MiB", f"the file is larger than {MAX_BYTES >> 20} MiB")
    if not data.strip():
        raise BadSubmission("die Datei ist leer", "the file is empty")
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
        raise BadSubmission(f"unbekannter Dateityp {suffix} (erwartet .py, .ipynb oder .zip)",
                            f"unknown file type {suffix} (expected .py, .ipynb or .zip)")
    return Submission(name, [{"index": 1, "source": text}], digest)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadSubmission(f"die Datei ist kein UTF-8-Text (Byte {exc.start})",
                            f"the file is not UTF-8 text (byte {exc.start})") from None


def _from_zip(data: bytes, preferred_stem: str | None) -> tuple[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir() and not Path(m.filename).name.startswith(".")
                   and "__MACOSX" not in m.filename and Path(m.filename).suffix.lower() in (".py", ".ipynb")]
    except zipfile.BadZipFile:
        raise BadSubmission("das ZIP-Archiv ist beschädigt", "the zip archive is damaged") from None
    if preferred_stem:
        preferred = [m for m in members if Path(m.filename).stem == preferred_stem]
        members = preferred or members
    if len(members) != 1:
        found = ", ".join(m.filename for m in members) or "keine / none"
        raise BadSubmission(f"das ZIP muss genau eine .py- oder .ipynb-Datei enthalten (gefunden: {found})",
                            f"the zip must hold exactly one .py or .ipynb file (found: {found})")
    member = members[0]
    if member.file_size > MAX_BYTES:
        raise BadSubmission("die Datei im ZIP ist zu groß", "the file in the zip is too large")
    with archive.open(member) as f:
        return Path(member.filename).name, f.read(MAX_BYTES + 1)


def _notebook_cells(text: str) -> tuple[list[dict], list[dict]]:
    import nbformat

    try:
        json.loads(text)
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:
        raise BadSubmission(f"kein gültiges Jupyter-Notebook ({type(exc).__name__})",
                            f"not a valid Jupyter notebook ({type(exc).__name__})") from None
    cells, notes = [], []
    number = 0
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        number += 1
        source = cell.get("source", "")
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
        raise BadSubmission("das Notebook enthält keine Code-Zellen", "the notebook has no code cells")
    return cells, notes
