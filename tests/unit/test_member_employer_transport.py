"""Employer (工作单位) and transport (交通方式) on the archive (issue #19): saved and
checked like the other archive fields, recorded on change cards, exported and imported
through Excel, carried in the head-office data card and cleared by anonymisation."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from app import change_cards, privacy
from app.core import SYSTEM, ValidationError
from app.db import open_db
from app.excel import sync
from app.excel.exporter import export
from app.excel.importer import import_file
from app.members import create_member, get_member, update_member


@pytest.fixture
def member(db) -> int:
    return create_member(
        db,
        actor=SYSTEM,
        data={"name": "王芳", "employer": " 市第一医院 ", "transport": "自驾"},
    ).created_id


def test_saved_trimmed_and_checked_for_length(db, member):
    m = get_member(db, member, actor=SYSTEM)
    assert (m["employer"], m["transport"]) == ("市第一医院", "自驾")
    with pytest.raises(ValidationError) as err:
        update_member(db, actor=SYSTEM, member_id=member, data={"employer": "x" * 101})
    assert [(e.field, e.code) for e in err.value.errors] == [("employer", "too_long")]


def test_an_edit_writes_change_cards_for_both_fields(db, member):
    update_member(
        db, actor=SYSTEM, member_id=member, data={"employer": "华为", "transport": "公共交通"}
    )
    rows = {
        (c["field"], c["old"], c["new"])
        for c in change_cards.since(db, 0)
        if c["field"] in ("employer", "transport")
    }
    assert rows == {("employer", "市第一医院", "华为"), ("transport", "自驾", "公共交通")}


def test_members_export_and_import_carry_them_into_another_store(db, member, tmp_path):
    out = tmp_path / "members.xlsx"
    export(db, kind="members", out=out, actor=SYSTEM, mask_phones=False)
    ws = load_workbook(out).worksheets[0]
    headers = [c.value for c in ws[1]]
    assert "工作单位" in headers and "交通方式" in headers
    other = open_db(tmp_path / "other.db")
    plan, result = import_file(other, path=out, kind="members", actor=SYSTEM)
    assert result is not None and not plan.rejections
    row = other.execute("SELECT name, employer, transport FROM members").fetchone()
    assert row == ("王芳", "市第一医院", "自驾")
    other.close()


def test_head_office_data_card_sends_them_and_takes_its_change(db, member, tmp_path):
    assert {"employer", "transport"} <= set(sync.CARD_KEYS)
    first = sync.sync_export(db, target="hq", out=tmp_path / "a.xlsx", actor=SYSTEM)
    ws = load_workbook(first.path)["会员资料"]
    headers = [c.value for c in ws[1]]
    values = [c.value for c in ws[2]]
    assert values[headers.index("工作单位")] == "市第一医院"
    values[headers.index("交通方式")] = "步行"
    for cell, value in zip(ws[2], values, strict=False):
        cell.value = value
    ws.parent.save(tmp_path / "ho.xlsx")
    plan = sync.plan_sync(db, tmp_path / "ho.xlsx")
    assert plan.counts["updated"] == 1
    sync.apply_sync(db, plan=plan, actor=SYSTEM)
    assert get_member(db, member, actor=SYSTEM)["transport"] == "步行"
    # nothing else changed: the next change set is empty
    assert sync.sync_export(db, target="hq", out=tmp_path / "b.xlsx", actor=SYSTEM).rows == 0


def test_anonymising_clears_them(db, member):
    privacy.anonymise_member(db, actor=SYSTEM, member_id=member, reason="request")
    row = db.execute("SELECT employer, transport FROM members WHERE id = ?", [member]).fetchone()
    assert row == (None, None)
