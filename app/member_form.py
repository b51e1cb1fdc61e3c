"""Small helpers the member list and the member card need that the archive modules do
not offer (yet): the store's tier names and tags for filter lists, and how a birthday
is written for people (``农历八月十五``, ``1990-08-15 农历``).

The two readers are plain read-only queries; the text helpers are pure. None of this is
a business rule: tiers and tags are whatever the store has configured or typed.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from app.normalize import split_birthday

_MONTHS_ZH = ("正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊")
_DIGITS_ZH = "一二三四五六七八九十"


def tier_choices(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """The store's tiers, lowest first: ``{code, name_zh, name_en, rank}``."""
    cur = db.execute("SELECT code, name_zh, name_en, rank FROM tiers ORDER BY rank")
    return [dict(zip(("code", "name_zh", "name_en", "rank"), row, strict=True)) for row in cur]


def tag_choices(db: sqlite_utils.Database) -> list[str]:
    """Every tag in use, the most used first (ties by name)."""
    cur = db.execute(
        "SELECT tag FROM member_tags GROUP BY tag ORDER BY COUNT(*) DESC, tag COLLATE NOCASE"
    )
    return [row[0] for row in cur]


def tier_names(tiers: list[dict[str, Any]], lang: str) -> dict[str, str]:
    """``{code: name}`` in ``lang`` (``"zh"``/``"en"``) from :func:`tier_choices`."""
    key = "name_zh" if lang == "zh" else "name_en"
    return {t["code"]: t[key] for t in tiers}


def lunar_day_zh(day: int) -> str:
    """``初一`` … ``初十``, ``十一`` … ``二十``, ``廿一`` … ``三十``."""
    if day <= 10:
        return "初" + _DIGITS_ZH[day - 1]
    if day < 20:
        return "十" + _DIGITS_ZH[day - 11]
    if day == 20:
        return "二十"
    if day < 30:
        return "廿" + _DIGITS_ZH[day - 21]
    return "三十"


def lunar_md_text(month: int, day: int, leap: bool, lang: str) -> str:
    """A lunar month and day as people say it: ``农历闰四月十五`` / ``lunar leap 4/15``."""
    if lang == "zh":
        return f"农历{'闰' if leap else ''}{_MONTHS_ZH[month - 1]}月{lunar_day_zh(day)}"
    return f"lunar {'leap ' if leap else ''}{month}/{day}"


def birthday_text(birthday: str | None, calendar: str | None, leap: Any, lang: str) -> str:
    """A stored birthday for a list cell: ``1990-08-15``, ``1990-08-15 农历``,
    ``1990-04-15 农历闰月``, ``08-15`` without a year (English: ``lunar``,
    ``lunar leap``). Empty for no birthday."""
    if not birthday:
        return ""
    text = birthday[2:] if birthday.startswith("--") else birthday
    if calendar != "lunar":
        return text
    if lang == "zh":
        return f"{text} 农历{'闰月' if leap else ''}"
    return f"{text} lunar{' leap' if leap else ''}"


def lunar_birthday_text(birthday: str | None, calendar: str | None, leap: Any, lang: str) -> str:
    """``农历八月十五`` for a lunar birthday; empty for a solar one or none."""
    if not birthday or calendar != "lunar":
        return ""
    _year, month, day = split_birthday(birthday)
    return lunar_md_text(month, day, bool(leap), lang)
