"""Business words and input-error messages, in Chinese and English, in one place.

``app/`` returns codes (``"wedding_anniversary"``, ``"phone_digits_lost"``); the UI and
the importer's reports turn them into words here. Qt's ``.ts`` files translate the UI's
own chrome (menus, buttons); these are the store's vocabulary, shared by the UI, the
CLI, Excel reports and printouts.

The tables live beside this module, each declared once: ``words.py`` (``WORDS``, the
store's vocabulary by group) and ``errors.py`` (``ERRORS``, input-error messages).
"""

from __future__ import annotations

from app.labels.errors import ERRORS
from app.labels.words import WORDS

LANGS = ("zh", "en")

__all__ = ["ERRORS", "LANGS", "WORDS", "choices", "code_of", "error_text", "word"]


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
