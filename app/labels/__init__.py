"""Business words and input-error messages, in Chinese and English, in one place.

``app/`` returns codes (``"wedding_anniversary"``, ``"phone_digits_lost"``); the UI and
the importer's reports turn them into words here. Qt's ``.ts`` files translate the UI's
own chrome (menus, buttons); these are the store's vocabulary, shared by the UI, the
CLI, Excel reports and printouts.

The tables live beside this module, each declared once: ``words.py`` (``WORDS``, the
store's vocabulary by group) and ``errors.py`` (``ERRORS``, input-error messages).
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping

from app.labels.errors import ERRORS
from app.labels.words import WORDS

LANGS = ("zh", "en")

__all__ = ["ERRORS", "LANGS", "WORDS", "choices", "code_of", "error_text", "fill", "word"]


def word(group: str, code: str | None, lang: str = "zh") -> str:
    """The label for ``code`` in ``group`` (falls back to the code itself)."""
    if code is None:
        return ""
    pair = WORDS.get(group, {}).get(code)
    if pair is None:
        return code
    return pair[0] if lang == "zh" else pair[1]


def choices(group: str) -> list[str]:
    return list(WORDS[group])


def error_text(code: str, lang: str = "en", **params: object) -> str:
    pair = ERRORS.get(code)
    if pair is None:
        return code
    template = pair[0] if lang == "zh" else pair[1]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def code_of(group: str, text: str | None) -> str | None:
    """The code whose Chinese or English label (or the code itself) is ``text``, or
    ``text`` unchanged when it names none (free text typed by a person)."""
    if text is None:
        return None
    key = text.strip()
    for code, (zh, en) in WORDS.get(group, {}).items():
        if key in (code, zh, en) or key.lower() == en.lower():
            return code
    return text


# ------------------------------------------------------------------ templates with codes

Lookup = Callable[[str, str, str], str]  # (group, code, lang) -> label


class _Filler(string.Formatter):
    """``str.format`` where a field's format spec may name a ``WORDS`` group
    (``{purpose:purpose}``) or ``fen`` (money); see :func:`fill`."""

    def __init__(self, lang: str, raw: bool, lookup: Lookup) -> None:
        super().__init__()
        self.lang, self.raw, self.lookup = lang, raw, lookup
        self.sep = ", " if raw or lang != "zh" else "、"

    def format_field(self, value: object, format_spec: str) -> str:
        if isinstance(value, Mapping):
            return self._joined(
                [f"{self.format_field(k, format_spec)} {v}" for k, v in value.items()]
            )
        if isinstance(value, list | tuple):
            return self._joined([self.format_field(v, format_spec) for v in value])
        if value is None:
            return "None" if self.raw else "—"
        if format_spec == "fen":
            from app.normalize import format_fen

            return format_fen(int(value))  # type: ignore[call-overload]
        if format_spec in WORDS:
            return str(value) if self.raw else self.lookup(format_spec, str(value), self.lang)
        return format(value, format_spec)

    def _joined(self, parts: list[str]) -> str:
        if not parts:
            return str(self.lookup("audit_word", "nothing", "en" if self.raw else self.lang))
        return self.sep.join(parts)


def fill(
    group: str,
    code: str,
    params: Mapping[str, object],
    lang: str = "zh",
    *,
    raw: bool = False,
    lookup: Lookup = word,
) -> str:
    """The template ``WORDS[group][code]`` filled with ``params`` in ``lang``.

    A field ``{name:group}`` shows the parameter (a code) through ``lookup`` (``word``
    by default; a code without a label shows as itself), ``{name:fen}`` shows money in
    fen as yuan, other specs are ``format``'s own (``{n:+d}``). A list shows its items
    joined, a ``{key: n}`` map shows ``key n`` pairs (the key through the spec's
    group); an empty one is "nothing", None is "—". ``raw=True`` gives the English
    template with codes left as codes (the plain text kept beside the codes in the
    audit log). An unknown template shows its code; a parameter the template lacks
    leaves the template unfilled rather than failing."""
    pair = WORDS.get(group, {}).get(code)
    if pair is None:
        return code
    template = pair[1] if raw or lang != "zh" else pair[0]
    try:
        return _Filler("en" if raw else lang, raw, lookup).vformat(template, (), params)
    except (KeyError, IndexError, ValueError, TypeError):
        return template
