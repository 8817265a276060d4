"""Finding each student's submission in a folder: plain, Moodle's download, or a Gradescope export.

One folder or file per student id; Moodle's "Name_12345_assignsubmission_file_..." names;
Gradescope's submission_metadata.yml with submission_<id>/ folders. A student with no code
file, or several candidates none of which is named after the exercise, gets a reason instead.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import catalog
from ..errors import BadSubmission

CODE_SUFFIXES = (".py", ".ipynb", ".zip")
SKIP_NAMES = {"__MACOSX", "__pycache__", ".ipynb_checkpoints", "submission_metadata.yml"}
# Moodle >= 4.1 names a student's folder "Name_12345_assignsubmission_file", earlier versions with a trailing "_"
MOODLE = re.compile(r"^(?P<name>.*?)_(?P<id>\d+)_assignsubmission_(?P<plugin>[a-z]+)(?:_(?P<rest>.*))?$")
GRADESCOPE_META = "submission_metadata.yml"

@dataclass
class Entry:
    """One student of the batch and the file chosen as their submission."""

    student_id: str
    layout: str  # plain, moodle, gradescope
    name: str | None = None
    email: str | None = None
    candidates: dict[Path, str] = field(default_factory=dict)  # code file -> the name it was handed in as
    others: list[str] = field(default_factory=list)  # files that are not code
    path: Path | None = None
    problem: str | None = None  # None, 'ambiguous' or 'missing'
    message: dict | None = None  # why there is a problem, in every language
    digest: str | None = None


def safe_id(raw: str) -> str:
    """A student id usable as a folder name: letters, digits and . _ @ + - only."""
    text = re.sub(r"[^\w.@+-]", "_", raw.strip(), flags=re.ASCII).lstrip(".")
    return text[:128] or "_"


def _skipped(path: Path) -> bool:
    return path.name.startswith(".") or path.name in SKIP_NAMES


def _collect(entry: Entry, path: Path, label: str | None = None) -> None:
    """Add a file, or every file under a folder, to the entry's candidates."""
    if path.is_file():
        files = [path]
    else:
        files = [p for p in sorted(path.rglob("*"))
                 if p.is_file() and not any(_skipped(Path(part)) for part in p.relative_to(path).parts)]
    for f in files:
        if f.suffix.lower() in CODE_SUFFIXES:
            entry.candidates[f] = label if label is not None and f == path else f.name
        else:
            entry.others.append(f.name)


def _choose(entry: Entry, stems: set[str]) -> None:
    """Pick the submission file; several candidates need one named after the exercise/sheet."""
    files = list(entry.candidates)
    if len(files) > 1:
        preferred = [f for f in files if Path(entry.candidates[f]).stem.lower() in stems]
        files = preferred if preferred else files
    if len(files) == 1:
        entry.path = files[0]
        return
    if not files:
        found = ", ".join(sorted(set(entry.others))[:8]) or "-"
        entry.problem = "missing"
        entry.message = BadSubmission("no_file", found=found).message
        return
    names = ", ".join(sorted(entry.candidates[f] for f in files)[:8])
    wanted = " / ".join(f"{s}.py" for s in sorted(stems))
    entry.problem = "ambiguous"
    entry.message = BadSubmission("ambiguous", names=names, wanted=wanted).message


def _gradescope(root: Path) -> list[Entry]:
    import yaml

    class Loader(yaml.SafeLoader):
        """Gradescope's YAML comes from Ruby: tolerate its tags (e.g. BigDecimal scores)."""

    Loader.add_multi_constructor("!", lambda loader, suffix, node: (
        loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None))
    meta = yaml.load((root / GRADESCOPE_META).read_text(encoding="utf-8"), Loader=Loader) or {}
    entries = []
    for key, record in sorted(meta.items(), key=lambda kv: str(kv[0])):
        record = record if isinstance(record, dict) else {}
        folder = root / str(key)
        submitters = record.get(":submitters") or [{}]
        for person in submitters:
            person = person if isinstance(person, dict) else {}
            sid = str(person.get(":sid") or "").strip() or str(person.get(":email") or "").strip() or str(key)
            entry = Entry(safe_id(sid), "gradescope", name=person.get(":name"), email=person.get(":email"))
            if folder.exists():
                _collect(entry, folder)
            entries.append(entry)
    return entries


def choose(paths: Iterable[Path], target: str) -> Entry:
    """One student's upload (files or folders, e.g. in an LMS container): the file to grade, as for a batch."""
    entry = Entry("-", "plain")
    for path in paths:
        if Path(path).exists() and not _skipped(Path(path)):
            _collect(entry, Path(path))
    _choose(entry, _stems(target))
    return entry


def _stems(target: str) -> set[str]:
    """The names a submission may have to be preferred among several: the target's and its exercises'."""
    return {target.lower(), *(e.id.lower() for e in catalog.resolve(target))}


def discover(root: Path, target: str, exclude: Iterable[Path] = ()) -> tuple[list[Entry], list[str]]:
    """Every student in SUBMISSIONS with their chosen file; also the names that were ignored."""
    root = Path(root).resolve()
    excluded = {Path(p).resolve() for p in exclude}
    stems = _stems(target)
    ignored: list[str] = []
    by_id: dict[str, Entry] = {}
    if (root / GRADESCOPE_META).is_file():
        for entry in _gradescope(root):
            if entry.student_id in by_id:  # the same student twice: keep both files, so it is ambiguous
                by_id[entry.student_id].candidates.update(entry.candidates)
            else:
                by_id[entry.student_id] = entry
    else:
        for path in sorted(root.iterdir()):
            if _skipped(path) or path.resolve() in excluded:
                continue
            match = MOODLE.match(path.name)
            if match:
                sid, layout, name = match["id"], "moodle", match["name"]
                label = match["rest"] if path.is_file() else None
            elif path.is_dir() or path.suffix.lower() in CODE_SUFFIXES:
                sid, layout, name, label = safe_id(path.name if path.is_dir() else path.stem), "plain", None, None
            else:
                ignored.append(path.name)
                continue
            entry = by_id.setdefault(sid, Entry(sid, layout, name=name))
            _collect(entry, path, label)
    for entry in by_id.values():
        _choose(entry, stems)
        if entry.path is not None:
            entry.digest = hashlib.sha256(entry.path.read_bytes()).hexdigest()
    return sorted(by_id.values(), key=lambda e: e.student_id), ignored
