"""The customer archive: create, update, get, count and page through members."""

from __future__ import annotations

import pytest

from app import members
from app.core import SYSTEM, NotFound, ValidationError


def _count(db, table):
    return db.execute(f"SELECT COUNT(*) FROM [{table}]").fetchone()[0]


def test_create_member_normalises_and_stores_pinyin_and_number(db, clerk):
    changes = members.create_member(
        db,
        actor=clerk,
        data={
            "name": " 张三丰 ",
            "phone": "+86 138-1234-5678",
            "gender": "男",
            "birthday": "1979-03-01",
            "tags": ["老客", "VIP", "老客"],
            "family": [
                {"relation": "spouse", "name": "李四", "date": "1980-08-15", "calendar": "lunar"},
                {"relation": "wedding_anniversary", "date": "2005-10-01"},
            ],
            "consent_channels": ["sms", "phone"],
        },
    )
    m = members.get_member(db, changes.created_id, actor=SYSTEM, unmask=True)
    assert m["name"] == "张三丰"
    assert m["phone"] == "13812345678"
    assert m["gender"] == "male"
    assert (m["name_pinyin"], m["name_initials"]) == ("zhangsanfeng", "zsf")
    assert m["member_no"] == "VK000001"
    assert m["tags"] == ["VIP", "老客"]
    assert [f["relation"] for f in m["family"]] == ["spouse", "wedding_anniversary"]
    assert m["family"][0]["calendar"] == "lunar"
    assert m["consent_channels"] == "phone,sms"
    assert m["consent_at"] is not None
    assert changes.member_ids == {changes.created_id}
    assert "members" in changes.tables
    audit = db.execute("SELECT user_id, action, entity_id FROM audit_log").fetchall()
    assert audit == [(clerk.user_id, "create", changes.created_id)]


def test_member_numbers_follow_the_prefix_setting_and_skip_used_ones(db, actor):
    from app import settings

    settings.set_many(db, actor=actor, values={"member_no_prefix": "SH"})
    members.create_member(db, actor=actor, data={"name": "甲", "member_no": "SH000002"})
    a = members.create_member(db, actor=actor, data={"name": "乙"})
    b = members.create_member(db, actor=actor, data={"name": "丙"})
    nos = [
        members.get_member(db, c.created_id, actor=SYSTEM, unmask=True)["member_no"] for c in (a, b)
    ]
    assert nos == ["SH000003", "SH000004"]


def test_every_problem_is_reported_at_once_and_nothing_is_written(db, actor):
    with pytest.raises(ValidationError) as exc:
        members.create_member(
            db,
            actor=actor,
            data={
                "name": "  ",
                "phone": "1.38123E+10",
                "birthday": "1990-02-30",
                "gender": "x",
                "email": "not-an-email",
                "referrer_id": 99,
                "favourite_food": "饺子",
            },
        )
    fields = {e.field: e.code for e in exc.value.errors}
    assert fields == {
        "name": "required",
        "phone": "phone_digits_lost",
        "birthday": "date_invalid",
        "gender": "choice_invalid",
        "email": "email_invalid",
        "referrer_id": "referrer_missing",
        "favourite_food": "unknown_field",
    }
    assert _count(db, "members") == 0
    assert _count(db, "audit_log") == 0


def test_duplicate_phone_is_refused_and_names_the_existing_member(db, actor):
    first = members.create_member(db, actor=actor, data={"name": "王芳", "phone": "13900001111"})
    with pytest.raises(ValidationError) as exc:
        members.create_member(db, actor=actor, data={"name": "王芳芳", "phone": "139 0000 1111"})
    err = exc.value.for_field("phone")[0]
    assert err.code == "phone_duplicate"
    assert err.params["member_id"] == first.created_id
    assert "VK000001" in err.message("zh") and "王芳" in err.message("zh")
    assert _count(db, "members") == 1


def test_failure_after_validation_rolls_back_member_tags_and_family(db, actor, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk trouble")

    monkeypatch.setattr(members.audit, "record", boom)
    with pytest.raises(RuntimeError):
        members.create_member(
            db,
            actor=actor,
            data={"name": "赵敏", "tags": ["a"], "family": [{"relation": "child", "name": "小赵"}]},
        )
    for table in ("members", "member_tags", "member_family", "members_fts"):
        assert _count(db, table) == 0, table


def test_update_changes_only_given_fields_and_keeps_phone_unique(db, actor):
    a = members.create_member(
        db, actor=actor, data={"name": "李娜", "phone": "13700000001", "address": "上海"}
    )
    b = members.create_member(db, actor=actor, data={"name": "周杰", "phone": "13700000002"})
    members.update_member(
        db, actor=actor, member_id=a.created_id, data={"name": "李娜娜", "tags": "新品,团购"}
    )
    m = members.get_member(db, a.created_id, actor=SYSTEM, unmask=True)
    assert (m["name"], m["name_initials"], m["address"]) == ("李娜娜", "lnn", "上海")
    assert m["tags"] == ["团购", "新品"]
    # keeping one's own phone is fine; taking another member's is not
    members.update_member(db, actor=actor, member_id=a.created_id, data={"phone": "13700000001"})
    with pytest.raises(ValidationError):
        members.update_member(
            db, actor=actor, member_id=a.created_id, data={"phone": "13700000002"}
        )
    with pytest.raises(ValidationError) as exc:
        members.update_member(
            db, actor=actor, member_id=b.created_id, data={"referrer_id": b.created_id}
        )
    assert exc.value.errors[0].code == "referrer_self"
    with pytest.raises(NotFound):
        members.update_member(db, actor=actor, member_id=999, data={"name": "x"})


def test_search_index_follows_updates(db, actor):
    c = members.create_member(db, actor=actor, data={"name": "欧阳娜娜"})
    members.update_member(db, actor=actor, member_id=c.created_id, data={"name": "欧阳修"})
    hits = lambda q: db.execute(  # noqa: E731
        "SELECT rowid FROM members_fts WHERE members_fts MATCH ?", [f'"{q}"']
    ).fetchall()
    assert hits("欧阳娜") == []
    assert hits("ouyangxiu") == [(c.created_id,)]


def test_lunar_leap_birthday_validated_on_the_member(db, actor):
    ok = members.create_member(
        db,
        actor=actor,
        data={
            "name": "闰月生",
            "birthday": "2023-02-10",
            "birthday_calendar": "lunar",
            "birthday_leap": True,
        },
    )
    m = members.get_member(db, ok.created_id, actor=SYSTEM, unmask=True)
    assert (m["birthday"], m["birthday_calendar"], m["birthday_leap"]) == ("2023-02-10", "lunar", 1)
    with pytest.raises(ValidationError):
        members.create_member(
            db,
            actor=actor,
            data={
                "name": "无闰月",
                "birthday": "2024-02-10",
                "birthday_calendar": "lunar",
                "birthday_leap": True,
            },
        )


def test_count_and_keyset_paging_visit_every_member_once(db, actor):
    with db.atomic():
        for i in range(23):
            members.create_member(db, actor=actor, data={"name": f"会员{i}"})
    assert members.count_members(db) == 23
    seen, after = [], 0
    while page := members.page_members(db, after_id=after, limit=5, actor=SYSTEM, unmask=True):
        seen.extend(r["id"] for r in page)
        after = page[-1]["id"]
    assert len(seen) == 23 == len(set(seen))
    assert seen == sorted(seen)


def test_find_by_phone_accepts_any_spelling(db, actor):
    c = members.create_member(db, actor=actor, data={"name": "钱多多", "phone": "18611112222"})
    assert (
        members.find_by_phone(db, "+86 186 1111 2222", actor=SYSTEM, unmask=True)["id"]
        == c.created_id
    )
    assert members.find_by_phone(db, "18611113333", actor=SYSTEM, unmask=True) is None


def test_blank_store_code_is_stored_as_blank_not_refused(db, actor):
    c = members.create_member(db, actor=actor, data={"name": "孙丽", "store_code": " "})
    assert members.get_member(db, c.created_id, actor=SYSTEM, unmask=True)["store_code"] == ""
