"""After a merge the removed card's member number and phone keep leading to the kept
member: search, a new card, the next member number, and head office's files (a row for
the merged-away card no longer comes back as a new, empty card)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app import members, privacy, search
from app.core import SYSTEM, ValidationError
from app.excel import sync
from app.merge import merge_members


def _member(db, no):
    return db.execute(
        "SELECT id, name, phone, address, note FROM members WHERE member_no = ?", [no]
    ).fetchone()


def _edit(path: Path, out: Path, changes: dict[str, dict[str, str]]) -> Path:
    """Head office edits our file: ``{member_no: {header: value}}``."""
    wb = load_workbook(path)
    ws = wb["会员资料"]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        for header, value in changes.get(row[0].value, {}).items():
            row[headers.index(header)].value = value
    wb.save(out)
    return out


def merged_pair(db) -> tuple[int, int, str, str]:
    """VK000010 merged into VK000011 (its phone kept as an alias): (keep, removed id,
    removed number, removed phone)."""
    removed_id, _name, phone, _addr, _note = _member(db, "VK000010")
    keep_id = _member(db, "VK000011")[0]
    if phone is None:
        phone = "13512345678"
        members.update_member(db, actor=SYSTEM, member_id=removed_id, data={"phone": phone})
    if _member(db, "VK000011")[2] is None:
        members.update_member(db, actor=SYSTEM, member_id=keep_id, data={"phone": "13587654321"})
    merge_members(db, actor=SYSTEM, keep_id=keep_id, remove_id=removed_id)
    return keep_id, removed_id, "VK000010", phone


def test_search_by_the_removed_number_or_phone_finds_the_kept_member(demo_db):
    keep_id, _removed, number, phone = merged_pair(demo_db)
    assert [r["id"] for r in search.search(demo_db, number, actor=SYSTEM, unmask=True)][:1] == [
        keep_id
    ]
    assert [r["id"] for r in search.search(demo_db, phone, actor=SYSTEM, unmask=True)][:1] == [
        keep_id
    ]
    assert members.resolve(demo_db, member_no=number) == keep_id
    assert members.resolve(demo_db, phone=phone) == keep_id


def test_the_old_number_and_phone_are_not_given_to_a_new_card(demo_db):
    keep_id, _removed, number, phone = merged_pair(demo_db)
    new = members.create_member(demo_db, actor=SYSTEM, data={"name": "新卡"})
    assert (
        members.get_member(demo_db, new.created_id, actor=SYSTEM, unmask=True)["member_no"]
        != number
    )
    for data, field in (({"phone": phone}, "phone"), ({"member_no": number}, "member_no")):
        with pytest.raises(ValidationError) as exc:
            members.create_member(demo_db, actor=SYSTEM, data={"name": "又一张", **data})
        assert {e.field for e in exc.value.errors} == {field}
    assert members.resolve(demo_db, member_no=number) == keep_id


def test_a_head_office_row_for_the_merged_away_card_applies_to_the_kept_one(demo_db, tmp_path):
    out = sync.sync_export(demo_db, target="hq", out=tmp_path / "a.xlsx", actor=SYSTEM).path
    keep_id, _removed, _number, _phone = merged_pair(demo_db)
    before = demo_db.execute("SELECT COUNT(*) FROM members").fetchone()[0]
    ho = _edit(out, tmp_path / "ho.xlsx", {"VK000010": {"地址": "总部寄来的地址"}})
    plan = sync.plan_sync(demo_db, ho)
    assert plan.counts["new"] == 0 and not plan.rejections
    sync.apply_sync(demo_db, plan=plan, actor=SYSTEM)
    assert demo_db.execute("SELECT COUNT(*) FROM members").fetchone()[0] == before
    kept = members.get_member(demo_db, keep_id, actor=SYSTEM, unmask=True)
    assert kept["member_no"] == "VK000011"


def test_anonymising_the_kept_member_forgets_its_aliases(demo_db):
    keep_id, _removed, number, phone = merged_pair(demo_db)
    privacy.anonymise_member(demo_db, actor=SYSTEM, member_id=keep_id)
    assert members.resolve(demo_db, member_no=number) is None
    assert members.resolve(demo_db, phone=phone) is None
    assert demo_db.execute("SELECT COUNT(*) FROM member_aliases").fetchone()[0] == 0


def test_the_manager_sends_head_office_files_with_phones_masked(demo_db, tmp_path):
    from app.core import Actor, PermissionDenied

    manager = Actor(user_id=None, name="店长", role="manager")
    clerk = Actor(user_id=None, name="导购", role="clerk")
    with pytest.raises(PermissionDenied):
        sync.sync_export(demo_db, target="hq", out=tmp_path / "c.xlsx", actor=clerk)
    made = sync.sync_export(demo_db, target="hq", out=tmp_path / "m.xlsx", actor=manager)
    ws = load_workbook(made.path)["会员资料"]
    headers = [c.value for c in ws[1]]
    phones = [r[headers.index("手机号")] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert phones and all(p is None or "****" in str(p) for p in phones)
    assert sync.read_meta(made.path)["phones"] == "masked"
    last = demo_db.execute("SELECT action FROM audit_log ORDER BY id DESC").fetchone()[0]
    assert last == "sync_export"
    # full numbers only when asked, and logged as an unmask
    full = sync.sync_export(
        demo_db, target="hq", out=tmp_path / "f.xlsx", actor=manager, full=True, full_phones=True
    )
    ws = load_workbook(full.path)["会员资料"]
    assert any(
        p and "****" not in str(p)
        for p in (r[headers.index("手机号")] for r in ws.iter_rows(min_row=2, values_only=True))
    )
    actions = [r[0] for r in demo_db.execute("SELECT action FROM audit_log ORDER BY id DESC")][:2]
    assert actions == ["unmask", "sync_export"]
