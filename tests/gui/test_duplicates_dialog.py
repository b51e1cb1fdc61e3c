"""The duplicate review (issue #15 item 5): candidate pairs with why, side by side;
merge through the card's merge dialog and app.merge, or mark as different customers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from app import members
from app.core import SYSTEM, Actor, Changes
from ui.context import AppContext
from ui.dialogs.duplicates_dialog import P_A, P_B, P_WHY, DuplicatesDialog


@pytest.fixture
def manager(db) -> Actor:
    cur = db.execute(
        "INSERT INTO users (username, display_name, role, created_at) "
        "VALUES ('mgr', '王店长', 'manager', '2026-01-01T09:00:00')"
    )
    return Actor(user_id=cur.lastrowid, name="王店长", role="manager")


@pytest.fixture
def ctx(db, db_path: Path, tmp_path: Path, manager) -> AppContext:
    seen: list[Changes] = []
    context = AppContext(
        db=db, db_path=db_path, data_dir=tmp_path, actor=manager, notify=seen.append
    )
    context.seen = seen  # type: ignore[attr-defined]
    return context


@pytest.fixture
def pair(db) -> tuple[int, int]:
    """王小明 twice: the same birthday, the second card without a phone."""
    a = members.create_member(
        db,
        actor=SYSTEM,
        data={"name": "王小明", "phone": "13812340001", "birthday": "1985-03-02"},
    ).created_id
    b = members.create_member(
        db,
        actor=SYSTEM,
        data={"name": "王小明", "birthday": "1985-03-02", "address": "长宁路 5 号"},
    ).created_id
    members.create_member(db, actor=SYSTEM, data={"name": "李四", "phone": "13812340002"})
    return a, b


def _open(qtbot, ctx) -> DuplicatesDialog:
    dialog = DuplicatesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=10000)
    return dialog


def test_the_pairs_are_listed_with_why_and_shown_side_by_side(qtbot, ctx, pair):
    dialog = _open(qtbot, ctx)
    m = dialog.model
    assert m.rowCount() == 1
    assert m.text(0, P_WHY) == "同名同生日"
    assert "王小明" in m.text(0, P_A) and "王小明" in m.text(0, P_B)
    assert dialog.values[4][1].text() == "长宁路 5 号"  # the address, second card
    assert dialog.keep_a.isEnabled() and dialog.dismiss_button.isEnabled()
    dialog.resize(1366, 768)
    dialog.grab().save("/tmp/duplicates_dialog.png")


def test_merging_a_pair_goes_through_the_merge_dialog_and_app_merge(qtbot, ctx, db, pair):
    a, b = pair
    dialog = _open(qtbot, ctx)
    dialog.merge_pair(keep_first=True)
    merge_dialog = dialog._merge_dialog
    assert merge_dialog is not None and merge_dialog.remove_id() == b
    merge_dialog.done(int(QDialog.DialogCode.Accepted))
    assert members.get_member(db, b, actor=SYSTEM) is None
    assert members.get_member(db, a, actor=SYSTEM)["address"] == "长宁路 5 号"
    assert any(b in c.member_ids for c in ctx.seen)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=10000)


def test_not_the_same_customer_is_not_proposed_again(qtbot, ctx, db, pair):
    dialog = _open(qtbot, ctx)
    assert dialog.dismiss_pair()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=10000)
    assert db.execute("SELECT COUNT(*) FROM duplicate_dismissed").fetchone()[0] == 1


def test_the_members_page_opens_it_for_a_manager_only(qtbot, ctx, clerk, db, pair):
    from ui.pages.members import MembersPage

    page = MembersPage(ctx)
    qtbot.addWidget(page)
    assert not page.duplicates_button.isHidden()
    page.resize(1366, 768)
    page.show()
    page.grab().save("/tmp/members_page_duplicates.png")
    found = page.find_duplicates()
    qtbot.addWidget(found)
    assert isinstance(found, DuplicatesDialog)
    clerk_ctx = AppContext(db=ctx.db, db_path=ctx.db_path, data_dir=ctx.data_dir, actor=clerk)
    other = MembersPage(clerk_ctx)
    qtbot.addWidget(other)
    assert other.duplicates_button.isHidden()
