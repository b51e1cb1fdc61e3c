"""Cell values to clean field values, each problem a :class:`Rejection` with the row,
column, value and a reason code (translated through ``app.labels`` in the UI language).

The member rules are those of ``app.members`` (its constants and the ``app.normalize``
functions, which ``members._clean`` uses too); this module applies them to 100,000 rows
in about a second instead of half a minute: no per-row query (duplicates are found
against indexes loaded once), memoised dates, an exact fast path for phones already in
11-digit form and a pinyin path that reads each distinct name segment once
(:func:`fast_name_pinyin`). ``tests/unit/test_excel_validate.py`` runs sample
rows through both this and ``members.validate_member`` and requires the same values and
the same error codes.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app import labels, members
from app.core import FieldError, ValidationError
from app.excel.readers import cell_text
from app.normalize import (
    EXCEL_EPOCH,
    MAX_AMOUNT_FEN,
    MOBILE,
    SURNAME_READINGS,
    check_amount_fen,
    name_pinyin,
    normalize_phone,
    parse_birthday,
    parse_date,
    parse_money_fen,
)
from app.text import clean_code, clean_line


@dataclass
class Rejection:
    """One refused value (or row): ``row`` as Excel numbers it, ``column`` the file's
    header ('' for the whole row), ``value`` as read."""

    row: int
    column: str
    value: Any
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def reason(self, lang: str = "zh") -> str:
        return labels.error_text(self.code, lang, **self.params)

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        value = self.value
        if isinstance(value, dt.date | dt.datetime | dt.time):
            value = value.isoformat()
        elif value is not None and not isinstance(value, int | float | str | bool):
            value = str(value)
        return {
            "row": self.row,
            "column": self.column,
            "value": value,
            "code": self.code,
            "reason": self.reason(lang),
        }


# ------------------------------------------------------------------ cells

MASKED_PHONE = re.compile(r"^\d{3}\*{2,}\d{4}$")
_SERIAL_TEXT = re.compile(r"^\d{5}(\.\d+)?$")
_DATETIME = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:[\sT]+(\d{1,2})[:：](\d{1,2})(?:[:：](\d{1,2}))?(?:\.\d+)?)?\s*$"
)
_LUNAR_MARK = re.compile(r"农历|阴历|旧历|\blunar\b|[（(]\s*农\s*[）)]", re.IGNORECASE)
_LEAP_MARK = re.compile(r"闰")
YES = {"是", "y", "yes", "true", "1", "√", "✓", "有", "闰", "闰月", "x"}
NO = {"否", "n", "no", "false", "0", "无", ""}


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def to_bool(value: Any, *, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    text = str(value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValidationError([FieldError(field, "yes_no_invalid", {"value": value})])


def to_datetime(value: Any, *, field: str) -> dt.datetime:
    """A time from a cell: ``datetime``/``date`` (midnight), an Excel serial (with its
    fraction of a day), or text ``2023-05-01 14:30``, ``2023/5/1``, ``2023年5月1日``."""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, str) and _SERIAL_TEXT.match(value.strip()):
        value = float(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return dt.datetime.combine(EXCEL_EPOCH, dt.time()) + dt.timedelta(
                seconds=round(float(value) * 86400)
            )
        raise ValidationError([FieldError(field, "date_invalid", {"value": value})])
    m = _DATETIME.match(str(value))
    if m:
        try:
            return dt.datetime(
                int(m[1]), int(m[2]), int(m[3]), int(m[4] or 0), int(m[5] or 0), int(m[6] or 0)
            )
        except ValueError:
            pass
    raise ValidationError([FieldError(field, "date_invalid", {"value": value})])


@functools.lru_cache(maxsize=65536, typed=True)
def _date_cached(value: Any) -> dt.date | None:
    return parse_date(value)


def to_date(value: Any, *, field: str) -> dt.date | None:
    """``parse_date`` plus Excel serials typed as text (a CSV of Excel's numbers)."""
    if isinstance(value, str) and _SERIAL_TEXT.match(value.strip()):
        value = float(value)
    try:
        return _date_cached(value)
    except ValidationError as exc:
        raise ValidationError([FieldError(field, e.code, e.params) for e in exc.errors]) from None
    except TypeError:  # unhashable: never from a reader, but be safe
        return parse_date(value, field=field)


def phone(value: Any, *, field: str = "phone") -> str | None:
    """``normalize_phone`` with an exact fast path for values already in its output
    form (11 digits as text, or a whole-number float from a numeric cell)."""
    if isinstance(value, str):
        if len(value) == 11 and MOBILE.match(value):
            return value
    elif isinstance(value, float) and value.is_integer() and 1e10 <= value < 2e10:
        text = str(int(value))
        if MOBILE.match(text):
            return text
    return normalize_phone(value, field=field)


def to_int(value: Any, *, field: str, code: str = "int_invalid") -> int:
    if isinstance(value, bool):
        raise ValidationError([FieldError(field, code, {"value": value})])
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValidationError([FieldError(field, code, {"value": value})])
    text = re.sub(r"[\s,，]", "", str(value))
    if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
        return int(float(text)) if "." in text else int(text)
    raise ValidationError([FieldError(field, code, {"value": value})])


def money(value: Any, *, field: str) -> int | None:
    if isinstance(value, float):
        # a numeric cell: 1200.5 -> 120050 fen; binary float noise rounded away
        if not math.isfinite(value):
            raise ValidationError([FieldError(field, "amount_invalid", {"value": value})])
        if abs(value) * 100 > MAX_AMOUNT_FEN:
            return check_amount_fen(MAX_AMOUNT_FEN + 1, value=value, field=field)
        fen = round(value * 100)
        if abs(value * 100 - fen) > 1e-6:
            raise ValidationError([FieldError(field, "amount_invalid", {"value": value})])
        return int(fen)
    if isinstance(value, int) and not isinstance(value, bool):
        return check_amount_fen(value * 100, value=value, field=field)
    return parse_money_fen(value, field=field)


@functools.lru_cache(maxsize=4096)
def _word_index(group: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for code, (zh, en) in labels.WORDS[group].items():
        for name in (code, zh, en):
            out[_fold(name)] = code
    return out


_FOLD = re.compile(r"[\s_\-/]+")


@functools.lru_cache(maxsize=8192)
def _fold(text: str) -> str:
    return _FOLD.sub("", str(text).strip().lower())


def choice(group: str, value: Any, *, field: str, extra: Mapping[str, str] | None = None) -> str:
    """A code of ``labels.WORDS[group]`` from its code, Chinese or English word."""
    key = _fold(cell_text(value))
    if extra and key in extra:
        return extra[key]
    found = _word_index(group).get(key)
    if found is None:
        raise ValidationError(
            [
                FieldError(
                    field,
                    "choice_invalid",
                    {
                        "value": value,
                        "choices": "、".join(w[0] for w in labels.WORDS[group].values()),
                    },
                )
            ]
        )
    return found


# ------------------------------------------------------------------ pinyin


def _syllable_parts(syllable: str) -> tuple[str, str]:
    """A syllable as ``name_pinyin`` writes it: (spelling without tone marks, ü as v;
    its initial, or '' when it has none)."""
    s = syllable.lower()
    return (
        re.sub(r"[^0-9a-zü]", "", s).replace("ü", "v"),
        s[0] if s and s[0].isalnum() else "",
    )


_WORD_PARTS: dict[str, tuple[tuple[str, str], ...]] = {}
_NAME_CACHE: dict[str, tuple[str, str]] = {}
_NAME_CACHE_MAX = 1 << 18
_HAN = re.compile(r"^[\u4e00-\u9fff]{1,8}$")
_PYPINYIN: tuple[Any, Any, Any, Any] | None = None


def _pypinyin() -> tuple[Any, Any, Any, Any]:
    """pypinyin's ``lazy_pinyin``, ``Style.NORMAL``, the phrase segmenter
    ``lazy_pinyin`` itself uses (``pypinyin.seg.mmseg.seg``) and the set of phrase
    prefixes that segmenter was built on (``pypinyin.seg.mmseg.p_set``, asked with
    ``in``): public names, typed in pypinyin's own stubs.

    Imported on first use (~0.4 s), on the calling thread: never on a thread started
    for it, since two threads importing one package can deadlock (``_DeadlockError``).
    The package is imported before its submodule, as ``name_pinyin`` does, so no
    thread ever holds a pypinyin submodule's import lock while it waits for the
    package's."""
    global _PYPINYIN
    if _PYPINYIN is None:
        import pypinyin
        from pypinyin.seg.mmseg import p_set, seg

        _PYPINYIN = (pypinyin.lazy_pinyin, pypinyin.Style.NORMAL, seg, p_set)
    return _PYPINYIN


def _keep(chars: str) -> list[str]:
    """Characters without pinyin stay as they are (``name_pinyin``'s ``errors``)."""
    return list(chars)


def _word_parts(word: str) -> tuple[tuple[str, str], ...]:
    """The spelling and initial of each syllable of one segment of a name, as
    ``lazy_pinyin`` reads that segment, worked out once per distinct segment."""
    found = _WORD_PARTS.get(word)
    if found is None:
        lazy_pinyin, normal, _, _ = _pypinyin()
        syllables = lazy_pinyin(word, style=normal, errors=_keep)
        found = _WORD_PARTS[word] = tuple(_syllable_parts(s) for s in syllables)
    return found


def fast_name_pinyin(name: str) -> tuple[str, str]:
    """Exactly ``app.normalize.name_pinyin(name)``, several times faster for the usual
    all-Han name, through pypinyin's public functions only. ``lazy_pinyin`` cuts a
    Han text with its phrase segmenter and reads each segment on its own, so a name's
    syllables are those of its segments one after the other: the segments come from
    that same segmenter and each distinct segment (a character, or a phrase such as
    长孙) is read by ``lazy_pinyin`` once. Anything else (Latin letters, characters
    outside the common block) goes to ``name_pinyin`` itself; a test compares the two
    on thousands of names. Results are cached: a store's names repeat (张伟, 王芳 …)."""
    found = _NAME_CACHE.get(name)
    if found is None:
        found = _name_pinyin(name)
        if len(_NAME_CACHE) < _NAME_CACHE_MAX:
            _NAME_CACHE[name] = found
    return found


def _name_pinyin(name: str) -> tuple[str, str]:
    name = name.strip()
    if not _HAN.match(name):
        return name_pinyin(name)
    _, _, segmenter, prefixes = _pypinyin()
    words: Any = name
    if any(name[i : i + 2] in prefixes for i in range(len(name) - 1)):
        # a phrase may start here: cut as lazy_pinyin does (else every segment is one
        # character: the segmenter only joins characters whose pair starts a phrase)
        words = segmenter.cut(name)
    parts: list[tuple[str, str]] = []
    for word in words:
        parts.extend(_WORD_PARTS.get(word) or _word_parts(word))
    surname = SURNAME_READINGS.get(name[0])
    if surname is not None and parts:
        parts[0] = _syllable_parts(surname)
    return "".join(p[0] for p in parts), "".join(p[1] for p in parts)


# ------------------------------------------------------------------ members

CALENDAR_WORDS = {
    "solar": "solar",
    "公历": "solar",
    "阳历": "solar",
    "新历": "solar",
    "lunar": "lunar",
    "农历": "lunar",
    "阴历": "lunar",
    "旧历": "lunar",
}
_TEXT_KEYS = frozenset(members.TEXT_FIELDS)
CONSENT_WORDS = {"电话": "phone", "短信": "sms", "微信": "wechat", "邮寄": "mail", "邮件": "mail"}


@functools.lru_cache(maxsize=1)
def _gender_words() -> dict[str, str]:
    return {_fold(k): c for k, c in members.GENDER_SYNONYMS.items()}


@functools.lru_cache(maxsize=65536, typed=True)
def _birthday_cached(value: Any, calendar: str, leap: bool) -> str | None:
    return parse_birthday(value, calendar=calendar, leap=leap, field="birthday")


def clean_member(
    raw: Mapping[str, Any], *, tiers: Mapping[str, str], for_new: bool
) -> tuple[dict[str, Any], list[FieldError]]:
    """Validate one row's given (non-empty) member fields, the rules of
    ``members._clean``. ``tiers`` maps folded tier codes and names to codes. Returns the
    clean values and the errors (field names as in ``columns.COLUMNS``). Names' pinyin is
    not computed here (only for rows that are written)."""
    out: dict[str, Any] = {}
    errors: list[FieldError] = []

    def take(key: str, fn: Any) -> None:
        if key in raw:
            try:
                out[key] = fn(raw[key])
            except ValidationError as exc:
                errors.extend(exc.errors)

    if "name" in raw:
        name = clean_line(raw["name"])
        if len(name) > members.NAME_MAX:
            errors.append(FieldError("name", "too_long", {"max": members.NAME_MAX}))
        else:
            out["name"] = name
    elif for_new:
        errors.append(FieldError("name", "required"))

    if "phone" in raw and not (isinstance(raw["phone"], str) and MASKED_PHONE.match(raw["phone"])):
        take("phone", phone)
    if "member_no" in raw:
        out["member_no"] = clean_code(cell_text(raw["member_no"]))

    calendar = "solar"
    leap = False
    if "birthday_calendar" in raw:
        cal = CALENDAR_WORDS.get(_fold(cell_text(raw["birthday_calendar"])))
        if cal is None:
            errors.append(
                FieldError(
                    "birthday_calendar",
                    "choice_invalid",
                    {"value": raw["birthday_calendar"], "choices": "公历, 农历"},
                )
            )
        else:
            calendar = cal
    if "birthday_leap" in raw:
        try:
            leap = to_bool(raw["birthday_leap"], field="birthday_leap")
        except ValidationError as exc:
            errors.extend(exc.errors)
    if "birthday" in raw:
        value = raw["birthday"]
        if isinstance(value, str):
            if _LUNAR_MARK.search(value):
                calendar = "lunar"
                value = _LUNAR_MARK.sub("", value)
            if _LEAP_MARK.search(value):
                leap = True
                value = _LEAP_MARK.sub("", value)
            value = value.strip(" ()（）")
            if calendar == "lunar":
                m = _DATETIME.match(value)
                if m:  # lunar dates as text, in any of the accepted spellings
                    value = f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
            elif _SERIAL_TEXT.match(value):
                value = float(value)
        elif isinstance(value, dt.datetime):
            value = value.date()
        leap = leap and calendar == "lunar"
        try:
            out["birthday"] = _birthday_cached(value, calendar, leap)
        except ValidationError as exc:
            errors.extend(exc.errors)
        except TypeError:
            take("birthday", lambda v: parse_birthday(v, calendar=calendar, leap=leap))
        out["birthday_calendar"] = calendar
        out["birthday_leap"] = int(leap)
    elif "birthday_calendar" in raw or "birthday_leap" in raw:
        out["birthday_calendar"] = calendar
        out["birthday_leap"] = int(leap and calendar == "lunar")

    for key in sorted(_TEXT_KEYS.intersection(raw)):
        limit = members.TEXT_FIELDS[key]
        text = cell_text(raw[key])
        if len(text) > limit:
            errors.append(FieldError(key, "too_long", {"max": limit}))
        out[key] = text or None
    if out.get("email") and not members._EMAIL.match(out["email"]):
        errors.append(FieldError("email", "email_invalid", {"value": out["email"]}))

    if "gender" in raw:
        take("gender", lambda v: choice("gender", v, field="gender", extra=_gender_words()))
    take("source", lambda v: choice("source", v, field="source"))
    take("status", lambda v: choice("status", v, field="status"))
    if "tier" in raw:
        code = tiers.get(_fold(cell_text(raw["tier"])))
        if code is None:
            errors.append(
                FieldError(
                    "tier",
                    "choice_invalid",
                    {"value": raw["tier"], "choices": ", ".join(sorted(set(tiers.values())))},
                )
            )
        else:
            out["tier"] = code
    if "consent_channels" in raw:
        parts = [p for p in re.split(r"[,，、;；/\s]+", cell_text(raw["consent_channels"])) if p]
        chans = []
        for p in parts:
            code = CONSENT_WORDS.get(p) or (
                p.lower() if p.lower() in members.CONSENT_CHANNELS else None
            )
            if code is None:
                errors.append(
                    FieldError(
                        "consent_channels",
                        "choice_invalid",
                        {"value": p, "choices": "电话, 短信, 微信, 邮寄"},
                    )
                )
            else:
                chans.append(code)
        out["consent_channels"] = ",".join(c for c in members.CONSENT_CHANNELS if c in chans)
    for key in ("joined_on", "verified_at"):
        if key in raw:
            try:
                d = to_date(raw[key], field=key)
                out[key] = d.isoformat() if d else None
            except ValidationError as exc:
                errors.extend(exc.errors)
    _no_future(out, errors)
    if "tags" in raw:
        tags = re.split(r"[,，;；、]", cell_text(raw["tags"]))
        out["tags"] = sorted({clean_line(t) for t in tags if clean_line(t)})
    if "referrer_no" in raw:
        out["referrer_no"] = clean_code(cell_text(raw["referrer_no"]))
    if "family" in raw:
        out["family"] = parse_family(raw["family"], errors)
    _archive_extras(raw, out, errors)
    _no_future(out, errors)
    return out, errors


def _archive_extras(raw: Mapping[str, Any], out: dict[str, Any], errors: list[FieldError]):
    """Consent's date and notice version, the status's date, why a member was lost:
    what the members export writes beyond the data card, so a store moved through
    Excel keeps them."""
    for key in ("consent_at", "status_changed_at"):
        if key in raw:
            try:
                out[key] = to_datetime(raw[key], field=key).isoformat()
            except ValidationError as exc:
                errors.extend(exc.errors)
    for key, limit in (("consent_notice_version", members.NOTICE_VERSION_MAX), ("lost_note", 500)):
        if key in raw:
            text = clean_line(raw[key])
            if len(text) > limit:
                errors.append(FieldError(key, "too_long", {"max": limit}))
            out[key] = text or None
    if "lost_reason" in raw:
        try:
            out["lost_reason"] = choice("lost_reason", raw["lost_reason"], field="lost_reason")
        except ValidationError as exc:
            errors.extend(exc.errors)


_FAMILY_ENTRIES = re.compile(r"[；;\n]+")
_FAMILY_FIELDS = re.compile(r"[|｜]")


def parse_family(value: Any, errors: list[FieldError]) -> list[dict[str, Any]]:
    """The 家庭成员 cell: entries separated by ；, each ``relation|name|date|calendar|
    leap|note`` (trailing parts may be left out), checked by the member form's own rule
    (``members._clean_family``). Returned in a fixed order, so two spellings of one
    family compare equal."""
    rows = []
    for entry in _FAMILY_ENTRIES.split(cell_text(value)):
        parts = [p.strip() for p in _FAMILY_FIELDS.split(entry)]
        if not any(parts):
            continue
        parts += [""] * (6 - len(parts))
        relation, name, date, cal, leap, note = parts[:6]
        try:
            relation = choice("relation", relation, field="family")
        except ValidationError as exc:
            errors.extend(exc.errors)
            continue
        calendar = CALENDAR_WORDS.get(_fold(cal), "solar") if cal else "solar"
        is_leap = bool(leap) and (leap in ("闰", "闰月", "leap") or to_bool_safe(leap))
        rows.append(
            {
                "relation": relation,
                "name": name or None,
                "date": date or None,
                "calendar": calendar,
                "leap": is_leap,
                "note": note or None,
            }
        )
    bad: list[FieldError] = []
    clean = members._clean_family(rows, bad)
    errors.extend(FieldError("family", e.code, e.params) for e in bad)
    return family_order(clean)


def to_bool_safe(value: str) -> bool:
    try:
        return to_bool(value, field="family")
    except ValidationError:
        return False


def family_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keys = ("relation", "name", "date", "calendar", "leap", "note")
    return sorted(
        ({k: r.get(k) for k in keys} for r in rows),
        key=lambda r: tuple(str(r[k] or "") for k in keys),
    )


def family_text(rows: list[dict[str, Any]], lang: str = "zh") -> str:
    """The 家庭成员 cell of ``rows`` (what :func:`parse_family` reads back)."""
    out = []
    for r in family_order(rows):
        parts = [
            labels.word("relation", r["relation"], lang),
            r["name"] or "",
            r["date"] or "",
            labels.word("calendar", r["calendar"], lang) if r["calendar"] == "lunar" else "",
            ("闰月" if lang == "zh" else "leap") if r["leap"] else "",
            (r["note"] or "").replace("；", ",").replace(";", ",").replace("|", "/"),
        ]
        while parts and not parts[-1]:
            parts.pop()
        out.append("｜".join(parts))
    return "；".join(out)


_PAST_ONLY = ("joined_on", "birthday", "verified_at", "consent_at", "status_changed_at")


def _no_future(out: dict[str, Any], errors: list[FieldError]) -> None:
    """A member cannot join, be born or be verified after today. Birthdays without a
    year (``--05-01``) have no date to compare; a lunar date is never later than the
    solar date of the same day, so comparing its text is safe."""
    today = dt.date.today().isoformat()
    for key in _PAST_ONLY:
        value = out.get(key)
        if isinstance(value, str) and value[:1].isdigit() and value[:10] > today:
            errors.append(FieldError(key, "date_in_future", {"value": value[:10]}))
            out.pop(key)


def tier_index(db) -> dict[str, str]:
    out: dict[str, str] = {}
    for code, zh, en in db.execute("SELECT code, name_zh, name_en FROM tiers"):
        for name in (code, zh, en):
            out[_fold(name)] = code
    return out
