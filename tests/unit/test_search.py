"""The member list's data source and the counter search."""

from __future__ import annotations

import datetime as dt

import pytest

from app import purchases, search
from app.core import SYSTEM
from app.members import create_member
from app.search import MemberQuery

TODAY = dt.date(2025, 11, 22)

# name, phone, extra archive fields
PEOPLE = [
    ("张三丰", "13800001234", {"tier": "gold", "birthday": "1980-11-05", "tags": ["VIP"]}),
    ("张三", "13900561234", {"tier": "normal", "birthday": "1985-12-01"}),
    (
        "张珊",
        "13712345678",
        {"tier": "diamond", "birthday": "1970-10-01", "birthday_calendar": "lunar"},
    ),
    (
        "赵四",
        "13698765432",
        {"tier": "silver", "birthday": "1970-10-15", "birthday_calendar": "lunar", "tags": ["VIP"]},
    ),
    (
        "李张",
        None,
        {
            "tier": "normal",
            "status": "dormant",
            "birthday": "--09-20",
            "birthday_calendar": "lunar",
        },
    ),
    ("王三丰", "15000009999", {"tier": "silver"}),
    ("曾小明", "18611112222", {"tier": "normal", "joined_on": "2020-01-01"}),
]


@pytest.fixture
def store(db, actor) -> dict[str, int]:
    ids = {}
    for name, phone, extra in PEOPLE:
        data = {"name": name, "phone": phone, "joined_on": "2025-11-01", **extra}
        ids[name] = create_member(db, actor=actor, data=data).created_id
    # spend: 张珊 most, then 张三丰, 赵四; 张三 bought long ago
    for name, at, fen in [
        ("张珊", "2025-11-01T10:00:00", 90000),
        ("张三丰", "2025-10-01T10:00:00", 50000),
        ("赵四", "2025-11-10T10:00:00", 20000),
        ("张三", "2024-01-01T10:00:00", 1000),
    ]:
        purchases.record_purchase(
            db,
            actor=actor,
            member_id=ids[name],
            at=at,
            items=[{"qty": 1, "list_fen": fen, "paid_fen": fen}],
        )
    return ids


def names(db, ids) -> list[str]:
    rows = search.fetch_rows(db, ids, actor=SYSTEM, unmask=True)
    return [rows[i]["name"] for i in ids]


def found(db, text) -> list[str]:
    return [r["name"] for r in search.search(db, text, actor=SYSTEM, unmask=True)]


def test_initials_exact_hits_come_before_prefix_hits(db, store):
    got = found(db, "zs")
    assert set(got[:3]) == {"张三", "张珊", "赵四"}  # initials exactly "zs"
    assert got[3:] == ["张三丰"]  # initials starting with "zs"


def test_three_initials_find_the_full_name(db, store):
    assert found(db, "zsf") == ["张三丰"]
    assert found(db, "ZSF") == ["张三丰"]


def test_pinyin_prefix_mixes_full_syllables_and_a_started_one(db, store):
    assert set(found(db, "zhangs")) == {"张三", "张三丰", "张珊"}
    assert found(db, "zhangsanfeng") == ["张三丰"]
    assert set(found(db, "zhang san")) == {"张三", "张三丰"}
    assert set(found(db, "sanfeng")) == {"张三丰", "王三丰"}  # pinyin substring (FTS)
    assert found(db, "zeng") == ["曾小明"]  # the surname reading, not "ceng"


def test_chinese_prefix_then_substring(db, store):
    got = found(db, "张")
    assert set(got[:3]) == {"张三", "张三丰", "张珊"}
    assert got[3:] == ["李张"]  # contains 张, ranked after the names starting with it
    assert set(found(db, "三丰")) == {"张三丰", "王三丰"}  # 2 characters, not a prefix
    assert found(db, "张三丰") == ["张三丰"]  # 3 characters: FTS trigram
    assert found(db, "张三")[0] == "张三"  # exact name first


def test_phone_tail_four_and_six_digits_and_whole_number(db, store):
    assert set(found(db, "1234")) == {"张三丰", "张三"}
    assert found(db, "561234") == ["张三"]
    assert found(db, "13712345678") == ["张珊"]
    assert found(db, "+86 137-1234-5678") == ["张珊"]
    assert found(db, "1371234") == ["张珊"]  # 7+ digits: also the start of a phone
    assert found(db, "5000") == []  # the middle of 15000009999 is not searched


def test_member_number_exact_any_case_and_prefix(db, store):
    no = search.fetch_rows(db, [store["赵四"]], actor=SYSTEM, unmask=True)[store["赵四"]][
        "member_no"
    ]
    assert found(db, no) == ["赵四"]
    assert found(db, no.lower()) == ["赵四"]
    assert found(db, no[:-1])[0] in {n for n, _p, _e in PEOPLE}
    assert len(found(db, no[:2])) == len(PEOPLE)  # the store prefix matches everyone
    assert found(db, no[-3:]) == ["赵四"]  # digits inside the number (FTS on member_no)


@pytest.mark.parametrize(
    "text",
    [
        '"',
        'a"b',
        "*",
        "张*",
        "AND",
        "zs OR",
        "NEAR(a b)",
        "'",
        "%",
        "_",
        ":",
        "^张三",
        "name:张",
        "{name}",
        "(",
        ")",
        "-",
        "--",
        "''''",
        '"""',
        "\\",
        "\x00",
        "   ",
    ],
)
def test_fts_syntax_in_user_text_is_literal_and_never_crashes(db, store, text):
    assert isinstance(search.search(db, text, actor=SYSTEM, unmask=True), list)
    assert search.count(db, MemberQuery(text=text)) == len(
        search.member_ids(db, MemberQuery(text=text))
    )


def test_fts_operators_are_not_operators(db, store, actor):
    create_member(db, actor=actor, data={"name": "A OR B"})
    assert found(db, "A OR B") == ["A OR B"]
    assert found(db, "OR B") == ["A OR B"]  # substring, through FTS
    assert found(db, "AND") == []


def test_search_limit_and_empty_text(db, store):
    assert len(search.search(db, "zs", limit=2, actor=SYSTEM, unmask=True)) == 2
    assert (
        search.search(db, "", actor=SYSTEM, unmask=True) == []
        and search.search(db, "  ", actor=SYSTEM, unmask=True) == []
    )


def test_sort_orders(db, store):
    ids = search.member_ids(db, MemberQuery(), today=TODAY)
    assert names(db, ids) == [n for n, _p, _e in PEOPLE]  # member_no = creation order
    assert names(db, search.member_ids(db, MemberQuery(sort="member_no", descending=True))) == [
        n for n, _p, _e in reversed(PEOPLE)
    ]
    by_name = names(db, search.member_ids(db, MemberQuery(sort="name")))
    # lizhang, wangsanfeng, zengxiaoming, zhangsan, zhangsanfeng, zhangshan, zhaosi
    assert by_name == ["李张", "王三丰", "曾小明", "张三", "张三丰", "张珊", "赵四"]
    by_tier = names(db, search.member_ids(db, MemberQuery(sort="tier", descending=True)))
    assert by_tier[:2] == ["张珊", "张三丰"]  # diamond, gold
    assert set(by_tier[2:4]) == {"赵四", "王三丰"} and set(by_tier[4:]) == {
        "张三",
        "李张",
        "曾小明",
    }
    spend = names(db, search.member_ids(db, MemberQuery(sort="total_spend", descending=True)))
    assert spend[:4] == ["张珊", "张三丰", "赵四", "张三"]
    last = names(db, search.member_ids(db, MemberQuery(sort="last_purchase", descending=True)))
    assert last[:4] == ["赵四", "张珊", "张三丰", "张三"]  # never-bought last
    last_asc = names(db, search.member_ids(db, MemberQuery(sort="last_purchase")))
    assert last_asc[-4:] == ["张三", "张三丰", "张珊", "赵四"]
    with pytest.raises(ValueError):
        search.member_ids(db, MemberQuery(sort="age"))


def test_sort_applies_within_a_relevance_rank_or_alone(db, store):
    q = MemberQuery(text="张", sort="total_spend", descending=True)
    assert names(db, search.member_ids(db, q)) == ["张珊", "张三丰", "张三", "李张"]
    q.relevance_first = False
    q.sort = "name"
    q.descending = False
    assert names(db, search.member_ids(db, q)) == ["李张", "张三", "张三丰", "张珊"]


def test_filters_combine(db, store):
    def q(**kw):
        return set(names(db, search.member_ids(db, MemberQuery(**kw), today=TODAY)))

    assert q(tier="silver") == {"赵四", "王三丰"}
    # the state is derived (app/state.py): 李张's stored "dormant" means nothing, she never
    # bought; 张三's last sale is 690 days old; first sales within 90 days are new
    assert q(status="dormant") == set()
    assert q(status="prospect") == {"李张", "王三丰", "曾小明"}
    assert q(status="lost") == {"张三"}
    assert q(status="new") == {"张珊", "张三丰", "赵四"}
    assert q(status="new", tier="silver") == {"赵四"}
    assert q(tag="VIP") == {"张三丰", "赵四"}
    assert q(tag="VIP", tier="gold") == {"张三丰"}
    assert q(text="zs", tier="silver") == {"赵四"}
    # November 2025: solar 11-05; lunar 10-01 -> 2025-11-20; lunar 09-20 -> 2025-11-09;
    # not: solar 12-01, lunar 10-15 -> 2025-12-04
    assert q(birthday_this_month=True) == {"张三丰", "张珊", "李张"}
    # no sale in the last 30 days: last sale before 2025-10-24, or never bought and
    # joined before then
    assert q(no_purchase_days=30) == {"张三丰", "张三", "曾小明"}
    assert q(no_purchase_days=365) == {"张三", "曾小明"}
    for kw in (
        {"tier": "silver"},
        {"birthday_this_month": True},
        {"no_purchase_days": 30},
        {"status": "prospect"},
        {"status": "lost", "text": "张"},
        {"text": "张"},
        {},
    ):
        assert search.count(db, MemberQuery(**kw), TODAY) == len(
            search.member_ids(db, MemberQuery(**kw), today=TODAY)
        )


def test_fetch_rows_gives_display_columns_in_one_go(db, store):
    zid = store["张三丰"]
    rows = search.fetch_rows(db, [zid, 987654], actor=SYSTEM, unmask=True)
    assert set(rows) == {zid}  # a vanished id is simply absent
    row = rows[zid]
    assert set(row) == set(search.ROW_COLUMNS)
    assert (
        row["name"],
        row["phone"],
        row["tier"],
        row["visits"],
        row["total_paid_fen"],
        row["last_purchase_at"],
        row["birthday"],
        row["birthday_calendar"],
    ) == ("张三丰", "13800001234", "gold", 1, 50000, "2025-10-01T10:00:00", "1980-11-05", "solar")
    assert search.fetch_rows(db, [], actor=SYSTEM, unmask=True) == {}


def test_search_finds_a_member_as_soon_as_it_is_created_or_renamed(db, store, actor):
    from app.members import update_member

    update_member(db, actor=actor, member_id=store["王三丰"], data={"name": "王五"})
    assert found(db, "王五") == ["王五"] and found(db, "wangw") == ["王五"]
    assert "王三丰" not in found(db, "三丰")


def test_short_substrings_are_found_at_any_position(db, actor):
    for name in ("司马三丰", "欧阳娜娜丽", "丽娜", "张丽"):
        create_member(db, actor=actor, data={"name": name})
    assert set(found(db, "三丰")) == {"司马三丰"}  # from the 3rd character
    assert set(found(db, "娜丽")) == {"欧阳娜娜丽"}  # from the 4th
    got = found(db, "丽")
    assert got[0] == "丽娜" and set(got[1:]) == {"欧阳娜娜丽", "张丽"}  # prefix first
    assert set(found(db, "马")) == {"司马三丰"}


def test_every_kind_of_query_finds_exactly_what_a_plain_scan_finds_on_the_demo(demo_db):
    import random

    rows = demo_db.execute(
        "SELECT id, member_no, name, name_pinyin, name_initials, phone FROM members"
    ).fetchall()
    rnd = random.Random(3)

    def brute(text: str) -> set[int]:
        t = "".join(text.split())
        hits = set()
        for mid, no, name, py, ini, phone in rows:
            if t.isdigit():
                ok = ((phone or "").endswith(t) and len(t) >= 4) or t in no
                ok = ok or (len(t) >= 7 and (phone or "").startswith(t))
            else:
                low = t.lower()
                ok = t in name or no.startswith(t.upper()) or no == t
                ok = ok or ini.startswith(low) or py.startswith(low)
                ok = ok or (
                    len(t) >= 3
                    and (low in py or low in ini or low in no.lower() or low in name.lower())
                )
            if ok:
                hits.add(mid)
        return hits

    for _ in range(25):
        mid, no, name, py, ini, phone = rnd.choice(rows)
        for text in {
            name,
            name[:1],
            name[1:3],
            ini,
            ini[:2],
            py[:4],
            no,
            (phone or "")[-4:],
            (phone or "")[-6:],
        } - {""}:
            got = set(search.member_ids(demo_db, MemberQuery(text=text)))
            assert got == brute(text), text
            assert mid in got  # the member the text was taken from


def test_each_word_narrows_the_result(db, store):
    """#20: "张 1234" used to look for the name "张1234" and find nobody."""
    assert set(found(db, "张 1234")) == {"张三丰", "张三"}  # both phones end in 1234
    assert found(db, "张三丰 1234") == ["张三丰"]
    assert found(db, "zsf 1234") == ["张三丰"]
    assert set(found(db, "1234 张")) == {"张三丰", "张三"}
    assert found(db, "张 5678") == ["张珊"]
    assert found(db, "王 1234") == []  # every word must match
    assert found(db, "三丰 9999") == ["王三丰"]


def test_words_narrow_the_member_list_and_its_count_too(db, store):
    query = MemberQuery(text="zs 1234", sort="name")
    ids = search.member_ids(db, query, today=TODAY)
    assert set(names(db, ids)) == {"张三丰", "张三"}
    assert search.count(db, query, today=TODAY) == 2
    assert search.count(db, MemberQuery(text="zs 1234", tier="gold"), today=TODAY) == 1


def test_a_phone_typed_in_groups_is_still_one_phone(db, store):
    assert found(db, "138 0000 1234") == ["张三丰"]
    assert found(db, "138-0000-1234") == ["张三丰"]
    assert found(db, "张 138 0000 1234") == ["张三丰"]


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("visits", lambda r: r["visits"]),
        ("gender", lambda r: r["gender"] or ""),
        ("phone", lambda r: r["phone"] or ""),
        ("birthday", lambda r: (r["birthday"] is None, (r["birthday"] or "")[-5:])),
    ],
)
def test_every_column_of_the_list_sorts_by_its_own_values(db, store, sort, key):
    """#20: sorting by 次数, 生日, 性别 or 手机 moved the arrow to another column."""
    for descending in (False, True):
        ids = search.member_ids(db, MemberQuery(sort=sort, descending=descending), today=TODAY)
        rows = search.fetch_rows(db, ids, actor=SYSTEM, unmask=True, today=TODAY)
        got = [key(rows[i]) for i in ids]
        assert got == sorted(got, reverse=descending), sort


def test_the_state_column_sorts_prospects_first_then_by_how_far_gone(db, store):
    ids = search.member_ids(db, MemberQuery(sort="status"), today=TODAY)
    rows = search.fetch_rows(db, ids, actor=SYSTEM, unmask=True, today=TODAY)
    from app.state import STATES

    order = [STATES.index(rows[i]["status"]) for i in ids]
    assert order == sorted(order) and len(set(order)) > 1


def test_a_member_card_number_finds_its_member_also_after_a_lost_card(db, store):
    from app.service import cards

    mid = store["赵四"]
    cards.issue_card(db, actor=SYSTEM, member_id=mid, issued_on="2025-11-01", card_no="8800123")
    assert found(db, "8800123") == ["赵四"]
    cards.replace_card(
        db, actor=SYSTEM, member_id=mid, reason="lost", replaced_on="2025-12-01", card_no="vc77"
    )
    assert found(db, "VC77") == ["赵四"]  # card numbers are matched in any case
    assert found(db, "8800123") == ["赵四"]  # the lost card still names its owner
    ids = search.member_ids(db, MemberQuery(text="vc77 赵"))
    assert names(db, ids) == ["赵四"]
