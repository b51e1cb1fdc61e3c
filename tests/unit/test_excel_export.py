"""Exports: styled, complete, phones masked by default, readable by the importer."""

from __future__ import annotations

from openpyxl import load_workbook

from app.core import SYSTEM
from app.excel import columns, exporter, templates
from app.excel.importer import plan_import


def test_members_export_masks_phones_and_reimports_as_unchanged(demo_db, tmp_path):
    res = exporter.export(demo_db, kind="members", out=tmp_path / "m.xlsx", actor=SYSTEM)
    assert res.rows == 300
    ws = load_workbook(res.path, read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("会员号", "姓名", "手机号")
    phones = [r[2] for r in rows[1:] if r[2]]
    assert phones and all("****" in p for p in phones)
    plan = plan_import(demo_db, res.path, kind="members")
    assert plan.counts == {"new": 0, "updated": 0, "unchanged": 300, "rejected": 0}


def test_unmasked_english_export_and_other_kinds(demo_db, tmp_path):
    res = exporter.export(
        demo_db, kind="members", out=tmp_path / "m.xlsx", actor=SYSTEM, mask_phones=False, lang="en"
    )
    ws = load_workbook(res.path, read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("Member no", "Name", "Phone")
    assert any(r[2] and r[2].isdigit() and len(r[2]) == 11 for r in rows[1:])
    for kind in ("purchases", "contacts", "points", "surveys", "complaints"):
        out = exporter.export(demo_db, kind=kind, out=tmp_path / f"{kind}.xlsx", actor=SYSTEM)
        assert out.path.exists() and not list(tmp_path.glob(".*partial*"))
    p = plan_import(demo_db, tmp_path / "purchases.xlsx", kind="purchases")
    assert p.counts["new"] == 0 and p.counts["rejected"] == 0


def test_templates_read_back_with_their_own_columns(db, tmp_path):
    for kind in ("members", "purchases", "contacts", "points", "surveys", "complaints"):
        out = templates.write_template(kind, tmp_path / f"{kind}.xlsx")
        wb = load_workbook(out)
        assert len(wb.sheetnames) == 2
        table_plan_headers = [c.value for c in wb.worksheets[0][1]]
        from app.excel import mapping

        assert [mapping.field_for(kind, h) for h in table_plan_headers] == [
            c.key for c in columns.COLUMNS[kind]
        ]


def test_rows_past_excels_sheet_limit_continue_on_a_new_sheet(demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr(exporter, "MAX_SHEET_ROWS", 1000)
    res = exporter.export(demo_db, kind="purchases", out=tmp_path / "p.xlsx", actor=SYSTEM)
    wb = load_workbook(res.path)
    assert wb.sheetnames[:2] == ["消费记录", "消费记录 (2)"]
    total = sum(ws.max_row - 1 for ws in wb.worksheets)
    assert total == res.rows > 1000


def test_an_export_with_full_phones_is_logged_as_an_unmask(demo_db, tmp_path):
    def actions() -> list[str]:
        return [r[0] for r in demo_db.execute("SELECT action FROM audit_log ORDER BY id DESC")]

    exporter.export(demo_db, kind="members", out=tmp_path / "masked.xlsx", actor=SYSTEM)
    assert actions()[0] == "export"
    exporter.export(
        demo_db, kind="members", out=tmp_path / "full.xlsx", actor=SYSTEM, mask_phones=False
    )
    assert actions()[:2] == ["unmask", "export"]
