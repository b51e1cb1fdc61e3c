"""First day (#20): the set-up wizard on an empty store, and File → new / open / recent
store."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QWizard

from app import loyalty, settings, setup
from app.db import open_db
from ui import store_menu
from ui.context import AppContext
from ui.dialogs.setup_wizard import SetupWizard
from ui.main_window import MainWindow


@pytest.fixture
def ctx(db, db_path, tmp_path) -> AppContext:
    seen: list = []
    c = AppContext(db=db, db_path=db_path, data_dir=tmp_path, notify=seen.append)
    c.seen = seen  # type: ignore[attr-defined]
    return c


@pytest.fixture
def wizard(gui_app, qtbot, ctx) -> SetupWizard:
    w = SetupWizard(ctx)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()
    w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_the_wizard_sets_up_a_new_store_in_one_go(wizard, ctx, db, tmp_path):
    assert setup.needs_setup(db)
    wizard.name_edit.setText("丽人服饰")
    wizard.code_edit.setText("LR01")
    wizard.prefix_edit.setText("LR")
    wizard.tier_table.item(1, 1).setText("2,000")
    wizard.folder_edit.setText(str(tmp_path))
    wizard.points_now.setChecked(True)
    for _ in range(3):
        wizard.next()
    assert wizard.currentId() == SetupWizard.PAGE_BACKUP
    wizard.accept()
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert settings.get(db, "store_name") == "丽人服饰"
    assert settings.get(db, "member_no_prefix") == "LR"
    assert settings.get(db, "backup_copy_folder") == str(tmp_path)
    assert loyalty.list_tiers(db)[1]["min_spend_fen"] == 200000
    assert wizard.open_points_rules
    assert not setup.needs_setup(db)
    assert ctx.seen and ctx.seen[-1].touches("settings")


def test_a_refused_field_goes_back_to_its_page_with_the_message(wizard, db):
    wizard.name_edit.setText("")
    for _ in range(3):
        wizard.next()
    wizard.accept()
    assert wizard.result() != QWizard.DialogCode.Accepted
    assert wizard.currentId() == SetupWizard.PAGE_STORE
    label, _widget = wizard.errors["store_name"]
    assert label.text() and label.isVisible()
    assert setup.needs_setup(db)


def test_a_threshold_that_is_not_an_amount_is_said_on_the_tiers_page(wizard, db):
    wizard.tier_table.item(2, 1).setText("abc")
    for _ in range(3):
        wizard.next()
    wizard.accept()
    assert wizard.currentId() == SetupWizard.PAGE_TIERS
    assert "abc" in wizard.tiers_error.text()


def test_the_wizard_fits_a_small_screen(wizard):
    wizard.resize(640, 480)
    for page_id in wizard.pageIds():
        page = wizard.page(page_id)
        assert page.minimumSizeHint().width() <= 640
    wizard.grab().save(str(Path(wizard.ctx.data_dir) / "wizard.png"))


@pytest.fixture
def window(gui_app, qtbot, ctx, monkeypatch, tmp_path):
    QSettings().remove(store_menu.RECENT_KEY)
    started: list = []
    monkeypatch.setattr(
        store_menu.QProcess, "startDetached", lambda program, args: started.append(args) or True
    )
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    w.started_processes = started  # type: ignore[attr-defined]
    yield w
    QSettings().remove(store_menu.RECENT_KEY)


def test_file_new_store_makes_an_empty_store_and_opens_it(window, tmp_path):
    target = tmp_path / "second" / "新店.db"
    assert window.store_menu.new_store(target)
    assert target.exists()
    db = open_db(target)
    try:
        assert setup.needs_setup(db)
    finally:
        db.close()
    assert window.started_processes[-1][-2:] == ["--db", str(target)]
    assert not window.isVisible()  # this store closes (its close backup runs)
    assert store_menu.recent_stores()[0] == target.resolve()


def test_file_new_store_refuses_an_existing_store(window, db_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    said: list = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said.append(a[2]))
    assert not window.store_menu.new_store(db_path)
    assert said and str(db_path) in said[0]
    assert window.started_processes == []


def test_recent_stores_list_the_others(window, tmp_path, db_path):
    other = tmp_path / "other.db"
    open_db(other).close()
    store_menu.remember_store(other)
    store_menu.remember_store(db_path)
    window.store_menu._fill_recent()
    texts = [a.text() for a in window.store_menu.recent_menu.actions()]
    assert len(texts) == 1 and texts[0].startswith("other")
    window.store_menu.recent_menu.actions()[0].trigger()
    assert window.started_processes[-1][-1] == str(other)


def test_the_file_menu_is_translated(window):
    assert window.store_menu.menu.title() == "文件(&F)"
    assert window.store_menu.new_action.text() == "新建空白店铺…"
