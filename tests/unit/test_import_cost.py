"""Item cost in Excel (#19 item 6): the purchases import reads a 成本/进价 column like
the amount (a line total beside an amount, a unit cost beside a unit price), refuses a
bad one with its row and column, and the purchases export writes the cost so that the
file reads back into an empty store with the same costs. Real CSV and .xlsx files."""

from __future__ import annotations

from pathlib import Path

from app import purchases
from app.core import SYSTEM
from app.db import open_db
from app.excel.exporter import export
from app.excel.importer import import_file, plan_import


def _members(db, tmp_path: Path) -> None:
    f = tmp_path / "m.csv"
    f.write_text(
        "会员号,姓名,手机号\nVK000001,王芳,13800000001\nVK000002,李娜,13800000002\n",
        encoding="utf-8",
    )
    import_file(db, path=f, kind="members", actor=SYSTEM)


def test_a_cost_column_is_read_as_the_lines_cost_and_an_empty_cell_as_unknown(db, tmp_path):
    _members(db, tmp_path)
    f = tmp_path / "p.csv"
    f.write_text(
        "会员号,小票号,消费日期,金额,款号,数量,进价,原小票号\n"
        "VK000001,T1,2024-03-01 10:00,600,A1,2,240,\n"
        "VK000001,T1,2024-03-01 10:00,200,B2,1,,\n"
        "VK000001,R1,2024-03-02 10:00,-300,A1,-1,-120,T1\n",
        encoding="utf-8",
    )
    plan, result = import_file(db, path=f, kind="purchases", actor=SYSTEM)
    assert plan.rejections == [] and result is not None
    rows = db.execute("SELECT sku, qty, paid_fen, cost_fen FROM purchase_items ORDER BY id")
    assert rows.fetchall() == [
        ("A1", 2, 60000, 24000),
        ("B2", 1, 20000, None),
        ("A1", -1, -30000, -12000),
    ]


def test_beside_a_unit_price_the_cost_is_a_unit_cost(db, tmp_path):
    _members(db, tmp_path)
    f = tmp_path / "p.csv"
    f.write_text(
        "会员号,消费日期,单价,数量,成本\nVK000002,2024-03-01 10:00,150,3,60\n", encoding="utf-8"
    )
    plan, _ = import_file(db, path=f, kind="purchases", actor=SYSTEM)
    assert plan.rejections == []
    assert db.execute("SELECT paid_fen, cost_fen FROM purchase_items").fetchone() == (45000, 18000)


def test_a_bad_cost_is_refused_with_its_row_and_column(db, tmp_path):
    _members(db, tmp_path)
    f = tmp_path / "p.csv"
    f.write_text(
        "会员号,小票号,消费日期,金额,数量,成本,原小票号\n"
        "VK000001,T1,2024-03-01 10:00,300,1,-5,\n"  # negative on a sale
        "VK000001,T2,2024-03-01 11:00,300,1,abc,\n"  # not an amount
        "VK000001,T3,2024-03-01 12:00,300,1,20000000,\n"  # beyond any amount
        "VK000001,T4,2024-03-01 13:00,300,1,120,\n"  # fine
        "VK000001,R4,2024-03-02 10:00,-300,-1,120,T4\n",  # positive on a return
        encoding="utf-8",
    )
    plan = plan_import(db, f, kind="purchases")
    assert {(r.row, r.column, r.code) for r in plan.rejections} == {
        (2, "成本", "amount_negative"),
        (3, "成本", "amount_invalid"),
        (4, "成本", "amount_too_large"),
        (6, "成本", "cost_return_positive"),
    }
    assert plan.counts["new"] == 1
    reason = next(r for r in plan.rejections if r.row == 2).reason("zh")
    assert "-¥5.00" in reason


def test_the_purchases_export_carries_the_cost_and_reads_back_the_same(db, tmp_path):
    _members(db, tmp_path)
    mid = db.execute("SELECT id FROM members WHERE member_no = 'VK000001'").fetchone()[0]
    sale = purchases.record_purchase(
        db,
        actor=SYSTEM,
        member_id=mid,
        at="2024-05-01T10:00:00",
        ticket_no="S1",
        items=[
            {"sku": "A1", "qty": 3, "list_fen": 20000, "paid_fen": 18000, "cost_fen": 7000},
            {"sku": "B2", "qty": 1, "list_fen": 5000, "paid_fen": 5000},
        ],
    ).created_id
    line = purchases.get_purchase(db, sale)["items"][0]
    purchases.record_return(
        db, actor=SYSTEM, purchase_id=sale, at="2024-05-02T10:00:00",
        lines=[{"item_id": line["id"], "qty": 1}],
    )  # fmt: skip
    path = export(
        db, kind="purchases", out=tmp_path / "p.xlsx", actor=SYSTEM, mask_phones=False
    ).path
    other = open_db(tmp_path / "other.db")
    try:
        _members(other, tmp_path)
        plan, result = import_file(other, path=path, kind="purchases", actor=SYSTEM)
        assert plan.rejections == [] and result is not None
        query = "SELECT sku, qty, paid_fen, cost_fen FROM purchase_items ORDER BY id"
        assert other.execute(query).fetchall() == db.execute(query).fetchall()
        assert db.execute(query).fetchall()[2] == ("A1", -1, -18000, -7000)
    finally:
        other.close()


def test_a_return_row_without_a_quantity_column_takes_a_negative_cost(db, tmp_path):
    _members(db, tmp_path)
    f = tmp_path / "p.csv"
    f.write_text(
        "会员号,小票号,消费日期,金额,成本,原小票号\n"
        "VK000001,T1,2024-03-01 10:00,300,120,\n"
        "VK000001,R1,2024-03-02 10:00,-300,-120,T1\n",
        encoding="utf-8",
    )
    plan, result = import_file(db, path=f, kind="purchases", actor=SYSTEM)
    assert plan.rejections == [] and result is not None
    rows = db.execute("SELECT qty, paid_fen, cost_fen FROM purchase_items ORDER BY id")
    assert [r[1:] for r in rows.fetchall()] == [(30000, 12000), (-30000, -12000)]
