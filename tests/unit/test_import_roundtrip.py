"""Lossless round trip (#15 item 4): every kind the store exports, imported into an
empty store made by ``python main.py init``, gives the same store figure by figure —
counts per table, net spend and points balance per member, each member's pyramid layer
and matrix cells. Run on the demo store, with a points ledger made first by the loyalty
programme's own backfill, expiry, a visit, an opening balance and an adjustment (the
demo has no ledger of its own)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from app import loyalty
from app.analytics.analysis import analyze
from app.analytics.rules import Rules
from app.core import SYSTEM
from app.db import open_db
from app.excel import KINDS
from app.excel.exporter import export
from app.excel.importer import import_file

ROOT = Path(__file__).resolve().parents[2]
TABLES = (
    "members",
    "member_family",
    "member_tags",
    "purchases",
    "purchase_items",
    "contacts",
    "points_ledger",
    "surveys",
    "survey_scores",
    "complaints",
)


def _with_ledger(db) -> None:
    if not loyalty.started(db):  # the demo store runs the programme from its first day
        first = db.execute("SELECT MIN(at) FROM purchases").fetchone()[0][:10]
        rules = loyalty.default_rules(db)
        loyalty.save_rules(db, actor=SYSTEM, rules=rules, effective_from=first)
        loyalty.backfill(db, actor=SYSTEM)
    loyalty.expire_points(db, actor=SYSTEM, today=dt.date.today())
    one, two = (r[0] for r in db.execute("SELECT id FROM members ORDER BY id LIMIT 2"))
    loyalty.record_visit(db, actor=SYSTEM, member_id=one)
    loyalty.add_opening_balance(
        db, actor=SYSTEM, member_id=two, points=300, at=dt.date.today().isoformat(), ref="旧系统"
    )
    loyalty.adjust_points(db, actor=SYSTEM, member_id=two, points=-20, note="顾客核对")


def _figures(db) -> dict:
    per_member = {
        no: (spend, points)
        for no, spend, points in db.execute(
            "SELECT m.member_no, "
            "(SELECT COALESCE(SUM(paid_fen), 0) FROM purchases p WHERE p.member_id = m.id), "
            "(SELECT COALESCE(SUM(delta), 0) FROM points_ledger l WHERE l.member_id = m.id) "
            "FROM members m"
        )
    }
    return {
        "counts": {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES},
        "per_member": per_member,
        "returns": db.execute(
            "SELECT COUNT(*) FROM purchases WHERE return_of IS NOT NULL"
        ).fetchone()[0],
        # the archive beyond the figures: consent, status and why lost, family, tags
        "archive": db.execute(
            "SELECT m.member_no, m.name, m.phone, m.consent_channels, m.consent_at, "
            "m.consent_notice_version, m.status, m.status_changed_at, m.lost_reason, "
            "m.lost_note, m.tier, m.birthday, m.birthday_calendar, m.joined_on, "
            "substr(m.verified_at, 1, 10), r.member_no, "
            "(SELECT group_concat(tag) FROM (SELECT tag FROM member_tags t "
            " WHERE t.member_id = m.id ORDER BY tag)), "
            "(SELECT group_concat(x) FROM (SELECT relation || coalesce(name, '') "
            " || coalesce(date, '') || calendar || leap "
            " || coalesce(note, '') AS x FROM member_family f WHERE f.member_id = m.id "
            " ORDER BY x)) "
            "FROM members m LEFT JOIN members r ON r.id = m.referrer_id ORDER BY m.member_no"
        ).fetchall(),
        "referred": db.execute(
            "SELECT COUNT(*) FROM members WHERE referrer_id IS NOT NULL"
        ).fetchone()[0],
    }


def _cells(db, rules: Rules, as_of: dt.date) -> dict[str, tuple]:
    seg = analyze(db, as_of=as_of, rules=rules, with_movement=False, store_snapshots=False)
    nos = dict(db.execute("SELECT id, member_no FROM members"))
    return {
        nos[int(m)]: (
            seg.code("layer", i),
            seg.code("loyalty_cell", i),
            seg.code("value_cell", i),
        )
        for i, m in enumerate(seg.facts.member_ids)
    }


# attendance only ticks guests of events the store already has (events are not an import
# kind): it reads back into the store it came from (tests/unit/test_import_attendance.py)
ROUNDTRIP_KINDS = [k for k in KINDS if k != "attendance"]


def test_every_export_reads_back_into_an_empty_store_figure_by_figure(demo_db, tmp_path):
    _with_ledger(demo_db)
    files = {}
    for kind in ROUNDTRIP_KINDS:
        files[kind] = export(
            demo_db, kind=kind, out=tmp_path / f"{kind}.xlsx", actor=SYSTEM, mask_phones=False
        ).path
    empty = tmp_path / "empty.db"
    made = subprocess.run(
        [sys.executable, "main.py", "init", "--db", str(empty)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    new = open_db(empty)
    try:
        for kind in ROUNDTRIP_KINDS:  # members first: every other kind names them
            plan, result = import_file(new, path=files[kind], kind=kind, actor=SYSTEM)
            assert plan.rejections == [], (kind, plan.rejections[:3])
            assert result is not None, kind
        before, after = _figures(demo_db), _figures(new)
        assert before["returns"] > 0 and before["referred"] > 0
        assert before["counts"]["member_family"] > 0 and before["counts"]["surveys"] > 0
        assert before["counts"]["points_ledger"] > 0
        assert after["counts"] == before["counts"]
        assert after["returns"] == before["returns"]
        assert after["referred"] == before["referred"]
        assert after["archive"] == before["archive"]
        differ = [k for k, v in before["per_member"].items() if after["per_member"].get(k) != v]
        assert differ == []
        rules, today = Rules.load(demo_db), dt.date.today()
        cells_before, cells_after = _cells(demo_db, rules, today), _cells(new, rules, today)
        assert cells_after == cells_before
        # and reading every file again changes nothing
        for kind in ROUNDTRIP_KINDS:
            plan, _ = import_file(new, path=files[kind], kind=kind, actor=SYSTEM, dry_run=True)
            assert plan.counts["new"] == plan.counts["updated"] == 0, (kind, plan.counts)
    finally:
        new.close()
