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
    ``2023年5月1日`` or an Excel serial number; None when empty."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel serials up to 9999-12-31
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValidationError([FieldError(field, "date_invalid", {"value": value})])
    text = clean_code(value)
    if not text:
        return None
    m = _CN_DATE.match(text) or _SEP_DATE.match(text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise ValidationError([FieldError(field, "date_invalid", {"value": text})])


def parse_birthday(
    value: object, *, calendar: str = "solar", leap: bool = False, field: str = "birthday"
) -> str | None:
    """A birthday in its own calendar as ``YYYY-MM-DD``, or ``--MM-DD`` when the year is
    unknown. For ``calendar='lunar'`` the numbers are lunar month/day, checked against
    the lunar calendar (the day exists; the year has that leap month when ``leap``)."""
    if isinstance(value, str):
        value = clean_code(value)  # look-alike digits, invisible characters
    if value is None or (isinstance(value, str) and not value):
        return None
    year: int | None
    if isinstance(value, str) and (m := _NOYEAR.match(value)):
        year, month, day = None, int(m[1]), int(m[2])
    else:
        if calendar == "lunar" and isinstance(value, str):
            m = _CN_DATE.match(value) or _SEP_DATE.match(value)
            if not m:
                raise ValidationError([FieldError(field, "date_invalid", {"value": value})])
            year, month, day = int(m[1]), int(m[2]), int(m[3])
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
