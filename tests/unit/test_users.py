"""Staff lists (clerk choosers, the users page) go by pinyin, as people look names up."""

from __future__ import annotations

from app import auth, users
from app.core import SYSTEM


def test_staff_are_listed_by_role_then_the_pinyin_of_their_names(db):
    for username, name, role in (
        ("z", "张敏", "clerk"),
        ("l1", "李娜", "clerk"),
        ("l2", "刘婷", "clerk"),
        ("w", "王丽", "manager"),
    ):
        auth.add_user(
            db,
            actor=SYSTEM,
            username=username,
            display_name=name,
            role=role,
            password="pass-word-1",
        )
    # by code point it would be 刘 (U+5218), 张 (U+5F20), 李 (U+674E)
    names = [u["display_name"] for u in users.list_staff(db)]
    assert names[:4] == ["李娜", "刘婷", "张敏", "王丽"]
    listed = [u["display_name"] for u in auth.list_users(db) if u["role"] == "clerk"]
    assert listed == ["李娜", "刘婷", "张敏"]
