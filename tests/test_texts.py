"""Every word a person reads exists in every language, in one catalog file per language."""
from __future__ import annotations

import re
import string

import pytest

from dlgrade.catalog import EXERCISES, SOLUTIONS, exercise_ids, load_exercise
from dlgrade.i18n import LANGUAGES, Catalog

FOLDERS = [EXERCISES / e for e in exercise_ids()] + [SOLUTIONS / e for e in exercise_ids() if (SOLUTIONS / e).is_dir()]
INLINE_TEXT = re.compile(r"""["']de["']\s*:|\bhint_de\s*=|\bde\s*=\s*["']""")


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_both_languages_have_the_same_keys_and_fields(folder):
    catalog = Catalog(folder)
    keys = {lang: set(catalog.tables[lang]) - {k for k in catalog.tables[lang] if k.startswith("docstrings.")}
            for lang in LANGUAGES}
    assert keys["de"] == keys["en"], f"only in one language: {keys['de'] ^ keys['en']}"
    for key in keys["de"]:
        de, en = catalog.tables["de"][key], catalog.tables["en"][key]
        assert isinstance(de, str) and de.strip() and isinstance(en, str) and en.strip(), key
        assert fields(de) == fields(en), key


@pytest.mark.parametrize("exercise", exercise_ids())
def test_every_case_and_mistake_is_worded_in_every_language(exercise):
    ex = load_exercise(exercise)
    assert set(ex.title) == set(LANGUAGES) and set(ex.lecture) == set(LANGUAGES)
    for seed in range(8):
        for case in ex.public_cases() + ex.hidden_cases(seed) + ex.perf_cases():
            assert set(case.title) == set(LANGUAGES), f"{case.name}: no title in {set(LANGUAGES) - set(case.title)}"
    for mistake in ex.mistakes:
        assert set(mistake.diagnosis) == set(LANGUAGES) == set(mistake.hint), mistake.id


@pytest.mark.parametrize("exercise", exercise_ids())
def test_exercise_code_holds_no_inline_translations(exercise):
    """Texts live in texts.<lang>.toml, not in the exercise's Python modules."""
    for folder in (EXERCISES / exercise, SOLUTIONS / exercise):
        for path in sorted(folder.rglob("*.py")):
            found = [line for line in path.read_text(encoding="utf-8").splitlines() if INLINE_TEXT.search(line)]
            assert not found, f"{path.name}: {found[:2]}"
