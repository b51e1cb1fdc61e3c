"""Business words and input-error messages, in Chinese and English, in one place.

``app/`` returns codes (``"wedding_anniversary"``, ``"phone_digits_lost"``); the UI and
the importer's reports turn them into words here. Qt's ``.ts`` files translate the UI's
own chrome (menus, buttons); these are the store's vocabulary, shared by the UI, the
CLI, Excel reports and printouts.

The tables live beside this module, each declared once: ``words.py`` (``WORDS``, the
store's vocabulary by group) and ``errors.py`` (``ERRORS``, input-error messages).
"""

from __future__ import annotations

import functools
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


@functools.lru_cache(maxsize=1024)
def _parsed(template: str) -> tuple[str, tuple[tuple[str, str, str | None], ...]]:
    """``template`` with each field reduced to ``{name}``, and the fields' (name, spec,
    conversion): the fields are formatted here, the rest by C-speed ``format_map``."""
    plain: list[str] = []
    fields: list[tuple[str, str, str | None]] = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        plain.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is not None:
            plain.append("{" + name + "}")
            fields.append((name, spec or "", conversion))
    return "".join(plain), tuple(fields)


def _shown(value: object, spec: str, lang: str, raw: bool, lookup: Lookup) -> str:
    """One parameter as text (see :func:`fill`)."""
    if isinstance(value, Mapping):
        parts = [f"{_shown(k, spec, lang, raw, lookup)} {v}" for k, v in value.items()]
    elif isinstance(value, list | tuple):
        parts = [_shown(v, spec, lang, raw, lookup) for v in value]
    elif value is None:
        return "None" if raw else "—"
    elif spec == "fen":
        from app.normalize import format_fen

        return format_fen(int(value))  # type: ignore[call-overload]
    elif spec in WORDS:
        return str(value) if raw else lookup(spec, str(value), lang)
    else:
        return format(value, spec)
    if not parts:
        return lookup("audit_word", "nothing", lang)
    return (", " if raw or lang != "zh" else "、").join(parts)


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
    fen as yuan, other specs are ``format``'s own (``{n:+d}``), ``!r`` a repr. A list
    shows its items joined, a ``{key: n}`` map shows ``key n`` pairs (the key through
    the spec's group); an empty one is "nothing", None is "—". ``raw=True`` gives the
    English template with codes left as codes (the plain text kept beside the codes in
    the audit log). An unknown template shows its code; a parameter the template lacks
    leaves the template unfilled rather than failing."""
    pair = WORDS.get(group, {}).get(code)
    if pair is None:
        return code
    template = pair[1] if raw or lang != "zh" else pair[0]
    lang = "en" if raw else lang
    try:
        plain, fields = _parsed(template)
        values = {}
        for name, spec, conversion in fields:
            value = params[name]
            if conversion:
                value = repr(value) if conversion == "r" else str(value)
            values[name] = _shown(value, spec, lang, raw, lookup)
        return plain.format_map(values)
    except (KeyError, IndexError, ValueError, TypeError):
        return template
