"""The real start-up, end to end: no store yet -> the first-start dialog (demo store) ->
the owner's account (signed in with it) -> the main window as that owner -> closing it takes
the close backup and releases the database lock. Only the dialogs' ``exec`` and the
event loop are stood in for (a person clicking; the loop runs until the main window is
up, then the person closes it); everything else is the app's code."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog

from app.db import open_db
from ui import application, single_instance
from ui.dialogs.first_start import FirstStartDialog
from ui.dialogs.login import LoginDialog, OwnerSetupDialog
from ui.main_window import MainWindow

PASSWORD = "s3cret-pass"


def test_first_start_demo_owner_sign_in_window_and_close_backup(
    gui_app, qtbot, tmp_path, monkeypatch
):
    seen: list[str] = []
    windows: list[MainWindow] = []

    def person(self: QDialog) -> int:
        if isinstance(self, FirstStartDialog):
            seen.append("first start")
            self.demo_button.click()
        elif isinstance(self, OwnerSetupDialog):
            seen.append("owner account")
            self.password.setText(PASSWORD)
            self.again.setText(PASSWORD)
            assert self.save()
        elif isinstance(self, LoginDialog):
            seen.append("sign-in")  # never: the owner who just chose a password is in
        return int(self.result())

    def shown() -> list[MainWindow]:
        return [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]

    def event_loop(*_args: object) -> int:
        # the first start (the demo on the task runner) and the start after it run in
        # the application's one loop: events are processed until the window is up
        qtbot.waitUntil(lambda: bool(shown()), timeout=300_000)
        for widget in shown():
            if isinstance(widget, MainWindow) and widget.isVisible():
                windows.append(widget)
                assert widget.ctx.actor.role == "owner"
                assert "陈建华" in widget.user_label.text()
        return 0

    monkeypatch.setattr(QDialog, "exec", person)
    monkeypatch.setattr(QApplication, "exec", event_loop)
    db_path = tmp_path / "data" / "store.db"
    opts = application.parse_args(["--db", str(db_path), "--lang", "zh"])
    try:
        code = application._run(QApplication.instance(), opts, tmp_path / "data", 0.0)
    finally:
        from ui import crash

        crash.uninstall()
    assert code == 0
    assert seen == ["first start", "owner account"]  # #20: no second typing of the password
    assert len(windows) == 1
    db = open_db(db_path)
    try:
        actions = [r[0] for r in db.execute("SELECT action FROM audit_log ORDER BY id")]
        assert actions.count("login") == 1  # the owner's, right after the account
        assert db.execute("SELECT COUNT(*) FROM members").fetchone()[0] > 0  # the demo
    finally:
        db.close()
    backups = sorted(Path(db_path.parent / "backups").glob("vipkeeper-*-close.db"))
    assert len(backups) == 1  # taken on close
    lock = single_instance.acquire(db_path)  # released: a next start gets it
    assert lock is not None and not isinstance(lock, single_instance.Holder)
    lock.unlock()
