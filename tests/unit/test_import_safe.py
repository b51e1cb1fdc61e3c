"""Safe member imports (#15 item 1): a matched row that renames a member or would
overwrite a filled field shows before → after per field; identity changes (name, phone,
member number) need an explicit choice; "fill empty fields only" is the default;
dates that cannot lie in the future are refused per row. Real CSV files, a real
SQLite file, the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from app.core import SYSTEM
from app.excel.importer import apply_plan, import_file, plan_import

ROOT = Path(__file__).resolve().parents[2]


def _store(db, tmp_path: Path) -> None:
    f = tmp_path / "base.csv"
    f.write_text(
        "会员号,姓名,手机号,地址,备注,上衣尺码\n"
        "VK000010,雷思琪,13800000010,杭州市西湖区,不要早上打电话,XL\n"
        "VK000011,周杰,13800000011,,,\n",
        encoding="utf-8",
    )
    plan, result = import_file(db, path=f, kind="members", actor=SYSTEM)
    assert result is not None and plan.counts["new"] == 2


def _row(db, no: str) -> dict:
    cur = db.execute("SELECT * FROM members WHERE member_no = ?", [no])
    cols = [c[0] for c in cur.description]
    return dict(zip(cols, cur.fetchone(), strict=True))


def _rename_file(tmp_path: Path) -> Path:
    # the reported case: VK000010's phone with another name and another note
    f = tmp_path / "rename.csv"
    f.write_text(
        "姓名,手机号,备注,地址\n钱芳,13800000010,新备注,\n",
        encoding="utf-8",
    )
    return f


def test_a_rename_by_phone_shows_before_and_after_and_is_not_applied_without_a_choice(db, tmp_path):
    _store(db, tmp_path)
    plan = plan_import(db, _rename_file(tmp_path), kind="members")
    change = next(c for c in plan.preview if c.row == 2)
    by_field = {f.field: f for f in change.changes}
    assert (by_field["name"].before, by_field["name"].after) == ("雷思琪", "钱芳")
    assert by_field["name"].kind == "identity"
    assert change.identity
    # a filled note is not overwritten by default: shown, marked kept
    assert (by_field["note"].before, by_field["note"].after) == ("不要早上打电话", "新备注")
    assert by_field["note"].kind == "kept"
    report = plan.report("en")
    assert report["changes"][0]["fields"]["name"] == {
        "before": "雷思琪",
        "after": "钱芳",
        "kind": "identity",
    }
    result = apply_plan(db, plan=plan, actor=SYSTEM)
    row = _row(db, "VK000010")
    assert row["name"] == "雷思琪" and row["note"] == "不要早上打电话"  # skipped whole
    assert result.skipped_identity == [2]


def test_accepting_the_identity_change_renames_but_fill_mode_keeps_filled_fields(db, tmp_path):
    _store(db, tmp_path)
    plan = plan_import(db, _rename_file(tmp_path), kind="members")
    apply_plan(db, plan=plan, actor=SYSTEM, accept_identity={2})
    row = _row(db, "VK000010")
    assert row["name"] == "钱芳" and row["name_pinyin"] == "qianfang"
    assert row["note"] == "不要早上打电话"  # fill empty fields only
    assert row["address"] == "杭州市西湖区"  # an empty cell never erases


def test_overwrite_mode_replaces_filled_fields(db, tmp_path):
    _store(db, tmp_path)
    plan = plan_import(db, _rename_file(tmp_path), kind="members", overwrite=True)
    by_field = {f.field: f for f in plan.preview[0].changes}
    assert by_field["note"].kind == "overwrite"
    apply_plan(db, plan=plan, actor=SYSTEM, accept_identity=True)
    row = _row(db, "VK000010")
    assert (row["name"], row["note"]) == ("钱芳", "新备注")


def test_fill_mode_fills_empty_fields_and_counts_a_row_with_only_kept_fields_unchanged(
    db, tmp_path
):
    _store(db, tmp_path)
    f = tmp_path / "fill.csv"
    f.write_text(
        "会员号,地址,上衣尺码\nVK000011,上海市,M\nVK000010,北京市,XL\n",
        encoding="utf-8",
    )
    plan = plan_import(db, f, kind="members")
    assert plan.counts == {"new": 0, "updated": 1, "unchanged": 1, "rejected": 0}
    fill = {c.field: c for c in plan.preview[0].changes}
    assert fill["address"].kind == "fill" and fill["address"].before is None
    kept = next(c for c in plan.preview if c.row == 3)
    assert [(c.field, c.before, c.after, c.kind) for c in kept.changes] == [
        ("address", "杭州市西湖区", "北京市", "kept")
    ]
    apply_plan(db, plan=plan, actor=SYSTEM)
    assert _row(db, "VK000011")["address"] == "上海市"
    assert _row(db, "VK000010")["address"] == "杭州市西湖区"


def test_a_new_phone_for_a_member_with_one_is_an_identity_change(db, tmp_path):
    _store(db, tmp_path)
    f = tmp_path / "phone.csv"
    f.write_text("会员号,手机号\nVK000010,13900000099\n", encoding="utf-8")
    plan = plan_import(db, f, kind="members", overwrite=True)
    change = plan.preview[0]
    assert change.identity
    assert [(c.field, c.before, c.after) for c in change.changes] == [
        ("phone", "13800000010", "13900000099")
    ]
    apply_plan(db, plan=plan, actor=SYSTEM)
    assert _row(db, "VK000010")["phone"] == "13800000010"
    plan = plan_import(db, f, kind="members", overwrite=True)
    apply_plan(db, plan=plan, actor=SYSTEM, accept_identity=True)
    assert _row(db, "VK000010")["phone"] == "13900000099"


def test_dates_that_cannot_lie_in_the_future_are_refused_per_row(db, tmp_path):
    f = tmp_path / "future.csv"
    f.write_text(
        "姓名,手机号,办卡日期,生日,核实日期\n"
        "甲,13800000001,2030-01-01,,\n"
        "乙,13800000002,,2099-05-01,\n"
        "丙,13800000003,,,2031-02-02\n"
        "丁,13800000004,2020-01-01,--05-01,\n",
        encoding="utf-8",
    )
    plan = plan_import(db, f, kind="members")
    got = {(r.row, r.column, r.code) for r in plan.rejections}
    assert got == {
        (2, "办卡日期", "date_in_future"),
        (3, "生日", "date_in_future"),
        (4, "核实日期", "date_in_future"),
    }
    assert plan.counts["new"] == 1


def test_cli_dry_run_prints_before_after_and_accepts_identity_changes_on_request(db_path, tmp_path):
    from app.db import open_db

    db = open_db(db_path)
    _store(db, tmp_path)
    db.close()
    f = _rename_file(tmp_path)

    def run(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                *(sys.executable, "main.py", "import", str(f), "--db", str(db_path)),
                *("--kind", "members", "--lang", "en", "--no-backup", *extra),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )

    out = run("--dry-run")
    assert out.returncode == 0, out.stderr
    assert "雷思琪 → 钱芳" in out.stdout
    assert "不要早上打电话 → 新备注" in out.stdout
    js = json.loads(run("--dry-run", "--json").stdout)
    assert js["changes"][0]["identity"] is True
    assert js["changes"][0]["fields"]["note"]["kind"] == "kept"
    out = run()
    assert out.returncode == 0, out.stderr
    assert "skipped" in out.stdout
    db = open_db(db_path)
    assert _row(db, "VK000010")["name"] == "雷思琪"
    db.close()
    out = run("--accept-identity-changes", "--overwrite")
    assert out.returncode == 0, out.stderr
    db = open_db(db_path)
    row = _row(db, "VK000010")
    db.close()
    assert (row["name"], row["note"]) == ("钱芳", "新备注")


def test_referrers_resolve_within_the_file_in_any_row_order(db, tmp_path):
    f = tmp_path / "refs.csv"
    f.write_text(
        "会员号,姓名,手机号,介绍人会员号\n"
        "VK000003,丙,13800000003,VK000002\n"  # referred by a later row
        "VK000002,乙,13800000002,VK000001\n"
        "VK000001,甲,13800000001,\n"
        "VK000004,丁,13800000004,VK000099\n"  # nobody
        "VK000005,戊,13800000005,VK000005\n",  # themselves
        encoding="utf-8",
    )
    plan = plan_import(db, f, kind="members")
    assert {(r.row, r.code) for r in plan.rejections} == {
        (5, "referrer_missing"),
        (6, "referrer_self"),
    }
    apply_plan(db, plan=plan, actor=SYSTEM)
    refs = dict(
        db.execute(
            "SELECT m.member_no, r.member_no FROM members m "
            "LEFT JOIN members r ON r.id = m.referrer_id"
        ).fetchall()
    )
    assert refs == {"VK000001": None, "VK000002": "VK000001", "VK000003": "VK000002"}
    # a member already in the store takes a referrer who is new in the next file
    g = tmp_path / "refs2.csv"
    g.write_text(
        "会员号,姓名,手机号,介绍人会员号\nVK000001,甲,13800000001,VK000007\n"
        "VK000007,庚,13800000007,\n",
        encoding="utf-8",
    )
    plan = plan_import(db, g, kind="members")
    assert not plan.rejections
    change = {c.field: c for c in plan.preview[0].changes}
    assert (change["referrer_no"].before, change["referrer_no"].after) == (None, "VK000007")
    apply_plan(db, plan=plan, actor=SYSTEM)
    assert db.execute(
        "SELECT r.member_no FROM members m JOIN members r ON r.id = m.referrer_id "
        "WHERE m.member_no = 'VK000001'"
    ).fetchone() == ("VK000007",)


def test_a_refused_referrer_refuses_the_chain_that_leans_on_it(db, tmp_path):
    f = tmp_path / "chain.csv"
    f.write_text(
        "会员号,姓名,手机号,介绍人会员号\n"
        "VK000001,甲,13800000001,VK000002\n"
        "VK000002,乙,13800000002,VK000003\n"
        "VK000003,丙,1.38E+10,\n",  # refused: the phone lost its digits
        encoding="utf-8",
    )
    plan = plan_import(db, f, kind="members")
    assert {(r.row, r.code) for r in plan.rejections} == {
        (4, "phone_digits_lost"),
        (3, "referrer_missing"),
        (2, "referrer_missing"),
    }
    assert plan.counts["new"] == 0


def test_a_new_referrer_for_a_member_shows_member_numbers(db, tmp_path):
    _store(db, tmp_path)
    f = tmp_path / "ref.csv"
    f.write_text("会员号,介绍人会员号\nVK000010,VK000011\n", encoding="utf-8")
    plan = plan_import(db, f, kind="members")
    [change] = plan.preview[0].changes
    assert (change.field, change.before, change.after, change.kind) == (
        "referrer_no",
        None,
        "VK000011",
        "fill",
    )
    apply_plan(db, plan=plan, actor=SYSTEM)
    again = plan_import(db, f, kind="members")
    assert again.counts["unchanged"] == 1 and again.preview == []
