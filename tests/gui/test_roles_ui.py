"""Sign-in, the owner's first account, and what each role sees: navigation, hidden
buttons, masked phones and the logged "show full phone numbers"; the owner's Users,
Privacy and Audit pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app import auth, privacy
from app.core import SYSTEM, Actor
from app.members import create_member, get_member
from ui.context import AppContext
from ui.dialogs import login
from ui.dialogs.member_card import MemberCardDialog
from ui.main_window import MainWindow
from ui.models.member_table import COL_PHONE
from ui.pages.audit import AuditPage
from ui.pages.members import MembersPage
from ui.pages.privacy import PrivacyPage
from ui.pages.users import UsersPage

ROLE_PAGES = {
    "clerk": ["members", "call_list", "loyalty", "feedback", "settings"],
    "manager": [
        "members",
        "call_list",
        "analytics",
        "loyalty",
        "feedback",
        "reports",
        "import_export",
        "settings",
    ],
    "owner": [
        "members",
        "call_list",
        "analytics",
        "loyalty",
        "feedback",
        "reports",
        "import_export",
        "settings",
        "users",
        "privacy",
        "audit",
    ],
}


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    """argon2id with small costs: the real ones (64 MiB, 3 passes) take a second per
    hash on a busy test machine. The production parameters are tested on their own."""
    from argon2 import PasswordHasher

    monkeypatch.setattr(
        auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture
def staff(db):
    """An owner, a manager and a clerk who can sign in; returns {role: Actor}."""
    auth.setup_owner(db, actor=SYSTEM, username="boss", display_name="陈店主", password="pw-owner")
    owner = auth.login(db, username="boss", password="pw-owner")
    for name, shown, role in (("wang", "王丽", "manager"), ("li", "李娜", "clerk")):
        auth.add_user(
            db, actor=owner, username=name, display_name=shown, role=role, password="pass-" + name
        )
    return {
        "owner": owner,
        "manager": auth.login(db, username="wang", password="pass-wang"),
        "clerk": auth.login(db, username="li", password="pass-li"),
    }


@pytest.fixture
def member(db) -> int:
    return create_member(db, actor=SYSTEM, data={"name": "张三", "phone": "13812345678"}).created_id


def _ctx(db, db_path, tmp_path, actor) -> AppContext:
    return AppContext(db=db, db_path=db_path, data_dir=tmp_path, actor=actor)


def _unmask_count(db) -> int:
    return db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'unmask'").fetchone()[0]


# ------------------------------------------------------------------ sign-in


def test_owner_setup_then_login_dialog_signs_in_and_says_why_not(db, gui_app, qtbot):
    assert auth.needs_owner(db)
    setup = login.OwnerSetupDialog(db)
    qtbot.addWidget(setup)
    setup.display_name.setText("陈店主")
    setup.username.setText("boss")
    setup.password.setText("secret-1")
    setup.again.setText("secret-2")
    assert not setup.save() and "不一致" in setup.message.text()
    setup.again.setText("secret-1")
    assert setup.save() and not auth.needs_owner(db)
    assert setup.actor is not None and setup.actor.role == "owner"  # signed in: not asked again

    dialog = login.LoginDialog(db)
    qtbot.addWidget(dialog)
    dialog.username.setText("boss")
    dialog.password.setText("wrong")
    assert not dialog.try_login()
    assert dialog.message.text() == "用户名或密码不正确"
    assert not dialog.ok_button.isEnabled()  # a short pause after a failure
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=3000)
    dialog.password.setText("secret-1")
    assert dialog.try_login()
    assert dialog.actor is not None and dialog.actor.role == "owner"
    assert dialog.actor.name == "陈店主"


def test_demo_owner_setup_keeps_the_demo_owner_and_lists_the_demo_accounts(demo_db, gui_app, qtbot):
    auth.set_demo_passwords(demo_db, actor=SYSTEM)
    setup = login.OwnerSetupDialog(demo_db)
    qtbot.addWidget(setup)
    assert setup.display_name.text() == "陈建华" and setup.username.text() == "owner"
    assert not setup.demo_note.isHidden()
    assert "clerk1" in setup.demo_note.text() and "“demo”" in setup.demo_note.text()
    note = setup.demo_note.text()  # #20: listed clerk1, clerk3, clerk2, clerk4
    spots = [note.index(n) for n in ("manager", "clerk1", "clerk2", "clerk3", "clerk4")]
    assert spots == sorted(spots)


def test_application_signs_in_before_the_main_window(db, gui_app, monkeypatch, staff):
    from ui import application

    monkeypatch.setattr(login, "ask_login", lambda db, parent=None: staff["clerk"])
    assert application.sign_in(db) == staff["clerk"]
    monkeypatch.setattr(login, "ask_login", lambda db, parent=None: None)
    assert application.sign_in(db) is None


def test_application_asks_for_the_owner_first_on_a_new_store(db, gui_app, monkeypatch):
    from ui import application

    asked: list[str] = []
    monkeypatch.setattr(
        login, "ask_owner_setup", lambda db, parent=None: asked.append("owner") or None
    )
    monkeypatch.setattr(login, "ask_login", lambda db, parent=None: asked.append("login"))
    assert application.sign_in(db) is None
    assert asked == ["owner"]  # closed: no sign-in, no window


# ------------------------------------------------------------------ what each role sees


@pytest.mark.parametrize("role", ["clerk", "manager", "owner"])
def test_navigation_shows_only_the_roles_pages(db, db_path, tmp_path, gui_app, qtbot, staff, role):
    window = MainWindow(_ctx(db, db_path, tmp_path, staff[role]))
    qtbot.addWidget(window)
    assert [s.key for s in window.specs] == ROLE_PAGES[role]
    assert staff[role].name in window.user_label.text()


@pytest.mark.parametrize("role", ["clerk", "manager", "owner"])
def test_member_list_masks_phones_and_only_unmask_roles_may_show_them_logged(
    db, db_path, tmp_path, gui_app, qtbot, staff, member, role
):
    page = MembersPage(_ctx(db, db_path, tmp_path, staff[role]))
    qtbot.addWidget(page)
    model = page.model
    assert model.index(0, COL_PHONE).data() == "138****5678"
    may = role in ("manager", "owner")
    assert page.full_phones_check.isHidden() is (not may)
    page.full_phones_check.setChecked(True)
    if may:
        assert model.index(0, COL_PHONE).data() == "13812345678"
        assert _unmask_count(db) == 1
        page.full_phones_check.setChecked(False)
        assert model.index(0, COL_PHONE).data() == "138****5678"
    else:
        assert model.index(0, COL_PHONE).data() == "138****5678"
        assert _unmask_count(db) == 0
    # search by phone works whatever the role
    page.search_edit.setText("5678")
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=3000)


@pytest.mark.parametrize("role", ["clerk", "manager", "owner"])
def test_member_card_logs_the_view_masks_the_phone_and_hides_owner_actions(
    db, db_path, tmp_path, gui_app, qtbot, staff, member, role
):
    card = MemberCardDialog(_ctx(db, db_path, tmp_path, staff[role]), member)
    qtbot.addWidget(card)
    views = db.execute(
        "SELECT user_id FROM audit_log WHERE action = 'view' AND entity_id = ?", [member]
    ).fetchall()
    assert views == [(staff[role].user_id,)]
    assert card.edits["phone"].text() == "138****5678"
    p = card.privacy
    assert p.show_phone_action.isVisible() is (role != "clerk")
    assert p.anonymise_action.isVisible() is (role == "owner")
    assert p.report_action.isVisible() is (role == "owner")
    assert card.merge_button.isHidden() is (role == "clerk")
    # saving the masked number back keeps the stored one
    card.edits["name"].setText("张三三")
    card.edits["name"].textEdited.emit("张三三")
    assert card.save()
    assert get_member(db, member, actor=SYSTEM, unmask=True)["phone"] == "13812345678"
    if role != "clerk":
        p.reveal()
        assert card.edits["phone"].text() == "13812345678"
        assert _unmask_count(db) == 1


def test_consent_notice_shows_when_a_channel_is_ticked_and_its_version_is_saved(
    db, db_path, tmp_path, gui_app, qtbot, staff, member
):
    card = MemberCardDialog(_ctx(db, db_path, tmp_path, staff["clerk"]), member)
    qtbot.addWidget(card)
    card.show()
    assert not card.privacy.notice.isVisible()
    card.consent_checks["sms"].setChecked(True)
    assert card.privacy.notice.isVisible()
    assert privacy.consent_notice(db)["version"] in card.privacy.notice.text()
    assert card.save()
    saved = get_member(db, member, actor=SYSTEM, unmask=True)
    assert saved["consent_channels"] == "sms"
    assert saved["consent_notice_version"] == privacy.consent_notice(db)["version"]
    assert saved["consent_at"]


def test_owner_anonymises_from_the_card(db, db_path, tmp_path, gui_app, qtbot, staff, member):
    ctx = _ctx(db, db_path, tmp_path, staff["owner"])
    seen = []
    ctx.notify = seen.append
    card = MemberCardDialog(ctx, member)
    qtbot.addWidget(card)
    changes = card.privacy.anonymise(confirmed=True, reason="本人要求")
    assert changes is not None and member in changes.member_ids and seen
    assert get_member(db, member, actor=SYSTEM, unmask=True)["name"] == "已匿名"
    assert card.edits["phone"].text() == ""
    report = card.privacy.write_report(tmp_path / "r.xlsx")
    assert report is not None and report.exists()


# ------------------------------------------------------------------ the owner's pages


def test_users_page_adds_resets_changes_role_and_deactivates(
    db, db_path, tmp_path, gui_app, qtbot, staff
):
    page = UsersPage(_ctx(db, db_path, tmp_path, staff["owner"]))
    qtbot.addWidget(page)
    assert page.table.rowCount() == 3
    assert not page.add_user("zhao", "赵雪", "clerk", "123")  # too short: shown inline
    assert "密码至少" in page.message.text()
    assert page.add_user("zhao", "赵雪", "clerk", "pw-zhao")
    assert page.table.rowCount() == 4
    uid = page.selected_id()
    assert auth.login(db, username="zhao", password="pw-zhao").user_id == uid
    assert page.reset_password("pw-new-1")
    assert auth.login(db, username="zhao", password="pw-new-1").role == "clerk"
    assert page.change_role("manager")
    assert auth.login(db, username="zhao", password="pw-new-1").role == "manager"
    assert page.toggle_active()
    with pytest.raises(auth.LoginFailed):
        auth.login(db, username="zhao", password="pw-new-1")
    page.select_user(staff["owner"].user_id)
    assert not page.toggle_active()  # nobody deactivates themselves
    assert page.message.isVisibleTo(page)


def test_audit_page_filters_and_exports(db, db_path, tmp_path, gui_app, qtbot, staff, member):
    privacy.reveal_phone(db, actor=staff["manager"], member_id=member)
    privacy.record_view(db, actor=staff["clerk"], member_id=member)
    page = AuditPage(_ctx(db, db_path, tmp_path, staff["owner"]))
    qtbot.addWidget(page)
    actions = {page.table.item(r, 2).text() for r in range(page.table.rowCount())}
    assert {"显示完整手机号", "查看档案", "登录"} <= actions
    page.action_combo.setCurrentIndex(page.action_combo.findData("unmask"))
    assert page.table.rowCount() == 1 and page.table.item(0, 1).text() == "王丽"
    page.action_combo.setCurrentIndex(0)
    page.user_combo.setCurrentIndex(page.user_combo.findData(staff["clerk"].user_id))
    assert {page.table.item(r, 2).text() for r in range(page.table.rowCount())} == {
        "登录",
        "查看档案",
    }
    page.set_range(dt.date(2000, 1, 1), dt.date(2000, 1, 2))
    assert page.table.rowCount() == 0
    page.set_range(dt.date.today(), dt.date.today())
    page.user_combo.setCurrentIndex(0)
    out = page.export(tmp_path / "audit.xlsx")
    assert out is not None
    rows = list(load_workbook(out).active.iter_rows(min_row=2, values_only=True))
    assert len(rows) >= 3
    last = db.execute("SELECT action, entity FROM audit_log ORDER BY id DESC").fetchone()
    assert last == ("export", "audit_log")


def test_audit_page_shows_the_store_words_and_old_entries_as_stored(
    db, db_path, tmp_path, gui_app, qtbot, staff, member
):
    db.execute(
        "INSERT INTO audit_log (at, user_id, actor_name, action, entity, entity_id, summary) "
        "VALUES (?, NULL, 'system', 'backup', NULL, NULL, 'old.db (auto); check: ok')",
        [dt.datetime.now().isoformat(timespec="seconds")],
    )
    page = AuditPage(_ctx(db, db_path, tmp_path, staff["owner"]))
    qtbot.addWidget(page)
    rows = [
        tuple(page.table.item(r, c).text() for c in range(1, 5))
        for r in range(page.table.rowCount())
    ]
    # the owner's account was set up by the system; users are named, not numbered
    assert ("系统", "设置店主账号", "用户 陈店主", "店主账号 boss（陈店主）") in rows
    assert ("陈店主", "添加用户", "用户 王丽", "wang（王丽），店长") in rows
    assert ("系统", "备份", "", "old.db (auto); check: ok") in rows  # as it was written


def test_privacy_page_lists_inactive_members_and_anonymises_only_on_confirmation(
    db, db_path, tmp_path, gui_app, qtbot, staff, member
):
    db.execute(
        "UPDATE members SET joined_on = '2020-01-01', updated_at = '2020-01-01T00:00:00' "
        "WHERE id = ?",
        [member],
    )
    page = PrivacyPage(_ctx(db, db_path, tmp_path, staff["owner"]))
    qtbot.addWidget(page)
    qtbot.waitUntil(page.ctx.runner.idle)  # the list is read on the task runner
    assert page.table.rowCount() == 1
    page.table.selectRow(0)
    assert page.selected_ids() == [member]
    assert page.anonymise_selected() is None  # the question was answered "no" (patched)
    assert get_member(db, member, actor=SYSTEM, unmask=True)["name"] == "张三"
    assert page.anonymise_selected(confirmed=True) is not None
    assert get_member(db, member, actor=SYSTEM, unmask=True)["status"] == "anonymised"
    qtbot.waitUntil(page.ctx.runner.idle)
    assert page.table.rowCount() == 0
    page.version_edit.setText("2027-1")
    assert page.save_settings()
    assert privacy.consent_notice(db)["version"] == "2027-1"


def test_manager_import_export_page_has_the_head_office_export_only(
    db, db_path, tmp_path, gui_app, qtbot, staff
):
    from ui.pages.import_export import create

    page = create(_ctx(db, db_path, tmp_path, staff["manager"]))
    qtbot.addWidget(page)
    assert page.export_box.isHidden() and not page.sync_export_btn.isHidden()
    assert not page.import_box.isHidden()
    owner_page = create(_ctx(db, db_path, tmp_path, staff["owner"]))
    qtbot.addWidget(owner_page)
    assert not owner_page.export_box.isHidden() and not owner_page.mask_check.isHidden()


def test_system_actor_is_a_role_the_ui_knows(db, db_path, tmp_path, gui_app, qtbot):
    window = MainWindow(_ctx(db, db_path, tmp_path, SYSTEM))
    qtbot.addWidget(window)
    assert len(window.specs) == len(ROLE_PAGES["owner"])
    assert "系统" in window.user_label.text()
    assert Actor(None, "x", "clerk").role == "clerk"
    assert Qt is not None and Path is not None


def test_a_user_changes_their_own_password_from_the_status_bar(
    db, db_path, tmp_path, gui_app, qtbot, staff, monkeypatch
):
    window = MainWindow(_ctx(db, db_path, tmp_path, staff["clerk"]))
    qtbot.addWidget(window)
    assert not window.password_button.isHidden()
    dialog = login.ChangePasswordDialog(db, staff["clerk"])
    qtbot.addWidget(dialog)
    dialog.old.setText("wrong-one")
    dialog.new.setText("brand-new")
    dialog.again.setText("brand-new")
    assert not dialog.save() and "当前密码不正确" in dialog.message.text()
    dialog.old.setText("pass-li")
    assert dialog.save()
    assert auth.login(db, username="li", password="brand-new").role == "clerk"
    system = MainWindow(_ctx(db, db_path, tmp_path, SYSTEM))
    qtbot.addWidget(system)
    assert system.password_button.isHidden()


def test_the_owner_pages_build_in_the_main_window(db, db_path, tmp_path, gui_app, qtbot, staff):
    window = MainWindow(_ctx(db, db_path, tmp_path, staff["owner"]))
    qtbot.addWidget(window)
    for key in ("users", "privacy", "audit"):
        page = window.show_page(key)
        assert page.objectName() == f"page_{key}"
    # a change anywhere reaches them without errors
    window.changed.emit(privacy.log_phones_shown(db, actor=staff["owner"], where="test"))


def test_printing_the_monthly_report_is_audited(
    db, db_path, tmp_path, gui_app, qtbot, staff, monkeypatch
):
    from PySide6.QtPrintSupport import QPrintDialog

    from ui.pages.reports import create

    page = create(_ctx(db, db_path, tmp_path, staff["manager"]))
    qtbot.addWidget(page)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: int(QPrintDialog.DialogCode.Accepted))
    monkeypatch.setattr(page, "paint_pages", lambda printer: 1)
    page.report = object()  # a stand-in: painting is replaced above
    try:
        page.print_report()
    finally:
        page.report = None  # the page re-renders its report on a language switch
    row = db.execute("SELECT action, entity, user_id FROM audit_log ORDER BY id DESC").fetchone()
    assert row == ("print", "report", staff["manager"].user_id)


def test_switching_user_rebuilds_the_pages_for_the_new_role_and_closes_cards(
    db, db_path, tmp_path, gui_app, qtbot, staff, member, monkeypatch
):
    from ui.dialogs import member_card

    ctx = _ctx(db, db_path, tmp_path, staff["clerk"])
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    members_page = window.show_page("members")
    assert members_page.full_phones_check.isHidden()
    card = member_card.open_member_card(ctx, member, parent=window)
    assert card in member_card.open_cards()
    assert not card.privacy.show_phone_action.isVisible()
    monkeypatch.setattr(login, "ask_login", lambda db, parent=None: None)
    assert not window.switch_user()  # the sign-in was closed: nothing changes
    assert [s.key for s in window.specs] == ROLE_PAGES["clerk"]
    assert window.switch_user(staff["owner"])
    assert ctx.actor == staff["owner"]
    assert [s.key for s in window.specs] == ROLE_PAGES["owner"]
    assert window.nav.count() == len(ROLE_PAGES["owner"])
    assert member_card.open_cards() == []
    again = window.show_page("members")
    assert again is not members_page and not again.full_phones_check.isHidden()
    assert window.show_page("users").objectName() == "page_users"
    assert "陈店主" in window.user_label.text()


def test_sign_in_errors_are_red_and_the_form_keeps_its_fields_size(db, gui_app, qtbot, staff):
    """#20: sign-in and set-up errors were black, and the form squashed when they came."""
    dialog = login.LoginDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    field_height = dialog.password.height()
    dialog.username.setText(staff["clerk"].name)
    dialog.password.setText("wrong")
    assert not dialog.try_login()
    assert dialog.message.isVisible()
    colour = dialog.message.palette().color(dialog.message.foregroundRole())
    assert colour.red() > 150 and colour.green() < 80 and colour.blue() < 80
    QApplication.processEvents()
    assert dialog.password.height() >= field_height
