"""MOSS-style fingerprints of Python code: what survives renaming, respacing and recommenting.

The token stream is written as one string in which every variable or attribute name is `V`, every
function name `F`, every class name `O`, every string `S` and a `#!` line `P`, comments and whitespace
dropped; the fingerprints are the hashes of its k-character substrings (winnowing with a window of one:
Schleimer, Wilkerson, Aiken, SIGMOD 2003). These are copydetect's rules, written out here because
copydetect's package loads matplotlib when imported and looks the lexer up by file name through
every installed pygments plugin: about a second of every class report, for some fifty lines.
Two fingerprints match where they share hashes; the matches are given as spans of the original
code, so that a report can mark the characters.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pygments import token
from pygments.lexers.python import PythonLexer

_NAMES = {token.Name, token.Name.Variable, token.Name.Attribute}


@dataclass(frozen=True)
class Fingerprint:
    k: int
    hashes: np.ndarray  # every k-gram that counts (not boilerplate), by position
    starts: np.ndarray  # where each begins in the normalised string
    spans: np.ndarray  # for each character of the normalised string: (start, end) of what it stands for in the code
    unique: frozenset
    coverage: int  # characters of the normalised string that some k-gram that counts covers


@dataclass(frozen=True)
class Overlap:
    tokens: int  # matched characters of the normalised first code
    shares: tuple[float, float]  # matched characters over each code's coverage
    spans: tuple[tuple[list[int], list[int]], tuple[list[int], list[int]]]  # per code: (starts, ends) in its text


def _letter(kind, text: str) -> str | None:
    """What a token becomes in the normalised string ('': dropped; None: kept as it is)."""
    if kind in _NAMES:
        return "V"
    if kind in token.Name.Function:
        return "F"
    if kind in token.Name.Class:
        return "O"
    if kind in (token.Comment.Preproc, token.Comment.Hashbang):
        return "P"
    if kind in token.Text or kind in token.Comment:
        return ""
    if kind in token.String:
        return '"' if text in ("'", '"') else "S"
    return None


def normalised(code: str) -> tuple[str, np.ndarray]:
    """The normalised token string and, per character of it, the span of the code it stands for."""
    parts, spans = [], []
    for start, kind, text in PythonLexer().get_tokens_unprocessed(code):
        letter = _letter(kind, text)
        if letter is None:
            parts.append(text)
            spans.extend((start + i, start + i + 1) for i in range(len(text)))
        elif letter:
            parts.append(letter)
            spans.append((start, start + len(text)))
    return "".join(parts), np.array(spans, dtype=np.int64).reshape(-1, 2)


def fingerprint(code: str, k: int, boilerplate: np.ndarray = np.array([], dtype=np.int64)) -> Fingerprint:
    """The fingerprint of `code`; k-grams whose hash is in `boilerplate` do not count."""
    text, spans = normalised(code)
    hashes = np.array([hash(text[i:i + k]) for i in range(len(text) - k + 1)], dtype=np.int64)
    starts = np.flatnonzero(~np.isin(hashes, boilerplate))
    hashes = hashes[starts]
    depth = np.zeros(len(text) + 1, dtype=np.int64)
    np.add.at(depth, starts, 1)
    np.add.at(depth, starts + k, -1)
    coverage = int(np.count_nonzero(np.cumsum(depth)[:-1]))
    return Fingerprint(k, hashes, starts, spans, frozenset(hashes.tolist()), coverage)


def _runs(starts: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Overlapping k-grams at these (sorted) positions merged: (run starts, run ends)."""
    breaks = np.flatnonzero(np.diff(starts) >= k)
    return np.r_[starts[0], starts[breaks + 1]], np.r_[starts[breaks] + k, starts[-1] + k]


def _matched(one: Fingerprint, shared: np.ndarray) -> tuple[int, tuple[list[int], list[int]]]:
    """How many normalised characters of `one` the shared hashes cover, and where they are in its code."""
    begin, end = _runs(one.starts[np.isin(one.hashes, shared)], one.k)
    return int(np.sum(end - begin)), (one.spans[begin, 0].tolist(), one.spans[end - 1, 1].tolist())


def overlap(a: Fingerprint, b: Fingerprint) -> Overlap | None:
    """What two codes share, or None where they share no fingerprint."""
    common = a.unique & b.unique
    if not common:
        return None
    shared = np.fromiter(common, dtype=np.int64, count=len(common))
    (tokens_a, spans_a), (tokens_b, spans_b) = _matched(a, shared), _matched(b, shared)
    return Overlap(tokens_a, (tokens_a / max(a.coverage, 1), tokens_b / max(b.coverage, 1)), (spans_a, spans_b))
