"""Phones, dates, birthdays, money and pinyin as people and spreadsheets type them."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core import ValidationError
from app.normalize import (
    format_fen,
    mask_phone,
    name_pinyin,
    normalize_phone,
    parse_birthday,
    parse_date,
    parse_money_fen,
)


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "0086 13812345678",
        "8613812345678",
        "138-1234-5678",
        " 138 1234 5678 ",
        13812345678,
        13812345678.0,
        "13812345678.0",
        "(138)1234-5678",
    ],
)
def test_phone_spellings_normalise_to_eleven_digits(raw):
    assert normalize_phone(raw) == "13812345678"


@pytest.mark.parametrize("raw", ["1.38123E+10", "1.38123e10", "1.3812345678E+10", 1.5e10 + 0.5])
def test_excel_scientific_phone_is_refused_saying_digits_are_lost(raw):
    with pytest.raises(ValidationError) as exc:
        normalize_phone(raw)
    codes = [e.code for e in exc.value.errors]
    assert codes in (["phone_digits_lost"], ["phone_invalid"])
    if isinstance(raw, str):
        assert codes == ["phone_digits_lost"]
        assert "lost" in str(exc.value)
        assert "丢失" in exc.value.errors[0].message("zh")


@pytest.mark.parametrize(
    "raw", ["12812345678", "1381234567", "138123456789", "021-62345678", "abc", "10086"]
)
def test_non_mobile_numbers_are_refused(raw):
    with pytest.raises(ValidationError) as exc:
        normalize_phone(raw)
    assert exc.value.errors[0].code == "phone_invalid"


def test_empty_phone_is_none():
    assert normalize_phone("  ") is None
    assert normalize_phone(None) is None


def test_mask_phone():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone(None) == ""


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2023-05-01", dt.date(2023, 5, 1)),
        ("2023/5/1", dt.date(2023, 5, 1)),
        ("2023.5.1", dt.date(2023, 5, 1)),
        ("2023年5月1日", dt.date(2023, 5, 1)),
        ("2023年05月01号", dt.date(2023, 5, 1)),
        (45047, dt.date(2023, 5, 1)),
        (45047.0, dt.date(2023, 5, 1)),
        (dt.datetime(2023, 5, 1, 10, 0), dt.date(2023, 5, 1)),
        ("2023-05-01T10:00:00", dt.date(2023, 5, 1)),
    ],
)
def test_date_forms(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["2023-02-30", "yesterday", "2023年13月1日", -5])
def test_bad_dates_are_refused(raw):
    with pytest.raises(ValidationError):
        parse_date(raw)


def test_birthdays_with_and_without_year_and_feb_29():
    assert parse_birthday("1988-02-29") == "1988-02-29"
    assert parse_birthday("--02-29") == "--02-29"
    with pytest.raises(ValidationError):
        parse_birthday("1989-02-29")
    with pytest.raises(ValidationError) as exc:
        parse_birthday("2999-01-01")
    assert exc.value.errors[0].code == "date_in_future"


def test_lunar_birthdays_check_the_lunar_calendar():
    # 2023 has a leap 2nd month (闰二月); 2024 has none
    assert parse_birthday("2023-02-10", calendar="lunar", leap=True) == "2023-02-10"
    with pytest.raises(ValidationError) as exc:
        parse_birthday("2024-02-10", calendar="lunar", leap=True)
    assert exc.value.errors[0].code == "lunar_leap_invalid"
    with pytest.raises(ValidationError):
        parse_birthday("1990-13-01", calendar="lunar")
    assert parse_birthday("--08-15", calendar="lunar") == "--08-15"


@pytest.mark.parametrize(
    "raw, fen",
    [
        ("1,200", 120000),
        ("¥1200.50", 120050),
        ("￥1,200.5元", 120050),
        (99, 9900),
        (99.9, 9990),
        ("0.01", 1),
        ("-12", -1200),
        ("RMB 30", 3000),
    ],
)
def test_money_to_fen(raw, fen):
    assert parse_money_fen(raw) == fen


@pytest.mark.parametrize("raw", ["12.345", "abc", "1.2.3", "NaN"])
def test_bad_money_is_refused(raw):
    with pytest.raises(ValidationError):
        parse_money_fen(raw)


def test_format_fen():
    assert format_fen(123450) == "¥1,234.50"
    assert format_fen(-1200) == "-¥12.00"
    assert format_fen(5) == "¥0.05"


def test_pinyin_full_and_initials_with_surname_readings():
    assert name_pinyin("张三丰") == ("zhangsanfeng", "zsf")
    assert name_pinyin("曾小贤") == ("zengxiaoxian", "zxx")  # surname 曾 is zeng, not ceng
    assert name_pinyin("单田芳")[0].startswith("shan")
    assert name_pinyin("吕布") == ("lvbu", "lb")
