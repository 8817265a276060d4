"""Similar submissions within a batch, MOSS-style, for the class report: it flags, it never grades.

Each graded submission's code (a notebook's code cells without the sheet's self-check cells) is
fingerprinted (k-grams of the token stream, names and strings normalised, so renaming variables
does not hide a copy: `fingerprints.py`); the stubs of the sheet's exercises are
boilerplate, so code every student was given never counts. A pair is listed when the larger
of its two shares (matched tokens over each file's tokens) reaches the threshold and enough
tokens match; the matching passages are shown side by side. Short exercises leave little room
for variety, so independent correct solutions can be alike: the list is for a person to read,
nothing in it changes points.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import catalog
from ..errors import BadSubmission
from ..grading.submission import load_submission
from ..i18n import words
from .fingerprints import Overlap, fingerprint, overlap

THRESHOLD = 0.8  # the larger of the two shares of matched tokens
MIN_TOKENS = 40  # matched tokens (after normalisation) below which a pair is never listed
NOISE = 25  # k: matches shorter than this many normalised characters are noise
MAX_LINES = 80  # per side and pair in the report
MAX_PAIRS = 50


@dataclass
class Pair:
    a: str
    b: str
    share_a: float
    share_b: float
    tokens: int
    passages_a: list
    passages_b: list


def student_code(path: Path, target: str) -> str | None:
    """The code a student wrote, as graded (None for a file that cannot be read as a submission)."""
    try:
        submission = load_submission(path, preferred_stem=target)
    except BadSubmission:
        return None
    return "\n\n".join(cell["source"] for cell in submission.cells)


def boilerplate(target: str) -> np.ndarray:
    """The fingerprints of the code every student was given: the stubs of the exercises."""
    stubs = "\n\n".join(e.stub_path.read_text(encoding="utf-8") for e in catalog.resolve(target) if e.stub_path.exists())
    return np.unique(fingerprint(stubs, NOISE).hashes)


def passages(code: str, slices: tuple[list[int], list[int]], limit: int = MAX_LINES) -> list:
    """The lines of `code` that hold a match, as [[(text, matched), ...], ...]; None marks a gap."""
    marked = np.zeros(len(code) + 1, dtype=bool)
    for start, end in zip(*slices):
        marked[int(start):int(end)] = True
    lines = code.split("\n")
    out, offset, previous = [], 0, -1
    for number, line in enumerate(lines):
        span = marked[offset:offset + len(line)]
        offset += len(line) + 1
        if not span.any() or len(out) >= limit:
            continue
        between = lines[previous + 1:number]
        if out and any(text.strip() for text in between):
            out.append(None)  # a gap: unmatched code left out
        elif out:
            out.extend([[]] * len(between))  # blank lines between two matches
        previous = number
        bounds = [0, *(np.flatnonzero(np.diff(span)) + 1).tolist(), len(line)]
        out.append([(line[start:end], bool(span[start])) for start, end in zip(bounds, bounds[1:])])
    return out


def similar_pairs(sources: dict[str, str], target: str, threshold: float = THRESHOLD) -> list[Pair]:
    """The pairs of students whose code is alike beyond `threshold`, most alike first (at most MAX_PAIRS)."""
    common = boilerplate(target)
    prints = {sid: fingerprint(code, NOISE, common) for sid, code in sorted(sources.items())}
    ids, alike = list(prints), []
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            found = overlap(prints[a], prints[b])
            if found and found.tokens >= MIN_TOKENS and max(found.shares) >= threshold:
                alike.append((a, b, found))
    alike.sort(key=lambda pair: (-max(pair[2].shares), pair[0], pair[1]))
    return [_pair(a, b, found, sources) for a, b, found in alike[:MAX_PAIRS]]


def _pair(a: str, b: str, found: Overlap, sources: dict[str, str]) -> Pair:
    """A listed pair with its passages (drawn only for the pairs a report shows)."""
    (share_a, share_b), (spans_a, spans_b) = found.shares, found.spans
    return Pair(a, b, share_a, share_b, found.tokens, passages(sources[a], spans_a), passages(sources[b], spans_b))


def batch_sources(store, target: str) -> tuple[dict[str, str], int]:
    """The code of every graded student of a batch store (and how many files could not be read)."""
    root = Path(store.meta("submissions") or ".")
    sources, unreadable = {}, 0
    for row in store.students():
        if row.status != "graded" or not row.source:
            continue
        path = root / row.source
        code = student_code(path, target) if path.is_file() else None
        if code is None:
            unreadable += 1
        else:
            sources[row.student_id] = code
    return sources, unreadable


def similarity_section(store, target: str, lang: str, threshold: float = THRESHOLD) -> dict:
    """What the class report shows: the flagged pairs, how many were compared, the threshold."""
    sources, unreadable = batch_sources(store, target)
    pairs = similar_pairs(sources, target, threshold) if len(sources) > 1 else []
    shown = [{"a": p.a, "b": p.b, "share_a": round(100 * p.share_a), "share_b": round(100 * p.share_b),
              "tokens": p.tokens, "passages_a": p.passages_a, "passages_b": p.passages_b} for p in pairs]
    return {"L": words("similarity", lang), "pairs": shown, "compared": len(sources), "unreadable": unreadable,
            "threshold": round(100 * threshold)}
