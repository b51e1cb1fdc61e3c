"""The import/export page and the import dialog, offscreen: dry run with rejections in
Chinese, a corrected mapping, Apply, exports, and the head-office conflict list."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from app.core import SYSTEM
from app.excel import sync
from ui.context import AppContext
from ui.dialogs.import_dialog import ImportDialog
from ui.pages import import_export

DATA = Path(__file__).resolve().parents[1] / "data"
SHOTS = Path("/tmp/vk-shots")


def done(qtbot, ctx_or_widget) -> None:
    """Wait until the task runner has delivered every job (reading, dry run, apply…)."""
    qtbot.waitUntil(ctx_or_widget.ctx.runner.idle, timeout=30_000)


def _ctx(db, db_path, tmp_path, seen=None):
    return AppContext(
        db=db,
        db_path=db_path,
        data_dir=tmp_path / "data",
        notify=(seen.append if seen is not None else (lambda c: None)),
    )


def test_dialog_dry_run_shows_counts_and_chinese_reasons_then_applies(qtbot, db, db_path, tmp_path):
    seen = []
    dialog = ImportDialog(_ctx(db, db_path, tmp_path, seen))
    qtbot.addWidget(dialog)
    assert dialog.load_file(DATA / "members_lo.xlsx")
    done(qtbot, dialog)
    assert dialog.plan is not None and dialog.plan.counts["rejected"] == 5
    assert "拒绝" in dialog.counts_label.text() and "新增" in dialog.counts_label.text()
    assert dialog.rej_table.rowCount() == 5
    assert "科学计数法" in dialog.rej_table.item(0, 3).text()
    assert dialog.sheet_combo.count() == 3 and "隐藏" in dialog.sheet_combo.itemText(2)
    dialog.show()
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "import_dialog.png"))
    out = dialog.export_rejected(tmp_path / "rej.xlsx")
    assert out is not None and load_workbook(out).active.max_row == 6
    assert db.execute("SELECT COUNT(*) FROM members").fetchone()[0] == 0
    assert dialog.apply()
    done(qtbot, dialog)
    assert db.execute("SELECT COUNT(*) FROM members").fetchone()[0] == 4
    assert seen and seen[-1].touches("members")
    assert list((db_path.parent / "backups").glob("*.db"))  # beside the database


def test_a_corrected_mapping_is_used_and_remembered(qtbot, db, db_path, tmp_path):
    f = tmp_path / "odd.csv"
    f.write_text("客户,移动号码\n张三,13800000001\n李四,13800000002\n", "utf-8")
    dialog = ImportDialog(_ctx(db, db_path, tmp_path))
    qtbot.addWidget(dialog)
    assert dialog.load_file(f)
    done(qtbot, dialog)
    assert dialog.plan is None  # no name column recognised: refused, said inline
    assert "姓名" in dialog.message.text()
    dialog.set_mapping(0, "name")
    dialog.set_mapping(1, "phone")
    assert dialog.plan is None and not dialog.apply_btn.isEnabled()
    assert dialog.run_dry_run()
    done(qtbot, dialog)
    assert dialog.plan.counts["new"] == 2
    assert dialog.apply()
    done(qtbot, dialog)
    assert dialog.plan is None and dialog.result_changes is not None  # applied
    again = ImportDialog(_ctx(db, db_path, tmp_path))
    qtbot.addWidget(again)
    assert again.load_file(f)
    done(qtbot, again)
    assert again.mapping() == {0: "name", 1: "phone"}
    assert again.plan.counts["unchanged"] == 2


def test_a_hostile_file_is_refused_inline(qtbot, db, db_path, tmp_path):
    dialog = ImportDialog(_ctx(db, db_path, tmp_path))
    qtbot.addWidget(dialog)
    assert dialog.load_file(DATA / "hostile_encrypted.xlsx")
    done(qtbot, dialog)
    assert dialog.table is None and dialog.plan is None  # refused
    assert "密码" in dialog.message.text()
    assert not dialog.apply_btn.isEnabled()


def test_page_exports_templates_and_decides_conflicts(qtbot, demo_db, tmp_path):
    db_path = Path(demo_db.conn.execute("PRAGMA database_list").fetchone()[2])
    page = import_export.create(_ctx(demo_db, db_path, tmp_path))
    qtbot.addWidget(page)
    out = page.export(tmp_path / "m.xlsx")
    done(qtbot, page)
    assert out is not None and page.exported == out
    phones = [
        r[2]
        for r in load_workbook(out, read_only=True).active.iter_rows(min_row=2, values_only=True)
    ]
    assert all("****" in p for p in phones if p)
    assert page.save_template(tmp_path / "t.xlsx").exists()
    # head office cycle with one conflict
    first = page.sync_export(tmp_path / "hq.xlsx")
    done(qtbot, page)
    assert first is not None and page.exported == first
    mid = demo_db.execute("SELECT id FROM members WHERE member_no = 'VK000005'").fetchone()[0]
    from app import members

    members.update_member(demo_db, actor=SYSTEM, member_id=mid, data={"address": "店里改的"})
    wb = load_workbook(first)
    ws = wb["会员资料"]
    col = [c.value for c in ws[1]].index("地址")
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "VK000005":
            row[col].value = "总部改的"
    wb.save(tmp_path / "ho.xlsx")
    assert page.sync_import(tmp_path / "ho.xlsx", confirm=False)
    done(qtbot, page)
    assert page.imported
    assert page.conflicts.rowCount() == 1
    assert "店里改的 → 总部改的" in page.conflicts.item(0, 3).text()
    page.resize(1100, 700)
    page.show()
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "import_export_page.png"))
    assert page.decide("remote", rows=[0]) == 1
    assert page.conflicts.rowCount() == 0
    assert sync.open_conflicts(demo_db) == []
    assert (
        demo_db.execute("SELECT address FROM members WHERE id = ?", [mid]).fetchone()[0]
        == "总部改的"
    )


def test_an_export_to_a_missing_folder_says_so_inline_and_writes_nothing(qtbot, demo_db, tmp_path):
    db_path = Path(demo_db.conn.execute("PRAGMA database_list").fetchone()[2])
    page = import_export.create(_ctx(demo_db, db_path, tmp_path))
    qtbot.addWidget(page)
    out = tmp_path / "gone" / "会员.xlsx"
    page.export(out)
    done(qtbot, page)
    assert page.exported is None and not out.exists()
    assert "文件夹" in page.message.text() and str(out.parent) in page.message.text()
