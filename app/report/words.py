"""The monthly report's own words, Chinese and English: headings, figure names, column
titles, notes and the footer, kept with every other word of the store in
``app.labels`` (group ``report``). ``w(key, lang, **params)`` looks one up and fills it
in; a key without a word is shown as itself. Codes (tiers, layers, lifecycle states,
factors, categories) are named by ``app.labels.word`` with their own groups."""

from __future__ import annotations

from typing import Any

from app import labels

WORDS = labels.WORDS["report"]


def w(key: str, lang: str = "zh", **params: Any) -> str:
    pair = WORDS.get(key)
    if pair is None:
        return key
    text = pair[0] if lang == "zh" else pair[1]
    return text.format(**params) if params else text
