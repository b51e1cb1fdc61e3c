"""Normalising what people and spreadsheets type: phones, dates, birthdays, names
(pinyin for search) and money. Pure functions; each raises ``FieldError``-carrying
``ValidationError`` with a code the UI and importer translate.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from app.core import FieldError, ValidationError
from app.text import clean_code

# ---------------------------------------------------------------- phones

_SCI = re.compile(r"^\s*[+-]?\d+(\.\d+)?[eE][+-]?\d+\s*$")
_SEPARATORS = re.compile(r"[\s\-–—().·]")
MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normalize_phone(value: object, *, field: str = "phone") -> str | None:
    """A mainland mobile number as 11 digits, or None when empty.

    Accepts ``+86 138-1234-5678``, ``0086…``, ``86…`` (13 digits), spaces, dashes, and
    numbers from Excel cells (``13812345678`` or ``13812345678.0``). Refuses Excel's
    scientific notation (``1.38123E+10``): the last digits are already gone and no rule
    can bring them back.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError([FieldError(field, "phone_invalid", {"value": value})])
    if isinstance(value, float):
        if value != value or not value.is_integer():
            raise ValidationError([FieldError(field, "phone_invalid", {"value": value})])
        value = str(int(value))
    elif isinstance(value, int):
        value = str(value)
    text = clean_code(value)  # full-width and Arabic-Indic digits, invisible characters
    if not text:
        return None
    if _SCI.match(text):
        raise ValidationError([FieldError(field, "phone_digits_lost", {"value": text})])
    if re.fullmatch(r"\+?\d+\.0+", text):  # "13812345678.0": a numeric cell as text
        text = text.split(".")[0]
    digits = _SEPARATORS.sub("", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if not MOBILE.match(digits):
        raise ValidationError([FieldError(field, "phone_invalid", {"value": text})])
    return digits


def mask_phone(phone: str | None) -> str:
    """``138****5678``: enough for a clerk to confirm, not enough to copy."""
    if not phone:
        return ""
    if len(phone) < 8:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


# ---------------------------------------------------------------- dates

_CN_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?\s*$")
_SEP_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$")
_NOYEAR = re.compile(r"^\s*--(\d{1,2})-(\d{1,2})\s*$")
EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(value: object, *, field: str = "date") -> dt.date | None:
    """A date from ``date``/``datetime``, ISO text, ``2023/5/1``, ``2023.5.1``,
    ``2023年5月1日``, ``20230501`` (text or number) or an Excel serial number; None when
    empty."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel serials up to 9999-12-31
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        if not (19000101 <= value <= 29991231 and value == int(value)):  # 19900501
            raise ValidationError([FieldError(field, "date_invalid", {"value": value})])
        value = str(int(value))
    text = clean_code(value)
    if not text:
        return None
    m = _CN_DATE.match(text) or _SEP_DATE.match(text) or _YMD_DIGITS.match(text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise ValidationError([FieldError(field, "date_invalid", {"value": text})])


# How people write a birthday at the counter, besides full dates (parse_date):
_MD_CN = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")  # 5月1日
_MD_SEP = re.compile(r"^(\d{1,2})[-/.](\d{1,2})$")  # 05-01, 5/1, 5.1
_MD_DIGITS = re.compile(r"^(\d{2})(\d{2})$")  # 0501
_YMD_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")  # 19900501
# 农历四月十五, 农历闰四月初八, 1990年农历腊月廿三, 阴历4月15
_LUNAR = re.compile(
    r"^(?:(\d{4})\s*年\s*)?(?:农历|阴历|旧历)\s*(?:(\d{4})\s*年\s*)?(闰)?\s*"
    r"([正冬腊一二三四五六七八九十\d]{1,3})\s*月\s*([初廿卅一二三四五六七八九十\d]{1,3})\s*[日号]?$"
)
_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_LUNAR_MONTH_NAME = {"正": 1, "冬": 11, "腊": 12}


def _cn_number(text: str) -> int | None:
    """1–39 written 十五, 二十三, 廿三, 卅, 初八 (the 初 of the first ten days) or in digits."""
    text = text.removeprefix("初")
    if text.isdigit():
        return int(text)
    if text in _LUNAR_MONTH_NAME:
        return _LUNAR_MONTH_NAME[text]
    tens = {"十": 10, "廿": 20, "卅": 30}
    if len(text) == 1:
        return _CN_DIGIT.get(text) or tens.get(text)
    if text[0] in tens and len(text) == 2 and text[1] in _CN_DIGIT:  # 十五, 廿三
        return tens[text[0]] + _CN_DIGIT[text[1]]
    if text[0] in _CN_DIGIT and text[1:2] == "十":  # 二十, 二十三
        rest = text[2:]
        if not rest:
            return _CN_DIGIT[text[0]] * 10
        if len(rest) == 1 and rest in _CN_DIGIT:
            return _CN_DIGIT[text[0]] * 10 + _CN_DIGIT[rest]
    return None


def birthday_parts(text: str) -> tuple[int | None, int, int, str | None, bool] | None:
    """``(year or None, month, day, calendar, leap)`` from the ways a birthday is typed:
    ``5月1日``, ``05-01``, ``0501``, ``19900501``, ``1990.5.1``, ``1990年5月1日``,
    ``--05-01`` and the lunar ``农历四月十五`` / ``农历闰四月初八`` / ``1990年农历腊月廿三``.
    ``calendar`` is ``"lunar"`` when the text says so, else None (the caller's choice
    stands). None when the text is none of these (the numbers are not checked here)."""
    text = clean_code(text)
    if m := _LUNAR.match(text):
        month, day = _cn_number(m[4]), _cn_number(m[5])
        if month is None or day is None:
            return None
        year = m[1] or m[2]
        return (int(year) if year else None), month, day, "lunar", bool(m[3])
    if m := _NOYEAR.match(text) or _MD_CN.match(text) or _MD_SEP.match(text):
        return None, int(m[1]), int(m[2]), None, False
    if m := _MD_DIGITS.match(text):
        return None, int(m[1]), int(m[2]), None, False
    if m := _YMD_DIGITS.match(text) or _CN_DATE.match(text) or _SEP_DATE.match(text):
        return int(m[1]), int(m[2]), int(m[3]), None, False
    return None


def birthday_calendar_hint(value: object) -> tuple[str, bool] | None:
    """``("lunar", leap)`` when a typed birthday names its calendar (``农历…``); None
    otherwise, so the form's calendar choice stands."""
    if not isinstance(value, str):
        return None
    parts = birthday_parts(value)
    if parts is None or parts[3] is None:
        return None
    return parts[3], parts[4]


def parse_birthday(
    value: object, *, calendar: str = "solar", leap: bool = False, field: str = "birthday"
) -> str | None:
    """A birthday in its own calendar as ``YYYY-MM-DD``, or ``--MM-DD`` when the year is
    unknown. For ``calendar='lunar'`` the numbers are lunar month/day, checked against
    the lunar calendar (the day exists; the year has that leap month when ``leap``).
    Text may be written any way :func:`birthday_parts` reads; text that says 农历 is
    refused unless ``calendar`` is lunar (callers take the calendar from
    :func:`birthday_calendar_hint` first, as the member form does)."""
    if isinstance(value, str):
        value = clean_code(value)  # look-alike digits, invisible characters
    if value is None or (isinstance(value, str) and not value):
        return None
    year: int | None
    parts = birthday_parts(value) if isinstance(value, str) else None
    if parts is not None:
        year, month, day, said, _said_leap = parts
        if said is not None and said != calendar:  # 农历… stored as solar would be wrong
            raise ValidationError([FieldError(field, "date_invalid", {"value": value})])
    elif calendar == "lunar" and isinstance(value, str):
        raise ValidationError([FieldError(field, "date_invalid", {"value": value})])
    else:
        d = parse_date(value, field=field)
        if d is None:
            return None
        year, month, day = d.year, d.month, d.day
    if calendar == "solar":
        try:
            dt.date(year or 2000, month, day)  # 2000 is a leap year: --02-29 is allowed
        except ValueError:
            raise ValidationError([FieldError(field, "date_invalid", {"value": value})]) from None
        if year is not None and dt.date(year, month, day) > dt.date.today():
            raise ValidationError([FieldError(field, "date_in_future", {"value": value})])
    else:
        from app.lunar import validate_lunar

        validate_lunar(year, month, day, leap, field=field)
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def split_birthday(text: str) -> tuple[int | None, int, int]:
    """``(year or None, month, day)`` from a stored birthday."""
    if text.startswith("--"):
        return None, int(text[2:4]), int(text[5:7])
    return int(text[0:4]), int(text[5:7]), int(text[8:10])


# ---------------------------------------------------------------- money

_MONEY_STRIP = re.compile(r"[\s,，¥￥元]|RMB|CNY", re.IGNORECASE)


def parse_money_fen(value: object, *, field: str = "amount") -> int | None:
    """Yuan as typed (``1,200``, ``¥1200.50``, ``1200.5元``, a number) to integer fen."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError([FieldError(field, "amount_invalid", {"value": value})])
    text = _MONEY_STRIP.sub("", clean_code(value))
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValidationError([FieldError(field, "amount_invalid", {"value": value})]) from None
    if not amount.is_finite():
        raise ValidationError([FieldError(field, "amount_invalid", {"value": value})])
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise ValidationError([FieldError(field, "amount_invalid", {"value": value})])
    return check_amount_fen(int(fen), value=value, field=field)


# One amount (a ticket, a line, a payment) beyond this is a typo or a broken file.
MAX_AMOUNT_FEN = 10_000_000 * 100  # ¥10,000,000


def check_amount_fen(fen: int, *, value: object, field: str) -> int:
    """``fen``, or a ValidationError when it is beyond :data:`MAX_AMOUNT_FEN` either way."""
    if abs(fen) > MAX_AMOUNT_FEN:
        raise ValidationError(
            [FieldError(field, "amount_too_large", {"value": value, "max": "¥10,000,000"})]
        )
    return fen


def format_fen(fen: int | None, *, symbol: bool = True) -> str:
    """``123450`` -> ``¥1,234.50`` (negative as ``-¥12.00``)."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{'¥' if symbol else ''}{yuan:,}.{cents:02d}"


# ---------------------------------------------------------------- names

# Surnames whose everyday reading differs from the surname reading; pypinyin reads
# characters by their commonest sound, which is wrong for these as a family name.
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "仇": "qiu",
    "解": "xie",
    "查": "zha",
    "区": "ou",
    "朴": "piao",
    "繁": "po",
    "秘": "bi",
    "覃": "qin",
    "乐": "yue",
    "员": "yun",
    "盖": "ge",
    "种": "chong",
    "翟": "zhai",
    "缪": "miao",
    "折": "she",
    "纪": "ji",
    "句": "gou",
    "阚": "kan",
    "尉": "yu",
    "召": "shao",
    "冼": "xian",
    "洗": "xian",
    "重": "chong",
    "藏": "zang",
    "华": "hua",
    "任": "ren",
    "沈": "shen",
    "柏": "bai",
}


def name_pinyin(name: str) -> tuple[str, str]:
    """``("zhangsanfeng", "zsf")`` for 张三丰: full spelling and initials, lowercase,
    no spaces; Latin letters and digits in the name are kept as they are."""
    from pypinyin import Style, lazy_pinyin

    name = name.strip()
    if not name:
        return "", ""
    syllables = lazy_pinyin(name, style=Style.NORMAL, errors=lambda s: list(s))
    if name[0] in SURNAME_READINGS and syllables:
        syllables[0] = SURNAME_READINGS[name[0]]
    syllables = [s.lower() for s in syllables if s.strip()]
    full = "".join(re.sub(r"[^0-9a-zü]", "", s).replace("ü", "v") for s in syllables)
    initials = "".join(s[0] for s in syllables if s and s[0].isalnum())
    return full, initials
