"""Every word a person reads, one catalog file per language.

The engine's words live in `locales/de.toml` and `locales/en.toml`; an exercise's words sit
beside its code in `texts.de.toml` and `texts.en.toml` (in `exercises/<id>/` what students
may see, in `solutions/<id>/` hidden case titles and the known mistakes). Until a report is
rendered, a text is a `Texts` dict {"de": ..., "en": ...}, so one grading run can be
reported in either language. Numbers are written the language's way (German: 0,5).
"""
from __future__ import annotations

import functools
import string
import tomllib
from pathlib import Path
from typing import Any

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"
Texts = dict[str, str]  # language code -> text


class _Formatter(string.Formatter):
    """str.format with a language's decimal separator for floats (German: comma)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        text = super().format_field(value, format_spec)
        if self.lang == "de" and _is_float(value):
            text = text.replace(".", ",")
        return text


def _is_float(value: Any) -> bool:
    return isinstance(value, float) or type(value).__name__ in ("float64", "float32", "float16")


FORMATTERS = {lang: _Formatter(lang) for lang in LANGUAGES}


def number(value: float, lang: str, spec: str = "g") -> str:
    """A number as a person reads it in `lang` (German: decimal comma)."""
    return FORMATTERS.get(lang, FORMATTERS["en"]).format_field(float(value), spec)


def fill(templates: Texts, /, **fields: Any) -> Texts:
    """Each language's template with `fields` filled in; a field may itself be a Texts dict."""
    out = {}
    for lang, template in templates.items():
        values = {k: v.get(lang, "") if isinstance(v, dict) and lang in v else v for k, v in fields.items()}
        out[lang] = FORMATTERS.get(lang, FORMATTERS["en"]).vformat(template, (), values) if fields else template
    return out


def join(*parts: Texts | None) -> Texts:
    """Several messages as one, per language."""
    parts = [p for p in parts if p]
    return {lang: " ".join(p.get(lang, "") for p in parts).strip() for lang in LANGUAGES}


def _flatten(table: dict, prefix: str = "") -> dict[str, Any]:
    out = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


class Catalog:
    """The texts of one folder: `<stem>de.toml` and `<stem>en.toml`, keys flattened with dots.

    `catalog("mistakes.sign.diagnosis")` is that text in every language; `catalog(key, x=1)`
    fills in fields. A missing file is an empty catalog (e.g. an exercise without texts).
    """

    def __init__(self, folder: Path, stem: str = "texts.") -> None:
        self.folder, self.stem = Path(folder), stem
        self.tables: dict[str, dict[str, Any]] = {}
        for lang in LANGUAGES:
            path = self.folder / f"{stem}{lang}.toml"
            self.tables[lang] = _flatten(tomllib.loads(path.read_text(encoding="utf-8"))) if path.exists() else {}

    @classmethod
    def beside(cls, module_file: str) -> "Catalog":
        """The texts in the folder of a module (use: `TEXTS = Catalog.beside(__file__)`)."""
        return _cached(str(Path(module_file).resolve().parent))

    def get(self, key: str) -> Texts | None:
        """The raw text of `key` in every language that has it, or None."""
        found = {lang: table[key] for lang, table in self.tables.items() if isinstance(table.get(key), str)}
        return found or None

    def __call__(self, key: str, /, **fields: Any) -> Texts:
        found = self.get(key)
        if found is None:
            raise KeyError(f"no text {key!r} in {self.folder}")
        return fill(found, **fields)

    def table(self, prefix: str) -> dict[str, Texts]:
        """Every text under `prefix.` (e.g. "cases"), by the rest of its key."""
        keys = {k[len(prefix) + 1:] for table in self.tables.values() for k in table if k.startswith(prefix + ".")}
        return {k: self.get(f"{prefix}.{k}") or {} for k in keys}

    def word(self, key: str, lang: str) -> str:
        """One text in one language (the key itself when it is missing)."""
        return (self.get(key) or {}).get(lang) or key


@functools.cache
def _cached(folder: str) -> Catalog:
    return Catalog(Path(folder))


ENGINE = Catalog(Path(__file__).resolve().parent / "locales", stem="")


def t(key: str, /, **fields: Any) -> Texts:
    """The engine's message `key` in every language, with `fields` filled in."""
    return ENGINE(key, **fields)


def word(key: str, lang: str) -> str:
    """One of the engine's words in one language."""
    return ENGINE.word(key, lang)
