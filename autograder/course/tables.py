"""Reading the CSV files an instructor keeps (extensions, corrections, times, Moodle's worksheet).

They come from Moodle (UTF-8 with a byte order mark, comma separated) or from a spreadsheet
program (German Excel writes semicolons and sometimes Windows-1252), so the encoding and the
delimiter are detected, header names are matched without regard to case and spacing, and
every problem names the file and the line. Writing goes through `output.formats.csv_text`.
"""
from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import CourseError
from ..output.formats import csv_text, one_line

BOM = "\ufeff"


def normal(text: str) -> str:
    """A header or a name as compared: NFC, case-folded, whitespace runs as one space."""
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def decode(data: bytes, source: str) -> tuple[str, bool]:
    """The text of a CSV file and whether it began with a byte order mark."""
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8-sig"), bom
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), False
    except UnicodeDecodeError:
        raise CourseError(f"{source}: neither UTF-8 nor Windows-1252 text") from None


@dataclass
class Table:
    """A CSV file as read: its header, its rows (lists of cells) and how to write it back alike."""

    source: str
    header: list[str]
    rows: list[list[str]]
    delimiter: str = ","
    bom: bool = True

    def column(self, *names: str, required: bool = True) -> int | None:
        """The index of the first header matching one of `names` (any language), or None."""
        wanted = [normal(n) for n in names]
        found = {normal(h): i for i, h in reversed(list(enumerate(self.header)))}
        for name in wanted:
            if name in found:
                return found[name]
        if required:
            raise CourseError(f"{self.source}: no column {' / '.join(repr(n) for n in names)} "
                              f"(the header is: {', '.join(self.header)})")
        return None

    def cell(self, row: list[str], index: int | None) -> str:
        return row[index].strip() if index is not None and index < len(row) else ""

    def text(self) -> str:
        """The table as CSV text, every cell made safe, with the byte order mark it came with."""
        return (BOM if self.bom else "") + csv_text(self.header, self.rows, delimiter=self.delimiter)


def parse(data: bytes, source: str) -> Table:
    """A CSV document (header row first); the delimiter is sniffed among comma, semicolon, tab."""
    text, bom = decode(data, source)
    if not text.strip():
        raise CourseError(f"{source}: the file is empty")
    first = text.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise CourseError(f"{source}: not a CSV file ({exc})") from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    header = [one_line(h) for h in rows[0]]
    return Table(source, header, rows[1:], delimiter, bom)


def read(path: Path) -> Table:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CourseError(f"cannot read {path}: {exc.strerror or exc}") from None
    return parse(data, str(path))
