"""Issue #20 item 8: the main window locks after the idle minutes (a setting, 0 =
never); a clerk unlocks or takes over by name + PIN; open dialogs and their unsaved
edits survive the lock."""

from __future__ import annotations

import pytest

from app import auth, settings
from app.core import SYSTEM
from app.members import create_member
from ui.context import AppContext
from ui.dialogs import member_card
from ui.lock_screen import IdleWatcher
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    from argon2 import PasswordHasher

    monkeypatch.setattr(
        auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture
def staff(db):
    auth.setup_owner(db, actor=SYSTEM, username="boss", display_name="陈店主", password="pw-owner1")
    owner = auth.login(db, username="boss", password="pw-owner1")
    for name, shown in (("li", "李娜"), ("zhao", "赵敏")):
        auth.add_user(
            db,
            actor=owner,
            username=name,
            display_name=shown,
            role="clerk",
            password="pw-" + name + "1",
        )
    li = auth.login(db, username="li", password="pw-li1")
    auth.set_pin(db, actor=li, user_id=li.user_id, pin="2468")
    zhao = auth.login(db, username="zhao", password="pw-zhao1")
    return {"owner": owner, "li": li, "zhao": zhao}


def _window(db, db_path, tmp_path, actor, qtbot) -> MainWindow:
    ctx = AppContext(db=db, db_path=db_path, data_dir=tmp_path, actor=actor)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def _select(screen, name: str) -> None:
    screen.user_combo.setCurrentIndex([u["display_name"] for u in screen.users].index(name))


def test_idle_locks_keeps_an_edited_card_and_the_same_clerk_unlocks_by_pin(
    db, db_path, tmp_path, gui_app, qtbot, staff
):
    mid = create_member(db, actor=SYSTEM, data={"name": "张三", "phone": "13812345678"})
    window = _window(db, db_path, tmp_path, staff["li"], qtbot)
    card = member_card.open_member_card(window.ctx, mid.created_id, parent=window)
    card.edits["occupation"].setText("教师")  # an unsaved edit
    assert window.locker.watcher.minutes == 10
    window.locker.watcher.timer.setInterval(30)  # ten minutes, shortened for the test
    window.locker.watcher.timer.start()
    qtbot.waitUntil(lambda: window.locker.locked, timeout=3000)
    screen = window.locker.screen
    assert screen.isVisible() and card.windowOpacity() == 0.0 and not card.isEnabled()
    assert screen.chosen()["display_name"] == "李娜" and screen.secret_label.text() == "快捷密码"
    screen.secret.setText("1111")
    assert screen.try_unlock() is None
    assert screen.message.text() == "快捷密码不正确" and window.locker.locked
    screen.secret.setText("2468")
    assert screen.try_unlock() == staff["li"]
    assert not window.locker.locked
    assert card in member_card.open_cards() and card.isEnabled() and card.windowOpacity() == 1.0
    assert card.edits["occupation"].text() == "教师" and window.ctx.actor == staff["li"]
    actions = [r[0] for r in db.execute("SELECT action FROM audit_log ORDER BY id")]
    assert actions[-3:] == ["lock", "login_failed", "switch_user"]
    card._set_dirty(False)
    assert member_card.close_all()


def test_another_clerk_takes_over_from_the_lock_screen_with_a_password_when_no_pin(
    db, db_path, tmp_path, gui_app, qtbot, staff
):
    window = _window(db, db_path, tmp_path, staff["li"], qtbot)
    screen = window.locker.lock()
    _select(screen, "赵敏")
    assert screen.secret_label.text() == "密码"
    screen.secret.setText("pw-zhao1")
    assert screen.try_unlock() == staff["zhao"]
    assert window.ctx.actor == staff["zhao"] and "赵敏" in window.user_label.text()


def test_zero_minutes_turns_the_auto_lock_off(db, db_path, tmp_path, gui_app, qtbot, staff):
    window = _window(db, db_path, tmp_path, staff["owner"], qtbot)
    window.changed.emit(settings.set_many(db, actor=SYSTEM, values={"auto_lock_minutes": 0}))
    assert window.locker.watcher.minutes == 0 and not window.locker.watcher.timer.isActive()
    watcher = IdleWatcher(1)
    assert watcher.timer.isActive() and watcher.timer.interval() == 60_000
    watcher.stop()


def test_lock_screen_fits_1366x768(db, db_path, tmp_path, gui_app, qtbot, staff):
    window = _window(db, db_path, tmp_path, staff["li"], qtbot)
    screen = window.locker.lock()
    screen.resize(1366, 768)
    screen.secret.setText("1")
    screen.try_unlock()
    qtbot.wait(50)
    screen.grab().save("/tmp/lock_screen.png")
    for child in (screen.unlock_button, screen.user_combo, screen.message, screen.heading):
        assert child.isVisible()
        assert child.width() >= child.minimumSizeHint().width()
        assert screen.rect().contains(child.mapTo(screen, child.rect().bottomRight()))
    screen.close()  # an application-modal window must not outlive the test


def test_pins_are_set_by_the_owner_on_the_users_page_and_by_oneself(
    db, db_path, tmp_path, gui_app, qtbot, staff
):
    from ui.pages.users import UsersPage

    page = UsersPage(AppContext(db=db, db_path=db_path, data_dir=tmp_path, actor=staff["owner"]))
    qtbot.addWidget(page)
    page.select_user(staff["zhao"].user_id)
    assert not page.set_pin("12")  # refused inline
    assert not page.message.isHidden() and "4" in page.message.text()
    assert page.set_pin("5555")
    window = _window(db, db_path, tmp_path, staff["zhao"], qtbot)
    assert not window.set_my_pin("abc")
    assert window.set_my_pin("9876")
    screen = window.locker.lock()
    screen.secret.setText("9876")
    assert screen.try_unlock() == staff["zhao"]
