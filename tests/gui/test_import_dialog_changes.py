"""The import dialog's per-field preview (#15 item 1), offscreen with a real store: a
row that renames a member shows before → after, is written only when its box is
ticked, and "Overwrite filled fields" replaces filled ones."""

from __future__ import annotations

from pathlib import Path

from app.core import SYSTEM
from app.excel.importer import import_file
from ui.context import AppContext
from ui.dialogs.import_dialog import ImportDialog

SHOTS = Path("/tmp/vk-shots")


def _done(qtbot, dialog) -> None:
    qtbot.waitUntil(dialog.ctx.runner.idle, timeout=30_000)


def _store(db, tmp_path: Path) -> Path:
    base = tmp_path / "base.csv"
    base.write_text(
        "会员号,姓名,手机号,地址,备注\n"
        "VK000010,雷思琪,13800000010,杭州市西湖区,不要早上打电话\n"
        "VK000011,周杰,13800000011,,\n",
        encoding="utf-8",
    )
    import_file(db, path=base, kind="members", actor=SYSTEM)
    f = tmp_path / "changes.csv"
    f.write_text(
        "姓名,手机号,备注,地址\n钱芳,13800000010,新备注,\n周杰,13800000011,,上海市浦东新区\n",
        encoding="utf-8",
    )
    return f


def _name(db, no: str) -> tuple:
    return db.execute(
        "SELECT name, note, address FROM members WHERE member_no = ?", [no]
    ).fetchone()


def _dialog(qtbot, db, db_path, tmp_path) -> ImportDialog:
    ctx = AppContext(db=db, db_path=db_path, data_dir=tmp_path / "data", notify=lambda c: None)
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    return dialog


def test_the_preview_shows_before_and_after_and_an_unticked_rename_is_skipped(
    qtbot, db, db_path, tmp_path
):
    f = _store(db, tmp_path)
    dialog = _dialog(qtbot, db, db_path, tmp_path)
    assert dialog.load_file(f)
    _done(qtbot, dialog)
    table = dialog.changes_table
    assert table.rowCount() == 2
    assert dialog.preview_tabs.currentWidget() is table
    text = table.item(0, table.COL_FIELDS).text()
    assert "雷思琪 → 钱芳" in text and "不要早上打电话 → 新备注" in text
    assert "∅ → 上海市浦东新区" in table.item(1, table.COL_FIELDS).text()
    assert table.item(0, table.COL_ACCEPT).flags() & table.item(0, 0).flags().ItemIsUserCheckable
    dialog.resize(1366, 768)
    dialog.show()
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "import_changes.png"))
    assert dialog.apply()
    _done(qtbot, dialog)
    assert _name(db, "VK000010") == ("雷思琪", "不要早上打电话", "杭州市西湖区")
    assert _name(db, "VK000011")[2] == "上海市浦东新区"  # an empty field was filled
    assert "skipped" in dialog.message.text() or "跳过" in dialog.message.text()


def test_a_ticked_rename_with_overwrite_replaces_the_name_and_the_note(
    qtbot, db, db_path, tmp_path
):
    f = _store(db, tmp_path)
    dialog = _dialog(qtbot, db, db_path, tmp_path)
    assert dialog.load_file(f)
    _done(qtbot, dialog)
    dialog.overwrite_box.setChecked(True)  # checks the file again
    _done(qtbot, dialog)
    assert dialog.plan is not None and dialog.plan.overwrite
    dialog.changes_table.set_accepted(2)
    assert dialog.changes_table.accepted_rows() == {2}
    assert dialog.apply()
    _done(qtbot, dialog)
    assert _name(db, "VK000010")[:2] == ("钱芳", "新备注")
