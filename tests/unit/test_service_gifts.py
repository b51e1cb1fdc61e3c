"""Gifts and surprises (赠礼记录, issue #19): recorded with the actor in one audited
transaction, refused with every field's problem, listed on the card, counted per tier
in the monthly report and exported to Excel."""

from __future__ import annotations

import datetime as dt
import sqlite3

import openpyxl
import pytest

from app import audit, migrations, reports
from app.core import SYSTEM, Actor, NotFound, ValidationError
from app.db import connect, open_db
from app.members import create_member
from app.service import gifts

OWNER = Actor(user_id=None, name="店主", role="owner")


@pytest.fixture
def member(db) -> int:
    return create_member(db, actor=SYSTEM, data={"name": "王芳"}).created_id


def test_a_gift_is_recorded_audited_and_listed(db, member, clerk):
    changes = gifts.record_gift(
        db,
        actor=clerk,
        member_id=member,
        kind="birthday",
        item="真丝围巾",
        given_on="2026-11-03",
        cost_fen=12800,
        occasion="40 岁生日",
    )
    assert changes.tables == {"gifts"} and changes.member_ids == {member}
    rows = gifts.member_gifts(db, member)
    assert [(r["item"], r["cost_fen"], r["given_on"], r["given_by_name"]) for r in rows] == [
        ("真丝围巾", 12800, "2026-11-03", "小李")
    ]
    entry = audit.entries(db, actor=OWNER, limit=1)[0]
    assert entry["action"] == "gift" and entry["entity_id"] == changes.created_id
    assert "¥128.00" in audit.summary_text(entry, "zh") or "128.00" in audit.summary_text(
        entry, "zh"
    )
    assert "生日礼物" in audit.summary_text(entry, "zh")
    assert "Birthday gift" in audit.summary_text(entry, "en")


def test_bad_input_names_every_field_and_writes_nothing(db, member):
    with pytest.raises(ValidationError) as err:
        gifts.record_gift(
            db,
            actor=SYSTEM,
            member_id=member,
            kind="bribe",
            item=" ",
            given_on="2026-13-40",
            cost_fen=-5,
        )
    assert {e.field for e in err.value.errors} == {"kind", "item", "given_on", "cost_fen"}
    with pytest.raises(ValidationError) as err:
        gifts.record_gift(
            db,
            actor=SYSTEM,
            member_id=999,
            kind="surprise",
            item="花",
            given_on="2026-11-01",
            cost_fen=30.5,  # type: ignore[arg-type]  # money is integer fen, never float
        )
    assert {e.field for e in err.value.errors} == {"member_id", "cost_fen"}
    assert db.execute("SELECT COUNT(*) FROM gifts").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'gift'").fetchone()[0] == 0


def test_a_gift_recorded_by_mistake_is_deleted_and_audited(db, member):
    gid = gifts.record_gift(
        db,
        actor=SYSTEM,
        member_id=member,
        kind="festival",
        item="月饼",
        given_on="2026-09-20",
        cost_fen=8800,
    ).created_id
    gifts.delete_gift(db, gift_id=gid, actor=SYSTEM)
    assert gifts.member_gifts(db, member) == []
    assert db.execute("SELECT action FROM audit_log ORDER BY id DESC").fetchone()[0] == (
        "gift_delete"
    )
    with pytest.raises(NotFound):
        gifts.delete_gift(db, gift_id=gid, actor=SYSTEM)


def test_a_failed_insert_leaves_no_audit_entry(db, member, monkeypatch):
    def boom(*a, **k):
        raise sqlite3.OperationalError("disk full")

    monkeypatch.setattr(audit, "record", boom)
    with pytest.raises(sqlite3.OperationalError):
        gifts.record_gift(
            db, actor=SYSTEM, member_id=member, kind="surprise", item="花", given_on="2026-11-01"
        )
    assert db.execute("SELECT COUNT(*) FROM gifts").fetchone()[0] == 0


def test_m024_upgrades_a_database_of_m023_without_losing_a_row(db_path):
    db = connect(db_path)
    migrations.apply(db, stop_before="m024_service_records")
    create_member(db, actor=SYSTEM, data={"name": "老客户"})
    assert "gifts" not in db.table_names()
    db.close()
    db = open_db(db_path)
    assert {"gifts", "alterations"} <= set(db.table_names())
    assert db.execute("SELECT name FROM members").fetchall() == [("老客户",)]
    db.close()


def test_gift_cost_per_tier_in_the_monthly_report(db, member, tmp_path):
    gold = create_member(db, actor=SYSTEM, data={"name": "金卡客"}).created_id
    db.execute("UPDATE members SET tier = 'gold' WHERE id = ?", [gold])
    db.conn.commit()
    for mid, day, fen in (
        (gold, "2026-10-05", 15000),
        (gold, "2026-10-30", 5000),
        (member, "2026-10-12", 3000),
        (member, "2026-09-12", 4000),
        (gold, "2026-11-01", 99900),  # next month: not counted
    ):
        gifts.record_gift(
            db,
            actor=SYSTEM,
            member_id=mid,
            kind="surprise",
            item="小礼",
            given_on=day,
            cost_fen=fen,
        )
    data = reports.build(db, "2026-10", today=dt.date(2026, 11, 22))
    s = data["sections"]["gifts"]
    assert s["available"] is True
    assert s["figures"]["gifts"] == {"value": 3, "previous": 1, "change": 2}
    assert s["figures"]["cost_fen"] == {"value": 23000, "previous": 4000, "change": 19000}
    by = {r["code"]: (r["value"], r["previous"]) for r in s["by_tier"]}
    assert by == {"gold": (20000, 0), "normal": (3000, 4000)}
    assert [r["code"] for r in s["by_tier"]] == ["gold", "normal"]  # highest tier first

    from app import report as render

    path = tmp_path / "r.xlsx"
    render.write_xlsx(data, path)
    rows = {r[0]: r[1:4] for r in openpyxl.load_workbook(path)["赠礼"].iter_rows(values_only=True)}
    assert rows["赠礼成本（元）"][0] == 230
    assert "按会员等级的赠礼成本" in rows
    assert rows["金卡"][0] == 200


def test_an_empty_store_says_no_gifts(db):
    s = reports.build(db, "2026-10", today=dt.date(2026, 11, 22))["sections"]["gifts"]
    assert s["available"] is False and s["note"] == "no_gifts"


def test_the_members_export_carries_a_gifts_sheet_and_still_reads_back(db, member, tmp_path):
    from app.excel.exporter import export
    from app.excel.importer import import_file

    plain = export(db, kind="members", out=tmp_path / "none.xlsx", actor=SYSTEM).path
    assert openpyxl.load_workbook(plain).sheetnames == ["会员资料"]  # no gifts: no sheet
    gifts.record_gift(
        db,
        actor=SYSTEM,
        member_id=member,
        kind="birthday",
        item="真丝围巾",
        given_on="2026-11-03",
        cost_fen=12850,
        occasion="生日",
    )
    path = export(db, kind="members", out=tmp_path / "m.xlsx", actor=SYSTEM).path
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["会员资料", "赠礼"]
    rows = list(book["赠礼"].iter_rows(values_only=True))
    assert rows[0] == ("会员号", "日期", "类别", "礼品", "缘由", "成本（元）", "赠送人")
    assert rows[1][:6] == ("VK000001", "2026-11-03", "生日礼物", "真丝围巾", "生日", "128.50")
    plan, _ = import_file(db, path=path, kind="members", actor=SYSTEM, dry_run=True)
    assert plan.rejections == [] and plan.counts["new"] == 0
