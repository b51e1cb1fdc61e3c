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


def test_the_demo_staffs_stored_pinyin_is_how_name_pinyin_spells_them():
    from app.demo import USERS, USERS_PINYIN
    from app.normalize import name_pinyin

    assert {shown: name_pinyin(shown)[0] for _login, shown, _role in USERS} == USERS_PINYIN


def test_listing_staff_loads_no_pinyin_dictionary(tmp_path):
    """The clerk choosers are built on the GUI thread: the sort uses the spelling stored
    with each user (m015), not pypinyin (0.3 s to load the first time)."""
    import subprocess
    import sys
    from pathlib import Path

    from app import auth
    from app.core import SYSTEM
    from app.db import open_db

    path = tmp_path / "store.db"
    db = open_db(path)
    for login, shown in (("zm", "张敏"), ("ln", "李娜"), ("lt", "刘婷")):
        auth.add_user(
            db, actor=SYSTEM, username=login, display_name=shown, role="clerk", password="secret1"
        )
    db.close()
    root = Path(__file__).resolve().parents[2]
    script = (
        f"import sys; sys.path.insert(0, {str(root)!r})\n"
        "from app.db import open_db\nfrom app.users import list_staff\n"
        f"db = open_db({str(path)!r})\n"
        "names = [u['display_name'] for u in list_staff(db)]\n"
        "print(names, 'pypinyin' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['李娜', '刘婷', '张敏'] False"
