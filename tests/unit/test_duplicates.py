"""The duplicate finder proposes pairs that may be one customer, by name + birthday,
pinyin name + phone tail, name + address and phone-as-WeChat; a dismissed pair is not
proposed again, and anonymised members never are."""

from __future__ import annotations

import pytest

from app import duplicates, members
from app.core import SYSTEM, Actor, PermissionDenied
from app.merge import merge_members


def add(db, **data) -> int:
    return members.create_member(db, actor=SYSTEM, data=data).created_id


def pairs(db) -> dict[tuple[int, int], list[str]]:
    return {(c.a_id, c.b_id): c.reasons for c in duplicates.find(db)}


def test_a_second_wang_xiaoming_with_the_same_birthday_and_no_phone_is_proposed(db):
    a = add(db, name="王小明", phone="13800001234", birthday="1990-05-01")
    b = add(db, name="王小明", birthday="1990-05-01")
    add(db, name="王小明", birthday="1991-05-01")  # another person
    assert pairs(db) == {(a, b): ["name_birthday"]}


def test_a_mistyped_phone_with_the_same_pinyin_and_tail_is_proposed(db):
    a = add(db, name="张三", phone="13800001234")
    b = add(db, name="章三", phone="13900001234")
    add(db, name="张三", phone="13800005678")
    assert pairs(db) == {(a, b): ["pinyin_phone_tail"]}


def test_same_name_and_address_and_phone_used_as_wechat(db):
    a = add(db, name="李梅", address="北京路 1 号 302室", phone="13700000001")
    b = add(db, name="李梅", address="北京路1号302")
    c = add(db, name="刘婷", phone="13600000002")
    d = add(db, name="刘婷婷", wechat="13600000002")
    found = pairs(db)
    assert found[(a, b)] == ["name_address"]
    assert found[(c, d)] == ["phone_in_wechat"]
    assert len(found) == 2


def test_pairs_with_more_reasons_come_first_and_phones_are_masked(db):
    add(db, name="赵六", phone="13800000001")
    add(db, name="赵六", phone="13900000001")
    a = add(db, name="孙七", birthday="1980-01-01", address="上海路 5 号")
    b = add(db, name="孙七", birthday="1980-01-01", address="上海路5号")
    first = duplicates.find(db)[0]
    assert (first.a_id, first.b_id) == (a, b)
    assert first.reasons == ["name_birthday", "name_address"]
    masked = duplicates.find(db)[1].members[0]["phone"]
    assert "****" in masked
    assert "13800000001" in str(duplicates.find(db, show_phones=True)[1].to_json())


def test_dismissed_pairs_and_anonymised_members_are_not_proposed(db):
    a = add(db, name="王芳", birthday="1985-02-02")
    b = add(db, name="王芳", birthday="1985-02-02")
    duplicates.dismiss(db, actor=SYSTEM, a_id=b, b_id=a)
    assert pairs(db) == {}
    assert db.execute("SELECT action FROM audit_log ORDER BY id DESC").fetchone()[0] == (
        "duplicate_dismissed"
    )
    c = add(db, name="王芳", birthday="1985-02-02")
    assert set(pairs(db)) == {(a, c), (b, c)}
    db.execute("UPDATE members SET status = 'anonymised' WHERE id = ?", [c])
    assert pairs(db) == {}


def test_a_clerk_cannot_dismiss_and_a_merge_removes_the_pair(db):
    clerk = Actor(user_id=None, name="clerk", role="clerk")
    a = add(db, name="周八", birthday="1970-07-07")
    b = add(db, name="周八", birthday="1970-07-07")
    with pytest.raises(PermissionDenied):
        duplicates.dismiss(db, actor=clerk, a_id=a, b_id=b)
    merge_members(db, actor=SYSTEM, keep_id=a, remove_id=b)
    assert pairs(db) == {}
