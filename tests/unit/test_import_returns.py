"""Returns in a purchases file (#15 item 4): a negative ticket naming the ticket it
returns (原小票号) is linked to that sale, item by item, and its points are clawed back
as at the counter; one that names no sale, another member's, a later one, or refunds
more than was paid is refused per row. Real CSV files, a real store."""

from __future__ import annotations

from pathlib import Path

from app.core import SYSTEM
from app.excel.importer import import_file, plan_import


def _members(db, tmp_path: Path) -> None:
    f = tmp_path / "m.csv"
    f.write_text(
        "会员号,姓名,手机号\nVK000001,王芳,13800000001\nVK000002,李娜,13800000002\n",
        encoding="utf-8",
    )
    import_file(db, path=f, kind="members", actor=SYSTEM)


HEAD = "会员号,小票号,消费日期,金额,原价,款号,尺码,数量,原小票号\n"


def test_a_return_in_the_same_file_is_linked_to_its_sale_and_its_item(db, tmp_path):
    _members(db, tmp_path)
    f = tmp_path / "p.csv"
    f.write_text(
        HEAD + "VK000001,R1,2024-03-02 10:00,-300,-300,A1,M,-1,T1\n"  # before its sale's row
        "VK000001,T1,2024-03-01 10:00,300,300,A1,M,1,\n"
        "VK000001,T1,2024-03-01 10:00,200,250,B2,L,1,\n",
        encoding="utf-8",
    )
    plan, result = import_file(db, path=f, kind="purchases", actor=SYSTEM)
    assert plan.rejections == [] and plan.counts["new"] == 2 and result is not None
    sale, ret = db.execute(
        "SELECT id, ticket_no, paid_fen, return_of FROM purchases ORDER BY id"
    ).fetchall()
    assert sale[1:] == ("T1", 50000, None) and ret[1:] == ("R1", -30000, sale[0])
    item = db.execute(
        "SELECT r.qty, s.sku FROM purchase_items r JOIN purchase_items s "
        "ON s.id = r.return_of_item WHERE r.purchase_id = ?",
        [ret[0]],
    ).fetchall()
    assert item == [(-1, "A1")]
    assert db.execute(
        "SELECT s.total_paid_fen FROM member_stats s JOIN members m ON m.id = s.member_id "
        "WHERE m.member_no = 'VK000001'"
    ).fetchone() == (20000,)
    again = plan_import(db, f, kind="purchases")  # read back: nothing new
    assert again.counts["new"] == 0 and again.counts["unchanged"] == 2


def test_returns_that_cannot_belong_to_their_sale_are_refused_per_row(db, tmp_path):
    _members(db, tmp_path)
    f = tmp_path / "p.csv"
    f.write_text(
        HEAD + "VK000001,T1,2024-03-01 10:00,300,300,A1,M,1,\n"
        "VK000001,R1,2024-03-02 10:00,-100,-100,A1,M,-1,T9\n"  # no such sale
        "VK000002,R2,2024-03-02 10:00,-100,-100,A1,M,-1,T1\n"  # another member's
        "VK000001,R3,2024-02-01 10:00,-100,-100,A1,M,-1,T1\n"  # before the sale
        "VK000001,R4,2024-03-02 10:00,-200,-200,A1,M,-1,T1\n"  # fine: 200 of 300
        "VK000001,R5,2024-03-03 10:00,-200,-200,A1,M,-1,T1\n"  # 400 of 300
        "VK000001,R6,2024-03-03 10:00,-50,-50,A1,M,,\n",  # a return naming nothing
        encoding="utf-8",
    )
    plan = plan_import(db, f, kind="purchases")
    assert {(r.row, r.column, r.code) for r in plan.rejections} == {
        (3, "原小票号", "return_sale_missing"),
        (4, "原小票号", "return_other_member"),
        (5, "原小票号", "return_before_sale"),
        (7, "原小票号", "return_too_much"),
        (8, "金额", "import_return_refused"),
    }
    assert plan.counts["new"] == 2
