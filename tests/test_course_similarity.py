"""Similar submissions: a copy with renamed names is flagged, the given stub is not evidence, points never change."""
from __future__ import annotations

import json
import re

from helpers import ROOT, gradebook, run_dlgrade

from dlgrade.course.similarity import passages, similar_pairs

REFERENCE = (ROOT / "solutions/perceptron/reference.py").read_text()
STUB = (ROOT / "exercises/perceptron/stub.py").read_text()
LOOPS = (ROOT / "tests/submissions/perceptron/alt_loops.py").read_text()


def renamed(code: str) -> str:
    """The same program with other names, comments and spacing: what a copier does."""
    for old, new in (("margins", "signed_margin"), ("M", "wrong"), ("m", "values"), ("steps", "n_updates")):
        code = re.sub(rf"\b{old}\b", new, code)
    return "# my own solution\n" + code.replace('"""', "'''")


def stub_plus(line: str) -> str:
    return STUB.replace("raise NotImplementedError", line, 1)


def test_a_renamed_copy_is_flagged_an_independent_solution_is_not():
    pairs = similar_pairs({"a": REFERENCE, "b": renamed(REFERENCE), "c": LOOPS}, "perceptron")
    assert [(p.a, p.b) for p in pairs] == [("a", "b")]
    assert min(pairs[0].share_a, pairs[0].share_b) > 0.8 and pairs[0].tokens >= 100


def test_the_stub_everybody_was_given_is_not_similarity():
    pairs = similar_pairs({"a": stub_plus("return 1"), "b": stub_plus("return -1"), "c": STUB}, "perceptron")
    assert pairs == []


def test_passages_mark_the_matching_characters_and_skip_the_rest():
    code = "aaa\nbbb\n\nccc\nddd"
    marked = passages(code, ([0, 9], [3, 12]))  # "aaa" and "ccc"
    assert marked == [[("aaa", True)], None, [("ccc", True)]]
    assert passages("xx yy\n", ([3], [5])) == [[("xx ", False), ("yy", True)]]


def test_the_class_report_lists_the_pair_side_by_side_escaped_and_points_stay(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    hostile = REFERENCE.replace('"""Reference solution', '"""</pre><script>alert(1)</script> Reference solution')
    (subs / "s1.py").write_text(hostile)
    (subs / "s2.py").write_text(renamed(hostile))
    (subs / "s3.py").write_text(LOOPS)
    (subs / "s4.py").write_text(stub_plus("return 1"))
    out = tmp_path / "out"
    proc = run_dlgrade("grade-batch", "perceptron", str(subs), "--out", str(out), "--lang", "en", "--jobs", "2")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = (out / "class_report.html").read_text()
    section = report[report.index("<h2>Similar submissions</h2>"):]
    assert re.findall(r"<h3><code>(\w+)</code> ↔ <code>(\w+)</code>", section) == [("s1", "s2")]
    assert "<script>alert" not in report and "&lt;script&gt;alert(1)&lt;/script&gt;" in section
    assert section.count('<pre>') == 2 and "<mark>" in section
    for sid in ("s1", "s2"):  # flagged, not penalised: full points
        results = json.loads((out / "students" / sid / "results.json").read_text())
        assert results["score"] == results["max_score"] > 0
        assert float(next(r for r in gradebook(out) if r["Student ID"] == sid)["Total"]) == results["score"]


def test_fingerprints_ignore_names_comments_and_spacing_and_point_back_to_the_code():
    from dlgrade.course.fingerprints import normalised

    text, spans = normalised("def f(long_name):\n    # why\n    return long_name + 'x'\n")
    assert text == normalised("def g(n):  # another comment\n  return n+\"y\"")[0] == "defF(V):returnV+\"S\""
    start, end = spans[text.index("V")]
    assert "def f(long_name):"[start:end] == "long_name"


def test_boilerplate_never_counts_however_often_it_recurs():
    from dlgrade.course.fingerprints import fingerprint, overlap
    from dlgrade.course.similarity import NOISE, boilerplate

    bare = fingerprint(STUB, NOISE)
    assert len(set(bare.hashes.tolist())) < len(bare.hashes)  # every stub function ends alike: k-grams recur
    given = fingerprint(STUB, NOISE, boilerplate("perceptron"))
    assert given.coverage == 0 and overlap(given, bare) is None


def test_only_the_listed_pairs_get_passages_drawn(monkeypatch):
    from dlgrade.course import similarity

    drawn = []
    monkeypatch.setattr(similarity, "passages", lambda code, spans: drawn.append(code) or [])
    monkeypatch.setattr(similarity, "MAX_PAIRS", 2)
    pairs = similarity.similar_pairs({f"s{i}": renamed(REFERENCE) if i % 2 else REFERENCE for i in range(5)}, "perceptron")
    assert len(pairs) == 2 and len(drawn) == 4  # ten pairs are alike; two are listed
