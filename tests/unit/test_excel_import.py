"""Excel/CSV import: real sample files (LibreOffice-saved, GBK, .xls), hostile files,
dry run versus apply, idempotent re-imports, Cancel and a killed process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app import stats
from app.core import SYSTEM
from app.excel import FileRefused, hostile
from app.excel.importer import (
    ImportCancelled,
    PlanStale,
    apply_plan,
    import_file,
    plan_import,
)

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]


def _counts(db) -> dict[str, int]:
    return {
        t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in (
            "members",
            "purchases",
            "purchase_items",
            "contacts",
            "points_ledger",
            "member_tags",
            "audit_log",
            "sync_batches",
        )
    }


def _schema(db) -> list[tuple]:
    return db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()


def _reasons(plan, lang="en") -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for r in plan.rejections:
        out.setdefault(r.row, []).append(r.code)
    return out


@pytest.mark.parametrize("name", ["members_lo.xlsx", "members_lo.xls", "members_lo.csv"])
def test_libreoffice_member_files_dry_run_finds_header_under_title_and_every_problem(db, name):
    plan = plan_import(db, DATA / name, kind="members")
    assert plan.table.header_row == 3  # under the merged title row and a blank row
    if name != "members_lo.csv":
        assert plan.table.sheet == "会员资料"  # not the notes sheet, not the hidden one
    assert plan.counts == {"new": 4, "updated": 0, "unchanged": 0, "rejected": 5}
    codes = _reasons(plan)
    assert codes[6] == ["phone_digits_lost"]
    assert codes[8] == ["dup_in_file"]
    assert codes[9] == ["email_invalid"]
    assert codes[10] == ["date_invalid"]
    assert codes[11] == ["required"]
    first = plan.rejections[0].to_json("zh")
    assert first["row"] == 6 and first["column"] == "手机" and first["value"] == "1.38123E+10"
    assert "科学计数法" in first["reason"]
    assert _counts(db)["members"] == 0  # a dry run writes nothing


def test_applying_members_normalises_phones_dates_and_lunar_birthdays(db, tmp_path):
    plan = plan_import(db, DATA / "members_lo.xlsx", kind="members")
    result = apply_plan(db, plan=plan, actor=SYSTEM, backup_dir=tmp_path / "backups")
    assert result.backup is not None and result.backup.exists()
    rows = {
        r[0]: r[1:]
        for r in db.execute(
            "SELECT member_no, name, phone, birthday, birthday_calendar, joined_on, gender, "
            "name_initials FROM members"
        )
    }
    assert rows["HQ0001"] == (
        "王秀英",
        "13812345678",
        "1985-03-02",
        "solar",
        "2023-05-01",
        "female",
        "wxy",
    )
    assert rows["HQ0002"][1:5] == ("13912345678", "1990-05-01", "solar", "2023-05-01")
    assert rows["HQ0004"][2:4] == ("1988-08-15", "lunar")
    assert rows["HQ0009"][5] == "male"
    assert "OLD1" not in rows  # the hidden sheet was not read
    assert (
        db.execute("SELECT COUNT(*) FROM sync_batches WHERE direction = 'import'").fetchone()[0]
        == 1
    )
    # the same file again: nothing new, nothing changed
    again = plan_import(db, DATA / "members_lo.xlsx", kind="members")
    assert again.counts["new"] == 0 and again.counts["updated"] == 0
    assert again.counts["unchanged"] == 4


def test_update_by_phone_changes_only_given_cells_and_refuses_identity_mismatch(db, tmp_path):
    import_file(db, path=DATA / "members_lo.xlsx", kind="members", actor=SYSTEM)
    f = tmp_path / "upd.csv"
    f.write_text(
        "手机号,姓名,地址,会员号\n"
        "13812345678,王秀英,北京市,\n"  # matched by phone: address added
        "13912345678,,,HQ0009\n"  # phone of HQ0002 with number HQ0009: refused
        "15200004444,周杰,,\n",  # unchanged
        encoding="utf-8",
    )
    plan = plan_import(db, f, kind="members")
    assert plan.counts == {"new": 0, "updated": 1, "unchanged": 1, "rejected": 1}
    assert plan.rejections[0].code == "identity_conflict"
    apply_plan(db, plan=plan, actor=SYSTEM)
    row = db.execute("SELECT address, email FROM members WHERE member_no = 'HQ0001'").fetchone()
    assert row == ("北京市", "wang@example.cn")  # empty cells left the e-mail alone


def test_gbk_purchases_one_row_per_ticket_with_every_rejection(db):
    import_file(db, path=DATA / "members_lo.xlsx", kind="members", actor=SYSTEM)
    plan = plan_import(db, DATA / "purchases_gbk.csv", kind="purchases")
    assert plan.table.encoding == "gb18030"
    assert plan.notes == ["layout_tickets"]
    codes = _reasons(plan)
    assert codes == {
        4: ["amount_invalid"],
        5: ["member_unknown"],
        6: ["date_in_future"],
        7: ["paid_above_list"],
    }
    assert plan.counts["new"] == 2
    apply_plan(db, plan=plan, actor=SYSTEM)
    rows = db.execute(
        "SELECT ticket_no, paid_fen, total_fen, is_discounted, source, note FROM purchases "
        "ORDER BY ticket_no"
    ).fetchall()
    assert rows == [
        ("P0001", 120000, 150000, 1, "import", "导购：小李"),
        ("P0002", 89900, 89900, 0, "import", "导购：王店长"),
    ]
    assert stats.mismatches(db) == []
    # re-import: the tickets are there already
    again = plan_import(db, DATA / "purchases_gbk.csv", kind="purchases")
    assert again.counts["new"] == 0 and again.counts["unchanged"] == 2


def test_item_rows_are_grouped_by_ticket_and_disagreeing_tickets_refused(db):
    import_file(db, path=DATA / "members_lo.xlsx", kind="members", actor=SYSTEM)
    plan = plan_import(db, DATA / "purchases_items_bom.csv", kind="purchases")
    assert plan.table.encoding == "utf-8-sig"
    assert plan.notes == ["layout_items"]
    assert plan.counts["new"] == 1
    assert {r.row for r in plan.rejections} == {4, 5}
    assert {r.code for r in plan.rejections} == {"ticket_rows_disagree"}
    apply_plan(db, plan=plan, actor=SYSTEM)
    (pid, paid) = db.execute(
        "SELECT id, paid_fen FROM purchases WHERE ticket_no = 'T100'"
    ).fetchone()
    assert paid == 59900 + 2 * 9950
    items = db.execute(
        "SELECT sku, qty, paid_fen FROM purchase_items WHERE purchase_id = ? ORDER BY id", [pid]
    ).fetchall()
    assert items == [("SK-1", 1, 59900), ("SK-2", 2, 19900)]


def test_rows_without_ticket_number_are_not_imported_twice(db, tmp_path):
    import_file(db, path=DATA / "members_lo.xlsx", kind="members", actor=SYSTEM)
    f = tmp_path / "p.csv"
    f.write_text("会员号,日期,金额\nHQ0001,2024-01-05,100\nHQ0001,2024-01-05,100\n", "utf-8")
    _, res = import_file(db, path=f, kind="purchases", actor=SYSTEM)
    assert res is not None
    assert db.execute("SELECT COUNT(*) FROM purchases").fetchone()[0] == 2  # two real tickets
    plan, res = import_file(db, path=f, kind="purchases", actor=SYSTEM)
    assert res is None and plan.counts["unchanged"] == 2
    assert db.execute("SELECT COUNT(*) FROM purchases").fetchone()[0] == 2


def test_purchase_import_runs_the_loyalty_step_like_a_counter_sale(db, monkeypatch):
    from app import loyalty

    seen = []
    monkeypatch.setattr(loyalty, "award_for_purchase", lambda d, e: seen.append(e) or set())
    import_file(db, path=DATA / "members_lo.xlsx", kind="members", actor=SYSTEM)
    import_file(db, path=DATA / "purchases_gbk.csv", kind="purchases", actor=SYSTEM)
    assert [(e.kind, e.paid_fen) for e in seen] == [("sale", 120000), ("sale", 89900)]


def test_contacts_words_become_codes_and_bad_rows_are_refused(db):
    import_file(db, path=DATA / "members_lo.xlsx", kind="members", actor=SYSTEM)
    plan = plan_import(db, DATA / "contacts.xlsx", kind="contacts")
    assert _reasons(plan) == {4: ["choice_invalid"], 5: ["follow_up_before_contact"]}
    apply_plan(db, plan=plan, actor=SYSTEM)
    rows = db.execute("SELECT channel, purpose, outcome, at FROM contacts ORDER BY at").fetchall()
    assert rows == [
        ("phone", "post_sale_day1", "reached", "2024-03-09T10:30:00"),
        ("wechat", "birthday", "no_answer", "2024-03-10T00:00:00"),
    ]
    again = plan_import(db, DATA / "contacts.xlsx", kind="contacts")
    assert again.counts["new"] == 0 and again.counts["unchanged"] == 2


def test_points_are_never_counted_twice(db):
    import_file(db, path=DATA / "members_lo.xlsx", kind="members", actor=SYSTEM)
    plan = plan_import(db, DATA / "points.xlsx", kind="points")
    assert _reasons(plan) == {4: ["points_invalid"], 5: ["dup_in_file"]}
    apply_plan(db, plan=plan, actor=SYSTEM)
    total = db.execute("SELECT SUM(delta) FROM points_ledger").fetchone()[0]
    assert total == 1700
    plan2, res = import_file(db, path=DATA / "points.xlsx", kind="points", actor=SYSTEM)
    assert res is None and plan2.counts["unchanged"] == 2
    assert db.execute("SELECT SUM(delta) FROM points_ledger").fetchone()[0] == 1700


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("hostile_zip_bomb.xlsx", "zip_bomb"),
        ("hostile_csv_renamed.xlsx", "not_a_workbook"),
        ("hostile_encrypted.xlsx", "file_encrypted"),
        ("hostile_encrypted.xls", "file_encrypted"),  # Excel 97-2003, password by LibreOffice
        ("hostile_empty.xlsx", "file_empty"),
        ("hostile_too_many_rows.xlsx", "too_many_rows"),
        ("hostile_billion_laughs.xlsx", "xml_entities"),
    ],
)
def test_hostile_files_are_refused_fast_with_nothing_written(db, name, code):
    before = _counts(db)
    # how fast: tests/bench/bench_excel.py (hostile_refused_slowest), not a timed assert
    with pytest.raises(FileRefused) as exc:
        plan_import(db, DATA / name, kind="members")
    assert exc.value.code == code
    assert exc.value.message("zh") != code and exc.value.message("en") != code
    assert _counts(db) == before


def test_a_csv_beyond_the_row_limit_is_refused(db, tmp_path):
    f = tmp_path / "big.csv"
    f.write_text("姓名,手机号\n" + "张三,13800000000\n" * 120, "utf-8")
    from app import settings

    settings.set_many(db, actor=SYSTEM, values={"excel_import_max_rows": 50})
    with pytest.raises(FileRefused) as exc:
        plan_import(db, f, kind="members")
    assert exc.value.code == "too_many_rows"


def test_hostile_check_knows_formats():
    assert hostile.check(DATA / "members_lo.xls") == "xls"
    assert hostile.check(DATA / "members_lo.xlsx") == "xlsx"
    assert hostile.check(DATA / "purchases_gbk.csv") == "csv"


def test_missing_required_columns_are_named(db, tmp_path):
    f = tmp_path / "p.csv"
    f.write_text("会员号,备注\nHQ0001,x\n", "utf-8")
    with pytest.raises(FileRefused) as exc:
        plan_import(db, f, kind="purchases")
    assert exc.value.code == "columns_missing"
    assert "消费日期" in exc.value.message("zh")


def test_stale_plan_and_cancel_leave_nothing_behind(db, tmp_path):
    plan = plan_import(db, DATA / "members_lo.xlsx", kind="members")
    before = _counts(db)
    with pytest.raises(ImportCancelled):
        apply_plan(
            db, plan=plan, actor=SYSTEM, backup_dir=tmp_path / "b", should_cancel=lambda: True
        )
    assert _counts(db) == before
    assert list((tmp_path / "b").glob("*.db")) == []  # the backup made for it is gone too
    from app import members

    # a clerk gives one of the file's phones to a new member meanwhile
    phone = plan.ops["new"][0][1]["phone"]
    members.create_member(db, actor=SYSTEM, data={"name": "插队", "phone": phone})
    with pytest.raises(PlanStale):
        apply_plan(db, plan=plan, actor=SYSTEM)


def test_corrected_mapping_is_remembered_per_header_set(db, tmp_path):
    from app.excel import mapping

    f = tmp_path / "odd.csv"
    f.write_text("客户,移动号码\n张三,13800000001\n", "utf-8")
    headers = ["客户", "移动号码"]
    assert mapping.remembered(db, "members", headers) == {}
    mapping.remember(
        db, actor=SYSTEM, kind="members", headers=headers, mapping={0: "name", 1: "phone"}
    )
    assert mapping.remembered(db, "members", headers) == {0: "name", 1: "phone"}
    plan = plan_import(db, f, kind="members")
    assert plan.counts["new"] == 1


def test_export_rejected_rows_can_be_fixed_and_imported_again(db, tmp_path):
    from openpyxl import load_workbook

    from app.excel.exporter import export_rejections

    plan = plan_import(db, DATA / "members_lo.xlsx", kind="members")
    out = export_rejections(plan.path, plan.table, plan.rejections, tmp_path / "rej.xlsx")
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][-2:] == ("原行号", "拒绝原因")
    assert [r[-2] for r in rows[1:]] == [6, 8, 9, 10, 11]
    assert "科学计数法" in rows[1][-1]
    # fix the e-mail and the date, then import the file of rejected rows
    for row in ws.iter_rows(min_row=2):
        if row[5].value == "not-an-email":
            row[5].value = "yang@example.cn"
        if row[4].value == "1995年2月30日":
            row[4].value = "1995年2月28日"
    ws.parent.save(out)
    again = plan_import(db, out, kind="members")
    # the two fixed rows, and row 8 (its phone's first row is not in this file)
    assert again.counts["new"] == 3
    assert {r.code for r in again.rejections} == {"phone_digits_lost", "required"}


def test_cli_import_json_report_and_exit_codes(db_path, tmp_path):
    from app.db import open_db

    open_db(db_path).close()
    out = subprocess.run(
        [
            sys.executable,
            "main.py",
            "import",
            str(DATA / "members_lo.csv"),
            "--db",
            str(db_path),
            "--kind",
            "members",
            "--dry-run",
            "--json",
            "--lang",
            "en",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["counts"] == {"new": 4, "updated": 0, "unchanged": 0, "rejected": 5}
    assert set(report["rejections"][0]) >= {"row", "column", "value", "reason"}
    refused = subprocess.run(
        [
            sys.executable,
            "main.py",
            "import",
            str(DATA / "hostile_zip_bomb.xlsx"),
            "--db",
            str(db_path),
            "--kind",
            "members",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode != 0
    assert "压缩炸弹" in refused.stderr


_KILL_SCRIPT = """
import sys, time
sys.path.insert(0, {root!r})
from app.db import open_db
from app.core import SYSTEM
from app.excel import importer
db = open_db({db!r})
plan = importer.plan_import(db, {file!r}, kind="members")
def progress(done, total):
    if done > 0:
        print("writing", flush=True)
        time.sleep(30)  # killed here, inside the transaction
importer.apply_plan(db, plan=plan, actor=SYSTEM, on_progress=progress)
"""


def test_an_import_killed_midway_leaves_the_database_as_it_was(demo_db, tmp_path):
    from openpyxl import Workbook

    from app.db import open_db

    f = tmp_path / "many.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("会员")
    ws.append(["姓名", "手机号"])
    for i in range(12000):
        ws.append([f"测试{i}", f"135{i:08d}"])
    wb.save(f)
    path = Path(demo_db.conn.execute("PRAGMA database_list").fetchone()[2])
    before = _counts(demo_db)
    schema = _schema(demo_db)
    demo_db.close()
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILL_SCRIPT.format(root=str(ROOT), db=str(path), file=str(f))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "writing", proc.stderr.read() if proc.stderr else ""
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    db = open_db(path)
    try:
        assert _counts(db) == before
        assert _schema(db) == schema  # the dropped triggers and indexes are back
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close()


def test_a_bulk_import_keeps_schema_search_and_stats_as_row_by_row_writes_would(db, tmp_path):
    f = tmp_path / "bulk.csv"
    f.write_text(
        "姓名,手机号\n" + "".join(f"欧阳娜{i},135{i:08d}\n" for i in range(12000)), "utf-8"
    )
    schema = _schema(db)
    import_file(db, path=f, kind="members", actor=SYSTEM)
    assert _schema(db) == schema
    assert db.execute("SELECT COUNT(*) FROM member_stats").fetchone()[0] == 12000
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    fts = db.execute("SELECT COUNT(*) FROM members_fts WHERE members_fts MATCH '\"娜11999\"'")
    assert fts.fetchone()[0] == 1
    # phones are not in the full-text index (m010): they are searched through members
    phone = db.execute("SELECT COUNT(*) FROM members_fts WHERE members_fts MATCH '00011999'")
    assert phone.fetchone()[0] == 0
    assert stats.mismatches(db) == []
    db.execute("INSERT INTO members_fts(members_fts) VALUES ('integrity-check')")  # raises if off


def test_a_bulk_import_cancelled_between_chunks_leaves_schema_and_index_as_they_were(db, tmp_path):
    """Cancel after the second chunk, while the index thread has work of its own: the
    database, its schema (dropped triggers and indexes) and its full-text index are
    exactly as before."""
    from app import members

    members.create_member(db, actor=SYSTEM, data={"name": "老会员", "phone": "13900000001"})
    f = tmp_path / "bulk.csv"
    f.write_text("姓名,手机号\n" + "".join(f"司马{i},136{i:08d}\n" for i in range(12000)), "utf-8")
    before, schema = _counts(db), _schema(db)
    plan = plan_import(db, f, kind="members")
    asked = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) >= 2

    with pytest.raises(ImportCancelled):
        apply_plan(db, plan=plan, actor=SYSTEM, should_cancel=cancel)
    assert _counts(db) == before
    assert _schema(db) == schema
    assert asked == [1, 1]  # stopped after the second chunk of 5,000
    db.execute("INSERT INTO members_fts(members_fts) VALUES ('integrity-check')")
    # and the same plan still applies afterwards
    apply_plan(db, plan=plan, actor=SYSTEM)
    assert db.execute("SELECT COUNT(*) FROM members").fetchone()[0] == before["members"] + 12000
    hits = db.execute("SELECT COUNT(*) FROM members_fts WHERE members_fts MATCH '\"司马11999\"'")
    assert hits.fetchone()[0] == 1
    db.execute("INSERT INTO members_fts(members_fts) VALUES ('integrity-check')")


_IMPORT_THREADS_SCRIPT = """
import sys, threading
sys.path.insert(0, {root!r})
imports = []


class Spy:
    # records every module imported from here on, with the thread that imports it
    def find_spec(self, name, path=None, target=None):
        imports.append((threading.current_thread().name, name))
        return None


started = []
real_start = threading.Thread.start


def start(self):
    started.append(self.name)
    return real_start(self)


threading.Thread.start = start
from app.core import SYSTEM
from app.db import open_db
from app.excel.importer import import_file

db = open_db({db!r})
assert "pypinyin" not in sys.modules
sys.meta_path.insert(0, Spy())
plan, result = import_file(db, path={file!r}, kind="members", actor=SYSTEM)
sys.meta_path.pop(0)
assert result is not None and plan.counts["new"] == 2000, plan.counts
assert "load-pinyin" not in started, started
assert ("MainThread", "pypinyin") in imports, "the names' pinyin needs pypinyin"
off_main = [i for i in imports if i[0] != "MainThread"]
assert not off_main, off_main
"""


def test_a_member_import_imports_every_library_on_the_calling_thread(tmp_path):
    """pypinyin used to be imported on a ``load-pinyin`` thread while the importing
    thread could import it too; two threads importing one package can deadlock
    (``_DeadlockError``, about 1 member import in 13). In a fresh interpreter, a member
    import (2,000 new members: the bulk path and its index thread included) starts no
    thread to import and imports every module, pypinyin included, on the calling
    thread."""
    f = tmp_path / "members.csv"
    f.write_text("姓名,手机号\n" + "".join(f"欧阳娜{i},135{i:08d}\n" for i in range(2000)), "utf-8")
    code = _IMPORT_THREADS_SCRIPT.format(root=str(ROOT), db=str(tmp_path / "store.db"), file=str(f))
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
