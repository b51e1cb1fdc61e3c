"""Birthdays as people type them at the counter (#20): with or without the year, in
digits or Chinese, solar or lunar; what is not a date is still refused."""

from __future__ import annotations

import pytest

from app import members
from app.core import SYSTEM, ValidationError
from app.normalize import birthday_calendar_hint, birthday_parts, parse_birthday, parse_date


@pytest.mark.parametrize(
    ("typed", "parts"),
    [
        ("5月1日", (None, 5, 1, None, False)),
        ("5月1号", (None, 5, 1, None, False)),
        ("05-01", (None, 5, 1, None, False)),
        ("5/1", (None, 5, 1, None, False)),
        ("0501", (None, 5, 1, None, False)),
        ("19900501", (1990, 5, 1, None, False)),
        ("1990.5.1", (1990, 5, 1, None, False)),
        ("１９９０年５月１日", (1990, 5, 1, None, False)),  # full-width digits
        ("农历四月十五", (None, 4, 15, "lunar", False)),
        ("农历正月初八", (None, 1, 8, "lunar", False)),
        ("农历闰四月初八", (None, 4, 8, "lunar", True)),
        ("1990年农历腊月廿三", (1990, 12, 23, "lunar", False)),
        ("农历冬月二十", (None, 11, 20, "lunar", False)),
        ("阴历4月15", (None, 4, 15, "lunar", False)),
        ("农历十二月三十", (None, 12, 30, "lunar", False)),
    ],
)
def test_each_way_of_writing_a_birthday_is_read(typed, parts):
    assert birthday_parts(typed) == parts


@pytest.mark.parametrize(
    "typed", ["五一", "1990", "12345", "农历四月", "5月", "abc", "农历十三月一"]
)
def test_what_is_not_a_birthday_is_not_read_as_one(typed):
    with pytest.raises(ValidationError):
        parse_birthday(typed)


def test_impossible_days_are_refused_in_every_spelling():
    for typed in ("2月30日", "0230", "19900230", "13-01"):
        with pytest.raises(ValidationError):
            parse_birthday(typed)


def test_lunar_text_is_refused_where_only_a_solar_date_is_stored():
    """An importer column that says 公历 must not store lunar numbers as solar ones."""
    with pytest.raises(ValidationError):
        parse_birthday("农历四月十五", calendar="solar")
    assert parse_birthday("农历四月十五", calendar="lunar") == "--04-15"
    assert birthday_calendar_hint("农历闰四月初八") == ("lunar", True)
    assert birthday_calendar_hint("1990-05-01") is None


def test_eight_digit_dates_as_text_or_number():
    assert parse_date("20230501").isoformat() == "2023-05-01"
    assert parse_date(20230501).isoformat() == "2023-05-01"
    for bad in (20231301, 1e20, float("inf"), float("nan")):
        with pytest.raises(ValidationError):
            parse_date(bad)


def test_the_member_form_stores_a_lunar_birthday_typed_as_text(db):
    changes = members.create_member(
        db, actor=SYSTEM, data={"name": "李农历", "birthday": "农历闰四月初八"}
    )
    member = members.get_member(db, changes.created_id, actor=SYSTEM)
    assert (member["birthday"], member["birthday_calendar"], member["birthday_leap"]) == (
        "--04-08", "lunar", 1,
    )  # fmt: skip
