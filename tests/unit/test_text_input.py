"""One rule for text from people and files (app/text.py): invisible characters removed,
look-alike digits folded in phones, member numbers, amounts and dates; and the member
form ends every input in a message, never an exception (hypothesis)."""

from __future__ import annotations

import os
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import members
from app.core import SYSTEM, ValidationError
from app.db import open_db
from app.excel.importer import import_file, plan_import
from app.text import clean_code, clean_line, clean_text

FULL_WIDTH_PHONE = "１３８００００１２３４"
ARABIC_INDIC_PHONE = "١٣٨٠٠٠٠١٢٣٤"


def codes(exc: pytest.ExceptionInfo) -> dict[str, str]:
    return {e.field: e.code for e in exc.value.errors}


def test_every_control_and_format_character_of_the_bmp_is_removed():
    kept = "\t\n\x85"  # tab and line breaks (NEL is one) stay in multi-line text
    missed = [
        f"U+{cp:04X}"
        for cp in range(0x10000)
        if cp < 0xD800 or cp > 0xDFFF  # surrogates are not characters
        if unicodedata.category(chr(cp)) in ("Cc", "Cf")
        and chr(cp) not in kept + "\r"
        and clean_text("a" + chr(cp) + "b") != "ab"
    ]
    assert missed == []
    assert clean_text("a\x85b") == "a\nb" and clean_line("a\x85b") == "a b"


def test_bidi_overrides_zero_width_and_bells_leave_names_and_numbers():
    assert clean_line("\u202eVK0001\u202c") == "VK0001"
    assert clean_line("王\u200b小\x07明\x1b\x00") == "王小明"
    assert clean_line("张三\n丰\t") == "张三 丰"
    assert clean_text("第一行\r\n第二行\u2028第三行") == "第一行\n第二行\n第三行"
    assert clean_code("ＶＫ００１２") == "VK0012"
    assert clean_code(ARABIC_INDIC_PHONE) == "13800001234"


def test_a_name_of_only_a_zero_width_space_is_required(db):
    with pytest.raises(ValidationError) as exc:
        members.create_member(db, actor=SYSTEM, data={"name": "\u200b"})
    assert codes(exc) == {"name": "required"}


def test_look_alike_digits_are_one_phone_and_one_member(db):
    first = members.create_member(db, actor=SYSTEM, data={"name": "甲", "phone": "13800001234"})
    for phone in (FULL_WIDTH_PHONE, ARABIC_INDIC_PHONE, "１３８-0000-1234"):
        with pytest.raises(ValidationError) as exc:
            members.create_member(db, actor=SYSTEM, data={"name": "乙", "phone": phone})
        assert codes(exc) == {"phone": "phone_duplicate"}
    assert (
        members.get_member(db, first.created_id, actor=SYSTEM, unmask=True)["phone"]
        == "13800001234"
    )


def test_member_numbers_and_free_text_are_stored_clean(db):
    changes = members.create_member(
        db,
        actor=SYSTEM,
        data={"name": "丙\u200d", "member_no": "\u202eＶＫ９００１", "note": "上午\x00勿扰\n谢谢"},
    )
    row = members.get_member(db, changes.created_id, actor=SYSTEM, unmask=True)
    assert (row["name"], row["member_no"], row["note"]) == ("丙", "VK9001", "上午勿扰\n谢谢")


@pytest.mark.parametrize("referrer", ["abc", "1.5", 1.5, 10**30, -3, True, "١٢", "99999999"])
def test_a_referrer_that_cannot_be_a_member_is_a_message(db, referrer):
    with pytest.raises(ValidationError) as exc:
        members.create_member(db, actor=SYSTEM, data={"name": "丁", "referrer_id": referrer})
    assert codes(exc) == {"referrer_id": "referrer_missing"}


def test_a_referrer_given_as_text_or_float_still_resolves(db):
    ref = members.create_member(db, actor=SYSTEM, data={"name": "戊"}).created_id
    for given_as in (str(ref), float(ref), f" {ref} "):
        changes = members.create_member(
            db, actor=SYSTEM, data={"name": "己", "referrer_id": given_as}
        )
        assert (
            members.get_member(db, changes.created_id, actor=SYSTEM, unmask=True)["referrer_id"]
            == ref
        )


def test_an_import_with_look_alike_digits_and_invisibles_is_idempotent(db, tmp_path):
    members.create_member(db, actor=SYSTEM, data={"name": "王小明", "phone": "13800001234"})
    f = tmp_path / "m.csv"
    f.write_text(
        f"姓名,手机号,地址\n王\u200b小明,{FULL_WIDTH_PHONE},北京路\u202e1号\n"
        f"李\x07四,{ARABIC_INDIC_PHONE[:-1]}٥,上海\n",
        "utf-8",
    )
    plan = plan_import(db, f, kind="members")
    assert plan.counts.get("new") == 1 and plan.counts.get("updated") == 1
    assert not plan.rejections
    import_file(db, path=f, kind="members", actor=SYSTEM)
    rows = db.execute("SELECT name, phone, address FROM members ORDER BY id").fetchall()
    assert rows == [("王小明", "13800001234", "北京路1号"), ("李四", "13800001235", "上海")]
    again = plan_import(db, f, kind="members")
    assert not again.has_work


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("1e20", "amount_too_large"),
        ("1e309", "amount_too_large"),
        ("92233720368547758.07", "amount_too_large"),
        (str(1e20), "amount_too_large"),
        ("inf", "amount_invalid"),
        ("10^23", "amount_invalid"),
    ],
)
def test_absurd_amounts_are_refused_per_row_in_the_dry_run(db, tmp_path, amount, code):
    members.create_member(db, actor=SYSTEM, data={"name": "庚", "phone": "13900000000"})
    f = tmp_path / "p.csv"
    f.write_text(f"手机号,日期,金额\n13900000000,2024-01-05,100\n13900000000,2024-01-06,{amount}\n")
    plan = plan_import(db, f, kind="purchases")
    assert [(r.row, r.code) for r in plan.rejections] == [(3, code)]


# ------------------------------------------------------------------ the form's input space

FIELD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=80),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Nd", "Zs"]), max_size=20),
    st.lists(st.text(max_size=10), max_size=3),
    st.lists(st.dictionaries(st.sampled_from(["relation", "name", "date"]), st.text(max_size=12))),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
# 400 in CI (~10 s); set VIPKEEPER_FUZZ_EXAMPLES=4000 for a longer search on demand
FUZZ_EXAMPLES = int(os.environ.get("VIPKEEPER_FUZZ_EXAMPLES", "400"))
FORM = st.dictionaries(st.sampled_from(sorted(members.EDITABLE)), FIELD_VALUES, max_size=8)


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory):
    db = open_db(tmp_path_factory.mktemp("fuzz") / "store.db")
    members.create_member(db, actor=SYSTEM, data={"name": "基准", "phone": "13700000000"})
    yield db
    db.close()


@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    # CI replays the same examples (a red run must mean a change broke something);
    # VIPKEEPER_FUZZ_EXAMPLES=N searches anew, and a find goes into the list below
    derandomize="VIPKEEPER_FUZZ_EXAMPLES" not in os.environ,
)
@given(data=FORM, name=st.one_of(st.none(), st.text(max_size=60)))
def test_every_member_form_input_ends_in_a_save_or_a_message(fuzz_db, data, name):
    form = dict(data)
    if name is not None:
        form["name"] = name
    for save in (
        lambda: members.create_member(fuzz_db, actor=SYSTEM, data=form),
        lambda: members.update_member(fuzz_db, actor=SYSTEM, member_id=1, data=form),
    ):
        try:
            save()
        except ValidationError as exc:
            assert exc.errors  # a message per field, never an empty refusal
        except Exception as exc:
            pytest.fail(f"{type(exc).__name__}: {exc} for {form!r}", pytrace=False)


@pytest.mark.parametrize(
    "form",
    [
        {"consent_channels": 1},  # raised TypeError: 'int' object is not iterable
        {"consent_channels": [{"relation": ""}]},  # TypeError in str.join
        {"consent_notice_version": [""]},  # sqlite3.ProgrammingError binding a list
        {"family": "spouse"},  # AttributeError: 'str' object has no attribute 'get'
    ],
)
def test_inputs_the_fuzz_found_are_messages(fuzz_db, form):
    with pytest.raises(ValidationError) as exc:
        members.create_member(fuzz_db, actor=SYSTEM, data={"name": "辛", **form})
    assert set(codes(exc)) == set(form)


def test_a_huge_number_as_the_notice_version_is_kept_as_text(fuzz_db):
    """Found by the fuzz in CI: 2**63 raised OverflowError binding it."""
    created = members.create_member(
        fuzz_db, actor=SYSTEM, data={"name": "壬", "consent_notice_version": 2**63}
    )
    row = members.get_member(fuzz_db, created.created_id, actor=SYSTEM, unmask=True)
    assert row["consent_notice_version"] == str(2**63)
    with pytest.raises(ValidationError) as exc:
        members.create_member(
            fuzz_db, actor=SYSTEM, data={"name": "癸", "consent_notice_version": 10**30}
        )
    assert codes(exc) == {"consent_notice_version": "too_long"}


def test_a_birthday_of_only_an_invisible_character_is_no_birthday(fuzz_db):
    """Found by the fuzz: ESC alone raised AssertionError (nothing left once removed)."""
    created = members.create_member(fuzz_db, actor=SYSTEM, data={"name": "子", "birthday": "\x1b"})
    assert (
        members.get_member(fuzz_db, created.created_id, actor=SYSTEM, unmask=True)["birthday"]
        is None
    )
