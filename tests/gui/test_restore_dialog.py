"""Backups in the app: the restore dialog, "back up now", the checks at start and close,
and the scheduler's routine backup."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from app import backup, members, settings
from app.core import SYSTEM, Actor, Changes
from app.paths import backups_dir
from ui import backup_jobs
from ui.context import AppContext
from ui.dialogs import restore_dialog
from ui.dialogs.restore_dialog import (
    COL_CHECK,
    COL_MEMBERS,
    COL_PURCHASES,
    COL_REASON,
    RestoreDialog,
)
from ui.pages.settings import SettingsPage


@pytest.fixture
def ctx(db, db_path, tmp_path):
    notified: list[Changes] = []
    context = AppContext(db=db, db_path=db_path, data_dir=tmp_path, notify=notified.append)
    context.notified = notified  # type: ignore[attr-defined]
    return context


def _names(db) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM members ORDER BY id")]


def test_the_dialog_lists_backups_with_reason_and_counts_from_the_files(gui_app, qtbot, ctx, db):
    members.create_member(db, actor=SYSTEM, data={"name": "张三"})
    backup.backup_now(db, backups_dir(ctx.db_path), reason="import-members")
    members.create_member(db, actor=SYSTEM, data={"name": "李四"})
    backup.backup_now(db, backups_dir(ctx.db_path), reason="close")
    dialog = RestoreDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.counts_loaded, timeout=10_000)
    assert dialog.table.rowCount() == 2
    newest = [dialog.table.item(0, c).text() for c in (COL_REASON, COL_MEMBERS, COL_PURCHASES)]
    older = [dialog.table.item(1, c).text() for c in (COL_REASON, COL_MEMBERS, COL_PURCHASES)]
    assert newest == ["应用关闭时", "2", "0"]
    assert older == ["导入前（会员资料）", "1", "0"]
    assert not dialog.restore_button.isEnabled()  # nothing chosen yet


def test_restoring_asks_then_brings_the_backup_back_and_refreshes_every_page(
    gui_app, qtbot, ctx, db, monkeypatch
):
    members.create_member(db, actor=SYSTEM, data={"name": "张三"})
    backup.backup_now(db, backups_dir(ctx.db_path), reason="manual")
    members.create_member(db, actor=SYSTEM, data={"name": "李四"})
    dialog = RestoreDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.counts_loaded, timeout=10_000)
    dialog.select_row(0)
    assert dialog.restore_button.isEnabled()
    asked: list[str] = []
    monkeypatch.setattr(restore_dialog, "confirm", lambda p, t, text: asked.append(text) or False)
    assert not dialog.restore_selected()  # "No": nothing happens
    assert _names(db) == ["张三", "李四"]
    monkeypatch.setattr(restore_dialog, "confirm", lambda p, t, text: asked.append(text) or True)
    assert dialog.restore_selected()
    qtbot.waitUntil(ctx.runner.idle, timeout=20_000)  # the restore runs on the runner
    assert "1" in asked[-1]
    assert _names(db) == ["张三"]
    assert ctx.notified[-1].touches("members", "purchases", "audit_log")
    assert "before-restore" in dialog.message.text()
    assert dialog.table.rowCount() == 2  # the safety backup is listed now


def test_a_backup_that_went_bad_is_refused_inline(gui_app, qtbot, ctx, db):
    path = backup.backup_now(db, backups_dir(ctx.db_path), reason="manual")
    dialog = RestoreDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.counts_loaded, timeout=10_000)
    dialog.select_row(0)
    path.write_bytes(b"garbage")
    assert dialog.restore_selected(ask=False)
    qtbot.waitUntil(ctx.runner.idle, timeout=20_000)
    assert dialog.result_info is None  # refused
    assert dialog.message.text().startswith("未恢复")


def test_a_clerk_cannot_restore(gui_app, qtbot, ctx, db):
    backup.backup_now(db, backups_dir(ctx.db_path), reason="manual")
    ctx.actor = Actor(user_id=None, name="店员", role="clerk")
    dialog = RestoreDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.counts_loaded, timeout=10_000)
    dialog.select_row(0)
    assert dialog.restore_selected(ask=False)
    qtbot.waitUntil(ctx.runner.idle, timeout=20_000)
    assert dialog.result_info is None  # refused
    assert "restore" in dialog.message.text()


def test_back_up_now_on_the_settings_page(gui_app, qtbot, ctx, db, no_modal_dialogs):
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    assert page.last_backup_value.text() == "尚无"
    assert page.back_up_now()
    qtbot.waitUntil(ctx.runner.idle, timeout=20_000)  # the backup runs on the runner
    made = list(backups_dir(ctx.db_path).glob("*-manual.db"))
    assert len(made) == 1 and made[0].name in page.backup_message.text()
    assert "手动备份" in page.last_backup_value.text()
    page.restore_button.click()
    assert any(isinstance(d, RestoreDialog) for d in no_modal_dialogs)


def test_a_failed_check_at_start_offers_the_restore_dialog(
    gui_app, qtbot, ctx, monkeypatch, no_modal_dialogs
):
    monkeypatch.setattr(backup_jobs, "integrity_check", lambda db, quick: "row 3 missing")
    # the person chooses "Restore a backup…"
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda self: self.buttons()[0])
    assert backup_jobs.warn_if_damaged(ctx) == "row 3 missing"
    boxes = [d for d in no_modal_dialogs if isinstance(d, QMessageBox)]
    assert boxes and boxes[0].detailedText() == "row 3 missing"
    assert any(isinstance(d, RestoreDialog) for d in no_modal_dialogs)


def test_the_close_backup_is_made_after_a_good_check_and_skipped_after_a_bad_one(
    gui_app, ctx, monkeypatch, no_modal_dialogs
):
    result = backup_jobs.back_up_on_close(ctx)
    assert result is not None and result.path.name.endswith("-close.db")
    import app.db

    monkeypatch.setattr(app.db, "integrity_check", lambda db, quick=False: "page 7 damaged")
    result = backup_jobs.back_up_on_close(ctx)
    assert result is not None and result.path is None
    assert len(list(backups_dir(ctx.db_path).glob("*.db"))) == 1
    assert any(isinstance(d, QMessageBox) for d in no_modal_dialogs)


def test_the_scheduler_backs_up_when_due_and_not_again_until_the_interval(gui_app, qtbot, ctx):
    scheduler = backup_jobs.BackupScheduler(ctx)
    try:
        with qtbot.waitSignal(scheduler.finished, timeout=20_000) as got:
            assert scheduler.check()
        assert isinstance(got.args[0], backup.BackupResult)
        assert got.args[0].path.name.endswith("-auto.db")
        assert not scheduler.check()  # the next one is 4 hours away
    finally:
        scheduler.stop()


def test_a_full_disk_in_any_action_shows_a_sentence_not_a_crash(
    gui_app, ctx, db, tmp_path, monkeypatch
):
    import sys

    from ui import crash

    crash.install(tmp_path / "log")
    shown: list[tuple[bool, str]] = []
    crashes: list[str] = []
    monkeypatch.setattr(crash, "show_storage_problem", lambda full, d: shown.append((full, d)))
    monkeypatch.setattr(crash, "show_crash_dialog", lambda text, path: crashes.append(text))
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")
    try:
        settings.set_many(db, actor=SYSTEM, values={"store_name": "长" * 200_000})
    except Exception:
        crash.handle(*sys.exc_info())  # as the event loop's excepthook would
    finally:
        db.execute("PRAGMA max_page_count = 1073741823")
    assert shown and shown[0][0] is True and "disk is full" in shown[0][1]
    assert crashes == []
    assert settings.get(db, "store_name") == settings.DEFAULTS["store_name"]


def test_a_store_that_no_longer_opens_can_be_restored_at_start(
    gui_app, qtbot, db, db_path, monkeypatch, no_modal_dialogs
):
    members.create_member(db, actor=SYSTEM, data={"name": "张三"})
    backup.backup_now(db, backups_dir(db_path), reason="close")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xee" * (4096 - 100)
    db_path.write_bytes(bytes(data))
    # the person chooses "Restore a backup…", then the newest backup
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda self: self.buttons()[0])

    def choose(self):
        no_modal_dialogs.append(self)
        qtbot.waitUntil(self.counts_loaded, timeout=10_000)
        self.select_row(0)
        started = self.restore_selected(ask=False)
        qtbot.waitUntil(self.ctx.runner.idle, timeout=20_000)  # the restore, then counts
        return int(started and self.result_info is not None)

    monkeypatch.setattr(RestoreDialog, "exec", choose)
    assert backup_jobs.offer_restore_on_open_failure(db_path, "malformed") is True
    from app.db import open_db

    again = open_db(db_path)
    assert [r[0] for r in again.execute("SELECT name FROM members")] == ["张三"]
    again.close()


def test_no_offer_without_backups(gui_app, tmp_path):
    assert backup_jobs.offer_restore_on_open_failure(tmp_path / "x.db", "malformed") is None


def test_an_import_on_a_full_disk_says_so_in_chinese_and_writes_nothing(
    gui_app, qtbot, ctx, db, monkeypatch
):
    from app.db import open_db
    from ui import tasks
    from ui.dialogs import import_dialog

    def full_disk(path, migrate=False):  # the worker's own connection, on a full "disk"
        conn = open_db(path, migrate=migrate)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(tasks, "open_db", full_disk)  # the runner opens every job's
    dialog = import_dialog.ImportDialog(ctx)
    qtbot.addWidget(dialog)
    csv = ctx.db_path.parent / "many.csv"
    rows = [f"顾客{i},139{i:08d},上海市长宁路{i}号" for i in range(400)]
    csv.write_text("姓名,手机号,地址\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert dialog.load_file(csv)
    qtbot.waitUntil(ctx.runner.idle, timeout=20_000)
    assert dialog.apply()
    qtbot.waitUntil(ctx.runner.idle, timeout=20_000)
    assert dialog.result_changes is None  # nothing imported
    assert dialog.message.text().startswith("磁盘已满")
    assert db.execute("SELECT COUNT(*) FROM members").fetchone()[0] == 0


def test_the_app_backs_up_when_it_closes_and_releases_its_lock(gui_app, db, db_path, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from ui import application, single_instance

    db.close()  # the app opens it itself
    monkeypatch.setattr(application, "sign_in", lambda database: SYSTEM)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)  # the person closes at once
    monkeypatch.setattr(backup_jobs, "check_in_background", lambda ctx, parent: None)
    assert application.run(["--db", str(db_path), "--lang", "zh"]) == 0
    made = list(backups_dir(db_path).glob("*-close.db"))
    assert len(made) == 1
    assert not single_instance.lock_path(db_path).exists()


def test_the_list_shows_the_check_each_backups_store_passed(gui_app, qtbot, ctx, db, monkeypatch):
    folder = backups_dir(ctx.db_path)
    backup.backup_now(db, folder, reason="manual")  # made without a check: not recorded
    backup.routine_backup(db, folder, reason="auto")  # a small store: the full check
    monkeypatch.setattr(backup, "FULL_CHECK_MAX_BYTES", 0)
    backup.routine_backup(db, folder, reason="close")  # "too large": the quick check
    dialog = RestoreDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.counts_loaded, timeout=10_000)
    shown = {
        dialog.table.item(r, COL_REASON).text(): dialog.table.item(r, COL_CHECK).text()
        for r in range(dialog.table.rowCount())
    }
    assert shown == {"应用关闭时": "快速检查通过", "自动备份": "完整检查通过", "手动备份": "未记录"}


def test_the_close_backup_shows_a_progress_window_and_marks_the_store_closing(
    gui_app, ctx, monkeypatch, no_modal_dialogs
):
    """#20: the close backup (5.7 s on a 690 MB store) ran invisibly."""
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from ui import single_instance

    seen: list[tuple[bool, bool]] = []
    step = backup_jobs._step

    def watch(window, done, total):  # type: ignore[no-untyped-def]
        shown = any(
            isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
        )
        seen.append((shown, single_instance.closing_marker(ctx.db_path).exists()))
        step(window, done, total)

    monkeypatch.setattr(backup_jobs, "_step", watch)
    result = backup_jobs.back_up_on_close(ctx)
    assert result is not None and result.path is not None
    assert seen and all(shown and marked for shown, marked in seen)
    assert not single_instance.closing_marker(ctx.db_path).exists()
    assert not any(
        isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
    )
